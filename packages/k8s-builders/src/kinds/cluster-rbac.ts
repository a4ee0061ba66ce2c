/**
 * ClusterRole and ClusterRoleBinding (rbac.authorization.k8s.io/v1): cluster-wide permissions, with no namespace.
 * The rules and subjects are a Role's and a RoleBinding's (rbac-rules.ts); a ClusterRole's rule may instead name
 * non-resource URLs, and a ClusterRole may aggregate the rules of others by label. `clusterRoleBindingFor` derives
 * the binding from the ClusterRole and ServiceAccount objects themselves.
 */
import type { ClusterRole, ClusterRoleBinding } from "kubernetes-types/rbac/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built, BuiltMeta } from "../base/manifest.ts";
import { nonEmptySelectorIssues } from "../base/meta-checks.ts";
import { k8sApi, k8sDocs, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain, labels } from "../base/primitives.ts";
import { parseOptions, type RuleIssue, valueIssues } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import {
  accountSubjectsOf,
  BINDING_DOCS,
  bindingObjectIssues,
  buildRule,
  buildSubject,
  clusterRuleIssues,
  clusterRuleSchema,
  nonEmptyList,
  RBAC_API,
  RBAC_DOCS,
  RBAC_GROUP,
  roleSource,
  serviceAccountsOption,
  subjectRules,
  subjectSchema,
} from "./rbac-rules.ts";

const AGGREGATION_DOCS = k8sDocs("reference/access-authn-authz/rbac", "aggregated-clusterroles");

/** The metadata options of a cluster-scoped object: a Role's, without a namespace. */
function clusterMetaShape() {
  const { namespace: _namespace, ...meta } = metaShape();
  return meta;
}

/** The schema of {@link ClusterRoleOptions} (built on first use). */
export const ClusterRoleOptionsSchema = lazyObject(() => ({
  ...clusterMetaShape(),
  /**
   * What the ClusterRole allows, rule by rule: resources (`apiGroups`, `resources`) or non-resource URLs.
   * @default unset (with `aggregationRule`: the rules of the ClusterRoles it selects)
   */
  rules: option(nonEmptyList(clusterRuleSchema(), "rule"), {
    description:
      "What the ClusterRole allows, rule by rule: resources (`apiGroups`, `resources`) or non-resource URLs.",
    unset: "with `aggregationRule`: the rules of the ClusterRoles it selects",
    k8s: RBAC_DOCS,
  }),
  /**
   * Label selectors (matchLabels) of the ClusterRoles whose rules this one aggregates; the controller then owns
   * `rules`.
   * @default unset (no aggregation: `rules` is required)
   */
  aggregationRule: option(nonEmptyList(labels, "label selector"), {
    description:
      "Label selectors (matchLabels) of the ClusterRoles whose rules this one aggregates; the controller then owns `rules`.",
    unset: "no aggregation: `rules` is required",
    k8s: AGGREGATION_DOCS,
  }),
  ...patchShape<Built<ClusterRole>>(),
}));

/** Options of {@link clusterRole}. */
export type ClusterRoleOptions = z.input<typeof ClusterRoleOptionsSchema>;
type ParsedClusterRole = z.output<typeof ClusterRoleOptionsSchema>;

const EVERY_CLUSTER_ROLE = "an empty selector would aggregate every ClusterRole of the cluster";

function clusterRoleRules(p: ParsedClusterRole): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (p.aggregationRule === undefined && p.rules === undefined) {
    issues.push({ path: ["rules"], code: "required", message: "expected rules, or an aggregationRule" });
  }
  if (p.aggregationRule !== undefined && p.rules !== undefined) {
    issues.push({
      path: ["rules"],
      code: "conflicting_options",
      message: "an aggregated ClusterRole's rules are written by the controller: leave rules out",
    });
  }
  p.aggregationRule?.forEach((selector, i) => {
    if (Object.keys(selector).length === 0) {
      issues.push({
        path: ["aggregationRule", i],
        code: "too_small",
        message: EVERY_CLUSTER_ROLE,
      });
    }
  });
  (p.rules ?? []).forEach((r, i) => {
    issues.push(...clusterRuleIssues(r, ["rules", i]));
  });
  return issues;
}

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * What the checks of a built or patched ClusterRole add to every object's: its builder's rules on the object (rules
 * or an aggregation with selectors that are not empty, not both) and the rules of each of its rules.
 */
export const CLUSTER_ROLE_CHECKS: KindChecks = {
  rules: (o) => {
    const issues: RuleIssue[] = [];
    const rules = list(o.rules);
    if (o.aggregationRule === undefined && o.rules === undefined) {
      issues.push({ path: ["rules"], code: "required", message: "expected rules, or an aggregationRule" });
    }
    if (o.aggregationRule !== undefined) {
      const selectors = list((o.aggregationRule as Json | null)?.clusterRoleSelectors);
      if (selectors.length === 0) {
        issues.push({
          path: ["aggregationRule", "clusterRoleSelectors"],
          code: "too_small",
          message:
            "an aggregationRule selects at least one ClusterRole by label (the API server requires one)",
        });
      }
      selectors.forEach((sel, i) => {
        issues.push(
          ...nonEmptySelectorIssues(sel, ["aggregationRule", "clusterRoleSelectors", i], EVERY_CLUSTER_ROLE),
        );
      });
      if (rules.length > 0) {
        issues.push({
          path: ["rules"],
          code: "conflicting_options",
          message: "an aggregated ClusterRole's rules are written by the controller: leave rules out",
        });
      }
    }
    // Each rule as the `rules` option takes it (verbs and the rest), then the API server's rules across its fields.
    rules.forEach((r, i) => {
      const shape = valueIssues(clusterRuleSchema(), r, ["rules", i]);
      issues.push(...(shape.length > 0 ? shape : clusterRuleIssues(r as Json, ["rules", i])));
    });
    return issues;
  },
};

/**
 * Builds a ClusterRole: cluster-wide rules (resources of every namespace, cluster-scoped resources, non-resource
 * URLs such as `/metrics`), or the aggregation of other ClusterRoles by label. It has no namespace.
 *
 * @example
 * clusterRole({ name: "prometheus", rules: [{ apiGroups: [""], resources: ["nodes", "pods"], verbs: ["get", "list", "watch"] },
 *   { nonResourceURLs: ["/metrics"], verbs: ["get"] }] });
 */
export function clusterRole(options: ClusterRoleOptions): Built<ClusterRole> {
  const o = parseOptions("clusterRole", ClusterRoleOptionsSchema, options, clusterRoleRules);
  const built: Built<ClusterRole> = {
    apiVersion: RBAC_API,
    kind: "ClusterRole",
    metadata: objectMeta(o),
    ...(o.aggregationRule === undefined
      ? {}
      : {
          aggregationRule: {
            clusterRoleSelectors: o.aggregationRule.map((m) => ({ matchLabels: { ...m } })),
          },
        }),
    ...(o.rules === undefined ? {} : { rules: o.rules.map(buildRule) }),
  };
  return patched("clusterRole", built, o.patch, CLUSTER_ROLE_CHECKS);
}

const clusterRoleRefSchema = objectSchema(() => ({
  /** A ClusterRoleBinding grants a ClusterRole, nothing else. @default "ClusterRole" */
  kind: option(z.literal("ClusterRole"), {
    description: "A ClusterRoleBinding grants a ClusterRole, nothing else.",
    default: "ClusterRole",
    k8s: BINDING_DOCS,
  }),
  /** Name of the ClusterRole. */
  name: required(dnsSubdomain, { description: "Name of the ClusterRole.", k8s: BINDING_DOCS }),
}));

/** The schema of {@link ClusterRoleBindingOptions} (built on first use). */
export const ClusterRoleBindingOptionsSchema = lazyObject(() => ({
  ...clusterMetaShape(),
  /** The ClusterRole granted, in every namespace. Immutable once created: another role needs a new binding. */
  roleRef: required(clusterRoleRefSchema(), {
    description:
      "The ClusterRole granted, in every namespace. Immutable once created: another role needs a new binding.",
    k8s: BINDING_DOCS,
  }),
  /** Who is granted the ClusterRole (at least one); a ServiceAccount with its namespace. */
  subjects: required(nonEmptyList(subjectSchema(), "subject"), {
    description: "Who is granted the ClusterRole (at least one); a ServiceAccount with its namespace.",
    k8s: BINDING_DOCS,
  }),
  ...patchShape<Built<ClusterRoleBinding>>(),
}));

/** Options of {@link clusterRoleBinding}. */
export type ClusterRoleBindingOptions = z.input<typeof ClusterRoleBindingOptionsSchema>;

/** What the checks of a built or patched ClusterRoleBinding add to every object's: it grants a ClusterRole. */
export const CLUSTER_ROLE_BINDING_CHECKS: KindChecks = {
  rules: (o) => bindingObjectIssues(o, ["ClusterRole"]),
};

function buildClusterBinding(
  metadata: BuiltMeta,
  roleName: string,
  subjects: Parameters<typeof buildSubject>[0][],
): Built<ClusterRoleBinding> {
  return {
    apiVersion: RBAC_API,
    kind: "ClusterRoleBinding",
    metadata,
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: roleName },
    subjects: subjects.map(buildSubject),
  };
}

/**
 * Builds a ClusterRoleBinding: grants a ClusterRole, in every namespace, to its subjects. It has no namespace.
 *
 * @example
 * clusterRoleBinding({ name: "prometheus", roleRef: { name: "prometheus" },
 *   subjects: [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }] });
 */
export function clusterRoleBinding(options: ClusterRoleBindingOptions): Built<ClusterRoleBinding> {
  const o = parseOptions("clusterRoleBinding", ClusterRoleBindingOptionsSchema, options, subjectRules);
  const built = buildClusterBinding(objectMeta(o), o.roleRef.name, o.subjects);
  return patched("clusterRoleBinding", built, o.patch, CLUSTER_ROLE_BINDING_CHECKS);
}

/** The schema of {@link ClusterRoleBindingForOptions} (built on first use). */
export const ClusterRoleBindingForOptionsSchema = lazyObject(() => {
  const { labels: labelsOption, annotations } = metaShape();
  return {
    /** Name of the ClusterRoleBinding. @default the ClusterRole's name */
    name: option(dnsSubdomain, {
      description: "Name of the ClusterRoleBinding.",
      derived: "the ClusterRole's name",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    /** ServiceAccounts granted the ClusterRole, as built objects; each must have a namespace. */
    serviceAccounts: serviceAccountsOption(
      "ServiceAccounts granted the ClusterRole, as built objects; each must have a namespace.",
    ),
    labels: labelsOption,
    annotations,
    ...patchShape<Built<ClusterRoleBinding>>(),
  };
});

/** Options of {@link clusterRoleBindingFor}. */
export type ClusterRoleBindingForOptions = z.input<typeof ClusterRoleBindingForOptionsSchema>;

/**
 * Derives the ClusterRoleBinding that grants a ClusterRole to ServiceAccounts: the binding's name and labels come
 * from the ClusterRole, each subject's name and namespace from its ServiceAccount (which must have a namespace).
 *
 * @example
 * clusterRoleBindingFor(clusterRole(roleOpts), { serviceAccounts: [serviceAccount({ name: "prometheus", namespace: "monitoring" })] });
 */
export function clusterRoleBindingFor(
  target: ClusterRole,
  options: ClusterRoleBindingForOptions,
): Built<ClusterRoleBinding> {
  const role = roleSource("clusterRoleBindingFor", "clusterRole", "ClusterRole", target);
  const o = parseOptions("clusterRoleBindingFor", ClusterRoleBindingForOptionsSchema, options);
  const name = o.name ?? role.name;
  const subjects = accountSubjectsOf("clusterRoleBindingFor", name, o.serviceAccounts, undefined, "");
  const metadata = {
    name,
    labels: { ...(role.metadata.labels ?? {}), ...(o.labels ?? {}) },
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  return patched(
    "clusterRoleBindingFor",
    buildClusterBinding(metadata, role.name, subjects),
    o.patch,
    CLUSTER_ROLE_BINDING_CHECKS,
  );
}
