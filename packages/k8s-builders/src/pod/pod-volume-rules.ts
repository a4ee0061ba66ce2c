/**
 * The rules of a pod's volumes on a built (or patched) object: one source each, the names their references
 * need, the files of downward API and projected volumes (one source, distinct paths, fields a volume can hold).
 */
import { arr, isObj, type Json, named, obj, str } from "../base/object.ts";
import type { RuleIssue } from "../base/validate.ts";
import { resourceFieldRefRules } from "./env.ts";
import { VOLUME_FIELD_PATH } from "./volume.ts";

const VOLUME_SOURCES_OF = (v: Json) => Object.keys(v).filter((k) => k !== "name" && v[k] !== undefined);

/** `validateDownwardAPIVolumeFile`: one of fieldRef and resourceFieldRef, a field a volume can hold. */
function downwardFileIssues(
  f: Json,
  at: readonly PropertyKey[],
  containers: ReadonlySet<string>,
): RuleIssue[] {
  if ((f.fieldRef === undefined) === (f.resourceFieldRef === undefined)) {
    return [
      { path: at, code: "invalid_value", message: "expected exactly one of fieldRef or resourceFieldRef" },
    ];
  }
  const fieldPath = obj(f.fieldRef).fieldPath;
  if (f.fieldRef !== undefined && (typeof fieldPath !== "string" || !VOLUME_FIELD_PATH.test(fieldPath))) {
    return [
      {
        path: [...at, "fieldRef", "fieldPath"],
        code: "invalid_value",
        message: `${JSON.stringify(fieldPath)} is not a pod field a volume can hold (metadata.name, namespace, uid, labels, annotations)`,
      },
    ];
  }
  return isObj(f.resourceFieldRef)
    ? resourceFieldRefRules(f.resourceFieldRef, [...at, "resourceFieldRef"], { volume: true, containers })
    : [];
}

/** Every rule of one volume of a pod. */
export function volumeIssues(
  v: Json,
  at: readonly PropertyKey[],
  containers: ReadonlySet<string>,
): RuleIssue[] {
  const issues: RuleIssue[] = [
    ...named(v.configMap, "name", [...at, "configMap"]),
    ...named(v.secret, "secretName", [...at, "secret"]),
    ...named(v.persistentVolumeClaim, "claimName", [...at, "persistentVolumeClaim"]),
  ];
  const sources = VOLUME_SOURCES_OF(v);
  if (sources.length !== 1) {
    issues.push({
      path: at,
      code: "invalid_value",
      message: `a volume has exactly one source, received ${sources.length === 0 ? "none" : sources.join(" and ")}`,
    });
  }
  arr(obj(v.downwardAPI).items).forEach((f, i) => {
    issues.push(...downwardFileIssues(obj(f), [...at, "downwardAPI", "items", i], containers));
  });
  const paths = new Set<string>();
  arr(obj(v.projected).sources).forEach((s, j) => {
    const src = obj(s);
    const sat = [...at, "projected", "sources", j];
    issues.push(
      ...named(src.configMap, "name", [...sat, "configMap"]),
      ...named(src.secret, "name", [...sat, "secret"]),
    );
    const kinds = Object.keys(src).filter((k) => src[k] !== undefined);
    if (kinds.length !== 1) {
      issues.push({ path: sat, code: "invalid_value", message: "a projected source has exactly one source" });
    }
    const files: [unknown, PropertyKey[]][] = [
      ...arr(obj(src.configMap).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "configMap", "items", i],
      ]),
      ...arr(obj(src.secret).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "secret", "items", i],
      ]),
      ...arr(obj(src.downwardAPI).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "downwardAPI", "items", i],
      ]),
    ];
    for (const [file, fat] of files) {
      const p = str(obj(file).path);
      if (p === undefined) continue;
      if (paths.has(p)) {
        issues.push({
          path: [...fat, "path"],
          code: "duplicate",
          message: `two files of the volume are at ${p}`,
        });
      }
      paths.add(p);
    }
    arr(obj(src.downwardAPI).items).forEach((f, i) => {
      issues.push(...downwardFileIssues(obj(f), [...sat, "downwardAPI", "items", i], containers));
    });
  });
  return issues;
}
