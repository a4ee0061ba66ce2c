/**
 * Config checksums: a pod-template annotation holding a hash of the ConfigMaps and Secrets a workload consumes,
 * so that a change of their content changes the pod template and rolls the pods — and nothing else does.
 */
import { createHash } from "node:crypto";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";

/** The pod annotation that carries the checksum. */
export const CHECKSUM_ANNOTATION = "checksum/config";

/**
 * A short, stable SHA-256 over the kind, name and data of each object (in name order, keys sorted), so the
 * same content always gives the same checksum, whatever order the objects come in.
 *
 * @example
 * deployment({ ...opts, podAnnotations: { [CHECKSUM_ANNOTATION]: configChecksum([appConfig]) } });
 */
export function configChecksum(objects: readonly (ConfigMap | Secret)[]): string {
  const hash = createHash("sha256");
  const sorted = [...objects].sort((a, b) =>
    `${a.kind}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.name}`),
  );
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
