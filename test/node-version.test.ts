/** On a Node.js older than package.json's engines, install, tests and the example stop at once with one line. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Runs `args` in a Node that reports `version` as its own (a preload rewrites process.versions.node). */
function asNode(version: string, ...args: string[]) {
  const preload = join(mkdtempSync(join(tmpdir(), "cc-node-")), "pretend.cjs");
  writeFileSync(
    preload,
    `Object.defineProperty(process, "versions", { value: { ...process.versions, node: ${JSON.stringify(version)} } });\n`,
  );
  const r = spawnSync(process.execPath, ["--require", preload, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("an old Node.js", () => {
  it("is refused by npm itself: engine-strict, against the engines of package.json", () => {
    const npmrc = readFileSync(join(root, ".npmrc"), "utf8");
    expect(npmrc).toMatch(/^engine-strict=true$/m);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.engines.node).toBe(">=22.18");
    expect(pkg.scripts.pretest).toBe("node scripts/check-node.cjs");
  });

  it.each([
    ["20.20.2", 1],
    ["22.17.1", 1],
    ["22.18.0", 0],
    ["24.1.0", 0],
  ])("npm test's first step: Node %s exits %i", (version, code) => {
    const r = asNode(version, "scripts/check-node.cjs");
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(
      code === 0 ? "" : `Node ≥ 22.18 required, you have ${version}; see README (Set-up)\n`,
    );
  });

  it("stops the example before it loads anything, with the same line", () => {
    const r = asNode("22.6.0", "examples/call-center.ts");
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: "Node ≥ 22.18 required, you have 22.6.0; see README (Set-up)\n",
    });
  });
});
