/**
 * Data storage of a monitoring workload (Prometheus TSDB, Grafana database): an emptyDir that lives as long as
 * the pod, or a PersistentVolumeClaim emitted beside the Deployment.
 */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import type { MetaInput } from "../base/labels.ts";
import { derivedName } from "../base/names.ts";
import { k8sApi, objectSchema, once, option, required } from "../base/options.ts";
import { quantity } from "../base/primitives.ts";
import { claimShape, persistentVolumeClaim } from "../kinds/persistent-volume-claim.ts";
import type { VolumeOptions } from "../pod/volume.ts";

const VOLUME = k8sApi("config-and-storage-resources/volume-v1", "Volume");

const emptyDirSource = objectSchema(() => ({
  /** Evict the pod when its data grows past this size, e.g. `10Gi`. @default unset (no limit) */
  sizeLimit: option(quantity, {
    description: "Evict the pod when its data grows past this size, e.g. `10Gi`.",
    unset: "no limit",
    k8s: VOLUME,
  }),
}));

const claimSource = objectSchema(() => ({
  /** Requested size, e.g. `20Gi`. */
  size: required(quantity, { description: "Requested size, e.g. `20Gi`.", k8s: VOLUME }),
  ...claimShape(),
}));

const emptyDirStorage = objectSchema(() => ({
  /** Pod-lifetime storage: data is lost whenever the pod is replaced (rollout, eviction, node loss). */
  emptyDir: required(emptyDirSource(), {
    description:
      "Pod-lifetime storage: data is lost whenever the pod is replaced (rollout, eviction, node loss).",
    k8s: VOLUME,
  }),
}));

const claimStorage = objectSchema(() => ({
  /** A PersistentVolumeClaim, emitted as its own object and kept across pod replacements. */
  persistentVolumeClaim: required(claimSource(), {
    description: "A PersistentVolumeClaim, emitted as its own object and kept across pod replacements.",
    k8s: k8sApi("config-and-storage-resources/persistent-volume-claim-v1", "PersistentVolumeClaim"),
  }),
}));

/** Where a monitoring workload keeps its data: an emptyDir or a PersistentVolumeClaim. */
export const storageSchema = once(() => z.union([emptyDirStorage(), claimStorage()]));

/**
 * The `storage` option of a monitoring workload (`description`: what it keeps there): an emptyDir unless a
 * claim is given.
 */
export function storageOption(description: string) {
  return option(storageSchema(), { description, default: { emptyDir: {} }, k8s: VOLUME });
}

/** `{ emptyDir: { sizeLimit? } }` or `{ persistentVolumeClaim: { size, storageClassName?, accessModes? } }`. */
export type StorageOptions = z.input<ReturnType<typeof storageSchema>>;

/** The pod volume (named `volumeName`) and, for a claim, the PersistentVolumeClaim named `<name>-data`. */
export function buildStorage(
  storage: z.output<ReturnType<typeof storageSchema>>,
  meta: MetaInput,
  volumeName: string,
): { volume: VolumeOptions; claim: PersistentVolumeClaim | undefined } {
  if ("emptyDir" in storage) {
    const sizeLimit = storage.emptyDir.sizeLimit;
    return {
      volume: { name: volumeName, emptyDir: sizeLimit === undefined ? {} : { sizeLimit } },
      claim: undefined,
    };
  }
  const c = storage.persistentVolumeClaim;
  const claimName = derivedName(meta.name, "-data");
  return {
    volume: { name: volumeName, persistentVolumeClaim: { claimName } },
    claim: persistentVolumeClaim({ ...meta, name: claimName, app: meta.app ?? meta.name, ...c }),
  };
}
