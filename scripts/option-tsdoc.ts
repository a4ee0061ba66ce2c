/**
 * Writes the TSDoc of every option from its metadata, so that editors (and the published `.d.ts`) say what the
 * docs say; the docs themselves read the metadata, never this TSDoc:
 *
 *   node scripts/option-tsdoc.ts           rewrite the comments that differ (run by `npm run docs`)
 *   node scripts/option-tsdoc.ts --check   write nothing; list them and exit 1 if there are any
 *
 * An option is a property written `key: option(schema, { … })` or `key: required(schema, { … })` in
 * packages/*\/src (see packages/k8s-builders/src/base/options.ts). Its TSDoc is the `description`, then
 * `@default` with the literal `default`/`prefault` as written (a top-level constant by its value),
 * `unset (<unset>)` or the `derived` text. The metadata is read from the source text (nothing is imported), so
 * it must be literals.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const LINE_WIDTH = 110;
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();
const parse = (file: string, text: string) =>
  ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/** A comment that is not what the metadata says. */
export interface Drift {
  readonly file: string;
  readonly line: number;
  readonly key: string;
  readonly expected: string;
  readonly actual: string | undefined;
}

/** The value of a string literal, or of literals joined with `+`; undefined for anything else. */
function stringValue(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return stringValue(node.expression);
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.PlusToken) return undefined;
  const [a, b] = [stringValue(node.left), stringValue(node.right)];
  return a === undefined || b === undefined ? undefined : a + b;
}

/** The TSDoc text an option's metadata asks for (one line), or an error when the metadata is not literal. */
function expectedDoc(
  helper: string,
  meta: ts.ObjectLiteralExpression,
  constants: ReadonlyMap<string, string>,
): { text: string } | { error: string } {
  const props = new Map<string, ts.Expression>();
  for (const p of meta.properties) {
    if (ts.isShorthandPropertyAssignment(p)) return { error: `write "${p.name.text}: …" as a literal` };
    if (ts.isSpreadAssignment(p)) return { error: "no spread in option metadata: write each field" };
    if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
      props.set(p.name.text, p.initializer);
  }
  const text = stringValue(props.get("description"));
  if (text === undefined) return { error: "description must be a string literal" };
  let tag: string | undefined;
  const literal = props.get("default") ?? props.get("prefault");
  if (literal !== undefined && ts.isIdentifier(literal)) {
    // A named constant (`default: PROMETHEUS_IMAGE`) is shown as its value.
    tag = constants.get(literal.text);
    if (tag === undefined)
      return { error: `default ${literal.text}: not a top-level const of a literal in packages/*/src` };
  } else if (literal !== undefined) tag = oneLine(literal.getText());
  for (const key of ["unset", "derived"] as const) {
    if (!props.has(key)) continue;
    const value = stringValue(props.get(key));
    if (value === undefined) return { error: `${key} must be a string literal` };
    tag = key === "unset" ? `unset (${value})` : value;
  }
  if (helper === "option" && tag === undefined)
    return { error: "an optional field says its default, unset or derived" };
  return { text: oneLine(tag === undefined ? text : `${text} @default ${tag}`) };
}

/** Top-level `const NAME = <string or number literal>` of a file, as `NAME → its source text`. */
function literalConstants(sf: ts.SourceFile): [string, string][] {
  return sf.statements.flatMap((st) =>
    ts.isVariableStatement(st) && st.declarationList.flags & ts.NodeFlags.Const
      ? st.declarationList.declarations.flatMap(({ name, initializer: init }) =>
          !ts.isIdentifier(name) || init === undefined
            ? []
            : ts.isNumericLiteral(init)
              ? [[name.text, init.text] as [string, string]]
              : ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)
                ? [[name.text, JSON.stringify(init.text)] as [string, string]]
                : [],
        )
      : [],
  );
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

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The drifts of one file and the edits that fix them. */
export function checkSource(
  file: string,
  text: string,
  constants: ReadonlyMap<string, string> = new Map(literalConstants(parse(file, text))),
): { drifts: Drift[]; edits: Edit[]; errors: string[] } {
  const sf = parse(file, text);
  const out = { drifts: [] as Drift[], edits: [] as Edit[], errors: [] as string[] };
  const check = (node: ts.Node): void => {
    if (!ts.isPropertyAssignment(node) || !ts.isCallExpression(node.initializer)) return;
    const helper = node.initializer.expression.getText(sf);
    if (helper !== "option" && helper !== "required") return;
    const start = node.getStart(sf);
    const line = sf.getLineAndCharacterOfPosition(start).line + 1;
    const key = node.name.getText(sf);
    const meta = node.initializer.arguments[1];
    const expected =
      meta !== undefined && ts.isObjectLiteralExpression(meta)
        ? expectedDoc(helper, meta, constants)
        : { error: "the metadata must be an object literal" };
    if ("error" in expected) {
      out.errors.push(`${relative(ROOT, file)}:${line} ${key}: ${expected.error}`);
      return;
    }
    const doc = [...(ts.getLeadingCommentRanges(text, node.pos) ?? [])]
      .reverse()
      .find((c) => text.startsWith("/**", c.pos));
    const raw = doc === undefined ? undefined : text.slice(doc.pos + 3, doc.end - 2);
    const actual = raw === undefined ? undefined : oneLine(raw.replace(/^[ \t]*\* ?/gm, ""));
    if (actual === expected.text) return;
    out.drifts.push({ file: relative(ROOT, file), line, key, expected: expected.text, actual });
    const indent = text.slice(text.lastIndexOf("\n", start - 1) + 1, start);
    const rendered = renderDoc(expected.text, indent);
    out.edits.push(
      doc === undefined
        ? { start, end: start, text: `${rendered}\n${indent}` }
        : { start: doc.pos, end: doc.end, text: rendered },
    );
  };
  const visit = (node: ts.Node): void => {
    check(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The sources of packages/*\/src (tests aside), and the literal constants they declare (a name declared twice
 * with different values is left out). */
function allSources(): { sources: { file: string; text: string }[]; constants: Map<string, string> } {
  const sources = readdirSync(join(ROOT, "packages")).flatMap((pkg) =>
    readdirSync(join(ROOT, "packages", pkg, "src"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => join(ROOT, "packages", pkg, "src", f))
      .map((file) => ({ file, text: readFileSync(file, "utf8") })),
  );
  const constants = new Map<string, string>();
  const clash = new Set<string>();
  for (const { file, text } of sources) {
    for (const [k, v] of literalConstants(parse(file, text))) {
      if (constants.has(k) && constants.get(k) !== v) clash.add(k);
      constants.set(k, v);
    }
  }
  for (const k of clash) constants.delete(k);
  return { sources, constants };
}

/** Every option whose TSDoc is not what its metadata says in packages/*\/src; with `fix`, rewrites them. */
export function optionDocDrifts(fix = false): { drifts: Drift[]; errors: string[] } {
  const { sources, constants } = allSources();
  const drifts: Drift[] = [];
  const errors: string[] = [];
  for (const { file, text } of sources) {
    const r = checkSource(file, text, constants);
    drifts.push(...r.drifts);
    errors.push(...r.errors);
    if (!fix || r.edits.length === 0) continue;
    const edits = [...r.edits].sort((a, b) => b.start - a.start);
    writeFileSync(
      file,
      edits.reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text),
    );
  }
  return { drifts, errors };
}

const entry = process.argv[1];
if (entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes("--check");
  const { drifts, errors } = optionDocDrifts(!check);
  for (const e of errors) process.stderr.write(`error: ${e}\n`);
  if (check)
    for (const d of drifts)
      process.stderr.write(`${d.file}:${d.line} ${d.key}: expected /** ${d.expected} */\n`);
  else
    process.stdout.write(
      `option TSDoc: ${drifts.length === 0 ? "up to date" : `${drifts.length} comment(s) rewritten`}\n`,
    );
  process.exitCode = errors.length > 0 || (check && drifts.length > 0) ? 1 : 0;
}
