/**
 * The library's one error class. Every builder reports every problem of its options at once, each with the
 * path of the bad field, so a user fixes them in one pass. Callers match on `code` and `issues[].path`,
 * never on message text.
 */

/** One problem found in a builder's options. */
export interface OptionIssue {
  /** Dotted path of the bad field in the options object, e.g. `resources.limits.memory` (empty for the root). */
  readonly path: string;
  /** Stable machine-readable reason, e.g. `invalid_type`, `unknown_option`, `requests_exceed_limits`. */
  readonly code: string;
  /** What was wrong and what was expected, for people. */
  readonly message: string;
}

/** Stable error codes of {@link K8sBuilderError}. */
export type K8sBuilderErrorCode = "INVALID_OPTIONS";

/** Thrown by every builder when its options are invalid. No object is produced. */
export class K8sBuilderError extends Error {
  override readonly name = "K8sBuilderError";
  readonly code: K8sBuilderErrorCode;
  /** The builder that refused, e.g. `deployment`. */
  readonly builder: string;
  /** The name of the object being built, when the options gave a usable one. */
  readonly objectName: string | undefined;
  readonly issues: readonly OptionIssue[];

  constructor(builder: string, objectName: string | undefined, issues: readonly OptionIssue[]) {
    super(formatMessage(builder, typeof objectName === "string" ? objectName : undefined, issues));
    this.code = "INVALID_OPTIONS";
    this.builder = builder;
    this.objectName = typeof objectName === "string" ? objectName : undefined;
    this.issues = issues;
  }
}

function formatMessage(
  builder: string,
  objectName: string | undefined,
  issues: readonly OptionIssue[],
): string {
  const subject = objectName === undefined ? builder : `${builder} "${objectName}"`;
  const count = issues.length === 1 ? "1 invalid option" : `${issues.length} invalid options`;
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
