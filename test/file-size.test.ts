/**
 * No source file of the packages is over 400 lines (issue 10): a long file is split by meaning into parts whose
 * names explain themselves (`write-tree.ts`, `write-tree-lock.ts`, …; the docs read `<name>-<part>.ts` as part of
 * `<name>.ts`), a long test file by behaviour (`deployment.rollout.test.ts`, …). Exempt, because nobody edits
 * them by hand or reads them as code: generated files (`*.generated.ts`, e.g. base/k8s-fields.generated.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const MAX_LINES = 400;
const exempt = (file: string): boolean => file.endsWith(".generated.ts");

/** Every `.ts` file under `dir`, relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** Lines as `wc -l` counts them. */
const lineCount = (text: string): number => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

describe("file size", () => {
  const files = readdirSync(join(root, "packages")).flatMap((p) => sources(join(root, "packages", p, "src")));

  it("finds the sources (and exempts what it says)", () => {
    expect(files).toContain("packages/k8s-builders/src/index.ts");
    expect(files).toContain("packages/call-center/src/index.ts");
    expect(files.filter((f) => !exempt(f)).length).toBeGreaterThan(150);
    expect(files.filter((f) => !exempt(f))).toContain("packages/k8s-builders/src/kinds/deployment.test.ts");
    expect(files.filter(exempt)).toContain("packages/k8s-builders/src/base/k8s-fields.generated.ts");
  });

  it(`keeps every hand-written file of packages/*/src, tests too, within ${MAX_LINES} lines`, () => {
    const long = files
      .filter((f) => !exempt(f))
      .map((f) => ({ f, n: lineCount(readFileSync(join(root, f), "utf8")) }))
      .filter(({ n }) => n > MAX_LINES)
      .map(({ f, n }) => `${f}: ${n} lines`);
    expect(long).toEqual([]);
  });
});
