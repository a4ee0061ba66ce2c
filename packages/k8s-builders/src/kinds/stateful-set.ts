/** StatefulSet (apps/v1): stable identities and per-pod volumes, for databases. */
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectLabels, objectMeta, selectorLabels } from "../base/labels.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, intAtLeast } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";
import { claimShape, storageSizeSchema } from "./persistent-volume-claim.ts";

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
    /** `OrderedReady` starts pods one by one; `Parallel` all at once. @default "OrderedReady" */
    podManagementPolicy: option(z.enum(["OrderedReady", "Parallel"]), {
      description: "`OrderedReady` starts pods one by one; `Parallel` all at once.",
      default: "OrderedReady",
      k8s: SPEC,
    }),
  };
}

/** The schema of {@link StatefulSetOptions} (built on first use). */
export const StatefulSetOptionsSchema = lazyObject(statefulSetShape);

/** Options of {@link statefulSet}. */
export type StatefulSetOptions = z.input<typeof StatefulSetOptionsSchema>;

/**
 * Builds a StatefulSet with per-pod claims that are kept when the set is deleted or scaled down.
 *
 * @example
 * statefulSet({ name: "postgresql", containers: [{ name: "postgres", image: "postgres:16.4" }],
 *   volumeClaimTemplates: [{ name: "data", storage: "10Gi" }] });
 */
export function statefulSet(options: StatefulSetOptions): StatefulSet {
  const o = parseOptions("statefulSet", StatefulSetOptionsSchema, options, (p) => {
    const claims = (p.volumeClaimTemplates ?? []).map((c) => c.name);
    const issues = podRules(p, claims);
    const volumes = new Set((p.volumes ?? []).map((v) => v.name));
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
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: objectMeta(o, tag),
    spec: {
      serviceName: o.serviceName ?? o.name,
      replicas: o.replicas,
      podManagementPolicy: o.podManagementPolicy,
      selector: { matchLabels: selectorLabels(o) },
      updateStrategy: { type: "RollingUpdate" },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: o.pvcRetention.whenDeleted,
        whenScaled: o.pvcRetention.whenScaled,
      },
      template: buildPodTemplate(o, o),
      ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
    },
  };
}
