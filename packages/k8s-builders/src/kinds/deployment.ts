/** Deployment (apps/v1): a stateless workload with a rolling update that never drops below the desired count. */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta, selectorLabels } from "../base/labels.ts";
import { dnsLabel, intAtLeast, seconds } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { buildPodTemplate, podRules, podShape, podVersionTag } from "../pod/pod-template.ts";

const intOrPercent = z.union([
  z.number().check(z.int(), z.gte(0)),
  z.string().check(z.regex(/^\d+%$/, { error: "expected a whole number or a percentage such as 25%" })),
]);

export const DeploymentOptionsSchema = z.strictObject({
  ...metaShape,
  /** Deployment name; also the default `app.kubernetes.io/name`. A DNS label (≤ 63), since it names pods. */
  name: dnsLabel,
  ...podShape,
  /** Desired pods. Leave it to an HPA with `autoscaled: true`. @default 1 */
  replicas: z.optional(intAtLeast(0)),
  /**
   * An HorizontalPodAutoscaler owns the replica count: `replicas` is left out of the manifest, so
   * `kubectl apply` never resets a scaled-out Deployment. @default false
   */
  autoscaled: z.optional(z.boolean()),
  /** Rolling update: extra pods during a rollout. @default "25%" */
  maxSurge: z.optional(intOrPercent),
  /** Rolling update: pods that may be unavailable during a rollout. @default 0 (zero-downtime) */
  maxUnavailable: z.optional(intOrPercent),
  /** Seconds a new pod must be ready before it counts as available. @default unset (Kubernetes: 0) */
  minReadySeconds: z.optional(seconds),
  /** Old ReplicaSets kept for rollback. @default unset (Kubernetes: 10) */
  revisionHistoryLimit: z.optional(intAtLeast(0)),
});

/** Options of {@link deployment}. */
export type DeploymentOptions = z.input<typeof DeploymentOptionsSchema>;

/**
 * Builds a Deployment with restricted-PSS security written in, selector labels kept apart from the other
 * labels, and a rolling update that keeps every replica serving (`maxUnavailable: 0`).
 *
 * @example
 * deployment({ name: "api", replicas: 2, containers: [{ name: "api", image: "ghcr.io/acme/api:1.4.2" }] });
 */
export function deployment(options: DeploymentOptions): Deployment {
  const o = parseOptions("deployment", DeploymentOptionsSchema, options, (p) => {
    const issues = podRules(p);
    const isZero = (v: number | string | undefined) => v === 0 || (typeof v === "string" && /^0+%$/.test(v));
    if (typeof p.maxUnavailable === "string" && Number.parseInt(p.maxUnavailable, 10) > 100) {
      issues.push({
        path: ["maxUnavailable"],
        code: "too_big",
        message: `maxUnavailable ${p.maxUnavailable} is more than 100%`,
      });
    }
    if (isZero(p.maxSurge) && isZero(p.maxUnavailable ?? 0)) {
      issues.push({
        path: ["maxUnavailable"],
        code: "rollout_blocked",
        message: "maxSurge and maxUnavailable are both 0: a rollout could never make progress",
      });
    }
    if (p.autoscaled === true && p.replicas !== undefined) {
      issues.push({
        path: ["replicas"],
        code: "conflicting_options",
        message:
          "replicas is set but autoscaled is true: the HPA owns the replica count (set minReplicas there)",
      });
    }
    return issues;
  });
  const tag = podVersionTag(o);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(o, tag),
    spec: {
      ...(o.autoscaled === true ? {} : { replicas: o.replicas ?? 1 }),
      ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      selector: { matchLabels: selectorLabels(o) },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: o.maxSurge ?? "25%", maxUnavailable: o.maxUnavailable ?? 0 },
      },
      template: buildPodTemplate(o, o),
    },
  };
}
