/**
 * Reading CustomResourceDefinitions (apiextensions.k8s.io/v1) from YAML: every served version with its schema,
 * checked so that a schema construct the generator cannot type, or the runtime cannot check, is a clear error
 * with its place in the file instead of a wrong module.
 */
import {
  Dns1035LabelSchema,
  type IssueCode,
  K8sBuilderError,
  type OptionIssue,
} from "@call-center/k8s-builders";
import { parseAllDocuments } from "yaml";
import { compilePattern } from "../crd/pattern.ts";

/** One input file. */
export interface CrdSource {
  /** The file's name, for messages. */
  readonly path: string;
  readonly text: string;
}

/** A raw schema node as the CRD holds it (descriptions, defaults and CEL rules included). */
export type RawSchema = Readonly<Record<string, unknown>>;

/** One served version of a CRD. */
export interface ServedVersion {
  /** `certificates.cert-manager.io` */
  readonly crdName: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly schema: RawSchema;
}

/** A document that is a Kubernetes object but not a CRD: skipped. */
export interface SkippedDocument {
  readonly path: string;
  readonly document: number;
  readonly kind: string;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const SCHEMA_TYPES = new Set(["object", "array", "string", "integer", "number", "boolean"]);

/** Keys of a schema node that only describe: kept for types and TSDoc, left out of the embedded schema. */
export const DESCRIPTIVE_KEYS = new Set([
  "description",
  "example",
  "externalDocs",
  "title",
  "x-kubernetes-validations",
  "x-kubernetes-map-type",
]);

/** Keys the runtime checks. */
export const VALIDATING_KEYS = new Set([
  "type",
  // The API server applies it before validating: a required field with a default may be left out.
  "default",
  "nullable",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "x-kubernetes-int-or-string",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-list-type",
  "x-kubernetes-list-map-keys",
]);

/** Keys of OpenAPI v3 that a CRD schema may not use, or that cannot be typed here. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  $ref: "$ref is not allowed in a CRD schema",
  patternProperties: "patternProperties cannot be typed (and is not structural)",
  dependencies: "dependencies is not supported",
  additionalItems: "additionalItems is not supported",
  definitions: "definitions is not allowed in a CRD schema",
  id: "id is not allowed in a CRD schema",
  $schema: "$schema is not allowed in a CRD schema",
};

const NUMERIC_KEYS = [
  "minimum",
  "maximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
];

/** Every problem of a schema node (recursively) for the generator and the runtime, at `path` in the file. */
export function schemaProblems(node: unknown, path: string, out: string[] = []): string[] {
  if (!isMap(node)) {
    out.push(`${path}: expected a schema object`);
    return out;
  }
  for (const key of Object.keys(node)) {
    const why = UNSUPPORTED[key];
    if (why !== undefined) out.push(`${path}.${key}: ${why}`);
    else if (!DESCRIPTIVE_KEYS.has(key) && !VALIDATING_KEYS.has(key))
      out.push(`${path}.${key}: unknown schema key "${key}"`);
  }
  const type = node.type;
  if (type !== undefined && (typeof type !== "string" || !SCHEMA_TYPES.has(type)))
    out.push(`${path}.type: expected one of ${[...SCHEMA_TYPES].join(", ")}, found ${JSON.stringify(type)}`);
  if (node["x-kubernetes-int-or-string"] === true && type !== undefined)
    out.push(`${path}: x-kubernetes-int-or-string with a type is not structural`);
  for (const key of NUMERIC_KEYS) {
    if (node[key] !== undefined && typeof node[key] !== "number")
      out.push(`${path}.${key}: expected a number, found ${JSON.stringify(node[key])}`);
  }
  if (node.pattern !== undefined) {
    if (typeof node.pattern !== "string") out.push(`${path}.pattern: expected a string`);
    else {
      const re = compilePattern(node.pattern);
      if (!(re instanceof RegExp))
        out.push(`${path}.pattern: ${JSON.stringify(node.pattern)} cannot be used: ${re.error}`);
    }
  }
  if (node.enum !== undefined && !Array.isArray(node.enum)) out.push(`${path}.enum: expected a list`);
  const strings = (key: string): void => {
    const v = node[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string")))
      out.push(`${path}.${key}: expected a list of strings`);
  };
  strings("required");
  strings("x-kubernetes-list-map-keys");
  if (isMap(node.properties)) {
    for (const [k, v] of Object.entries(node.properties)) schemaProblems(v, `${path}.properties.${k}`, out);
  } else if (node.properties !== undefined) out.push(`${path}.properties: expected a map`);
  const ap = node.additionalProperties;
  if (isMap(ap)) schemaProblems(ap, `${path}.additionalProperties`, out);
  else if (ap !== undefined && typeof ap !== "boolean")
    out.push(`${path}.additionalProperties: expected a schema or a boolean`);
  if ((isMap(ap) || ap === true) && node.properties !== undefined)
    out.push(`${path}: properties and additionalProperties together are not structural`);
  if (node.items !== undefined) {
    if (Array.isArray(node.items)) out.push(`${path}.items: a list of schemas (tuple) cannot be typed`);
    else schemaProblems(node.items, `${path}.items`, out);
  }
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) out.push(`${path}.${key}: expected a list of schemas`);
    else
      list.forEach((s, i) => {
        schemaProblems(s, `${path}.${key}[${i}]`, out);
      });
  }
  if (node.not !== undefined) schemaProblems(node.not, `${path}.not`, out);
  return out;
}

/**
 * Every served version of every CRD in the sources. Throws one {@link K8sBuilderError} (builder `importCrds`)
 * listing every problem: invalid YAML, a document that is not a CRD in a file without any, a CRD that is not
 * apiextensions.k8s.io/v1, a schema construct that cannot be typed or checked.
 */
export function readCrds(sources: readonly CrdSource[]): {
  versions: ServedVersion[];
  skipped: SkippedDocument[];
} {
  const issues: OptionIssue[] = [];
  const versions: ServedVersion[] = [];
  const skipped: SkippedDocument[] = [];
  const fail = (path: string, code: IssueCode, message: string): void => {
    issues.push({ path, code, message });
  };
  for (const source of sources) {
    const docs = parseAllDocuments(source.text, { version: "1.1", prettyErrors: true });
    if (!Array.isArray(docs)) {
      fail(source.path, "invalid_yaml", `${source.path} is not a YAML stream`);
      continue;
    }
    let crds = 0;
    const others: SkippedDocument[] = [];
    docs.forEach((doc, index) => {
      const where = `${source.path}, document ${index + 1}`;
      const error = doc.errors[0];
      if (error !== undefined) {
        fail(where, "invalid_yaml", `${where}: invalid YAML: ${error.message.split("\n")[0]}`);
        return;
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) return;
      if (!isMap(value)) {
        fail(
          where,
          "not_a_crd",
          `${where}: not a Kubernetes object (a ${Array.isArray(value) ? "list" : typeof value})`,
        );
        return;
      }
      if (value.kind !== "CustomResourceDefinition") {
        others.push({ path: source.path, document: index + 1, kind: String(value.kind ?? "(no kind)") });
        return;
      }
      crds++;
      if (value.apiVersion !== "apiextensions.k8s.io/v1") {
        fail(
          where,
          "invalid_crd",
          `${where}: apiVersion ${JSON.stringify(value.apiVersion)}: only apiextensions.k8s.io/v1 CRDs are read`,
        );
        return;
      }
      readCrd(value, where, versions, fail);
    });
    if (crds === 0 && issues.every((i) => !i.path.startsWith(source.path))) {
      const found = others.length === 0 ? "it is empty" : `it holds ${others.map((o) => o.kind).join(", ")}`;
      fail(source.path, "not_a_crd", `${source.path}: no CustomResourceDefinition (${found})`);
    } else skipped.push(...others);
  }
  const seen = new Map<string, string>();
  for (const v of versions) {
    const key = `${v.group}/${v.version} ${v.kind}`;
    const first = seen.get(key);
    if (first !== undefined)
      fail(v.crdName, "duplicate", `${key} is defined twice (${first} and ${v.crdName})`);
    else seen.set(key, v.crdName);
  }
  if (issues.length > 0) throw new K8sBuilderError("importCrds", undefined, issues);
  return { versions, skipped };
}

function readCrd(
  crd: Record<string, unknown>,
  where: string,
  out: ServedVersion[],
  fail: (path: string, code: IssueCode, message: string) => void,
): void {
  const spec = isMap(crd.spec) ? crd.spec : {};
  const names = isMap(spec.names) ? spec.names : {};
  const metadata = isMap(crd.metadata) ? crd.metadata : {};
  const crdName = typeof metadata.name === "string" ? metadata.name : where;
  const { group } = spec;
  const { kind } = names;
  const at = `${where} (${crdName})`;
  if (typeof group !== "string" || !group.includes(".")) {
    fail(
      at,
      "invalid_crd",
      `${at}: spec.group must be a DNS name with a dot, found ${JSON.stringify(group)}`,
    );
    return;
  }
  if (typeof kind !== "string" || !/^[A-Za-z][A-Za-z0-9]*$/.test(kind)) {
    fail(
      at,
      "invalid_crd",
      `${at}: spec.names.kind must be a kind name such as "Certificate", found ${JSON.stringify(kind)}`,
    );
    return;
  }
  if (spec.scope !== "Namespaced" && spec.scope !== "Cluster") {
    fail(
      at,
      "invalid_crd",
      `${at}: spec.scope must be Namespaced or Cluster, found ${JSON.stringify(spec.scope)}`,
    );
    return;
  }
  if (!Array.isArray(spec.versions) || spec.versions.length === 0) {
    fail(at, "invalid_crd", `${at}: spec.versions must list the versions`);
    return;
  }
  spec.versions.forEach((v: unknown, i: number) => {
    const vat = `spec.versions[${i}]`;
    if (!isMap(v) || typeof v.name !== "string" || !Dns1035LabelSchema.safeParse(v.name).success) {
      fail(at, "invalid_crd", `${at}: ${vat}.name must be a version such as "v1"`);
      return;
    }
    if (v.served !== true) return;
    const schema = isMap(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isMap(schema)) {
      fail(at, "invalid_crd", `${at}: ${vat} (${v.name}) has no schema.openAPIV3Schema`);
      return;
    }
    const problems = schemaProblems(schema, `${vat}.schema.openAPIV3Schema`);
    for (const p of problems) fail(at, "unsupported_schema", `${at}: ${p}`);
    if (problems.length === 0)
      out.push({ crdName, group, version: v.name, kind, namespaced: spec.scope === "Namespaced", schema });
  });
}
