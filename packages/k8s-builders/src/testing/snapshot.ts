/** A snapshot serializer that prints Kubernetes objects as the library's YAML (what `kubectl apply` gets). */
import { toYaml } from "../output/to-yaml.ts";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A Kubernetes object: an `apiVersion` and a `kind` (strings) and a `metadata` object. */
function isManifest(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.apiVersion === "string" &&
    typeof value.kind === "string" &&
    isObject(value.metadata)
  );
}

/** Prints Kubernetes objects as YAML in snapshots; see {@link yamlSnapshotSerializer}. */
export interface YamlSnapshotSerializer {
  /** Whether the value is a Kubernetes object or a non-empty array of them (others keep the default printer). */
  test(value: unknown): boolean;
  /** The value as multi-document YAML (`toYaml`, documents in the order given), without the final newline. */
  serialize(value: unknown): string;
}

/**
 * Snapshot serializer printing Kubernetes objects (one, or an array) as the YAML `toYaml` writes, so a snapshot
 * reads like the manifest. vitest and jest: `expect.addSnapshotSerializer(yamlSnapshotSerializer)`; node:test:
 * `t.assert.snapshot(objects, { serializers: [yamlSnapshotSerializer.serialize] })`.
 *
 * @example
 * expect.addSnapshotSerializer(yamlSnapshotSerializer);
 * expect(findObject(objects, "Service", "api")).toMatchSnapshot();
 */
export const yamlSnapshotSerializer: YamlSnapshotSerializer = {
  test: (value) =>
    isManifest(value) || (Array.isArray(value) && value.length > 0 && value.every((v) => isManifest(v))),
  serialize: (value) =>
    toYaml(Array.isArray(value) ? value : [value as object], { keepOrder: true }).trimEnd(),
};
