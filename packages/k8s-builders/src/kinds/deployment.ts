/** Deployment (apps/v1): a stateless workload with a rolling update that never drops below the desired count. */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta, selectorLabels } from "../base/labels.ts";
import { k8sApi, k8sDocs, lazyObject, option, required } from "../base/options.ts";
import { dnsLabel, intAtLeast, seconds } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";

const SPEC = k8sApi("workload-resources/deployment-v1", "DeploymentSpec");

const intOrPercent = () =>
  z.union([
    z.number().check(z.int(), z.gte(0)),
    z.string().check(z.regex(/^\d+%$/, { error: "expected a whole number or a percentage such as 25%" })),
  ]);

function deploymentShape() {
  return {
    ...metaShape(),
    /**
     * Deployment name; also the default `app.kubernetes.io/name`. A DNS label (≤ 63), since it names pods.
     */
    name: required(dnsLabel, {
      description:
        "Deployment name; also the default `app.kubernetes.io/name`. A DNS label (≤ 63), since it names pods.",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...podShape(),
    /** Desired pods; left out of the manifest with `autoscaled: true`. @default 1 */
    replicas: option(intAtLeast(0), {
      description: "Desired pods; left out of the manifest with `autoscaled: true`.",
      default: 1,
      k8s: SPEC,
    }),
    /**
     * An HorizontalPodAutoscaler owns the replica count: `replicas` is left out of the manifest, so `kubectl
     * apply` never resets a scaled-out Deployment.
     * @default false
     */
    autoscaled: option(z.boolean(), {
      description:
        "An HorizontalPodAutoscaler owns the replica count: `replicas` is left out of the manifest, so `kubectl apply` never resets a scaled-out Deployment.",
      default: false,
      k8s: k8sDocs(
        "tasks/run-application/horizontal-pod-autoscale",
        "migrating-deployments-and-statefulsets-to-horizontal-autoscaling",
      ),
    }),
    /** Rolling update: extra pods during a rollout. @default "25%" */
    maxSurge: option(intOrPercent(), {
      description: "Rolling update: extra pods during a rollout.",
      default: "25%",
      k8s: SPEC,
    }),
    /** Rolling update: pods that may be unavailable during a rollout. @default 0 */
    maxUnavailable: option(intOrPercent(), {
      description: "Rolling update: pods that may be unavailable during a rollout.",
      default: 0,
      why: "Zero-downtime: a rollout starts each new pod before it stops an old one, so capacity never drops.",
      k8s: SPEC,
    }),
    /** Seconds a new pod must be ready before it counts as available. @default unset (Kubernetes: 0) */
    minReadySeconds: option(seconds, {
      description: "Seconds a new pod must be ready before it counts as available.",
      unset: "Kubernetes: 0",
      k8s: SPEC,
    }),
    /** Old ReplicaSets kept for rollback. @default unset (Kubernetes: 10) */
    revisionHistoryLimit: option(intAtLeast(0), {
      description: "Old ReplicaSets kept for rollback.",
      unset: "Kubernetes: 10",
      k8s: SPEC,
    }),
  };
}

/** The schema of {@link DeploymentOptions} (built on first use). */
export const DeploymentOptionsSchema = lazyObject(deploymentShape);

/** Options of {@link deployment}. */
export type DeploymentOptions = z.input<typeof DeploymentOptionsSchema>;

/** Kubernetes' default spec.progressDeadlineSeconds (the builder does not set it). */
const PROGRESS_DEADLINE_SECONDS = 600;

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
    const isZero = (v: number | string) => v === 0 || (typeof v === "string" && /^0+%$/.test(v));
    if (typeof p.maxUnavailable === "string" && Number.parseInt(p.maxUnavailable, 10) > 100) {
      issues.push({
        path: ["maxUnavailable"],
        code: "too_big",
        message: `maxUnavailable ${p.maxUnavailable} is more than 100%`,
      });
    }
    if (isZero(p.maxSurge) && isZero(p.maxUnavailable)) {
      issues.push({
        path: ["maxUnavailable"],
        code: "rollout_blocked",
        message: "maxSurge and maxUnavailable are both 0: a rollout could never make progress",
      });
    }
    // The API server defaults spec.progressDeadlineSeconds to 600 and requires it above minReadySeconds.
    if (p.minReadySeconds !== undefined && p.minReadySeconds >= PROGRESS_DEADLINE_SECONDS) {
      issues.push({
        path: ["minReadySeconds"],
        code: "too_big",
        message: `minReadySeconds ${p.minReadySeconds} must be below the progress deadline (${PROGRESS_DEADLINE_SECONDS} s, the Kubernetes default)`,
      });
    }
    // What the caller wrote: the parsed options always hold replicas (its default).
    if (p.autoscaled && options.replicas !== undefined) {
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
      ...(o.autoscaled ? {} : { replicas: o.replicas }),
      ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      selector: { matchLabels: selectorLabels(o) },
      strategy: {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable },
      },
      template: buildPodTemplate(o, o),
    },
  };
}
