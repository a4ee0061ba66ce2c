import type { ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { Built } from "../base/manifest.ts";
import { patch } from "../patch.ts";
import {
  type ClusterRoleBindingOptions,
  type ClusterRoleOptions,
  clusterRole,
  clusterRoleBinding,
  clusterRoleBindingFor,
} from "./cluster-rbac.ts";
import { role } from "./rbac.ts";
import { serviceAccount } from "./service-account.ts";

const readNodes = { apiGroups: [""], resources: ["nodes", "pods"], verbs: ["get", "list", "watch"] };
const metrics = { nonResourceURLs: ["/metrics"], verbs: ["get"] };
const prometheus = { name: "prometheus", rules: [readNodes, metrics] } satisfies ClusterRoleOptions;
const account = { kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" } as const;
const binding = {
  name: "prometheus",
  roleRef: { name: "prometheus" },
  subjects: [account],
} satisfies ClusterRoleBindingOptions;

describe("clusterRole", () => {
  it("returns a ClusterRole of kubernetes-types", () => {
    expectTypeOf(clusterRole).returns.toEqualTypeOf<Built<ClusterRole>>();
  });

  it("writes resource and non-resource rules as given, with no namespace", () => {
    const r = clusterRole(prometheus);
    assertSchemaValid(r);
    expect(r.apiVersion).toBe("rbac.authorization.k8s.io/v1");
    expect(r.kind).toBe("ClusterRole");
    expect(r.metadata.namespace).toBeUndefined();
    expect(r.metadata.labels?.["app.kubernetes.io/name"]).toBe("prometheus");
    expect(r.rules).toEqual([readNodes, metrics]);
    expect(r.aggregationRule).toBeUndefined();
  });

  it("writes an aggregated ClusterRole with its selectors and no rules", () => {
    const r = clusterRole({
      name: "monitoring-view",
      aggregationRule: [{ "example.com/aggregate-to-monitoring": "true" }],
    });
    assertSchemaValid(r);
    expect(r.aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { "example.com/aggregate-to-monitoring": "true" } }],
    });
    expect(r.rules).toBeUndefined();
  });

  it("takes a patch, checked like a built ClusterRole", () => {
    expect(
      clusterRole({ ...prometheus, patch: { metadata: { annotations: { a: "b" } } } }).metadata.annotations,
    ).toEqual({
      a: "b",
    });
    expectIssue(
      () => patch(clusterRole(prometheus), { metadata: { namespace: "monitoring" } }),
      "conflicting_options",
      "metadata.namespace",
    );
    expectIssue(
      () =>
        patch(clusterRole(prometheus), {
          rules: [{ nonResourceURLs: ["/metrics"], resources: ["pods"], verbs: ["get"] }],
        }),
      "conflicting_options",
      "rules[0].resources",
    );
  });

  it("patch() keeps an aggregation's selectors as the builder writes them (found by the API-server oracle)", () => {
    const aggregated = clusterRole({ name: "agg", aggregationRule: [{ "example.com/aggregate": "true" }] });
    expectIssue(
      () => patch(aggregated, { aggregationRule: { clusterRoleSelectors: [] } }),
      "too_small",
      "aggregationRule.clusterRoleSelectors",
    );
    expectIssue(
      () => patch(aggregated, { aggregationRule: { clusterRoleSelectors: [{}] } }),
      "too_small",
      "aggregationRule.clusterRoleSelectors[0]",
    );
    expectIssue(
      () => patch(aggregated, { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }),
      "conflicting_options",
      "rules",
    );
    expectIssue(() => patch(aggregated, { aggregationRule: null }), "required", "rules");
    expectIssue(
      () => patch(clusterRole(prometheus), { rules: [{ nonResourceURLs: ["/metrics"], verbs: [] }] }),
      "too_small",
      "rules[0].verbs",
    );
    expectIssue(
      () => clusterRole({ ...prometheus, patch: { aggregationRule: { clusterRoleSelectors: null } } }),
      "too_small",
      "patch.aggregationRule.clusterRoleSelectors",
    );
  });

  it.each([
    { options: { name: "a" }, code: "required", path: "rules" },
    { options: { ...prometheus, namespace: "monitoring" }, code: "unknown_option", path: "namespace" },
    {
      options: { ...prometheus, aggregationRule: [{ a: "b" }] },
      code: "conflicting_options",
      path: "rules",
    },
    { options: { name: "a", aggregationRule: [{}] }, code: "too_small", path: "aggregationRule[0]" },
    { options: { name: "a", rules: [{ verbs: ["get"] }] }, code: "required", path: "rules[0].apiGroups" },
    {
      options: { name: "a", rules: [{ apiGroups: [""], verbs: ["get"] }] },
      code: "required",
      path: "rules[0].resources",
    },
    {
      options: { name: "a", rules: [{ ...readNodes, nonResourceURLs: ["/metrics"] }] },
      code: "conflicting_options",
      path: "rules[0].apiGroups",
    },
    {
      options: { name: "a", rules: [{ nonResourceURLs: ["metrics"], verbs: ["get"] }] },
      code: "invalid_format",
      path: "rules[0].nonResourceURLs[0]",
    },
    {
      options: { name: "a", rules: [{ ...readNodes, verbs: [] }] },
      code: "too_small",
      path: "rules[0].verbs",
    },
    {
      options: { name: "a", rules: [{ ...readNodes, verbs: ["GET"] }] },
      code: "invalid_format",
      path: "rules[0].verbs[0]",
    },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => clusterRole(options as ClusterRoleOptions), code, path);
  });
});

describe("clusterRoleBinding", () => {
  it("returns a ClusterRoleBinding of kubernetes-types", () => {
    expectTypeOf(clusterRoleBinding).returns.toEqualTypeOf<Built<ClusterRoleBinding>>();
  });

  it("grants a ClusterRole to its subjects, with no namespace", () => {
    const b = clusterRoleBinding({ ...binding, subjects: [account, { kind: "Group", name: "sre" }] });
    assertSchemaValid(b);
    expect(b.metadata.namespace).toBeUndefined();
    expect(b.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "prometheus",
    });
    expect(b.subjects).toEqual([
      { kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" },
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "sre" },
    ]);
  });

  it("patch() refuses a ClusterRoleBinding to a Role", () => {
    expectIssue(
      () => patch(clusterRoleBinding(binding), { roleRef: { kind: "Role" } }),
      "invalid_value",
      "roleRef.kind",
    );
  });

  it.each([
    {
      options: { ...binding, roleRef: { kind: "Role", name: "a" } },
      code: "invalid_value",
      path: "roleRef.kind",
    },
    { options: { ...binding, namespace: "monitoring" }, code: "unknown_option", path: "namespace" },
    { options: { ...binding, subjects: [] }, code: "too_small", path: "subjects" },
    {
      options: { ...binding, subjects: [{ kind: "ServiceAccount", name: "prometheus" }] },
      code: "required",
      path: "subjects[0].namespace",
    },
    { options: { ...binding, subjects: [account, account] }, code: "duplicate", path: "subjects[1]" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => clusterRoleBinding(options as ClusterRoleBindingOptions), code, path);
  });
});

describe("clusterRoleBindingFor", () => {
  const sa = serviceAccount({ name: "prometheus", namespace: "monitoring" });

  it("takes its name and labels from the ClusterRole and its subjects from the ServiceAccounts", () => {
    const r = clusterRole({ ...prometheus, partOf: "monitoring" });
    const b = clusterRoleBindingFor(r, { serviceAccounts: [sa] });
    assertSchemaValid(b);
    expect(b.metadata).toEqual({ name: "prometheus", labels: r.metadata.labels });
    expect(b.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: "prometheus",
    });
    expect(b.subjects).toEqual([{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }]);
  });

  it("refuses a ServiceAccount without a namespace", () => {
    expectIssue(
      () =>
        clusterRoleBindingFor(clusterRole(prometheus), { serviceAccounts: [serviceAccount({ name: "x" })] }),
      "required",
      "serviceAccounts[0]",
    );
  });

  it("refuses a Role (a RoleBinding grants it: roleBindingFor)", () => {
    const r = role({ name: "a", namespace: "b", rules: [readNodes] });
    expect(
      builderError(() => clusterRoleBindingFor(r as unknown as ClusterRole, { serviceAccounts: [sa] }))
        .issues,
    ).toEqual([expect.objectContaining({ code: "invalid_object", path: "clusterRole" })]);
  });
});
