import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { type WriteTreeOptions, writeTree } from "./write-tree.ts";
import { GENERATOR } from "./write-tree-entries.ts";
import type { TreeFs } from "./write-tree-fs.ts";

const MANIFEST = ".k8s-builders-manifest.json";
const child = fileURLToPath(new URL("../../test/support/write-tree-child.ts", import.meta.url));
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

describe("writeTree: junk arguments give the library's error", () => {
  it.each([
    { name: "null options", options: null },
    { name: "a string as options", options: "fs" },
    { name: "an fs without functions", options: { fs: {} } },
    { name: "a null fs", options: { fs: null } },
  ])("refuses $name", ({ options }) => {
    const err = builderError(() => writeTree(dir, first, options as unknown as WriteTreeOptions));
    expect(err.code).toBe("INVALID_OPTIONS");
    expect(err.issues.map((i) => i.code)).toEqual(["invalid_type"]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("refuses a Map with a key that is not a string", () => {
    const files = new Map<unknown, unknown>([[1, "x"]]) as unknown as Map<string, string>;
    expectIssue(() => writeTree(dir, files), "invalid_path", "1");
  });
});

/** The user's files of the recovery tests: a file, a folder, a symbolic link, a file inside a generated folder. */
function addUserFiles(at: string): void {
  fs.writeFileSync(join(at, "notes.md"), "my notes\n");
  fs.mkdirSync(join(at, "overlays", "prod"), { recursive: true });
  fs.writeFileSync(join(at, "overlays", "prod", "kustomization.yml"), "resources:\n  - ../..\n");
  fs.symlinkSync("api/deployment.yml", join(at, "link.yml"));
  fs.writeFileSync(join(at, "old", "keep.txt"), "inside a generated directory\n");
}

/** What a tree holds, without inode numbers and times (a copy is as good as the original here). */
function contents(at: string): Record<string, Omit<Node, "ino" | "mtimeMs">> {
  return Object.fromEntries(
    Object.entries(snapshot(at)).map(([k, { ino: _, mtimeMs: __, ...rest }]) => [k, rest]),
  );
}

const USER_FILES = ["link.yml", "notes.md", "old/keep.txt", "overlays/prod/kustomization.yml"];
const next2 = tree({ "api/deployment.yml": "kind: Deployment\nspec: {}\n", "db/statefulset.yml": "x\n" });

describe("writeTree: a process killed at any file-system call loses nothing, and the next run repairs it", () => {
  class Killed extends Error {}
  const FUNCTIONS = Object.keys(fs).filter((k) => k.endsWith("Sync")) as (keyof TreeFs)[];

  /** node:fs without the flush to disk, which only costs time here (hundreds of writes). */
  const fast: TreeFs = {
    ...fs,
    writeFileSync: (path: string, data: string, options: { flag: "wx" }) =>
      fs.writeFileSync(path, data, { flag: options.flag }),
  };

  /** {@link fast}, dead from the `n`-th call on: that call and every later one throw, as if the process had died. */
  function killedAt(n: number): { fs: TreeFs; calls: () => number } {
    let calls = 0;
    const real = fast as unknown as Record<string, (...args: unknown[]) => unknown>;
    const wrapped = Object.fromEntries(
      FUNCTIONS.map((name) => [
        name,
        (...args: unknown[]) => {
          if (++calls >= n) throw new Killed(`killed at call ${n} (${name})`);
          return real[name]?.(...args);
        },
      ]),
    );
    return { fs: wrapped as unknown as TreeFs, calls: () => calls };
  }

  /** Runs a write that gets killed: it throws, or (killed at its last call, unlocking) returns a tree in place. */
  function killedWrite(write: () => unknown): void {
    try {
      write();
    } catch (e) {
      const cause = e instanceof Error ? e.cause : undefined;
      if (!(e instanceof Killed) && !(cause instanceof Killed)) throw e;
    }
  }

  /** The previous tree and the new one, as a clean run leaves them. */
  function expectedTrees(): { before: ReturnType<typeof contents>; after: ReturnType<typeof contents> } {
    const scratch = join(parent, "scratch");
    writeTree(scratch, first, { fs: fast });
    addUserFiles(scratch);
    const before = contents(scratch);
    writeTree(scratch, next2, { fs: fast });
    const after = contents(scratch);
    fs.rmSync(scratch, { recursive: true });
    return { before, after };
  }

  it("at every call of a rewrite (the swap included)", () => {
    const { before, after } = expectedTrees();
    // How many calls a rewrite makes.
    writeTree(dir, first);
    addUserFiles(dir);
    const counting = killedAt(Number.POSITIVE_INFINITY);
    writeTree(dir, next2, { fs: counting.fs });
    const total = counting.calls();
    expect(total).toBeGreaterThan(30);
    fs.rmSync(parent, { recursive: true });

    for (let n = 1; n <= total; n++) {
      fs.mkdirSync(parent);
      writeTree(dir, first, { fs: fast });
      addUserFiles(dir);
      killedWrite(() => writeTree(dir, next2, { fs: killedAt(n).fs }));
      // Right after the kill: the previous tree or the new one is complete, in place or (between the two
      // renames) aside, with every file of the user's.
      const aside = join(parent, ".k8s.k8s-builders-old");
      const left = contents(fs.existsSync(dir) ? dir : aside);
      expect([before, after], `kill at call ${n}`).toContainEqual(left);
      // The next run repairs whatever was left and writes the new tree.
      const result = writeTree(dir, next2, { fs: fast });
      expect(contents(dir), `kill at call ${n}`).toEqual(after);
      expect(fs.readdirSync(parent), `kill at call ${n}`).toEqual(["k8s"]);
      if (!fs.existsSync(aside) && left === before) expect(result.recovered.length).toBeGreaterThan(0);
      fs.rmSync(parent, { recursive: true });
    }
    fs.mkdirSync(parent);
  }, 60_000);

  it("at every call of a first write into a missing directory", () => {
    const counting = killedAt(Number.POSITIVE_INFINITY);
    writeTree(dir, first, { fs: counting.fs });
    const total = counting.calls();
    fs.rmSync(parent, { recursive: true });
    for (let n = 1; n <= total; n++) {
      fs.mkdirSync(parent);
      killedWrite(() => writeTree(dir, first, { fs: killedAt(n).fs }));
      writeTree(dir, next2, { fs: fast });
      expect(Object.keys(snapshot(dir))).toEqual([
        MANIFEST,
        "api/",
        "api/deployment.yml",
        "db/",
        "db/statefulset.yml",
      ]);
      expect(fs.readdirSync(parent), `kill at call ${n}`).toEqual(["k8s"]);
      fs.rmSync(parent, { recursive: true });
    }
    fs.mkdirSync(parent);
  }, 60_000);

  it("with a real SIGKILL between the two renames, the next run puts the tree and the user's files back", () => {
    writeTree(dir, first);
    addUserFiles(dir);
    const before = contents(dir);
    const r = spawnSync(
      process.execPath,
      [child, dir, JSON.stringify(Object.fromEntries(next2)), "--kill-at-rename", "2"],
      { encoding: "utf8" },
    );
    expect(r.signal).toBe("SIGKILL");
    expect(fs.existsSync(dir)).toBe(false);
    expect(contents(join(parent, ".k8s.k8s-builders-old"))).toEqual(before);

    const result = writeTree(dir, next2);
    expect(result.recovered).toContainEqual(
      expect.stringMatching(/^removed a stale lock \(process \d+ is not running\)$/),
    );
    expect(result.recovered).toContainEqual(
      expect.stringContaining(`restored ${dir} from ${join(parent, ".k8s.k8s-builders-old")}`),
    );
    expect(result.recovered.join("\n")).toContain("your files: link.yml, notes.md, old/keep.txt, overlays/");
    for (const f of USER_FILES) expect(contents(dir)[f], f).toEqual(before[f]);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });
});

describe("writeTree: leftovers of earlier versions", () => {
  it("puts back a tree that an older version left aside as .<dir>.k8s-builders-old-<pid>-<n>", () => {
    writeTree(dir, first);
    addUserFiles(dir);
    const before = contents(dir);
    const legacy = join(parent, ".k8s.k8s-builders-old-4242-0");
    fs.renameSync(dir, legacy);
    fs.mkdirSync(join(parent, ".k8s.k8s-builders-new-4242-0"));
    const result = writeTree(dir, next2);
    expect(result.recovered).toEqual([
      `deleted ${join(parent, ".k8s.k8s-builders-new-4242-0")}, the unfinished tree of an interrupted write`,
      `restored ${dir} from ${legacy}, where a write interrupted between its two renames had left it (your files: link.yml, notes.md, old/keep.txt, overlays/)`,
    ]);
    for (const f of USER_FILES) expect(contents(dir)[f], f).toEqual(before[f]);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("refuses, naming them, when a leftover holds user files that the directory lacks", () => {
    writeTree(dir, first);
    addUserFiles(dir);
    const legacy = join(parent, ".k8s.k8s-builders-old-4242-0");
    fs.renameSync(dir, legacy);
    // What an older version's next run did: a fresh tree without the user's files.
    writeTree(join(parent, "fresh"), first);
    fs.renameSync(join(parent, "fresh"), dir);
    const aside = snapshot(legacy);
    const current = snapshot(dir);
    const err = builderError(() => writeTree(dir, next2));
    expect(err.code).toBe("IO_ERROR");
    expect(err.issues.map((i) => i.code)).toEqual(["interrupted_write"]);
    expect(err.message).toContain(
      `${legacy}, left by an interrupted write, holds files of yours that ${dir} lacks: link.yml, notes.md, old/keep.txt, overlays/`,
    );
    expect(snapshot(legacy)).toEqual(aside);
    expect(snapshot(dir)).toEqual(current);
  });
});

describe("writeTree: one writer at a time", () => {
  const lock = (): string => join(parent, ".k8s.k8s-builders-lock");

  it("refuses a second writer while the first is between its two renames; the first keeps every user file", () => {
    writeTree(dir, first);
    addUserFiles(dir);
    const before = contents(dir);
    let renames = 0;
    let second: { ok: boolean; code?: string; issues?: { code: string; message: string }[] } | undefined;
    const pausing: TreeFs = {
      ...fs,
      renameSync: (from: string, to: string) => {
        fs.renameSync(from, to);
        // Paused between its renames, while another process runs writeTree on the same directory.
        if (++renames === 1) {
          const r = spawnSync(process.execPath, [child, dir, JSON.stringify({ "x.yml": "x\n" })], {
            encoding: "utf8",
          });
          second = JSON.parse(r.stdout);
        }
      },
    };
    writeTree(dir, next2, { fs: pausing });
    expect(second?.ok).toBe(false);
    expect(second?.code).toBe("IO_ERROR");
    expect(second?.issues?.map((i) => i.code)).toEqual(["tree_locked"]);
    expect(second?.issues?.[0]?.message).toContain(`is being written by process ${process.pid} on `);
    expect(second?.issues?.[0]?.message).toContain(`delete ${lock()}`);
    for (const f of USER_FILES) expect(contents(dir)[f], f).toEqual(before[f]);
    expect(text("db/statefulset.yml")).toBe("x\n");
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("refuses while a running process holds the lock, and changes nothing", () => {
    writeTree(dir, first);
    const owner = { pid: process.ppid, thread: 0, host: hostname(), started: "2026-01-01T00:00:00.000Z" };
    fs.writeFileSync(lock(), JSON.stringify(owner));
    const before = snapshot(dir);
    const err = builderError(() => writeTree(dir, next2));
    expect(err.issues).toEqual([expect.objectContaining({ code: "tree_locked", path: "" })]);
    expect(err.issues[0]?.message).toContain(`process ${process.ppid} on ${hostname()}, since 2026-01-01`);
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readFileSync(lock(), "utf8")).toBe(JSON.stringify(owner));
  });

  it("takes over the lock of a process that is gone, and says so", () => {
    writeTree(dir, first);
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const pid = Number(gone.stdout);
    fs.writeFileSync(lock(), JSON.stringify({ pid, thread: 0, host: hostname(), started: "x" }));
    const result = writeTree(dir, next2);
    expect(result.recovered).toEqual([`removed a stale lock (process ${pid} is not running)`]);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("waits for an unreadable lock while it is fresh, and takes it over once it is old", () => {
    writeTree(dir, first);
    fs.writeFileSync(lock(), "");
    expectIssue(() => writeTree(dir, next2), "tree_locked", "");
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lock(), minuteAgo, minuteAgo);
    expect(writeTree(dir, next2).recovered).toEqual([
      "removed a stale lock (an unreadable lock file, more than 10 s old)",
    ]);
  });
});

describe("writeTree: long names", () => {
  it.each([
    { name: "250 ASCII characters", base: "a".repeat(250) },
    { name: "84 three-byte characters (252 bytes)", base: "€".repeat(84) },
  ])("writes a directory named with $name; its temporary names fit in 255 bytes", ({ base }) => {
    dir = join(parent, base);
    writeTree(dir, first);
    addUserFiles(dir);
    const seen = new Set<string>();
    const watching: TreeFs = {
      ...fs,
      mkdirSync: ((path: string, options?: { recursive: true }) => {
        seen.add(basename(path));
        return fs.mkdirSync(path, options);
      }) as TreeFs["mkdirSync"],
      renameSync: (from: string, to: string) => {
        seen.add(basename(to));
        fs.renameSync(from, to);
      },
      writeFileSync: (path: string, data: string, options: { flag: "wx"; flush?: boolean }) => {
        seen.add(basename(path));
        fs.writeFileSync(path, data, options);
      },
    };
    const result = writeTree(dir, next2, { fs: watching });
    expect(result.kept).toContain("notes.md");
    const temporary = [...seen].filter((n) => n.includes(".k8s-builders-"));
    expect(temporary.length).toBeGreaterThanOrEqual(3);
    for (const n of temporary) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255);
    expect(fs.readdirSync(parent)).toEqual([base]);
  });
});
