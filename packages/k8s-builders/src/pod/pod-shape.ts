/**
 * The options of a pod, shared by every workload builder (Deployment, StatefulSet, and the kinds to come): their
 * schema, defaults and docs. `pod-template.ts` builds the template from them and holds the pod-wide rules.
 */
import * as z from "zod/mini";
import { k8sApi, k8sDocs, objectSchema, option, required } from "../base/options.ts";
import { annotations, dnsSubdomain, labelKey, labels, seconds } from "../base/primitives.ts";
import { antiAffinitySchema, topologySpreadSchema } from "./affinity.ts";
import { containerSchema, initContainerSchema } from "./container.ts";
import { securitySchema } from "./security-context.ts";
import { volumeSchema } from "./volume.ts";

const POD_SPEC = k8sApi("workload-resources/pod-v1", "PodSpec");
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
      k8s: k8sApi("workload-resources/pod-v1", "containers"),
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
