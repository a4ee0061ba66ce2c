/** HorizontalPodAutoscaler (autoscaling/v2): CPU/memory utilization targets and scaling behaviour. */
import type {
  HorizontalPodAutoscaler,
  HPAScalingRules,
  MetricSpec,
} from "kubernetes-types/autoscaling/v2.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { compact } from "../base/object.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  HPA_CHECKS,
  hpaReplicas,
  policyPeriod,
  policyType,
  replicaRangeIssues,
  selectPolicy,
  stabilizationWindow,
  utilizationPercent,
} from "./hpa-rules.ts";
import { patched } from "./object-checks.ts";
import { sourceWorkload, type Workload } from "./workload.ts";

const SPEC = k8sApi("workload-resources/horizontal-pod-autoscaler-v2", "HorizontalPodAutoscalerSpec");

const policySchema = objectSchema(() => ({
  /** Whether `value` counts pods or a percentage of the current replicas. */
  type: required(policyType(), {
    description: "Whether `value` counts pods or a percentage of the current replicas.",
    k8s: SPEC,
  }),
  /** Pods, or percent, that may be added or removed per period. */
  value: required(hpaReplicas(), {
    description: "Pods, or percent, that may be added or removed per period.",
    k8s: SPEC,
  }),
  /** Length of the period, 1–1800 seconds. */
  periodSeconds: required(policyPeriod(), {
    description: "Length of the period, 1–1800 seconds.",
    k8s: SPEC,
  }),
}));

const scalingRulesSchema = objectSchema(() => ({
  /**
   * Look back this long before scaling in this direction (0–3600 s).
   * @default unset (Kubernetes: 0 for scale-up, 300 for scale-down)
   */
  stabilizationWindowSeconds: option(stabilizationWindow(), {
    description: "Look back this long before scaling in this direction (0–3600 s).",
    unset: "Kubernetes: 0 for scale-up, 300 for scale-down",
    k8s: SPEC,
  }),
  /**
   * `Max` applies the policy allowing the biggest change, `Min` the smallest.
   * @default unset (Kubernetes: Max)
   */
  selectPolicy: option(selectPolicy(), {
    description: "`Max` applies the policy allowing the biggest change, `Min` the smallest.",
    unset: "Kubernetes: Max",
    k8s: SPEC,
  }),
  /** At most `value` pods (or percent) per `periodSeconds`. @default unset (Kubernetes' policies) */
  policies: option(
    z
      .array(policySchema())
      .check(z.minLength(1, { error: "expected at least one policy (leave policies out for the default)" })),
    {
      description: "At most `value` pods (or percent) per `periodSeconds`.",
      unset: "Kubernetes' policies",
      k8s: SPEC,
    },
  ),
}));

const behaviorSchema = objectSchema(() => ({
  /** How fast to add pods. @default unset (Kubernetes' rules) */
  scaleUp: option(scalingRulesSchema(), {
    description: "How fast to add pods.",
    unset: "Kubernetes' rules",
    k8s: SPEC,
  }),
  /**
   * How fast to remove pods; slow it down for workloads with long-lived connections.
   * @default unset (Kubernetes' rules)
   */
  scaleDown: option(scalingRulesSchema(), {
    description: "How fast to remove pods; slow it down for workloads with long-lived connections.",
    unset: "Kubernetes' rules",
    k8s: SPEC,
  }),
}));

/** The options `hpa` and `hpaFor` share (their `minReplicas` defaults differ). */
function hpaShape() {
  return {
    ...patchShape<Built<HorizontalPodAutoscaler, "spec">>(),
    /** Most replicas. */
    maxReplicas: required(hpaReplicas(), { description: "Most replicas.", k8s: SPEC }),
    /** Target average CPU utilization, in percent of the CPU request. @default unset (no CPU target) */
    cpuUtilization: option(utilizationPercent(), {
      description: "Target average CPU utilization, in percent of the CPU request.",
      unset: "no CPU target",
      k8s: SPEC,
    }),
    /**
     * Target average memory utilization, in percent of the memory request.
     * @default unset (no memory target)
     */
    memoryUtilization: option(utilizationPercent(), {
      description: "Target average memory utilization, in percent of the memory request.",
      unset: "no memory target",
      k8s: SPEC,
    }),
    /** Scale-up and scale-down behaviour. @default unset (Kubernetes' behaviour) */
    behavior: option(behaviorSchema(), {
      description: "Scale-up and scale-down behaviour.",
      unset: "Kubernetes' behaviour",
      k8s: SPEC,
    }),
  };
}

const scaleTargetSchema = objectSchema(() => ({
  /** Kind of the workload. */
  kind: required(z.enum(["Deployment", "StatefulSet"]), { description: "Kind of the workload.", k8s: SPEC }),
  /** Name of the workload, in the HPA's namespace. */
  name: required(dnsLabel, { description: "Name of the workload, in the HPA's namespace.", k8s: SPEC }),
}));

/** The schema of {@link HpaOptions} (built on first use). */
export const HpaOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** Fewest replicas. @default 1 */
  minReplicas: option(hpaReplicas(), { description: "Fewest replicas.", default: 1, k8s: SPEC }),
  ...hpaShape(),
  /** The workload to scale. */
  scaleTargetRef: required(scaleTargetSchema(), { description: "The workload to scale.", k8s: SPEC }),
}));

/** Options of {@link hpa}. */
export type HpaOptions = z.input<typeof HpaOptionsSchema>;
type ParsedHpaShape = z.output<z.ZodMiniObject<ReturnType<typeof hpaShape>>> & { minReplicas: number };

function hpaRules(p: ParsedHpaShape): RuleIssue[] {
  const issues = replicaRangeIssues(p.minReplicas, p.maxReplicas, ["minReplicas"]);
  if (p.cpuUtilization === undefined && p.memoryUtilization === undefined) {
    issues.push({
      path: ["cpuUtilization"],
      code: "required",
      message: "expected a target: cpuUtilization and/or memoryUtilization",
    });
  }
  return issues;
}

function rules(r: z.output<ReturnType<typeof scalingRulesSchema>>): HPAScalingRules {
  return compact({
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy,
    policies: r.policies?.map((x) => ({ type: x.type, value: x.value, periodSeconds: x.periodSeconds })),
  });
}

function build(o: z.output<typeof HpaOptionsSchema>): Built<HorizontalPodAutoscaler, "spec"> {
  const metrics: MetricSpec[] = [];
  for (const [name, target] of [
    ["cpu", o.cpuUtilization],
    ["memory", o.memoryUtilization],
  ] as const) {
    if (target !== undefined) {
      metrics.push({
        type: "Resource",
        resource: { name, target: { type: "Utilization", averageUtilization: target } },
      });
    }
  }
  const behavior = o.behavior
    ? compact({
        scaleUp: o.behavior.scaleUp && rules(o.behavior.scaleUp),
        scaleDown: o.behavior.scaleDown && rules(o.behavior.scaleDown),
      })
    : undefined;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: objectMeta(o),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: o.scaleTargetRef.kind, name: o.scaleTargetRef.name },
      minReplicas: o.minReplicas,
      maxReplicas: o.maxReplicas,
      metrics,
      ...(behavior ? { behavior } : {}),
    },
  };
}

/**
 * Builds an autoscaling/v2 HorizontalPodAutoscaler.
 *
 * @example
 * hpa({ name: "api", scaleTargetRef: { kind: "Deployment", name: "api" }, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 });
 */
export function hpa(options: HpaOptions): Built<HorizontalPodAutoscaler, "spec"> {
  const o = parseOptions("hpa", HpaOptionsSchema, options, hpaRules);
  return patched("hpa", build(o), o.patch, HPA_CHECKS);
}

/** The schema of {@link HpaForOptions} (built on first use). */
export const HpaForOptionsSchema = lazyObject(() => ({
  /** Fewest replicas. @default the workload's replicas (at least 1) */
  minReplicas: option(hpaReplicas(), {
    description: "Fewest replicas.",
    derived: "the workload's replicas (at least 1)",
    k8s: SPEC,
  }),
  ...hpaShape(),
  /** Name of the HPA. @default the workload's name */
  name: option(dnsLabel, {
    description: "Name of the HPA.",
    derived: "the workload's name",
    k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
  }),
  annotations: metaShape().annotations,
}));
/** Options of {@link hpaFor}. */
export type HpaForOptions = z.input<typeof HpaForOptionsSchema>;

/**
 * Derives an HPA that targets the given workload: the target's kind and name, the namespace and labels come
 * from it. `minReplicas` defaults to the workload's replicas.
 *
 * @example
 * hpaFor(deployment(opts), { maxReplicas: 10, cpuUtilization: 70 });
 */
export function hpaFor(workload: Workload, options: HpaForOptions): Built<HorizontalPodAutoscaler, "spec"> {
  const facts = sourceWorkload("hpaFor", workload, "replicated");
  // The workload's replicas (unset: Kubernetes' 1); one scaled to 0 still gets a floor of 1 (the HPA refuses 0).
  const minReplicas = (given: number | undefined) => given ?? Math.max(1, facts.replicas ?? 1);
  const o = parseOptions("hpaFor", HpaForOptionsSchema, options, (p) =>
    hpaRules({ ...p, minReplicas: minReplicas(p.minReplicas) }),
  );
  const h = build({
    ...o,
    name: o.name ?? facts.name,
    ...(facts.namespace === undefined ? {} : { namespace: facts.namespace }),
    minReplicas: minReplicas(o.minReplicas),
    // A replicated apps/v1 kind (the table of kinds): a Deployment or StatefulSet, or a ReplicaSet written by hand.
    scaleTargetRef: { kind: facts.kind as "Deployment" | "StatefulSet", name: facts.name },
  });
  h.metadata = { ...h.metadata, labels: { ...facts.labels } };
  return patched("hpaFor", h, o.patch, HPA_CHECKS);
}
