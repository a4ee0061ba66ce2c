import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eachCase, failing, first, MANIFEST, snapshot, tree } from "../../test/support/write-tree.ts";
import { writeTree } from "./write-tree.ts";
import { GENERATOR } from "./write-tree-entries.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));
const text = (path: string): string => fs.readFileSync(join(dir, path), "utf8");
const manifest = (): unknown => JSON.parse(text(MANIFEST));

describe("writeTree: writing", () => {
  it("creates a missing directory (and its parents) with the files and a manifest", () => {
    dir = join(parent, "out", "k8s");
    const result = writeTree(dir, first);
    expect(result).toEqual({
      dir,
      written: ["README.md", "api/deployment.yml", "kustomization.yml", "old/service.yml"],
      removed: [],
      kept: [],
      recovered: [],
      warnings: [],
    });
    expect(Object.keys(snapshot(dir))).toEqual([
      MANIFEST,
      "README.md",
      "api/",
      "api/deployment.yml",
      "kustomization.yml",
      "old/",
      "old/service.yml",
    ]);
    expect(text("api/deployment.yml")).toBe("kind: Deployment\n");
    expect(text(MANIFEST)).toBe(
      `${JSON.stringify({ generator: GENERATOR, files: ["README.md", "api/deployment.yml", "kustomization.yml", "old/service.yml"] }, null, 2)}\n`,
    );
    expect(fs.readdirSync(join(parent, "out"))).toEqual(["k8s"]);
  });

  it("writes into an existing empty directory and keeps its permissions", () => {
    fs.mkdirSync(dir, { mode: 0o750 });
    fs.chmodSync(dir, 0o750);
    writeTree(dir, first);
    expect(fs.statSync(dir).mode & 0o7777).toBe(0o750);
    expect(manifest()).toEqual({ generator: GENERATOR, files: [...first.keys()].sort() });
  });

  it("replaces its own files, removes those it no longer generates and keeps the user's", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "notes.md"), "my notes\n");
    fs.writeFileSync(join(dir, "old", "keep.txt"), "inside a generated directory\n");
    fs.mkdirSync(join(dir, "overlays", "prod"), { recursive: true });
    fs.writeFileSync(join(dir, "overlays", "prod", "kustomization.yml"), "resources:\n  - ../..\n");
    fs.chmodSync(join(dir, "overlays"), 0o700);
    fs.symlinkSync("api/deployment.yml", join(dir, "link.yml"));
    fs.mkdirSync(join(dir, "empty"));
    const before = snapshot(dir);

    const result = writeTree(
      dir,
      tree({
        "kustomization.yml": "resources:\n  - api/deployment.yml\n  - db/statefulset.yml\n",
        "api/deployment.yml": "kind: Deployment\nspec: {}\n",
        "db/statefulset.yml": "kind: StatefulSet\n",
      }),
    );

    expect(result.removed).toEqual(["README.md", "old/service.yml"]);
    expect(result.kept).toEqual(["empty/", "link.yml", "notes.md", "old/keep.txt", "overlays/"]);
    const after = snapshot(dir);
    expect(Object.keys(after)).toEqual([
      MANIFEST,
      "api/",
      "api/deployment.yml",
      "db/",
      "db/statefulset.yml",
      "empty/",
      "kustomization.yml",
      "link.yml",
      "notes.md",
      "old/",
      "old/keep.txt",
      "overlays/",
      "overlays/prod/",
      "overlays/prod/kustomization.yml",
    ]);
    // The user's entries are the same files (same inode, bytes, mtime, permissions), not look-alikes.
    for (const key of [
      "notes.md",
      "old/keep.txt",
      "overlays/",
      "overlays/prod/kustomization.yml",
      "link.yml",
      "empty/",
    ]) {
      expect(after[key], key).toEqual(before[key]);
    }
    expect(text("api/deployment.yml")).toBe("kind: Deployment\nspec: {}\n");
    expect(manifest()).toEqual({
      generator: GENERATOR,
      files: ["api/deployment.yml", "db/statefulset.yml", "kustomization.yml"],
    });
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("removes a directory that held only its own files", () => {
    writeTree(dir, first);
    writeTree(dir, tree({ "api/deployment.yml": "kind: Deployment\n" }));
    expect(Object.keys(snapshot(dir))).toEqual([MANIFEST, "api/", "api/deployment.yml"]);
  });

  it("turns one of its files into a directory and back", () => {
    writeTree(dir, tree({ "api.yml": "a\n" }));
    writeTree(dir, tree({ "api.yml/deployment.yml": "b\n" }));
    expect(text("api.yml/deployment.yml")).toBe("b\n");
    writeTree(dir, tree({ "api.yml": "c\n" }));
    expect(text("api.yml")).toBe("c\n");
  });

  it("writes the same tree twice without a change", () => {
    writeTree(dir, first);
    const result = writeTree(dir, first);
    expect(result.removed).toEqual([]);
    expect(Object.keys(snapshot(dir))).toHaveLength(7);
  });

  it("writes through a symbolic link to the directory and keeps the link", () => {
    const real = join(parent, "real");
    fs.mkdirSync(real);
    fs.symlinkSync(real, dir);
    const result = writeTree(dir, first);
    expect(result.dir).toBe(fs.realpathSync(real));
    expect(fs.lstatSync(dir).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(join(real, "README.md"), "utf8")).toBe("# v1\n");
  });

  it("copies a user file when it cannot be hard-linked", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "notes.md"), "my notes\n", { mode: 0o600 });
    fs.chmodSync(join(dir, "notes.md"), 0o600);
    const before = snapshot(dir)["notes.md"];
    writeTree(dir, first, { fs: failing("linkSync", () => true) });
    const after = snapshot(dir)["notes.md"];
    // A copy: another inode, the same bytes and permissions, the mtime to the millisecond (what utimes keeps).
    expect(after?.ino).not.toBe(before?.ino);
    expect(after).toEqual({ ...before, ino: after?.ino, mtimeMs: after?.mtimeMs });
    expect(Math.abs((after?.mtimeMs ?? 0) - (before?.mtimeMs ?? 0))).toBeLessThan(1);
  });
});
