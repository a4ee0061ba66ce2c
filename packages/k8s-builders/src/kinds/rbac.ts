/**
 * Role and RoleBinding (rbac.authorization.k8s.io/v1): namespaced permissions, each rule spelled out
 * (API groups, resources, verbs) so a reader sees exactly what is granted. `roleBindingFor` derives the
 * binding from the Role and ServiceAccount objects themselves, so names and namespaces cannot drift.
 */
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built, BuiltMeta } from "../base/manifest.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { parseOptions, valueIssues } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import {
  accountSubjectsOf,
  BINDING_DOCS,
  bindingObjectIssues,
  buildRule,
  buildSubject,
  nonEmptyList,
  policyRuleSchema,
  RBAC_API,
  RBAC_DOCS,
  RBAC_GROUP,
  roleSource,
  serviceAccountsOption,
  subjectRules,
  subjectSchema,
} from "./rbac-rules.ts";

/** The schema of {@link RoleOptions} (built on first use). */
export const RoleOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** What the Role allows, rule by rule (at least one). */
  rules: required(nonEmptyList(policyRuleSchema(), "rule"), {
    description: "What the Role allows, rule by rule (at least one).",
    k8s: RBAC_DOCS,
  }),
  ...patchShape<Built<Role>>(),
}));

/** Options of {@link role}. */
export type RoleOptions = z.input<typeof RoleOptionsSchema>;

/**
 * Builds a namespaced Role.
 *
 * @example
 * role({ name: "prometheus", namespace: "call-center",
 *   rules: [{ apiGroups: [""], resources: ["services", "pods"], verbs: ["get", "list", "watch"] }] });
 */
export function role(options: RoleOptions): Built<Role> {
  const o = parseOptions("role", RoleOptionsSchema, options);
  const built: Built<Role> = {
    apiVersion: RBAC_API,
    kind: "Role",
    metadata: objectMeta(o),
    rules: o.rules.map(buildRule),
  };
  return patched("role", built, o.patch, ROLE_CHECKS);
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** What the checks of a built or patched Role add to every object's: each rule as the `rules` option takes it. */
export const ROLE_CHECKS: KindChecks = {
  rules: (o) =>
    list(o.rules).length === 0
      ? [
          {
            path: ["rules"],
            code: "too_small",
            message: "expected at least one rule: a Role without rules grants nothing",
          },
        ]
      : list(o.rules).flatMap((r, i) => valueIssues(policyRuleSchema(), r, ["rules", i])),
};

/** What the checks of a built or patched RoleBinding add to every object's: its roleRef and subjects. */
export const ROLE_BINDING_CHECKS: KindChecks = {
  rules: (o) => bindingObjectIssues(o, ["Role", "ClusterRole"]),
};

const roleRefSchema = objectSchema(() => ({
  /**
   * A Role of the binding's namespace, or a ClusterRole granted only within that namespace.
   * @default "Role"
   */
  kind: option(z.enum(["Role", "ClusterRole"]), {
    description: "A Role of the binding's namespace, or a ClusterRole granted only within that namespace.",
    default: "Role",
    k8s: BINDING_DOCS,
  }),
  /** Name of the Role or ClusterRole. */
  name: required(dnsSubdomain, { description: "Name of the Role or ClusterRole.", k8s: BINDING_DOCS }),
}));

/** The schema of {@link RoleBindingOptions} (built on first use). */
export const RoleBindingOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** The role granted. Immutable once created: a binding to another role needs a new binding. */
  roleRef: required(roleRefSchema(), {
    description: "The role granted. Immutable once created: a binding to another role needs a new binding.",
    k8s: BINDING_DOCS,
  }),
  /** Who is granted the role (at least one). */
  subjects: required(nonEmptyList(subjectSchema(), "subject"), {
    description: "Who is granted the role (at least one).",
    k8s: BINDING_DOCS,
  }),
  ...patchShape<Built<RoleBinding>>(),
}));

/** Options of {@link roleBinding}. */
export type RoleBindingOptions = z.input<typeof RoleBindingOptionsSchema>;
type ParsedRoleBinding = z.output<typeof RoleBindingOptionsSchema>;

function buildBinding(o: ParsedRoleBinding, metadata: BuiltMeta): Built<RoleBinding> {
  return {
    apiVersion: RBAC_API,
    kind: "RoleBinding",
    metadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: o.roleRef.kind, name: o.roleRef.name },
    subjects: o.subjects.map(buildSubject),
  };
}

/**
 * Builds a RoleBinding: grants a Role (or a ClusterRole, within this namespace only) to its subjects.
 *
 * @example
 * roleBinding({ name: "prometheus", namespace: "call-center", roleRef: { name: "prometheus" },
 *   subjects: [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }] });
 */
export function roleBinding(options: RoleBindingOptions): Built<RoleBinding> {
  const o = parseOptions("roleBinding", RoleBindingOptionsSchema, options, subjectRules);
  return patched("roleBinding", buildBinding(o, objectMeta(o)), o.patch, ROLE_BINDING_CHECKS);
}

/** The schema of {@link RoleBindingForOptions} (built on first use). */
export const RoleBindingForOptionsSchema = lazyObject(() => {
  const { labels, annotations } = metaShape();
  return {
    /** Name of the RoleBinding. @default the Role's name */
    name: option(dnsSubdomain, {
      description: "Name of the RoleBinding.",
      derived: "the Role's name",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    /** ServiceAccounts granted the Role, as built objects; each must have a namespace or share the Role's. */
    serviceAccounts: serviceAccountsOption(
      "ServiceAccounts granted the Role, as built objects; each must have a namespace or share the Role's.",
    ),
    labels,
    annotations,
    ...patchShape<Built<RoleBinding>>(),
  };
});

/** Options of {@link roleBindingFor}. */
export type RoleBindingForOptions = z.input<typeof RoleBindingForOptionsSchema>;

/**
 * Derives the RoleBinding that grants a Role to ServiceAccounts: the binding's name, namespace and labels come
 * from the Role, each subject's name and namespace from its ServiceAccount (an account without a namespace is
 * taken to live in the Role's namespace).
 *
 * @example
 * roleBindingFor(role(roleOpts), { serviceAccounts: [serviceAccount({ name: "prometheus", namespace: "monitoring" })] });
 */
export function roleBindingFor(target: Role, options: RoleBindingForOptions): Built<RoleBinding> {
  const role = roleSource("roleBindingFor", "role", "Role", target);
  const o = parseOptions("roleBindingFor", RoleBindingForOptionsSchema, options);
  const namespace = role.metadata.namespace;
  const name = o.name ?? role.name;
  const subjects = accountSubjectsOf(
    "roleBindingFor",
    name,
    o.serviceAccounts,
    namespace,
    ", nor has the Role",
  );
  const metadata = {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { ...(role.metadata.labels ?? {}), ...(o.labels ?? {}) },
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  const built = buildBinding({ name, roleRef: { kind: "Role", name: role.name }, subjects }, metadata);
  return patched("roleBindingFor", built, o.patch, ROLE_BINDING_CHECKS);
}
