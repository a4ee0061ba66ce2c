/** Pod volumes and container mounts. Each volume has exactly one source. */
import type { Volume, VolumeMount } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { compact } from "../base/object.ts";
import { dnsLabel, dnsSubdomain, quantity } from "../base/primitives.ts";

const mode = z.number().check(z.int(), z.gte(0), z.lte(0o777, { error: "expected a file mode ≤ 0o777" }));
const KeyToPath = z.strictObject({
  /** The key of the ConfigMap or Secret. */
  key: z.string().check(z.minLength(1)),
  /** The file it becomes, relative to the mount path. */
  path: z.string().check(z.minLength(1)),
  /** File mode, e.g. `0o440`. @default unset (the volume's `defaultMode`) */
  mode: z.optional(mode),
});
const ConfigSource = z.strictObject({
  /** Name of the ConfigMap or Secret. */
  name: dnsSubdomain,
  /** Only these keys, at these paths. */
  items: z.optional(z.array(KeyToPath)),
  /** Start even when the object or a key is missing. @default unset (the object and keys must exist) */
  optional: z.optional(z.boolean()),
});

export const VolumeSchema = z
  .strictObject({
    /** Volume name, referenced by `volumeMounts[].name`. */
    name: dnsLabel,
    /** The keys of a ConfigMap as files. Exactly one source per volume. */
    configMap: z.optional(
      z.extend(ConfigSource, {
        /** Mode of the files, e.g. `0o444`. @default unset (Kubernetes: 0o644) */
        defaultMode: z.optional(mode),
      }),
    ),
    /** The keys of a Secret as files. */
    secret: z.optional(
      z.extend(ConfigSource, {
        /** Mode of the files, e.g. `0o400`. @default unset (Kubernetes: 0o644) */
        defaultMode: z.optional(mode),
      }),
    ),
    /** An empty directory that lives as long as the pod, e.g. for `/tmp` under a read-only root filesystem. */
    emptyDir: z.optional(
      z.strictObject({
        /** `Memory` for a tmpfs, counted against the container's memory. @default unset (the node's disk) */
        medium: z.optional(z.enum(["Memory"])),
        /** Largest size, e.g. `1Gi`; the pod is evicted above it. @default unset (no limit) */
        sizeLimit: z.optional(quantity),
      }),
    ),
    /** An existing PersistentVolumeClaim. */
    persistentVolumeClaim: z.optional(
      z.strictObject({
        /** Name of the claim. */
        claimName: dnsSubdomain,
        /** Mount the claim read-only. @default unset (read-write) */
        readOnly: z.optional(z.boolean()),
      }),
    ),
    /** Several ConfigMaps and Secrets in one directory. */
    projected: z.optional(
      z.strictObject({
        /** The ConfigMaps and Secrets, one per entry. */
        sources: z.array(
          z.strictObject({
            /** A ConfigMap's keys. */
            configMap: z.optional(ConfigSource),
            /** A Secret's keys. */
            secret: z.optional(ConfigSource),
          }),
        ),
        /** Mode of the files. @default unset (Kubernetes: 0o644) */
        defaultMode: z.optional(mode),
      }),
    ),
  })
  .check(
    z.refine(
      (v) =>
        [v.configMap, v.secret, v.emptyDir, v.persistentVolumeClaim, v.projected].filter(
          (s) => s !== undefined,
        ).length === 1,
      {
        error: "expected exactly one source: configMap, secret, emptyDir, persistentVolumeClaim or projected",
      },
    ),
  );

export const VolumeMountSchema = z.strictObject({
  /** Name of a pod volume (or of a StatefulSet volume claim template). */
  name: dnsLabel,
  /** Absolute path in the container. */
  mountPath: z.string().check(z.regex(/^\//, { error: "expected an absolute path" })),
  /** Mount the volume read-only. @default unset (read-write) */
  readOnly: z.optional(z.boolean()),
  /** Mount one file or directory of the volume. */
  subPath: z.optional(z.string()),
});

/** A pod volume: a name and exactly one source. */
export type VolumeOptions = z.input<typeof VolumeSchema>;
/** A volume mounted into a container. */
export type VolumeMountOptions = z.input<typeof VolumeMountSchema>;
type ParsedVolume = z.output<typeof VolumeSchema>;
type ParsedSource = z.output<typeof ConfigSource>;

function items(s: ParsedSource): object {
  return {
    ...(s.items
      ? {
          items: s.items.map((i) => ({
            key: i.key,
            path: i.path,
            ...(i.mode === undefined ? {} : { mode: i.mode }),
          })),
        }
      : {}),
    ...(s.optional === undefined ? {} : { optional: s.optional }),
  };
}

export function buildVolume(v: ParsedVolume): Volume {
  if (v.configMap) {
    const c = v.configMap;
    return {
      name: v.name,
      configMap: {
        name: c.name,
        ...items(c),
        ...(c.defaultMode === undefined ? {} : { defaultMode: c.defaultMode }),
      },
    };
  }
  if (v.secret) {
    const s = v.secret;
    return {
      name: v.name,
      secret: {
        secretName: s.name,
        ...items(s),
        ...(s.defaultMode === undefined ? {} : { defaultMode: s.defaultMode }),
      },
    };
  }
  if (v.emptyDir) {
    const { medium, sizeLimit } = v.emptyDir;
    return {
      name: v.name,
      emptyDir: compact({ medium, sizeLimit: sizeLimit === undefined ? undefined : String(sizeLimit) }),
    };
  }
  if (v.persistentVolumeClaim)
    return { name: v.name, persistentVolumeClaim: compact(v.persistentVolumeClaim) };
  const p = v.projected;
  return {
    name: v.name,
    projected: {
      sources: (p?.sources ?? []).map((s) =>
        s.configMap
          ? { configMap: { name: s.configMap.name, ...items(s.configMap) } }
          : { secret: { name: s.secret?.name ?? "", ...(s.secret ? items(s.secret) : {}) } },
      ),
      ...(p?.defaultMode === undefined ? {} : { defaultMode: p.defaultMode }),
    },
  };
}

export function buildMount(m: z.output<typeof VolumeMountSchema>): VolumeMount {
  return {
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly === undefined ? {} : { readOnly: m.readOnly }),
    ...(m.subPath === undefined ? {} : { subPath: m.subPath }),
  };
}

/** The emptyDir volume name for a writable path: `/tmp` → `tmp`, `/var/run/postgresql` → `var-run-postgresql`. */
export function writableVolumeName(path: string): string {
  const slug = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return slug === "" ? "writable-root" : slug;
}
