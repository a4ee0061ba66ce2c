/**
 * Writes the TypeScript module of one served CRD version: types for the spec (and any other top-level field but
 * status) with the CRD's descriptions as TSDoc, the schema's validating keys as data, and a builder that calls the
 * library's `customResourceBuilder` with them. The text depends on the CRD alone (keys sorted, no timestamps) and
 * is laid out the way Biome formats it, so a generated file passes a Biome check as it is written.
 */
import type { RawSchema, ServedVersion } from "./read.ts";
import { DESCRIPTIVE_KEYS } from "./read.ts";

const WIDTH = 110;

export interface GenerateOptions {
  /** The module the generated code imports the library from. @default "@call-center/k8s-builders" */
  readonly importFrom?: string;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const width = (s: string): number => [...s].length;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Biome's choice of quotes: double, unless the text holds more double quotes than single ones. */
export function quote(s: string): string {
  const doubles = (s.match(/"/g) ?? []).length;
  const singles = (s.match(/'/g) ?? []).length;
  const json = JSON.stringify(s);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

const key = (k: string): string => (IDENTIFIER.test(k) ? k : quote(k));

/** `HTTPRoute` → `http-route`, `ExternalSecret` → `external-secret`. */
export function kebab(kind: string): string {
  return kind
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield await".split(
    " ",
  ),
);

/** `HTTPRoute` → `httpRoute`, `Certificate` → `certificate`: the builder's name. */
export function builderName(kind: string): string {
  const run = /^[A-Z]+/.exec(kind)?.[0] ?? "";
  let name: string;
  if (run.length <= 1) name = kind.charAt(0).toLowerCase() + kind.slice(1);
  else if (run.length === kind.length) name = kind.toLowerCase();
  else name = run.slice(0, -1).toLowerCase() + kind.slice(run.length - 1);
  return RESERVED.has(name) ? `${name}Resource` : name;
}

/** `issuerRef` → `IssuerRef`, `x-kubernetes-foo` → `XKubernetesFoo`. */
function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** A TSDoc block at `indent`. */
function tsdoc(lines: readonly string[], indent: string): string {
  const clean = lines.map((l) => l.replaceAll("*/", "*\\/").trimEnd());
  while (clean.length > 0 && clean[clean.length - 1] === "") clean.pop();
  if (clean.length === 0) return "";
  return `${indent}/**\n${clean.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** The lines of a schema's description, with `@` before a word escaped so that TSDoc does not read a tag. */
function description(s: RawSchema): string[] {
  if (typeof s.description !== "string") return [];
  return s.description.split("\n").map((l) => l.replace(/(^|\s)@(?=[A-Za-z])/g, "$1\\@"));
}

interface Rule {
  readonly rule: string;
  readonly message: string | undefined;
}

function celRules(s: RawSchema): Rule[] {
  const list = s["x-kubernetes-validations"];
  if (!Array.isArray(list)) return [];
  return list.filter(isMap).map((r) => ({
    rule: String(r.rule ?? "")
      .replace(/\s+/g, " ")
      .trim(),
    message:
      typeof r.message === "string"
        ? r.message
        : typeof r.messageExpression === "string"
          ? r.messageExpression
          : undefined,
  }));
}

const code = (s: string): string => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);

/** TSDoc lines for a field: its description, `@default`, and the CEL rules that only the API server checks. */
function fieldDoc(s: RawSchema, extra: readonly string[] = []): string[] {
  const lines: string[] = [];
  lines.push(...description(s));
  lines.push(...extra);
  const rules = celRules(s);
  if (rules.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push("Checked by the API server, not here (x-kubernetes-validations):");
    for (const r of rules) lines.push(`- ${code(r.rule)}${r.message === undefined ? "" : `: ${r.message}`}`);
  }
  if (s.default !== undefined) {
    if (lines.length > 0) lines.push("");
    lines.push(`@default ${JSON.stringify(s.default)}`);
  }
  return lines;
}

function literal(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return numberText(v);
  return "unknown";
}

function numberText(v: number | boolean | null): string {
  return String(v).replace("e+", "e");
}

/** A type expression: a union of parts, or a map of a value type. */
type TypeExpr = { readonly union: readonly string[] } | { readonly map: string };

const text = (t: TypeExpr): string => ("map" in t ? `{ [key: string]: ${t.map} }` : t.union.join(" | "));

class ModuleWriter {
  private readonly declarations: string[] = [];
  private readonly used = new Set<string>();
  embedded = false;

  constructor(reserved: readonly string[]) {
    for (const r of reserved) this.used.add(r);
  }

  name(hint: string): string {
    let name = hint;
    for (let i = 2; this.used.has(name); i++) name = `${hint}${i}`;
    this.used.add(name);
    return name;
  }

  /** The type of a schema node; object schemas with properties become named interfaces. */
  typeOf(s: RawSchema, hint: string, where: string): TypeExpr {
    const parts = this.parts(s, hint, where);
    const union = s.nullable === true && !parts.includes("null") ? [...parts, "null"] : parts;
    return union.length === 1 && union[0]?.startsWith("{ [key: string]: ") === true && union[0].endsWith(" }")
      ? { map: union[0].slice("{ [key: string]: ".length, -2) }
      : { union };
  }

  private parts(s: RawSchema, hint: string, where: string): string[] {
    if (s["x-kubernetes-int-or-string"] === true) return ["number", "string"];
    if (s["x-kubernetes-embedded-resource"] === true) {
      this.embedded = true;
      return ["EmbeddedResource"];
    }
    if (Array.isArray(s.enum) && s.enum.length > 0) return [...new Set(s.enum.map(literal))];
    switch (s.type) {
      case "string":
        return ["string"];
      case "boolean":
        return ["boolean"];
      case "integer":
      case "number":
        return ["number"];
      case "array": {
        if (!isMap(s.items)) return ["unknown[]"];
        const item = this.typeOf(s.items, `${hint}Item`, `${where}[]`);
        if ("map" in item) return [`${text(item)}[]`];
        if (item.union.length === 1) return [`${item.union[0]}[]`];
        // A union of items gets a name: `(A | B)[]` is laid out in ways that are hard to predict.
        const alias = this.name(`${hint}Item`);
        this.declarations.push(this.aliasDeclaration(alias, item, s.items, where));
        return [`${alias}[]`];
      }
      case "object":
        return [this.objectType(s, hint, where)];
      default:
        return ["unknown"];
    }
  }

  private objectType(s: RawSchema, hint: string, where: string): string {
    const props = isMap(s.properties) ? s.properties : undefined;
    const preserve = s["x-kubernetes-preserve-unknown-fields"] === true;
    if (props === undefined || Object.keys(props).length === 0) {
      if (isMap(s.additionalProperties)) {
        const value = this.typeOf(s.additionalProperties, `${hint}Value`, `${where}.*`);
        return `{ [key: string]: ${"map" in value || value.union.length > 1 ? this.named(value, `${hint}Value`, s.additionalProperties, where) : text(value)} }`;
      }
      if (s.additionalProperties === true || preserve) return "{ [key: string]: unknown }";
      return "Record<string, never>";
    }
    const name = this.name(hint);
    const slot = this.declarations.push("") - 1;
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const members: string[] = [];
    for (const k of Object.keys(props).sort()) {
      const child = props[k];
      if (!isMap(child)) continue;
      const type = this.typeOf(child, `${hint}${pascal(k)}`, `${where}.${k}`);
      members.push(
        tsdoc(fieldDoc(child), "  ") + this.member(`${key(k)}${required.has(k) ? "" : "?"}`, type),
      );
    }
    if (preserve) members.push("  [key: string]: unknown;\n");
    const doc = [`\`${where}\``];
    if (where.endsWith("[]") || where.endsWith(".*")) {
      const own = fieldDoc(s);
      if (own.length > 0) doc.push("", ...own);
    }
    this.declarations[slot] = `${tsdoc(doc, "")}export interface ${name} {\n${members.join("")}}\n`;
    return name;
  }

  private named(type: TypeExpr, hint: string, s: RawSchema, where: string): string {
    const alias = this.name(hint);
    this.declarations.push(this.aliasDeclaration(alias, type, s, where));
    return alias;
  }

  private aliasDeclaration(alias: string, type: TypeExpr, s: RawSchema, where: string): string {
    const doc = tsdoc([`\`${where}\``, ...(fieldDoc(s).length > 0 ? ["", ...fieldDoc(s)] : [])], "");
    const line = `export type ${alias} = ${text(type)};`;
    if (width(line) <= WIDTH || "map" in type) return `${doc}${line}\n`;
    return `${doc}export type ${alias} =\n${type.union.map((p) => `  | ${p}`).join("\n")};\n`;
  }

  /** One interface member, broken the way Biome breaks it when it does not fit. */
  member(name: string, type: TypeExpr): string {
    const line = `  ${name}: ${text(type)};`;
    if (width(line) <= WIDTH) return `${line}\n`;
    if ("map" in type) return `  ${name}: {\n    [key: string]: ${type.map};\n  };\n`;
    if (type.union.length === 1) return `${line}\n`;
    return `  ${name}:\n${type.union.map((p) => `    | ${p}`).join("\n")};\n`;
  }

  declare(declaration: string): void {
    this.declarations.push(declaration);
  }

  declarationsText(): string {
    return this.declarations.filter((d) => d !== "").join("\n");
  }
}

/** The schema's validating keys as a TypeScript literal, keys sorted, laid out as Biome formats it. */
export function schemaLiteral(schema: RawSchema): string {
  return printValue(stripDescriptive(schema), "", "const SCHEMA: StructuralSchema = ", ";");
}

function stripDescriptive(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDescriptive);
  if (!isMap(node)) return node;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(node).sort()) {
    if (DESCRIPTIVE_KEYS.has(k)) continue;
    const v = node[k];
    // `properties` maps names to schemas: every name is kept, each schema stripped.
    if (k === "properties" && isMap(v)) {
      const props: Record<string, unknown> = {};
      for (const p of Object.keys(v).sort()) props[p] = stripDescriptive(v[p]);
      out[k] = props;
    } else
      out[k] =
        k === "enum" || k === "required" || k === "x-kubernetes-list-map-keys" ? v : stripDescriptive(v);
  }
  return out;
}

/** `prefix` + value + `suffix`, at `indent`; objects always expanded, arrays of scalars on one line when they fit. */
function printValue(v: unknown, indent: string, prefix: string, suffix: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return `${indent}${prefix}[]${suffix}`;
    if (v.every((x) => !isMap(x) && !Array.isArray(x))) {
      const one = `${indent}${prefix}[${v.map(scalar).join(", ")}]${suffix}`;
      if (width(one) <= WIDTH) return one;
    }
    return `${indent}${prefix}[\n${v.map((x) => printValue(x, inner, "", ",")).join("\n")}\n${indent}]${suffix}`;
  }
  if (isMap(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return `${indent}${prefix}{}${suffix}`;
    return `${indent}${prefix}{\n${keys.map((k) => printValue(v[k], inner, `${key(k)}: `, ",")).join("\n")}\n${indent}}${suffix}`;
  }
  const line = `${indent}${prefix}${scalar(v)}${suffix}`;
  // A long string after a key of 5 or more characters goes on the next line.
  const keyPart = prefix.endsWith(": ") ? prefix.slice(0, -2) : undefined;
  if (typeof v === "string" && width(line) > WIDTH && keyPart !== undefined && width(keyPart) >= 5)
    return `${indent}${keyPart}:\n${inner}${scalar(v)}${suffix}`;
  return line;
}

function scalar(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return numberText(v);
  return JSON.stringify(v);
}

/** Biome's order of named imports: letters compared without case, an upper-case letter first on a tie. */
function compareNames(a: string, b: string): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a.charAt(i);
    const y = b.charAt(i);
    if (x === y) continue;
    const lx = x.toLowerCase();
    const ly = y.toLowerCase();
    if (lx !== ly) return lx < ly ? -1 : 1;
    return x === x.toUpperCase() ? -1 : 1;
  }
  return a.length - b.length;
}

function importLine(names: readonly { name: string; type: boolean }[], from: string): string {
  const specs = [...names]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((n) => (n.type ? `type ${n.name}` : n.name));
  const one = `import { ${specs.join(", ")} } from ${quote(from)};`;
  if (width(one) <= WIDTH) return `${one}\n`;
  return `import {\n${specs.map((s) => `  ${s},`).join("\n")}\n} from ${quote(from)};\n`;
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
    "CustomResourceMeta",
    "customResourceBuilder",
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
  const resultExtras: string[] = [];
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
    optionMembers.push(
      tsdoc(fieldDoc(schema), "  ") + w.member(`${key(f)}${optional ? "?" : ""}`, { union: [named] }),
    );
    if (f === "spec") specType = named;
    else resultExtras.push(`${key(f)}${optional ? "?" : ""}: ${named}`);
  }

  const kindDoc = description(root);
  const result = resultType(v.kind, specType, apiVersion, resultExtras);
  const meta = v.namespaced ? "CustomResourceMeta" : 'Omit<CustomResourceMeta, "namespace">';
  const rootRules = celRules(root);
  const builderDoc = [
    `Builds a ${v.kind} (${apiVersion}) with the metadata rules of every builder${specType === undefined ? "" : ", its spec checked"}`,
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
    { name: "CustomResource", type: true },
    { name: "CustomResourceMeta", type: true },
    { name: "customResourceBuilder", type: false },
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

function resultType(
  kind: string,
  spec: string | undefined,
  apiVersion: string,
  extras: readonly string[],
): string {
  const args = [spec ?? "never", quote(apiVersion), quote(kind)];
  const base =
    spec === undefined
      ? `Omit<CustomResource<never, ${args[1]}, ${args[2]}>, "spec">`
      : `CustomResource<${args.join(", ")}>`;
  const tail = extras.length === 0 ? "" : ` & { ${extras.join("; ")} }`;
  const line = `export type ${kind} = ${base}${tail};`;
  if (width(line) <= WIDTH || extras.length > 0 || spec === undefined) return `${line}\n`;
  return `export type ${kind} = CustomResource<\n${args
    .map((a) => `  ${a},`)
    .join("\n")
    .replace(/,$/, "")}\n>;\n`;
}
