/** Deployment (apps/v1): a stateless workload with a rolling update that never drops below the desired count. */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta, selectorLabels } from "../base/labels.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { obj } from "../base/object.ts";
import { k8sApi, k8sDocs, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import {
  dnsLabel,
  intAtLeast,
  intOrPercent,
  intOrPercentValue,
  overHundredPercent,
  seconds,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import { rolloutFieldChecks, rolloutShape } from "./rollout-shape.ts";

const SPEC = k8sApi("workload-resources/deployment-v1", "DeploymentSpec");

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
    ...patchShape<BuiltWorkload<Deployment>>(),
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
    /**
     * `RollingUpdate` replaces pods a few at a time (`maxSurge`, `maxUnavailable`); `Recreate` stops every old pod
     * before it starts a new one, for apps whose two versions must never run at once.
     * @default "RollingUpdate"
     */
    strategy: option(z.enum(["RollingUpdate", "Recreate"]), {
      description:
        "`RollingUpdate` replaces pods a few at a time (`maxSurge`, `maxUnavailable`); `Recreate` stops every old pod before it starts a new one, for apps whose two versions must never run at once.",
      default: "RollingUpdate",
      why: "A rolling update keeps the app serving during a rollout; Recreate means downtime on every change.",
      k8s: SPEC,
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
    ...rolloutShape(SPEC),
    /**
     * Seconds a rollout may go without progress before the Deployment reports it failed (more than
     * `minReadySeconds`).
     * @default unset (Kubernetes: 600)
     */
    progressDeadlineSeconds: option(seconds, {
      description:
        "Seconds a rollout may go without progress before the Deployment reports it failed (more than `minReadySeconds`).",
      unset: "Kubernetes: 600",
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
 * The API server's rules of a rolling update (`ValidateRollingUpdateDeployment`): `maxUnavailable` at most 100%,
 * and not both numbers 0. `at` is where `maxSurge` and `maxUnavailable` are.
 */
export function rollingUpdateRules(
  maxSurge: unknown,
  maxUnavailable: unknown,
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (overHundredPercent(maxUnavailable)) {
    issues.push({
      path: [...at, "maxUnavailable"],
      code: "too_big",
      message: `maxUnavailable ${String(maxUnavailable)} is more than 100%`,
    });
  }
  if (intOrPercentValue(maxSurge ?? "25%") === 0 && intOrPercentValue(maxUnavailable ?? "25%") === 0) {
    issues.push({
      path: [...at, "maxUnavailable"],
      code: "rollout_blocked",
      message: "maxSurge and maxUnavailable are both 0: a rollout could never make progress",
    });
  }
  return issues;
}

/** `progressDeadlineSeconds` must be more than `minReadySeconds` (`ValidateDeploymentSpec`). */
export function progressDeadlineRules(
  progressDeadlineSeconds: unknown,
  minReadySeconds: unknown,
  at: readonly PropertyKey[],
): RuleIssue[] {
  const minReady = typeof minReadySeconds === "number" ? minReadySeconds : 0;
  if (typeof progressDeadlineSeconds !== "number") {
    // The API server defaults it to 600 and then requires it above minReadySeconds.
    return minReady < PROGRESS_DEADLINE_SECONDS
      ? []
      : [
          {
            path: [...at, "minReadySeconds"],
            code: "too_big",
            message: `minReadySeconds ${minReady} must be below the progress deadline (${PROGRESS_DEADLINE_SECONDS} s, the Kubernetes default)`,
          },
        ];
  }
  return progressDeadlineSeconds > minReady
    ? []
    : [
        {
          path: [...at, "progressDeadlineSeconds"],
          code: "too_small",
          message: `progressDeadlineSeconds (${progressDeadlineSeconds}) must be more than minReadySeconds (${minReady}): a pod must have time to become available`,
        },
      ];
}

/** Format checks of its own fields, built on first use. */
const deploymentFields = once(
  (): FieldChecks => ({
    "apps/v1.DeploymentSpec.replicas": intAtLeast(0),
    ...rolloutFieldChecks("apps/v1.DeploymentSpec"),
    "apps/v1.DeploymentSpec.progressDeadlineSeconds": seconds,
    "apps/v1.DeploymentStrategy.type": z.enum(["RollingUpdate", "Recreate"]),
    "apps/v1.RollingUpdateDeployment.maxSurge": intOrPercent(),
    "apps/v1.RollingUpdateDeployment.maxUnavailable": intOrPercent(),
  }),
);

/** What the checks of a built or patched Deployment add to every object's: its rollout. */
export const DEPLOYMENT_CHECKS: KindChecks = {
  name: dnsLabel,
  get fields() {
    return deploymentFields();
  },
  rules: (o) => {
    const spec = obj(o.spec);
    const strategy = obj(spec.strategy);
    const at = ["spec", "strategy"];
    const issues: RuleIssue[] = [];
    if (strategy.type === "Recreate" && strategy.rollingUpdate !== undefined) {
      issues.push({
        path: [...at, "rollingUpdate"],
        code: "conflicting_options",
        message:
          "strategy Recreate replaces every pod at once: remove rollingUpdate (set it to null in a patch)",
      });
    } else if (strategy.type !== "Recreate") {
      const ru = obj(strategy.rollingUpdate);
      issues.push(...rollingUpdateRules(ru.maxSurge, ru.maxUnavailable, [...at, "rollingUpdate"]));
    }
    issues.push(...progressDeadlineRules(spec.progressDeadlineSeconds, spec.minReadySeconds, ["spec"]));
    return issues;
  },
};

/**
 * Builds a Deployment with restricted-PSS security written in, selector labels kept apart from the other
 * labels, and a rolling update that keeps every replica serving (`maxUnavailable: 0`).
 *
 * @example
 * deployment({ name: "api", replicas: 2, containers: [{ name: "api", image: "ghcr.io/acme/api:1.4.2" }] });
 */
export function deployment(options: DeploymentOptions): BuiltWorkload<Deployment> {
  const o = parseOptions("deployment", DeploymentOptionsSchema, options, (p) => {
    const issues = podRules(p);
    if (p.strategy === "Recreate") {
      // What the caller wrote: the parsed options always hold the rolling update's numbers (their defaults).
      for (const field of ["maxSurge", "maxUnavailable"] as const) {
        if (options[field] !== undefined) {
          issues.push({
            path: [field],
            code: "conflicting_options",
            message: `${field} is a rolling update's: strategy Recreate replaces every pod at once`,
          });
        }
      }
    } else {
      issues.push(...rollingUpdateRules(p.maxSurge, p.maxUnavailable, []));
    }
    issues.push(...progressDeadlineRules(p.progressDeadlineSeconds, p.minReadySeconds, []));
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
  const built: BuiltWorkload<Deployment> = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(o, tag),
    spec: {
      ...(o.autoscaled ? {} : { replicas: o.replicas }),
      ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
      ...(o.progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: o.progressDeadlineSeconds }),
      selector: { matchLabels: selectorLabels(o) },
      strategy:
        o.strategy === "Recreate"
          ? { type: "Recreate" }
          : {
              type: "RollingUpdate",
              rollingUpdate: { maxSurge: o.maxSurge, maxUnavailable: o.maxUnavailable },
            },
      template: buildPodTemplate(o, o),
    },
  };
  return patched("deployment", built, o.patch, DEPLOYMENT_CHECKS);
}
