// Strict schema validation of built manifests, for tests (`@call-center/k8s-builders/testing`; needs the
// optional peer dependency `kubernetes-models`, and `@kubernetes-models/<crd>` for custom resources).
//
// Two layers:
//  (a) the validators generated from the official Kubernetes OpenAPI schema that ship with
//      `kubernetes-models` (types, required fields, enums, formats) - every error, with its path;
//  (b) an unknown-field check: kubernetes-models accepts any extra property, so every property of the
//      object, recursively, must also be a field of the official type, per src/base/k8s-fields.generated.ts
//      (derived from the `kubernetes-types` declarations by test/support/gen-k8s-fields.ts). Map fields such as
//      labels, annotations or data accept any key. Server-populated fields (status, metadata.uid, ...) are
//      not in the map, so they are reported too - a manifest must not set them.
//
// The kinds are those of the table in src/base/kinds.ts. CRD kinds get (a) from their models, generated from the
// CRD's OpenAPI schema (`@kubernetes-models/<crd>`); the Gateway API kinds the library builds also get (b), from
// the fields of their CRDs in the same map; the others (ServiceMonitor) have no field list and get (a) only. Unknown kinds, other apiVersions and kinds whose model package is not installed
// throw ("no schema for <apiVersion> <kind>") so that a test never passes silently.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type FieldMap, type FieldSpec, fieldsRootOf, k8sFields } from "../base/k8s-fields.ts";
import { KIND_FACTS, type KindFacts, kindFacts } from "../base/kinds.ts";
import { at } from "../checks/read.ts";

export { type FieldMap, type FieldSpec, fieldsRootOf };

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

interface SchemaEntry {
  model: ModelClass;
  /** key of the root type in the field map; undefined where there is none (CRDs): no unknown-field check */
  fieldsRoot: string | undefined;
}

// The model classes are loaded on first use, synchronously, with require(esm): only the kinds a test file
// validates are loaded. They are not imported statically because their .d.ts files do not compile under this
// repo's `exactOptionalPropertyTypes` + `skipLibCheck: false` (TS2420 in node_modules). The packages export an
// "import" condition only, so the module file is required by its path.
const require = createRequire(import.meta.url);

function packageDir(pkg: string): string | undefined {
  return (require.resolve.paths(pkg) ?? []).map((d) => join(d, pkg)).find((d) => existsSync(d));
}

/** The package of a kind's model: `kubernetes-models` for built-in kinds, `@kubernetes-models/<crd>` for CRDs. */
export function modelPackage(facts: KindFacts): string {
  return facts.crd === undefined ? "kubernetes-models" : `@kubernetes-models/${facts.crd}`;
}

/** Where a kind's model is, and the root of its unknown-field check; undefined when its model is not installed. */
function locate(
  apiVersion: string,
  kind: string,
): { file: string; fieldsRoot: string | undefined } | undefined {
  const facts = kindFacts(kind);
  if (facts === undefined || facts.apiVersion !== apiVersion) return undefined;
  const dir = packageDir(modelPackage(facts));
  const file = dir === undefined ? undefined : join(dir, apiVersion, `${kind}.js`);
  if (file === undefined || !existsSync(file)) return undefined;
  const root = fieldsRootOf(apiVersion, kind);
  return { file, fieldsRoot: root in fields() ? root : undefined };
}

function loadEntry(apiVersion: string, kind: string): SchemaEntry | undefined {
  const where = locate(apiVersion, kind);
  if (where === undefined) return undefined;
  const model = (require(where.file) as Record<string, ModelClass | undefined>)[kind];
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) {
    throw new Error(`${where.file} does not export the model of ${apiVersion} ${kind}`);
  }
  return { model, fieldsRoot: where.fieldsRoot };
}

const registry = new Map<string, SchemaEntry | undefined>();
function entryOf(apiVersion: string, kind: string): SchemaEntry | undefined {
  const key = `${apiVersion} ${kind}`;
  if (!registry.has(key)) registry.set(key, loadEntry(apiVersion, kind));
  return registry.get(key);
}

/**
 * Every kind of the table (base/kinds.ts) at its apiVersion whose model is installed (found, not loaded), and
 * whether it gets the unknown-field check.
 */
export function supportedKinds(): { apiVersion: string; kind: string; fieldsRoot: string | undefined }[] {
  return [...KIND_FACTS].flatMap(([kind, { apiVersion }]) => {
    const where = locate(apiVersion, kind);
    return where === undefined ? [] : [{ apiVersion, kind, fieldsRoot: where.fieldsRoot }];
  });
}

const fields: () => FieldMap = k8sFields;

type Json = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
/** JSON pointer from ajv ("/spec/template/spec/containers/0") → "spec.template.spec.containers[0]". */
function pointerToPath(root: unknown, pointer: string): string {
  let path = "";
  let current = root;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      path = at(path, Number(segment));
      current = current[Number(segment)];
    } else {
      path = at(path, segment);
      current = isPlainObject(current) ? current[segment] : undefined;
    }
  }
  return path;
}

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function modelProblems(entry: SchemaEntry, obj: object): string[] {
  try {
    new entry.model(obj).validate();
    return [];
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return errors.map((e) => {
      const path = pointerToPath(obj, e.instancePath);
      if (e.keyword === "required" && typeof e.params?.missingProperty === "string") {
        return `${at(path, e.params.missingProperty) || "(root)"}: required field is missing`;
      }
      const detail =
        e.keyword === "enum" && Array.isArray(e.params?.allowedValues)
          ? `must be one of ${JSON.stringify(e.params.allowedValues)}`
          : (e.message ?? `failed ${e.keyword} ${JSON.stringify(e.params ?? {})}`);
      return `${path || "(root)"}: ${detail}`;
    });
  }
}

function unknownFieldProblems(value: Json, typeName: string, path: string, out: string[]): void {
  const typeFields = fields()[typeName];
  if (!typeFields) throw new Error(`k8s-fields.generated.ts has no type ${typeName}; regenerate it`);
  for (const [key, child] of Object.entries(value)) {
    const spec = typeFields[key];
    const here = at(path, key);
    if (!spec) out.push(`${here}: unknown field (${typeName} has no field "${key}")`);
    else checkField(child, spec, here, out);
  }
}

function checkField(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  // Primitive and free-form fields are leaves; wrong shapes are reported by the model validation (a).
  if (!fields()[spec.type]) return;
  if (spec.map) {
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) checkValue(item, spec.type, at(path, key), out);
    }
  } else if (spec.array) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) checkValue(item, spec.type, at(path, i), out);
    }
  } else {
    checkValue(value, spec.type, path, out);
  }
}

function checkValue(value: unknown, typeName: string, path: string, out: string[]): void {
  if (isPlainObject(value)) unknownFieldProblems(value, typeName, path, out);
}

/** Every schema problem of a manifest object, each prefixed with its path (e.g. "spec.replicas: ..."). */
export function schemaProblems(obj: object): string[] {
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  const entry = entryOf(String(apiVersion), String(kind));
  if (!entry) throw new Error(`no schema for ${String(apiVersion)} ${String(kind)}`);
  const problems = modelProblems(entry, obj);
  if (entry.fieldsRoot && isPlainObject(obj)) unknownFieldProblems(obj, entry.fieldsRoot, "", problems);
  return [...new Set(problems)];
}

/** Throws an Error listing every schema problem of a manifest object (see schemaProblems). */
export function assertSchemaValid(obj: object): void {
  const problems = schemaProblems(obj);
  if (problems.length === 0) return;
  const { apiVersion, kind, metadata } = obj as {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string };
  };
  const name = metadata?.name === undefined ? "" : ` "${metadata.name}"`;
  throw new Error(
    `${apiVersion} ${kind}${name} has ${problems.length} schema problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

/** Whether a schema for `apiVersion` `kind` is installed (its model package is found; nothing is loaded). */
export function hasSchema(apiVersion: string, kind: string): boolean {
  return locate(apiVersion, kind) !== undefined;
}
