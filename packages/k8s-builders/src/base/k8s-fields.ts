/**
 * The structure of the Kubernetes types the library writes: for every object type reachable from a kind of the
 * table (base/kinds.ts) that has a place in the document order, its fields and their types, generated from the
 * `kubernetes-types` declarations (and, for the Gateway API kinds, from their CRDs) into
 * `k8s-fields.generated.ts` (one source: regenerate, never edit). Patches are checked against it (unknown fields,
 * wrong types, missing required fields) and typed from it (the Gateway API kinds, {@link CrdObject}), the tests'
 * strict schema check uses it for unknown fields, and the field-coverage test walks it.
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { CRD_FIELDS, K8S_FIELDS } from "./k8s-fields.generated.ts";
import { kindFacts } from "./kinds.ts";
import { once } from "./options.ts";

/** One field of a type: its type, and whether it is a list, a map (any key) or required. */
export interface FieldSpec {
  /**
   * Another type of the map (`core/v1.Container`), or a primitive: `string`, `number`, `boolean`, `number|string`
   * (IntOrString), `object` (free-form: RawExtension, FieldsV1).
   */
  readonly type: string;
  readonly array: boolean;
  readonly map: boolean;
  readonly required: boolean;
}

/** Every type, by name (`core/v1.Container`), to its fields. */
export type FieldMap = Readonly<Record<string, Readonly<Record<string, FieldSpec>>>>;

/**
 * The compact text of a field in the generated table: `!` first when required, then the type, then `[]` for a
 * list or `{}` for a map: `!core/v1.Container[]`, `string{}`.
 */
export function encodeField(spec: FieldSpec): string {
  return `${spec.required ? "!" : ""}${spec.type}${spec.array ? "[]" : spec.map ? "{}" : ""}`;
}

export function decodeField(text: string): FieldSpec {
  const required = text.startsWith("!");
  const body = required ? text.slice(1) : text;
  const array = body.endsWith("[]");
  const map = body.endsWith("{}");
  return { type: array || map ? body.slice(0, -2) : body, array, map, required };
}

/** The field map, decoded on first use. */
export const k8sFields: () => FieldMap = once(() =>
  Object.fromEntries(
    Object.entries({ ...K8S_FIELDS, ...CRD_FIELDS }).map(([type, fields]) => [
      type,
      Object.fromEntries(Object.entries(fields).map(([name, text]) => [name, decodeField(text)])),
    ]),
  ),
);

/** "apps/v1" → "apps/v1", "v1" → "core/v1", "rbac.authorization.k8s.io/v1" → "rbac/v1" (kubernetes-types layout). */
export function fieldsRootOf(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `${group?.split(".")[0]}/${version}.${kind}`;
}

/**
 * The root type of a kind of the table at the apiVersion the library writes, when the map has it (the built-in
 * kinds, and the Gateway API kinds the library builds).
 */
export function rootTypeOf(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof kind !== "string" || typeof apiVersion !== "string") return undefined;
  const facts = kindFacts(kind);
  if (facts === undefined || facts.apiVersion !== apiVersion) return undefined;
  const root = fieldsRootOf(apiVersion, kind);
  return Object.hasOwn(K8S_FIELDS, root) || Object.hasOwn(CRD_FIELDS, root) ? root : undefined;
}

type CrdFields = typeof CRD_FIELDS;
/** A type of the CRD part of the map: `gateway/v1.HTTPRoute`, `gateway/v1.HTTPRoute.spec.rules`… */
export type CrdTypeName = keyof CrdFields;

type ValueOf<T extends string> = T extends "string"
  ? string
  : T extends "number"
    ? number
    : T extends "boolean"
      ? boolean
      : T extends "number|string"
        ? number | string
        : T extends "meta/v1.ObjectMeta"
          ? ObjectMeta
          : T extends CrdTypeName
            ? CrdObject<T>
            : { [key: string]: unknown };

type FieldType<S extends string> = S extends `!${infer R}`
  ? FieldType<R>
  : S extends `${infer T}[]`
    ? ValueOf<T>[]
    : S extends `${infer T}{}`
      ? { [key: string]: ValueOf<T> }
      : ValueOf<S>;

type Fields<T extends CrdTypeName> = CrdFields[T];
type RequiredKeys<T extends CrdTypeName> = {
  [K in keyof Fields<T>]: Fields<T>[K] extends `!${string}` ? K : never;
}[keyof Fields<T>];

/**
 * The TypeScript type of an object of the CRD part of the field map, derived from the same table the patched
 * objects are checked against: `CrdObject<"gateway/v1.HTTPRoute">` is an HTTPRoute with every field of its CRD.
 */
export type CrdObject<T extends CrdTypeName> = {
  -readonly [K in keyof Fields<T> as K extends RequiredKeys<T> ? K : never]: FieldType<Fields<T>[K] & string>;
} & {
  -readonly [K in keyof Fields<T> as K extends RequiredKeys<T> ? never : K]?: FieldType<
    Fields<T>[K] & string
  >;
};
