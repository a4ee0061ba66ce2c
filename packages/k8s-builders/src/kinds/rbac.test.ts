import { describe, expect, it } from "vitest";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { type RoleBindingOptions, type RoleOptions, role, roleBinding, roleBindingFor } from "./rbac.ts";
import { serviceAccount } from "./service-account.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

const readPods = { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] };

describe("role", () => {
  it("writes every rule as given, in order, with the recommended labels", () => {
    const r = role({
      name: "prometheus",
      namespace: "call-center",
      partOf: "call-center",
      rules: [
        readPods,
        {
          apiGroups: ["discovery.k8s.io"],
          resources: ["endpointslices"],
          verbs: ["list"],
          resourceNames: ["api"],
        },
      ],
    });
    assertSchemaValid(r);
    expect(r.apiVersion).toBe("rbac.authorization.k8s.io/v1");
    expect(r.kind).toBe("Role");
    expect(r.metadata).toEqual({
      name: "prometheus",
      namespace: "call-center",
      labels: {
        "app.kubernetes.io/name": "prometheus",
        "app.kubernetes.io/instance": "prometheus",
        "app.kubernetes.io/part-of": "call-center",
        "app.kubernetes.io/managed-by": "k8s-builders",
      },
    });
    expect(r.rules).toEqual([
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
      {
        apiGroups: ["discovery.k8s.io"],
        resources: ["endpointslices"],
        resourceNames: ["api"],
        verbs: ["list"],
      },
    ]);
  });

  it("accepts subresources and wildcards", () => {
    const r = role({
      name: "logs",
      rules: [{ apiGroups: ["*"], resources: ["pods/log", "*"], verbs: ["*"] }],
    });
    assertSchemaValid(r);
    expect(r.rules?.[0]).toEqual({ apiGroups: ["*"], resources: ["pods/log", "*"], verbs: ["*"] });
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    { name: "no rules", options: { name: "r", rules: [] }, code: "too_small", path: "rules" },
    {
      name: "empty apiGroups",
      options: { name: "r", rules: [{ ...readPods, apiGroups: [] }] },
      code: "too_small",
      path: "rules[0].apiGroups",
    },
    {
      name: "empty resources",
      options: { name: "r", rules: [{ ...readPods, resources: [] }] },
      code: "too_small",
      path: "rules[0].resources",
    },
    {
      name: "empty verbs",
      options: { name: "r", rules: [readPods, { ...readPods, verbs: [] }] },
      code: "too_small",
      path: "rules[1].verbs",
    },
    {
      name: "upper-case verb",
      options: { name: "r", rules: [{ ...readPods, verbs: ["GET"] }] },
      code: "invalid_format",
      path: "rules[0].verbs[0]",
    },
    {
      name: "resource with a kind instead of a plural",
      options: { name: "r", rules: [{ ...readPods, resources: ["Pod"] }] },
      code: "invalid_format",
      path: "rules[0].resources[0]",
    },
    {
      name: "apiGroup with a version",
      options: { name: "r", rules: [{ ...readPods, apiGroups: ["apps/v1"] }] },
      code: "invalid_format",
      path: "rules[0].apiGroups[0]",
    },
    {
      name: "misspelt option",
      options: { name: "r", rules: [{ ...readPods, verb: ["get"] }] },
      code: "unknown_option",
      path: "rules[0].verb",
    },
    { name: "missing rules", options: { name: "r" }, code: "required", path: "rules" },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => role(options as RoleOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });

  it("reports every problem at once", () => {
    const issues = issuesOf(() => role({ name: "r", rules: [{ apiGroups: [], resources: [], verbs: [] }] }));
    expect(issues.map((i) => i.path)).toEqual(["rules[0].apiGroups", "rules[0].resources", "rules[0].verbs"]);
  });
});

describe("roleBinding", () => {
  const base = {
    name: "prometheus",
    namespace: "call-center",
    roleRef: { name: "prometheus" },
    subjects: [{ kind: "ServiceAccount" as const, name: "prometheus", namespace: "monitoring" }],
  };

  it("binds a Role (by default) to ServiceAccounts, users and groups", () => {
    const b = roleBinding({
      ...base,
      subjects: [
        ...base.subjects,
        { kind: "User", name: "jane@example.com" },
        { kind: "Group", name: "sre" },
      ],
    });
    assertSchemaValid(b);
    expect(b.kind).toBe("RoleBinding");
    expect(b.metadata?.namespace).toBe("call-center");
    expect(b.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "prometheus" });
    expect(b.subjects).toEqual([
      { kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" },
      { kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "jane@example.com" },
      { kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "sre" },
    ]);
  });

  it("can grant a ClusterRole within its namespace", () => {
    const b = roleBinding({ ...base, roleRef: { kind: "ClusterRole", name: "view" } });
    assertSchemaValid(b);
    expect(b.roleRef.kind).toBe("ClusterRole");
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "a ServiceAccount without namespace",
      options: { ...base, subjects: [{ kind: "ServiceAccount", name: "prometheus" }] },
      code: "required",
      path: "subjects[0].namespace",
    },
    { name: "no subjects", options: { ...base, subjects: [] }, code: "too_small", path: "subjects" },
    {
      name: "an unknown subject kind",
      options: { ...base, subjects: [{ kind: "Robot", name: "r2" }] },
      code: "invalid_type",
      path: "subjects[0].kind",
    },
    {
      name: "a duplicate subject",
      options: { ...base, subjects: [...base.subjects, ...base.subjects] },
      code: "duplicate",
      path: "subjects[1]",
    },
    {
      name: "a roleRef of another kind",
      options: { ...base, roleRef: { kind: "Pod", name: "x" } },
      code: "invalid_value",
      path: "roleRef.kind",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => roleBinding(options as RoleBindingOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});

describe("roleBindingFor", () => {
  const r = role({ name: "prometheus", namespace: "call-center", partOf: "call-center", rules: [readPods] });

  it("reads the Role's name, namespace and labels and each account's name and namespace", () => {
    const sa = serviceAccount({ name: "prometheus", namespace: "monitoring" });
    const b = roleBindingFor(r, { serviceAccounts: [sa] });
    assertSchemaValid(b);
    expect(b.metadata).toEqual({ name: "prometheus", namespace: "call-center", labels: r.metadata?.labels });
    expect(b.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "prometheus" });
    expect(b.subjects).toEqual([{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }]);
  });

  it("takes an account without namespace to live in the Role's namespace", () => {
    const b = roleBindingFor(r, { name: "reader", serviceAccounts: [serviceAccount({ name: "app" })] });
    expect(b.metadata?.name).toBe("reader");
    expect(b.subjects).toEqual([{ kind: "ServiceAccount", name: "app", namespace: "call-center" }]);
  });

  it("refuses an account when neither it nor the Role has a namespace", () => {
    const bare = role({ name: "r", rules: [readPods] });
    expect(
      issuesOf(() => roleBindingFor(bare, { serviceAccounts: [serviceAccount({ name: "app" })] })),
    ).toEqual([expect.objectContaining({ code: "required", path: "serviceAccounts[0]" })]);
  });

  it("refuses something that is not a Role", () => {
    const notRole = { kind: "ClusterRole", metadata: { name: "x" } } as unknown as typeof r;
    expect(issuesOf(() => roleBindingFor(notRole, { serviceAccounts: [] }))).toEqual([
      expect.objectContaining({ code: "invalid_object", path: "role" }),
    ]);
  });

  it("refuses an empty list of accounts", () => {
    expect(issuesOf(() => roleBindingFor(r, { serviceAccounts: [] }))).toEqual([
      expect.objectContaining({ code: "too_small", path: "serviceAccounts" }),
    ]);
  });
});
