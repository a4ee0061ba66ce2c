/**
 * Reading untrusted objects: the checks take any input (hand-written YAML, `null`, half-built objects), so every
 * field is read through these helpers, which answer `undefined` or an empty value instead of throwing.
 */
import { formatPath } from "../base/errors.ts";

export type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `v` when it is a plain object, else undefined. */
export function rec(v: unknown): Rec | undefined {
  return isRec(v) ? v : undefined;
}

/** `v` when it is an array, else an empty array. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** `v` when it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** `v` when it is a finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The string-valued entries of a map (labels, selectors, data); other values are skipped. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = rec(v);
  if (r === undefined) return out;
  for (const [k, val] of Object.entries(r)) if (typeof val === "string") out[k] = val;
  return out;
}

/** Reads a nested field: `get(obj, "spec", "template", "spec")`. */
export function get(v: unknown, ...keys: readonly string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    const r = rec(cur);
    if (r === undefined) return undefined;
    cur = r[k];
  }
  return cur;
}

/** Appends segments to a dotted path: `at("spec.template", "spec", "containers", 0)` → `spec.template.spec.containers[0]`. */
export function at(base: string, ...segments: readonly PropertyKey[]): string {
  const tail = formatPath(segments);
  if (base === "") return tail;
  if (tail === "") return base;
  return tail.startsWith("[") ? `${base}${tail}` : `${base}.${tail}`;
}

/** A value for a message: strings quoted, the rest as JSON (cut short). */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "unset";
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return String(v);
  }
}

/** A list for a message: `a, b, c` or `none`. */
export function list(items: readonly unknown[]): string {
  return items.length === 0 ? "none" : items.map((i) => String(i)).join(", ");
}
