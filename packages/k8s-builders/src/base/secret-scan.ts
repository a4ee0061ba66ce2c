/**
 * Finds secrets in text: the published rules of secretlint's recommended preset
 * (`@secretlint/secretlint-rule-preset-recommend`, MIT: cloud keys, tokens of ~25 services, private keys,
 * database and basic-auth URLs), plus rules of our own for what shows up in Kubernetes configuration and that
 * preset leaves out — passwords in any URL (also with `/` or `#` in them), in query strings and JDBC URLs, JWTs,
 * `password=` lines of properties, env and YAML files, PEM private keys of any length, base64 that decodes to
 * any of these. Every match names its rule; nothing here ever returns the secret itself.
 *
 * The preset is loaded on the first scan (it costs ~45 ms), not with the library (secret-scan-secretlint.ts).
 */
import { type Literals, runSecretlint, type SecretKind, type SecretMatch } from "./secret-scan-secretlint.ts";

export type { SecretKind, SecretMatch } from "./secret-scan-secretlint.ts";

// ------------------------------------------------------------------------------------------------ our rules

/** Word lists of {@link isSensitiveName}. */
const SECRET_WORDS = new Set([
  "PASSWORD",
  "PASSWORDS",
  "PASSWD",
  "PASS",
  "PWD",
  "PGPASS",
  "PGPASSWORD",
  "SECRET",
  "SECRETS",
  "TOKEN",
  "TOKENS",
  "APIKEY",
  "PRIVATEKEY",
  "CREDENTIAL",
  "CREDENTIALS",
  "PASSPHRASE",
]);
const KEY_PREFIXES = new Set([
  "API",
  "PRIVATE",
  "ACCESS",
  "SECRET",
  "SIGNING",
  "ENCRYPTION",
  "MASTER",
  "AUTH",
]);
/** A last word that says the value is about a secret, not the secret: where it is, how long it lives, … */
const ABOUT_WORDS = new Set([
  "FILE",
  "FILES",
  "PATH",
  "DIR",
  "NAME",
  "REF",
  "KEY_REF",
  "URL",
  "URI",
  "ENDPOINT",
  "HOST",
  "PORT",
  "TTL",
  "EXPIRY",
  "EXPIRES",
  "EXPIRATION",
  "LIFETIME",
  "TIMEOUT",
  "LENGTH",
  "LEN",
  "SIZE",
  "MIN",
  "MAX",
  "HEADER",
  "TYPE",
  "ALGORITHM",
  "ALG",
  "ENABLED",
  "DISABLED",
  "REQUIRED",
  "POLICY",
  "MODE",
  "ISSUER",
  "AUDIENCE",
  "SCOPE",
  "SCOPES",
  "PREFIX",
  "VERSION",
  "FORMAT",
  "ROTATION",
  "DAYS",
  "SECONDS",
  "COUNT",
  "LIMIT",
  "ATTEMPTS",
  "HASH",
  "STRENGTH",
  "RESET",
  "RESOURCE",
  "NAMESPACE",
  "MOUNT",
  "PROVIDER",
  "STORE",
  "CACHE",
]);

/** `dbPassword`, `DB_PASS`, `db.password` → words in upper case. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toUpperCase());
}

/**
 * Whether a key or variable name says its value is a secret: a word such as PASSWORD, PASS, PWD, PGPASS,
 * SECRET, TOKEN, CREDENTIALS, or API/PRIVATE/ACCESS/… KEY, in any case and spelling (`GF_SECURITY_ADMIN_PASSWORD`,
 * `gf_auth_generic_oauth_client_secret`, `dbPass`), unless its last word says it is about a secret rather than
 * the secret (`DB_PASSWORD_FILE`, `JWT_SECRET_NAME`, `TOKEN_TTL`, `PASSWORD_MIN_LENGTH`). `PWD` alone is the
 * shell's working directory.
 */
export function isSensitiveName(name: string): boolean {
  const w = words(name);
  if (w.length === 0 || (w.length === 1 && (w[0] === "PWD" || w[0] === "OLDPWD"))) return false;
  const last = w[w.length - 1] ?? "";
  if (ABOUT_WORDS.has(last) && w.length > 1) return false;
  return w.some(
    (x, i) =>
      SECRET_WORDS.has(x) ||
      (x === "KEY" && i > 0 && KEY_PREFIXES.has(w[i - 1] ?? "")) ||
      (x.endsWith("PASSWORD") && x.length <= 12) ||
      (x.endsWith("TOKEN") && x.length <= 12),
  );
}

const REFERENCE =
  /^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_.:-]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^{}]*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|ENC\([^()]*\)|\$__(env|file|vault)\{[^{}]*\})$/;
const NOT_SECRET =
  /^(true|false|yes|no|on|off|null|none|nil|-?\d+(\.\d+)?|\d+(ms|s|m|h|d|w|y)|\/[^\s]*|[a-z][a-z0-9+.-]*:\/\/[^\s@]*)$/i;

/**
 * Whether a literal value of a sensitive name is a secret: not empty, not a reference filled in at runtime
 * (`$(VAR)`, `${VAR}`, `$VAR`, `{{ … }}`, `ENC(…)`), not a placeholder, and not a value that cannot be one (a
 * number, a boolean, a duration, an absolute path, a URL without credentials).
 */
export function isLiteralSecret(value: string, isPlaceholder: (v: string) => boolean): boolean {
  const v = value.trim().replace(/^(["'])(.*)\1$/, "$2");
  return v !== "" && !REFERENCE.test(v) && !NOT_SECRET.test(v) && !isPlaceholder(v);
}

/**
 * Whether the password of a URL (`scheme://user:password@host`) is a real one: any value but a reference filled
 * in at runtime or a placeholder. Unlike {@link isLiteralSecret}, numbers, booleans and paths count: `1234`,
 * `true` and `/x` are passwords when they stand between `user:` and `@`.
 */
export function isLiteralPassword(value: string, isPlaceholder: (v: string) => boolean): boolean {
  const v = value.trim();
  return v !== "" && !REFERENCE.test(v) && !isPlaceholder(v);
}

interface OwnRule {
  readonly id: string;
  readonly kind: SecretKind;
  readonly pattern: RegExp;
  /** Index of the group holding the secret part, checked with `accept` (whole match when absent). */
  readonly group?: number;
  /** Whether the secret part is a real value (not a placeholder or reference). */
  readonly accept?: (secret: string, m: RegExpMatchArray) => boolean;
}

/** Schemes of the web, where an `@` in a path or query is common (`/@alice`, `?email=a@example.com`). */
const WEB_SCHEME = /^(https?|wss?|ftps?):/i;

/**
 * Whether the "password" the URL rule found is in fact `:port/path…` with an `@` further on. Digits right
 * before the `@` are a password (`mysql://root:1234@db`: the URL standard reads `user:1234` as userinfo). Digits
 * and then `/`, `?` or `#` are a port on the web (`http://example.com:8080/a@b`); in a connection string
 * (`postgres://u:123/x@db`) a database path holding an `@` is implausible, so they are a password unless a
 * query follows the port (`postgres://db:5432/app?user=app@server`).
 */
function portThenPath(url: string, password: string): boolean {
  const port = /^\d{1,5}([/?#].*)$/s.exec(password);
  if (port === null) return false;
  return WEB_SCHEME.test(url) || /[?#=&]/.test(port[1] ?? "");
}

/**
 * The rules of our own, each named `k8s-builders/<id>`. `literal` says whether a value is a real value (not a
 * placeholder or reference), so `postgres://app:<password>@db` is no finding.
 */
function ownRules(literal: Literals): readonly OwnRule[] {
  return [
    {
      id: "private-key",
      kind: "private-key",
      pattern: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/g,
    },
    {
      // scheme://user:password@host — the password may hold '/', '#', '?' or ':' (not percent-encoded): it
      // runs to the last '@' before the host. A ':port' after the host is not a password.
      id: "url-password",
      kind: "credential-url",
      pattern: /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#"'<>]*):([^\s@"']+)@[A-Za-z0-9[\]._-]+/gi,
      group: 2,
      accept: (password, m) => !portThenPath(m[0], password) && literal.password(password),
    },
    {
      // Oracle's JDBC form: jdbc:oracle:thin:user/password@host
      id: "jdbc-password",
      kind: "credential-url",
      pattern: /\bjdbc:oracle:[a-z]+:([^\s/@:"']+)\/([^\s@"']+)@/gi,
      group: 2,
      accept: (password) => literal.password(password),
    },
    {
      // ?password=…, &token=…, ;password=… (JDBC SQL Server, ODBC), in URLs and connection strings.
      id: "query-password",
      kind: "credential-url",
      pattern:
        /[?&;]\s*(password|passwd|pwd|pass|secret|client_secret|access_token|auth_token|token|api_key|apikey|api-key|sig)\s*=\s*([^&;#\s"']+)/gi,
      group: 2,
      accept: (secret) => literal.value(decodeURIComponentSafe(secret)),
    },
    {
      // JSON Web Tokens: base64url of '{"' twice, then the signature (empty for alg none).
      id: "jwt",
      kind: "secret",
      pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g,
    },
    {
      // KEY=value, key: value, "key": "value" lines of properties, env, INI, TOML, YAML and JSON files whose
      // key names a secret (db.password=…, DB_PASS=…, spring.datasource.password: …).
      id: "assignment",
      kind: "secret",
      pattern:
        /(?:^|[\n{,])[ \t]*(?:export[ \t]+)?["']?([A-Za-z_][A-Za-z0-9_.\-[\]]*)["']?[ \t]*(?:=|:(?!\/\/))[ \t]*(?!\s)([^\n]*)/g,
      group: 2,
      accept: (value, m) => isSensitiveName(m[1] ?? "") && literal.value(assignedValue(value)),
    },
  ];
}

/**
 * The value of an assignment line: a quoted string up to its closing quote (JSON, YAML, TOML), else the text
 * before a trailing comment (` # …`, ` ; …`) or a JSON `,` / `}`.
 */
function assignedValue(raw: string): string {
  const quoted = /^(["'])((?:\\.|(?!\1).)*)\1/.exec(raw);
  if (quoted !== null) return quoted[2] ?? "";
  let v = raw
    .replace(/[ \t]+[#;].*$/, "")
    .replace(/[ \t]*,[ \t]*$/, "")
    .trim();
  // The `}` closing a JSON object on the same line, not one of the value's own braces (`$__env{VAR}`).
  while (v.endsWith("}") && v.split("}").length > v.split("{").length) v = v.slice(0, -1).trimEnd();
  return v;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function runOwn(text: string, literal: Literals): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const r of ownRules(literal)) {
    for (const m of text.matchAll(r.pattern)) {
      const secret = r.group === undefined ? m[0] : (m[r.group] ?? "");
      if (r.accept !== undefined && !r.accept(secret, m)) continue;
      const start = m.index ?? 0;
      out.push({ rule: `k8s-builders/${r.id}`, kind: r.kind, start, end: start + m[0].length });
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------------- base64

const BASE64_TOKEN = /[A-Za-z0-9+/]{24,}={0,2}|[A-Za-z0-9_-]{24,}={0,2}/g;
/** Printable ASCII, tabs and line breaks: what keys, tokens, passwords and PEM files are made of. */
const TEXT = /^[\t\n\r\x20-\x7e]+$/;

/** The text a base64 (or base64url) token decodes to, when it is printable ASCII text. */
export function decodeBase64Text(token: string): string | undefined {
  const s = token.replace(/\s+/g, "");
  if (s.length % 4 === 1 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) return undefined;
  const text = Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  return TEXT.test(text) ? text : undefined;
}

// ------------------------------------------------------------------------------------------------ scanning

/** Options of {@link findSecrets}. */
export interface ScanOptions {
  /** Whether a value is a placeholder (`<db-password>`): such values are no findings. */
  readonly isPlaceholder: (value: string) => boolean;
  /** File name extension that tells rules the format (`.json`), when known. @default "" */
  readonly ext?: string;
}

/**
 * Every secret in `text`, each with its rule and range, in order of position. Base64 tokens that decode to
 * text are decoded and scanned too (once: a match inside one covers the token).
 */
export function findSecrets(text: string, options: ScanOptions): SecretMatch[] {
  const literal: Literals = {
    value: (v) => isLiteralSecret(v, options.isPlaceholder),
    password: (v) => isLiteralPassword(v, options.isPlaceholder),
  };
  const found = [...runOwn(text, literal), ...runSecretlint(text, options.ext ?? "", literal)];
  // A value that is base64 as a whole (line-wrapped or not), else each base64 token in it.
  const whole = text.trim();
  const tokens: { text: string; start: number }[] =
    whole.length >= 24 && /^[A-Za-z0-9+/=_\s-]+$/.test(whole)
      ? [{ text: whole, start: text.indexOf(whole) }]
      : [...text.matchAll(BASE64_TOKEN)].map((m) => ({ text: m[0], start: m.index ?? 0 }));
  for (const t of tokens) {
    const decoded = decodeBase64Text(t.text);
    if (decoded === undefined) continue;
    for (const m of [...runOwn(decoded, literal), ...runSecretlint(decoded, "", literal)]) {
      found.push({ rule: `${m.rule} in base64`, kind: m.kind, start: t.start, end: t.start + t.text.length });
    }
  }
  return dedupe(found.sort((a, b) => a.start - b.start || b.end - a.end));
}

/** One match per rule and range. */
function dedupe(matches: SecretMatch[]): SecretMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.rule}|${m.start}|${m.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
