/**
 * What the docs generator knows, read without walking zod internals or TSDoc:
 * - the options of a schema, from its JSON Schema (`z.toJSONSchema`), whose fields carry the metadata that
 *   `option()`/`required()` registered (description, default, `unset`/`derived`, the Kubernetes link, why);
 * - the exports of a package, from its index.ts (syntax only: which name comes from which file);
 * - a builder's prose and example, from the Markdown file beside its source (`kinds/deployment.md`);
 * - a declaration's signature, from its source text (syntax only).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import * as z from "zod/mini";

export const ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

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

function numberText(n: JsonNode, base: string): string {
  const min = n.minimum ?? n.exclusiveMinimum;
  const max = n.maximum ?? n.exclusiveMaximum;
  if (n.minimum !== undefined && n.maximum !== undefined) return `${base} ${n.minimum}–${n.maximum}`;
  const parts = [base];
  if (min !== undefined) parts.push(`${n.minimum === undefined ? ">" : "≥"} ${min}`);
  if (max !== undefined) parts.push(`${n.maximum === undefined ? "<" : "≤"} ${max}`);
  return parts.join(" ");
}

/** The type of a node as a user writes it: `integer ≥ 1`, `"Retain" | "Delete"`, `string (DNS label)`, `object[]`. */
export function typeText(n: JsonNode): string {
  const branches = n.anyOf ?? n.oneOf;
  let text: string;
  if (branches !== undefined) text = [...new Set(branches.map(typeText))].join(" | ");
  else if (n.enum !== undefined) text = n.enum.map((v) => JSON.stringify(v)).join(" | ");
  else if (n.const !== undefined) text = JSON.stringify(n.const);
  else if (n.type === "integer" || n.type === "number") text = numberText(n, n.type);
  else if (n.type === "array") {
    const item = n.items === undefined ? "unknown" : typeText(n.items);
    text = /[\s|]/.test(item) ? `(${item})[]` : `${item}[]`;
  } else if (n.type === "object") {
    const value = n.additionalProperties;
    text =
      n.properties === undefined && typeof value === "object"
        ? `Record<string, ${typeText(value)}>`
        : "object";
  } else if (typeof n.type === "string") text = n.type;
  else if (Array.isArray(n.type)) text = n.type.join(" | ");
  else text = "any";
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
    if (typeof n.additionalProperties === "object" && n.properties === undefined) {
      walk(n.additionalProperties, `${prefix}.<key>`, false, depth + 1);
    }
    for (const [key, child] of Object.entries(n.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const seen = rows.get(path);
      const type = typeText(child);
      if (seen === undefined) {
        rows.set(path, {
          path,
          type,
          required: (n.required ?? []).includes(key),
          alternative,
          node: child,
          ...("default" in child ? { default: { value: child.default } } : {}),
        });
      } else if (!seen.type.split(" | ").includes(type)) {
        rows.set(path, { ...seen, type: `${seen.type} | ${type}` });
      }
      walk(child, path, false, depth + 1);
    }
  };
  walk(root, "", false, 0);
  return [...rows.values()];
}

/** How a row's default reads: `` `true` ``, `unset (Kubernetes: 10)`, `the object's name`, or `—`. */
export function defaultText(row: OptionRow): string {
  if (row.default !== undefined) return `\`${JSON.stringify(row.default.value)}\``;
  if (row.node.derived !== undefined) return row.node.derived;
  if (row.node.unset !== undefined) return `unset (${row.node.unset})`;
  return "—";
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

const sources = new Map<string, ts.SourceFile>();

export function sourceFile(file: string): ts.SourceFile {
  let sf = sources.get(file);
  if (sf === undefined) {
    sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
    sources.set(file, sf);
  }
  return sf;
}

export function rel(file: string): string {
  return relative(ROOT, file).split("\\").join("/");
}

/** The named exports of an index.ts (`export { a, type B, c as D } from "./x.ts"`), in order. */
export function exportsOf(index: string): ExportInfo[] {
  const out: ExportInfo[] = [];
  const resolveFrom = (from: string): string => rel(resolve(ROOT, dirname(index), from));
  for (const st of sourceFile(index).statements) {
    if (!ts.isExportDeclaration(st) || st.moduleSpecifier === undefined || st.exportClause === undefined)
      continue;
    if (!ts.isStringLiteral(st.moduleSpecifier)) continue;
    const file = resolveFrom(st.moduleSpecifier.text);
    if (ts.isNamespaceExport(st.exportClause)) {
      const name = st.exportClause.name.text;
      out.push({ name, localName: name, file, typeOnly: false });
      continue;
    }
    for (const e of st.exportClause.elements) {
      const local = (e.propertyName ?? e.name).text;
      out.push({
        name: e.name.text,
        localName: local,
        file: declaringFile(file, local),
        typeOnly: st.isTypeOnly || e.isTypeOnly,
      });
    }
  }
  return out;
}

/** The file that declares `name`, following `export { name } from "./other.ts"` re-exports. */
function declaringFile(file: string, name: string): string {
  for (const st of sourceFile(file).statements) {
    if (!ts.isExportDeclaration(st) || st.moduleSpecifier === undefined || st.exportClause === undefined)
      continue;
    if (!ts.isNamedExports(st.exportClause) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const e = st.exportClause.elements.find((x) => x.name.text === name);
    if (e !== undefined) {
      return declaringFile(
        rel(resolve(ROOT, dirname(file), st.moduleSpecifier.text)),
        (e.propertyName ?? e.name).text,
      );
    }
  }
  return file;
}

/** The top-level declaration of `name` in a file. */
export function declarationOf(file: string, name: string): ts.Node | undefined {
  for (const st of sourceFile(file).statements) {
    if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st)) &&
      st.name?.text === name
    ) {
      return st;
    }
    if (ts.isVariableStatement(st)) {
      const d = st.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === name);
      if (d !== undefined) return d;
    }
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
  if (ts.isTypeAliasDeclaration(node)) return "type";
  return "other";
}

/** A function's signature as written (up to its body), without `export`. */
export function functionSignature(node: ts.FunctionDeclaration): string {
  const sf = node.getSourceFile();
  const end = node.body === undefined ? node.getEnd() : node.body.getStart(sf);
  return sf.text
    .slice(node.getStart(sf), end)
    .replace(/^export\s+/, "")
    .trim();
}

/** The name of a function's declared return type and of its `options` parameter's type, as written. */
export function functionTypes(node: ts.FunctionDeclaration): {
  returns: string;
  options: string | undefined;
} {
  const param = node.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === "options");
  return { returns: node.type?.getText() ?? "unknown", options: param?.type?.getText() };
}

// ─── builder prose, from the Markdown beside the source ─────────────────────────────────────────────────────

/** A builder's section of the Markdown file beside its source. */
export interface BuilderProse {
  readonly name: string;
  /** The Markdown file, relative to the repository. */
  readonly file: string;
  /** The source file beside it. */
  readonly source: string;
  /** The paragraphs before the example. */
  readonly intro: string;
  readonly example: string;
  /** Exports of other files listed on the builder's page (`Related: \`isPlaceholder\``). */
  readonly related: readonly string[];
}

/** The sections (`## \`name\``) of a builder Markdown file. */
export function builderProse(source: string): BuilderProse[] {
  const file = source.replace(/\.ts$/, ".md");
  if (!existsSync(join(ROOT, file))) return [];
  const text = readFileSync(join(ROOT, file), "utf8");
  return text
    .split(/^## /m)
    .slice(1)
    .map((section) => {
      const name = /^`([^`]+)`/.exec(section)?.[1] ?? "";
      const body = section.slice(section.indexOf("\n") + 1);
      const fence = /```ts\n([\s\S]*?)\n```/.exec(body);
      const related = /^Related: (.*)$/m.exec(body)?.[1] ?? "";
      const intro = body
        .slice(0, fence?.index ?? body.length)
        .replace(/^Related: .*$/m, "")
        .trim();
      return {
        name,
        file,
        source,
        intro,
        example: fence?.[1] ?? "",
        related: [...related.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""),
      };
    });
}

/** The `code: "…"` literals of a file: the issue codes its rules report. */
export function codesIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...new Set([...text.matchAll(/\bcode:\s*"([a-z0-9_]+)"/g)].map((m) => m[1] ?? ""))].sort();
}

/**
 * A source file and its parts: a long file is split into `<name>-<part>.ts` beside it (`write-tree.ts`,
 * `write-tree-lock.ts`), and the docs read them as one (its issue codes, its related exports). Tests aside, and
 * files with a Markdown page of their own beside them (`service-account.ts` is no part of `service.ts`).
 */
export function moduleFamily(file: string): Set<string> {
  const dir = dirname(file);
  const stem = file.slice(dir.length + 1).replace(/\.ts$/, "");
  const parts = readdirSync(join(ROOT, dir)).filter(
    (f) =>
      f.startsWith(`${stem}-`) &&
      f.endsWith(".ts") &&
      !f.endsWith(".test.ts") &&
      !existsSync(join(ROOT, dir, f.replace(/\.ts$/, ".md"))),
  );
  return new Set([file, ...parts.map((f) => `${dir}/${f}`)]);
}

/** The issue codes of a builder's source and its parts ({@link moduleFamily}). */
export function codesOfModule(file: string): string[] {
  return [...new Set([...moduleFamily(file)].flatMap(codesIn))].sort();
}
