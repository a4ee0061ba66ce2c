/**
 * The parts RoleBindings and ClusterRoleBindings, Roles and ClusterRoles share (rbac.authorization.k8s.io/v1): a
 * rule's API groups, resources and verbs, the subjects of a binding and their rules, and the ServiceAccounts the
 * `*For` derivations take. One implementation for rbac.ts and cluster-rbac.ts.
 */

import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { PolicyRule, Subject } from "kubernetes-types/rbac/v1.js";
import * as z from "zod/mini";
import { formatPath, inputText, K8sBuilderError } from "../base/errors.ts";
import { k8sDocs, objectSchema, once, option, required } from "../base/options.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { metadataProblem } from "../base/source-object.ts";
import { invalidSource, type RuleIssue, valueIssues } from "../base/validate.ts";

export const RBAC_API = "rbac.authorization.k8s.io/v1";
export const RBAC_GROUP = "rbac.authorization.k8s.io";

export function nonEmptyList<T extends z.ZodMiniType>(item: T, what: string) {
  return z.array(item).check(z.minLength(1, { error: `expected at least one ${what}` }));
}

export const RBAC_DOCS = k8sDocs("reference/access-authn-authz/rbac", "role-and-clusterrole");
export const BINDING_DOCS = k8sDocs(
  "reference/access-authn-authz/rbac",
  "rolebinding-and-clusterrolebinding",
);

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
export const policyRuleSchema = objectSchema(() => ({
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

/** A rule as written: resources (API groups, resources, names) or non-resource URLs, and verbs. */
export function buildRule(r: {
  apiGroups?: readonly string[] | undefined;
  resources?: readonly string[] | undefined;
  resourceNames?: readonly string[] | undefined;
  nonResourceURLs?: readonly string[] | undefined;
  verbs: readonly string[];
}): PolicyRule {
  return {
    ...(r.apiGroups === undefined ? {} : { apiGroups: [...r.apiGroups] }),
    ...(r.resources === undefined ? {} : { resources: [...r.resources] }),
    ...(r.resourceNames === undefined ? {} : { resourceNames: [...r.resourceNames] }),
    ...(r.nonResourceURLs === undefined ? {} : { nonResourceURLs: [...r.nonResourceURLs] }),
    verbs: [...r.verbs],
  };
}

/** A rule of a ClusterRole: a Role's rule, or one for non-resource URLs (`/metrics`, `/healthz`). */
export const clusterRuleSchema = objectSchema(() => {
  const r = policyRuleSchema().shape;
  return {
    /** API groups of the resources: `""` is the core group (pods, services…). Not with `nonResourceURLs`. @default unset (a non-resource rule) */
    apiGroups: option(r.apiGroups, {
      description:
        'API groups of the resources: `""` is the core group (pods, services…). Not with `nonResourceURLs`.',
      unset: "a non-resource rule",
      k8s: RBAC_DOCS,
    }),
    /** Resources, e.g. `pods`, `nodes`, `pods/log`. Not with `nonResourceURLs`. @default unset (a non-resource rule) */
    resources: option(r.resources, {
      description: "Resources, e.g. `pods`, `nodes`, `pods/log`. Not with `nonResourceURLs`.",
      unset: "a non-resource rule",
      k8s: RBAC_DOCS,
    }),
    verbs: r.verbs,
    resourceNames: r.resourceNames,
    /**
     * Paths of the API server that are not resources, e.g. `/metrics`, `/healthz` (a trailing `*` for a prefix),
     * instead of `apiGroups` and `resources`.
     * @default unset (a resource rule)
     */
    nonResourceURLs: option(
      nonEmptyList(
        z.string().check(
          z.regex(/^(\*|\/[^*]*\*?)$/, {
            error: (i) =>
              `"${inputText(i.input)}" is not a non-resource URL: a path such as "/metrics", "/healthz/*", or "*"`,
          }),
        ),
        "non-resource URL",
      ),
      {
        description:
          "Paths of the API server that are not resources, e.g. `/metrics`, `/healthz` (a trailing `*` for a prefix), instead of `apiGroups` and `resources`.",
        unset: "a resource rule",
        k8s: k8sDocs("reference/access-authn-authz/rbac", "referring-to-resources"),
      },
    ),
  };
});

/** A ClusterRole's rule, as parsed. */
export type ParsedClusterRule = z.output<ReturnType<typeof clusterRuleSchema>>;

/**
 * The API server's rules of a ClusterRole's rule (`ValidatePolicyRule`): resources (with API groups) or non-resource
 * URLs, never both. `at` is where the rule is.
 */
export function clusterRuleIssues(r: Partial<ParsedClusterRule>, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (r.nonResourceURLs !== undefined && r.nonResourceURLs.length > 0) {
    for (const field of ["apiGroups", "resources", "resourceNames"] as const) {
      if (r[field] !== undefined && r[field].length > 0) {
        issues.push({
          path: [...at, field],
          code: "conflicting_options",
          message: `a rule is for resources or for non-resource URLs, not both: remove ${field} or nonResourceURLs`,
        });
      }
    }
    return issues;
  }
  for (const field of ["apiGroups", "resources"] as const) {
    if (r[field] === undefined || r[field].length === 0) {
      issues.push({
        path: [...at, field],
        code: "required",
        message: `a resource rule needs ${field} (or give nonResourceURLs instead)`,
      });
    }
  }
  return issues;
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

export const subjectSchema = once(() =>
  z.discriminatedUnion("kind", [accountSubject(), userSubject(), groupSubject()]),
);

/** The schema of a subject of a RoleBinding: a ServiceAccount (with its namespace), a User or a Group. */
export const SubjectSchema = z.lazy(subjectSchema);

/** A subject of a RoleBinding: a ServiceAccount (with its namespace), a User or a Group. */
export type SubjectOptions = z.input<typeof SubjectSchema>;
type ParsedSubject = z.output<ReturnType<typeof subjectSchema>>;

/** The subjects of a binding: each listed once. */
export function subjectRules(p: { subjects: readonly ParsedSubject[] }): RuleIssue[] {
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

/**
 * The rules of a built or patched binding object (RoleBinding, ClusterRoleBinding): its roleRef names the RBAC
 * group, one of `kinds` and a valid name; each subject is as the `subjects` option takes it (a User's or Group's
 * apiGroup is the RBAC group, a ServiceAccount has none), each listed once.
 */
export function bindingObjectIssues(o: Record<string, unknown>, kinds: readonly string[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const ref = (typeof o.roleRef === "object" && o.roleRef !== null ? o.roleRef : {}) as Record<
    string,
    unknown
  >;
  if (ref.apiGroup !== RBAC_GROUP) {
    issues.push({
      path: ["roleRef", "apiGroup"],
      code: "invalid_value",
      message: `expected "${RBAC_GROUP}", received ${JSON.stringify(ref.apiGroup)}`,
    });
  }
  if (typeof ref.kind !== "string" || !kinds.includes(ref.kind)) {
    issues.push({
      path: ["roleRef", "kind"],
      code: "invalid_value",
      message: `a ${String(o.kind)} grants ${kinds.map((k) => `a ${k}`).join(" or ")}, not ${JSON.stringify(ref.kind)}`,
    });
  }
  issues.push(...valueIssues(dnsSubdomain, ref.name, ["roleRef", "name"]));
  const subjects: ParsedSubject[] = [];
  (Array.isArray(o.subjects) ? o.subjects : []).forEach((s: unknown, i) => {
    const { apiGroup, ...rest } = (typeof s === "object" && s !== null ? s : {}) as Record<string, unknown>;
    const group = rest.kind === "ServiceAccount" ? "" : RBAC_GROUP;
    // Another type than a string is the structure check's to report.
    if (typeof apiGroup === "string" && apiGroup !== group) {
      issues.push({
        path: ["subjects", i, "apiGroup"],
        code: "invalid_value",
        message: `expected ${JSON.stringify(group)} for a ${rest.kind === "ServiceAccount" ? "ServiceAccount" : "User or Group"}, received ${JSON.stringify(apiGroup)}`,
      });
    }
    const found = valueIssues(subjectSchema(), rest, ["subjects", i]);
    issues.push(...found);
    if (found.length === 0) subjects.push(rest as ParsedSubject);
  });
  return [...issues, ...subjectRules({ subjects })];
}

export function buildSubject(s: z.output<ReturnType<typeof subjectSchema>>): Subject {
  return s.kind === "ServiceAccount"
    ? { kind: "ServiceAccount", name: s.name, namespace: s.namespace }
    : { kind: s.kind, apiGroup: RBAC_GROUP, name: s.name };
}

/** The `serviceAccounts` option of `roleBindingFor` and `clusterRoleBindingFor`: built ServiceAccount objects. */
export function serviceAccountsOption(description: string) {
  return required(
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
    { description, k8s: BINDING_DOCS },
  );
}

/**
 * The subjects for ServiceAccount objects: each with its namespace, or `fallback` (the Role's); an account with
 * neither is an issue, as is one listed twice. Issues are at `serviceAccounts[i]`.
 */
export function accountSubjects(
  accounts: readonly ServiceAccount[],
  fallback: string | undefined,
  whose: string,
): { subjects: { kind: "ServiceAccount"; name: string; namespace: string }[]; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const subjects = accounts.flatMap((sa, i) => {
    const ns = sa.metadata?.namespace ?? fallback;
    if (ns === undefined) {
      issues.push({
        path: ["serviceAccounts", i],
        code: "required",
        message: `ServiceAccount "${sa.metadata?.name}" has no namespace${whose}: a binding needs the account's namespace`,
      });
      return [];
    }
    return [{ kind: "ServiceAccount" as const, name: sa.metadata?.name ?? "", namespace: ns }];
  });
  issues.push(
    ...subjectRules({ subjects }).map((r) => ({ ...r, path: ["serviceAccounts", ...r.path.slice(1)] })),
  );
  return { subjects, issues };
}

/**
 * The name and metadata of the Role or ClusterRole that `builder` derives a binding from (its argument `arg`);
 * the library error for anything else.
 */
export function roleSource(
  builder: string,
  arg: string,
  kind: "Role" | "ClusterRole",
  target: unknown,
): { name: string; metadata: ObjectMeta } {
  const role = target as { kind?: unknown; metadata?: ObjectMeta } | null;
  const name = role?.metadata?.name;
  if (role === null || typeof role !== "object" || role.kind !== kind || typeof name !== "string") {
    throw invalidSource(builder, arg, `expected a ${kind} built by this library (with metadata.name)`);
  }
  const problem = metadataProblem(role.metadata);
  if (problem !== undefined) throw invalidSource(builder, arg, `the ${kind} has ${problem}`);
  return { name, metadata: role.metadata ?? {} };
}

/** {@link accountSubjects}, or the library error of `builder` for the binding `name` listing every issue. */
export function accountSubjectsOf(
  builder: string,
  name: string,
  ...args: Parameters<typeof accountSubjects>
): ReturnType<typeof accountSubjects>["subjects"] {
  const { subjects, issues } = accountSubjects(...args);
  if (issues.length > 0) {
    const list = issues.map((r) => ({ path: formatPath(r.path), code: r.code, message: r.message }));
    throw new K8sBuilderError(builder, name, list);
  }
  return subjects;
}
