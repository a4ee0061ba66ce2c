/**
 * The checks of custom resources, shared by `customResource` and the builders generated from CRDs: JSON data, the
 * top-level fields that are not the caller's, and the metadata and fields of a patched object (the metadata as the
 * API server checks them for any kind, the fields as JSON data or against the CRD's schema).
 */
import * as z from "zod/mini";
import { metaFieldChecks } from "../base/meta-checks.ts";
import { structureIssues } from "../base/structure.ts";
import { issuesCheck, type RuleIssue, valueIssues } from "../base/validate.ts";
import { isPlainObject, jsonIssues } from "./json.ts";
import { type StructuralSchema, structuralIssues } from "./structural.ts";

/** What is not a plain object of JSON data, at the root or inside. */
export function jsonObjectIssues(value: unknown): RuleIssue[] {
  if (isPlainObject(value)) return jsonIssues(value);
  return [
    value === undefined
      ? { path: [], code: "required", message: "required, expected an object" }
      : { path: [], code: "invalid_type", message: "expected a plain object of JSON data" },
  ];
}

/** Top-level fields that are not the caller's to set: the builder writes them, or the API server does. */
export const NOT_OPTIONS: ReadonlySet<string> = new Set(["apiVersion", "kind", "metadata", "status"]);

/** Why a top-level field is not the caller's, by its name. */
export const NOT_A_FIELD: Readonly<Record<string, string>> = {
  apiVersion: "apiVersion is an option of its own, not one of the fields",
  kind: "kind is an option of its own, not one of the fields",
  metadata:
    "metadata comes from the options name, namespace, labels and annotations (any other metadata through patch)",
  spec: "spec is an option of its own, not one of the fields",
  status: "status is written by the API server and the CRD's controller, never by a manifest",
};

/** A top-level field the caller may not set, at `path`. */
export function notAField(name: string, path: readonly PropertyKey[]): RuleIssue {
  return { path, code: "unknown_option", message: NOT_A_FIELD[name] ?? `${name} is not a field to set` };
}

/** JSON issues of a patched custom resource's top-level fields; `spec` must stay an object. */
export function bodyJsonIssues(o: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [k, v] of Object.entries(o)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || v === undefined) continue;
    if (k === "status") issues.push(notAField(k, [k]));
    else if (k === "spec") issues.push(...jsonObjectIssues(v).map((i) => ({ ...i, path: [k, ...i.path] })));
    else issues.push(...jsonIssues(v, [k]));
  }
  return issues;
}

/**
 * The metadata of a built or patched custom resource, as the API server checks them for any kind: the fields of
 * ObjectMeta and their formats (namespace, labels, annotations), the name against `name` (a DNS subdomain, and
 * the CRD's own rules for a generated builder), and no namespace for a cluster-scoped kind.
 */
export function metadataIssues(
  o: Record<string, unknown>,
  name: z.ZodMiniType,
  namespaced: boolean | undefined,
): RuleIssue[] {
  const meta = o.metadata;
  if (!isPlainObject(meta))
    return [
      { path: ["metadata"], code: "required", message: "required: an object has metadata with a name" },
    ];
  const issues = structureIssues(meta, "meta/v1.ObjectMeta", metaFieldChecks(), ["metadata"]);
  if (meta.name === undefined)
    issues.push({
      path: ["metadata", "name"],
      code: "required",
      message: "required: every object has a name",
    });
  else if (typeof meta.name === "string") issues.push(...valueIssues(name, meta.name, ["metadata", "name"]));
  if (namespaced === false && meta.namespace !== undefined)
    issues.push({
      path: ["metadata", "namespace"],
      code: "conflicting_options",
      message: `a ${String(o.kind)} is cluster-scoped: it has no namespace`,
    });
  return issues;
}

export function schemaCheck(schema: StructuralSchema, required: boolean): z.ZodMiniUnknown {
  return z
    .unknown()
    .check(
      issuesCheck((value) =>
        value === undefined
          ? required
            ? [{ path: [], code: "required", message: "required, expected an object" }]
            : []
          : structuralIssues(schema, value),
      ),
    );
}

/**
 * The top-level fields of a patched object of a generated builder against the CRD's schema: those it requires
 * (`spec` always), each against its schema, none it does not have (nor `status`).
 */
export function schemaBodyIssues(
  schema: StructuralSchema,
  fields: readonly string[],
  required: ReadonlySet<string>,
  o: Record<string, unknown>,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const f of fields) {
    if (required.has(f) && o[f] === undefined)
      issues.push({ path: [f], code: "required", message: "required, expected an object" });
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === "apiVersion" || k === "kind" || k === "metadata" || v === undefined) continue;
    if (!fields.includes(k)) {
      issues.push(
        k === "status"
          ? notAField(k, [k])
          : {
              path: [k],
              code: "unknown_option",
              message: `unknown field "${k}" (the CRD's schema has no top-level field of that name)`,
            },
      );
    } else issues.push(...structuralIssues(schema.properties?.[k] ?? {}, v, [k]));
  }
  return issues;
}
