/** HorizontalPodAutoscaler (autoscaling/v2): CPU/memory utilization targets and scaling behaviour. */
import type {
  HorizontalPodAutoscaler,
  HPAScalingRules,
  MetricSpec,
} from "kubernetes-types/autoscaling/v2.js";
import * as z from "zod/mini";
import { K8sBuilderError } from "../base/errors.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import { compact } from "../base/object.ts";
import { dnsLabel, intAtLeast } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type Workload, workloadFacts } from "./workload.ts";

const percent = z
  .number()
  .check(z.int({ error: "expected a whole percentage" }), z.gte(1, { error: "expected a percentage ≥ 1" }));

export const ScalingRulesSchema = z.strictObject({
  /**
   * Look back this long before scaling in this direction (0–3600 s).
   * @default unset (Kubernetes: 0 for scale-up, 300 for scale-down)
   */
  stabilizationWindowSeconds: z.optional(
    z.number().check(z.int(), z.gte(0), z.lte(3600, { error: "expected at most 3600 seconds" })),
  ),
  /** `Max` applies the policy allowing the biggest change, `Min` the smallest. @default unset (Kubernetes: Max) */
  selectPolicy: z.optional(z.enum(["Max", "Min", "Disabled"])),
  /** At most `value` pods (or percent) per `periodSeconds`. */
  policies: z.optional(
    z
      .array(
        z.strictObject({
          /** Whether `value` counts pods or a percentage of the current replicas. */
          type: z.enum(["Pods", "Percent"]),
          /** Pods, or percent, that may be added or removed per period. */
          value: intAtLeast(1),
          /** Length of the period, 1–1800 seconds. */
          periodSeconds: z
            .number()
            .check(z.int(), z.gte(1), z.lte(1800, { error: "expected a period of at most 1800 seconds" })),
        }),
      )
      .check(z.minLength(1, { error: "expected at least one policy (leave policies out for the default)" })),
  ),
});

const hpaShape = {
  /** Fewest replicas. @default 1 */
  minReplicas: z.optional(intAtLeast(1)),
  /** Most replicas. */
  maxReplicas: intAtLeast(1),
  /** Target average CPU utilization, in percent of the CPU request. */
  cpuUtilization: z.optional(percent),
  /** Target average memory utilization, in percent of the memory request. */
  memoryUtilization: z.optional(percent),
  /** Scale-up and scale-down behaviour. */
  behavior: z.optional(
    z.strictObject({
      /** How fast to add pods. */
      scaleUp: z.optional(ScalingRulesSchema),
      /** How fast to remove pods; slow it down for workloads with long-lived connections. */
      scaleDown: z.optional(ScalingRulesSchema),
    }),
  ),
};

export const HpaOptionsSchema = z.strictObject({
  ...metaShape(),
  ...hpaShape,
  /** The workload to scale. */
  scaleTargetRef: z.strictObject({
    /** Kind of the workload. */
    kind: z.enum(["Deployment", "StatefulSet"]),
    /** Name of the workload, in the HPA's namespace. */
    name: dnsLabel,
  }),
});

/** Options of {@link hpa}. */
export type HpaOptions = z.input<typeof HpaOptionsSchema>;
type ParsedHpaShape = z.output<z.ZodMiniObject<typeof hpaShape>>;

function hpaRules(p: ParsedHpaShape): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const min = p.minReplicas ?? 1;
  if (min > p.maxReplicas) {
    issues.push({
      path: ["minReplicas"],
      code: "min_above_max",
      message: `minReplicas (${min}) is more than maxReplicas (${p.maxReplicas})`,
    });
  }
  if (p.cpuUtilization === undefined && p.memoryUtilization === undefined) {
    issues.push({
      path: ["cpuUtilization"],
      code: "required",
      message: "expected a target: cpuUtilization and/or memoryUtilization",
    });
  }
  return issues;
}

function rules(r: z.output<typeof ScalingRulesSchema>): HPAScalingRules {
  return compact({
    stabilizationWindowSeconds: r.stabilizationWindowSeconds,
    selectPolicy: r.selectPolicy,
    policies: r.policies?.map((x) => ({ type: x.type, value: x.value, periodSeconds: x.periodSeconds })),
  });
}

function build(o: z.output<typeof HpaOptionsSchema>): HorizontalPodAutoscaler {
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
      minReplicas: o.minReplicas ?? 1,
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
export function hpa(options: HpaOptions): HorizontalPodAutoscaler {
  return build(parseOptions("hpa", HpaOptionsSchema, options, hpaRules));
}

export const HpaForOptionsSchema = z.strictObject({
  ...hpaShape,
  /** Name of the HPA. @default the workload's name */
  name: z.optional(dnsLabel),
  annotations: metaShape().annotations,
});
/** Options of {@link hpaFor}. */
export type HpaForOptions = z.input<typeof HpaForOptionsSchema>;

/**
 * Derives an HPA that targets the given workload: the target's kind and name, the namespace and labels come
 * from it. `minReplicas` defaults to the workload's replicas.
 *
 * @example
 * hpaFor(deployment(opts), { maxReplicas: 10, cpuUtilization: 70 });
 */
export function hpaFor(workload: Workload, options: HpaForOptions): HorizontalPodAutoscaler {
  const facts = workloadFacts(workload);
  if (facts === undefined) {
    throw new K8sBuilderError("hpaFor", undefined, [
      {
        path: "workload",
        code: "invalid_workload",
        message: "expected a Deployment or StatefulSet built by this library",
      },
    ]);
  }
  const o = parseOptions("hpaFor", HpaForOptionsSchema, options, (p) =>
    hpaRules({ ...p, minReplicas: p.minReplicas ?? Math.max(1, facts.replicas ?? 1) }),
  );
  const h = build({
    ...o,
    name: o.name ?? facts.name,
    ...(facts.namespace === undefined ? {} : { namespace: facts.namespace }),
    // A workload scaled to 0 still gets an HPA floor of 1 (the HPA refuses minReplicas 0).
    minReplicas: o.minReplicas ?? Math.max(1, facts.replicas ?? 1),
    scaleTargetRef: { kind: facts.kind, name: facts.name },
  });
  h.metadata = { ...h.metadata, labels: { ...facts.labels } };
  return h;
}
