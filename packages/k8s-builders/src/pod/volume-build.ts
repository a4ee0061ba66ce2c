/**
 * Pod volumes and mounts as Kubernetes writes them, from parsed options ({@link volumeSchema}): the Volume with its
 * one source, the VolumeMount, the emptyDir name of a writable path, and the rules across a volume's files.
 */
import type { DownwardAPIVolumeFile, Volume, VolumeMount } from "kubernetes-types/core/v1.js";
import type * as z from "zod/mini";
import { compact } from "../base/object.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { resourceFieldRefSchema } from "./env.ts";
import type { downwardFileSchema, ParsedSource, ParsedVolume, volumeMountSchema } from "./volume.ts";

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

/** The Kubernetes Volume of parsed volume options. */
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
  if (v.downwardAPI) {
    const d = v.downwardAPI;
    return {
      name: v.name,
      downwardAPI: {
        items: d.items.map(downwardFile),
        ...(d.defaultMode === undefined ? {} : { defaultMode: d.defaultMode }),
      },
    };
  }
  const p = v.projected;
  return {
    name: v.name,
    projected: {
      sources: (p?.sources ?? []).map((s) =>
        s.configMap
          ? { configMap: { name: s.configMap.name, ...items(s.configMap) } }
          : s.downwardAPI
            ? { downwardAPI: { items: s.downwardAPI.items.map(downwardFile) } }
            : { secret: { name: s.secret?.name ?? "", ...(s.secret ? items(s.secret) : {}) } },
      ),
      ...(p?.defaultMode === undefined ? {} : { defaultMode: p.defaultMode }),
    },
  };
}

function downwardFile(f: z.output<ReturnType<typeof downwardFileSchema>>): DownwardAPIVolumeFile {
  return {
    path: f.path,
    ...(f.fieldRef ? { fieldRef: { fieldPath: f.fieldRef.fieldPath } } : {}),
    ...(f.resourceFieldRef ? { resourceFieldRef: compact(f.resourceFieldRef) } : {}),
    ...(f.mode === undefined ? {} : { mode: f.mode }),
  };
}

/** The container resource references of a volume's downward API files, with their paths in the volume. */
export function volumeResourceRefs(
  v: ParsedVolume,
): { readonly ref: z.output<ReturnType<typeof resourceFieldRefSchema>>; readonly at: PropertyKey[] }[] {
  const fromItems = (files: readonly z.output<ReturnType<typeof downwardFileSchema>>[], at: PropertyKey[]) =>
    files.flatMap((f, i) =>
      f.resourceFieldRef === undefined
        ? []
        : [{ ref: f.resourceFieldRef, at: [...at, i, "resourceFieldRef"] }],
    );
  return [
    ...fromItems(v.downwardAPI?.items ?? [], ["downwardAPI", "items"]),
    ...(v.projected?.sources ?? []).flatMap((s, j) =>
      fromItems(s.downwardAPI?.items ?? [], ["projected", "sources", j, "downwardAPI", "items"]),
    ),
  ];
}

/** Two sources of a projected volume writing one file: the API server refuses the conflicting paths. */
export function projectedPathRules(v: ParsedVolume, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Map<string, string>();
  (v.projected?.sources ?? []).forEach((source, j) => {
    const kind = source.configMap ? "configMap" : source.secret ? "secret" : "downwardAPI";
    (source[kind]?.items ?? []).forEach((item, k) => {
      const where = `sources[${j}].${kind}.items[${k}]`;
      const other = seen.get(item.path);
      if (other !== undefined) {
        issues.push({
          path: [...at, "projected", "sources", j, kind, "items", k, "path"],
          code: "duplicate",
          message: `${item.path} is written by two sources of projected volume "${v.name}" (also ${other})`,
        });
      } else seen.set(item.path, where);
    });
  });
  return issues;
}

/** The Kubernetes VolumeMount of parsed mount options. */
export function buildMount(m: z.output<ReturnType<typeof volumeMountSchema>>): VolumeMount {
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
