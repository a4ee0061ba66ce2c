/**
 * A YAML writer specialised for manifests, which are plain JSON data (maps, lists, strings, numbers, booleans).
 *
 * Why not `yaml.stringify`: it is general (anchors, tags, comments, YAML 1.2 schema choices), and most of the
 * time of a build goes into it. Manifests need much less, and need it strictly: Kubernetes reads YAML 1.1, so
 * every string that a 1.1 reader could take for something else (`yes`, `on`, `0755`, `1e3`, `~`, `2024-01-01`)
 * is quoted. Plain style is used only for strings matching a small safe grammar; everything else is a
 * JSON-escaped double-quoted scalar, or a literal block (`|`) for readable multi-line text. Property tests parse
 * the output back with the `yaml` package in YAML 1.1 mode and require identical data.
 *
 * Output is deterministic: same input, same bytes. No anchors, no aliases, no folded lines, no `null` for
 * unset fields (undefined and null map values are left out).
 */
import { formatPath, K8sBuilderError } from "../base/errors.ts";

/** Words a YAML 1.1 reader turns into booleans or null (compared in lower case, so more are quoted than needed). */
const YAML11_WORDS = new Set(["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"]);
/** Letters first, or a path; then a tame alphabet. Anything numeric-looking is not in here. */
const PLAIN_WORD = /^[A-Za-z/][A-Za-z0-9._/-]*(?::[A-Za-z0-9._/-]+)*$/;
/** Kubernetes quantities and durations such as `512Mi`, `250m`, `30s`, `1.5Gi`: digits then letters only. */
const PLAIN_QUANTITY = /^[0-9]+(?:\.[0-9]+)?[A-Za-z]+$/;
/** Characters that must be escaped in a double-quoted scalar even though JSON leaves them raw. */
const NEEDS_ESCAPE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
/** Characters that rule out a literal block: anything non-printable or a line break other than \n. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const NOT_BLOCK_SAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

function isPlainSafe(s: string): boolean {
  if (s.length === 0 || s.length > 200) return false;
  if (PLAIN_QUANTITY.test(s)) {
    // `1e3` is excluded by the grammar (it ends in a digit); exclude sexagesimal-like and `_` forms too.
    return true;
  }
  return (
    PLAIN_WORD.test(s) &&
    !YAML11_WORDS.has(s.toLowerCase()) &&
    !s.endsWith(":") &&
    // `e0`, `E+12`, `e-0`: some YAML 1.1 readers take an exponent without a mantissa for a float.
    !/^[eE][-+]?[0-9]+$/.test(s)
  );
}

function quoted(s: string): string {
  return JSON.stringify(s).replace(
    NEEDS_ESCAPE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A literal block for multi-line text when it can be written so that a reader gets exactly the same text. */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes("\n") || NOT_BLOCK_SAFE.test(s)) return undefined;
  let body = s;
  let header = "|-";
  if (s.endsWith("\n")) {
    if (s.endsWith("\n\n")) return undefined; // keep-chomping would be needed: quote instead
    body = s.slice(0, -1);
    header = "|";
  }
  const lines = body.split("\n");
  const firstContent = lines.find((l) => l !== "");
  if (firstContent === undefined || /^[ \t]/.test(firstContent)) return undefined;
  for (const l of lines) if (/[ \t]$/.test(l)) return undefined;
  return `${header}\n${lines.map((l) => (l === "" ? "" : indent + l)).join("\n")}`;
}

function scalar(value: string | number | boolean, childIndent: string, path: PropertyKey[]): string {
  if (typeof value === "string") {
    if (isPlainSafe(value)) return value;
    return literalBlock(value, childIndent) ?? quoted(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (!Number.isFinite(value)) {
    throw new K8sBuilderError("toYaml", undefined, [
      { path: formatPath(path), code: "invalid_value", message: `${value} is not a finite number` },
    ]);
  }
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return Object.is(value, -0) ? "0" : String(value);
  // YAML 1.1 floats need a '.' (and a signed exponent): 1e-7 → 1.0e-7.
  const text = String(value);
  if (text.includes("e")) {
    const [mantissa = "", exponent = ""] = text.split("e");
    const m = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
    return `${m}e${exponent.startsWith("-") || exponent.startsWith("+") ? exponent : `+${exponent}`}`;
  }
  return text.includes(".") ? text : `${text}.0`;
}

function key(k: string): string {
  return isPlainSafe(k) ? k : quoted(k);
}

type Json = string | number | boolean | null | undefined | readonly Json[] | { readonly [k: string]: Json };

function isMap(v: unknown): v is { readonly [k: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function unsupported(value: unknown, path: PropertyKey[]): never {
  throw new K8sBuilderError("toYaml", undefined, [
    {
      path: formatPath(path),
      code: "invalid_type",
      message: `a ${typeof value} cannot be written to a manifest (expected JSON data)`,
    },
  ]);
}

/** Writes `value` after a prefix that is already on the line (`key:` or `-`). */
function writeValue(
  value: Json,
  indent: string,
  out: string[],
  path: PropertyKey[],
  afterDash: boolean,
): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(" []\n");
    else if (afterDash) {
      out.push(" ");
      writeSeq(value, `${indent}  `, out, path, true);
    } else {
      out.push("\n");
      writeSeq(value, `${indent}  `, out, path, false);
    }
    return;
  }
  if (isMap(value)) {
    if (!hasEntries(value)) out.push(" {}\n");
    else if (afterDash) {
      out.push(" ");
      writeMap(value, `${indent}  `, out, path, true);
    } else {
      out.push("\n");
      writeMap(value, `${indent}  `, out, path, false);
    }
    return;
  }
  if (value === null) {
    out.push(" null\n");
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out.push(" ", scalar(value, `${indent}  `, path), "\n");
    return;
  }
  unsupported(value, path);
}

function hasEntries(map: { readonly [k: string]: Json }): boolean {
  for (const k in map) if (map[k] !== undefined && map[k] !== null) return true;
  return false;
}

function writeMap(
  map: { readonly [k: string]: Json },
  indent: string,
  out: string[],
  path: PropertyKey[],
  inlineFirst: boolean,
): void {
  let first = true;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (v === undefined || v === null) continue;
    if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint")
      unsupported(v, [...path, k]);
    out.push(first && inlineFirst ? "" : indent, key(k), ":");
    writeValue(v, indent, out, [...path, k], false);
    first = false;
  }
}

function writeSeq(
  seq: readonly Json[],
  indent: string,
  out: string[],
  path: PropertyKey[],
  inlineFirst: boolean,
): void {
  // Sequences are indented under their key: `key:\n  - item`. `indent` is where the dash goes.
  for (let i = 0; i < seq.length; i++) {
    out.push(i === 0 && inlineFirst ? "-" : `${indent}-`);
    writeValue(seq[i], indent, out, [...path, i], true);
  }
}

/** Writes one object as a YAML document (no `---`). */
export function documentToYaml(doc: object): string {
  const out: string[] = [];
  if (Array.isArray(doc)) {
    if (doc.length === 0) return "[]\n";
    writeSeq(doc as Json[], "", out, [], false);
  } else if (!hasEntries(doc as { [k: string]: Json })) {
    return "{}\n";
  } else {
    writeMap(doc as { [k: string]: Json }, "", out, [], false);
  }
  return out.join("");
}
