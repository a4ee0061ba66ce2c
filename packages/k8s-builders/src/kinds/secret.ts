/**
 * Secret (v1) as a template. Values must be visible placeholders (`<db-password>`, `CHANGE_ME`) so that no real
 * secret is ever committed or printed; the real values come from `kubectl create secret` or a secrets operator.
 * A caller who really means to embed values says so with `allowRealValues: true`.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { parseOptions } from "../base/validate.ts";
import { dataKey } from "./config-map.ts";

const PLACEHOLDER =
  /^(<[^<>\n]{1,200}>|\$\{[A-Za-z_][A-Za-z0-9_]*\}|(CHANGE_?ME|REPLACE_?ME|PLACEHOLDER)([-_:.A-Za-z0-9]*)?)$/;

/** True when a value is an obvious placeholder: `<…>`, `${VAR}`, `CHANGE_ME…`, `REPLACE_ME…`, `PLACEHOLDER…`. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

export const SecretOptionsSchema = z.strictObject({
  ...metaShape,
  /** Secret type. @default "Opaque" */
  type: z.optional(
    z.enum(["Opaque", "kubernetes.io/tls", "kubernetes.io/basic-auth", "kubernetes.io/dockerconfigjson"]),
  ),
  /** Keys and placeholder values, written as `stringData`. */
  stringData: z.record(dataKey, z.string()),
  /** Allow values that are not placeholders. Real secrets then end up in your YAML: prefer a secrets operator. @default false */
  allowRealValues: z.optional(z.boolean()),
});

/** Options of {@link secret}. */
export type SecretOptions = z.input<typeof SecretOptionsSchema>;

/**
 * Builds a Secret template whose values are placeholders.
 *
 * @example
 * secret({ name: "db-credentials", stringData: { password: "<db-password>" } });
 */
export function secret(options: SecretOptions): Secret {
  const o = parseOptions("secret", SecretOptionsSchema, options, (p) =>
    p.allowRealValues === true
      ? []
      : Object.entries(p.stringData)
          .filter(([, v]) => !isPlaceholder(v))
          .map(([k]) => ({
            path: ["stringData", k],
            code: "real_secret_value",
            message: `stringData.${k} is not a placeholder: write e.g. "<${k}>" and set the real value in the cluster (or set allowRealValues)`,
          })),
  );
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(o),
    type: o.type ?? "Opaque",
    stringData: { ...o.stringData },
  };
}
