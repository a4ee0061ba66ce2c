import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
import {
  addUserFiles,
  child,
  contents,
  eachCase,
  first,
  MANIFEST,
  next2,
  snapshot,
  USER_FILES,
} from "../../test/support/write-tree.ts";
import { writeTree } from "./write-tree.ts";
import type { TreeFs } from "./write-tree-fs.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));

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
