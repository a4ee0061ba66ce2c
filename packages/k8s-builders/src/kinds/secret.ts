/**
 * Secret (v1) as a template. Values must be visible placeholders (`<db-password>`, `CHANGE_ME`) so that no real
 * secret is ever committed or printed; the real values come from `kubectl create secret` or a secrets operator.
 * A caller who really means to embed values says so with `allowRealValues: true`.
 */
import type { Secret } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { dockerConfigJsonProblems } from "../base/docker-config.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dataSizeIssues } from "../base/limits.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, k8sDocs, lazyObject, option, required } from "../base/options.ts";
import { hasPlaceholderForm, isPlaceholder } from "../base/placeholder.ts";
import { configMapKey } from "../base/primitives.ts";
import { findSecrets } from "../base/secret-scan.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";

/** Secret types with a form the API server checks, and the Opaque default. */
const SECRET_TYPES = [
  "Opaque",
  "kubernetes.io/tls",
  "kubernetes.io/basic-auth",
  "kubernetes.io/ssh-auth",
  "kubernetes.io/dockerconfigjson",
] as const;

const SECRET = k8sApi("config-and-storage-resources/secret-v1", "Secret");

/** The schema of {@link SecretOptions} (built on first use). */
export const SecretOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /**
   * Secret type. Typed Secrets need their keys (`tls.crt` and `tls.key`; `username` or `password`;
   * `ssh-privatekey`; `.dockerconfigjson`), and a `.dockerconfigjson` must be JSON: write its credentials as
   * placeholders (see `dockerConfigJsonPlaceholder`).
   * @default "Opaque"
   */
  type: option(z.enum(SECRET_TYPES), {
    description:
      "Secret type. Typed Secrets need their keys (`tls.crt` and `tls.key`; `username` or `password`; `ssh-privatekey`; `.dockerconfigjson`), and a `.dockerconfigjson` must be JSON: write its credentials as placeholders (see `dockerConfigJsonPlaceholder`).",
    default: "Opaque",
    k8s: SECRET,
  }),
  /** Keys and placeholder values, written as `stringData`. */
  stringData: required(z.record(configMapKey, z.string()), {
    description: "Keys and placeholder values, written as `stringData`.",
    k8s: SECRET,
  }),
  /**
   * Allow values that are not placeholders. Real secrets then end up in your YAML: prefer a secrets operator.
   * @default false
   */
  allowRealValues: option(z.boolean(), {
    description:
      "Allow values that are not placeholders. Real secrets then end up in your YAML: prefer a secrets operator.",
    default: false,
    why: "A real secret in a manifest ends up in Git, in CI logs and in every copy of the YAML.",
    k8s: k8sDocs("concepts/security/secrets-good-practices"),
  }),
}));

/** Options of {@link secret}. */
export type SecretOptions = z.input<typeof SecretOptionsSchema>;

const DOCKER_CONFIG_KEY = ".dockerconfigjson";

/**
 * A `.dockerconfigjson` template for `kubernetes.io/dockerconfigjson` Secrets: JSON (which the API server
 * requires) whose credentials are placeholders, one entry per registry:
 * `{"auths":{"ghcr.io":{"username":"<ghcr.io-username>","password":"<ghcr.io-password>","auth":"<ghcr.io-auth>"}}}`.
 *
 * @example
 * secret({ name: "regcred", type: "kubernetes.io/dockerconfigjson",
 *   stringData: { ".dockerconfigjson": dockerConfigJsonPlaceholder(["ghcr.io"]) } });
 */
export function dockerConfigJsonPlaceholder(registries: readonly string[]): string {
  const word = (r: string) => r.replace(/[^A-Za-z0-9.]+/g, "-");
  const auths = Object.fromEntries(
    registries.map((r) => [
      r,
      { username: `<${word(r)}-username>`, password: `<${word(r)}-password>`, auth: `<${word(r)}-auth>` },
    ]),
  );
  return JSON.stringify({ auths });
}

/** Why a value is not a placeholder, naming the secret rule that matched if any. */
function placeholderProblem(key: string, v: string): string {
  const rules = [...new Set(findSecrets(v, { isPlaceholder: hasPlaceholderForm }).map((m) => m.rule))];
  const why = rules.length === 0 ? "is not a placeholder" : `holds a secret (rule ${rules.join(", ")})`;
  return `stringData.${key} ${why}: write e.g. "<${key}>" and set the real value in the cluster (or set allowRealValues)`;
}

/**
 * Builds a Secret template whose values are placeholders; data over 1 MiB is refused. Typed Secrets get a form the API server accepts: the
 * keys their type requires, and for `kubernetes.io/dockerconfigjson` a JSON document whose credentials are
 * placeholders.
 *
 * @example
 * secret({ name: "db-credentials", stringData: { password: "<db-password>" } });
 */
export function secret(options: SecretOptions): Built<Secret> {
  const o = parseOptions("secret", SecretOptionsSchema, options, (p) => [
    ...Object.entries(p.stringData).flatMap(([k, v]): RuleIssue[] => {
      if (p.type === "kubernetes.io/dockerconfigjson" && k === DOCKER_CONFIG_KEY) {
        return dockerConfigJsonProblems(v, p.allowRealValues).map((i) => ({
          path: ["stringData", k],
          ...i,
        }));
      }
      if (p.allowRealValues || isPlaceholder(v)) return [];
      return [{ path: ["stringData", k], code: "real_secret_value", message: placeholderProblem(k, v) }];
    }),
    ...typedSecretRules(p.type, p.stringData),
    ...dataSizeIssues("Secret", ["stringData"], p.stringData),
  ]);
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(o),
    type: o.type,
    stringData: { ...o.stringData },
  };
}

/** Keys each Secret type must have (the API server refuses the Secret otherwise). */
const REQUIRED_KEYS: Record<string, { all?: readonly string[]; any?: readonly string[] }> = {
  "kubernetes.io/tls": { all: ["tls.crt", "tls.key"] },
  "kubernetes.io/basic-auth": { any: ["username", "password"] },
  "kubernetes.io/ssh-auth": { all: ["ssh-privatekey"] },
  "kubernetes.io/dockerconfigjson": { all: [DOCKER_CONFIG_KEY] },
};

function typedSecretRules(type: string | undefined, data: Record<string, string>): RuleIssue[] {
  const need = type === undefined ? undefined : REQUIRED_KEYS[type];
  if (need === undefined) return [];
  const keys = Object.keys(data);
  const missing = (need.all ?? []).filter((k) => !keys.includes(k));
  const anyMissing = need.any !== undefined && !need.any.some((k) => keys.includes(k));
  if (missing.length === 0 && !anyMissing) return [];
  const what = missing.length > 0 ? missing.join(" and ") : `one of ${(need.any ?? []).join(" or ")}`;
  return [{ path: ["stringData"], code: "required", message: `a ${type} Secret needs the key(s) ${what}` }];
}
