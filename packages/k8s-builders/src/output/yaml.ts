/**
 * A YAML writer specialised for manifests, which are plain JSON data (maps, lists, strings, numbers, booleans).
 *
 * Why not `yaml.stringify`: it is general (anchors, tags, comments, YAML 1.2 schema choices), and most of the
 * time of a build goes into it. Manifests need much less, and need it strictly: Kubernetes reads YAML 1.1 (Go's
 * sigs.k8s.io/yaml), Kustomize reads and rewrites YAML with its own Go reader, and tools read YAML 1.2, so a
 * string is written plain only when it matches a small grammar proven safe for all of them; everything else is
 * a JSON-escaped double-quoted scalar, or a literal block (`|`) for readable multi-line text. The proof is
 * differential (yaml.differential.test.ts): a corpus of every YAML 1.1/1.2 number, boolean, null and timestamp
 * form, and fast-check strings, is read back by the `yaml` package (1.1 and 1.2) and by Go through kubectl.
 *
 * Output is deterministic: same input, same bytes. No anchors, no aliases, no folded lines, no `null` for
 * unset fields (undefined and null map values are left out). Input that is not JSON data (a Date, a Map, a class
 * instance, a function, a bigint, NaN, `undefined` in a list, a cycle, nesting deeper than {@link MAX_DEPTH}) and
 * strings holding characters Kubernetes' readers refuse (base/characters.ts) are refused with a
 * {@link K8sBuilderError} at the value's path, never written.
 */
import { unwritableCharacter } from "../base/characters.ts";
import { formatPath, K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import type { IssueCode } from "../base/issue-codes.ts";

/** Deepest nesting written (a manifest is a few dozen levels deep); deeper input is refused, not overflowed. */
export const MAX_DEPTH = 1000;

/** Words a YAML 1.1 reader turns into booleans or null (compared in lower case, so more are quoted than needed). */
const YAML11_WORDS = new Set(["y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"]);
/** Letters first, or a path; then a tame alphabet. Anything numeric-looking is not in here. */
const PLAIN_WORD = /^[A-Za-z/][A-Za-z0-9._/-]*(?::[A-Za-z0-9._/-]+)*$/;
/**
 * Kubernetes quantities and durations such as `512Mi`, `250m`, `30s`, `1.5Gi`: digits then letters only, but
 * not `0x`/`0X` then letters (`0xff`, `0XBEEF`), which Go and YAML 1.1 read as hexadecimal integers.
 */
const PLAIN_QUANTITY = /^(?!0[xX])[0-9]+(?:\.[0-9]+)?[A-Za-z]+$/;
/** `e0`, `E+12`, `e-0`: some YAML 1.1 readers take an exponent without a mantissa for a float. */
const BARE_EXPONENT = /^[eE][-+]?[0-9]+$/;
/** Characters that must be escaped in a double-quoted scalar even though JSON leaves them raw. */
const NEEDS_ESCAPE = /[\u2028\u2029\ufeff]/g;
/** Characters that rule out a literal block: anything non-printable or a line break other than \n. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const NOT_BLOCK_SAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;
/**
 * Longest key written as an implicit key (`key: value`): YAML readers allow 1024 characters between the start of
 * an implicit key and its `:`; longer keys are written as explicit keys (`? key` then `: value`).
 */
const MAX_IMPLICIT_KEY = 1000;

function isPlainSafe(s: string): boolean {
  if (s.length === 0 || s.length > 200) return false;
  if (PLAIN_QUANTITY.test(s)) return true;
  return (
    PLAIN_WORD.test(s) && !YAML11_WORDS.has(s.toLowerCase()) && !s.endsWith(":") && !BARE_EXPONENT.test(s)
  );
}

function quoted(s: string): string {
  const json = JSON.stringify(s);
  return NEEDS_ESCAPE.test(json)
    ? json.replace(NEEDS_ESCAPE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    : json;
}

/**
 * A literal block for multi-line text when it can be written so that a reader gets exactly the same text; its
 * lines go two spaces deeper than `indent`, the indentation of the key.
 */
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
  const child = `${indent}  `;
  return `${header}\n${lines.map((l) => (l === "" ? "" : child + l)).join("\n")}`;
}

/** A problem found while writing: thrown inside the writer, turned into a K8sBuilderError by the caller. */
class WriteProblem {
  readonly path: readonly PropertyKey[];
  readonly code: IssueCode;
  readonly message: string;
  constructor(path: readonly PropertyKey[], code: IssueCode, message: string) {
    this.path = path;
    this.code = code;
    this.message = message;
  }
}

/** The state of one document being written: the output, and the path and containers from the root. */
interface Writer {
  /** Pieces of the document, joined once at the end (cheaper than growing one string). */
  readonly out: string[];
  readonly path: PropertyKey[];
  readonly containers: object[];
}

/** Stops writing with a problem at the current path (`{ code: "…" }` literal, so the docs test finds the code). */
function problem(w: Writer, issue: { readonly code: IssueCode; readonly message: string }): never {
  throw new WriteProblem([...w.path], issue.code, issue.message);
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return `a bigint (${value}n)`;
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
    const name = typeof proto?.constructor?.name === "string" ? proto.constructor.name : "";
    return name === "" ? "an object that is not plain data" : `a ${name}`;
  }
  return `a ${typeof value}`;
}

function unsupported(w: Writer, value: unknown): never {
  problem(w, {
    code: "invalid_type",
    message: `${describeValue(value)} cannot be written to a manifest (expected JSON data: plain objects, arrays, strings, finite numbers, booleans)`,
  });
}

function checkedString(w: Writer, s: string): void {
  const bad = unwritableCharacter(s);
  if (bad !== undefined) problem(w, { code: "invalid_character", message: bad });
}

function scalarString(w: Writer, s: string, indent: string): string {
  if (isPlainSafe(s)) return s;
  checkedString(w, s);
  return literalBlock(s, indent) ?? quoted(s);
}

function scalarNumber(w: Writer, value: number): string {
  if (!Number.isFinite(value)) {
    problem(w, {
      code: "invalid_value",
      message: `${value} is not a finite number (JSON, and so Kubernetes, has no such number)`,
    });
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

/** A plain object: its prototype is Object.prototype (of any realm) or null. Not a Date, Map or class instance. */
function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Enters a map or list: refuses nesting beyond MAX_DEPTH, and names a cycle when that is the cause. */
function enter(w: Writer, container: object): void {
  if (w.containers.length >= MAX_DEPTH) tooDeep(w, container);
  w.containers.push(container);
}

function tooDeep(w: Writer, container: object): never {
  // containers[i] is the value at path[0..i): a cycle is an object met twice on the way down.
  const stack = [...w.containers, container];
  const seen = new Map<object, number>();
  for (let i = 0; i < stack.length; i++) {
    const first = seen.get(stack[i] as object);
    if (first !== undefined) {
      const at = formatPath(w.path.slice(0, first));
      w.path.length = i;
      problem(w, {
        code: "circular_reference",
        message: `this is the object at ${at === "" ? "the root" : at} again: a manifest cannot contain itself`,
      });
    }
    seen.set(stack[i] as object, i);
  }
  problem(w, {
    code: "too_deep",
    message: `nested more than ${MAX_DEPTH} levels deep: not a Kubernetes manifest`,
  });
}

/** Writes `value` after a prefix that is already on the line (`key:` or `-`). */
function writeValue(w: Writer, value: unknown, indent: string, afterDash: boolean): void {
  switch (typeof value) {
    case "string":
      w.out.push(" ", scalarString(w, value, indent), "\n");
      return;
    case "number":
      w.out.push(" ", scalarNumber(w, value), "\n");
      return;
    case "boolean":
      w.out.push(value ? " true\n" : " false\n");
      return;
    case "object":
      break;
    default:
      unsupported(w, value);
  }
  if (value === null) {
    w.out.push(" null\n");
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      w.out.push(" []\n");
      return;
    }
    enter(w, value);
    w.out.push(afterDash ? " " : "\n");
    writeSeq(w, value, `${indent}  `, afterDash);
    w.containers.pop();
    return;
  }
  if (!isPlainObject(value)) unsupported(w, value);
  const map = value as Record<string, unknown>;
  if (!hasEntries(map)) {
    w.out.push(" {}\n");
    return;
  }
  enter(w, map);
  w.out.push(afterDash ? " " : "\n");
  writeMap(w, map, `${indent}  `, afterDash);
  w.containers.pop();
}

function hasEntries(map: Record<string, unknown>): boolean {
  for (const k in map) if (Object.hasOwn(map, k) && map[k] !== undefined && map[k] !== null) return true;
  return false;
}

function writeKey(w: Writer, k: string, indent: string, first: boolean): void {
  const lead = first ? "" : indent;
  if (isPlainSafe(k)) {
    w.out.push(lead, k, ":");
    return;
  }
  checkedString(w, k);
  const text = quoted(k);
  if (text.length > MAX_IMPLICIT_KEY) w.out.push(lead, "? ", text, "\n", indent, ":");
  else w.out.push(lead, text, ":");
}

function writeMap(w: Writer, map: Record<string, unknown>, indent: string, inlineFirst: boolean): void {
  let first = inlineFirst;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (v === undefined || v === null) continue;
    w.path.push(k);
    writeKey(w, k, indent, first);
    writeValue(w, v, indent, false);
    w.path.pop();
    first = false;
  }
}

function writeSeq(w: Writer, seq: readonly unknown[], indent: string, inlineFirst: boolean): void {
  // Sequences are indented under their key: `key:\n  - item`. `indent` is where the dash goes.
  for (let i = 0; i < seq.length; i++) {
    w.path.push(i);
    const item = seq[i];
    // A hole or `undefined` would silently become `null` (JSON.stringify's choice): refuse it.
    if (item === undefined) {
      problem(w, { code: "invalid_type", message: "undefined in a list cannot be written to a manifest" });
    }
    w.out.push(i === 0 && inlineFirst ? "-" : `${indent}-`);
    writeValue(w, item, indent, true);
    w.path.pop();
  }
}

/**
 * Writes one document (a plain object or an array), or returns the first problem as an issue whose path is
 * `prefix` (the document's place in the caller's input, e.g. `objects[3]`) and the path in the document.
 */
export function writeDocument(doc: unknown, prefix: readonly PropertyKey[] = []): string | OptionIssue {
  const w: Writer = { out: [], path: [], containers: [] };
  try {
    if (Array.isArray(doc)) {
      if (doc.length === 0) return "[]\n";
      enter(w, doc);
      writeSeq(w, doc, "", false);
    } else if (doc === null || typeof doc !== "object" || !isPlainObject(doc)) {
      unsupported(w, doc);
    } else {
      const map = doc as Record<string, unknown>;
      if (!hasEntries(map)) return "{}\n";
      enter(w, map);
      writeMap(w, map, "", false);
    }
    return w.out.join("");
  } catch (e) {
    // A getter or proxy that throws, or a stack overflow despite the depth bound: still the library's error.
    const p =
      e instanceof WriteProblem
        ? e
        : new WriteProblem(
            [...w.path],
            "invalid_type",
            `the value could not be read as plain data (${e instanceof Error ? e.message : String(e)})`,
          );
    return { path: formatPath([...prefix, ...p.path]), code: p.code, message: p.message };
  }
}

/**
 * Writes one object as a YAML document (no `---`, no reordering of keys). Throws a {@link K8sBuilderError}
 * (builder `documentToYaml`) at the path of a value it cannot write.
 *
 * @example
 * documentToYaml({ data: { enabled: "on" } }); // 'data:\n  enabled: "on"\n'
 */
export function documentToYaml(doc: object): string {
  const r = writeDocument(doc);
  if (typeof r !== "string") throw new K8sBuilderError("documentToYaml", undefined, [r]);
  return r;
}
