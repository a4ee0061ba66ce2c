/** DaemonSet (apps/v1): one pod on every node (or every node a selector or tolerations admit). */
import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta, selectorLabels } from "../base/labels.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { obj } from "../base/object.ts";
import { k8sApi, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel, intOrPercent, intOrPercentValue, overHundredPercent } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import { rolloutFieldChecks, rolloutShape, rolloutSpec } from "./rollout-shape.ts";

const SPEC = k8sApi("workload-resources/daemon-set-v1", "DaemonSetSpec");

function daemonSetShape() {
  return {
    ...metaShape(),
    /** DaemonSet name; also the default `app.kubernetes.io/name`. A DNS label (≤ 63), since it names pods. */
    name: required(dnsLabel, {
      description:
        "DaemonSet name; also the default `app.kubernetes.io/name`. A DNS label (≤ 63), since it names pods.",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...podShape(),
    ...patchShape<BuiltWorkload<DaemonSet>>(),
    /**
     * `RollingUpdate` replaces the pods node by node when the template changes (`maxUnavailable`, `maxSurge`);
     * `OnDelete` only when you delete them.
     * @default "RollingUpdate"
     */
    updateStrategy: option(z.enum(["RollingUpdate", "OnDelete"]), {
      description:
        "`RollingUpdate` replaces the pods node by node when the template changes (`maxUnavailable`, `maxSurge`); `OnDelete` only when you delete them.",
      default: "RollingUpdate",
      k8s: SPEC,
    }),
    /**
     * Rolling update: nodes whose pod may be down at once (0 with `maxSurge`: the API allows only one of the
     * two).
     * @default unset: Kubernetes' 1; 0 when `maxSurge` is given
     */
    maxUnavailable: option(intOrPercent(), {
      description:
        "Rolling update: nodes whose pod may be down at once (0 with `maxSurge`: the API allows only one of the two).",
      derived: "unset: Kubernetes' 1; 0 when `maxSurge` is given",
      k8s: SPEC,
    }),
    /**
     * Rolling update: nodes that may run the new pod beside the old one until it is ready (no downtime on the
     * node; needs `maxUnavailable` 0, which is then written).
     * @default unset (Kubernetes: 0)
     */
    maxSurge: option(intOrPercent(), {
      description:
        "Rolling update: nodes that may run the new pod beside the old one until it is ready (no downtime on the node; needs `maxUnavailable` 0, which is then written).",
      unset: "Kubernetes: 0",
      k8s: SPEC,
    }),
    ...rolloutShape(SPEC),
  };
}

/** The schema of {@link DaemonSetOptions} (built on first use). */
export const DaemonSetOptionsSchema = lazyObject(daemonSetShape);

/** Options of {@link daemonSet}. */
export type DaemonSetOptions = z.input<typeof DaemonSetOptionsSchema>;

/**
 * The API server's rules of a DaemonSet's rolling update (`ValidateRollingUpdateDaemonSet`), on the values as
 * it defaults them (`maxUnavailable` 1, `maxSurge` 0): neither above 100%, and exactly one of them not 0.
 * `at` is where both are.
 */
export function daemonRollingUpdateRules(
  maxSurge: unknown,
  maxUnavailable: unknown,
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [field, v] of [
    ["maxUnavailable", maxUnavailable],
    ["maxSurge", maxSurge],
  ] as const) {
    if (overHundredPercent(v)) {
      issues.push({
        path: [...at, field],
        code: "too_big",
        message: `${field} ${String(v)} is more than 100%`,
      });
    }
  }
  const unavailable = intOrPercentValue(maxUnavailable ?? 1) !== 0;
  const surge = intOrPercentValue(maxSurge ?? 0) !== 0;
  if (unavailable && surge) {
    issues.push({
      path: [...at, "maxSurge"],
      code: "conflicting_options",
      message:
        "maxSurge and maxUnavailable are both set above 0: a DaemonSet takes only one (maxSurge with maxUnavailable 0)",
    });
  } else if (!unavailable && !surge) {
    issues.push({
      path: [...at, "maxUnavailable"],
      code: "rollout_blocked",
      message: "maxSurge and maxUnavailable are both 0: a rollout could never make progress",
    });
  }
  return issues;
}

/** Format checks of its own fields, built on first use. */
const daemonSetFields = once(
  (): FieldChecks => ({
    ...rolloutFieldChecks("apps/v1.DaemonSetSpec"),
    "apps/v1.DaemonSetUpdateStrategy.type": z.enum(["RollingUpdate", "OnDelete"]),
    "apps/v1.RollingUpdateDaemonSet.maxSurge": intOrPercent(),
    "apps/v1.RollingUpdateDaemonSet.maxUnavailable": intOrPercent(),
  }),
);

/** What the checks of a built or patched DaemonSet add to every object's: its rolling update. */
export const DAEMON_SET_CHECKS: KindChecks = {
  name: dnsLabel,
  get fields() {
    return daemonSetFields();
  },
  rules: (o) => {
    const strategy = obj(obj(o.spec).updateStrategy);
    const at = ["spec", "updateStrategy"];
    if (strategy.type === "OnDelete") {
      return strategy.rollingUpdate === undefined
        ? []
        : [
            {
              path: [...at, "rollingUpdate"],
              code: "conflicting_options",
              message: "updateStrategy OnDelete replaces pods when you delete them: remove rollingUpdate",
            },
          ];
    }
    const ru = obj(strategy.rollingUpdate);
    return daemonRollingUpdateRules(ru.maxSurge, ru.maxUnavailable, [...at, "rollingUpdate"]);
  },
};

/**
 * Builds a DaemonSet, one pod per node, with restricted-PSS security written in and selector labels kept apart
 * from the other labels. A node agent that needs the host (host network, host paths, privileged) sets it with a
 * `patch`, and `validateBundle` then reports its Pod Security level.
 *
 * @example
 * daemonSet({ name: "log-shipper", containers: [{ name: "shipper", image: "ghcr.io/acme/shipper:3.0.1" }],
 *   tolerations: [{ operator: "Exists" }] });
 */
export function daemonSet(options: DaemonSetOptions): BuiltWorkload<DaemonSet> {
  const o = parseOptions("daemonSet", DaemonSetOptionsSchema, options, (p) => {
    const issues = podRules(p);
    if (p.updateStrategy === "OnDelete") {
      for (const field of ["maxSurge", "maxUnavailable"] as const) {
        if (p[field] !== undefined) {
          issues.push({
            path: [field],
            code: "conflicting_options",
            message: `${field} is a rolling update's: with updateStrategy OnDelete, pods are replaced when you delete them`,
          });
        }
      }
    } else {
      issues.push(...daemonRollingUpdateRules(p.maxSurge, unavailableOf(p), []));
    }
    return issues;
  });
  const maxUnavailable = unavailableOf(o);
  const rolling = {
    ...(maxUnavailable === undefined ? {} : { maxUnavailable }),
    ...(o.maxSurge === undefined ? {} : { maxSurge: o.maxSurge }),
  };
  const built: BuiltWorkload<DaemonSet> = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: objectMeta(o, podVersionTag(o)),
    spec: {
      ...rolloutSpec(o),
      selector: { matchLabels: selectorLabels(o) },
      updateStrategy:
        o.updateStrategy === "OnDelete"
          ? { type: "OnDelete" }
          : {
              type: "RollingUpdate",
              ...(Object.keys(rolling).length === 0 ? {} : { rollingUpdate: rolling }),
            },
      template: buildPodTemplate(o, o),
    },
  };
  return patched("daemonSet", built, o.patch, DAEMON_SET_CHECKS);
}

/** The `maxUnavailable` to write: as given; 0 with a `maxSurge` (the API takes only one of the two). */
function unavailableOf(p: {
  maxUnavailable?: number | string | undefined;
  maxSurge?: number | string | undefined;
}) {
  if (p.maxUnavailable !== undefined) return p.maxUnavailable;
  return p.maxSurge !== undefined && intOrPercentValue(p.maxSurge) !== 0 ? 0 : undefined;
}
