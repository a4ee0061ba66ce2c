/**
 * The TSDoc of every option, written from its metadata so that editors (and the published `.d.ts`) say what the
 * docs say; the docs themselves read the metadata, never this TSDoc. `node scripts/gen-docs.ts` writes the
 * sources whose comments differ, with the docs (`--check` lists them).
 *
 * An option is a property written `key: option(schema, { … })` or `key: required(schema, { … })` in
 * packages/*\/src (see packages/k8s-builders/src/base/options.ts). Its TSDoc is the `description`, then
 * `@default` with the literal `default`/`prefault` as written (a top-level constant by its value),
 * `unset (<unset>)` or the `derived` text. The metadata is read from the source text (nothing is imported), so
 * it must be literals.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { oneLine, ROOT, read } from "./docs-model.ts";

const LINE_WIDTH = 110;

/** The value of a string literal, or of literals joined with `+`; undefined for anything else. */
function stringValue(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return stringValue(node.expression);
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  const [a, b] = [stringValue(node.left), stringValue(node.right)];
  return a === undefined || b === undefined ? undefined : a + b;
}

/** The TSDoc text an option's metadata asks for (one line), or why the metadata cannot be read. */
function expectedDoc(
  helper: string,
  meta: ts.ObjectLiteralExpression,
  constants: ReadonlyMap<string, string>,
): { text: string } | { error: string } {
  const props = new Map<string, ts.Expression>();
  for (const p of meta.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
      return { error: "write each field of the metadata as `key: literal` (no shorthand, no spread)" };
    props.set(p.name.text, p.initializer);
  }
  const text = stringValue(props.get("description"));
  if (text === undefined) return { error: "description must be a string literal" };
  const literal = props.get("default") ?? props.get("prefault");
  // A named constant (`default: PROMETHEUS_IMAGE`) is shown as its value.
  let tag = literal === undefined ? undefined : oneLine(literal.getText());
  if (literal !== undefined && ts.isIdentifier(literal)) tag = constants.get(literal.text);
  if (literal !== undefined && tag === undefined)
    return {
      error: `default ${literal.getText()}: not a top-level const of a string literal in packages/*/src`,
    };
  for (const key of ["unset", "derived"].filter((k) => props.has(k))) {
    const value = stringValue(props.get(key));
    if (value === undefined) return { error: `${key} must be a string literal` };
    tag = key === "unset" ? `unset (${value})` : value;
  }
  if (helper === "option" && tag === undefined)
    return { error: "an optional field says its default, unset or derived" };
  return { text: oneLine(tag === undefined ? text : `${text} @default ${tag}`) };
}

/** The comment for `text` at `indent`, on one line when it fits, else wrapped with `@default` on a line. */
export function renderDoc(text: string, indent: string): string {
  if (indent.length + text.length + 7 <= LINE_WIDTH) return `/** ${text} */`;
  const at = text.indexOf(" @default ");
  const lines: string[] = [];
  for (const p of at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)]) {
    let line = "";
    for (const word of p.split(" ")) {
      if (line !== "" && line.length + 1 + word.length > LINE_WIDTH - indent.length - 3) {
        lines.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return ["/**", ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

/** A source (`file` as shown in errors) with the TSDoc of each option as its metadata says. */
export function checkSource(
  file: string,
  text: string,
  constants: ReadonlyMap<string, string> = new Map(),
): { text: string; errors: string[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const errors: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    const helper =
      ts.isPropertyAssignment(node) && ts.isCallExpression(node.initializer) ? node.initializer : undefined;
    if (helper !== undefined && ["option", "required"].includes(helper.expression.getText(sf))) {
      const start = node.getStart(sf);
      const meta = helper.arguments[1];
      const expected =
        meta !== undefined && ts.isObjectLiteralExpression(meta)
          ? expectedDoc(helper.expression.getText(sf), meta, constants)
          : { error: "the metadata must be an object literal" };
      const doc = ts.getLeadingCommentRanges(text, node.pos)?.findLast((c) => text.startsWith("/**", c.pos));
      const actual =
        doc === undefined
          ? undefined
          : oneLine(text.slice(doc.pos + 3, doc.end - 2).replace(/^[ \t]*\* ?/gm, ""));
      const indent = text.slice(text.lastIndexOf("\n", start - 1) + 1, start);
      if ("error" in expected) {
        const line = sf.getLineAndCharacterOfPosition(start).line + 1;
        errors.push(`${file}:${line} ${(node as ts.PropertyAssignment).name.getText(sf)}: ${expected.error}`);
      } else if (actual !== expected.text) {
        const rendered = renderDoc(expected.text, indent);
        edits.push(
          doc === undefined
            ? { start, end: start, text: `${rendered}\n${indent}` }
            : { start: doc.pos, end: doc.end, text: rendered },
        );
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  edits.sort((a, b) => b.start - a.start);
  return { text: edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text), errors };
}

/** The sources of packages/*\/src (tests aside) whose option TSDoc differs, with the text it should have. */
export function optionDocs(): { files: Map<string, string>; errors: string[] } {
  const sources = readdirSync(join(ROOT, "packages")).flatMap((pkg) =>
    readdirSync(join(ROOT, "packages", pkg, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => ({ file: `packages/${pkg}/src/${f}`, text: read(`packages/${pkg}/src/${f}`) })),
  );
  // Top-level constants of a string literal (a name declared twice with different values is left out).
  const constants = new Map<string, string>();
  const clash = new Set<string>();
  for (const { text } of sources)
    for (const [, name = "", value = ""] of text.matchAll(/^(?:export )?const (\w+) = ("[^"\\\n]*");$/gm)) {
      if (constants.get(name) !== undefined && constants.get(name) !== value) clash.add(name);
      constants.set(name, value);
    }
  for (const name of clash) constants.delete(name);
  const files = new Map<string, string>();
  const errors: string[] = [];
  for (const { file, text } of sources) {
    const fixed = checkSource(file, text, constants);
    errors.push(...fixed.errors);
    if (fixed.text !== text) files.set(file, fixed.text);
  }
  return { files, errors };
}
