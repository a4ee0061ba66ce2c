import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import {
  addUserFiles,
  child,
  contents,
  eachCase,
  first,
  next2,
  snapshot,
  USER_FILES,
} from "../../test/support/write-tree.ts";
import { writeTree } from "./write-tree.ts";
import type { TreeFs } from "./write-tree-fs.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));
const text = (path: string): string => fs.readFileSync(join(dir, path), "utf8");

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
