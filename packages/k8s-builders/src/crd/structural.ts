/**
 * A small interpreter of the structural OpenAPI v3 schemas of CustomResourceDefinitions (`openAPIV3Schema`): it
 * checks a value the way the API server does, and reports every problem with its path. The builders that
 * `k8s-builders import` generates embed their CRD's schema and call it, so the rules live here once.
 *
 * Checked: `type`, `nullable`, `required`, `properties` (unknown fields refused unless
 * `x-kubernetes-preserve-unknown-fields`), `additionalProperties` maps, `items`, `enum`, `pattern` (RE2, see
 * pattern.ts), `format` (see formats.ts), `minimum`/`maximum` (and `exclusiveMinimum`/`exclusiveMaximum`),
 * `multipleOf`, `minLength`/`maxLength` (in characters), `minItems`/`maxItems`, `minProperties`/`maxProperties`,
 * `uniqueItems`, `allOf`/`anyOf`/`oneOf`/`not`, `x-kubernetes-int-or-string`, `x-kubernetes-embedded-resource`
 * (apiVersion and kind required, metadata checked), `x-kubernetes-list-type: set | map` (no duplicates).
 * Not checked here, only by the API server: `x-kubernetes-validations` (CEL rules). Defaults (`default`) are
 * applied by the API server and not written here.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { formatPath } from "../base/errors.ts";
import type { IssueCode } from "../base/issue-codes.ts";
import { isLabelKey, isLabelValue } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { formatProblem } from "./formats.ts";
import { describeValue, isPlainObject, jsonEqual, jsonIssues } from "./json.ts";
import { compiledPattern } from "./pattern.ts";

/** The JSON types of a structural schema. */
export type StructuralType = "object" | "array" | "string" | "integer" | "number" | "boolean";

/** A node of a structural schema, with the keys that validate (descriptions and defaults left out). */
export interface StructuralSchema {
  readonly type?: StructuralType;
  readonly nullable?: boolean;
  readonly properties?: { readonly [name: string]: StructuralSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly allOf?: readonly StructuralSchema[];
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly "x-kubernetes-int-or-string"?: boolean;
  readonly "x-kubernetes-preserve-unknown-fields"?: boolean;
  readonly "x-kubernetes-embedded-resource"?: boolean;
  readonly "x-kubernetes-list-type"?: "atomic" | "set" | "map";
  readonly "x-kubernetes-list-map-keys"?: readonly string[];
  readonly "x-kubernetes-map-type"?: "atomic" | "granular";
}

/** An object embedded in a custom resource (`x-kubernetes-embedded-resource`): a Kubernetes object of any kind. */
export interface EmbeddedResource {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

type Path = readonly PropertyKey[];

const TYPE_WORDS: Readonly<Record<StructuralType, string>> = {
  object: "an object",
  array: "an array",
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
};

function hasType(type: StructuralType, v: unknown): boolean {
  switch (type) {
    case "object":
      return isPlainObject(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
  }
}

const chars = (s: string): number => [...s].length;
const items = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** The ObjectMeta fields an embedded resource may carry. */
const META_FIELDS = new Set([
  "name",
  "generateName",
  "namespace",
  "labels",
  "annotations",
  "finalizers",
  "ownerReferences",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "managedFields",
  "selfLink",
]);

class Checker {
  readonly out: RuleIssue[] = [];
  /** In a sub-schema of allOf/anyOf/oneOf/not: value validations only, no unknown-field check. */
  private readonly junctor: boolean;
  constructor(junctor: boolean) {
    this.junctor = junctor;
  }

  private issue(path: Path, code: IssueCode, message: string): void {
    this.out.push({ path, code, message });
  }

  check(s: StructuralSchema, v: unknown, path: Path): void {
    if (v === null) {
      if (s.nullable !== true && (s.type !== undefined || s["x-kubernetes-int-or-string"] === true))
        this.issue(
          path,
          "invalid_type",
          `expected ${this.typeWord(s)}, received null (the field is not nullable)`,
        );
      return;
    }
    if (s["x-kubernetes-int-or-string"] === true) {
      if (!(typeof v === "string" || (typeof v === "number" && Number.isInteger(v)))) {
        this.issue(path, "invalid_type", `expected an integer or a string, received ${describeValue(v)}`);
        return;
      }
    } else if (s.type !== undefined && !hasType(s.type, v)) {
      this.issue(path, "invalid_type", `expected ${TYPE_WORDS[s.type]}, received ${describeValue(v)}`);
      return;
    }
    if (s.enum !== undefined && !s.enum.some((e) => jsonEqual(e, v))) {
      const allowed = s.enum.map((e) => JSON.stringify(e)).join(", ");
      this.issue(path, "invalid_value", `expected one of ${allowed}, received ${describeValue(v)}`);
    }
    if (typeof v === "string") this.checkString(s, v, path);
    else if (typeof v === "number") this.checkNumber(s, v, path);
    else if (Array.isArray(v)) this.checkArray(s, v, path);
    else if (isPlainObject(v)) this.checkObject(s, v, path);
    else if (!this.junctor) for (const i of jsonIssues(v, path)) this.out.push(i);
    this.checkJunctors(s, v, path);
  }

  private typeWord(s: StructuralSchema): string {
    if (s["x-kubernetes-int-or-string"] === true) return "an integer or a string";
    return s.type === undefined ? "a value" : TYPE_WORDS[s.type];
  }

  private checkString(s: StructuralSchema, v: string, path: Path): void {
    const n = s.minLength !== undefined || s.maxLength !== undefined ? chars(v) : 0;
    if (s.minLength !== undefined && n < s.minLength)
      this.issue(path, "too_small", `expected at least ${items(s.minLength, "character")}, received ${n}`);
    if (s.maxLength !== undefined && n > s.maxLength)
      this.issue(path, "too_big", `expected at most ${items(s.maxLength, "character")}, received ${n}`);
    if (s.pattern !== undefined) {
      const re = compiledPattern(s, s.pattern);
      if (re instanceof RegExp) {
        if (!re.test(v))
          this.issue(path, "invalid_format", `${describeValue(v)} does not match ${s.pattern}`);
      } else {
        this.issue(path, "invalid_format", `the schema's pattern ${s.pattern} cannot be used: ${re.error}`);
      }
    }
    if (s.format !== undefined) {
      const expected = formatProblem(s.format, v);
      if (expected !== undefined)
        this.issue(path, "invalid_format", `${describeValue(v)} is not ${expected} (format ${s.format})`);
    }
  }

  private checkNumber(s: StructuralSchema, v: number, path: Path): void {
    if (s.minimum !== undefined && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum))
      this.issue(
        path,
        "too_small",
        `expected a number ${s.exclusiveMinimum === true ? ">" : "≥"} ${s.minimum}, received ${v}`,
      );
    if (s.maximum !== undefined && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum))
      this.issue(
        path,
        "too_big",
        `expected a number ${s.exclusiveMaximum === true ? "<" : "≤"} ${s.maximum}, received ${v}`,
      );
    if (s.multipleOf !== undefined && s.multipleOf > 0) {
      const q = v / s.multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9)
        this.issue(path, "invalid_value", `expected a multiple of ${s.multipleOf}, received ${v}`);
    }
  }

  private checkArray(s: StructuralSchema, v: readonly unknown[], path: Path): void {
    if (s.minItems !== undefined && v.length < s.minItems)
      this.issue(path, "too_small", `expected at least ${items(s.minItems, "item")}, received ${v.length}`);
    if (s.maxItems !== undefined && v.length > s.maxItems)
      this.issue(path, "too_big", `expected at most ${items(s.maxItems, "item")}, received ${v.length}`);
    if (s.items !== undefined) {
      const item = s.items;
      v.forEach((x, i) => {
        if (x === undefined)
          this.issue([...path, i], "invalid_type", `expected ${this.typeWord(item)}, received nothing`);
        else this.check(item, x, [...path, i]);
      });
    }
    const listType = s["x-kubernetes-list-type"];
    if (listType === "set" || s.uniqueItems === true) {
      v.forEach((x, i) => {
        const first = v.findIndex((y) => jsonEqual(x, y));
        if (first < i)
          this.issue(
            [...path, i],
            "duplicate",
            `${describeValue(x)} is already at [${first}]: the items must be unique`,
          );
      });
    } else if (listType === "map") {
      const keys = s["x-kubernetes-list-map-keys"] ?? [];
      const keyOf = (x: unknown): unknown[] | undefined =>
        isPlainObject(x) ? keys.map((k) => x[k]) : undefined;
      v.forEach((x, i) => {
        const key = keyOf(x);
        if (key === undefined || keys.length === 0) return;
        const first = v.findIndex((y) => jsonEqual(keyOf(y), key));
        if (first < i) {
          const named = keys.map((k, j) => `${k}=${JSON.stringify(key[j] ?? null)}`).join(", ");
          this.issue(
            [...path, i],
            "duplicate",
            `an item with ${named} is already at [${first}]: the keys must be unique`,
          );
        }
      });
    }
  }

  private checkObject(s: StructuralSchema, v: Readonly<Record<string, unknown>>, path: Path): void {
    const present = Object.keys(v).filter((k) => v[k] !== undefined);
    if (s.minProperties !== undefined && present.length < s.minProperties)
      this.issue(
        path,
        "too_small",
        `expected at least ${items(s.minProperties, "field")}, received ${present.length}`,
      );
    if (s.maxProperties !== undefined && present.length > s.maxProperties)
      this.issue(
        path,
        "too_big",
        `expected at most ${items(s.maxProperties, "field")}, received ${present.length}`,
      );
    for (const r of s.required ?? []) {
      if (v[r] === undefined) {
        const field = s.properties?.[r];
        this.issue(
          [...path, r],
          "required",
          `required, expected ${field === undefined ? "a value" : this.typeWord(field)}`,
        );
      }
    }
    const embedded = s["x-kubernetes-embedded-resource"] === true;
    if (embedded) this.checkEmbedded(s, v, path);
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    for (const k of present) {
      const value = v[k];
      const prop =
        s.properties === undefined || !Object.hasOwn(s.properties, k) ? undefined : s.properties[k];
      if (prop !== undefined) this.check(prop, value, [...path, k]);
      else if (typeof s.additionalProperties === "object")
        this.check(s.additionalProperties, value, [...path, k]);
      else if (embedded && (k === "apiVersion" || k === "kind" || k === "metadata")) continue;
      else if (this.junctor) continue;
      else if (s.additionalProperties === true || preserve) {
        for (const i of jsonIssues(value, [...path, k])) this.out.push(i);
      } else {
        this.issue([...path, k], "unknown_option", `unknown field "${k}" (check the spelling)`);
      }
    }
  }

  private checkEmbedded(s: StructuralSchema, v: Readonly<Record<string, unknown>>, path: Path): void {
    for (const k of ["apiVersion", "kind"] as const) {
      if (s.properties?.[k] !== undefined) continue;
      const value = v[k];
      if (value === undefined)
        this.issue([...path, k], "required", "required, expected a string (an embedded object)");
      else if (typeof value !== "string" || value === "")
        this.issue(
          [...path, k],
          "invalid_type",
          `expected a non-empty string, received ${describeValue(value)}`,
        );
    }
    const meta = v.metadata;
    if (meta === undefined || s.properties?.metadata !== undefined) return;
    const at = [...path, "metadata"];
    if (!isPlainObject(meta)) {
      this.issue(at, "invalid_type", `expected an object, received ${describeValue(meta)}`);
      return;
    }
    for (const [k, x] of Object.entries(meta)) {
      if (x === undefined) continue;
      if (!META_FIELDS.has(k)) this.issue([...at, k], "unknown_option", `unknown field "${k}" of ObjectMeta`);
      else if (k === "labels" || k === "annotations") {
        if (!isPlainObject(x)) {
          this.issue([...at, k], "invalid_type", `expected an object, received ${describeValue(x)}`);
          continue;
        }
        for (const [key, value] of Object.entries(x)) {
          if (!isLabelKey(key))
            this.issue(
              [...at, k, key],
              "invalid_key",
              `"${key}" is not a valid ${k === "labels" ? "label" : "annotation"} key`,
            );
          if (typeof value !== "string")
            this.issue(
              [...at, k, key],
              "invalid_type",
              `expected a string, received ${describeValue(value)}`,
            );
          else if (k === "labels" && !isLabelValue(value))
            this.issue([...at, k, key], "invalid_format", `"${value}" is not a valid label value`);
        }
      } else if ((k === "name" || k === "namespace" || k === "generateName") && typeof x !== "string") {
        this.issue([...at, k], "invalid_type", `expected a string, received ${describeValue(x)}`);
      }
    }
  }

  private checkJunctors(s: StructuralSchema, v: unknown, path: Path): void {
    const passes = (sub: StructuralSchema): RuleIssue[] => {
      const c = new Checker(true);
      c.check(sub, v, path);
      return c.out;
    };
    for (const sub of s.allOf ?? []) for (const i of passes(sub)) this.out.push(i);
    if (s.anyOf !== undefined && s.anyOf.length > 0) {
      const results = s.anyOf.map(passes);
      if (!results.some((r) => r.length === 0)) {
        // One alternative: its own issues say the most.
        if (results.length === 1) for (const i of results[0] ?? []) this.out.push(i);
        else
          this.issue(
            path,
            "invalid_value",
            `${describeValue(v)} matches none of the ${results.length} allowed forms (anyOf)`,
          );
      }
    }
    if (s.oneOf !== undefined && s.oneOf.length > 0) {
      const matching = s.oneOf.map(passes).filter((r) => r.length === 0).length;
      if (matching !== 1)
        this.issue(
          path,
          "invalid_value",
          matching === 0
            ? `${describeValue(v)} matches none of the ${s.oneOf.length} allowed forms (oneOf)`
            : `${describeValue(v)} matches ${matching} of the forms where exactly one must match (oneOf)`,
        );
    }
    if (s.not !== undefined && passes(s.not).length === 0)
      this.issue(path, "invalid_value", `${describeValue(v)} matches a form that is not allowed (not)`);
  }
}

/**
 * Every problem of `value` against a structural schema, with paths relative to `value` (prefix them with where the
 * value sits). An empty list means the API server's schema validation accepts it (CEL rules aside).
 */
export function structuralIssues(schema: StructuralSchema, value: unknown, path: Path = []): RuleIssue[] {
  const c = new Checker(false);
  c.check(schema, value, path);
  return c.out;
}

/** One line per problem, `path: message`, for tests and tools that print them. */
export function formatStructuralIssues(issues: readonly RuleIssue[]): string[] {
  return issues.map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`);
}
