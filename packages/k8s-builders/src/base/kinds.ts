/**
 * The facts about each Kubernetes kind, one row per kind: every other module (document order, the tree
 * layout, the bundle checks, the API-version rule, the test schemas) reads them here and keeps no list of its
 * own. Adding a kind = its builder file, its row here (if it is not already listed), its tests and its docs.
 *
 * Scope and apiVersion are the Kubernetes API's (`kubectl api-resources` on v1.35; the projects' CRDs for
 * custom resources); `kinds.test.ts` checks them against the official OpenAPI models and Kustomize's schema.
 * API-version history is the Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/).
 */

import {
  APPS_BETAS,
  beta,
  EXTENSIONS_1_16,
  FLOW_BETAS,
  GA_1_22,
  type KindFacts,
  RBAC_BETAS,
} from "./kind-facts.ts";

export type { ApiVersionHistory, KindFacts, KindScope, SelectorShape } from "./kind-facts.ts";

const WORKLOAD = { podTemplate: ["spec", "template"], selector: "required" } as const;

/** Every kind the library knows, by kind. */
export const KINDS = {
  // Core (v1).
  Namespace: { apiVersion: "v1", scope: "cluster", applyOrder: 10 },
  ResourceQuota: { apiVersion: "v1", scope: "namespaced", applyOrder: 20 },
  LimitRange: { apiVersion: "v1", scope: "namespaced", applyOrder: 30 },
  ServiceAccount: { apiVersion: "v1", scope: "namespaced", applyOrder: 40 },
  Secret: { apiVersion: "v1", scope: "namespaced", applyOrder: 90 },
  ConfigMap: { apiVersion: "v1", scope: "namespaced", applyOrder: 100 },
  PersistentVolumeClaim: { apiVersion: "v1", scope: "namespaced", applyOrder: 110 },
  Service: { apiVersion: "v1", scope: "namespaced", applyOrder: 120, selector: "map" },
  Pod: { apiVersion: "v1", scope: "namespaced", podTemplate: [] },
  ReplicationController: {
    apiVersion: "v1",
    scope: "namespaced",
    podTemplate: ["spec", "template"],
    replicated: true,
    selector: "map",
  },
  Endpoints: {
    apiVersion: "v1",
    scope: "namespaced",
    history: [{ apiVersion: "v1", deprecated: "1.33", replacement: "discovery.k8s.io/v1 EndpointSlice" }],
  },
  Node: { apiVersion: "v1", scope: "cluster" },
  PersistentVolume: { apiVersion: "v1", scope: "cluster" },

  // RBAC.
  ClusterRole: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    scope: "cluster",
    applyOrder: 50,
    history: RBAC_BETAS,
  },
  ClusterRoleBinding: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    scope: "cluster",
    applyOrder: 60,
    history: RBAC_BETAS,
  },
  Role: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 70,
    history: RBAC_BETAS,
  },
  RoleBinding: {
    apiVersion: "rbac.authorization.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 80,
    history: RBAC_BETAS,
  },

  // Workloads.
  Deployment: {
    apiVersion: "apps/v1",
    scope: "namespaced",
    applyOrder: 130,
    ...WORKLOAD,
    replicated: true,
    history: [EXTENSIONS_1_16, ...APPS_BETAS],
  },
  StatefulSet: {
    apiVersion: "apps/v1",
    scope: "namespaced",
    applyOrder: 140,
    ...WORKLOAD,
    replicated: true,
    history: APPS_BETAS,
  },
  DaemonSet: {
    apiVersion: "apps/v1",
    scope: "namespaced",
    applyOrder: 150,
    ...WORKLOAD,
    history: [EXTENSIONS_1_16, ...APPS_BETAS],
  },
  ReplicaSet: {
    apiVersion: "apps/v1",
    scope: "namespaced",
    ...WORKLOAD,
    replicated: true,
    history: [EXTENSIONS_1_16, ...APPS_BETAS],
  },
  ControllerRevision: { apiVersion: "apps/v1", scope: "namespaced", history: APPS_BETAS },
  Job: {
    apiVersion: "batch/v1",
    scope: "namespaced",
    applyOrder: 160,
    podTemplate: ["spec", "template"],
    selector: "generated",
  },
  CronJob: {
    apiVersion: "batch/v1",
    scope: "namespaced",
    applyOrder: 170,
    podTemplate: ["spec", "jobTemplate", "spec", "template"],
    history: [{ apiVersion: "batch/v1beta1", deprecated: "1.21", removed: "1.25" }],
  },

  // Scaling and disruption.
  HorizontalPodAutoscaler: {
    apiVersion: "autoscaling/v2",
    scope: "namespaced",
    applyOrder: 180,
    fileName: "hpa",
    history: [
      { apiVersion: "autoscaling/v2beta1", deprecated: "1.22", removed: "1.25" },
      { apiVersion: "autoscaling/v2beta2", deprecated: "1.23", removed: "1.26" },
    ],
  },
  PodDisruptionBudget: {
    apiVersion: "policy/v1",
    scope: "namespaced",
    applyOrder: 190,
    fileName: "pdb",
    history: [{ apiVersion: "policy/v1beta1", deprecated: "1.21", removed: "1.25" }],
  },
  PodSecurityPolicy: {
    apiVersion: "policy/v1beta1",
    scope: "cluster",
    history: [
      {
        apiVersion: "extensions/v1beta1",
        deprecated: "1.11",
        removed: "1.16",
        replacement: "policy/v1beta1 (itself removed in 1.25: use Pod Security Admission)",
      },
      {
        apiVersion: "policy/v1beta1",
        deprecated: "1.21",
        removed: "1.25",
        replacement: "Pod Security Admission (namespace labels)",
      },
    ],
  },

  // Networking.
  Ingress: {
    apiVersion: "networking.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 200,
    history: [
      { apiVersion: "extensions/v1beta1", deprecated: "1.14", removed: "1.22" },
      beta("networking.k8s.io", GA_1_22),
    ],
  },
  IngressClass: {
    apiVersion: "networking.k8s.io/v1",
    scope: "cluster",
    history: [beta("networking.k8s.io", GA_1_22)],
  },
  NetworkPolicy: {
    apiVersion: "networking.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 210,
    history: [EXTENSIONS_1_16],
  },
  IPAddress: { apiVersion: "networking.k8s.io/v1", scope: "cluster" },
  ServiceCIDR: { apiVersion: "networking.k8s.io/v1", scope: "cluster" },
  EndpointSlice: {
    apiVersion: "discovery.k8s.io/v1",
    scope: "namespaced",
    history: [beta("discovery.k8s.io", { deprecated: "1.21", removed: "1.25" })],
  },

  // Storage.
  StorageClass: {
    apiVersion: "storage.k8s.io/v1",
    scope: "cluster",
    history: [beta("storage.k8s.io", GA_1_22)],
  },
  CSIDriver: {
    apiVersion: "storage.k8s.io/v1",
    scope: "cluster",
    history: [beta("storage.k8s.io", GA_1_22)],
  },
  CSINode: { apiVersion: "storage.k8s.io/v1", scope: "cluster", history: [beta("storage.k8s.io", GA_1_22)] },
  VolumeAttachment: {
    apiVersion: "storage.k8s.io/v1",
    scope: "cluster",
    history: [beta("storage.k8s.io", GA_1_22)],
  },
  CSIStorageCapacity: {
    apiVersion: "storage.k8s.io/v1",
    scope: "namespaced",
    history: [beta("storage.k8s.io", { deprecated: "1.24", removed: "1.27" })],
  },
  VolumeAttributesClass: { apiVersion: "storage.k8s.io/v1", scope: "cluster" },
  DeviceClass: { apiVersion: "resource.k8s.io/v1", scope: "cluster" },

  // Cluster administration.
  PriorityClass: {
    apiVersion: "scheduling.k8s.io/v1",
    scope: "cluster",
    history: [beta("scheduling.k8s.io", { deprecated: "1.14", removed: "1.22" })],
  },
  RuntimeClass: {
    apiVersion: "node.k8s.io/v1",
    scope: "cluster",
    history: [beta("node.k8s.io", { deprecated: "1.20", removed: "1.25" })],
  },
  CustomResourceDefinition: {
    apiVersion: "apiextensions.k8s.io/v1",
    scope: "cluster",
    history: [beta("apiextensions.k8s.io", { deprecated: "1.16", removed: "1.22" })],
  },
  APIService: {
    apiVersion: "apiregistration.k8s.io/v1",
    scope: "cluster",
    history: [beta("apiregistration.k8s.io", GA_1_22)],
  },
  MutatingWebhookConfiguration: {
    apiVersion: "admissionregistration.k8s.io/v1",
    scope: "cluster",
    history: [beta("admissionregistration.k8s.io", { deprecated: "1.16", removed: "1.22" })],
  },
  ValidatingWebhookConfiguration: {
    apiVersion: "admissionregistration.k8s.io/v1",
    scope: "cluster",
    history: [beta("admissionregistration.k8s.io", { deprecated: "1.16", removed: "1.22" })],
  },
  ValidatingAdmissionPolicy: { apiVersion: "admissionregistration.k8s.io/v1", scope: "cluster" },
  ValidatingAdmissionPolicyBinding: { apiVersion: "admissionregistration.k8s.io/v1", scope: "cluster" },
  MutatingAdmissionPolicy: { apiVersion: "admissionregistration.k8s.io/v1", scope: "cluster" },
  MutatingAdmissionPolicyBinding: { apiVersion: "admissionregistration.k8s.io/v1", scope: "cluster" },
  CertificateSigningRequest: {
    apiVersion: "certificates.k8s.io/v1",
    scope: "cluster",
    history: [beta("certificates.k8s.io", GA_1_22)],
  },
  FlowSchema: { apiVersion: "flowcontrol.apiserver.k8s.io/v1", scope: "cluster", history: FLOW_BETAS },
  PriorityLevelConfiguration: {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1",
    scope: "cluster",
    history: FLOW_BETAS,
  },
  Lease: {
    apiVersion: "coordination.k8s.io/v1",
    scope: "namespaced",
    history: [beta("coordination.k8s.io", GA_1_22)],
  },
  Event: {
    apiVersion: "events.k8s.io/v1",
    scope: "namespaced",
    history: [beta("events.k8s.io", { deprecated: "1.19", removed: "1.25" })],
  },
  TokenReview: {
    apiVersion: "authentication.k8s.io/v1",
    scope: "cluster",
    history: [beta("authentication.k8s.io", GA_1_22)],
  },
  SubjectAccessReview: {
    apiVersion: "authorization.k8s.io/v1",
    scope: "cluster",
    history: [beta("authorization.k8s.io", GA_1_22)],
  },
  SelfSubjectAccessReview: {
    apiVersion: "authorization.k8s.io/v1",
    scope: "cluster",
    history: [beta("authorization.k8s.io", GA_1_22)],
  },
  LocalSubjectAccessReview: {
    apiVersion: "authorization.k8s.io/v1",
    scope: "namespaced",
    history: [beta("authorization.k8s.io", GA_1_22)],
  },

  // Custom resources: Prometheus Operator, Gateway API, cert-manager, External Secrets, Argo CD, Flux.
  ServiceMonitor: {
    apiVersion: "monitoring.coreos.com/v1",
    scope: "namespaced",
    applyOrder: 220,
    crd: "prometheus-operator",
  },
  PodMonitor: {
    apiVersion: "monitoring.coreos.com/v1",
    scope: "namespaced",
    applyOrder: 230,
    crd: "prometheus-operator",
  },
  PrometheusRule: {
    apiVersion: "monitoring.coreos.com/v1",
    scope: "namespaced",
    applyOrder: 240,
    crd: "prometheus-operator",
  },
  GatewayClass: { apiVersion: "gateway.networking.k8s.io/v1", scope: "cluster", crd: "gateway-api" },
  // Ranked with Ingress: a Gateway before the routes that attach to it.
  Gateway: {
    apiVersion: "gateway.networking.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 202,
    crd: "gateway-api",
  },
  HTTPRoute: {
    apiVersion: "gateway.networking.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 204,
    crd: "gateway-api",
  },
  GRPCRoute: {
    apiVersion: "gateway.networking.k8s.io/v1",
    scope: "namespaced",
    applyOrder: 206,
    crd: "gateway-api",
  },
  ReferenceGrant: {
    apiVersion: "gateway.networking.k8s.io/v1beta1",
    scope: "namespaced",
    crd: "gateway-api",
  },
  ClusterIssuer: { apiVersion: "cert-manager.io/v1", scope: "cluster", crd: "cert-manager" },
  // Ranked with the Secrets it makes, before the workloads that read them.
  ExternalSecret: {
    apiVersion: "external-secrets.io/v1",
    scope: "namespaced",
    applyOrder: 95,
    crd: "external-secrets",
  },
  ClusterSecretStore: { apiVersion: "external-secrets.io/v1", scope: "cluster", crd: "external-secrets" },
  Application: { apiVersion: "argoproj.io/v1alpha1", scope: "namespaced", crd: "argo-cd" },
  Kustomization: { apiVersion: "kustomize.toolkit.fluxcd.io/v1", scope: "namespaced", crd: "flux-cd" },
  GitRepository: { apiVersion: "source.toolkit.fluxcd.io/v1", scope: "namespaced", crd: "flux-cd" },
} as const satisfies Readonly<Record<string, KindFacts>>;

/** A kind of the table. */
export type KnownKind = keyof typeof KINDS;

/** The table as a map, typed by the row type. */
export const KIND_FACTS: ReadonlyMap<string, KindFacts> = new Map(Object.entries(KINDS));
const ROWS = KIND_FACTS;

/** The facts of a kind, or undefined for a kind the table does not know. */
export function kindFacts(kind: string): KindFacts | undefined {
  return ROWS.get(kind);
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** Whether a kind is cluster-scoped (an unknown kind is taken as namespaced, as Kustomize does). */
export function isClusterScoped(kind: string): boolean {
  return ROWS.get(kind)?.scope === "cluster";
}

/** The API groups a kind has been served in: its own and those of its older apiVersions. */
export function groupsOf(kind: string): readonly string[] {
  const row = ROWS.get(kind);
  if (row === undefined) return [];
  const groups = [row.apiVersion, ...(row.history ?? []).map((h) => h.apiVersion)].map(groupOf);
  return [...new Set(groups)];
}

/**
 * The file name of a kind, without extension: the kind in lower case, as Helm charts and the call-center
 * layout name them (`statefulset`, `configmap`, `servicemonitor`), `hpa` and `pdb` for the two long ones.
 *
 * @example
 * kindFileName("StatefulSet"); // "statefulset"
 */
export function kindFileName(kind: string): string {
  return ROWS.get(kind)?.fileName ?? kind.toLowerCase();
}

/** The rank of a kind in document order; kinds without one come last. */
export function applyRank(kind: string): number {
  return ROWS.get(kind)?.applyOrder ?? Number.MAX_SAFE_INTEGER;
}
