// Strict schema validation of built manifests, for tests.
//
// Two layers:
//  (a) the validators generated from the official Kubernetes OpenAPI schema that ship with
//      `kubernetes-models` (types, required fields, enums, formats) - every error, with its path;
//  (b) an unknown-field check: kubernetes-models accepts any extra property, so every property of the
//      object, recursively, must also be a field of the official type, per k8s-fields.generated.json
//      (derived from the `kubernetes-types` declarations by gen-k8s-fields.ts). Map fields such as
//      labels, annotations or data accept any key. Server-populated fields (status, metadata.uid, ...) are
//      not in the map, so they are reported too - a manifest must not set them.
//
// CRD kinds (ServiceMonitor) get (a) only: their models come from the CRD's OpenAPI schema and there are no
// kubernetes-types declarations to derive a field list from.
// Unknown kinds throw ("no schema for <apiVersion> <kind>") so that a test never passes silently.
import { readFileSync } from "node:fs";
import type { FieldMap, FieldSpec } from "./gen-k8s-fields.ts";

/** Built-in kinds: model class from `kubernetes-models/<apiVersion>/<Kind>` + unknown-field check. */
const BUILT_IN: readonly (readonly [apiVersion: string, kind: string])[] = [
  ["v1", "Namespace"],
  ["v1", "ConfigMap"],
  ["v1", "Secret"],
  ["v1", "ServiceAccount"],
  ["v1", "Service"],
  ["v1", "PersistentVolumeClaim"],
  ["apps/v1", "Deployment"],
  ["apps/v1", "StatefulSet"],
  ["autoscaling/v2", "HorizontalPodAutoscaler"],
  ["policy/v1", "PodDisruptionBudget"],
  ["networking.k8s.io/v1", "Ingress"],
  ["networking.k8s.io/v1", "NetworkPolicy"],
  ["rbac.authorization.k8s.io/v1", "Role"],
  ["rbac.authorization.k8s.io/v1", "RoleBinding"],
  ["rbac.authorization.k8s.io/v1", "ClusterRole"],
  ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding"],
];
/** CRD kinds: model class only (package, apiVersion, kind). */
const CRDS: readonly (readonly [pkg: string, apiVersion: string, kind: string])[] = [
  ["@kubernetes-models/prometheus-operator", "monitoring.coreos.com/v1", "ServiceMonitor"],
];

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

interface SchemaEntry {
  model: ModelClass;
  /** key of the root type in the field map; undefined for CRDs (no unknown-field check) */
  fieldsRoot: string | undefined;
}

/** "apps/v1" → "apps/v1", "v1" → "core/v1", "rbac.authorization.k8s.io/v1" → "rbac/v1" (kubernetes-types layout). */
function fieldsRootOf(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  return `${group?.split(".")[0]}/${version}.${kind}`;
}

// The model classes are loaded with top-level await (once, when this module is imported), so the exported
// functions stay synchronous. They are not imported statically because their .d.ts files do not compile
// under this repo's `exactOptionalPropertyTypes` + `skipLibCheck: false` (TS2420 in node_modules); a
// dynamic import with a non-literal specifier keeps tsc from loading them. The models are plain ESM
// ("import" condition only), so createRequire cannot load them either.
async function loadModel(specifier: string, apiVersion: string, kind: string): Promise<ModelClass> {
  const mod = (await import(specifier)) as Record<string, ModelClass | undefined>;
  const model = mod[kind];
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) {
    throw new Error(`${specifier} does not export the model of ${apiVersion} ${kind}`);
  }
  return model;
}

const REGISTRY = new Map<string, SchemaEntry>(
  await Promise.all([
    ...BUILT_IN.map(async ([apiVersion, kind]): Promise<[string, SchemaEntry]> => {
      const model = await loadModel(`kubernetes-models/${apiVersion}/${kind}`, apiVersion, kind);
      return [`${apiVersion} ${kind}`, { model, fieldsRoot: fieldsRootOf(apiVersion, kind) }];
    }),
    ...CRDS.map(async ([pkg, apiVersion, kind]): Promise<[string, SchemaEntry]> => {
      const model = await loadModel(`${pkg}/${apiVersion}/${kind}`, apiVersion, kind);
      return [`${apiVersion} ${kind}`, { model, fieldsRoot: undefined }];
    }),
  ]),
);

/** "<apiVersion> <kind>" of every supported kind, and whether it gets the unknown-field check. */
export function supportedKinds(): { apiVersion: string; kind: string; fieldsRoot: string | undefined }[] {
  return [...REGISTRY.values()].map(({ model, fieldsRoot }) => ({
    apiVersion: model.apiVersion,
    kind: model.kind,
    fieldsRoot,
  }));
}

let fieldMap: FieldMap | undefined;
function fields(): FieldMap {
  fieldMap ??= JSON.parse(
    readFileSync(new URL("./k8s-fields.generated.json", import.meta.url), "utf8"),
  ) as FieldMap;
  return fieldMap;
}

type Json = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

/** JSON pointer from ajv ("/spec/template/spec/containers/0") → "spec.template.spec.containers[0]". */
function pointerToPath(root: unknown, pointer: string): string {
  let path = "";
  let current = root;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      path = childPath(path, Number(segment));
      current = current[Number(segment)];
    } else {
      path = childPath(path, segment);
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
        return `${childPath(path, e.params.missingProperty) || "(root)"}: required field is missing`;
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
  if (!typeFields) throw new Error(`k8s-fields.generated.json has no type ${typeName}; regenerate it`);
  for (const [key, child] of Object.entries(value)) {
    const spec = typeFields[key];
    const here = childPath(path, key);
    if (!spec) out.push(`${here}: unknown field (${typeName} has no field "${key}")`);
    else checkField(child, spec, here, out);
  }
}

function checkField(value: unknown, spec: FieldSpec, path: string, out: string[]): void {
  // Primitive and free-form fields are leaves; wrong shapes are reported by the model validation (a).
  if (!fields()[spec.type]) return;
  if (spec.map) {
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) checkValue(item, spec.type, childPath(path, key), out);
    }
  } else if (spec.array) {
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) checkValue(item, spec.type, childPath(path, i), out);
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
  const entry = REGISTRY.get(`${String(apiVersion)} ${String(kind)}`);
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
