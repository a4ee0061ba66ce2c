/**
 * A small interpreter of the structural OpenAPI v3 schemas of CustomResourceDefinitions (`openAPIV3Schema`): it
 * checks a value the way the API server does, and reports every problem with its path. The builders that
 * `k8s-builders import` generates embed their CRD's schema and call it, so the rules live here once.
 *
 * Checked: `type`, `nullable`, `required`, `properties` (unknown fields refused unless
 * `x-kubernetes-preserve-unknown-fields`), `additionalProperties` maps, `items`, `enum`, `pattern` (RE2, see
 * pattern.ts), `format` (see formats.ts), `minimum`/`maximum` (and `exclusiveMinimum`/`exclusiveMaximum`),
 * `multipleOf` (numbers as the server reads them, see numbers.ts), `minLength`/`maxLength` (in characters),
 * `minItems`/`maxItems`, `minProperties`/`maxProperties`, `uniqueItems`, `allOf`/`anyOf`/`oneOf`/`not`, `x-kubernetes-int-or-string`, `x-kubernetes-embedded-resource`
 * (apiVersion and kind required, metadata checked), `x-kubernetes-list-type: set | map` (no duplicates), and
 * `additionalProperties: true` (values without a schema: no fields inside them).
 * Not checked here, only by the API server: `x-kubernetes-validations` (CEL rules). Defaults (`default`) are
 * applied by the API server and not written here; a field with one may be left out where it is required (and
 * may be null where it is not nullable), and a list-map key left out counts with its default.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { formatPath } from "../base/errors.ts";
import type { IssueCode } from "../base/issue-codes.ts";
import type { RuleIssue } from "../base/validate.ts";
import { embeddedIssues } from "./embedded.ts";
import { formatProblem } from "./formats.ts";
import { describeValue, isPlainObject, jsonEqual, jsonIssues } from "./json.ts";
import { int64Of, integerWords, isSchemaInteger, numberIssues } from "./numbers.ts";
import { compiledPattern } from "./pattern.ts";

/** The JSON types of a structural schema. */
export type StructuralType = "object" | "array" | "string" | "integer" | "number" | "boolean";

/** A node of a structural schema, with the keys that validate (descriptions and defaults left out). */
export interface StructuralSchema {
  readonly type?: StructuralType;
  readonly nullable?: boolean;
  /** Applied by the API server before it validates: a field with a default may be left out even if required. */
  readonly default?: unknown;
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

function hasType(type: StructuralType, v: unknown, format: string | undefined): boolean {
  switch (type) {
    case "object":
      return isPlainObject(v);
    case "array":
      return Array.isArray(v);
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && isSchemaInteger(v, format);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
  }
}

const chars = (s: string): number => [...s].length;
const items = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;

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
      // The API server compares null with no enum value, not even a null one.
      else if (s.enum !== undefined && s.enum.length > 0)
        this.issue(
          path,
          "invalid_value",
          "null is refused where the schema has an enum (the API server matches null with none of its values)",
        );
      return;
    }
    if (s["x-kubernetes-int-or-string"] === true) {
      if (!(typeof v === "string" || (typeof v === "number" && int64Of(v) !== undefined))) {
        const what = typeof v === "number" && Number.isInteger(v) ? integerWords() : "an integer";
        this.issue(path, "invalid_type", `expected ${what} or a string, received ${describeValue(v)}`);
        return;
      }
    } else if (s.type !== undefined && !hasType(s.type, v, s.format)) {
      const what =
        s.type === "integer" && typeof v === "number" && (Number.isInteger(v) || s.format === "int32")
          ? integerWords(s.format)
          : TYPE_WORDS[s.type];
      this.issue(path, "invalid_type", `expected ${what}, received ${describeValue(v)}`);
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
    for (const i of numberIssues(s, v)) this.issue(path, i.code, i.message);
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
      // A key left out counts with its default, as the API server applies it before comparing.
      const keyOf = (x: unknown): unknown[] | undefined =>
        isPlainObject(x) ? keys.map((k) => x[k] ?? s.items?.properties?.[k]?.default) : undefined;
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
      // The API server applies a default before it checks that the field is there.
      if (v[r] === undefined && s.properties?.[r]?.default === undefined) {
        const field = s.properties?.[r];
        this.issue(
          [...path, r],
          "required",
          `required, expected ${field === undefined ? "a value" : this.typeWord(field)}`,
        );
      }
    }
    const embedded = s["x-kubernetes-embedded-resource"] === true;
    if (embedded) for (const i of embeddedIssues(s, v, path)) this.out.push(i);
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    for (const k of present) {
      const value = v[k];
      const prop =
        s.properties === undefined || !Object.hasOwn(s.properties, k) ? undefined : s.properties[k];
      // null in a field that is not nullable but has a default: the API server writes the default in its place.
      if (value === null && prop?.default !== undefined && prop.nullable !== true) continue;
      if (prop !== undefined) this.check(prop, value, [...path, k]);
      else if (typeof s.additionalProperties === "object")
        this.check(s.additionalProperties, value, [...path, k]);
      else if (embedded && (k === "apiVersion" || k === "kind" || k === "metadata")) continue;
      else if (this.junctor) continue;
      else if (preserve) {
        for (const i of jsonIssues(value, [...path, k])) this.out.push(i);
      } else if (s.additionalProperties === true) {
        this.checkSchemaless(value, [...path, k]);
      } else {
        this.issue([...path, k], "unknown_option", `unknown field "${k}" (check the spelling)`);
      }
    }
  }

  /**
   * A value of `additionalProperties: true`: no schema, so the API server keeps no field of an object inside it
   * (with strict field validation it refuses them; without, it drops them).
   */
  private checkSchemaless(v: unknown, path: Path): void {
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) this.checkSchemaless(x, [...path, i]);
    } else if (isPlainObject(v)) {
      for (const k of Object.keys(v)) {
        if (v[k] !== undefined)
          this.issue(
            [...path, k],
            "unknown_option",
            `unknown field "${k}": additionalProperties: true gives the values no schema, and the API server keeps no field inside them`,
          );
      }
    } else for (const i of jsonIssues(v, path)) this.out.push(i);
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
