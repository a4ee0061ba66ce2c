/**
 * Secret (v1) as a template. Values must be visible placeholders (`<db-password>`, `CHANGE_ME`) so that no real
 * secret is ever committed or printed; the real values come from `kubectl create secret` or a secrets operator.
 * A caller who really means to embed values says so with `allowRealValues: true`.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { hasPlaceholderForm, isPlaceholder } from "../base/placeholder.ts";
import { findSecrets } from "../base/secret-scan.ts";
import { parseOptions } from "../base/validate.ts";
import { dataKey } from "./config-map.ts";

export const SecretOptionsSchema = z.strictObject({
  ...metaShape(),
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
  const o = parseOptions("secret", SecretOptionsSchema, options, (p) => [
    ...(p.allowRealValues === true
      ? []
      : Object.entries(p.stringData)
          .filter(([, v]) => !isPlaceholder(v))
          .map(([k, v]) => {
            const rules = [
              ...new Set(findSecrets(v, { isPlaceholder: hasPlaceholderForm }).map((m) => m.rule)),
            ];
            const why =
              rules.length === 0 ? "is not a placeholder" : `holds a secret (rule ${rules.join(", ")})`;
            return {
              path: ["stringData", k],
              code: "real_secret_value",
              message: `stringData.${k} ${why}: write e.g. "<${k}>" and set the real value in the cluster (or set allowRealValues)`,
            };
          })),
    ...typedSecretRules(p.type, p.stringData),
  ]);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(o),
    type: o.type ?? "Opaque",
    stringData: { ...o.stringData },
  };
}

/** Keys each Secret type must have (the API server refuses the Secret otherwise). */
const REQUIRED_KEYS: Record<string, { all?: readonly string[]; any?: readonly string[] }> = {
  "kubernetes.io/tls": { all: ["tls.crt", "tls.key"] },
  "kubernetes.io/basic-auth": { any: ["username", "password"] },
  "kubernetes.io/dockerconfigjson": { all: [".dockerconfigjson"] },
};

function typedSecretRules(type: string | undefined, data: Record<string, string>) {
  const need = type === undefined ? undefined : REQUIRED_KEYS[type];
  if (need === undefined) return [];
  const keys = Object.keys(data);
  const missing = (need.all ?? []).filter((k) => !keys.includes(k));
  const anyMissing = need.any !== undefined && !need.any.some((k) => keys.includes(k));
  if (missing.length === 0 && !anyMissing) return [];
  const what = missing.length > 0 ? missing.join(" and ") : `one of ${(need.any ?? []).join(" or ")}`;
  return [{ path: ["stringData"], code: "required", message: `a ${type} Secret needs the key(s) ${what}` }];
}
