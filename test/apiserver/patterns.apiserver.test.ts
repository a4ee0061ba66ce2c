/**
 * CRD `pattern`s as Go's regexp reads them (the RE2 syntax the API server compiles them with), against
 * compilePattern (packages/k8s-builders/src/crd/pattern.ts): a seeded corpus of patterns built from RE2's atoms
 * (escapes, classes, named groups, scripts, braces) and texts. Where compilePattern takes a pattern it must match
 * exactly what Go matches, and it must take no pattern Go refuses. It may refuse what Go takes (JavaScript has no
 * equivalent): those are counted, and must be only the known cases (a repeated `\b`, `\B`, `\A` or `\z`, flags after the start).
 * Needs Go (the server's build needs it too); it runs with the API-server tests, not with `npm test`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compilePattern } from "../../packages/k8s-builders/src/crd/pattern.ts";

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
      const re = compilePattern(c.P);
      const ours = re instanceof RegExp ? String(re.test(c.S)) : "ERR";
      if (ours === go[i]) return;
      if (ours === "ERR" && KNOWN_REFUSALS.test(c.P)) refused++;
      else wrong.push(`${JSON.stringify(c.P)} on ${JSON.stringify(c.S)}: ours ${ours}, Go ${go[i]}`);
    });
    console.log(`${cases.length} cases; ${refused} refused on purpose (Go takes them)`);
    expect(wrong.slice(0, 20)).toEqual([]);
  });
});
