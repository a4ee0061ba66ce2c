/** StatefulSet (apps/v1): stable identities and per-pod volumes, for databases. */
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectLabels, objectMeta, selectorLabels } from "../base/labels.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { type Json, obj } from "../base/object.ts";
import { k8sApi, lazyObject, objectSchema, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import {
  dnsLabel,
  intAtLeast,
  intOrPercent,
  intOrPercentValue,
  overHundredPercent,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue, valueIssues } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";
import { resolveSecurity } from "../pod/security-context.ts";
import { writableVolumeName } from "../pod/volume-build.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import {
  claimFieldChecks,
  claimShape,
  claimSpecIssues,
  storageSizeSchema,
} from "./persistent-volume-claim.ts";
import { rolloutFieldChecks, rolloutShape, rolloutSpec } from "./rollout-shape.ts";

const SPEC = k8sApi("workload-resources/stateful-set-v1", "StatefulSetSpec");

export const volumeClaimTemplateSchema = objectSchema(() => ({
  /** Claim name; containers mount it by this name. Pods get `<name>-<statefulset>-<ordinal>`. */
  name: required(dnsLabel, {
    description: "Claim name; containers mount it by this name. Pods get `<name>-<statefulset>-<ordinal>`.",
    k8s: SPEC,
  }),
  /** Requested size, e.g. `10Gi`. */
  storage: required(storageSizeSchema(), { description: "Requested size, e.g. `10Gi`.", k8s: SPEC }),
  ...claimShape(),
}));

const retentionSchema = objectSchema(() => ({
  /** When the StatefulSet is deleted: `Retain` keeps the claims and their data. @default "Retain" */
  whenDeleted: option(z.enum(["Retain", "Delete"]), {
    description: "When the StatefulSet is deleted: `Retain` keeps the claims and their data.",
    default: "Retain",
    why: "Deleting a StatefulSet by mistake must not delete its data.",
    k8s: SPEC,
  }),
  /** When it is scaled down: `Retain` keeps the removed pods' claims. @default "Retain" */
  whenScaled: option(z.enum(["Retain", "Delete"]), {
    description: "When it is scaled down: `Retain` keeps the removed pods' claims.",
    default: "Retain",
    why: "Scaling down and up again finds the data where it was.",
    k8s: SPEC,
  }),
}));

function statefulSetShape() {
  return {
    ...metaShape(),
    /** StatefulSet name (DNS label); pods are `<name>-0`, `<name>-1`… */
    name: required(dnsLabel, {
      description: "StatefulSet name (DNS label); pods are `<name>-0`, `<name>-1`…",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...podShape(),
    ...patchShape<BuiltWorkload<StatefulSet>>(),
    /** Desired pods. @default 1 */
    replicas: option(intAtLeast(0), { description: "Desired pods.", default: 1, k8s: SPEC }),
    /** The headless Service that gives pods their DNS names. @default the StatefulSet's name */
    serviceName: option(dnsLabel, {
      description: "The headless Service that gives pods their DNS names.",
      derived: "the StatefulSet's name",
      k8s: SPEC,
    }),
    /** Per-pod PersistentVolumeClaims. @default unset (none) */
    volumeClaimTemplates: option(z.array(volumeClaimTemplateSchema()), {
      description: "Per-pod PersistentVolumeClaims.",
      unset: "none",
      k8s: SPEC,
    }),
    /** What happens to the claims when the StatefulSet is deleted or scaled down. @default {} */
    pvcRetention: option(retentionSchema(), {
      description: "What happens to the claims when the StatefulSet is deleted or scaled down.",
      prefault: {},
      k8s: SPEC,
    }),
    /**
     * `RollingUpdate` replaces the pods one by one from the highest ordinal when the template changes; `OnDelete`
     * only when you delete them.
     * @default "RollingUpdate"
     */
    updateStrategy: option(z.enum(["RollingUpdate", "OnDelete"]), {
      description:
        "`RollingUpdate` replaces the pods one by one from the highest ordinal when the template changes; `OnDelete` only when you delete them.",
      default: "RollingUpdate",
      k8s: SPEC,
    }),
    /**
     * Rolling update: only pods with an ordinal at or above it are updated (a canary, or a staged rollout).
     * @default unset (Kubernetes: 0, every pod)
     */
    partition: option(intAtLeast(0), {
      description:
        "Rolling update: only pods with an ordinal at or above it are updated (a canary, or a staged rollout).",
      unset: "Kubernetes: 0, every pod",
      k8s: SPEC,
    }),
    /**
     * Rolling update: pods that may be unavailable at once (not 0; Kubernetes ≥ 1.35, with `Parallel` pod
     * management).
     * @default unset (Kubernetes: 1)
     */
    maxUnavailable: option(intOrPercent(), {
      description:
        "Rolling update: pods that may be unavailable at once (not 0; Kubernetes ≥ 1.35, with `Parallel` pod management).",
      unset: "Kubernetes: 1",
      k8s: SPEC,
    }),
    ...rolloutShape(SPEC),
    /** `OrderedReady` starts pods one by one; `Parallel` all at once. @default "OrderedReady" */
    podManagementPolicy: option(z.enum(["OrderedReady", "Parallel"]), {
      description: "`OrderedReady` starts pods one by one; `Parallel` all at once.",
      default: "OrderedReady",
      k8s: SPEC,
    }),
  };
}

/**
 * The longest StatefulSet name whose pods are created: each pod gets the label `controller-revision-hash:
 * <name>-<hash>` (a hash of up to 10 characters), and a label value is at most 63 characters.
 */
const MAX_STATEFUL_SET_NAME = 52;

/** The schema of {@link StatefulSetOptions} (built on first use). */
export const StatefulSetOptionsSchema = lazyObject(statefulSetShape);

/** Options of {@link statefulSet}. */
export type StatefulSetOptions = z.input<typeof StatefulSetOptionsSchema>;

/**
 * The API server's rules of a StatefulSet's rolling update (`validateRollingUpdateStatefulSet`): `maxUnavailable`
 * is not 0 and at most 100%. `at` is where `maxUnavailable` is.
 */
export function statefulRollingUpdateRules(maxUnavailable: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (maxUnavailable === undefined) return [];
  const path = [...at, "maxUnavailable"];
  if (intOrPercentValue(maxUnavailable) === 0) {
    return [
      { path, code: "too_small", message: "maxUnavailable 0 would never update a pod: at least 1 (or 1%)" },
    ];
  }
  return overHundredPercent(maxUnavailable)
    ? [{ path, code: "too_big", message: `maxUnavailable ${String(maxUnavailable)} is more than 100%` }]
    : [];
}

const claimNames = (o: Json): string[] =>
  (Array.isArray(obj(o.spec).volumeClaimTemplates) ? (obj(o.spec).volumeClaimTemplates as unknown[]) : [])
    .map((c) => obj(obj(c).metadata).name)
    .filter((n): n is string => typeof n === "string");

/** Format checks of its own fields, built on first use. */
const statefulSetFields = once(
  (): FieldChecks => ({
    ...claimFieldChecks(),
    "apps/v1.StatefulSetSpec.replicas": intAtLeast(0),
    "apps/v1.StatefulSetSpec.serviceName": dnsLabel,
    ...rolloutFieldChecks("apps/v1.StatefulSetSpec"),
    "apps/v1.StatefulSetSpec.podManagementPolicy": z.enum(["OrderedReady", "Parallel"]),
    "apps/v1.StatefulSetUpdateStrategy.type": z.enum(["RollingUpdate", "OnDelete"]),
    "apps/v1.RollingUpdateStatefulSetStrategy.partition": intAtLeast(0),
    "apps/v1.RollingUpdateStatefulSetStrategy.maxUnavailable": intOrPercent(),
    "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenDeleted": z.enum(["Retain", "Delete"]),
    "apps/v1.StatefulSetPersistentVolumeClaimRetentionPolicy.whenScaled": z.enum(["Retain", "Delete"]),
  }),
);

/** What the checks of a built or patched StatefulSet add to every object's: its rollout and its claims. */
export const STATEFUL_SET_CHECKS: KindChecks = {
  name: dnsLabel,
  get fields() {
    return statefulSetFields();
  },
  mountable: claimNames,
  rules: (o) => {
    const spec = obj(o.spec);
    const strategy = obj(spec.updateStrategy);
    const issues: RuleIssue[] = [];
    if (strategy.type === "OnDelete" && strategy.rollingUpdate !== undefined) {
      issues.push({
        path: ["spec", "updateStrategy", "rollingUpdate"],
        code: "conflicting_options",
        message: "updateStrategy OnDelete replaces pods when you delete them: remove rollingUpdate",
      });
    }
    issues.push(
      ...statefulRollingUpdateRules(obj(strategy.rollingUpdate).maxUnavailable, [
        "spec",
        "updateStrategy",
        "rollingUpdate",
      ]),
    );
    const volumes = new Set(
      (Array.isArray(obj(obj(obj(spec.template).spec)).volumes)
        ? (obj(obj(spec.template).spec).volumes as unknown[])
        : []
      ).map((v) => obj(v).name),
    );
    const templates = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : [];
    const seen = new Set<unknown>();
    templates.forEach((t, i) => {
      const at = ["spec", "volumeClaimTemplates", i];
      const name = obj(obj(t).metadata).name;
      if (name === undefined) {
        issues.push({
          path: [...at, "metadata", "name"],
          code: "required",
          message: "required: a claim template has a name",
        });
      } else {
        issues.push(...valueIssues(dnsLabel, name, [...at, "metadata", "name"]));
        if (seen.has(name) || volumes.has(name)) {
          issues.push({
            path: [...at, "metadata", "name"],
            code: "duplicate",
            message: `volume "${String(name)}" is defined twice`,
          });
        }
        seen.add(name);
      }
      issues.push(...claimSpecIssues(obj(t).spec, [...at, "spec"]));
    });
    return issues;
  },
};

/**
 * Builds a StatefulSet with per-pod claims that are kept when the set is deleted or scaled down.
 *
 * @example
 * statefulSet({ name: "postgresql", containers: [{ name: "postgres", image: "postgres:16.4" }],
 *   volumeClaimTemplates: [{ name: "data", storage: "10Gi" }] });
 */
export function statefulSet(options: StatefulSetOptions): BuiltWorkload<StatefulSet> {
  const o = parseOptions("statefulSet", StatefulSetOptionsSchema, options, (p) => {
    const claims = (p.volumeClaimTemplates ?? []).map((c) => c.name);
    const issues = podRules(p, claims);
    if (p.name.length > MAX_STATEFUL_SET_NAME) {
      issues.push({
        path: ["name"],
        code: "too_big",
        message: `"${p.name}" is ${p.name.length} characters: a StatefulSet name longer than ${MAX_STATEFUL_SET_NAME} never gets pods, because its pods' controller-revision-hash label ("<name>-<hash>") would exceed 63 characters (kubernetes/kubernetes#64023)`,
      });
    }
    // The pod's volumes, the writable emptyDirs among them: the controller would replace one named like a claim.
    const volumes = new Set([
      ...(p.volumes ?? []).map((v) => v.name),
      ...resolveSecurity(p.security).writablePaths.map(writableVolumeName),
    ]);
    if (p.updateStrategy === "OnDelete") {
      for (const field of ["partition", "maxUnavailable"] as const) {
        if (p[field] !== undefined) {
          issues.push({
            path: [field],
            code: "conflicting_options",
            message: `${field} is a rolling update's: with updateStrategy OnDelete, pods are replaced when you delete them`,
          });
        }
      }
    }
    issues.push(...statefulRollingUpdateRules(p.maxUnavailable, []));
    claims.forEach((c, i) => {
      if (volumes.has(c) || claims.indexOf(c) !== i) {
        issues.push({
          path: ["volumeClaimTemplates", i, "name"],
          code: "duplicate",
          message: `volume "${c}" is defined twice`,
        });
      }
    });
    return issues;
  });
  const tag = podVersionTag(o);
  // volumeClaimTemplates can never change after creation: their labels leave out the version (which follows the
  // image tag), so upgrading the image stays an allowed update.
  const { "app.kubernetes.io/version": _version, ...labels } = objectLabels(o, tag);
  const claims: PersistentVolumeClaim[] = (o.volumeClaimTemplates ?? []).map((c) => ({
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: c.name, labels },
    spec: {
      accessModes: c.accessModes,
      ...(c.storageClassName === undefined ? {} : { storageClassName: c.storageClassName }),
      resources: { requests: { storage: String(c.storage) } },
    },
  }));
  const built: BuiltWorkload<StatefulSet> = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: objectMeta(o, tag),
    spec: {
      serviceName: o.serviceName ?? o.name,
      replicas: o.replicas,
      podManagementPolicy: o.podManagementPolicy,
      ...rolloutSpec(o),
      selector: { matchLabels: selectorLabels(o) },
      updateStrategy:
        o.updateStrategy === "OnDelete"
          ? { type: "OnDelete" }
          : {
              type: "RollingUpdate",
              ...(o.partition === undefined && o.maxUnavailable === undefined
                ? {}
                : {
                    rollingUpdate: {
                      ...(o.partition === undefined ? {} : { partition: o.partition }),
                      ...(o.maxUnavailable === undefined ? {} : { maxUnavailable: o.maxUnavailable }),
                    },
                  }),
            },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: o.pvcRetention.whenDeleted,
        whenScaled: o.pvcRetention.whenScaled,
      },
      template: buildPodTemplate(o, o),
      ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
    },
  };
  return patched("statefulSet", built, o.patch, STATEFUL_SET_CHECKS);
}
