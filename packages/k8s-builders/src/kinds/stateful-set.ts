/** StatefulSet (apps/v1): stable identities and per-pod volumes, for databases. */
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectLabels, objectMeta, selectorLabels } from "../base/labels.ts";
import { dnsLabel, dnsSubdomain, intAtLeast } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { buildPodTemplate, podRules, podShape, podVersionTag } from "../pod/pod-template.ts";
import { AccessModesSchema, StorageSizeSchema } from "./persistent-volume-claim.ts";

export const VolumeClaimTemplateSchema = z.strictObject({
  /** Claim name; containers mount it by this name. Pods get `<name>-<statefulset>-<ordinal>`. */
  name: dnsLabel,
  /** Requested size, e.g. `10Gi`. */
  storage: StorageSizeSchema,
  /** Storage class. @default unset (the cluster's default class) */
  storageClassName: z.optional(dnsSubdomain),
  /** How the volume can be mounted: `ReadWriteOnce` by one node at a time. @default ["ReadWriteOnce"] */
  accessModes: z.optional(AccessModesSchema),
});

export const StatefulSetOptionsSchema = z.strictObject({
  ...metaShape,
  /** StatefulSet name (DNS label); pods are `<name>-0`, `<name>-1`… */
  name: dnsLabel,
  ...podShape,
  /** Desired pods. @default 1 */
  replicas: z.optional(intAtLeast(0)),
  /** The headless Service that gives pods their DNS names. @default the StatefulSet's name */
  serviceName: z.optional(dnsLabel),
  /** Per-pod PersistentVolumeClaims. */
  volumeClaimTemplates: z.optional(z.array(VolumeClaimTemplateSchema)),
  /** What happens to the claims when the StatefulSet is deleted or scaled down. @default Retain for both (data is kept) */
  pvcRetention: z.optional(
    z.strictObject({
      /** When the StatefulSet is deleted: `Retain` keeps the claims and their data. @default "Retain" */
      whenDeleted: z.optional(z.enum(["Retain", "Delete"])),
      /** When it is scaled down: `Retain` keeps the removed pods' claims. @default "Retain" */
      whenScaled: z.optional(z.enum(["Retain", "Delete"])),
    }),
  ),
  /** `OrderedReady` starts pods one by one; `Parallel` all at once. @default "OrderedReady" */
  podManagementPolicy: z.optional(z.enum(["OrderedReady", "Parallel"])),
});

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
          code: "duplicate_name",
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
      accessModes: c.accessModes ?? ["ReadWriteOnce"],
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
      replicas: o.replicas ?? 1,
      podManagementPolicy: o.podManagementPolicy ?? "OrderedReady",
      selector: { matchLabels: selectorLabels(o) },
      updateStrategy: { type: "RollingUpdate" },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: o.pvcRetention?.whenDeleted ?? "Retain",
        whenScaled: o.pvcRetention?.whenScaled ?? "Retain",
      },
      template: buildPodTemplate(o, o),
      ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
    },
  };
}
