/**
 * Writes the TypeScript module of one served CRD version: types for the spec (and any other top-level field but
 * status) with the CRD's descriptions as TSDoc, the schema's validating keys as data, and a builder that calls the
 * library's `customResourceBuilder` with them. The text depends on the CRD alone (keys sorted, no timestamps) and
 * is laid out the way Biome formats it, so a generated file passes a Biome check as it is written.
 */
import {
  builderName,
  celRules,
  code,
  description,
  fieldDoc,
  importLine,
  isMap,
  kebab,
  key,
  literal,
  pascal,
  quote,
  schemaLiteral,
  type TypeExpr,
  text,
  tsdoc,
  WIDTH,
  width,
} from "./generate-text.ts";
import { ModuleWriter } from "./generate-types.ts";
import type { RawSchema, ServedVersion } from "./read.ts";

export interface GenerateOptions {
  /** The module the generated code imports the library from. @default "@call-center/k8s-builders" */
  readonly importFrom?: string;
}

/** A minimal spec for the @example: required fields only, placeholders for free text. */
function exampleValue(s: RawSchema, depth: number): string {
  if (Array.isArray(s.enum) && s.enum.length > 0) return literal(s.enum[0]);
  if (s["x-kubernetes-int-or-string"] === true) return "1";
  switch (s.type) {
    case "string":
      return '"…"';
    case "boolean":
      return "true";
    case "integer":
    case "number":
      return String(typeof s.minimum === "number" ? Math.max(s.minimum, 1) : 1);
    case "array": {
      const min = typeof s.minItems === "number" ? s.minItems : 0;
      return min > 0 && isMap(s.items) && depth < 4 ? `[${exampleValue(s.items, depth + 1)}]` : "[]";
    }
    case "object": {
      const props = isMap(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? s.required.map(String).filter((r) => isMap(props[r])) : [];
      if (required.length === 0 || depth >= 4) return "{}";
      return `{ ${required
        .sort()
        .map((r) => `${key(r)}: ${exampleValue(props[r] as RawSchema, depth + 1)}`)
        .join(", ")} }`;
    }
    default:
      return "{}";
  }
}

/** Path of the generated module inside the output folder: `<group>/<version>/<kind-kebab>.ts`. */
export function modulePath(v: ServedVersion): string {
  return `${v.group}/${v.version}/${kebab(v.kind)}.ts`;
}

/** Fields at the root of a custom resource that are not the caller's options. */
const NOT_OPTIONS = new Set(["apiVersion", "kind", "metadata", "status"]);

/** The text of the module of one served version. */
export function generateModule(v: ServedVersion, options: GenerateOptions = {}): string {
  const from = options.importFrom ?? "@call-center/k8s-builders";
  const apiVersion = `${v.group}/${v.version}`;
  const builder = builderName(v.kind);
  const imports = [
    "CustomResource",
    "CustomResourceObject",
    "CustomResourceMeta",
    "customResourceBuilder",
    "Patch",
    "StructuralSchema",
    "EmbeddedResource",
  ];
  const w = new ModuleWriter([...imports, "SCHEMA", "build", builder, v.kind, `${v.kind}Options`]);
  const root = v.schema;
  const props = isMap(root.properties) ? root.properties : {};
  const required = new Set(Array.isArray(root.required) ? root.required.map(String) : []);
  const fields = Object.keys(props)
    .filter((k) => !NOT_OPTIONS.has(k) && isMap(props[k]))
    .sort((a, b) => (a === "spec" ? -1 : b === "spec" ? 1 : a < b ? -1 : 1));

  const optionMembers: string[] = [];
  const fieldMembers: string[] = [];
  let specType: string | undefined;
  for (const f of fields) {
    const schema = props[f] as RawSchema;
    const type = w.typeOf(schema, `${v.kind}${pascal(f)}`, f);
    const typeText = text(type);
    // Give the spec a name of its own when it is not an interface already (a map, unknown fields).
    const named =
      f === "spec" && !/^[A-Za-z0-9_]+$/.test(typeText)
        ? nameType(w, `${v.kind}Spec`, type, schema)
        : typeText;
    const optional = f !== "spec" && !required.has(f);
    const member =
      tsdoc(fieldDoc(schema), "  ") + w.member(`${key(f)}${optional ? "?" : ""}`, { union: [named] });
    optionMembers.push(member);
    if (f === "spec") specType = named;
    else fieldMembers.push(member);
  }
  // The top-level fields besides spec, one interface: the object type is `CustomResourceObject<…, Fields>`, the
  // type `customResource` returns for the same fields.
  let fieldsType: string | undefined;
  if (fieldMembers.length > 0) {
    fieldsType = w.name(`${v.kind}Fields`);
    w.declare(
      `${tsdoc([`The top-level fields of a ${v.kind} other than \`apiVersion\`, \`kind\`, \`metadata\` and \`spec\`.`], "")}export interface ${fieldsType} {\n${fieldMembers.join("")}}\n`,
    );
  }

  // A CRD with a top-level field named `patch` keeps it as the field (customResourceBuilder does the same).
  const patchable = !fields.includes("patch");
  if (patchable)
    optionMembers.push(
      tsdoc(
        [
          `A deep partial of the ${v.kind}, merged after building and checked again against the CRD's schema:`,
          "for the metadata the options do not model, or a field to change for one object.",
        ],
        "  ",
      ) + w.member("patch?", { union: [`Patch<${v.kind}>`] }),
    );

  const kindDoc = description(root);
  const result = resultType(v.kind, specType, apiVersion, fieldsType);
  const meta = v.namespaced ? "CustomResourceMeta" : 'Omit<CustomResourceMeta, "namespace">';
  const rootRules = celRules(root);
  const builderDoc = [
    `Builds a ${v.kind} (${apiVersion}) with the metadata rules of every builder${specType === undefined ? ", its fields checked" : ", its spec checked"}`,
    `against the schema of the CRD \`${v.crdName}\`: types, required fields, enums, patterns, formats, bounds,`,
    "unknown fields. The API server still applies defaults and checks the CEL rules listed in the field docs.",
    ...(kindDoc.length > 0 ? ["", ...kindDoc] : []),
    ...(rootRules.length > 0
      ? [
          "",
          "Checked by the API server, not here (x-kubernetes-validations):",
          ...rootRules.map((r) => `- ${code(r.rule)}${r.message === undefined ? "" : `: ${r.message}`}`),
        ]
      : []),
    "",
    "@example",
    `${builder}({ name: "example"${v.namespaced ? ', namespace: "default"' : ""}${fields
      .filter((f) => f === "spec" || required.has(f))
      .map((f) => `, ${key(f)}: ${exampleValue(props[f] as RawSchema, 0)}`)
      .join("")} });`,
  ];

  const usedImports = [
    { name: resultGeneric(specType, fieldsType), type: true },
    { name: "CustomResourceMeta", type: true },
    { name: "customResourceBuilder", type: false },
    ...(patchable ? [{ name: "Patch", type: true }] : []),
    { name: "StructuralSchema", type: true },
    ...(w.embedded ? [{ name: "EmbeddedResource", type: true }] : []),
  ];
  const parts = [
    `// Generated by \`k8s-builders import\` from the CustomResourceDefinition ${v.crdName}, version ${v.version}.\n// Do not edit: regenerate it from the CRD instead.\n`,
    importLine(usedImports, from),
    `${tsdoc(kindDoc.length > 0 ? kindDoc : [`A ${apiVersion} ${v.kind}.`], "")}${result}`,
    `/** Options of {@link ${builder}}. */\nexport type ${v.kind}Options = ${meta} & {\n${optionMembers.join("")}};\n`,
    w.declarationsText(),
    `/** The validating keys of the ${v.kind} schema (${apiVersion}). */\n${schemaLiteral(stripRoot(root))}\n`,
    `const build = customResourceBuilder<${v.kind}Options, ${v.kind}>({\n  builder: ${quote(builder)},\n  apiVersion: ${quote(apiVersion)},\n  kind: ${quote(v.kind)},\n  namespaced: ${v.namespaced},\n  schema: SCHEMA,\n});\n`,
    `${tsdoc(builderDoc, "")}export function ${builder}(options: ${v.kind}Options): ${v.kind} {\n  return build(options);\n}\n`,
  ];
  return parts.filter((p) => p !== "").join("\n");
}

function nameType(w: ModuleWriter, hint: string, type: TypeExpr, s: RawSchema): string {
  const name = w.name(hint);
  const doc = tsdoc(fieldDoc(s).length > 0 ? ["`spec`", "", ...fieldDoc(s)] : ["`spec`"], "");
  w.declare(`${doc}export type ${name} = ${text(type)};\n`);
  return name;
}

/** The root schema without the fields the API server owns (status) or sets from the builder (apiVersion, kind). */
function stripRoot(root: RawSchema): RawSchema {
  const props = isMap(root.properties) ? { ...root.properties } : {};
  delete props.apiVersion;
  delete props.kind;
  delete props.status;
  const meta = props.metadata;
  if (isMap(meta) && !isMap(meta.properties)) delete props.metadata;
  return { ...root, properties: props };
}

/** The object type: `CustomResource` for a spec alone, `CustomResourceObject` without spec or with other fields. */
function resultGeneric(spec: string | undefined, fields: string | undefined): string {
  return spec === undefined || fields !== undefined ? "CustomResourceObject" : "CustomResource";
}

function resultType(
  kind: string,
  spec: string | undefined,
  apiVersion: string,
  fields: string | undefined,
): string {
  const generic = resultGeneric(spec, fields);
  const args = [spec ?? "never", quote(apiVersion), quote(kind), ...(fields === undefined ? [] : [fields])];
  const line = `export type ${kind} = ${generic}<${args.join(", ")}>;`;
  if (width(line) <= WIDTH) return `${line}\n`;
  return `export type ${kind} = ${generic}<\n${args.map((a) => `  ${a}`).join(",\n")}\n>;\n`;
}
