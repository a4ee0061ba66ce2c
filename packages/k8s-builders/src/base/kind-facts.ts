/**
 * The shape of a row of the table of kinds (base/kinds.ts), and the API-version histories several rows share (the
 * Deprecated API Migration Guide, https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
 */

/** Whether objects of a kind live in a namespace. */
export type KindScope = "namespaced" | "cluster";

/**
 * How a kind selects its pods with `spec.selector`:
 * - `required`: a label selector the API requires, which must select the pod template (apps/v1 workloads);
 * - `generated`: a label selector the API generates unless given (Job);
 * - `map`: a plain map of labels (ReplicationController, Service).
 */
export type SelectorShape = "required" | "generated" | "map";

/** An older apiVersion of a kind that Kubernetes deprecated (and maybe stopped serving). */
export interface ApiVersionHistory {
  readonly apiVersion: string;
  /** First minor version that deprecates it. */
  readonly deprecated: string;
  /** First minor version that no longer serves it; unset while it is still served. */
  readonly removed?: string;
  /** What to use instead. @default the row's apiVersion */
  readonly replacement?: string;
}

/** What the library knows about one kind. */
export interface KindFacts {
  /** The apiVersion to write: the served, stable one (group/version; `v1` for the core group). */
  readonly apiVersion: string;
  readonly scope: KindScope;
  /**
   * Rank in the document order of `toYaml` (low first): Namespace → RBAC → Secrets/ConfigMaps → Services →
   * workloads → HPA/PDB → Ingress → policies → monitoring. Kinds without a rank come after all ranked ones,
   * in input order.
   */
  readonly applyOrder?: number;
  /** Path of the pod template in the object (`[]`: the object is the pod). Only kinds that run pods have one. */
  readonly podTemplate?: readonly string[];
  /** Whether `spec.replicas` counts its pods (and an HPA may scale it). */
  readonly replicated?: true;
  readonly selector?: SelectorShape;
  /**
   * The file name (without extension) of its objects in a tree: Helm charts' short names for the long ones
   * (`hpa`, `pdb`). @default the kind in lower case
   */
  readonly fileName?: string;
  /** Older apiVersions, oldest first, for the removed/deprecated API check. */
  readonly history?: readonly ApiVersionHistory[];
  /** For custom resources: the project whose CRD defines the kind (its `@kubernetes-models/<crd>` package). */
  readonly crd?: string;
}

// ─── histories shared by several rows ───────────────────────────────────────────────────────────────────────

/** Deprecated in 1.19, no longer served from 1.22: the history of most betas the 1.22 release removed. */
export const GA_1_22 = { deprecated: "1.19", removed: "1.22" } as const;
/** apps/v1beta1 and v1beta2 (Deployment, StatefulSet, DaemonSet, ReplicaSet, ControllerRevision). */
export const APPS_BETAS: readonly ApiVersionHistory[] = [
  { apiVersion: "apps/v1beta1", deprecated: "1.9", removed: "1.16" },
  { apiVersion: "apps/v1beta2", deprecated: "1.9", removed: "1.16" },
];
/** extensions/v1beta1 of the workloads and NetworkPolicy, removed in 1.16. */
export const EXTENSIONS_1_16: ApiVersionHistory = {
  apiVersion: "extensions/v1beta1",
  deprecated: "1.9",
  removed: "1.16",
};
/** rbac.authorization.k8s.io/v1alpha1 and v1beta1. */
export const RBAC_BETAS: readonly ApiVersionHistory[] = [
  { apiVersion: "rbac.authorization.k8s.io/v1alpha1", deprecated: "1.17", removed: "1.22" },
  { apiVersion: "rbac.authorization.k8s.io/v1beta1", deprecated: "1.17", removed: "1.22" },
];
/** The flowcontrol.apiserver.k8s.io betas (FlowSchema, PriorityLevelConfiguration). */
export const FLOW_BETAS: readonly ApiVersionHistory[] = [
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", deprecated: "1.23", removed: "1.26" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", deprecated: "1.26", removed: "1.29" },
  { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", deprecated: "1.29", removed: "1.32" },
];
/** The `<group>/v1beta1` apiVersion of a group, deprecated and removed when `versions` says. */
export const beta = (
  group: string,
  versions: { deprecated: string; removed: string },
): ApiVersionHistory => ({
  apiVersion: `${group}/v1beta1`,
  ...versions,
});
