/**
 * Repair of what an interrupted write left beside the directory: every run of {@link writeTree} calls
 * {@link recover} under the lock before it writes.
 */
import { basename, dirname, join } from "node:path";
import { compareCodeUnits } from "../base/object.ts";
import { userEntries } from "./write-tree-entries.ts";
import { fsProblem, lstatOrUndefined, type TreeFs } from "./write-tree-fs.ts";
import type { Siblings } from "./write-tree-lock.ts";

function listed(paths: readonly string[]): string {
  return paths.length > 10
    ? `${paths.slice(0, 10).join(", ")} … (${paths.length - 10} more)`
    : paths.join(", ");
}

/**
 * Repairs what an interrupted write left beside `target` (under the lock): a previous tree moved aside is put
 * back when `target` is missing, and deleted when `target` holds every file of the user's it held; unfinished
 * new trees and half-deleted old ones are deleted. Each step is one rename or the deletion of a copy nobody
 * needs, so a second interruption leaves a state this function repairs too.
 */
export function recover(fs: TreeFs, dir: string, target: string, names: Siblings, notes: string[]): void {
  const parent = dirname(target);
  const exists = (p: string): boolean => lstatOrUndefined(fs, p) !== undefined;
  const legacy = fs
    .readdirSync(parent)
    .sort(compareCodeUnits)
    .map((name) => ({ kind: names.legacy.exec(name)?.[1], path: join(parent, name) }));
  // Never the only copy of anything: a new tree is complete only once the old one is aside (then the old one is
  // the copy kept), and the trash is a tree already replaced.
  for (const p of [names.trash, names.new, ...legacy.filter((l) => l.kind === "new").map((l) => l.path)]) {
    if (!exists(p)) continue;
    fs.rmSync(p, { recursive: true, force: true });
    if (p !== names.trash) notes.push(`deleted ${p}, the unfinished tree of an interrupted write`);
  }
  for (const name of fs.readdirSync(parent)) {
    // A stale lock moved aside by a writer that was interrupted while breaking it.
    if (name.startsWith(`${basename(names.lock)}-stale-`))
      fs.rmSync(join(parent, name), { recursive: true, force: true });
  }
  const olds = [names.old, ...legacy.filter((l) => l.kind === "old").map((l) => l.path)].filter(exists);
  if (olds.length === 0) return;
  if (!exists(target)) {
    if (olds.length > 1) {
      throw fsProblem(dir, [
        {
          path: "",
          code: "interrupted_write",
          message: `${target} is missing, and interrupted writes left several copies of it: ${olds.join(", ")}. Rename the one you want to ${target}, delete the others, and run again`,
        },
      ]);
    }
    const [old] = olds as [string];
    const mine = userEntries(fs, old);
    fs.renameSync(old, target);
    notes.push(
      `restored ${target} from ${old}, where a write interrupted between its two renames had left it${mine.length > 0 ? ` (your files: ${listed(mine)})` : ""}`,
    );
    return;
  }
  for (const old of olds) {
    const missing = userEntries(fs, old).filter((p) => !exists(join(target, p.replace(/\/$/, ""))));
    if (missing.length > 0) {
      throw fsProblem(dir, [
        {
          path: "",
          code: "interrupted_write",
          message: `${old}, left by an interrupted write, holds files of yours that ${target} lacks: ${listed(missing)}. Move them into ${target} (or delete ${old} if you do not need them) and run again`,
        },
      ]);
    }
    fs.renameSync(old, names.trash);
    fs.rmSync(names.trash, { recursive: true, force: true });
    notes.push(
      `deleted ${old}, the previous tree left by an interrupted write (${target} holds the new one)`,
    );
  }
}
