/**
 * Numbers as the API server reads and checks them in a custom resource (k8s.io/kube-openapi's validators): the
 * JSON text of a whole number that fits 64 bits is an int64, any other number a float64; `type: integer` takes
 * only int64s (and `format: int32` only 32-bit ones); `format: float` only numbers a 32-bit float holds. A bound
 * (`minimum`, `maximum`, `multipleOf`) that does not fit the field's type and format makes the server refuse every
 * value; an int64 is compared with the bound cut to an integer (so `multipleOf: 0.5` refuses every whole number).
 * The checks here refuse what the server refuses, and also what the bound means but the server lets through
 * (`minimum: 0.5` and the value 0).
 */
import type { IssueCode } from "../base/issue-codes.ts";

const INT64: readonly [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const INT32: readonly [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const MAX_JSON_INTEGER = 2 ** 53 - 1;

/** What a numeric node of a schema says: its type (int-or-string counts as a number here) and format. */
export interface NumberSchema {
  readonly type?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
}

export interface NumberIssue {
  readonly code: IssueCode;
  readonly message: string;
}

/** The int64 the API server reads from the JSON text of `v` (`JSON.stringify`), or undefined for a float64. */
export function int64Of(v: number): bigint | undefined {
  if (!Number.isInteger(v)) return undefined;
  const text = JSON.stringify(v);
  if (/[.eE]/.test(text)) return undefined;
  const n = BigInt(text);
  return n >= INT64[0] && n <= INT64[1] ? n : undefined;
}

/** The range of integers of a format: int32, or int64 for every other (the server drops other integer formats). */
const intRange = (format: string | undefined) => (format === "int32" ? INT32 : INT64);

/** `type: integer` holds `v`: an int64 (within int32 for that format). */
export function isSchemaInteger(v: number, format?: string): boolean {
  const n = int64Of(v);
  const [lo, hi] = intRange(format);
  return n !== undefined && n >= lo && n <= hi;
}

/** What `type: integer` expects, for messages. */
export function integerWords(format?: string): string {
  const [lo, hi] = intRange(format);
  return `an integer from ${lo} to ${hi}${format === "int32" ? " (format int32)" : ""}`;
}

/** swag.IsFloat64AJSONInteger: a whole number within ±(2^53-1), up to a relative error of 1e-9. */
function isJsonInteger(f: number): boolean {
  if (!Number.isFinite(f) || Math.abs(f) > MAX_JSON_INTEGER) return false;
  const rounded = Math.sign(f) * Math.round(Math.abs(f));
  if (f === rounded) return true;
  if (rounded === 0) return false;
  return Math.abs(f - rounded) < 1e-9 * Math.abs(rounded);
}

/** validate.MultipleOf on float64s. */
function floatMultiple(data: number, factor: number): boolean {
  return isJsonInteger(factor < 1 ? (1 / factor) * data : data / factor);
}

/** IsValueValidAgainstRange of a bound: an integer of the format's range for `type: integer`, a float32 for `format: float`. */
function boundFits(b: number, integer: boolean, format: string | undefined): boolean {
  if (integer) {
    if (!Number.isInteger(b)) return false;
    const [lo, hi] = intRange(format);
    return BigInt(b) >= lo && BigInt(b) <= hi;
  }
  return format !== "float" || Number.isFinite(Math.fround(b));
}

/** Every problem of the number `v` against the numeric keys of `s`, as the API server checks them. */
export function numberIssues(s: NumberSchema, v: number): NumberIssue[] {
  const out: NumberIssue[] = [];
  const integer = s.type === "integer";
  const format = integer ? (s.format === "int32" ? "int32" : undefined) : s.format;
  if (!integer && format === "float" && !Number.isFinite(Math.fround(v)))
    out.push({
      code: "too_big",
      message: `expected a number of format float (a 32-bit float, at most about ±3.4e38), received ${v}`,
    });
  const int = int64Of(v);
  const unfit = (key: string, b: number) =>
    out.push({
      code: "invalid_value",
      message: `the schema's ${key} ${b} is not ${integer ? integerWords(format) : "a 32-bit float (format float)"}: the API server refuses every value of this field`,
    });
  const bound = (key: "minimum" | "maximum", b: number | undefined, exclusive: boolean) => {
    if (b === undefined) return;
    const fits = boundFits(b, integer, format);
    if (!fits) unfit(key, b);
    const low = key === "minimum";
    const outside = (x: number | bigint, y: number | bigint) =>
      low ? (exclusive ? x <= y : x < y) : exclusive ? x >= y : x > y;
    const sign = `${low ? ">" : "<"}${exclusive ? "" : "="}`.replace(">=", "≥").replace("<=", "≤");
    if (outside(v, b))
      out.push({
        code: low ? "too_small" : "too_big",
        message: `expected a number ${sign} ${b}, received ${v}`,
      });
    else if (fits && int !== undefined && outside(int, BigInt(Math.trunc(b))))
      out.push({
        code: low ? "too_small" : "too_big",
        message: `expected a number ${sign} ${Math.trunc(b)}: the API server compares a whole number with ${key} ${b} cut to an integer, received ${v}`,
      });
  };
  bound("minimum", s.minimum, s.exclusiveMinimum === true);
  bound("maximum", s.maximum, s.exclusiveMaximum === true);
  const f = s.multipleOf;
  if (f !== undefined && f > 0) {
    const fits = boundFits(f, integer, format);
    if (!fits) unfit("multipleOf", f);
    const exact = int !== undefined && Number.isInteger(f) ? int % BigInt(f) === 0n : floatMultiple(v, f);
    const cut = Math.trunc(f);
    if (!exact) out.push({ code: "invalid_value", message: `expected a multiple of ${f}, received ${v}` });
    else if (fits && int !== undefined && (cut === 0 || int % BigInt(cut) !== 0n))
      out.push({
        code: "invalid_value",
        message:
          cut === 0
            ? `the API server refuses every whole number here: it checks them against multipleOf ${f} cut to an integer, 0 (received ${v})`
            : `expected a multiple of ${cut}: the API server checks a whole number against multipleOf ${f} cut to an integer, received ${v}`,
      });
  }
  return out;
}
