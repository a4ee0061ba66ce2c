import * as fs from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { addUserFiles, eachCase, first, next2 } from "../../test/support/write-tree.ts";
import { writeTree } from "./write-tree.ts";
import type { TreeFs } from "./write-tree-fs.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));

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
