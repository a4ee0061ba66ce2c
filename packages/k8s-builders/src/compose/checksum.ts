/**
 * Config checksums: a pod-template annotation holding a hash of the ConfigMaps and Secrets a workload consumes,
 * so that a change of their content changes the pod template and rolls the pods — and nothing else does.
 */
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { formatPath, inputText, K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { compareCodeUnits } from "../base/object.ts";

/** node:crypto, loaded on first use: importing the package does not pay for it. */
const crypto = (): typeof import("node:crypto") => process.getBuiltinModule("node:crypto");

/** The pod annotation that carries the checksum. */
export const CHECKSUM_ANNOTATION = "checksum/config";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/** What configChecksum reads must be there: kind and metadata.name strings, data and stringData of strings. */
function inputIssues(objects: unknown): OptionIssue[] {
  if (!Array.isArray(objects)) {
    return [
      {
        path: "objects",
        code: "invalid_type",
        message: `expected an array of ConfigMaps and Secrets, received ${inputText(objects)}`,
      },
    ];
  }
  const issues: OptionIssue[] = [];
  // A plain loop, not forEach: a hole in the list is an entry too.
  for (let i = 0; i < objects.length; i++) {
    const o: unknown = objects[i];
    const at = (...rest: PropertyKey[]) => formatPath(["objects", i, ...rest]);
    if (
      !isRecord(o) ||
      typeof o.kind !== "string" ||
      !isRecord(o.metadata) ||
      typeof o.metadata.name !== "string"
    ) {
      issues.push({
        path: at(),
        code: "invalid_type",
        message: "expected a ConfigMap or Secret with kind and metadata.name",
      });
      continue;
    }
    for (const field of ["data", "stringData"]) {
      const map = o[field];
      if (map === undefined) continue;
      if (!isRecord(map)) {
        issues.push({
          path: at(field),
          code: "invalid_type",
          message: `expected a map of strings, received ${inputText(map)}`,
        });
        continue;
      }
      for (const [k, v] of Object.entries(map)) {
        if (typeof v !== "string") {
          issues.push({
            path: at(field, k),
            code: "invalid_type",
            message: `expected a string, received ${inputText(v)}`,
          });
        }
      }
    }
  }
  return issues;
}

/**
 * A short, stable SHA-256 over the kind, name and data of each object (in name order, keys sorted), so the
 * same content always gives the same checksum, whatever order the objects come in.
 *
 * @example
 * deployment({ ...opts, podAnnotations: { [CHECKSUM_ANNOTATION]: configChecksum([appConfig]) } });
 */
export function configChecksum(objects: readonly (ConfigMap | Secret)[]): string {
  let issues: OptionIssue[];
  try {
    issues = inputIssues(objects);
  } catch {
    // A getter or proxy that throws: still the library's error.
    issues = [
      { path: "objects", code: "invalid_type", message: "the objects could not be read as plain data" },
    ];
  }
  if (issues.length > 0) throw new K8sBuilderError("configChecksum", undefined, issues);
  const hash = crypto().createHash("sha256");
  const key = (o: (typeof objects)[number]) => `${o.kind}/${o.metadata?.name}`;
  const sorted = [...objects].sort((a, b) => compareCodeUnits(key(a), key(b)));
  for (const o of sorted) {
    const data: Record<string, string> = {
      ...(o.data ?? {}),
      ...("stringData" in o ? (o.stringData ?? {}) : {}),
    };
    hash.update(`${o.kind}\0${o.metadata?.name ?? ""}\0`);
    for (const k of Object.keys(data).sort()) hash.update(`${k}\0${data[k]}\0`);
  }
  return hash.digest("hex").slice(0, 16);
}
