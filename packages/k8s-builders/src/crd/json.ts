/**
 * Custom resources carry caller data that no zod schema describes: these helpers check that it is JSON data (what
 * the API server can store) and copy it, so a built object never shares mutable parts with the caller's options.
 */
import type { RuleIssue } from "../base/validate.ts";

/** A plain object: `{}` or `Object.create(null)`, not an array, a class instance, a Map or a Date. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short description of a received value for messages: `"abc"`, `5`, `an object`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object") return isPlainObject(value) ? "an object" : "a non-plain object";
  return `a ${typeof value}`;
}

/**
 * Every place in `value` that is not JSON data: functions, symbols, bigints, NaN and infinities, class instances,
 * `undefined` inside arrays. `undefined` object properties are fine: they are left out, as JSON leaves them out.
 */
export function jsonIssues(
  value: unknown,
  path: readonly PropertyKey[] = [],
  out: RuleIssue[] = [],
): RuleIssue[] {
  if (value === null || typeof value === "string" || typeof value === "boolean") return out;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push(notJson(path, value));
    return out;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined) out.push(notJson([...path, i], item));
      else jsonIssues(item, [...path, i], out);
    }
    return out;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) jsonIssues(v, [...path, k], out);
    return out;
  }
  out.push(notJson(path, value));
  return out;
}

function notJson(path: readonly PropertyKey[], value: unknown): RuleIssue {
  return {
    path,
    code: "invalid_type",
    message: `expected JSON data (a string, a finite number, a boolean, null, an array or a plain object), received ${describeValue(value)}`,
  };
}

/** A deep copy of JSON data without its `undefined` object properties (check it with {@link jsonIssues} first). */
export function jsonCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => jsonCopy(v)) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty: a "__proto__" key stays a key instead of replacing the copy's prototype.
      if (v !== undefined)
        Object.defineProperty(out, k, {
          value: jsonCopy(v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out as T;
  }
  return value;
}

/** Deep equality of JSON data (key order ignored), for `enum`, sets and map keys. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
