/**
 * Keeps the TSDoc of every option in step with its metadata, so editors show what the docs say:
 *
 *   node scripts/option-tsdoc.ts           rewrite the comments that differ (run by `npm run docs`)
 *   node scripts/option-tsdoc.ts --check   write nothing; list them and exit 1 if there are any
 *
 * An option is a property written `key: option(schema, { … })` or `key: required(schema, { … })` in
 * packages/*\/src (see packages/k8s-builders/src/base/options.ts). Its TSDoc is the `description`, then
 * `@default` with the literal `default`/`prefault` as written (a top-level constant by its value),
 * `unset (<unset>)` or the `derived` text. The metadata is read from the source text (no type checker, nothing
 * imported), so it must be literals.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LINE_WIDTH = 110;
const HELPERS = new Set(["option", "required"]);

/** A comment that is not what the metadata says. */
export interface Drift {
  readonly file: string;
  readonly line: number;
  readonly key: string;
  readonly expected: string;
  readonly actual: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The value of a string literal, or of literals joined with `+`; undefined for anything else. */
function stringValue(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return stringValue(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const a = stringValue(node.left);
    const b = stringValue(node.right);
    return a === undefined || b === undefined ? undefined : a + b;
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The TSDoc text an option's metadata asks for (one line), or an error when the metadata is not literal. */
export function expectedDoc(
  helper: string,
  meta: ts.ObjectLiteralExpression,
  sf: ts.SourceFile,
  constants: ReadonlyMap<string, string> = new Map(),
): { text: string } | { error: string } {
  const props = new Map<string, ts.Expression>();
  for (const p of meta.properties) {
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) {
      props.set(p.name.text, p.initializer);
    } else if (ts.isShorthandPropertyAssignment(p)) {
      return { error: `write "${p.name.text}: …" as a literal` };
    } else if (ts.isSpreadAssignment(p)) {
      return { error: "no spread in option metadata: write each field" };
    }
  }
  const description = props.get("description");
  const text = description === undefined ? undefined : stringValue(description);
  if (text === undefined) return { error: "description must be a string literal" };
  let tag: string | undefined;
  const literal = props.get("default") ?? props.get("prefault");
  if (literal !== undefined) {
    // A named constant (`default: PROMETHEUS_IMAGE`) is shown as its value.
    const value = ts.isIdentifier(literal) ? constants.get(literal.text) : undefined;
    if (ts.isIdentifier(literal) && value === undefined) {
      return { error: `default ${literal.text}: not a top-level const of a literal in packages/*/src` };
    }
    tag = value ?? oneLine(literal.getText(sf));
  }
  for (const key of ["unset", "derived"] as const) {
    const node = props.get(key);
    if (node === undefined) continue;
    const value = stringValue(node);
    if (value === undefined) return { error: `${key} must be a string literal` };
    tag = key === "unset" ? `unset (${value})` : value;
  }
  if (helper === "option" && tag === undefined) {
    return { error: "an optional field says its default, unset or derived" };
  }
  return { text: oneLine(tag === undefined ? text : `${text} @default ${tag}`) };
}

/** Top-level `const NAME = <string or number literal>` of a file, as `NAME → its source text`. */
export function literalConstants(file: string, text: string): Map<string, string> {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !(st.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const d of st.declarationList.declarations) {
      const init = d.initializer;
      if (
        ts.isIdentifier(d.name) &&
        init !== undefined &&
        (ts.isStringLiteral(init) || ts.isNumericLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init))
      ) {
        out.set(d.name.text, ts.isNumericLiteral(init) ? init.text : JSON.stringify(init.text));
      }
    }
  }
  return out;
}

/** The text of a `/** … *\/` comment on one line. */
function commentText(raw: string): string {
  return oneLine(
    raw
      .replace(/^\/\*\*/, "")
      .replace(/\*\/$/, "")
      .split("\n")
      .map((l) => l.replace(/^\s*\* ?/, ""))
      .join("\n"),
  );
}

/** The comment for `text` at `indent`, on one line when it fits, else wrapped with `@default` on a line. */
export function renderDoc(text: string, indent: string): string {
  const single = `${indent}/** ${text} */`;
  if (single.length <= LINE_WIDTH) return single.slice(indent.length);
  const at = text.indexOf(" @default ");
  const paragraphs = at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
  const width = LINE_WIDTH - indent.length - 3;
  const lines: string[] = [];
  for (const p of paragraphs) {
    let line = "";
    for (const word of p.split(" ")) {
      if (line !== "" && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line === "" ? word : `${line} ${word}`;
    }
    lines.push(line);
  }
  return ["/**", ...lines.map((l) => `${indent} * ${l}`), `${indent} */`].join("\n");
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The drifts of one file and the edits that fix them. */
export function checkSource(
  file: string,
  text: string,
  constants: ReadonlyMap<string, string> = literalConstants(file, text),
): { drifts: Drift[]; edits: Edit[]; errors: string[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const drifts: Drift[] = [];
  const edits: Edit[] = [];
  const errors: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAssignment(node) &&
      ts.isCallExpression(node.initializer) &&
      ts.isIdentifier(node.initializer.expression) &&
      HELPERS.has(node.initializer.expression.text)
    ) {
      const call = node.initializer;
      const meta = call.arguments[1];
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      const key = node.name.getText(sf);
      const where = `${relative(ROOT, file)}:${line} ${key}`;
      if (meta === undefined || !ts.isObjectLiteralExpression(meta)) {
        errors.push(`${where}: the metadata must be an object literal`);
      } else {
        const expected = expectedDoc(call.expression.getText(sf), meta, sf, constants);
        if ("error" in expected) errors.push(`${where}: ${expected.error}`);
        else {
          const comments = ts.getLeadingCommentRanges(text, node.pos) ?? [];
          const doc = [...comments].reverse().find((c) => text.startsWith("/**", c.pos));
          const actual = doc === undefined ? undefined : commentText(text.slice(doc.pos, doc.end));
          if (actual !== expected.text) {
            drifts.push({ file: relative(ROOT, file), line, key, expected: expected.text, actual });
            const start = node.getStart(sf);
            const lineStart = text.lastIndexOf("\n", start - 1) + 1;
            const indent = text.slice(lineStart, start);
            const rendered = renderDoc(expected.text, indent);
            edits.push(
              doc === undefined
                ? { start, end: start, text: `${rendered}\n${indent}` }
                : { start: doc.pos, end: doc.end, text: rendered },
            );
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { drifts, edits, errors };
}

function allSources(): { file: string; text: string }[] {
  return readdirSync(join(ROOT, "packages")).flatMap((pkg) =>
    sourceFiles(join(ROOT, "packages", pkg, "src")).map((file) => ({
      file,
      text: readFileSync(file, "utf8"),
    })),
  );
}

/** The literal constants of every source file (a name declared twice with different values is left out). */
function allConstants(sources: readonly { file: string; text: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const { file, text } of sources) {
    for (const [k, v] of literalConstants(file, text)) {
      if (out.has(k) && out.get(k) !== v) clash.add(k);
      out.set(k, v);
    }
  }
  for (const k of clash) out.delete(k);
  return out;
}

/** Every option whose TSDoc is not what its metadata says, in packages/*\/src. */
export function optionDocDrifts(): { drifts: Drift[]; errors: string[] } {
  const sources = allSources();
  const constants = allConstants(sources);
  const drifts: Drift[] = [];
  const errors: string[] = [];
  for (const { file, text } of sources) {
    const r = checkSource(file, text, constants);
    drifts.push(...r.drifts);
    errors.push(...r.errors);
  }
  return { drifts, errors };
}

function fixAll(): number {
  const sources = allSources();
  const constants = allConstants(sources);
  let fixed = 0;
  for (const { file, text: original } of sources) {
    let text = original;
    const { edits } = checkSource(file, text, constants);
    for (const e of [...edits].sort((a, b) => b.start - a.start)) {
      text = text.slice(0, e.start) + e.text + text.slice(e.end);
    }
    if (edits.length > 0) writeFileSync(file, text);
    fixed += edits.length;
  }
  return fixed;
}

const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const { drifts, errors } = optionDocDrifts();
  for (const e of errors) process.stderr.write(`error: ${e}\n`);
  if (check) {
    for (const d of drifts)
      process.stderr.write(`${d.file}:${d.line} ${d.key}: expected /** ${d.expected} */\n`);
    process.exitCode = errors.length > 0 || drifts.length > 0 ? 1 : 0;
  } else {
    const n = fixAll();
    process.stdout.write(`option TSDoc: ${n === 0 ? "up to date" : `${n} comment(s) rewritten`}\n`);
    process.exitCode = errors.length > 0 ? 1 : 0;
  }
}
