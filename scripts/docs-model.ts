/**
 * What the docs generator knows, read without walking zod internals or option TSDoc:
 * - the options of a schema, from its JSON Schema (`z.toJSONSchema`), whose fields carry the metadata that
 *   `option()`/`required()` registered (description, default, `unset`/`derived`, the Kubernetes link, why);
 * - the exports of a package, from its index.ts, and a declaration's signature and summary (syntax only);
 * - a builder's prose and example, from the Markdown file beside its source (`kinds/deployment.md`);
 * - a builder's files ({@link builderFiles}), whose issue codes and exports its page lists.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import * as z from "zod/mini";

export const ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const read = (file: string): string => readFileSync(join(ROOT, file), "utf8");
export const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();
const rel = (file: string): string => relative(ROOT, file).split("\\").join("/");

// ─── options, from the JSON Schema ──────────────────────────────────────────────────────────────────────────

/** A JSON Schema node as `z.toJSONSchema` writes it, with the options' metadata. */
export interface JsonNode {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly k8s?: string;
  readonly why?: string;
  readonly unset?: string;
  readonly derived?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly properties?: Readonly<Record<string, JsonNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonNode | boolean;
  readonly items?: JsonNode;
  readonly anyOf?: readonly JsonNode[];
  readonly oneOf?: readonly JsonNode[];
}

/** One option (or configuration field): its path, type and what its metadata says. */
export interface OptionRow {
  /** `containers[].resources.limits.memory`; `[]` for array items, `<key>` for record entries. */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  /** A field of one object branch of a union: required within its branch, but the branch is one choice. */
  readonly alternative: boolean;
  readonly node: JsonNode;
  /** Present when the schema applies a default (`option(…, { default })`). */
  readonly default?: { readonly value: unknown };
}

/** The JSON Schema of a zod schema as a user writes the input, with the registered metadata. */
export function jsonSchemaOf(schema: z.ZodMiniType): JsonNode {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonNode;
}

/** The type of a node as a user writes it: `integer ≥ 1`, `"Retain" | "Delete"`, `string (DNS label)`, `object[]`. */
function typeText(n: JsonNode): string {
  const branches = n.anyOf ?? n.oneOf;
  const { minimum: min, maximum: max, exclusiveMinimum: xmin, exclusiveMaximum: xmax } = n;
  let text = Array.isArray(n.type) ? n.type.join(" | ") : typeof n.type === "string" ? n.type : "any";
  if (branches !== undefined) text = [...new Set(branches.map(typeText))].join(" | ");
  else if (n.enum !== undefined) text = n.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (n.const !== undefined) text = JSON.stringify(n.const);
  else if (n.type === "integer" || n.type === "number") {
    const [lo, hi] = [min ?? xmin, max ?? xmax];
    if (min !== undefined && max !== undefined) text = `${text} ${min}–${max}`;
    else {
      if (lo !== undefined) text = `${text} ${min === undefined ? ">" : "≥"} ${lo}`;
      if (hi !== undefined) text = `${text} ${max === undefined ? "<" : "≤"} ${hi}`;
    }
  } else if (n.type === "array") {
    const item = n.items === undefined ? "unknown" : typeText(n.items);
    text = /[\s|]/.test(item) ? `(${item})[]` : `${item}[]`;
  } else if (n.type === "object" && n.properties === undefined && typeof n.additionalProperties === "object")
    text = `Record<string, ${typeText(n.additionalProperties)}>`;
  return n.title === undefined ? text : `${text} (${n.title})`;
}

/**
 * Every option of a schema, depth first in declaration order: nested objects flattened (`a.b`), array items as
 * `a[]`, record entries as `a.<key>`, the object branches of a union under the union's own path.
 */
export function optionRows(root: JsonNode): OptionRow[] {
  const rows = new Map<string, OptionRow>();
  const walk = (n: JsonNode, prefix: string, alternative: boolean, depth: number): void => {
    if (depth > 14) return;
    const branches = n.anyOf ?? n.oneOf;
    if (branches !== undefined) {
      const objects = branches.filter((b) => b.properties !== undefined).length;
      for (const b of branches) walk(b, prefix, alternative || objects > 1, depth + 1);
      return;
    }
    if (n.items !== undefined) walk(n.items, `${prefix}[]`, false, depth + 1);
    if (typeof n.additionalProperties === "object" && n.properties === undefined)
      walk(n.additionalProperties, `${prefix}.<key>`, false, depth + 1);
    for (const [key, node] of Object.entries(n.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const seen = rows.get(path);
      const type = typeText(node);
      if (seen === undefined) {
        const required = (n.required ?? []).includes(key);
        const value = "default" in node ? { default: { value: node.default } } : {};
        rows.set(path, { path, type, required, alternative, node, ...value });
      } else if (!seen.type.split(" | ").includes(type))
        rows.set(path, { ...seen, type: `${seen.type} | ${type}` });
      walk(node, path, false, depth + 1);
    }
  };
  walk(root, "", false, 0);
  return [...rows.values()];
}

/** How a row's default reads: `` `true` ``, `unset (Kubernetes: 10)`, `the object's name`, or `—`. */
export function defaultText(row: OptionRow): string {
  if (row.default !== undefined) return `\`${JSON.stringify(row.default.value)}\``;
  if (row.node.derived !== undefined) return row.node.derived;
  return row.node.unset === undefined ? "—" : `unset (${row.node.unset})`;
}

// ─── exports and declarations, from the source text ─────────────────────────────────────────────────────────

/** One export of a package's index.ts: its name, its name where declared, and the file that declares it. */
export interface ExportInfo {
  readonly name: string;
  readonly localName: string;
  /** Relative to the repository, e.g. `packages/k8s-builders/src/kinds/deployment.ts`. */
  readonly file: string;
  readonly typeOnly: boolean;
}

const exportsCache = new Map<string, ExportInfo[]>();

/**
 * The exports of a module written `export { a, type B, c as D } from "./x.ts"` or `export * as z from "./z.ts"`,
 * in order, each followed through such re-exports to the file that declares it.
 */
export function exportsOf(module: string): ExportInfo[] {
  const cached = exportsCache.get(module);
  if (cached !== undefined) return cached;
  const found = [
    ...read(module).matchAll(/^export (type )?(?:\{([^}]*)\}|\* as (\w+)) from "(\.[^"]+)";$/gm),
  ];
  const exports = found.flatMap(([, typeOnly, names = "", star, path = ""]) => {
    const from = rel(resolve(ROOT, dirname(module), path));
    if (star !== undefined) return [{ name: star, localName: star, file: from, typeOnly: false }];
    return names.split(",").flatMap((item) => {
      const [, type, local = "", alias] = /^\s*(type )?(\w+)(?: as (\w+))?\s*$/.exec(item) ?? [];
      const next = exportsOf(from).find((e) => e.name === local);
      const info = { localName: next?.localName ?? local, file: next?.file ?? from };
      return local === ""
        ? []
        : [{ name: alias ?? local, ...info, typeOnly: (typeOnly ?? type) !== undefined }];
    });
  });
  exportsCache.set(module, exports);
  return exports;
}

const sources = new Map<string, ts.SourceFile>();

/** The top-level declaration of `name` in a file. */
export function declarationOf(file: string, name: string): ts.Node | undefined {
  const sf = sources.get(file) ?? ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  sources.set(file, sf);
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      const d = st.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
      if (d !== undefined) return d;
    } else if ((st as { name?: ts.Node }).name?.getText(sf) === name) return st;
  }
  return undefined;
}

export type DeclarationKind = "function" | "const" | "class" | "interface" | "type" | "other";

export function kindOf(node: ts.Node | undefined): DeclarationKind {
  if (node === undefined) return "other";
  if (ts.isFunctionDeclaration(node)) return "function";
  if (ts.isVariableDeclaration(node)) return "const";
  if (ts.isClassDeclaration(node)) return "class";
  if (ts.isInterfaceDeclaration(node)) return "interface";
  return ts.isTypeAliasDeclaration(node) ? "type" : "other";
}

const printer = ts.createPrinter({ removeComments: true });

/**
 * An export's declaration as the API reference shows it: a function's signature as written (up to its body), a
 * constant's type or short initializer, a class without its methods' bodies, a type or interface as printed.
 */
export function signatureOf(e: ExportInfo): string {
  const d = declarationOf(e.file, e.localName);
  if (d === undefined)
    return `export * as ${e.name} from "./${e.file.replace(/^packages\/[^/]+\/src\//, "")}"`;
  const sf = d.getSourceFile();
  if (ts.isFunctionDeclaration(d))
    return sf.text
      .slice(d.getStart(sf), d.body?.getStart(sf) ?? d.end)
      .replace(/^export\s+/, "")
      .trim();
  if (ts.isVariableDeclaration(d)) {
    const init = d.initializer?.getText() ?? "";
    if (d.type !== undefined) return `const ${e.localName}: ${d.type.getText()}`;
    return init.split("\n").length <= 20 && init.length <= 1200
      ? `const ${e.localName} = ${init}`
      : `const ${e.localName}`;
  }
  const node = !ts.isClassDeclaration(d)
    ? d
    : ts.factory.updateClassDeclaration(d, d.modifiers, d.name, d.typeParameters, d.heritageClauses, [
        ...d.members.filter(ts.isPropertyDeclaration),
        ...d.members
          .filter(ts.isConstructorDeclaration)
          .map((c) => ts.factory.updateConstructorDeclaration(c, c.modifiers, c.parameters, undefined)),
      ]);
  return printer.printNode(ts.EmitHint.Unspecified, node, sf).replace(/^export /, "");
}

/** The summary of an export's TSDoc: the one place an export (not an option) describes itself. */
export function summaryOf(e: ExportInfo): string {
  const decl = declarationOf(e.file, e.localName);
  // A namespace export (`export * as z`) is described by its module's TSDoc.
  const host =
    decl === undefined
      ? sources.get(e.file)?.statements[0]
      : ts.isVariableDeclaration(decl)
        ? decl.parent.parent
        : decl;
  const doc = host === undefined ? undefined : ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc).at(-1);
  const text = ts.getTextOfJSDocComment(doc?.comment) ?? "";
  return text.replace(/\{@link(?:code|plain)?\s+([^}|\s]+)\s*\}/g, "`$1`").trim();
}

// ─── builders: prose beside the source, and their files ─────────────────────────────────────────────────────

/** A builder's section (`## \`name\``) of the Markdown file beside its source. */
export interface BuilderProse {
  readonly name: string;
  /** The paragraphs before the example. */
  readonly intro: string;
  readonly example: string;
  /** Exports of other files listed on the builder's page (`Related: \`isPlaceholder\``). */
  readonly related: readonly string[];
}

const pageOf = (source: string): string => source.replace(/\.ts$/, ".md");

/** The sections of the builder Markdown file beside a source file (none without one). */
export function builderProse(source: string): BuilderProse[] {
  if (!existsSync(join(ROOT, pageOf(source)))) return [];
  return read(pageOf(source))
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const body = section.slice(section.indexOf("\n") + 1);
      const fence = /```ts\n([\s\S]*?)\n```/.exec(body);
      const related = /^Related: (.*)$/m.exec(body)?.[1] ?? "";
      return {
        name: /^`([^`]+)`/.exec(section)?.[1] ?? "",
        intro: body
          .slice(0, fence?.index ?? body.length)
          .replace(/^Related: .*$/m, "")
          .trim(),
        example: fence?.[1] ?? "",
        related: [...related.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""),
      };
    });
}

/** The builder module a file is part of: a source with its page beside it, or a `<name>-<part>.ts` of one. */
function moduleOf(file: string): string | undefined {
  const name = basename(file, ".ts");
  for (let i = name.length; i > 0; i = name.lastIndexOf("-", i - 1)) {
    const source = `${dirname(file)}/${name.slice(0, i)}.ts`;
    if (existsSync(join(ROOT, pageOf(source)))) return source;
  }
  return undefined;
}

/**
 * The one rule for which files are a builder's (the issue codes and the exports its page lists): its source and
 * what it imports, transitively, from its own directory and from pod/ (the parts workloads share) — but another
 * builder's module ({@link moduleOf}) and object-checks.ts (the checks every patched object gets).
 */
export function builderFiles(source: string): Set<string> {
  const files = new Set([source]);
  for (const file of files) {
    for (const m of read(file).matchAll(/^(?:import|export) (?!type )[^;]*? from "(\.[^"]+\.ts)"/gm)) {
      const f = rel(resolve(ROOT, dirname(file), m[1] ?? ""));
      const near = dirname(f) === dirname(source) || dirname(f).endsWith("/pod");
      const owner = moduleOf(f);
      if (near && !f.endsWith("/object-checks.ts") && (owner === undefined || owner === source)) files.add(f);
    }
  }
  return files;
}

/** The `code: "…"` literals of a file: the issue codes its rules report. */
export function codesIn(file: string): string[] {
  return [...new Set([...read(file).matchAll(/\bcode:\s*"([a-z0-9_]+)"/g)].map((m) => m[1] ?? ""))].sort();
}
