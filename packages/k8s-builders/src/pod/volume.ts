/** Pod volumes and container mounts. Each volume has exactly one source. */
import * as z from "zod/mini";
import type { IssueParams } from "../base/issue-codes.ts";
import { k8sApi, objectSchema, option, required } from "../base/options.ts";
import { configMapKey, dnsLabel, dnsSubdomain, quantity } from "../base/primitives.ts";
import { resourceFieldRefSchema, subscriptKeyCheck } from "./env.ts";

const VOLUME = k8sApi("config-and-storage-resources/volume-v1", "Volume");
const DOWNWARD = k8sApi("config-and-storage-resources/volume-v1", "downwardAPI");
const MOUNTS = k8sApi("workload-resources/pod-v1", "volumes-1");

/** A file mode, 0 to 0o777. */
export const fileMode = () =>
  z.number().check(z.int(), z.gte(0), z.lte(0o777, { error: "expected a file mode ≤ 0o777" }));
const mode = fileMode;

/** A file path inside a volume: relative, without `..` (`ValidateLocalNonReservedPath`). */
export function isVolumeFilePath(p: string): boolean {
  return p !== "" && !p.startsWith("/") && !p.split("/").includes("..") && !p.startsWith("..");
}
const volumeFilePath = () =>
  z.string().check(
    z.refine(isVolumeFilePath, {
      error: (i) => `${JSON.stringify(i.input)} is not a file path inside the volume: relative, without ".."`,
      params: { code: "invalid_format" },
    }),
  );

/** A path below a mount (`subPath`): relative, without a `..` element (`validateLocalDescendingPath`). */
export function isDescendingPath(p: string): boolean {
  return !p.startsWith("/") && !p.split("/").includes("..");
}

/** The pod fields a volume file can hold (`validVolumeDownwardAPIFieldPathExpressions`, and one label or annotation). */
export const VOLUME_FIELD_PATH =
  /^metadata\.(name|namespace|uid|labels|annotations|labels\['[^']+'\]|annotations\['[^']+'\])$/;

const keyToPathSchema = objectSchema(() => ({
  /** The key of the ConfigMap or Secret. */
  key: required(configMapKey, {
    description: "The key of the ConfigMap or Secret.",
    k8s: VOLUME,
  }),
  /** The file it becomes, relative to the mount path. */
  path: required(volumeFilePath(), {
    description: "The file it becomes, relative to the mount path.",
    k8s: VOLUME,
  }),
  /** File mode, e.g. `0o440`. @default unset (the volume's `defaultMode`) */
  mode: option(mode(), {
    description: "File mode, e.g. `0o440`.",
    unset: "the volume's `defaultMode`",
    k8s: VOLUME,
  }),
}));

function configSourceShape() {
  return {
    /** Name of the ConfigMap or Secret. */
    name: required(dnsSubdomain, { description: "Name of the ConfigMap or Secret.", k8s: VOLUME }),
    /** Only these keys, at these paths. @default unset (every key, as a file of its name) */
    items: option(z.array(keyToPathSchema()), {
      description: "Only these keys, at these paths.",
      unset: "every key, as a file of its name",
      k8s: VOLUME,
    }),
    /** Start even when the object or a key is missing. @default unset (the object and keys must exist) */
    optional: option(z.boolean(), {
      description: "Start even when the object or a key is missing.",
      unset: "the object and keys must exist",
      k8s: VOLUME,
    }),
  };
}

const configSourceSchema = objectSchema(configSourceShape);
const fileSourceSchema = objectSchema(() => ({
  ...configSourceShape(),
  /** Mode of the files, e.g. `0o444`. @default unset (Kubernetes: 0o644) */
  defaultMode: option(mode(), {
    description: "Mode of the files, e.g. `0o444`.",
    unset: "Kubernetes: 0o644",
    k8s: VOLUME,
  }),
}));

const emptyDirSchema = objectSchema(() => ({
  /** `Memory` for a tmpfs, counted against the container's memory. @default unset (the node's disk) */
  medium: option(z.enum(["Memory"]), {
    description: "`Memory` for a tmpfs, counted against the container's memory.",
    unset: "the node's disk",
    k8s: VOLUME,
  }),
  /** Largest size, e.g. `1Gi`; the pod is evicted above it. @default unset (no limit) */
  sizeLimit: option(quantity, {
    description: "Largest size, e.g. `1Gi`; the pod is evicted above it.",
    unset: "no limit",
    k8s: VOLUME,
  }),
}));

const claimSourceSchema = objectSchema(() => ({
  /** Name of the claim. */
  claimName: required(dnsSubdomain, { description: "Name of the claim.", k8s: VOLUME }),
  /** Mount the claim read-only. @default unset (read-write) */
  readOnly: option(z.boolean(), {
    description: "Mount the claim read-only.",
    unset: "read-write",
    k8s: VOLUME,
  }),
}));

const volumeFieldRefSchema = objectSchema(() => ({
  /** The pod field: `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations`. */
  fieldPath: required(
    z.string().check(
      z.regex(VOLUME_FIELD_PATH, {
        error:
          "expected metadata.name, metadata.namespace, metadata.uid, metadata.labels or metadata.annotations (or one label or annotation)",
        abort: true,
      }),
      subscriptKeyCheck(),
    ),
    {
      description:
        "The pod field: `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels`, `metadata.annotations`.",
      k8s: DOWNWARD,
    },
  ),
}));

export const downwardFileSchema = objectSchema(
  () => ({
    /** The file, relative to the mount path. */
    path: required(volumeFilePath(), { description: "The file, relative to the mount path.", k8s: DOWNWARD }),
    /** A field of the pod. Exactly one of `fieldRef` and `resourceFieldRef`. @default unset (`resourceFieldRef`) */
    fieldRef: option(volumeFieldRefSchema(), {
      description: "A field of the pod. Exactly one of `fieldRef` and `resourceFieldRef`.",
      unset: "`resourceFieldRef`",
      k8s: DOWNWARD,
    }),
    /** A resource of a container (name the container). @default unset (`fieldRef`) */
    resourceFieldRef: option(resourceFieldRefSchema(), {
      description: "A resource of a container (name the container).",
      unset: "`fieldRef`",
      k8s: DOWNWARD,
    }),
    /** File mode, e.g. `0o444`. @default unset (the volume's `defaultMode`) */
    mode: option(mode(), {
      description: "File mode, e.g. `0o444`.",
      unset: "the volume's `defaultMode`",
      k8s: DOWNWARD,
    }),
  }),
  z.refine((f) => (f.fieldRef === undefined) !== (f.resourceFieldRef === undefined), {
    error: "expected exactly one of fieldRef or resourceFieldRef",
  }),
);

const downwardItemsShape = () => ({
  /** The files: each a pod field or a container resource. */
  items: required(z.array(downwardFileSchema()).check(z.minLength(1)), {
    description: "The files: each a pod field or a container resource.",
    k8s: DOWNWARD,
  }),
});

const downwardSchema = objectSchema(() => ({
  ...downwardItemsShape(),
  /** Mode of the files. @default unset (Kubernetes: 0o644) */
  defaultMode: option(mode(), { description: "Mode of the files.", unset: "Kubernetes: 0o644", k8s: VOLUME }),
}));
const downwardProjectionSchema = objectSchema(downwardItemsShape);

const projectionSchema = objectSchema(
  () => ({
    /** A ConfigMap's keys. Exactly one of `configMap`, `secret` and `downwardAPI`. @default unset (another source) */
    configMap: option(configSourceSchema(), {
      description: "A ConfigMap's keys. Exactly one of `configMap`, `secret` and `downwardAPI`.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** A Secret's keys. @default unset (another source) */
    secret: option(configSourceSchema(), {
      description: "A Secret's keys.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** Fields of the pod and resources of its containers. @default unset (another source) */
    downwardAPI: option(downwardProjectionSchema(), {
      description: "Fields of the pod and resources of its containers.",
      unset: "another source",
      k8s: DOWNWARD,
    }),
  }),
  z.refine((p) => [p.configMap, p.secret, p.downwardAPI].filter((x) => x !== undefined).length === 1, {
    error: "expected exactly one source: configMap, secret or downwardAPI",
  }),
);

const projectedSchema = objectSchema(() => ({
  /** The ConfigMaps, Secrets and downward API files, one per entry. */
  sources: required(z.array(projectionSchema()), {
    description: "The ConfigMaps, Secrets and downward API files, one per entry.",
    k8s: VOLUME,
  }),
  /** Mode of the files. @default unset (Kubernetes: 0o644) */
  defaultMode: option(mode(), { description: "Mode of the files.", unset: "Kubernetes: 0o644", k8s: VOLUME }),
}));

export const volumeSchema = objectSchema(
  () => ({
    /** Volume name, referenced by `volumeMounts[].name`. */
    name: required(dnsLabel, {
      description: "Volume name, referenced by `volumeMounts[].name`.",
      k8s: VOLUME,
    }),
    /** The keys of a ConfigMap as files. Exactly one source per volume. @default unset (another source) */
    configMap: option(fileSourceSchema(), {
      description: "The keys of a ConfigMap as files. Exactly one source per volume.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** The keys of a Secret as files. @default unset (another source) */
    secret: option(fileSourceSchema(), {
      description: "The keys of a Secret as files.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /**
     * An empty directory that lives as long as the pod, e.g. for `/tmp` under a read-only root filesystem.
     * @default unset (another source)
     */
    emptyDir: option(emptyDirSchema(), {
      description:
        "An empty directory that lives as long as the pod, e.g. for `/tmp` under a read-only root filesystem.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** An existing PersistentVolumeClaim. @default unset (another source) */
    persistentVolumeClaim: option(claimSourceSchema(), {
      description: "An existing PersistentVolumeClaim.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** Several ConfigMaps, Secrets and downward API files in one directory. @default unset (another source) */
    projected: option(projectedSchema(), {
      description: "Several ConfigMaps, Secrets and downward API files in one directory.",
      unset: "another source",
      k8s: VOLUME,
    }),
    /** Fields of the pod (labels, annotations, name…) and container resources as files. @default unset (another source) */
    downwardAPI: option(downwardSchema(), {
      description: "Fields of the pod (labels, annotations, name…) and container resources as files.",
      unset: "another source",
      k8s: DOWNWARD,
    }),
  }),
  z.refine(
    (v) =>
      [v.configMap, v.secret, v.emptyDir, v.persistentVolumeClaim, v.projected, v.downwardAPI].filter(
        (s) => s !== undefined,
      ).length === 1,
    {
      error:
        "expected exactly one source: configMap, secret, emptyDir, persistentVolumeClaim, projected or downwardAPI",
    },
  ),
);

export const volumeMountSchema = objectSchema(() => ({
  /** Name of a pod volume (or of a StatefulSet volume claim template). */
  name: required(dnsLabel, {
    description: "Name of a pod volume (or of a StatefulSet volume claim template).",
    k8s: MOUNTS,
  }),
  /** Absolute path in the container. */
  mountPath: required(z.string().check(z.regex(/^\//, { error: "expected an absolute path" })), {
    description: "Absolute path in the container.",
    k8s: MOUNTS,
  }),
  /** Mount the volume read-only. @default unset (read-write) */
  readOnly: option(z.boolean(), {
    description: "Mount the volume read-only.",
    unset: "read-write",
    k8s: MOUNTS,
  }),
  /** Mount one file or directory of the volume. @default unset (the whole volume) */
  subPath: option(
    z.string().check(
      z.refine(isDescendingPath, {
        error: (i) =>
          `${JSON.stringify(i.input)} is not a path inside the volume: relative, without a ".." element`,
        params: { code: "invalid_format" } satisfies IssueParams,
      }),
    ),
    {
      description: "Mount one file or directory of the volume.",
      unset: "the whole volume",
      k8s: MOUNTS,
    },
  ),
}));

/** A pod volume: a name and exactly one source. */
export type VolumeOptions = z.input<ReturnType<typeof volumeSchema>>;
/** A volume mounted into a container. */
export type VolumeMountOptions = z.input<ReturnType<typeof volumeMountSchema>>;
/** Volume options as parsed. */
export type ParsedVolume = z.output<ReturnType<typeof volumeSchema>>;
/** A ConfigMap or Secret source as parsed. */
export type ParsedSource = z.output<ReturnType<typeof configSourceSchema>>;
