/** The README's usage example runs as written and prints what it promises. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const usage = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";

describe("README", () => {
  it("has a usage example of at most 15 lines", () => {
    expect(usage).toContain("@call-center/k8s-builders");
    expect(usage.trimEnd().split("\n").length).toBeLessThanOrEqual(15);
  });

  it("runs the usage example against the built package and prints the four objects", () => {
    const dir = mkdtempSync(join(root, ".tmp-readme-"));
    const file = join(dir, "usage.mjs");
    // The example is TypeScript without type annotations; run it as a module inside the repo so it resolves the package.
    writeFileSync(file, usage);
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(["Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget"]);
  });

  it("gives the two set-up commands that CI runs", () => {
    const ci = readFileSync(join(root, ".ci/run"), "utf8");
    expect(readme).toContain("npm ci && npm run build && node examples/call-center.ts > k8s.yaml");
    expect(readme).toContain("npm test");
    expect(ci).toContain("node examples/call-center.ts");
    expect(ci).toContain("npm test");
  });
});
