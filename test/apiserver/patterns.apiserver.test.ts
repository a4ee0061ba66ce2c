/**
 * CRD `pattern`s as Go's regexp reads them (the RE2 syntax the API server compiles them with), against a builder
 * of a CRD whose field has the pattern (`customResourceBuilder`; the translation is crd/pattern.ts): a seeded corpus of patterns built from RE2's atoms
 * (escapes, classes, named groups, scripts, braces) and texts. Where the builder takes a pattern it must match
 * exactly what Go matches, and it must take no pattern Go refuses. It may refuse what Go takes (JavaScript has no
 * equivalent): those are counted, and must be only the known cases (a repeated `\b`, `\B`, `\A` or `\z`, flags after the start).
 * Needs Go (the server's build needs it too); it runs with the API-server tests, not with `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { customResourceBuilder, K8sBuilderError } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";

const here = fileURLToPath(new URL(".", import.meta.url));
const ATOMS = [
  "a",
  "b",
  "\\-",
  "\\#",
  "\\.",
  "\\x41",
  "\\x{42}",
  "\\a",
  "\\d",
  "\\w",
  "\\s",
  "\\pL",
  "\\p{Greek}",
  "\\p{^Greek}",
  "\\P{Greek}",
  "\\p{Latin}",
  "\\p{Lu}",
  "\\P{L}",
  "\\p{Any}",
  "[a-c]",
  "[\\-a]",
  "[^a]",
  "[[:digit:]]",
  "(?P<n>a)",
  "(?<m>b)",
  ".",
  "\\/",
  "\\_",
  "\\=",
  "\\<",
  "\\!",
  "\\@",
  "\\%",
  "\\~",
  "\\,",
  "\\:",
  "[\\]]",
  "[\\^]",
  "[{]",
  "\\A",
  "\\z",
  "é",
  "\\u0041",
  "\\cA",
  "\\k<n>",
  "\\Z",
  "\\b",
  "\\B",
  "[\\b]",
  "x{2}",
  "x{,2}",
  "a{",
  "{",
  "}",
  "a{2,}",
  "a{1,2}",
  "\\ ",
  "(?i)A",
  "(a|b)",
  "(?:ab)",
];
const TEXTS = [
  "a",
  "b",
  "-",
  "#",
  ".",
  "A",
  "B",
  "\u0007",
  "1",
  "_",
  " ",
  "é",
  "λ",
  "c",
  "]",
  "^",
  "/",
  "=",
  "<",
  "!",
  "@",
  "%",
  "~",
  ",",
  ":",
  "x",
  "xx",
  "a{",
  "{",
  "}",
  "ab",
  "aa",
  "\n",
  "a{,2}",
  "x{,2}",
];
/** What compilePattern refuses though Go takes it, on purpose: a repeated assertion, flags after the start. */
const KNOWN_REFUSALS = /\\[bBAz]\+|.\(\?i\)/;

function corpus(): { P: string; S: string }[] {
  const cases: { P: string; S: string }[] = [];
  for (const a of ATOMS) for (const s of TEXTS) cases.push({ P: `^${a}$`, S: s });
  let seed = 20261206;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let k = 0; k < 4000; k++) {
    let p = "^";
    for (let j = 0, n = 1 + next(3); j < n; j++)
      p += `${ATOMS[next(ATOMS.length)]}${next(4) === 0 ? "+" : ""}`;
    let s = "";
    for (let j = 0, n = 1 + next(3); j < n; j++) s += TEXTS[next(TEXTS.length)];
    cases.push({ P: `${p}$`, S: s });
  }
  return cases;
}

/** "true" when a CRD builder takes `text` in a field of pattern `pattern`, "false" when it refuses it, "ERR" when the pattern cannot be used. */
function builderReads(pattern: string, text: string): string {
  const build = customResourceBuilder<{ name: string; spec: { v: string } }, object>({
    builder: "patterned",
    apiVersion: "example.com/v1",
    kind: "Patterned",
    namespaced: false,
    schema: {
      type: "object",
      properties: { spec: { type: "object", properties: { v: { type: "string", pattern } } } },
    },
  });
  try {
    build({ name: "p", spec: { v: text } });
    return "true";
  } catch (e) {
    if (!K8sBuilderError.is(e)) throw e;
    return e.issues.some((i) => i.message.includes("cannot be used")) ? "ERR" : "false";
  }
}

describe("CRD patterns against Go's regexp", () => {
  it("match what Go matches, take nothing Go refuses, and refuse only the known cases Go takes", () => {
    const bin = join(mkdtempSync(join(tmpdir(), "re2match-")), "re2match");
    const built = spawnSync("go", ["build", "-o", bin, "./cmd/re2match"], { cwd: here, encoding: "utf8" });
    expect(built.status, built.stderr).toBe(0);
    const cases = corpus();
    const run = spawnSync(bin, {
      input: `${cases.map((c) => JSON.stringify(c)).join("\n")}\n`,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const go = run.stdout.trim().split("\n");
    expect(go).toHaveLength(cases.length);
    const wrong: string[] = [];
    let refused = 0;
    cases.forEach((c, i) => {
      const ours = builderReads(c.P, c.S);
      if (ours === go[i]) return;
      if (ours === "ERR" && KNOWN_REFUSALS.test(c.P)) refused++;
      else wrong.push(`${JSON.stringify(c.P)} on ${JSON.stringify(c.S)}: ours ${ours}, Go ${go[i]}`);
    });
    console.log(`${cases.length} cases; ${refused} refused on purpose (Go takes them)`);
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
