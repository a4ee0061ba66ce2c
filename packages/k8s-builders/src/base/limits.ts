/** Size limits of the Kubernetes API that the builders and the bundle checks both enforce. */
import type { RuleIssue } from "./validate.ts";

/** Objects above this many bytes are refused (etcd's request limit is 1.5 MiB; ConfigMap/Secret data 1 MiB). */
export const MAX_OBJECT_BYTES = 1024 * 1024;

/** Total size of an object's annotations (keys + values); also bounds `last-applied-configuration`. */
export const MAX_ANNOTATIONS_BYTES = 262144;

/** UTF-8 size of a map's keys and values, as the API server counts data and annotations. */
export function mapBytes(map: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const [k, v] of Object.entries(map)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

/**
 * The issue for ConfigMap or Secret data over {@link MAX_OBJECT_BYTES} (the API server refuses it), at `path`;
 * none when it fits. `binary` is data given as base64 (a ConfigMap's `binaryData`, a Secret's `data`), counted
 * by its decoded bytes as the API server counts it.
 */
export function dataSizeIssues(
  kind: "ConfigMap" | "Secret",
  path: readonly PropertyKey[],
  data: Readonly<Record<string, string>>,
  binary: Readonly<Record<string, string>> = {},
): RuleIssue[] {
  let bytes = mapBytes(data);
  // The decoded length: Buffer.byteLength(v, "base64") estimates from the length and would count line breaks.
  for (const [k, v] of Object.entries(binary))
    bytes += Buffer.byteLength(k) + Buffer.from(v, "base64").length;
  return bytes > MAX_OBJECT_BYTES
    ? [
        {
          path,
          code: "too_big",
          message: `${path.join(".")} is ${bytes} bytes; a ${kind}'s data must stay under 1 MiB (${MAX_OBJECT_BYTES} bytes)`,
        },
      ]
    : [];
}
