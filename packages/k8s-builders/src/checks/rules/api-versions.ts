/**
 * API versions that Kubernetes deprecated or stopped serving, from the Deprecated API Migration Guide
 * (https://kubernetes.io/docs/reference/using-api/deprecation-guide/). Offline on purpose: the check runs
 * without a cluster, against `targetKubernetesVersion`.
 */
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";

/** One deprecated API version of some kinds. */
export interface ApiVersionChange {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** First minor version that deprecates it. */
  readonly deprecated: string;
  /** First minor version that no longer serves it; unset while it is still served. */
  readonly removed?: string;
  /** What to use instead. */
  readonly replacement: string;
}

const WORKLOADS = ["Deployment", "DaemonSet", "ReplicaSet", "StatefulSet", "ControllerRevision"];
const RBAC = ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];
const FLOW = ["FlowSchema", "PriorityLevelConfiguration"];

/** The offline table, oldest removal first. */
export const API_VERSION_CHANGES: readonly ApiVersionChange[] = [
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["Deployment", "DaemonSet", "ReplicaSet"],
    deprecated: "1.9",
    removed: "1.16",
    replacement: "apps/v1",
  },
  {
    apiVersion: "apps/v1beta1",
    kinds: WORKLOADS,
    deprecated: "1.9",
    removed: "1.16",
    replacement: "apps/v1",
  },
  {
    apiVersion: "apps/v1beta2",
    kinds: WORKLOADS,
    deprecated: "1.9",
    removed: "1.16",
    replacement: "apps/v1",
  },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["NetworkPolicy"],
    deprecated: "1.9",
    removed: "1.16",
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecated: "1.11",
    removed: "1.16",
    replacement: "policy/v1beta1 (itself removed in 1.25: use Pod Security Admission)",
  },
  {
    apiVersion: "extensions/v1beta1",
    kinds: ["Ingress"],
    deprecated: "1.14",
    removed: "1.22",
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "networking.k8s.io/v1beta1",
    kinds: ["Ingress", "IngressClass"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "networking.k8s.io/v1",
  },
  {
    apiVersion: "admissionregistration.k8s.io/v1beta1",
    kinds: ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
    deprecated: "1.16",
    removed: "1.22",
    replacement: "admissionregistration.k8s.io/v1",
  },
  {
    apiVersion: "apiextensions.k8s.io/v1beta1",
    kinds: ["CustomResourceDefinition"],
    deprecated: "1.16",
    removed: "1.22",
    replacement: "apiextensions.k8s.io/v1",
  },
  {
    apiVersion: "apiregistration.k8s.io/v1beta1",
    kinds: ["APIService"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "apiregistration.k8s.io/v1",
  },
  {
    apiVersion: "authentication.k8s.io/v1beta1",
    kinds: ["TokenReview"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "authentication.k8s.io/v1",
  },
  {
    apiVersion: "authorization.k8s.io/v1beta1",
    kinds: ["SubjectAccessReview", "LocalSubjectAccessReview", "SelfSubjectAccessReview"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "authorization.k8s.io/v1",
  },
  {
    apiVersion: "certificates.k8s.io/v1beta1",
    kinds: ["CertificateSigningRequest"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "certificates.k8s.io/v1",
  },
  {
    apiVersion: "coordination.k8s.io/v1beta1",
    kinds: ["Lease"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "coordination.k8s.io/v1",
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1alpha1",
    kinds: RBAC,
    deprecated: "1.17",
    removed: "1.22",
    replacement: "rbac.authorization.k8s.io/v1",
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1beta1",
    kinds: RBAC,
    deprecated: "1.17",
    removed: "1.22",
    replacement: "rbac.authorization.k8s.io/v1",
  },
  {
    apiVersion: "scheduling.k8s.io/v1beta1",
    kinds: ["PriorityClass"],
    deprecated: "1.14",
    removed: "1.22",
    replacement: "scheduling.k8s.io/v1",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
    deprecated: "1.19",
    removed: "1.22",
    replacement: "storage.k8s.io/v1",
  },
  {
    apiVersion: "batch/v1beta1",
    kinds: ["CronJob"],
    deprecated: "1.21",
    removed: "1.25",
    replacement: "batch/v1",
  },
  {
    apiVersion: "discovery.k8s.io/v1beta1",
    kinds: ["EndpointSlice"],
    deprecated: "1.21",
    removed: "1.25",
    replacement: "discovery.k8s.io/v1",
  },
  {
    apiVersion: "events.k8s.io/v1beta1",
    kinds: ["Event"],
    deprecated: "1.19",
    removed: "1.25",
    replacement: "events.k8s.io/v1",
  },
  {
    apiVersion: "autoscaling/v2beta1",
    kinds: ["HorizontalPodAutoscaler"],
    deprecated: "1.22",
    removed: "1.25",
    replacement: "autoscaling/v2",
  },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodDisruptionBudget"],
    deprecated: "1.21",
    removed: "1.25",
    replacement: "policy/v1",
  },
  {
    apiVersion: "policy/v1beta1",
    kinds: ["PodSecurityPolicy"],
    deprecated: "1.21",
    removed: "1.25",
    replacement: "Pod Security Admission (namespace labels)",
  },
  {
    apiVersion: "node.k8s.io/v1beta1",
    kinds: ["RuntimeClass"],
    deprecated: "1.20",
    removed: "1.25",
    replacement: "node.k8s.io/v1",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1",
    kinds: FLOW,
    deprecated: "1.23",
    removed: "1.26",
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  {
    apiVersion: "autoscaling/v2beta2",
    kinds: ["HorizontalPodAutoscaler"],
    deprecated: "1.23",
    removed: "1.26",
    replacement: "autoscaling/v2",
  },
  {
    apiVersion: "storage.k8s.io/v1beta1",
    kinds: ["CSIStorageCapacity"],
    deprecated: "1.24",
    removed: "1.27",
    replacement: "storage.k8s.io/v1",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2",
    kinds: FLOW,
    deprecated: "1.26",
    removed: "1.29",
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  {
    apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
    kinds: FLOW,
    deprecated: "1.29",
    removed: "1.32",
    replacement: "flowcontrol.apiserver.k8s.io/v1",
  },
  {
    apiVersion: "v1",
    kinds: ["Endpoints"],
    deprecated: "1.33",
    replacement: "discovery.k8s.io/v1 EndpointSlice",
  },
];

/** Parses `1.35`, `v1.35.2`, `1.35.0-rc.1` into [major, minor]; undefined otherwise. */
export function parseKubernetesVersion(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?$/.exec(v.trim());
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

function atOrBefore(version: string, target: readonly [number, number]): boolean {
  const v = parseKubernetesVersion(version);
  return v !== undefined && (v[0] < target[0] || (v[0] === target[0] && v[1] <= target[1]));
}

/**
 * An apiVersion removed at or before the target version is an error (the API server answers 404 "no matches for
 * kind"); one deprecated at or before it but still served is a warning.
 */
export function apiVersionsServed(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const target = bundle.options.targetVersion;
  const targetText = `${target[0]}.${target[1]}`;
  for (const e of bundle.entries) {
    const change = API_VERSION_CHANGES.find((c) => c.apiVersion === e.apiVersion && c.kinds.includes(e.kind));
    if (change === undefined) continue;
    if (change.removed !== undefined && atOrBefore(change.removed, target)) {
      out.push(
        finding(
          "API_VERSION_REMOVED",
          e.ref,
          "apiVersion",
          `${e.apiVersion} ${e.kind} is no longer served since Kubernetes ${change.removed} (target ${targetText}): use ${change.replacement}`,
        ),
      );
    } else if (atOrBefore(change.deprecated, target)) {
      out.push(
        finding(
          "API_VERSION_DEPRECATED",
          e.ref,
          "apiVersion",
          `${e.apiVersion} ${e.kind} is deprecated since Kubernetes ${change.deprecated}${change.removed === undefined ? "" : ` and removed in ${change.removed}`}: use ${change.replacement}`,
        ),
      );
    }
  }
  return out;
}
