/**
 * TypeScript text as Biome lays it out, for the modules `k8s-builders import` writes: quotes, identifiers and
 * names of kinds, TSDoc blocks (descriptions, defaults, the CEL rules only the API server checks), import lines
 * and literals of schema data, each broken at the line width the way Biome breaks it.
 */
import type { RawSchema } from "./read.ts";
import { DESCRIPTIVE_KEYS } from "./read.ts";

/** Biome's line width in this repository. */
export const WIDTH = 110;

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const width = (s: string): number => [...s].length;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Biome's choice of quotes: double, unless the text holds more double quotes than single ones. */
export function quote(s: string): string {
  const doubles = (s.match(/"/g) ?? []).length;
  const singles = (s.match(/'/g) ?? []).length;
  const json = JSON.stringify(s);
  if (doubles <= singles) return json;
  return `'${json.slice(1, -1).replaceAll('\\"', '"').replaceAll("'", "\\'")}'`;
}

export const key = (k: string): string => (IDENTIFIER.test(k) ? k : quote(k));

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
export function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p !== "")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** A TSDoc block at `indent`. */
export function tsdoc(lines: readonly string[], indent: string): string {
  const clean = lines.map((l) => l.replaceAll("*/", "*\\/").trimEnd());
  while (clean.length > 0 && clean[clean.length - 1] === "") clean.pop();
  if (clean.length === 0) return "";
  return `${indent}/**\n${clean.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)).join("\n")}\n${indent} */\n`;
}

/** The lines of a schema's description, with `@` before a word escaped so that TSDoc does not read a tag. */
export function description(s: RawSchema): string[] {
  if (typeof s.description !== "string") return [];
  return s.description.split("\n").map((l) => l.replace(/(^|\s)@(?=[A-Za-z])/g, "$1\\@"));
}

export interface Rule {
  readonly rule: string;
  readonly message: string | undefined;
}

export function celRules(s: RawSchema): Rule[] {
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

export const code = (s: string): string => (s.includes("`") ? `\`\` ${s} \`\`` : `\`${s}\``);

/** TSDoc lines for a field: its description, `@default`, and the CEL rules that only the API server checks. */
export function fieldDoc(s: RawSchema, extra: readonly string[] = []): string[] {
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

export function literal(v: unknown): string {
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return numberText(v);
  return "unknown";
}

function numberText(v: number | boolean | null): string {
  return String(v).replace("e+", "e");
}

/** A type expression: a union of parts, or a map of a value type. */
export type TypeExpr = { readonly union: readonly string[] } | { readonly map: string };

export const text = (t: TypeExpr): string =>
  "map" in t ? `{ [key: string]: ${t.map} }` : t.union.join(" | ");

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
        k === "enum" || k === "default" || k === "required" || k === "x-kubernetes-list-map-keys"
          ? v
          : stripDescriptive(v);
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

export function importLine(names: readonly { name: string; type: boolean }[], from: string): string {
  const specs = [...names]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((n) => (n.type ? `type ${n.name}` : n.name));
  const one = `import { ${specs.join(", ")} } from ${quote(from)};`;
  if (width(one) <= WIDTH) return `${one}\n`;
  return `import {\n${specs.map((s) => `  ${s},`).join("\n")}\n} from ${quote(from)};\n`;
}
