/**
 * The library's one error class. Every builder reports every problem of its options at once, each with the
 * path of the bad field, so a user fixes them in one pass. Callers match on `code` and `issues[].path`,
 * never on message text.
 */
import type { IssueCode } from "./issue-codes.ts";

/** One problem found in a builder's options. */
export interface OptionIssue {
  /** Dotted path of the bad field in the options object, e.g. `resources.limits.memory` (empty for the root). */
  readonly path: string;
  /** Stable machine-readable reason, e.g. `invalid_type`, `unknown_option`, `requests_exceed_limits`. */
  readonly code: IssueCode;
  /** What was wrong and what was expected, for people. */
  readonly message: string;
}

/**
 * Stable error codes of {@link K8sBuilderError}: `INVALID_OPTIONS`, the input was refused; `IO_ERROR`, the input
 * was fine but the file system failed or stood in the way (`writeTree` only).
 */
export type K8sBuilderErrorCode = "INVALID_OPTIONS" | "IO_ERROR";

/** The brand of {@link K8sBuilderError}, shared by the ESM and CommonJS builds (and by copies of the package). */
const BRAND: symbol = Symbol.for("@call-center/k8s-builders:K8sBuilderError");

/** Thrown by every builder when its options are invalid. No object is produced. */
export class K8sBuilderError extends Error {
  /**
   * Whether `value` is a K8sBuilderError from any copy of this library: the ESM and the CommonJS builds are two
   * classes, so `instanceof` fails across them; this check does not.
   *
   * @example
   * if (K8sBuilderError.is(e)) console.error(e.issues);
   */
  static is(value: unknown): value is K8sBuilderError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  override readonly name = "K8sBuilderError";
  readonly code: K8sBuilderErrorCode;
  /** The builder that refused, e.g. `deployment`. */
  readonly builder: string;
  /** The name of the object being built, when the options gave a usable one. */
  readonly objectName: string | undefined;
  readonly issues: readonly OptionIssue[];

  constructor(
    builder: string,
    objectName: string | undefined,
    issues: readonly OptionIssue[],
    code: K8sBuilderErrorCode = "INVALID_OPTIONS",
  ) {
    super(formatMessage(builder, typeof objectName === "string" ? objectName : undefined, issues, code));
    Object.defineProperty(this, BRAND, { value: true });
    this.code = code;
    this.builder = builder;
    this.objectName = typeof objectName === "string" ? objectName : undefined;
    this.issues = issues;
  }
}

// The CommonJS build compiles the class to an anonymous `_class` expression: its name would show in logs.
Object.defineProperty(K8sBuilderError, "name", { value: "K8sBuilderError" });

function formatMessage(
  builder: string,
  objectName: string | undefined,
  issues: readonly OptionIssue[],
  code: K8sBuilderErrorCode,
): string {
  const subject = objectName === undefined ? builder : `${builder} "${objectName}"`;
  const noun = code === "INVALID_OPTIONS" ? "invalid option" : "problem";
  const count = issues.length === 1 ? `1 ${noun}` : `${issues.length} ${noun}s`;
  const lines = issues.map((i) => `  ✖ ${i.message}${i.path === "" ? "" : ` → at ${i.path}`}`);
  return [`${subject}: ${count}`, ...lines].join("\n");
}

/** Joins path segments the way users write them: `containers[0].ports[1].name`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_$][\w$]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

/** Text of a bad input for an error message; never throws (null-prototype objects cannot be String()ed). */
export function inputText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}
