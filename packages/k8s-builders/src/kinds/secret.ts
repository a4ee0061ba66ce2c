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
import { isObj, type Json } from "../base/object.ts";
import { k8sApi, k8sDocs, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { hasPlaceholderForm, isPlaceholder } from "../base/placeholder.ts";
import { base64Data, configMapKey, isBase64 } from "../base/primitives.ts";
import { findSecrets } from "../base/secret-scan.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";

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
  ...patchShape<Built<Secret>>(),
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
function placeholderProblem(field: string, key: string, v: string): string {
  const rules = [...new Set(findSecrets(v, { isPlaceholder: hasPlaceholderForm }).map((m) => m.rule))];
  const why = rules.length === 0 ? "is not a placeholder" : `holds a secret (rule ${rules.join(", ")})`;
  return `${field}.${key} ${why}: write e.g. "<${key}>" and set the real value in the cluster (or set allowRealValues)`;
}

const texts = (v: unknown): Record<string, string> =>
  isObj(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"))
    : {};

/**
 * The rules of a Secret's values, on the options (`type`, `stringData`) and on a built or patched object (also
 * `data`, whose base64 values are read decoded): every value a placeholder unless `allowRealValues` (a
 * `.dockerconfigjson` is JSON whose credentials are placeholders), the keys its type requires, and all of it under
 * 1 MiB. A value is never repeated in a message.
 */
export function secretIssues(
  o: { readonly type?: unknown; readonly stringData?: unknown; readonly data?: unknown },
  allowRealValues: boolean,
): RuleIssue[] {
  const stringData = texts(o.stringData);
  const data = texts(o.data);
  const values: [field: string, key: string, text: string][] = [
    ...Object.entries(stringData).map(([k, v]): [string, string, string] => ["stringData", k, v]),
    ...Object.entries(data)
      .filter(([, v]) => isBase64(v))
      .map(([k, v]): [string, string, string] => ["data", k, Buffer.from(v, "base64").toString("utf8")]),
  ];
  const type = typeof o.type === "string" ? o.type : "Opaque";
  return [
    ...values.flatMap(([field, k, v]): RuleIssue[] => {
      if (type === "kubernetes.io/dockerconfigjson" && k === DOCKER_CONFIG_KEY) {
        return dockerConfigJsonProblems(v, allowRealValues).map((i) => ({ path: [field, k], ...i }));
      }
      if (allowRealValues || isPlaceholder(v)) return [];
      return [{ path: [field, k], code: "real_secret_value", message: placeholderProblem(field, k, v) }];
    }),
    ...typedSecretRules(type, [...Object.keys(stringData), ...Object.keys(data)]),
    ...dataSizeIssues("Secret", ["stringData"], stringData, data),
  ];
}

/** Format checks of a Secret's own fields, built on first use. */
const secretFields = once(
  (): FieldChecks => ({
    "core/v1.Secret.type": z.enum(SECRET_TYPES),
    "core/v1.Secret.stringData": z.record(configMapKey, z.string()),
    "core/v1.Secret.data": z.record(configMapKey, base64Data),
  }),
);

const valueAt = (o: Json, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (isObj(v) ? v[String(k)] : undefined), o);

/**
 * What the checks of a built or patched Secret add to every object's: its type, keys, base64 `data` and size.
 * The values a patch writes must be placeholders unless `allowRealValues` (the `secret` builder's option;
 * `patch()` has none): a patch cannot put a real secret into a template. The values it keeps are not its
 * business (a Secret built with `allowRealValues` can still take a label).
 */
export function secretChecks(allowRealValues: boolean): KindChecks {
  return {
    get fields() {
      return secretFields();
    },
    rules: (o: Json) => secretIssues(o, true),
    ...(allowRealValues
      ? {}
      : {
          patchRules: (before: Json, after: Json) =>
            secretIssues(after, false).filter(
              (i) => i.code === "real_secret_value" && valueAt(after, i.path) !== valueAt(before, i.path),
            ),
        }),
  };
}

/** The checks of a Secret that `patch()` applies: placeholders only. */
export const SECRET_CHECKS: KindChecks = secretChecks(false);

/**
 * Builds a Secret template whose values are placeholders; data over 1 MiB is refused. Typed Secrets get a form the API server accepts: the
 * keys their type requires, and for `kubernetes.io/dockerconfigjson` a JSON document whose credentials are
 * placeholders.
 *
 * @example
 * secret({ name: "db-credentials", stringData: { password: "<db-password>" } });
 */
export function secret(options: SecretOptions): Built<Secret> {
  const o = parseOptions("secret", SecretOptionsSchema, options, (p) =>
    secretIssues({ type: p.type, stringData: p.stringData }, p.allowRealValues),
  );
  const built: Built<Secret> = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(o),
    type: o.type,
    stringData: { ...o.stringData },
  };
  return patched("secret", built, o.patch, secretChecks(o.allowRealValues));
}

/** Keys each Secret type must have (the API server refuses the Secret otherwise). */
const REQUIRED_KEYS: Record<string, { all?: readonly string[]; any?: readonly string[] }> = {
  "kubernetes.io/tls": { all: ["tls.crt", "tls.key"] },
  "kubernetes.io/basic-auth": { any: ["username", "password"] },
  "kubernetes.io/ssh-auth": { all: ["ssh-privatekey"] },
  "kubernetes.io/dockerconfigjson": { all: [DOCKER_CONFIG_KEY] },
};

function typedSecretRules(type: string, keys: readonly string[]): RuleIssue[] {
  const need = Object.hasOwn(REQUIRED_KEYS, type) ? REQUIRED_KEYS[type] : undefined;
  if (need === undefined) return [];
  const missing = (need.all ?? []).filter((k) => !keys.includes(k));
  const anyMissing = need.any !== undefined && !need.any.some((k) => keys.includes(k));
  if (missing.length === 0 && !anyMissing) return [];
  const what = missing.length > 0 ? missing.join(" and ") : `one of ${(need.any ?? []).join(" or ")}`;
  return [{ path: ["stringData"], code: "required", message: `a ${type} Secret needs the key(s) ${what}` }];
}
