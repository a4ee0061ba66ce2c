/** The README's usage example runs as written and prints what it promises. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const root = fileURLToPath(new URL("..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const biome = join(root, "node_modules/@biomejs/biome/bin/biome");
const usage = /## Usage\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";

describe("README", () => {
  it("has a usage example of at most 15 lines", () => {
    expect(usage).toContain("@call-center/k8s-builders");
    expect(usage.trimEnd().split("\n").length).toBeLessThanOrEqual(15);
  });

  it("checks the bundle as a whole in the usage example, and says which rules need it", () => {
    expect(usage).toMatch(/const \{ errors \} = validateBundle\(objects/);
    expect(usage).toMatch(/if \(errors\.length > 0\) throw/);
    expect(readme).toContain("the rules between objects need the whole bundle");
    // The builders table does not promise what only validateBundle can check.
    const pdbRow = readme.split("\n").find((l) => l.startsWith("| `pdb`")) ?? "";
    expect(pdbRow).toContain("`validateBundle`");
  });

  it("runs the usage example against the built package and prints the four objects", () => {
    const dir = mkdtempSync(join(root, ".tmp-readme-"));
    const file = join(dir, "usage.mjs");
    // The example is TypeScript without type annotations; run it as a module inside the repo so it resolves the package.
    writeFileSync(file, usage);
    const r = spawnSync(process.execPath, [file], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const kinds = parseAllDocuments(r.stdout).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(["Service", "Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget"]);
  });

  it("lists every builder (each page of docs/builders) and patch in the builders table, and only exports", async () => {
    const section = /## Builders\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    const named = new Set(
      rows.flatMap((r) =>
        [...(r.split("|")[1] ?? "").matchAll(/`([\w-]+)[^`]*`/g)].map((m) => m[1] as string),
      ),
    );
    const pages = readdirSync(join(root, "docs/builders"))
      .filter((f) => f.endsWith(".md") && f !== "README.md")
      .map((f) => f.slice(0, -3));
    expect(pages.length).toBeGreaterThan(30);
    expect(pages.filter((p) => !named.has(p))).toEqual([]);
    expect(named.has("patch")).toBe(true);
    const entry = await import("@call-center/k8s-builders");
    const commands = new Set(["k8s-builders"]);
    expect([...named].filter((n) => !(n in entry) && !commands.has(n))).toEqual([]);
  });

  it("gives the two set-up commands that CI runs", () => {
    const ci = readFileSync(join(root, ".ci/run"), "utf8");
    expect(readme).toContain("npm ci && npm run build && node examples/call-center.ts > k8s.yaml");
    expect(readme).toContain("npm test");
    expect(ci).toContain("node examples/call-center.ts");
    expect(ci).toContain("npm test");
  });

  it("ignores what the set-up tells users to generate, so that the tests stay clean after it", () => {
    // The files the README and --help write into the repository: `> k8s.yaml`, `--out k8s/`.
    const usage = readFileSync(join(root, "packages/call-center/src/cli.ts"), "utf8");
    const commands = `${readme}\n${usage}`.split("\n").filter((l) => l.includes("examples/call-center.ts"));
    const generated = commands.flatMap((l) => [...l.matchAll(/(?:> |--out )([\w./-]+)/g)].map((m) => m[1]));
    expect(new Set(generated)).toEqual(new Set(["k8s.yaml", "k8s/"]));
    const made: string[] = [];
    try {
      if (!existsSync(join(root, "k8s.yaml"))) {
        made.push("k8s.yaml");
        const r = spawnSync(process.execPath, ["examples/call-center.ts"], { cwd: root, encoding: "utf8" });
        writeFileSync(join(root, "k8s.yaml"), r.stdout);
      }
      if (!existsSync(join(root, "k8s"))) {
        made.push("k8s");
        spawnSync(process.execPath, ["examples/call-center.ts", "--out", "k8s/"], { cwd: root });
      }
      const ignored = spawnSync("git", ["check-ignore", "k8s.yaml", "k8s/kustomization.yml"], {
        cwd: root,
        encoding: "utf8",
      });
      expect(ignored.stdout.split("\n").filter(Boolean)).toEqual(["k8s.yaml", "k8s/kustomization.yml"]);
      const lint = spawnSync(process.execPath, [biome, "check", "--error-on-warnings", "."], {
        cwd: root,
        encoding: "utf8",
      });
      expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    } finally {
      for (const f of made) rmSync(join(root, f), { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the package READMEs (what npm shows)", () => {
  const packages = ["k8s-builders", "call-center"].map((dir) => ({
    dir,
    readme: readFileSync(join(root, "packages", dir, "README.md"), "utf8"),
    pkg: JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")),
  }));

  it.each(packages)(
    "$dir: links only to what exists, on the repository (docs/ is not in the tarball)",
    ({ readme, pkg }) => {
      const repository = String(pkg.repository.url)
        .replace(/^git\+/, "")
        .replace(/\.git$/, "");
      const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
      expect(links.length).toBeGreaterThan(1);
      for (const link of links) {
        expect(link, "a relative link breaks on npm").toMatch(/^https:\/\//);
        if (link.startsWith(`${repository}/blob/main/`)) {
          const file = link.slice(`${repository}/blob/main/`.length).split("#")[0] ?? "";
          expect(existsSync(join(root, file)), link).toBe(true);
        }
      }
    },
  );

  it.each(packages)("$dir: states the TypeScript its package.json supports", ({ readme, pkg }) => {
    const min = /^>=(\d+\.\d+)$/.exec(pkg.peerDependencies?.typescript ?? "")?.[1];
    expect(min).toBeDefined();
    expect(pkg.peerDependenciesMeta.typescript.optional).toBe(true);
    expect(readme).toContain(`TypeScript ≥ ${min}`);
  });
});
