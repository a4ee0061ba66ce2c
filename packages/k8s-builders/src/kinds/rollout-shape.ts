/**
 * The rollout fields Deployment, StatefulSet and DaemonSet share (`minReadySeconds`, `revisionHistoryLimit`),
 * declared once: the options, the format checks of built or patched objects, and the spec fields written.
 */
import { option } from "../base/options.ts";
import { intAtLeast, seconds } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";

/** The options (`spec`: the reference of the kind's spec). */
export function rolloutShape(spec: string) {
  return {
    /** Seconds a new pod must be ready before it counts as available. @default unset (Kubernetes: 0) */
    minReadySeconds: option(seconds, {
      description: "Seconds a new pod must be ready before it counts as available.",
      unset: "Kubernetes: 0",
      k8s: spec,
    }),
    /** Old revisions kept for rollback. @default unset (Kubernetes: 10) */
    revisionHistoryLimit: option(intAtLeast(0), {
      description: "Old revisions kept for rollback.",
      unset: "Kubernetes: 10",
      k8s: spec,
    }),
  };
}

/** The format checks of the fields in an object (`spec`: the type's field path, `apps/v1.DeploymentSpec`). */
export function rolloutFieldChecks(spec: string): FieldChecks {
  return { [`${spec}.minReadySeconds`]: seconds, [`${spec}.revisionHistoryLimit`]: intAtLeast(0) };
}

/** The fields as written into a spec: those given. */
export function rolloutSpec(o: {
  readonly minReadySeconds?: number | undefined;
  readonly revisionHistoryLimit?: number | undefined;
}): { minReadySeconds?: number; revisionHistoryLimit?: number } {
  return {
    ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
    ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
  };
}
