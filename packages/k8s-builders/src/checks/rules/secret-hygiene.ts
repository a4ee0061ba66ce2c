/**
 * Secret hygiene: Secrets in a bundle are templates holding placeholders, and ConfigMaps hold no secrets. No
 * message ever repeats a value it found.
 */
import { isPlaceholder } from "../../base/placeholder.ts";
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { at, rec } from "../read.ts";

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(v: string): string | undefined {
  const s = v.replace(/\s+/g, "");
  return BASE64.test(s) ? Buffer.from(s, "base64").toString("utf8") : undefined;
}

function stringEntries(v: unknown): [string, string][] {
  return Object.entries(rec(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
}

/**
 * Every value of a Secret in the bundle (`stringData`, or `data` decoded) must be a placeholder such as
 * `<db-password>` (see `isPlaceholder`), unless `allowSecretValues`; empty values pass. `data` that is not base64
 * is refused by the API and reported whatever the option.
 */
export function secretValuesArePlaceholders(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const allow = bundle.options.allowSecretValues;
  for (const e of bundle.ofKind("Secret", "")) {
    for (const [k, v] of stringEntries(e.obj.stringData)) {
      if (allow || v === "" || isPlaceholder(v)) continue;
      out.push(
        finding(
          "SECRET_VALUE_NOT_PLACEHOLDER",
          e.ref,
          at("stringData", k),
          `stringData key "${k}" holds a value (${v.length} characters) that is not a placeholder`,
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
      if (allow || decoded === "" || isPlaceholder(decoded)) continue;
      out.push(
        finding(
          "SECRET_VALUE_NOT_PLACEHOLDER",
          e.ref,
          at("data", k),
          `data key "${k}" decodes to a value (${decoded.length} characters) that is not a placeholder`,
        ),
      );
    }
  }
  return out;
}

const SENSITIVE_KEY = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Keys that hold where a secret is, not the secret: `DB_PASSWORD_FILE`, `TOKEN_PATH`, `JWT_SECRET_NAME`. */
const LOCATION_SUFFIX = /[-_.](FILE|PATH|DIR|NAME|REF)$/i;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
const CREDENTIAL_URL = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#]*):([^\s@/?#]+)@[^\s/?#]+/gi;
/** `$(DB_PASSWORD)` (Kubernetes env expansion), `${DB_PASSWORD}`, `$DB_PASSWORD`: filled in at runtime. */
const ENV_REFERENCE = /^\$(\([A-Za-z_][A-Za-z0-9_]*\)|\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

function hasCredentialUrl(value: string): boolean {
  for (const m of value.matchAll(CREDENTIAL_URL)) {
    const password = m[2] ?? "";
    if (!isPlaceholder(password) && !ENV_REFERENCE.test(password)) return true;
  }
  return false;
}

/**
 * A ConfigMap must not hold secrets: no key named like one (PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY,
 * CREDENTIAL — except `…_FILE`/`_PATH`/`_DIR`/`_NAME`/`_REF` keys that say where a secret is), no PEM private key,
 * no URL with a password (a password that is a placeholder or `$(VAR)` reference passes).
 */
export function configMapsHoldNoSecrets(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.ofKind("ConfigMap", "")) {
    const values: [field: string, key: string, value: string | undefined][] = [
      ...stringEntries(e.obj.data).map(([k, v]): [string, string, string] => ["data", k, v]),
      ...stringEntries(e.obj.binaryData).map(([k, v]): [string, string, string | undefined] => [
        "binaryData",
        k,
        decodeBase64(v),
      ]),
    ];
    for (const [field, key, value] of values) {
      const path = at(field, key);
      if (SENSITIVE_KEY.test(key) && !LOCATION_SUFFIX.test(key)) {
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
      if (PRIVATE_KEY.test(value)) {
        out.push(finding("CONFIG_MAP_PRIVATE_KEY", e.ref, path, `key "${key}" contains a PEM private key`));
      }
      if (hasCredentialUrl(value)) {
        out.push(
          finding(
            "CONFIG_MAP_CREDENTIAL_URL",
            e.ref,
            path,
            `key "${key}" contains a URL with a user and password`,
          ),
        );
      }
    }
  }
  return out;
}
