/**
 * Role and RoleBinding (rbac.authorization.k8s.io/v1): namespaced permissions, each rule spelled out
 * (API groups, resources, verbs) so a reader sees exactly what is granted. `roleBindingFor` derives the
 * binding from the Role and ServiceAccount objects themselves, so names and namespaces cannot drift.
 */
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import type { PolicyRule, Role, RoleBinding, Subject } from "kubernetes-types/rbac/v1.js";
import * as z from "zod/mini";
import { formatPath, inputText, K8sBuilderError } from "../base/errors.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built, BuiltMeta } from "../base/manifest.ts";
import { k8sApi, k8sDocs, lazyObject, objectSchema, once, option, required } from "../base/options.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { metadataProblem } from "../base/source-object.ts";
import { invalidSource, parseOptions, type RuleIssue } from "../base/validate.ts";

const RBAC_API = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";

function nonEmptyList<T extends z.ZodMiniType>(item: T, what: string) {
  return z.array(item).check(z.minLength(1, { error: `expected at least one ${what}` }));
}

const RBAC_DOCS = k8sDocs("reference/access-authn-authz/rbac", "role-and-clusterrole");
const BINDING_DOCS = k8sDocs("reference/access-authn-authz/rbac", "rolebinding-and-clusterrolebinding");

const apiGroup = () =>
  z.string().check(
    z.regex(/^(|\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/, {
      error: (i) =>
        `"${inputText(i.input)}" is not an API group: "" for the core group, a DNS name such as "apps" or "discovery.k8s.io", or "*"`,
    }),
  );
const resource = () =>
  z.string().check(
    z.regex(/^(\*|[a-z][a-z0-9.-]*)(\/(\*|[a-z][a-z0-9-]*))?$/, {
      error: (i) =>
        `"${inputText(i.input)}" is not a resource: a lowercase plural such as "pods", a subresource such as "pods/log", or "*"`,
    }),
  );
const verb = () =>
  z.string().check(
    z.regex(/^(\*|[a-z]+)$/, {
      error: (i) =>
        `"${inputText(i.input)}" is not a verb: lowercase letters such as "get", "list", "watch", or "*"`,
    }),
  );

/** One rule of a Role: API groups, resources and verbs, each spelled out. */
const policyRuleSchema = objectSchema(() => ({
  /** API groups of the resources: `""` is the core group (pods, services…). At least one. */
  apiGroups: required(nonEmptyList(apiGroup(), 'API group ("" for the core group)'), {
    description: 'API groups of the resources: `""` is the core group (pods, services…). At least one.',
    k8s: RBAC_DOCS,
  }),
  /** Resources, e.g. `pods`, `endpointslices`, `pods/log`. At least one. */
  resources: required(nonEmptyList(resource(), "resource"), {
    description: "Resources, e.g. `pods`, `endpointslices`, `pods/log`. At least one.",
    k8s: RBAC_DOCS,
  }),
  /** Verbs, e.g. `get`, `list`, `watch`. At least one; prefer read-only verbs. */
  verbs: required(nonEmptyList(verb(), "verb"), {
    description: "Verbs, e.g. `get`, `list`, `watch`. At least one; prefer read-only verbs.",
    k8s: RBAC_DOCS,
  }),
  /** Restrict the rule to these object names. @default unset (every object of the resources) */
  resourceNames: option(nonEmptyList(dnsSubdomain, "resource name"), {
    description: "Restrict the rule to these object names.",
    unset: "every object of the resources",
    k8s: RBAC_DOCS,
  }),
}));

/** The schema of one rule of a Role (built on first use). */
export const PolicyRuleSchema = z.lazy(policyRuleSchema);

/** One rule of a Role. */
export type PolicyRuleOptions = z.input<typeof PolicyRuleSchema>;

/** The schema of {@link RoleOptions} (built on first use). */
export const RoleOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** What the Role allows, rule by rule (at least one). */
  rules: required(nonEmptyList(policyRuleSchema(), "rule"), {
    description: "What the Role allows, rule by rule (at least one).",
    k8s: RBAC_DOCS,
  }),
}));

/** Options of {@link role}. */
export type RoleOptions = z.input<typeof RoleOptionsSchema>;

function buildRule(r: z.output<ReturnType<typeof policyRuleSchema>>): PolicyRule {
  return {
    apiGroups: [...r.apiGroups],
    resources: [...r.resources],
    ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
    verbs: [...r.verbs],
  };
}

/**
 * Builds a namespaced Role.
 *
 * @example
 * role({ name: "prometheus", namespace: "call-center",
 *   rules: [{ apiGroups: [""], resources: ["services", "pods"], verbs: ["get", "list", "watch"] }] });
 */
export function role(options: RoleOptions): Built<Role> {
  const o = parseOptions("role", RoleOptionsSchema, options);
  return {
    apiVersion: RBAC_API,
    kind: "Role",
    metadata: objectMeta(o),
    rules: o.rules.map(buildRule),
  };
}

const accountSubject = objectSchema(() => ({
  /** A ServiceAccount: the identity of pods. */
  kind: required(z.literal("ServiceAccount"), {
    description: "A ServiceAccount: the identity of pods.",
    k8s: BINDING_DOCS,
  }),
  /** The ServiceAccount's name. */
  name: required(dnsSubdomain, { description: "The ServiceAccount's name.", k8s: BINDING_DOCS }),
  /** The ServiceAccount's namespace; required, since a binding may grant to accounts of other namespaces. */
  namespace: required(dnsSubdomain, {
    description:
      "The ServiceAccount's namespace; required, since a binding may grant to accounts of other namespaces.",
    k8s: BINDING_DOCS,
  }),
}));
const userSubject = objectSchema(() => ({
  /** A user, as named by the cluster's authenticator. */
  kind: required(z.literal("User"), {
    description: "A user, as named by the cluster's authenticator.",
    k8s: BINDING_DOCS,
  }),
  /** The user's name. */
  name: required(z.string().check(z.minLength(1, { error: "expected a user name" })), {
    description: "The user's name.",
    k8s: BINDING_DOCS,
  }),
}));
const groupSubject = objectSchema(() => ({
  /** A group, as named by the cluster's authenticator. */
  kind: required(z.literal("Group"), {
    description: "A group, as named by the cluster's authenticator.",
    k8s: BINDING_DOCS,
  }),
  /** The group's name. */
  name: required(z.string().check(z.minLength(1, { error: "expected a group name" })), {
    description: "The group's name.",
    k8s: BINDING_DOCS,
  }),
}));

const subjectSchema = once(() =>
  z.discriminatedUnion("kind", [accountSubject(), userSubject(), groupSubject()]),
);

/** The schema of a subject of a RoleBinding: a ServiceAccount (with its namespace), a User or a Group. */
export const SubjectSchema = z.lazy(subjectSchema);

/** A subject of a RoleBinding: a ServiceAccount (with its namespace), a User or a Group. */
export type SubjectOptions = z.input<typeof SubjectSchema>;

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
}));

/** Options of {@link roleBinding}. */
export type RoleBindingOptions = z.input<typeof RoleBindingOptionsSchema>;
type ParsedRoleBinding = z.output<typeof RoleBindingOptionsSchema>;

function subjectRules(p: Pick<ParsedRoleBinding, "subjects">): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  p.subjects.forEach((s, i) => {
    const key = `${s.kind}/${"namespace" in s ? s.namespace : ""}/${s.name}`;
    if (seen.has(key)) {
      issues.push({
        path: ["subjects", i],
        code: "duplicate",
        message: `subject ${key} is listed twice`,
      });
    }
    seen.add(key);
  });
  return issues;
}

function buildSubject(s: z.output<ReturnType<typeof subjectSchema>>): Subject {
  return s.kind === "ServiceAccount"
    ? { kind: "ServiceAccount", name: s.name, namespace: s.namespace }
    : { kind: s.kind, apiGroup: RBAC_GROUP, name: s.name };
}

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
  return buildBinding(o, objectMeta(o));
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
    serviceAccounts: required(
      nonEmptyList(
        z.custom<ServiceAccount>(
          (v) =>
            v !== null &&
            typeof v === "object" &&
            (v as ServiceAccount).kind === "ServiceAccount" &&
            metadataProblem((v as ServiceAccount).metadata) === undefined,
          { error: "expected a ServiceAccount object (kind ServiceAccount with metadata.name)" },
        ),
        "ServiceAccount",
      ),
      {
        description:
          "ServiceAccounts granted the Role, as built objects; each must have a namespace or share the Role's.",
        k8s: BINDING_DOCS,
      },
    ),
    labels,
    annotations,
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
  const roleName = target?.metadata?.name;
  if (
    target === null ||
    typeof target !== "object" ||
    target.kind !== "Role" ||
    typeof roleName !== "string"
  ) {
    throw invalidSource(
      "roleBindingFor",
      "role",
      "expected a Role built by this library (with metadata.name)",
    );
  }
  const problem = metadataProblem(target.metadata);
  if (problem !== undefined) throw invalidSource("roleBindingFor", "role", `the Role has ${problem}`);
  const o = parseOptions("roleBindingFor", RoleBindingForOptionsSchema, options);
  const namespace = target.metadata?.namespace;
  const name = o.name ?? roleName;
  const issues: RuleIssue[] = [];
  const subjects = o.serviceAccounts.flatMap((sa, i) => {
    const ns = sa.metadata?.namespace ?? namespace;
    if (ns === undefined) {
      issues.push({
        path: ["serviceAccounts", i],
        code: "required",
        message: `ServiceAccount "${sa.metadata?.name}" has no namespace, nor has the Role: a binding needs the account's namespace`,
      });
      return [];
    }
    return [{ kind: "ServiceAccount" as const, name: sa.metadata?.name ?? "", namespace: ns }];
  });
  issues.push(
    ...subjectRules({ subjects }).map((r) => ({ ...r, path: ["serviceAccounts", ...r.path.slice(1)] })),
  );
  if (issues.length > 0) {
    throw new K8sBuilderError(
      "roleBindingFor",
      name,
      issues.map((r) => ({ path: formatPath(r.path), code: r.code, message: r.message })),
    );
  }
  const metadata = {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { ...(target.metadata?.labels ?? {}), ...(o.labels ?? {}) },
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  return buildBinding({ name, roleRef: { kind: "Role", name: roleName }, subjects }, metadata);
}
