/**
 * The rules of a HorizontalPodAutoscaler, written once for the builder's options and for a built or patched HPA
 * (`patch`, the `patch` option): the replica range, the scaling behaviour's bounds, the target's kind, and the
 * metrics as the API server validates them (`ValidateHorizontalPodAutoscalerSpec`).
 */
import * as z from "zod/mini";
import { arr, isObj, type Json, obj, str } from "../base/object.ts";
import { once } from "../base/options.ts";
import { dnsSubdomain, INT32_MAX, intAtLeast } from "../base/primitives.ts";
import { parseQuantity } from "../base/quantity.ts";
import { scalesByReplicas } from "../base/scale-target.ts";
import type { FieldChecks } from "../base/structure.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";
import type { KindChecks } from "./object-checks.ts";

/** Replicas of an HPA: at least 1 (scaling to zero is an alpha feature gate). */
export const hpaReplicas = once(() => intAtLeast(1));
/** A scaling policy's kind of `value`. */
export const policyType = once(() => z.enum(["Pods", "Percent"]));
/** A scaling policy's period: 1–1800 seconds. */
export const policyPeriod = once(() =>
  z.number().check(z.int(), z.gte(1), z.lte(1800, { error: "expected a period of at most 1800 seconds" })),
);
/** A stabilization window: 0–3600 seconds. */
export const stabilizationWindow = once(() =>
  z.number().check(z.int(), z.gte(0), z.lte(3600, { error: "expected at most 3600 seconds" })),
);
/** Which policy applies when several do. */
export const selectPolicy = once(() => z.enum(["Max", "Min", "Disabled"]));
/** A utilization target, in percent of the request. */
export const utilizationPercent = once(() =>
  z
    .number()
    .check(
      z.int({ error: "expected a whole percentage" }),
      z.gte(1, { error: "expected a percentage ≥ 1" }),
      z.lte(INT32_MAX, { error: `expected at most ${INT32_MAX} (a 32-bit field)` }),
    ),
);

/** The apiVersion of an HPA's reference: the server needs its group (`apps/v1`; a core `v1` is refused). */
const groupVersion = once(() =>
  z.string().check(
    z.regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-z0-9]+$/, {
      error: (i) => `"${String(i.input)}" is not an apiVersion with its API group (e.g. apps/v1)`,
    }),
  ),
);

/** The kind of a referenced object: a name such as `Deployment` (letters and digits). */
const kindName = once(() =>
  z.string().check(
    z.regex(/^[A-Za-z][A-Za-z0-9]*$/, {
      error: (i) => `"${String(i.input)}" is not a kind (e.g. Deployment)`,
    }),
  ),
);

/** minReplicas ≤ maxReplicas; `at` is where minReplicas is. */
export function replicaRangeIssues(min: unknown, max: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (typeof min !== "number" || typeof max !== "number" || min <= max) return [];
  return [
    { path: at, code: "min_above_max", message: `minReplicas (${min}) is more than maxReplicas (${max})` },
  ];
}

/**
 * A scale target the table of kinds knows without replicas (a DaemonSet, a Job…) is never scaled: the HPA
 * scales through the target's replicas. Kinds the table does not know (custom resources) are left alone.
 */
export function scaleTargetIssues(kind: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (typeof kind !== "string" || scalesByReplicas(kind) !== false) return [];
  return [
    {
      path: at,
      code: "invalid_value",
      message: `a ${kind} has no replicas to scale: a HorizontalPodAutoscaler scales a Deployment or StatefulSet`,
    },
  ];
}

const SOURCES = {
  Resource: "resource",
  ContainerResource: "containerResource",
  Pods: "pods",
  Object: "object",
  External: "external",
} as const;
type MetricType = keyof typeof SOURCES;

const positive = (v: unknown): boolean =>
  typeof v === "number" ? v > 0 : typeof v === "string" && (parseQuantity(v) ?? 0) > 0;

/** A metric's target (`validateMetricTarget`), and which of its values the metric's source needs. */
function targetIssues(type: MetricType, target: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (!isObj(target)) return [{ path: at, code: "required", message: "required: a metric has a target" }];
  const t = target;
  const issues: RuleIssue[] = [];
  if (!["Utilization", "Value", "AverageValue"].includes(String(t.type))) {
    issues.push({
      path: [...at, "type"],
      code: t.type === undefined ? "required" : "invalid_value",
      message: "a target's type is Utilization, Value or AverageValue",
    });
  }
  for (const field of ["value", "averageValue"] as const) {
    if (t[field] !== undefined && !positive(t[field])) {
      issues.push({ path: [...at, field], code: "too_small", message: `a target's ${field} is above zero` });
    }
  }
  const resource = type === "Resource" || type === "ContainerResource";
  // Each source reads its own value: a resource a utilization or an average, pods an average, the others either.
  const needed: Readonly<Record<string, readonly string[]>> = {
    Utilization: resource ? ["averageUtilization"] : [],
    Value: type === "Object" || type === "External" ? ["value"] : [],
    AverageValue: ["averageValue"],
  };
  const wanted = needed[String(t.type)];
  if (wanted !== undefined && wanted.length === 0) {
    issues.push({
      path: [...at, "type"],
      code: "invalid_value",
      message: `a ${type} metric cannot have a ${String(t.type)} target`,
    });
  }
  for (const field of wanted ?? []) {
    if (t[field] === undefined) {
      issues.push({
        path: [...at, field],
        code: "required",
        message: `required: a ${String(t.type)} target has its ${field}`,
      });
    }
  }
  if (wanted !== undefined && wanted.length > 0) {
    for (const field of ["value", "averageValue", "averageUtilization"]) {
      if (t[field] === undefined || wanted.includes(field)) continue;
      issues.push({
        path: [...at, field],
        code: "conflicting_options",
        message: `a ${String(t.type)} target reads its ${wanted.join("")} only: remove ${field}`,
      });
    }
  }
  return issues;
}

/** One metric: a known type, exactly its own source, and that source's fields. */
function metricIssues(m: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const metric = obj(m);
  const type = metric.type;
  if (typeof type !== "string" || !Object.hasOwn(SOURCES, type)) {
    return [
      {
        path: [...at, "type"],
        code: type === undefined ? "required" : "invalid_value",
        message: `a metric's type is one of ${Object.keys(SOURCES).join(", ")}`,
      },
    ];
  }
  const own = SOURCES[type as MetricType];
  const issues: RuleIssue[] = [];
  for (const field of Object.values(SOURCES)) {
    if (field !== own && metric[field] !== undefined) {
      issues.push({
        path: [...at, field],
        code: "conflicting_options",
        message: `a ${type} metric has only its ${own}: remove ${field}`,
      });
    }
  }
  const source = metric[own];
  if (!isObj(source)) {
    issues.push({
      path: [...at, own],
      code: "required",
      message: `required: a ${type} metric has its ${own}`,
    });
    return issues;
  }
  const here = [...at, own];
  if (type === "Resource" || type === "ContainerResource") {
    if (str(source.name) === undefined || source.name === "") {
      issues.push({ path: [...here, "name"], code: "required", message: "required: the resource's name" });
    }
    if (type === "ContainerResource" && (str(source.container) ?? "") === "") {
      issues.push({
        path: [...here, "container"],
        code: "required",
        message: "required: the container's name",
      });
    }
  } else {
    if ((str(obj(source.metric).name) ?? "") === "") {
      issues.push({
        path: [...here, "metric", "name"],
        code: "required",
        message: "required: the metric's name",
      });
    }
    if (type === "Object") {
      const described = obj(source.describedObject);
      for (const f of ["kind", "name"] as const) {
        if ((str(described[f]) ?? "") === "") {
          issues.push({
            path: [...here, "describedObject", f],
            code: "required",
            message: `required: the described object's ${f}`,
          });
        }
      }
    }
  }
  issues.push(...targetIssues(type as MetricType, source.target, [...here, "target"]));
  return issues;
}

/** Format checks of an HPA's fields, by the builder's schemas (built on first use). */
const hpaFields = once(
  (): FieldChecks => ({
    "autoscaling/v2.HorizontalPodAutoscalerSpec.minReplicas": hpaReplicas(),
    "autoscaling/v2.HorizontalPodAutoscalerSpec.maxReplicas": hpaReplicas(),
    "autoscaling/v2.CrossVersionObjectReference.name": dnsSubdomain,
    "autoscaling/v2.CrossVersionObjectReference.kind": kindName(),
    "autoscaling/v2.HPAScalingPolicy.type": policyType(),
    "autoscaling/v2.HPAScalingPolicy.value": hpaReplicas(),
    "autoscaling/v2.HPAScalingPolicy.periodSeconds": policyPeriod(),
    "autoscaling/v2.HPAScalingRules.stabilizationWindowSeconds": stabilizationWindow(),
    "autoscaling/v2.HPAScalingRules.selectPolicy": selectPolicy(),
    "autoscaling/v2.MetricTarget.averageUtilization": utilizationPercent(),
  }),
);

/** What the checks of a built or patched HorizontalPodAutoscaler add to every object's. */
export const HPA_CHECKS: KindChecks = {
  get fields() {
    return hpaFields();
  },
  rules: (o: Json) => {
    if (!isObj(o.spec)) return [{ path: ["spec"], code: "required", message: "required: an HPA has a spec" }];
    const spec = o.spec;
    const target = obj(spec.scaleTargetRef);
    const issues = [
      ...replicaRangeIssues(spec.minReplicas, spec.maxReplicas, ["spec", "minReplicas"]),
      ...scaleTargetIssues(target.kind, ["spec", "scaleTargetRef", "kind"]),
    ];
    // Left out, it is "" to the server, which refuses it as it refuses an apiVersion without its group.
    issues.push(
      ...valueIssues(groupVersion(), target.apiVersion ?? "", ["spec", "scaleTargetRef", "apiVersion"]),
    );
    const metrics = arr(spec.metrics);
    if (metrics.length === 0) {
      issues.push({
        path: ["spec", "metrics"],
        code: "required",
        message: "expected a metric to scale on (the builder's cpuUtilization and/or memoryUtilization)",
      });
    }
    metrics.forEach((m, i) => {
      issues.push(...metricIssues(m, ["spec", "metrics", i]));
    });
    for (const dir of ["scaleUp", "scaleDown"] as const) {
      const policies = obj(obj(spec.behavior)[dir]).policies;
      if (Array.isArray(policies) && policies.length === 0) {
        issues.push({
          path: ["spec", "behavior", dir, "policies"],
          code: "too_small",
          message: "expected at least one policy (leave policies out for the default)",
        });
      }
    }
    return issues;
  },
};
