/**
 * The structural check of a Kubernetes object against its type (base/k8s-fields.ts): every field known to its
 * type, every required field present, lists as lists, maps as maps, strings, integers and booleans where the type
 * says so, no `null`. Field checks run the library's own schemas (names, images, ports, quantities…) on the
 * fields they name, wherever the type appears, so a patched object meets the rules a built one does.
 */
import type * as z from "zod/mini";
import { inputText } from "./errors.ts";
import { type FieldSpec, k8sFields } from "./k8s-fields.ts";
import { type RuleIssue, valueIssues } from "./validate.ts";

type Json = Record<string, unknown>;
const isPlain = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A check of a field's value by its place in a type: a schema, or a function for what a schema cannot say. */
export type FieldCheck = z.ZodMiniType | ((value: unknown, at: readonly PropertyKey[]) => RuleIssue[]);

/** Checks of fields by `<type>.<field>`, e.g. `"core/v1.Container.image": image`. */
export type FieldChecks = Readonly<Record<string, FieldCheck>>;

const PRIMITIVES: Readonly<Record<string, (v: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  boolean: (v) => typeof v === "boolean",
  // Every number of these APIs is an integer (int32 or int64); quantities are strings.
  number: (v) => Number.isSafeInteger(v),
  "number|string": (v) => typeof v === "string" || Number.isSafeInteger(v),
  object: () => true,
};

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  boolean: "a boolean",
  number: "an integer",
  "number|string": "an integer or a string",
};

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return typeof v === "string" ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : inputText(v);
}

/**
 * Every structural problem of `value` as an object of `type`, and the problems `checks` find in its fields, at
 * their paths under `at`.
 */
export function structureIssues(
  value: unknown,
  type: string,
  checks: FieldChecks,
  at: readonly PropertyKey[] = [],
): RuleIssue[] {
  const out: RuleIssue[] = [];
  walkObject(value, type, checks, at, out);
  return out;
}

function walkObject(
  value: unknown,
  type: string,
  checks: FieldChecks,
  at: readonly PropertyKey[],
  out: RuleIssue[],
): void {
  const fields = k8sFields()[type];
  if (fields === undefined) return;
  if (!isPlain(value)) {
    out.push({
      path: at,
      code: "invalid_type",
      message: `expected an object (${type}), received ${describe(value)}`,
    });
    return;
  }
  for (const [name, spec] of Object.entries(fields)) {
    if (spec.required && value[name] === undefined) {
      out.push({ path: [...at, name], code: "required", message: `required: ${type} needs ${name}` });
    }
  }
  for (const [name, v] of Object.entries(value)) {
    const spec = fields[name];
    const here = [...at, name];
    if (spec === undefined) {
      out.push({
        path: here,
        code: "unknown_option",
        message: `unknown field "${name}" (${type} has no field of that name; check the spelling)`,
      });
      continue;
    }
    if (v === undefined) continue;
    const before = out.length;
    walkField(v, spec, checks, here, out);
    const check = checks[`${type}.${name}`];
    if (check !== undefined && out.length === before) {
      out.push(...(typeof check === "function" ? check(v, here) : valueIssues(check, v, here)));
    }
  }
}

function walkField(
  v: unknown,
  spec: FieldSpec,
  checks: FieldChecks,
  at: readonly PropertyKey[],
  out: RuleIssue[],
): void {
  if (spec.array) {
    if (!Array.isArray(v)) {
      out.push({ path: at, code: "invalid_type", message: `expected a list, received ${describe(v)}` });
      return;
    }
    v.forEach((item, i) => {
      walkValue(item, spec.type, checks, [...at, i], out);
    });
  } else if (spec.map) {
    if (!isPlain(v)) {
      out.push({ path: at, code: "invalid_type", message: `expected a map, received ${describe(v)}` });
      return;
    }
    for (const [k, item] of Object.entries(v)) walkValue(item, spec.type, checks, [...at, k], out);
  } else {
    walkValue(v, spec.type, checks, at, out);
  }
}

function walkValue(
  v: unknown,
  type: string,
  checks: FieldChecks,
  at: readonly PropertyKey[],
  out: RuleIssue[],
): void {
  const primitive = PRIMITIVES[type];
  if (primitive === undefined) {
    walkObject(v, type, checks, at, out);
  } else if (!primitive(v)) {
    out.push({
      path: at,
      code: "invalid_type",
      message: `expected ${EXPECTED[type] ?? type}, received ${describe(v)}`,
    });
  }
}
