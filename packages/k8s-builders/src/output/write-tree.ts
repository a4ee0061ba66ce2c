/**
 * `writeTree(dir, files)`: the one function of the library that touches the file system. It replaces the files
 * it wrote before and nothing else, and it does so all at once: the new tree is built in a directory next to
 * `dir` (same file system) and swapped in with two renames. A lock beside `dir` keeps a second writer out, and
 * every run first repairs what an interrupted run left (a process killed between the two renames), so the
 * previous tree or the new one is always there, with every file of the user's.
 */
import { dirname, join, resolve, sep } from "node:path";
import { K8sBuilderError } from "../base/errors.ts";
import { compareCodeUnits } from "../base/object.ts";
import { MANIFEST_FILE } from "./tree.ts";
import {
  carry,
  type Entry,
  GENERATOR,
  listFiles,
  manifestText,
  ownership,
  parseManifest,
  walk,
} from "./write-tree-entries.ts";
import {
  checkInput,
  errnoText,
  fsProblem,
  ioError,
  lstatOrUndefined,
  refusal,
  type TreeFs,
  type TreeFsStats,
} from "./write-tree-fs.ts";
import { acquireLock, type Siblings, siblings } from "./write-tree-lock.ts";
import { recover } from "./write-tree-recovery.ts";

/** Options of {@link writeTree}. */
export interface WriteTreeOptions {
  /** The file-system functions to use; tests pass a copy with one function that throws. @default node:fs */
  readonly fs?: TreeFs;
}

/** What {@link writeTree} did, paths relative to the directory and sorted. */
export interface WriteTreeResult {
  /** The directory written, absolute (symbolic links resolved). */
  readonly dir: string;
  /** Every file of the new tree (the manifest file aside). */
  readonly written: readonly string[];
  /** Files written by an earlier run that this run no longer generates, now deleted. */
  readonly removed: readonly string[];
  /** Files and directories that k8s-builders did not write, carried over unchanged (directories end in `/`). */
  readonly kept: readonly string[];
  /**
   * What this run repaired before writing, for people: a tree put back after an interrupted write, leftovers
   * deleted, a stale lock removed. Empty when the previous run finished.
   */
  readonly recovered: readonly string[];
  /** Problems that did not stop the write, e.g. a copy of the previous tree that could not be deleted. */
  readonly warnings: readonly string[];
}

/**
 * Writes a tree of files (path relative to `dir` → text, e.g. from `renderTree`) into `dir`, atomically, and
 * records the paths it wrote in `dir/.k8s-builders-manifest.json` (`{ generator, files }`, sorted).
 *
 * Ownership rules:
 * - A file listed in the previous manifest is k8s-builders' own: it is replaced, or deleted when it is no
 *   longer generated. Edits made to such a file by hand are lost.
 * - Anything else in `dir` (a `notes.md`, a directory k8s-builders never wrote) belongs to the user: it is
 *   carried over into the new tree unchanged (hard-linked, or copied when the file system cannot link).
 * - If a file to write collides with the user's (same path, or a file where a directory is needed, or the
 *   reverse), nothing is written: the error names each such file (`user_file_collision`).
 * - If `dir` exists, is not empty and has no manifest, nothing is written (`unmanaged_directory`): choose an
 *   empty directory or remove the files. A manifest that is not valid JSON from this generator is refused too
 *   (`invalid_manifest`).
 * - `dir` may be missing (it is created, with its parents). It may not be the current working directory or
 *   contain it (`invalid_dir`): the swap renames `dir`, which cannot be done to the directory a process is in.
 *
 * Atomicity: everything is written into `.<dir>.k8s-builders-new` beside `dir` and flushed; then `dir` is
 * renamed to `.<dir>.k8s-builders-old`, the new tree renamed into place, and the old one deleted. A failure
 * before the swap deletes the new tree; a failure during the swap renames the old one back. A process killed
 * at any point leaves the previous tree or the new one, each with every file of the user's, and the next
 * writeTree on `dir` repairs it first: it puts `.<dir>.k8s-builders-old` back when `dir` is missing, deletes
 * leftovers, and says so in `recovered`. Do not delete the `-old` folder yourself while `dir` is missing: it is
 * your tree. (Names of very long directories are shortened with a hash to fit in 255 bytes.)
 *
 * Two writers: `.<dir>.k8s-builders-lock` beside `dir` holds the writer's pid and host; a second writeTree on
 * the same directory fails with `tree_locked` while that process runs, and takes over a lock whose process is
 * gone. The parent of `dir` must be writable, and `dir` must not be a mount point (renames cannot cross file
 * systems).
 *
 * Errors are one `K8sBuilderError` (builder `writeTree`): code `INVALID_OPTIONS` for bad arguments, `IO_ERROR`
 * when the file system failed or stands in the way (I/O errors, files of the user's in the way, a lock); each
 * issue carries a code and the file's path.
 *
 * @example
 * const result = writeTree("k8s", renderTree(objects, "default"));
 * console.log(`wrote ${result.written.length} files, kept ${result.kept.join(", ") || "nothing else"}`);
 */
export function writeTree(
  dir: string,
  files: ReadonlyMap<string, string>,
  options?: WriteTreeOptions,
): WriteTreeResult {
  const inputIssues = checkInput(dir, files, options);
  if (inputIssues.length > 0) throw refusal(typeof dir === "string" ? dir : "", inputIssues);
  // node:fs on first use (process.getBuiltinModule): importing it loads its streams and promises (~2 ms).
  const fs: TreeFs = options?.fs ?? process.getBuiltinModule("node:fs");

  let target = resolve(dir);
  if (dirname(target) === target) {
    throw refusal(dir, [
      { path: "", code: "invalid_dir", message: "the file-system root cannot be replaced" },
    ]);
  }
  // The real path of what is at `dir`: the swap renames the directory a symlink `dir` points to, and the working
  // directory is compared with it (`dir` may reach the working directory through a symlink in its path).
  let realTarget = target;
  try {
    const there = lstatOrUndefined(fs, target);
    if (there !== undefined) realTarget = fs.realpathSync(target);
    if (there?.isSymbolicLink()) target = realTarget;
  } catch (e) {
    throw ioError(dir, "", `cannot read ${target}`, e);
  }
  const cwd = process.cwd();
  let realCwd = cwd;
  try {
    // The process's own directory, on the real file system (not an injected one); where a parent of it cannot be
    // read, process.cwd() is already the physical path.
    realCwd = process.getBuiltinModule("node:fs").realpathSync(cwd);
  } catch {}
  if (realCwd === realTarget || realCwd.startsWith(`${realTarget}${sep}`)) {
    throw refusal(dir, [
      {
        path: "",
        code: "invalid_dir",
        message: `${target} ${realCwd === realTarget ? "is" : "contains"} the current working directory: writeTree swaps in a new tree by renaming the directory, which cannot be done to the directory a process is in; write to a subdirectory (e.g. k8s/) or run from elsewhere`,
      },
    ]);
  }

  // The parent, then the lock beside the directory.
  const parent = dirname(target);
  const names = siblings(target);
  let createdParent: string | undefined;
  try {
    createdParent = fs.mkdirSync(parent, { recursive: true }) ?? undefined;
  } catch (e) {
    throw ioError(dir, "", `cannot create ${parent}`, e);
  }
  /** Undoes what this run made before the swap: the parents it created, if they are still empty. */
  const removeCreatedParents = (): void => {
    if (createdParent === undefined) return;
    for (let d = parent; d.length >= createdParent.length; d = dirname(d)) {
      try {
        fs.rmdirSync(d);
      } catch {
        return;
      }
    }
  };
  const recovered: string[] = [];
  try {
    acquireLock(fs, dir, target, names.lock, recovered);
  } catch (e) {
    removeCreatedParents();
    throw e;
  }
  let result: WriteTreeResult | undefined;
  try {
    try {
      recover(fs, dir, target, names, recovered);
    } catch (e) {
      if (e instanceof K8sBuilderError) throw e;
      throw ioError(dir, "", `cannot repair what an interrupted write left beside ${target}`, e);
    }
    result = writeLocked(fs, dir, target, names, files, recovered);
  } finally {
    let unlockError: unknown;
    try {
      fs.unlinkSync(names.lock);
    } catch (e) {
      unlockError = e;
    }
    if (result === undefined) removeCreatedParents();
    else if (unlockError !== undefined) {
      (result.warnings as string[]).push(
        `the lock file ${names.lock} could not be deleted (the next run takes it over): ${errnoText(unlockError)}`,
      );
    }
  }
  return result;
}

/** The write itself, under the lock, after recovery. */
function writeLocked(
  fs: TreeFs,
  dir: string,
  target: string,
  names: Siblings,
  files: ReadonlyMap<string, string>,
  recovered: readonly string[],
): WriteTreeResult {
  // The directory as it is now.
  let st: TreeFsStats | undefined;
  try {
    st = lstatOrUndefined(fs, target);
  } catch (e) {
    throw ioError(dir, "", `cannot read ${target}`, e);
  }
  if (st !== undefined && !st.isDirectory()) {
    throw fsProblem(dir, [
      { path: "", code: "not_a_directory", message: `${target} exists and is not a directory` },
    ]);
  }

  const newPaths = [...files.keys()].sort(compareCodeUnits);
  const newSet = new Set(newPaths);
  let previous = new Set<string>();
  let entries: Entry[] = [];
  if (st !== undefined) {
    try {
      const manifestPath = join(target, MANIFEST_FILE);
      const mst = lstatOrUndefined(fs, manifestPath);
      if (mst === undefined) {
        const found = listFiles(fs, target);
        if (found.length > 0) {
          const shown = found.length > 20 ? [...found.slice(0, 20), `… (${found.length - 20} more)`] : found;
          throw fsProblem(dir, [
            {
              path: "",
              code: "unmanaged_directory",
              message: `${dir} has files k8s-builders did not write: ${shown.join(", ")}; choose an empty directory or remove them`,
            },
          ]);
        }
      } else {
        const manifest = mst.isFile() ? parseManifest(fs.readFileSync(manifestPath, "utf8")) : undefined;
        if (manifest === undefined) {
          throw fsProblem(dir, [
            {
              path: MANIFEST_FILE,
              code: "invalid_manifest",
              message: `${MANIFEST_FILE} is not a manifest written by ${GENERATOR}; it was left as it is, and so was everything else`,
            },
          ]);
        }
        previous = new Set(manifest.files);
      }
      entries = walk(fs, target, new Set([...previous, ...newPaths]));
    } catch (e) {
      if (e instanceof K8sBuilderError) throw e;
      throw ioError(dir, "", `cannot read ${target}`, e);
    }
  }

  const { ours, user, collisions } = ownership(entries, previous, newPaths);
  if (collisions.length > 0) throw fsProblem(dir, collisions);

  // Build the new tree beside the old one.
  const built = names.new;
  let step = `cannot create ${built}`;
  try {
    fs.mkdirSync(built);
    for (const e of user) {
      step = `cannot carry over "${e.rel}"`;
      fs.mkdirSync(dirname(join(built, e.rel)), { recursive: true });
      carry(fs, join(target, e.rel), join(built, e.rel), e.type, e.mode);
    }
    for (const path of newPaths) {
      step = `cannot write "${path}"`;
      const to = join(built, path);
      fs.mkdirSync(dirname(to), { recursive: true });
      fs.writeFileSync(to, files.get(path) ?? "", { flag: "wx", flush: true });
    }
    step = `cannot write "${MANIFEST_FILE}"`;
    fs.writeFileSync(join(built, MANIFEST_FILE), manifestText(newPaths), { flag: "wx", flush: true });
    // Directories that are still there keep their permissions (deepest first, while the way is open).
    const kept = entries.filter((e) => e.visited).sort((a, b) => compareCodeUnits(b.rel, a.rel));
    for (const e of kept) {
      if (lstatOrUndefined(fs, join(built, e.rel)) === undefined) continue;
      step = `cannot set the permissions of "${e.rel}/"`;
      fs.chmodSync(join(built, e.rel), e.mode);
    }
    if (st !== undefined) {
      step = `cannot set the permissions of ${target}`;
      fs.chmodSync(built, st.mode & 0o7777);
    }
  } catch (e) {
    const err = ioError(dir, "", step, e);
    try {
      fs.rmSync(built, { recursive: true, force: true });
    } catch (cleanupError) {
      err.message += `\n  (and ${built} could not be deleted: ${errnoText(cleanupError)}; the next run deletes it)`;
    }
    throw err;
  }

  // Swap it in.
  const warnings: string[] = [];
  const dropBuilt = (err: K8sBuilderError): K8sBuilderError => {
    try {
      fs.rmSync(built, { recursive: true, force: true });
    } catch {
      // The next run deletes it.
    }
    return err;
  };
  if (st === undefined) {
    try {
      fs.renameSync(built, target);
    } catch (e) {
      throw dropBuilt(ioError(dir, "", `cannot move the new tree to ${target}`, e));
    }
  } else {
    try {
      fs.renameSync(target, names.old);
    } catch (e) {
      throw dropBuilt(ioError(dir, "", `cannot move ${target} aside`, e));
    }
    try {
      fs.renameSync(built, target);
    } catch (e) {
      try {
        fs.renameSync(names.old, target);
      } catch (restoreError) {
        throw dropBuilt(
          fsProblem(
            dir,
            [
              {
                path: "",
                code: "io_error",
                message: `cannot move the new tree into place (${errnoText(e)}) nor the previous tree back (${errnoText(restoreError)}): the previous tree is intact at ${names.old}, and the next writeTree on ${dir} puts it back`,
              },
            ],
            e,
          ),
        );
      }
      throw dropBuilt(ioError(dir, "", `cannot move the new tree to ${target}`, e));
    }
    try {
      fs.renameSync(names.old, names.trash);
      fs.rmSync(names.trash, { recursive: true, force: true });
    } catch (e) {
      warnings.push(
        `the previous tree was replaced but its copy beside ${target} could not be deleted (the next run deletes it): ${errnoText(e)}`,
      );
    }
  }

  return {
    dir: target,
    written: newPaths,
    removed: ours.filter((p) => !newSet.has(p)),
    kept: user.map((e) => (e.type === "dir" ? `${e.rel}/` : e.rel)),
    recovered,
    warnings,
  };
}
