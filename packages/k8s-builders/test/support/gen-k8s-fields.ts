// Generates src/base/k8s-fields.generated.ts: for every object type reachable from the kinds in ROOTS, the list of
// its fields, derived from the `kubernetes-types` declaration files with the TypeScript compiler API; and for the
// Gateway API kinds in CRD_ROOTS, the same from the CRD fixtures the API-server tests install
// (test/fixtures/crds/, standard channel), one type per object schema, named after its path:
// "gateway/v1.HTTPRoute.spec.rules.matches" is the type of an item of `spec.rules[].matches`.
// The library checks patched objects against it (src/base/k8s-fields.ts), schema.ts uses it to reject unknown
// fields, which the kubernetes-models validators silently accept, and the field-coverage test walks it.
//
//   node packages/k8s-builders/test/support/gen-k8s-fields.ts
//
// schema.test.ts regenerates the map in memory and compares it with the committed module.
//
// Output: { "<dir>/<version>.<Type>": { "<field>": "<spec>" } }, e.g. "core/v1.Container": { name: "!string" }.
//   spec - `!` when the field is required (not optional in kubernetes-types), then the type: another key of the
//          map, or a primitive: "string", "number", "boolean", "number|string" (IntOrString), or "object" for
//          free-form objects (empty interfaces such as RawExtension/FieldsV1); then `[]` for a list of the type or
//          `{}` for a map `{ [key: string]: type }` (any key allowed). Aliases (Quantity, Time, MicroTime) are
//          resolved to their primitive.
// Only shapes actually used by the reachable types are supported; anything else fails the generator loudly.
//
// Server-populated fields are left out on purpose: the top-level `status` of every root kind, and the fields
// kubernetes-types declares `readonly` (`metadata.uid`, `resourceVersion`, `generation`, `creationTimestamp`,
// `deletionTimestamp`, `deletionGracePeriodSeconds`, and `status` of some kinds - kubernetes-types marks
// `status` readonly inconsistently, hence the explicit rule). A manifest we build must never set them, so the
// strict check reports them; and the *Status types are not needed, which keeps this map much smaller.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { parseAllDocuments } from "yaml";
import { encodeField, type FieldMap, type FieldSpec, fieldsRootOf } from "../../src/base/k8s-fields.ts";
import { KIND_FACTS } from "../../src/base/kinds.ts";

/** Root kinds, as "<kubernetes-types file>.<Type>". schema.ts maps apiVersion/kind onto these names. */
/**
 * The kinds whose fields the strict check knows: every built-in kind of the table (src/base/kinds.ts) with a
 * place in the document order, which is every kind the library writes or is about to.
 */
export const ROOTS: readonly string[] = [...KIND_FACTS]
  .filter(([, facts]) => facts.crd === undefined && facts.applyOrder !== undefined)
  .map(([kind, { apiVersion }]) => fieldsRootOf(apiVersion, kind))
  .sort();

/**
 * The custom resource kinds whose fields come from their CRD fixture: the Gateway API kinds of the table with a
 * place in the document order (the ones the library builds).
 */
export const CRD_ROOTS: readonly string[] = [...KIND_FACTS]
  .filter(([, facts]) => facts.crd === "gateway-api" && facts.applyOrder !== undefined)
  .map(([kind, { apiVersion }]) => fieldsRootOf(apiVersion, kind))
  .sort();

const CRD_FIXTURES = fileURLToPath(new URL("../fixtures/crds/", import.meta.url));

export const OUTPUT_FILE: string = fileURLToPath(
  new URL("../../src/base/k8s-fields.generated.ts", import.meta.url),
);

const typesDir = dirname(createRequire(import.meta.url).resolve("kubernetes-types/package.json"));

interface Module {
  interfaces: Map<string, ts.InterfaceDeclaration>;
  aliases: Map<string, ts.TypeAliasDeclaration>;
  /** local name → module id of the file it is imported from */
  imports: Map<string, string>;
}

const modules = new Map<string, Module>();

/** Parses "<id>.d.ts" (id like "core/v1" or "runtime") syntactically; no type checker needed. */
function loadModule(id: string): Module {
  const cached = modules.get(id);
  if (cached) return cached;
  const file = join(typesDir, `${id}.d.ts`);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  const mod: Module = { interfaces: new Map(), aliases: new Map(), imports: new Map() };
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) mod.interfaces.set(statement.name.text, statement);
    else if (ts.isTypeAliasDeclaration(statement)) mod.aliases.set(statement.name.text, statement);
    else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const target = relative(typesDir, resolve(dirname(file), statement.moduleSpecifier.text));
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamedImports(bindings)) throw new Error(`${id}: unsupported import form`);
      for (const element of bindings.elements) {
        mod.imports.set(element.name.text, target.split("\\").join("/"));
      }
    }
  }
  modules.set(id, mod);
  return mod;
}

/** Resolves a type name used in module `id` to the module that declares it. */
function declaringModule(id: string, name: string): string {
  const mod = loadModule(id);
  if (mod.interfaces.has(name) || mod.aliases.has(name)) return id;
  const from = mod.imports.get(name);
  if (from) return declaringModule(from, name);
  throw new Error(`${id}: cannot resolve type ${name}`);
}

function primitive(node: ts.TypeNode): string | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return "string";
    case ts.SyntaxKind.NumberKeyword:
      return "number";
    case ts.SyntaxKind.BooleanKeyword:
      return "boolean";
  }
  if (ts.isLiteralTypeNode(node)) {
    if (ts.isStringLiteral(node.literal)) return "string";
    if (ts.isNumericLiteral(node.literal)) return "number";
    if (node.literal.kind === ts.SyntaxKind.TrueKeyword || node.literal.kind === ts.SyntaxKind.FalseKeyword) {
      return "boolean";
    }
  }
  return undefined;
}

/** Describes a field's type node; `enqueue` receives every referenced object type. */
function describe(id: string, node: ts.TypeNode, where: string, enqueue: (name: string) => void): FieldSpec {
  const elementType = (element: ts.TypeNode): string => {
    const inner = describe(id, element, where, enqueue);
    if (inner.array || inner.map) throw new Error(`${where}: nested arrays/maps are not supported`);
    return inner.type;
  };
  const prim = primitive(node);
  if (prim) return { type: prim, array: false, map: false, required: false };
  if (ts.isParenthesizedTypeNode(node)) return describe(id, node.type, where, enqueue);
  if (ts.isUnionTypeNode(node)) {
    const members = node.types.map(primitive);
    if (members.some((m) => m === undefined))
      throw new Error(`${where}: only unions of primitives are supported`);
    return { type: [...new Set(members)].sort().join("|"), array: false, map: false, required: false };
  }
  if (ts.isArrayTypeNode(node))
    return { type: elementType(node.elementType), array: true, map: false, required: false };
  if (ts.isTypeLiteralNode(node)) {
    const [member, ...rest] = node.members;
    if (!member || rest.length > 0 || !ts.isIndexSignatureDeclaration(member) || !member.type) {
      throw new Error(`${where}: only { [key: string]: T } type literals are supported`);
    }
    return { type: elementType(member.type), array: false, map: true, required: false };
  }
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    if (name === "Array" && node.typeArguments?.length === 1 && node.typeArguments[0]) {
      return { type: elementType(node.typeArguments[0]), array: true, map: false, required: false };
    }
    const declId = declaringModule(id, name);
    const decl = loadModule(declId);
    const alias = decl.aliases.get(name);
    if (alias) return describe(declId, alias.type, `${where} (alias ${declId}.${name})`, enqueue);
    const iface = decl.interfaces.get(name);
    if (iface && iface.members.length === 0)
      return { type: "object", array: false, map: false, required: false };
    const qualified = `${declId}.${name}`;
    enqueue(qualified);
    return { type: qualified, array: false, map: false, required: false };
  }
  throw new Error(`${where}: unsupported type syntax ${ts.SyntaxKind[node.kind]}`);
}

type Schema = Readonly<Record<string, unknown>>;
const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** The openAPIV3Schema of a CRD fixture's version serving `root` ("gateway/v1.HTTPRoute"). */
function crdSchema(root: string): Schema {
  for (const file of readdirSync(CRD_FIXTURES)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(CRD_FIXTURES, file), "utf8"))) {
      const crd = doc.toJS({ maxAliasCount: -1 }) as {
        kind?: string;
        spec?: {
          group?: string;
          names?: { kind?: string };
          versions?: { name?: string; schema?: unknown }[];
        };
      } | null;
      if (crd?.kind !== "CustomResourceDefinition") continue;
      for (const v of crd.spec?.versions ?? []) {
        const apiVersion = `${crd.spec?.group}/${v.name}`;
        const schema = (v.schema as { openAPIV3Schema?: unknown } | undefined)?.openAPIV3Schema;
        if (fieldsRootOf(apiVersion, String(crd.spec?.names?.kind)) === root && isSchema(schema))
          return schema;
      }
    }
  }
  throw new Error(`${root}: no CRD fixture in ${CRD_FIXTURES} serves it`);
}

/**
 * The fields of a CRD's object schemas, each named after its path under the root: an object with properties is a
 * type of its own, `additionalProperties` a map, an int-or-string "number|string", an object without properties
 * (preserve-unknown-fields) free-form. `metadata` is the Kubernetes ObjectMeta; the root's `status` is left out.
 */
function crdFields(root: string, out: Record<string, Record<string, FieldSpec>>): void {
  const walk = (name: string, schema: Schema): void => {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const fields: Record<string, FieldSpec> = {};
    for (const [field, child] of Object.entries(properties)) {
      if (name === root && field === "status") continue;
      if (!isSchema(child)) throw new Error(`${name}.${field}: not a schema`);
      const spec =
        name === root && field === "metadata"
          ? { type: "meta/v1.ObjectMeta", array: false, map: false }
          : describeSchema(`${name}.${field}`, child, walk);
      fields[field] = { ...spec, required: required.has(field) };
    }
    out[name] = sortKeys(fields);
  };
  walk(root, crdSchema(root));
}

function describeSchema(
  name: string,
  s: Schema,
  walk: (name: string, schema: Schema) => void,
): Omit<FieldSpec, "required"> {
  const one = (item: Schema, where: string): string => {
    const inner = describeSchema(where, item, walk);
    if (inner.array || inner.map) throw new Error(`${where}: nested lists/maps are not supported`);
    return inner.type;
  };
  if (s["x-kubernetes-int-or-string"] === true) return { type: "number|string", array: false, map: false };
  switch (s.type) {
    case "string":
      return { type: "string", array: false, map: false };
    case "integer":
      return { type: "number", array: false, map: false };
    case "boolean":
      return { type: "boolean", array: false, map: false };
    case "array":
      if (!isSchema(s.items)) throw new Error(`${name}: a list without items`);
      return { type: one(s.items, name), array: true, map: false };
    case "object":
      if (isSchema(s.properties)) {
        if (s.additionalProperties !== undefined) throw new Error(`${name}: properties and a map at once`);
        walk(name, s);
        return { type: name, array: false, map: false };
      }
      if (isSchema(s.additionalProperties)) {
        return { type: one(s.additionalProperties, name), array: false, map: true };
      }
      return { type: "object", array: false, map: false };
  }
  throw new Error(`${name}: unsupported schema type ${String(s.type)}`);
}

/** Builds the field map in memory (deterministic: keys sorted). */
export function generateK8sFields(
  roots: readonly string[] = ROOTS,
  crdRoots: readonly string[] = CRD_ROOTS,
): FieldMap {
  const result: Record<string, Record<string, FieldSpec>> = {};
  const queue = [...roots];
  const seen = new Set(queue);
  const enqueue = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      queue.push(name);
    }
  };
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const dot = name.lastIndexOf(".");
    const id = name.slice(0, dot);
    const typeName = name.slice(dot + 1);
    const iface = loadModule(id).interfaces.get(typeName);
    if (!iface) throw new Error(`${name}: no such interface in kubernetes-types`);
    if (iface.heritageClauses?.length) throw new Error(`${name}: interface inheritance is not supported`);
    const fields: Record<string, FieldSpec> = {};
    for (const member of iface.members) {
      if (!ts.isPropertySignature(member) || !member.type) {
        throw new Error(`${name}: unsupported member ${ts.SyntaxKind[member.kind]}`);
      }
      const fieldName =
        ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : "";
      if (!fieldName) throw new Error(`${name}: unsupported property name`);
      if (member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword)) continue;
      if (fieldName === "status" && roots.includes(name)) continue;
      const spec = describe(id, member.type, `${name}.${fieldName}`, enqueue);
      fields[fieldName] = { ...spec, required: member.questionToken === undefined };
    }
    result[name] = sortKeys(fields);
  }
  for (const root of crdRoots) crdFields(root, result);
  return sortKeys(result);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The module text: one line per field, diff-friendly (a Kubernetes upgrade shows as added and removed fields).
 * Written, then laid out by Biome.
 */
export function renderK8sFields(map: FieldMap, crdRoots: readonly string[] = CRD_ROOTS): string {
  const fromCrd = (typeName: string) => crdRoots.some((r) => typeName === r || typeName.startsWith(`${r}.`));
  const render = (entries: [string, FieldMap[string]][]) =>
    entries.map(([typeName, fields]) => {
      const lines = Object.entries(fields).map(
        ([field, spec]) => `    ${JSON.stringify(field)}: ${JSON.stringify(encodeField(spec))},`,
      );
      return `  ${JSON.stringify(typeName)}: {\n${lines.join("\n")}\n  },`;
    });
  const entries = Object.entries(map);
  return [
    "// Generated by `node packages/k8s-builders/test/support/gen-k8s-fields.ts` from the kubernetes-types declarations",
    "// and the Gateway API CRD fixtures: do not edit. The format is explained in that script and in k8s-fields.ts.",
    "",
    "/** Every object type reachable from the kinds the library writes, by name, to its fields (encoded). */",
    "export const K8S_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {",
    ...render(entries.filter(([t]) => !fromCrd(t))),
    "};",
    "",
    "/**",
    " * The fields of the Gateway API kinds the library writes, from their CRDs (standard channel), each object schema",
    " * named after its path; literal types, so that patches of these kinds are typed from the same table.",
    " */",
    "export const CRD_FIELDS = {",
    ...render(entries.filter(([t]) => fromCrd(t))),
    "} as const;",
    "",
  ].join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const map = generateK8sFields();
  writeFileSync(OUTPUT_FILE, renderK8sFields(map));
  const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
  const formatted = spawnSync(process.execPath, [biome, "format", "--write", OUTPUT_FILE], {
    encoding: "utf8",
  });
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  const fieldCount = Object.values(map).reduce((n, fields) => n + Object.keys(fields).length, 0);
  console.log(`wrote ${Object.keys(map).length} types, ${fieldCount} fields to ${OUTPUT_FILE}`);
}
