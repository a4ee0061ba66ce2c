/**
 * The options of a pod, shared by every workload builder (Deployment, StatefulSet, and the kinds to come): their
 * schema, defaults and docs. `pod-template.ts` builds the template from them and holds the pod-wide rules.
 */
import * as z from "zod/mini";
import { k8sApi, k8sDocs, objectSchema, option, required } from "../base/options.ts";
import { annotations, dnsSubdomain, labelKey, labels, seconds } from "../base/primitives.ts";
import { antiAffinitySchema, topologySpreadSchema } from "./affinity.ts";
import { containerSchema, initContainerSchema } from "./container.ts";
import { DNS_POLICIES, dnsConfigSchema, hostAliasSchema } from "./dns.ts";
import { securitySchema } from "./security-context.ts";
import { volumeSchema } from "./volume.ts";

const POD_SPEC = k8sApi("workload-resources/pod-v1", "PodSpec");
const NAMES = k8sApi("workload-resources/pod-v1", "hostname-and-name-resolution");
const NAMESPACES = k8sApi("workload-resources/pod-v1", "hosts-namespaces");
const CONTAINERS = k8sApi("workload-resources/pod-v1", "containers");
const LIFECYCLE = k8sApi("workload-resources/pod-v1", "lifecycle");
const SCHEDULING = k8sApi("workload-resources/pod-v1", "scheduling");
const TOLERATION = k8sDocs("concepts/scheduling-eviction/taint-and-toleration");

const tolerationSchema = objectSchema(() => ({
  /** The taint key to tolerate. @default unset (with `Exists`: every taint) */
  key: option(labelKey, {
    description: "The taint key to tolerate.",
    unset: "with `Exists`: every taint",
    k8s: TOLERATION,
  }),
  /** `Equal` matches the taint's value, `Exists` any value. @default unset (Kubernetes: Equal) */
  operator: option(z.enum(["Exists", "Equal"]), {
    description: "`Equal` matches the taint's value, `Exists` any value.",
    unset: "Kubernetes: Equal",
    k8s: TOLERATION,
  }),
  /** The taint value, with `Equal`. @default unset (empty) */
  value: option(z.string(), {
    description: "The taint value, with `Equal`.",
    unset: "empty",
    k8s: TOLERATION,
  }),
  /** The taint effect to tolerate. @default unset (every effect) */
  effect: option(z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]), {
    description: "The taint effect to tolerate.",
    unset: "every effect",
    k8s: TOLERATION,
  }),
  /** With `NoExecute`: seconds the pod stays on a node after the taint appears. @default unset (forever) */
  tolerationSeconds: option(seconds, {
    description: "With `NoExecute`: seconds the pod stays on a node after the taint appears.",
    unset: "forever",
    k8s: TOLERATION,
  }),
}));

/** Options of the pod template, shared by every workload builder. */
export function podShape() {
  return {
    /** The containers of the pod (at least one). */
    containers: required(
      z.array(containerSchema()).check(z.minLength(1, { error: "expected at least one container" })),
      {
        description: "The containers of the pod (at least one).",
        k8s: k8sApi("workload-resources/pod-v1", "containers"),
      },
    ),
    /**
     * Containers that run to completion, in order, before the others start; with `restartPolicy: "Always"`, sidecars
     * that start before them and run beside them.
     * @default unset (none)
     */
    initContainers: option(z.array(initContainerSchema()), {
      description:
        'Containers that run to completion, in order, before the others start; with `restartPolicy: "Always"`, sidecars that start before them and run beside them.',
      unset: "none",
      k8s: k8sApi("workload-resources/pod-v1", "containers"),
    }),
    /**
     * Secrets with registry credentials (type `kubernetes.io/dockerconfigjson`) for pulling private images.
     * @default unset (the ServiceAccount's, if any)
     */
    imagePullSecrets: option(z.array(dnsSubdomain), {
      description:
        "Secrets with registry credentials (type `kubernetes.io/dockerconfigjson`) for pulling private images.",
      unset: "the ServiceAccount's, if any",
      k8s: CONTAINERS,
    }),
    /** Pod volumes. @default unset (only an emptyDir per writable path) */
    volumes: option(z.array(volumeSchema()), {
      description: "Pod volumes.",
      unset: "only an emptyDir per writable path",
      k8s: k8sApi("workload-resources/pod-v1", "volumes"),
    }),
    /** Restricted-PSS security settings, each switchable on its own. @default {} */
    security: option(securitySchema(), {
      description: "Restricted-PSS security settings, each switchable on its own.",
      prefault: {},
      k8s: k8sApi("workload-resources/pod-v1", "security-context"),
    }),
    /** ServiceAccount of the pod. @default unset (the namespace's default account) */
    serviceAccountName: option(dnsSubdomain, {
      description: "ServiceAccount of the pod.",
      unset: "the namespace's default account",
      k8s: POD_SPEC,
    }),
    /** Seconds between SIGTERM and SIGKILL; must cover any preStop delay. @default 30 */
    terminationGracePeriodSeconds: option(seconds, {
      description: "Seconds between SIGTERM and SIGKILL; must cover any preStop delay.",
      default: 30,
      k8s: k8sApi("workload-resources/pod-v1", "lifecycle"),
    }),
    /** Spread replicas over nodes with pod anti-affinity on the selector labels. @default unset (none) */
    antiAffinity: option(antiAffinitySchema(), {
      description: "Spread replicas over nodes with pod anti-affinity on the selector labels.",
      unset: "none",
      k8s: SCHEDULING,
    }),
    /** Spread replicas over zones (or another topology key). @default unset (none) */
    topologySpread: option(z.array(topologySpreadSchema()), {
      description: "Spread replicas over zones (or another topology key).",
      unset: "none",
      k8s: SCHEDULING,
    }),
    /** Run only on nodes with these labels. @default unset (any node) */
    nodeSelector: option(labels, {
      description: "Run only on nodes with these labels.",
      unset: "any node",
      k8s: SCHEDULING,
    }),
    /** Taints of nodes the pods may still be scheduled on. @default unset (none) */
    tolerations: option(z.array(tolerationSchema()), {
      description: "Taints of nodes the pods may still be scheduled on.",
      unset: "none",
      k8s: SCHEDULING,
    }),
    /**
     * PriorityClass of the pods, for scheduling and preemption.
     * @default unset (the cluster's default priority)
     */
    priorityClassName: option(dnsSubdomain, {
      description: "PriorityClass of the pods, for scheduling and preemption.",
      unset: "the cluster's default priority",
      k8s: SCHEDULING,
    }),
    /**
     * Lower-priority pods are evicted to make room (`PreemptLowerPriority`), or never (`Never`).
     * @default unset (the PriorityClass's, else PreemptLowerPriority)
     */
    preemptionPolicy: option(z.enum(["PreemptLowerPriority", "Never"]), {
      description:
        "Lower-priority pods are evicted to make room (`PreemptLowerPriority`), or never (`Never`).",
      unset: "the PriorityClass's, else PreemptLowerPriority",
      k8s: SCHEDULING,
    }),
    /** The scheduler that places the pods. @default unset (Kubernetes: default-scheduler) */
    schedulerName: option(dnsSubdomain, {
      description: "The scheduler that places the pods.",
      unset: "Kubernetes: default-scheduler",
      k8s: SCHEDULING,
    }),
    /**
     * RuntimeClass of the pods, e.g. a sandboxed runtime such as gVisor or Kata Containers.
     * @default unset (the node's default runtime)
     */
    runtimeClassName: option(dnsSubdomain, {
      description: "RuntimeClass of the pods, e.g. a sandboxed runtime such as gVisor or Kata Containers.",
      unset: "the node's default runtime",
      k8s: SCHEDULING,
    }),
    /**
     * How names resolve: `ClusterFirst` (cluster DNS), `Default` (the node's), `None` (only `dnsConfig`).
     * @default unset (Kubernetes: ClusterFirst)
     */
    dnsPolicy: option(z.enum(DNS_POLICIES), {
      description:
        "How names resolve: `ClusterFirst` (cluster DNS), `Default` (the node's), `None` (only `dnsConfig`).",
      unset: "Kubernetes: ClusterFirst",
      k8s: NAMES,
    }),
    /** Nameservers, search domains and resolver options added to the policy's. @default unset (the policy's) */
    dnsConfig: option(dnsConfigSchema(), {
      description: "Nameservers, search domains and resolver options added to the policy's.",
      unset: "the policy's",
      k8s: NAMES,
    }),
    /** Entries of the pods' `/etc/hosts`. @default unset (none) */
    hostAliases: option(z.array(hostAliasSchema()), {
      description: "Entries of the pods' `/etc/hosts`.",
      unset: "none",
      k8s: NAMES,
    }),
    /**
     * One process namespace for all containers of a pod, so that they see (and can signal) each other's processes.
     * @default unset (Kubernetes: false)
     */
    shareProcessNamespace: option(z.boolean(), {
      description:
        "One process namespace for all containers of a pod, so that they see (and can signal) each other's processes.",
      unset: "Kubernetes: false",
      why: "Processes of one container then see the others' environment and files through /proc: share only between containers that trust each other.",
      k8s: NAMESPACES,
    }),
    /**
     * Inject `<SERVICE>_SERVICE_HOST`/`_PORT` variables of every Service of the namespace; `false` keeps the
     * environment small.
     * @default unset (Kubernetes: true)
     */
    enableServiceLinks: option(z.boolean(), {
      description:
        "Inject `<SERVICE>_SERVICE_HOST`/`_PORT` variables of every Service of the namespace; `false` keeps the environment small.",
      unset: "Kubernetes: true",
      k8s: CONTAINERS,
    }),
    /**
     * Extra conditions (by type) that must be true before a pod counts as ready, set by a controller.
     * @default unset (none)
     */
    readinessGates: option(z.array(labelKey), {
      description:
        "Extra conditions (by type) that must be true before a pod counts as ready, set by a controller.",
      unset: "none",
      k8s: LIFECYCLE,
    }),
    /** Annotations on the pods (not on the workload object). @default unset (none) */
    podAnnotations: option(annotations, {
      description: "Annotations on the pods (not on the workload object).",
      unset: "none",
      k8s: k8sApi("workload-resources/pod-template-v1", "PodTemplateSpec"),
    }),
  };
}

export const podObject = objectSchema(podShape);
export type ParsedPod = z.output<ReturnType<typeof podObject>>;
