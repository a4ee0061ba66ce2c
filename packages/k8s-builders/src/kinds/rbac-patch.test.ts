// The `patch` option of role, roleBinding, roleBindingFor and clusterRoleBindingFor, and `patch()` on Roles and
// RoleBindings: an unmodelled field is set; a patch that breaks one of the builder's rules is refused with its
// path inside the patch, by the option and by `patch()` alike.
import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { clusterRole, clusterRoleBindingFor } from "./cluster-rbac.ts";
import { role, roleBinding, roleBindingFor } from "./rbac.ts";
import { serviceAccount } from "./service-account.ts";

const rules = [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }];
const reader = () => role({ name: "reader", namespace: "shop", rules });
const account = serviceAccount({ name: "app", namespace: "shop" });

describe("role: patch", () => {
  it("adds a rule through the patch option", () => {
    const r = role({
      name: "reader",
      namespace: "shop",
      rules,
      patch: { rules: [...rules, { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] }] },
    });
    assertSchemaValid(r);
    expect(r.rules).toHaveLength(2);
  });

  it("refuses a rule with a bad verb, under patch", () => {
    expectIssue(
      () =>
        role({
          name: "reader",
          namespace: "shop",
          rules,
          patch: { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["GET"] }] },
        }),
      "invalid_format",
      "patch.rules[0].verbs[0]",
    );
  });

  it("refuses non-resource URLs in a Role (only a ClusterRole has them), in patch() too", () => {
    expectIssue(
      () => patch(reader(), { rules: [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }] }),
      "unknown_option",
      "rules[0].nonResourceURLs",
    );
  });

  it("refuses a Role patched to have no rules", () => {
    expectIssue(() => patch(reader(), { rules: [] }), "too_small", "rules");
  });
});

describe("roleBinding, roleBindingFor: patch", () => {
  const binding = () =>
    roleBinding({
      name: "b",
      namespace: "shop",
      roleRef: { name: "reader" },
      subjects: [{ kind: "ServiceAccount", name: "app", namespace: "shop" }],
    });

  it("adds an annotation through the patch option of roleBindingFor", () => {
    const b = roleBindingFor(reader(), {
      serviceAccounts: [account],
      patch: { metadata: { annotations: { owner: "team-a" } } },
    });
    assertSchemaValid(b);
    expect(b.metadata.annotations).toEqual({ owner: "team-a" });
  });

  it("refuses a subject listed twice, under patch", () => {
    expectIssue(
      () =>
        roleBindingFor(reader(), {
          serviceAccounts: [account],
          patch: {
            subjects: [
              { kind: "ServiceAccount", name: "app", namespace: "shop" },
              { kind: "ServiceAccount", name: "app", namespace: "shop" },
            ],
          },
        }),
      "duplicate",
      "patch.subjects[1]",
    );
  });

  // Found by the API-server oracle: the server requires the RBAC group on a roleRef and on a User or Group.
  it("refuses a roleRef apiGroup other than the RBAC group, in patch()", () => {
    expectIssue(
      () => patch(binding(), { roleRef: { apiGroup: "apps" } }),
      "invalid_value",
      "roleRef.apiGroup",
    );
  });

  it("refuses a Group subject of another apiGroup, and a subject kind the API does not know, in patch()", () => {
    const b = roleBinding({
      name: "b",
      namespace: "shop",
      roleRef: { name: "reader" },
      subjects: [{ kind: "Group", name: "ops" }],
    });
    expectIssue(
      () => patch(b, { subjects: [{ kind: "Group", name: "ops", apiGroup: "a.b" }] }),
      "invalid_value",
      "subjects[0].apiGroup",
    );
    expectIssue(
      () => patch(b, { subjects: [{ kind: "Team", name: "ops" }] }),
      "invalid_type",
      "subjects[0].kind",
    );
  });

  it("refuses a roleRef kind other than Role or ClusterRole, in patch() too", () => {
    expectIssue(() => patch(binding(), { roleRef: { kind: "Namespace" } }), "invalid_value", "roleRef.kind");
  });
});

describe("clusterRoleBindingFor: patch", () => {
  const viewer = () => clusterRole({ name: "viewer", rules });

  it("adds a label through the patch option", () => {
    const b = clusterRoleBindingFor(viewer(), {
      serviceAccounts: [account],
      patch: { metadata: { labels: { tier: "ops" } } },
    });
    assertSchemaValid(b);
    expect(b.metadata.labels).toMatchObject({ tier: "ops" });
  });

  it("refuses a roleRef kind other than ClusterRole, under patch", () => {
    expectIssue(
      () =>
        clusterRoleBindingFor(viewer(), { serviceAccounts: [account], patch: { roleRef: { kind: "Role" } } }),
      "invalid_value",
      "patch.roleRef.kind",
    );
  });
});
