/** ConfigMap (v1): configuration as keys and text values, size-checked against the 1 MiB object limit. */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dataSizeIssues } from "../base/limits.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, option, required } from "../base/options.ts";
import { configMapKey } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

const CONFIG_MAP = k8sApi("config-and-storage-resources/config-map-v1", "ConfigMap");

/** The schema of {@link ConfigMapOptions} (built on first use). */
export const ConfigMapOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** Keys and their text values (environment variables, or files when mounted). */
  data: required(z.record(configMapKey, z.string()), {
    description: "Keys and their text values (environment variables, or files when mounted).",
    k8s: CONFIG_MAP,
  }),
  /**
   * Forbid changes after creation (a changed ConfigMap must then get a new name).
   * @default unset (mutable)
   */
  immutable: option(z.boolean(), {
    description: "Forbid changes after creation (a changed ConfigMap must then get a new name).",
    unset: "mutable",
    k8s: CONFIG_MAP,
  }),
}));

/** Options of {@link configMap}. */
export type ConfigMapOptions = z.input<typeof ConfigMapOptionsSchema>;

/**
 * Builds a ConfigMap. Data over 1 MiB is refused.
 *
 * @example
 * configMap({ name: "app-config", data: { LOG_LEVEL: "info" } });
 */
export function configMap(options: ConfigMapOptions): Built<ConfigMap> {
  const o = parseOptions("configMap", ConfigMapOptionsSchema, options, (p) =>
    dataSizeIssues("ConfigMap", ["data"], p.data),
  );
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: objectMeta(o),
    ...(o.immutable === undefined ? {} : { immutable: o.immutable }),
    data: { ...o.data },
  };
}
