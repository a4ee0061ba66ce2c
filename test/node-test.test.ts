/**
 * The testing entry is runner-neutral: its build imports no test framework, and a test file under node:test
 * (test/node-test/testing-entry.node.mjs, with its committed snapshot) passes against the built packages.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("@call-center/k8s-builders/testing under node:test", () => {
  it("imports no test framework in its build (vitest, jest, node:test)", () => {
    const built = readFileSync(join(root, "packages/k8s-builders/dist/testing.js"), "utf8");
    expect(built).not.toMatch(/from\s*["'](vitest|@vitest\/[^"']*|jest|@jest\/[^"']*|node:test)["']/);
    expect(built).not.toMatch(/(import|require)\(\s*["'](vitest|jest|node:test)["']/);
  });

  it("passes a node:test file that uses every helper, snapshot included", () => {
    // NODE_OPTIONS (set by the global set-up) makes the packages resolve to this run's copy of their build.
    const r = spawnSync(process.execPath, ["--test", "test/node-test/testing-entry.node.mjs"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^ℹ pass 5$/m);
    expect(r.stdout).toMatch(/^ℹ fail 0$/m);
  });
});
