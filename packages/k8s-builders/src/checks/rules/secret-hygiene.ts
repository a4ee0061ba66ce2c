/**
 * Secret hygiene: Secrets in a bundle are templates holding placeholders, and nothing else in the bundle holds a
 * secret — not ConfigMaps, not env values, args or annotations. Secrets are recognised by a published corpus of
 * formats (secretlint's recommended rules) and rules of our own (see `base/secret-scan.ts`); every finding names
 * the rule that matched. No message ever repeats a value it found.
 */

import { dockerConfigJsonProblems } from "../../base/docker-config.ts";
import { hasPlaceholderForm, isPlaceholder } from "../../base/placeholder.ts";
import { decodeBase64 } from "../../base/primitives.ts";
import {
  decodeBase64Text,
  findSecrets,
  isLiteralSecret,
  isSensitiveName,
  type SecretKind,
  type SecretMatch,
} from "../../base/secret-scan.ts";
import type { FindingCode } from "../codes.ts";
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, isRec, type Rec, rec, str } from "../read.ts";

function stringEntries(v: unknown): [string, string][] {
  return Object.entries(rec(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
}

const scan = (value: string, ext = ""): SecretMatch[] =>
  findSecrets(value, { isPlaceholder: hasPlaceholderForm, ext });
/** The distinct rules of some matches, for a message: `rule a, rule b`. */
const rules = (matches: readonly SecretMatch[]): string =>
  [...new Set(matches.map((m) => m.rule))].join(", ");
const withRule = (f: Finding, matches: readonly SecretMatch[]): Finding =>
  matches.length === 0 ? f : { ...f, rule: rules(matches) };
/** The file name extension of a data key (`app.json` → `.json`), for rules that read a format. */
const extOf = (key: string): string => /\.[A-Za-z0-9]+$/.exec(key)?.[0] ?? "";

/** Why a Secret value is not a placeholder, for the message. */
function notPlaceholder(value: string): { detail: string; matches: SecretMatch[] } {
  const matches = scan(value);
  const form = hasPlaceholderForm(value);
  const what =
    matches.length > 0
      ? `${form ? "has the form of a placeholder but holds" : "holds"} a secret (rule ${rules(matches)})`
      : "is not a placeholder";
  return { detail: what, matches };
}

/** The `.dockerconfigjson` of a `kubernetes.io/dockerconfigjson` Secret: JSON whose credentials are placeholders. */
function isDockerConfig(e: Entry, key: string): boolean {
  return e.obj.type === "kubernetes.io/dockerconfigjson" && key === ".dockerconfigjson";
}

/** Findings for a `.dockerconfigjson` value: credentials that are not placeholders (JSON errors are the API's). */
function dockerConfigFindings(e: Entry, path: string, value: string, allow: boolean): Finding[] {
  return dockerConfigJsonProblems(value, allow)
    .filter((p) => p.code === "real_secret_value")
    .map((p) =>
      finding(
        "SECRET_VALUE_NOT_PLACEHOLDER",
        e.ref,
        path,
        `.dockerconfigjson: ${p.message.replace(/: write.*$/, "")}`,
      ),
    );
}

/**
 * Every value of a Secret in the bundle (`stringData`, or `data` decoded) must be a placeholder such as
 * `<db-password>` (see `isPlaceholder`: a fixed grammar, and no secret format inside it), unless
 * `allowSecretValues`; empty values pass. A `.dockerconfigjson` is JSON: its credential fields must be
 * placeholders. `data` that is not base64 is refused by the API and reported whatever
 * the option.
 */
export function secretValuesArePlaceholders(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const allow = bundle.options.allowSecretValues;
  for (const e of bundle.ofKind("Secret", "")) {
    for (const [k, v] of stringEntries(e.obj.stringData)) {
      if (isDockerConfig(e, k)) {
        out.push(...dockerConfigFindings(e, at("stringData", k), v, allow));
        continue;
      }
      if (allow || v === "" || isPlaceholder(v)) continue;
      const { detail, matches } = notPlaceholder(v);
      out.push(
        withRule(
          finding(
            "SECRET_VALUE_NOT_PLACEHOLDER",
            e.ref,
            at("stringData", k),
            `stringData key "${k}" holds a value (${v.length} characters) that ${detail}`,
          ),
          matches,
        ),
      );
    }
    for (const [k, v] of stringEntries(e.obj.data)) {
      const decoded = decodeBase64(v);
      if (decoded === undefined) {
        out.push(
          finding("SECRET_DATA_NOT_BASE64", e.ref, at("data", k), `data key "${k}" is not valid base64`),
        );
        continue;
      }
      if (isDockerConfig(e, k)) {
        out.push(...dockerConfigFindings(e, at("data", k), decoded, allow));
        continue;
      }
      if (allow || decoded === "" || isPlaceholder(decoded)) continue;
      const { detail, matches } = notPlaceholder(decoded);
      out.push(
        withRule(
          finding(
            "SECRET_VALUE_NOT_PLACEHOLDER",
            e.ref,
            at("data", k),
            `data key "${k}" decodes to a value (${decoded.length} characters) that ${detail}`,
          ),
          matches,
        ),
      );
    }
  }
  return out;
}

const CONFIG_MAP_CODES: Record<SecretKind, FindingCode> = {
  "private-key": "CONFIG_MAP_PRIVATE_KEY",
  "credential-url": "CONFIG_MAP_CREDENTIAL_URL",
  secret: "CONFIG_MAP_SECRET_VALUE",
};
const CONFIG_MAP_WHAT: Record<SecretKind, string> = {
  "private-key": "a private key",
  "credential-url": "a URL or connection string with a password",
  secret: "a secret",
};

/**
 * A ConfigMap must not hold secrets: no key named like one (PASSWORD, PASS, PWD, SECRET, TOKEN, API_KEY,
 * CREDENTIALS… in any case — except keys that say where a secret is or how it behaves, `…_FILE`, `…_NAME`,
 * `…_TTL`), and no value in which a secret format matches (private keys, URLs and connection strings with a
 * password, tokens, JWTs, `password=` lines, base64 of any of these). `binaryData` is decoded first.
 */
export function configMapsHoldNoSecrets(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.ofKind("ConfigMap", "")) {
    const values: [field: string, key: string, value: string | undefined][] = [
      ...stringEntries(e.obj.data).map(([k, v]): [string, string, string] => ["data", k, v]),
      ...stringEntries(e.obj.binaryData).map(([k, v]): [string, string, string | undefined] => [
        "binaryData",
        k,
        decodeBase64Text(v),
      ]),
    ];
    for (const [field, key, value] of values) {
      const path = at(field, key);
      if (isSensitiveName(key)) {
        out.push(
          finding(
            "CONFIG_MAP_SENSITIVE_KEY",
            e.ref,
            path,
            `key "${key}" names a secret, and ConfigMaps are not secret`,
          ),
        );
      }
      if (value === undefined) continue;
      const byKind = new Map<SecretKind, SecretMatch[]>();
      for (const m of scan(value, extOf(key))) byKind.set(m.kind, [...(byKind.get(m.kind) ?? []), m]);
      for (const [kind, matches] of byKind) {
        out.push(
          withRule(
            finding(
              CONFIG_MAP_CODES[kind],
              e.ref,
              path,
              `key "${key}" contains ${CONFIG_MAP_WHAT[kind]} (rule ${rules(matches)})`,
            ),
            matches,
          ),
        );
      }
    }
  }
  return out;
}

const SENSITIVE_NAME_RULE = "k8s-builders/sensitive-name";
const literalSecret = (v: string) => isLiteralSecret(v, isPlaceholder);

/** One place a literal may leak: its path, what it is for the message, its name (if any) and its value. */
interface Literal {
  readonly path: string;
  readonly what: string;
  readonly name: string | undefined;
  readonly value: string;
}

function literalsOfContainer(c: Rec, base: string, container: string): Literal[] {
  const out: Literal[] = [];
  arr(c.env).forEach((v, i) => {
    const name = str(get(v, "name"));
    const value = str(get(v, "value"));
    if (value === undefined) return;
    out.push({
      path: at(base, "env", i, "value"),
      what: `env "${name ?? i}" of container "${container}"`,
      name,
      value,
    });
  });
  for (const field of ["command", "args"] as const) {
    const list = arr(c[field]);
    list.forEach((a, i) => {
      if (typeof a !== "string") return;
      // --password=x, --db-password x, -token=x
      const flag = /^--?([A-Za-z][A-Za-z0-9._-]*)(?:=([\s\S]*))?$/.exec(a);
      const next = list[i + 1];
      const name = flag?.[1];
      const flagValue = flag?.[2] ?? (typeof next === "string" && !next.startsWith("-") ? next : undefined);
      const what = `${field}[${i}] of container "${container}"`;
      out.push({ path: at(base, field, i), what, name: undefined, value: a });
      if (name !== undefined && flagValue !== undefined && flag?.[2] === undefined && isSensitiveName(name)) {
        out.push({
          path: at(base, field, i + 1),
          what: `${field}[${i + 1}] of container "${container}"`,
          name,
          value: flagValue,
        });
      } else if (name !== undefined && flag?.[2] !== undefined) {
        out.push({ path: at(base, field, i), what, name, value: flag[2] });
      }
    });
  }
  return out;
}

function literalsOf(e: Entry, bundle: Bundle): Literal[] {
  const out: Literal[] = [];
  for (const [k, v] of stringEntries(get(e.obj, "metadata", "annotations"))) {
    out.push({ path: at("metadata.annotations", k), what: `annotation "${k}"`, name: k, value: v });
  }
  const pod = bundle.podOf(e);
  if (pod === undefined) return out;
  for (const [k, v] of Object.entries(pod.annotations)) {
    out.push({
      path: at(pod.at, "metadata", "annotations", k),
      what: `pod annotation "${k}"`,
      name: k,
      value: v,
    });
  }
  for (const c of pod.containers) {
    if (isRec(c.c)) out.push(...literalsOfContainer(c.c, c.at, c.name));
  }
  return out;
}

/**
 * No credential as a literal value in env, command, args or annotations (of any object, and of pod templates):
 * a value whose name says it is a secret (`DB_PASSWORD`, `PGPASS`, `gf_security_admin_password`,
 * `--db-password`) and that is a literal (not `$(VAR)`, a placeholder, a number, a path or a URL without
 * credentials), or any value in which a secret format matches (a URL with a password such as `GF_DATABASE_URL`,
 * a token, a JWT). Secrets belong in a Secret, read with `valueFrom.secretKeyRef` or `envFrom`.
 */
export function noLiteralCredentials(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.entries) {
    const seen = new Set<string>();
    for (const l of literalsOf(e, bundle)) {
      const matches = scan(l.value);
      if (l.name !== undefined && isSensitiveName(l.name) && literalSecret(l.value)) {
        matches.unshift({ rule: SENSITIVE_NAME_RULE, kind: "secret", start: 0, end: l.value.length });
      }
      if (matches.length === 0 || seen.has(l.path)) continue;
      seen.add(l.path);
      out.push(
        withRule(
          finding(
            "LITERAL_CREDENTIAL",
            e.ref,
            l.path,
            `${l.what} holds a literal credential (${l.value.length} characters; rule ${rules(matches)})`,
          ),
          matches,
        ),
      );
    }
  }
  return out;
}

/**
 * A bundle meant for applying (`purpose: "apply"`, the default) must not carry placeholder Secrets: `kubectl
 * apply` would overwrite the real values in the cluster with `<db-password>`. One warning per Secret, naming
 * its placeholder keys; a Secret whose values are all real or empty is not a template and is not reported here.
 */
export function placeholderSecretsApplied(bundle: Bundle): Finding[] {
  if (bundle.options.purpose !== "apply") return [];
  const out: Finding[] = [];
  for (const e of bundle.ofKind("Secret", "")) {
    const keys = [
      ...stringEntries(e.obj.stringData)
        .filter(([k, v]) => isPlaceholder(v) || (isDockerConfig(e, k) && isDockerConfigTemplate(v)))
        .map(([k]) => k),
      ...stringEntries(e.obj.data)
        .filter(([k, v]) => {
          const d = decodeBase64(v);
          return d !== undefined && (isPlaceholder(d) || (isDockerConfig(e, k) && isDockerConfigTemplate(d)));
        })
        .map(([k]) => k),
    ];
    if (keys.length === 0) continue;
    out.push(
      finding(
        "SECRET_PLACEHOLDER_APPLIED",
        e.ref,
        "",
        `holds placeholders (${keys.map((k) => JSON.stringify(k)).join(", ")}): applying it replaces the real values in the cluster`,
      ),
    );
  }
  return out;
}

/** A `.dockerconfigjson` whose credentials are all placeholders (and that has some). */
function isDockerConfigTemplate(json: string): boolean {
  return json.includes("<") && dockerConfigJsonProblems(json, false).length === 0;
}
