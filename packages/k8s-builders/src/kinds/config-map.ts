/** ConfigMap (v1): configuration as keys and text values, size-checked against the 1 MiB object limit. */
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dataSizeIssues } from "../base/limits.ts";
import type { Built } from "../base/manifest.ts";
import { isObj, type Json } from "../base/object.ts";
import { k8sApi, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { base64Data, configMapKey } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";

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
  ...patchShape<Built<ConfigMap>>(),
}));

/** Options of {@link configMap}. */
export type ConfigMapOptions = z.input<typeof ConfigMapOptionsSchema>;

const texts = (v: unknown): Record<string, string> =>
  isObj(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

/**
 * The rules of a ConfigMap's data (`ValidateConfigMap`), on the options (`data`) and on a built or patched object
 * (`data` and `binaryData`, whose values are base64): a key is in one of them only, and all of it stays under
 * 1 MiB.
 */
export function configMapDataIssues(o: {
  readonly data?: unknown;
  readonly binaryData?: unknown;
}): RuleIssue[] {
  const data = texts(o.data);
  const binary = texts(o.binaryData);
  const issues: RuleIssue[] = [];
  for (const key of Object.keys(binary)) {
    if (Object.hasOwn(data, key)) {
      issues.push({
        path: ["binaryData", key],
        code: "duplicate",
        message: `key "${key}" is in data already: a key is in data or in binaryData`,
      });
    }
  }
  const at = Object.keys(binary).length === 0 ? "data" : "binaryData";
  issues.push(...dataSizeIssues("ConfigMap", [at], data, binary));
  return issues;
}

/** Format checks of a ConfigMap's own fields, built on first use. */
const configMapFields = once(
  (): FieldChecks => ({
    "core/v1.ConfigMap.data": z.record(configMapKey, z.string()),
    "core/v1.ConfigMap.binaryData": z.record(configMapKey, base64Data),
  }),
);

/** What the checks of a built or patched ConfigMap add to every object's: its keys, and its size. */
export const CONFIG_MAP_CHECKS: KindChecks = {
  get fields() {
    return configMapFields();
  },
  rules: (o: Json) => configMapDataIssues(o),
};

/**
 * Builds a ConfigMap. Data over 1 MiB is refused.
 *
 * @example
 * configMap({ name: "app-config", data: { LOG_LEVEL: "info" } });
 */
export function configMap(options: ConfigMapOptions): Built<ConfigMap> {
  const o = parseOptions("configMap", ConfigMapOptionsSchema, options, (p) =>
    configMapDataIssues({ data: p.data }),
  );
  const built: Built<ConfigMap> = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: objectMeta(o),
    ...(o.immutable === undefined ? {} : { immutable: o.immutable }),
    data: { ...o.data },
  };
  return patched("configMap", built, o.patch, CONFIG_MAP_CHECKS);
}
