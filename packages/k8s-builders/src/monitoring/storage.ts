/**
 * Data storage of a monitoring workload (Prometheus TSDB, Grafana database): an emptyDir that lives as long as
 * the pod, or a PersistentVolumeClaim emitted beside the Deployment.
 */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import type { MetaInput } from "../base/labels.ts";
import { dnsSubdomain, quantity } from "../base/primitives.ts";
import { accessModesSchema, persistentVolumeClaim } from "../kinds/persistent-volume-claim.ts";
import type { VolumeOptions } from "../pod/volume.ts";

export const StorageSchema = z.union([
  z.strictObject({
    /** Pod-lifetime storage: data is lost whenever the pod is replaced (rollout, eviction, node loss). */
    emptyDir: z.strictObject({
      /** Evict the pod when its data grows past this size, e.g. `10Gi`. @default unset (no limit) */
      sizeLimit: z.optional(quantity),
    }),
  }),
  z.strictObject({
    /** A PersistentVolumeClaim, emitted as its own object and kept across pod replacements. */
    persistentVolumeClaim: z.strictObject({
      /** Requested size, e.g. `20Gi`. */
      size: quantity,
      /** Storage class. @default unset (the cluster's default class) */
      storageClassName: z.optional(dnsSubdomain),
      /** How the volume can be mounted: `ReadWriteOnce` by one node at a time. @default ["ReadWriteOnce"] */
      accessModes: z.optional(accessModesSchema()),
    }),
  }),
]);

/** `{ emptyDir: { sizeLimit? } }` or `{ persistentVolumeClaim: { size, storageClassName?, accessModes? } }`. */
export type StorageOptions = z.input<typeof StorageSchema>;

/** The pod volume (named `volumeName`) and, for a claim, the PersistentVolumeClaim named `<name>-data`. */
export function buildStorage(
  storage: z.output<typeof StorageSchema> | undefined,
  meta: MetaInput,
  volumeName: string,
): { volume: VolumeOptions; claim: PersistentVolumeClaim | undefined } {
  if (storage === undefined || "emptyDir" in storage) {
    const sizeLimit = storage?.emptyDir.sizeLimit;
    return {
      volume: { name: volumeName, emptyDir: sizeLimit === undefined ? {} : { sizeLimit } },
      claim: undefined,
    };
  }
  const c = storage.persistentVolumeClaim;
  const claimName = `${meta.name}-data`;
  return {
    volume: { name: volumeName, persistentVolumeClaim: { claimName } },
    claim: persistentVolumeClaim({ ...meta, name: claimName, app: meta.app ?? meta.name, ...c }),
  };
}
