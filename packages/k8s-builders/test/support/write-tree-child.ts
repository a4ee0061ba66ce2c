/**
 * `node write-tree-child.ts <dir> <files.json> [--kill-at-rename N]`: writeTree in a process of its own, for the
 * tests that need a second process (a concurrent writer) or a real SIGKILL. Prints `{ ok }` or
 * `{ ok: false, code, issues }` as JSON.
 */
import * as fs from "node:fs";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { writeTree } from "../../src/output/write-tree.ts";
import type { TreeFs } from "../../src/output/write-tree-fs.ts";

const [dir = "", json = "{}", flag, n] = process.argv.slice(2);
const killAt = flag === "--kill-at-rename" ? Number(n) : undefined;
let renames = 0;
const treeFs: TreeFs = {
  ...fs,
  renameSync: (from: string, to: string) => {
    if (++renames === killAt) process.kill(process.pid, "SIGKILL");
    fs.renameSync(from, to);
  },
};
try {
  writeTree(dir, new Map(Object.entries(JSON.parse(json) as Record<string, string>)), { fs: treeFs });
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (e) {
  if (!(e instanceof K8sBuilderError)) throw e;
  process.stdout.write(JSON.stringify({ ok: false, code: e.code, issues: e.issues }));
}
