/**
 * Turns zod issues into the library's error, and runs a builder's named cross-field rules after parsing.
 * zod/mini is used (not the full `zod` API) because it loads faster and tree-shakes: see docs/performance.md.
 */
import * as z from "zod/mini";
import { findUnwritable } from "./characters.ts";
import { formatPath, K8sBuilderError, type OptionIssue } from "./errors.ts";
import { type IssueCode, type IssueParams, isIssueCode } from "./issue-codes.ts";

/** A cross-field rule found a problem; `path` is where the user should look. */
export interface RuleIssue {
  readonly path: readonly PropertyKey[];
  readonly code: IssueCode;
  readonly message: string;
}

/** zod's code for an issue a check raises itself; the library's code travels in `params.code`. */
const ZOD_CUSTOM = "custom";

/** A zod check that reports `issues(value)` with their own codes and paths (the code travels in `params`). */
export function issuesCheck<T = unknown>(issues: (value: T) => readonly RuleIssue[]): z.core.$ZodCheck<T> {
  return z.check<T>((ctx) => {
    for (const i of issues(ctx.value)) {
      ctx.issues.push({
        code: ZOD_CUSTOM,
        path: [...i.path],
        message: i.message,
        input: ctx.value,
        params: { code: i.code } satisfies IssueParams,
      });
    }
  });
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "object") return "an object";
  return String(v);
}

/**
 * The message of every issue whose schema or check gave none: parsing passes zod an error map that returns it
 * (`z.safeParse(schema, input, PARSE)`), so our messages depend on zod's issue codes and data, never on zod's
 * own text, which its global configuration changes (`z.config(z.locales.de())`, or importing the full `zod`
 * package, which installs its English texts). A message a schema or check gives itself outranks this map.
 */
const NO_MESSAGE = "\u0000k8s-builders: zod gave no message";
const PARSE: z.core.ParseContext<z.core.$ZodIssue> = { error: () => NO_MESSAGE };

/** An issue with the path as segments (before it is formatted for people). */
interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly code: IssueCode;
  readonly message: string;
}

function fromZod(issue: z.core.$ZodIssue, input: unknown): PathIssue[] {
  const path = issue.path;
  const custom = issue.message !== NO_MESSAGE && issue.message !== "" ? issue.message : undefined;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: [...issue.path, key],
        code: "unknown_option",
        message: `unknown option "${key}" (check the spelling)`,
      }));
    case "invalid_type": {
      const got = valueAt(input, issue.path);
      if (got === undefined) {
        return [{ path, code: "required", message: custom ?? `required, expected ${issue.expected}` }];
      }
      const expected = issue.expected === "int" ? "an integer" : issue.expected;
      return [
        {
          path,
          code: "invalid_type",
          message: custom ?? `expected ${expected}, received ${describeValue(got)}`,
        },
      ];
    }
    case "too_small":
      return [
        {
          path,
          code: "too_small",
          message:
            custom ??
            (issue.origin === "array" || issue.origin === "string"
              ? `expected at least ${issue.minimum} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
              : `expected a number ${issue.inclusive ? "≥" : ">"} ${issue.minimum}, received ${describeValue(valueAt(input, issue.path))}`),
        },
      ];
    case "too_big":
      return [
        {
          path,
          code: "too_big",
          message:
            custom ??
            (issue.origin === "array" || issue.origin === "string"
              ? `expected at most ${issue.maximum} ${issue.origin === "array" ? "item(s)" : "character(s)"}`
              : `expected a number ${issue.inclusive ? "≤" : "<"} ${issue.maximum}, received ${describeValue(valueAt(input, issue.path))}`),
        },
      ];
    case "invalid_value":
      if (valueAt(input, issue.path) === undefined) {
        return [
          {
            path,
            code: "required",
            message:
              custom ?? `required, expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
          },
        ];
      }
      return [
        {
          path,
          code: "invalid_value",
          message:
            custom ??
            `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, received ${describeValue(valueAt(input, issue.path))}`,
        },
      ];
    case "invalid_union": {
      if (valueAt(input, issue.path) === undefined) {
        return [{ path, code: "required", message: custom ?? "required" }];
      }
      // An object branch whose problems all lie inside the value (none at the value itself: not its type, not an
      // unknown key) is the form the caller meant: report its issues at the bad fields. Among several, the one
      // with the fewest missing fields, then the fewest issues.
      // (A value with no key at all, `{}`, means no form: it is reported at the union.)
      const value = valueAt(input, issue.path);
      const keyed = value !== null && typeof value === "object" && Object.keys(value).length > 0;
      const inside = issue.errors
        .filter((branch) => keyed && branch.length > 0 && branch.every((i) => i.path.length > 0))
        .map((branch) => ({
          branch,
          missing: branch.filter((i) => valueAt(input, [...issue.path, ...i.path]) === undefined).length,
        }))
        .sort((a, b) => a.missing - b.missing || a.branch.length - b.branch.length);
      const meant = inside[0];
      if (meant !== undefined && (inside.length === 1 || meant.missing < (inside[1]?.missing ?? 0))) {
        return meant.branch.flatMap((i) =>
          fromZod({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, input),
        );
      }
      // The branch that accepted the type but failed a check says the most (e.g. a quantity's format).
      for (const branch of issue.errors) {
        if (
          branch.length > 0 &&
          branch.every((i) => i.code !== "invalid_type" && i.code !== "unrecognized_keys")
        ) {
          return branch.flatMap((i) =>
            fromZod({ ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue, input),
          );
        }
      }
      return [
        {
          path,
          code: "invalid_type",
          message:
            custom ??
            `received ${describeValue(valueAt(input, issue.path))}, which matches none of the allowed forms`,
        },
      ];
    }
    case "invalid_key": {
      const inner = issue.issues.find((i) => i.message !== NO_MESSAGE)?.message;
      return [{ path, code: "invalid_key", message: custom ?? inner ?? "invalid key" }];
    }
    case "invalid_format":
      return [
        {
          path,
          code: "invalid_format",
          message: custom ?? `${describeValue(valueAt(input, issue.path))} has an invalid format`,
        },
      ];
    case ZOD_CUSTOM: {
      // A check may name its own code: `z.refine(fn, { params: { code: "invalid_path" } satisfies IssueParams })`.
      const code: IssueCode = isIssueCode(issue.params?.code) ? issue.params.code : "invalid_value";
      return [{ path, code, message: custom ?? "invalid value" }];
    }
    default:
      // not_multiple_of, invalid_element: no schema of the library raises them.
      return [{ path, code: "invalid_value", message: custom ?? "invalid value" }];
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

function nameOf(input: unknown): string | undefined {
  try {
    if (input !== null && typeof input === "object" && !Array.isArray(input)) {
      const name = (input as { name?: unknown }).name;
      if (typeof name === "string" && name !== "") return name;
    }
  } catch {
    // A throwing getter: no name to report.
  }
  return undefined;
}

function formatted(i: PathIssue): OptionIssue {
  return { path: formatPath(i.path), code: i.code, message: i.message };
}

/**
 * The problems of a value against a schema, as rule issues at `at` + the path inside the value: the library's
 * codes and messages, for checks that run a schema on a value outside a builder's options (a patched object).
 */
export function valueIssues(schema: z.ZodMiniType, value: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const result = z.safeParse(schema, value, PARSE);
  if (result.success) return [];
  return result.error.issues
    .flatMap((i) => fromZod(i, value))
    .map((i) => ({ ...i, path: [...at, ...i.path] }));
}

/**
 * The error of a derivation given something that is not the object it derives from: one `invalid_object` issue
 * at `path` (`workload`, `service`, `role`), reported alone.
 */
export function invalidSource(
  builder: string,
  path: string,
  message: string,
  objectName?: string,
): K8sBuilderError {
  return new K8sBuilderError(builder, objectName, [{ path, code: "invalid_object", message }]);
}

/**
 * Own `__proto__` keys of plain-data options (JSON.parse and YAML readers create them) that parsing dropped:
 * zod's records and objects skip them, so they would vanish from the manifest without a word. Each is refused at
 * its path; free-form data kept as given (a custom resource's spec) keeps them.
 */
function droppedProtoKeys(input: unknown, parsed: unknown): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (typeof v !== "object" || v === null || seen.has(v) || path.length > 100) return;
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, [...path, i]);
      });
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return;
    for (const key of Object.keys(v)) {
      if (key === "__proto__") {
        const kept = valueAt(parsed, path);
        if (typeof kept === "object" && kept !== null && Object.hasOwn(kept, "__proto__")) continue;
        issues.push({
          path: formatPath([...path, key]),
          code: "invalid_key",
          message: `"__proto__" cannot be a key: JavaScript objects drop it, so it would be lost from the manifest`,
        });
        continue;
      }
      walk((v as Record<string, unknown>)[key], [...path, key]);
    }
  };
  try {
    walk(input, []);
  } catch {
    // Input whose reading throws is reported by the schema.
  }
  return issues;
}

/**
 * Parses a builder's options: schema first, then the characters of every key and string (none that
 * Kubernetes' YAML readers refuse or alter: base/characters.ts), then the builder's cross-field rules.
 * Throws one {@link K8sBuilderError} listing every problem; returns the parsed options otherwise.
 */
export function parseOptions<S extends z.ZodMiniType>(
  builder: string,
  schema: S,
  input: unknown,
  rules?: (parsed: z.output<S>) => readonly RuleIssue[],
): z.output<S> {
  let result: ReturnType<typeof z.safeParse<S>>;
  try {
    result = z.safeParse(schema, input, PARSE);
  } catch {
    // Input so odd that reading it throws (getters, proxies): still one library error, never a TypeError.
    throw new K8sBuilderError(builder, undefined, [
      { path: "", code: "invalid_type", message: "the options could not be read as plain data" },
    ]);
  }
  if (!result.success) {
    const issues = result.error.issues.flatMap((i) => fromZod(i, input));
    throw new K8sBuilderError(builder, nameOf(input), issues.map(formatted));
  }
  const protoIssues = droppedProtoKeys(input, result.data);
  if (protoIssues.length > 0) throw new K8sBuilderError(builder, nameOf(input), protoIssues);
  const characterIssues: OptionIssue[] = [];
  findUnwritable(result.data, (path, message) =>
    characterIssues.push({ path: formatPath(path), code: "invalid_character", message }),
  );
  if (characterIssues.length > 0) throw new K8sBuilderError(builder, nameOf(input), characterIssues);
  const ruleIssues = rules?.(result.data) ?? [];
  if (ruleIssues.length > 0) {
    throw new K8sBuilderError(
      builder,
      nameOf(input),
      ruleIssues.map((r) => ({ path: formatPath(r.path), code: r.code, message: r.message })),
    );
  }
  return result.data;
}
