/**
 * Helpers for plain objects: writing only the fields a caller set (no `undefined`, no `null` in manifests), and
 * reading JSON data whose shape is not trusted (a built or patched object) in rules.
 */
import type { RuleIssue } from "./validate.ts";

/** `T` with `undefined` removed from every property type; optional properties stay optional. */
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** A copy of `o` without its undefined properties. */
export function compact<T extends object>(o: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Defined<T>;
}

/** A JSON object. */
export type Json = Record<string, unknown>;

/**
 * UTF-16 code-unit order, the same on every machine. Not `localeCompare`, which follows the user's locale (under
 * `LANG=et_EE.UTF-8`, "z" sorts before "t"): output that depends on an order must not change with it.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
/** Whether `v` is a JSON object (not an array, not `null`). */
export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** `v` if it is a JSON object, else `{}`. */
export const obj = (v: unknown): Json => (isObj(v) ? v : {});
/** `v` if it is an array, else `[]`. */
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** `v` if it is a string, else `undefined`. */
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** An issue for every item whose key (when defined) an earlier item already has. */
export function duplicates<T>(
  items: readonly T[],
  key: (t: T) => unknown,
  report: (t: T, k: unknown) => RuleIssue,
): RuleIssue[] {
  const seen = new Set<unknown>();
  const out: RuleIssue[] = [];
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    if (seen.has(k)) out.push(report(item, k));
    seen.add(k);
  }
  return out;
}

/** A reference that the API requires to name its object (a ConfigMap, a Secret). */
export function named(ref: unknown, field: string, at: readonly PropertyKey[]): RuleIssue[] {
  if (!isObj(ref)) return [];
  const name = ref[field];
  return typeof name === "string" && name !== ""
    ? []
    : [{ path: [...at, field], code: "required", message: `required: the object's ${field}` }];
}
