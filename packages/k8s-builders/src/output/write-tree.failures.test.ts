import * as fs from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import {
  eachCase,
  failing,
  first,
  MANIFEST,
  type Node,
  nth,
  snapshot,
  tree,
} from "../../test/support/write-tree.ts";
import { writeTree } from "./write-tree.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));
const text = (path: string): string => fs.readFileSync(join(dir, path), "utf8");

describe("writeTree: a failure at any step leaves the previous tree intact", () => {
  /** Writes `first`, adds a user file, and returns the snapshot to compare with after a failed rewrite. */
  function previousTree(): Record<string, Node> {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "notes.md"), "my notes\n");
    return snapshot(dir);
  }
  const next = tree({ "api/deployment.yml": "kind: Deployment\nspec: {}\n", "db/statefulset.yml": "x\n" });

  it.each([
    { step: "writing the second new file", fail: () => failing("writeFileSync", nth(2)) },
    {
      step: "writing the manifest",
      fail: () => failing("writeFileSync", (a) => String(a[0]).endsWith(MANIFEST)),
    },
    {
      step: "carrying over a user file",
      fail: () => ({
        ...failing("linkSync", () => true),
        copyFileSync: failing("copyFileSync", () => true).copyFileSync,
      }),
    },
    { step: "creating a directory", fail: () => failing("mkdirSync", (a) => String(a[0]).endsWith("db")) },
    { step: "moving the old tree aside", fail: () => failing("renameSync", nth(1)) },
    { step: "moving the new tree into place", fail: () => failing("renameSync", nth(2)) },
  ])("when $step fails", ({ fail }) => {
    const before = previousTree();
    const err = builderError(() => writeTree(dir, next, { fs: fail() }));
    expect(err.issues.map((i) => i.code)).toEqual(["io_error"]);
    expect(err.message).toContain("injected");
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("leaves no directory behind when the first write fails", () => {
    dir = join(parent, "out", "deep", "k8s");
    expectIssue(() => writeTree(dir, next, { fs: failing("writeFileSync", nth(2)) }), "io_error", "");
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("says where the previous tree is when it cannot be moved back, and the next run puts it back", () => {
    const before = previousTree();
    let renames = 0;
    // The old tree moves aside; then moving the new one in fails, and so does moving the old one back.
    const err = builderError(() => writeTree(dir, next, { fs: failing("renameSync", () => ++renames >= 2) }));
    expect(renames).toBe(3);
    expect(err.code).toBe("IO_ERROR");
    expect(err.issues.map((i) => i.code)).toEqual(["io_error"]);
    const aside = join(parent, ".k8s.k8s-builders-old");
    expect(err.message).toContain(`the previous tree is intact at ${aside}`);
    expect(snapshot(aside)).toEqual(before);
    expect(fs.existsSync(dir)).toBe(false);

    const result = writeTree(dir, next);
    expect(result.recovered).toEqual([
      `restored ${dir} from ${aside}, where a write interrupted between its two renames had left it (your files: notes.md)`,
    ]);
    expect(text("notes.md")).toBe("my notes\n");
    expect(text("db/statefulset.yml")).toBe("x\n");
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("warns, and keeps the new tree, when the old copy cannot be deleted; the next run deletes it", () => {
    previousTree();
    const result = writeTree(dir, next, {
      fs: failing("rmSync", (a) => basename(String(a[0])).includes("-trash")),
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("could not be deleted");
    expect(text("db/statefulset.yml")).toBe("x\n");
    expect(text("notes.md")).toBe("my notes\n");
    expect(fs.readdirSync(parent).sort()).toEqual([".k8s.k8s-builders-trash", "k8s"]);
    expect(writeTree(dir, next).warnings).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("reports a file-system failure as IO_ERROR and bad arguments as INVALID_OPTIONS", () => {
    fs.writeFileSync(join(parent, "file"), "");
    expect(builderError(() => writeTree(join(parent, "file", "k8s"), first)).code).toBe("IO_ERROR");
    expect(builderError(() => writeTree(dir, tree({ "../x": "" }))).code).toBe("INVALID_OPTIONS");
  });
});
