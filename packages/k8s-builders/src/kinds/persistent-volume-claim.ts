/** PersistentVolumeClaim (v1): storage that outlives the pods that mount it. */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dnsSubdomain, quantity } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

/** Access modes of a volume. */
export const AccessModesSchema = z
  .array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"]))
  .check(z.minLength(1, { error: "expected at least one access mode" }));

export const PersistentVolumeClaimOptionsSchema = z.strictObject({
  ...metaShape,
  /** Requested size, e.g. `20Gi`. */
  size: quantity,
  /** Storage class. @default unset (the cluster's default class) */
  storageClassName: z.optional(dnsSubdomain),
  /** How the volume can be mounted: `ReadWriteOnce` by one node at a time. @default ["ReadWriteOnce"] */
  accessModes: z.optional(AccessModesSchema),
});

/** Options of {@link persistentVolumeClaim}. */
export type PersistentVolumeClaimOptions = z.input<typeof PersistentVolumeClaimOptionsSchema>;

/**
 * Builds a PersistentVolumeClaim.
 *
 * @example
 * persistentVolumeClaim({ name: "prometheus-data", namespace: "monitoring", size: "20Gi" });
 */
export function persistentVolumeClaim(options: PersistentVolumeClaimOptions): PersistentVolumeClaim {
  const o = parseOptions("persistentVolumeClaim", PersistentVolumeClaimOptionsSchema, options);
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: objectMeta(o),
    spec: {
      accessModes: [...(o.accessModes ?? ["ReadWriteOnce"])],
      ...(o.storageClassName === undefined ? {} : { storageClassName: o.storageClassName }),
      resources: { requests: { storage: String(o.size) } },
    },
  };
}
