import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { GENERATOR, type TreeFs, writeTree } from "./write-tree.ts";

const MANIFEST = ".k8s-builders-manifest.json";
const root = fs.mkdtempSync(join(tmpdir(), "k8s-builders-write-tree-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh, empty parent directory and the path of a `k8s` directory inside it (not created). */
let parent = "";
let dir = "";
beforeEach(() => {
  parent = join(root, `case-${n++}`);
  fs.mkdirSync(parent);
  dir = join(parent, "k8s");
});

const tree = (entries: Record<string, string>): Map<string, string> => new Map(Object.entries(entries));
const text = (path: string): string => fs.readFileSync(join(dir, path), "utf8");
const manifest = (): unknown => JSON.parse(text(MANIFEST));

interface Node {
  type: "dir" | "file" | "symlink";
  mode: number;
  content?: string;
  target?: string;
  ino?: number;
  mtimeMs?: number;
}

/** Everything under `at`: type, permissions, bytes, inode and mtime of files, targets of links. */
function snapshot(at: string): Record<string, Node> {
  const out: Record<string, Node> = {};
  const visit = (rel: string): void => {
    for (const name of fs.readdirSync(join(at, rel)).sort()) {
      const child = rel === "" ? name : `${rel}/${name}`;
      const st = fs.lstatSync(join(at, child));
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        out[`${child}/`] = { type: "dir", mode };
        visit(child);
      } else if (st.isSymbolicLink()) {
        out[child] = { type: "symlink", mode, target: fs.readlinkSync(join(at, child)) };
      } else {
        out[child] = {
          type: "file",
          mode,
          content: fs.readFileSync(join(at, child), "utf8"),
          ino: st.ino,
          mtimeMs: st.mtimeMs,
        };
      }
    }
  };
  visit("");
  return out;
}

/** A copy of node:fs whose `name` throws (EIO) whenever `when(args)` is true. */
function failing(name: keyof TreeFs, when: (args: unknown[]) => boolean): TreeFs {
  const real: TreeFs = { ...fs };
  const call = real[name] as (...args: unknown[]) => unknown;
  return {
    ...real,
    [name]: (...args: unknown[]) => {
      if (when(args)) throw Object.assign(new Error(`EIO: injected ${name} failure`), { code: "EIO" });
      return call(...args);
    },
  } as TreeFs;
}

/** Fails the `k`-th call only. */
function nth(k: number): () => boolean {
  let calls = 0;
  return () => ++calls === k;
}

const first = tree({
  "kustomization.yml": "resources:\n  - api/deployment.yml\n  - old/service.yml\n",
  "api/deployment.yml": "kind: Deployment\n",
  "old/service.yml": "kind: Service\n",
  "README.md": "# v1\n",
});

describe("writeTree: writing", () => {
  it("creates a missing directory (and its parents) with the files and a manifest", () => {
    dir = join(parent, "out", "k8s");
    const result = writeTree(dir, first);
    expect(result).toEqual({
      dir,
      written: ["README.md", "api/deployment.yml", "kustomization.yml", "old/service.yml"],
      removed: [],
      kept: [],
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

describe("writeTree: refusals leave everything as it was", () => {
  it("refuses to overwrite a file it did not write, and writes nothing", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "db.yml"), "the user's own\n");
    const before = snapshot(dir);
    const err = builderError(() =>
      writeTree(dir, tree({ ...Object.fromEntries(first), "db.yml": "kind: X\n" })),
    );
    expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([
      { code: "user_file_collision", path: "db.yml" },
    ]);
    expect(err.message).toContain('"db.yml" exists and was not written by k8s-builders');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("refuses when a user file stands where a directory is needed", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "db"), "a file\n");
    const before = snapshot(dir);
    expectIssue(
      () => writeTree(dir, tree({ "db/statefulset.yml": "x" })),
      "user_file_collision",
      "db/statefulset.yml",
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses when a user directory stands where a file goes", () => {
    writeTree(dir, first);
    fs.mkdirSync(join(dir, "db.yml"));
    const before = snapshot(dir);
    expectIssue(() => writeTree(dir, tree({ "db.yml": "x" })), "user_file_collision", "db.yml");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses to replace its own directory by a file while it holds a user file", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "api", "notes.md"), "mine\n");
    const before = snapshot(dir);
    const err = builderError(() => writeTree(dir, tree({ api: "x" })));
    expect(err.issues).toEqual([expect.objectContaining({ code: "user_file_collision", path: "api" })]);
    expect(err.issues[0]?.message).toContain("api/notes.md");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a non-empty directory without a manifest, naming its files", () => {
    fs.mkdirSync(join(dir, "sub"), { recursive: true });
    fs.writeFileSync(join(dir, "notes.md"), "x");
    fs.writeFileSync(join(dir, "sub", "a.txt"), "y");
    fs.mkdirSync(join(dir, "empty"));
    const before = snapshot(dir);
    const err = builderError(() => writeTree(dir, first));
    expect(err.issues).toEqual([
      {
        path: "",
        code: "unmanaged_directory",
        message: `${dir} has files k8s-builders did not write: empty/, notes.md, sub/a.txt; choose an empty directory or remove them`,
      },
    ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    { name: "not JSON", content: "{" },
    { name: "another generator", content: JSON.stringify({ generator: "other-tool", files: [] }) },
    {
      name: "a path escaping",
      content: JSON.stringify({ generator: GENERATOR, files: ["../../etc/passwd"] }),
    },
    { name: "no file list", content: JSON.stringify({ generator: GENERATOR }) },
  ])("refuses a manifest with $name", ({ content }) => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, MANIFEST), content);
    const before = snapshot(dir);
    expectIssue(() => writeTree(dir, first), "invalid_manifest", MANIFEST);
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a path that is a file", () => {
    fs.writeFileSync(dir, "not a directory");
    expectIssue(() => writeTree(dir, first), "not_a_directory", "");
    expect(fs.readFileSync(dir, "utf8")).toBe("not a directory");
  });

  it("refuses to swap out the current working directory", () => {
    fs.mkdirSync(join(dir, "sub"), { recursive: true });
    const cwd = process.cwd();
    process.chdir(join(dir, "sub"));
    try {
      expectIssue(() => writeTree(dir, first), "invalid_dir", "");
    } finally {
      process.chdir(cwd);
    }
    expect(Object.keys(snapshot(dir))).toEqual(["sub/"]);
  });

  const invalid: { name: string; files: Record<string, string>; code: string; path: string }[] = [
    { name: "a path escaping with ..", files: { "../x.yml": "" }, code: "invalid_path", path: "../x.yml" },
    { name: "an absolute path", files: { "/etc/x.yml": "" }, code: "invalid_path", path: "/etc/x.yml" },
    { name: "a backslash", files: { "a\\b.yml": "" }, code: "invalid_path", path: "a\\b.yml" },
    { name: "the manifest's name", files: { [MANIFEST]: "{}" }, code: "reserved_path", path: MANIFEST },
    {
      name: "a file that is also a directory",
      files: { a: "", "a/b.yml": "" },
      code: "path_conflict",
      path: "a/b.yml",
    },
    {
      name: "names equal but for case",
      files: { "A.yml": "", "a.yml": "" },
      code: "path_conflict",
      path: "a.yml",
    },
  ];

  it("refuses files that are not a Map", () => {
    expectIssue(() => writeTree(dir, { "a.yml": "" } as unknown as Map<string, string>), "invalid_type", "");
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it.each(invalid)("refuses $name ($code at $path)", ({ files, code, path }) => {
    expectIssue(() => writeTree(dir, tree(files)), code, path);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

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

  it("says where the previous tree is when it cannot be moved back", () => {
    const before = previousTree();
    let renames = 0;
    // The old tree moves aside; then moving the new one in fails, and so does moving the old one back.
    const err = builderError(() => writeTree(dir, next, { fs: failing("renameSync", () => ++renames >= 2) }));
    expect(renames).toBe(3);
    expect(err.issues.map((i) => i.code)).toEqual(["io_error"]);
    const aside = fs.readdirSync(parent).find((name) => name.includes(".k8s-builders-old-"));
    expect(aside).toMatch(/^\.k8s\.k8s-builders-old-/);
    expect(err.message).toContain(`the previous tree is intact at ${join(parent, aside ?? "")}`);
    expect(snapshot(join(parent, aside ?? ""))).toEqual(before);
  });

  it("warns, and keeps the new tree, when the old copy cannot be deleted", () => {
    previousTree();
    const result = writeTree(dir, next, {
      fs: failing("rmSync", (a) => basename(String(a[0])).includes("-old-")),
    });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("could not be deleted");
    expect(text("db/statefulset.yml")).toBe("x\n");
    expect(text("notes.md")).toBe("my notes\n");
    expect(dirname(dir)).toBe(parent);
  });
});
