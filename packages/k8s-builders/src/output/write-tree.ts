/**
 * `writeTree(dir, files)`: the one function of the library that touches the file system. It replaces the files
 * it wrote before and nothing else, and it does so all at once: the new tree is built in a fresh directory next
 * to `dir` (same file system) and swapped in with renames, so a failure at any point leaves the previous tree
 * exactly as it was.
 */
import * as nodeFs from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { relativePathProblem } from "./kustomization.ts";
import { MANIFEST_FILE, treeConflicts } from "./tree.ts";

/** The `generator` recorded in the manifest; a manifest with another generator is not ours. */
export const GENERATOR = "@call-center/k8s-builders";

/** The file-system calls {@link writeTree} makes (a subset of `node:fs`), so a test can make one of them fail. */
export type TreeFs = Pick<
  typeof nodeFs,
  | "chmodSync"
  | "copyFileSync"
  | "linkSync"
  | "lstatSync"
  | "mkdirSync"
  | "readFileSync"
  | "readdirSync"
  | "readlinkSync"
  | "realpathSync"
  | "renameSync"
  | "rmSync"
  | "symlinkSync"
  | "utimesSync"
  | "writeFileSync"
>;

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
  /** Problems that did not stop the write, e.g. a copy of the previous tree that could not be deleted. */
  readonly warnings: readonly string[];
}

/** The manifest file's content. */
interface Manifest {
  readonly generator: string;
  readonly files: readonly string[];
}

type EntryType = "dir" | "file" | "symlink";

interface Entry {
  readonly rel: string;
  readonly type: EntryType;
  /** Permission bits. */
  readonly mode: number;
  /** A directory whose entries were listed one by one (it lies on the way to a file k8s-builders writes). */
  readonly visited: boolean;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function errnoText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function refusal(dir: string, issues: readonly OptionIssue[], cause?: unknown): K8sBuilderError {
  const err = new K8sBuilderError("writeTree", dir, issues);
  if (cause !== undefined) err.cause = cause;
  return err;
}

function ioError(dir: string, path: string, what: string, cause: unknown): K8sBuilderError {
  return refusal(dir, [{ path, code: "io_error", message: `${what}: ${errnoText(cause)}` }], cause);
}

function lstatOrUndefined(fs: TreeFs, path: string): nodeFs.Stats | undefined {
  try {
    return fs.lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** The lines of a manifest file; `undefined` for a file that is not one of ours. */
function parseManifest(text: string): Manifest | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== "object") return undefined;
  const { generator, files } = data as { generator?: unknown; files?: unknown };
  if (generator !== GENERATOR || !Array.isArray(files)) return undefined;
  if (
    !files.every((f) => typeof f === "string" && f !== MANIFEST_FILE && relativePathProblem(f) === undefined)
  ) {
    return undefined;
  }
  return { generator, files: files as string[] };
}

/** The manifest file's text: the generator and the sorted paths it wrote. */
function manifestText(paths: readonly string[]): string {
  const manifest: Manifest = { generator: GENERATOR, files: paths };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Every entry under `root` that lies on the way to a path in `wanted` is listed one by one; any other
 * directory is listed as one entry (its content belongs to the user as a whole). Symbolic links are never
 * followed.
 */
function walk(fs: TreeFs, root: string, wanted: ReadonlySet<string>): Entry[] {
  const prefixes = new Set<string>();
  for (const p of wanted) {
    const segments = p.split("/");
    for (let i = 1; i < segments.length; i++) prefixes.add(segments.slice(0, i).join("/"));
  }
  const out: Entry[] = [];
  const visit = (rel: string): void => {
    const names = (fs.readdirSync(rel === "" ? root : join(root, rel)) as string[]).sort(compare);
    for (const name of names) {
      const child = rel === "" ? name : `${rel}/${name}`;
      if (child === MANIFEST_FILE) continue;
      const st = fs.lstatSync(join(root, child));
      const type: EntryType = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "file";
      const visited = type === "dir" && prefixes.has(child);
      out.push({ rel: child, type, mode: st.mode & 0o7777, visited });
      if (visited) visit(child);
    }
  };
  visit("");
  return out;
}

function listFiles(fs: TreeFs, root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    const names = (fs.readdirSync(rel === "" ? root : join(root, rel)) as string[]).sort(compare);
    for (const name of names) {
      const child = rel === "" ? name : `${rel}/${name}`;
      const st = fs.lstatSync(join(root, child));
      if (st.isDirectory()) {
        const before = out.length;
        visit(child);
        if (out.length === before) out.push(`${child}/`);
      } else out.push(child);
    }
  };
  visit("");
  return out;
}

/** Copies one entry of the user's into the new tree: files as hard links (copies where linking fails). */
function carry(fs: TreeFs, from: string, to: string, type: EntryType, mode: number): void {
  if (type === "symlink") {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (type === "file") {
    try {
      fs.linkSync(from, to);
    } catch {
      const src = fs.lstatSync(from);
      fs.copyFileSync(from, to, nodeFs.constants.COPYFILE_EXCL);
      fs.utimesSync(to, src.atime, src.mtime);
    }
  } else {
    fs.mkdirSync(to);
    for (const name of (fs.readdirSync(from) as string[]).sort(compare)) {
      const st = fs.lstatSync(join(from, name));
      const childType: EntryType = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "file";
      carry(fs, join(from, name), join(to, name), childType, st.mode & 0o7777);
    }
    fs.chmodSync(to, mode);
  }
}

function ancestors(path: string): string[] {
  const segments = path.split("/");
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

/** A name beside `target` that does not exist yet. */
function freshSibling(fs: TreeFs, target: string, tag: string): string {
  for (let n = 0; ; n++) {
    const candidate = join(dirname(target), `.${basename(target)}.k8s-builders-${tag}-${process.pid}-${n}`);
    if (lstatOrUndefined(fs, candidate) === undefined) return candidate;
  }
}

function checkInput(dir: string, files: ReadonlyMap<string, string>): OptionIssue[] {
  const issues: OptionIssue[] = [];
  if (typeof dir !== "string" || dir === "") {
    return [{ path: "", code: "invalid_dir", message: "expected the path of a directory" }];
  }
  if (!(files instanceof Map)) {
    return [
      { path: "", code: "invalid_type", message: "expected a Map of path → text (as renderTree returns)" },
    ];
  }
  for (const [path, text] of files) {
    const problem = relativePathProblem(path);
    if (problem !== undefined) issues.push({ path, code: "invalid_path", message: `"${path}" ${problem}` });
    else if (path === MANIFEST_FILE) {
      issues.push({
        path,
        code: "reserved_path",
        message: `"${path}" is reserved for writeTree's record of the files it wrote`,
      });
    }
    if (typeof text !== "string") {
      issues.push({ path, code: "invalid_type", message: `the content of "${path}" is not a string` });
    }
  }
  if (issues.length === 0) issues.push(...treeConflicts(new Map([...files.keys()].map((p) => [p, p]))));
  return issues;
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
 *   contain it (`invalid_dir`).
 *
 * Atomicity: everything is written into a fresh directory beside `dir`; then `dir` is renamed aside, the new
 * directory renamed into place, and the old copy deleted. A failure before the swap deletes the new directory;
 * a failure during the swap renames the old directory back. A reader may, for an instant, find no `dir`, never
 * a half-written one. Files are flushed to disk before the swap. The parent of `dir` must be writable, and
 * `dir` must not be a mount point (renames cannot cross file systems). Two writeTree calls on one directory
 * at the same time are not supported; a process killed mid-write may leave a `.<dir>.k8s-builders-new-*`
 * directory beside `dir`, which is safe to delete. Errors are one `K8sBuilderError` (builder `writeTree`) whose issues carry a code
 * and the file's path.
 *
 * @example
 * const result = writeTree("k8s", renderTree(objects, "default"));
 * console.log(`wrote ${result.written.length} files, kept ${result.kept.join(", ") || "nothing else"}`);
 */
export function writeTree(
  dir: string,
  files: ReadonlyMap<string, string>,
  options: WriteTreeOptions = {},
): WriteTreeResult {
  const fs = options.fs ?? nodeFs;
  const inputIssues = checkInput(dir, files);
  if (inputIssues.length > 0) throw refusal(dir, inputIssues);

  let target = resolve(dir);
  if (dirname(target) === target) {
    throw refusal(dir, [
      { path: "", code: "invalid_dir", message: "the file-system root cannot be replaced" },
    ]);
  }

  // The directory as it is now.
  let st: nodeFs.Stats | undefined;
  try {
    st = lstatOrUndefined(fs, target);
    if (st?.isSymbolicLink()) {
      target = fs.realpathSync(target);
      st = fs.lstatSync(target);
    }
  } catch (e) {
    throw ioError(dir, "", `cannot read ${target}`, e);
  }
  if (st !== undefined && !st.isDirectory()) {
    throw refusal(dir, [
      { path: "", code: "not_a_directory", message: `${target} exists and is not a directory` },
    ]);
  }
  const cwd = process.cwd();
  if (cwd === target || cwd.startsWith(`${target}${sep}`)) {
    throw refusal(dir, [
      {
        path: "",
        code: "invalid_dir",
        message: `${target} is the current working directory or contains it; it cannot be swapped out`,
      },
    ]);
  }

  const newPaths = [...files.keys()].sort(compare);
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
          throw refusal(dir, [
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
          throw refusal(dir, [
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

  // Whose is each entry: a file listed in the previous manifest is ours, so is a directory on the way to one;
  // everything else is the user's and is carried over (a directory not on the way to ours, as a whole).
  const byPath = new Map(entries.map((e) => [e.rel, e]));
  const ours = entries.filter((e) => e.type !== "dir" && previous.has(e.rel)).map((e) => e.rel);
  const oursSet = new Set(ours);
  const user = entries.filter((e) => (e.type === "dir" ? !e.visited : !oursSet.has(e.rel)));
  const userUnder = (dirPath: string): string[] =>
    user.filter((u) => u.rel.startsWith(`${dirPath}/`)).map((u) => u.rel);
  const collisions: OptionIssue[] = [];
  for (const path of newPaths) {
    const same = byPath.get(path);
    const blocker = ancestors(path)
      .map((a) => byPath.get(a))
      .find((e) => e !== undefined && e.type !== "dir" && !oursSet.has(e.rel));
    const inside = same?.type === "dir" ? (same.visited ? userUnder(path) : [`${path}/`]) : [];
    if (same !== undefined && same.type !== "dir" && !oursSet.has(path)) {
      collisions.push({
        path,
        code: "user_file_collision",
        message: `"${path}" exists and was not written by k8s-builders; it was not overwritten (move it away or change the layout)`,
      });
    } else if (inside.length > 0) {
      collisions.push({
        path,
        code: "user_file_collision",
        message: `"${path}" is a directory holding files k8s-builders did not write (${inside.join(", ")}); it was not touched`,
      });
    } else if (blocker !== undefined) {
      collisions.push({
        path,
        code: "user_file_collision",
        message: `"${path}" needs a directory "${blocker.rel}", which is a file k8s-builders did not write; it was not touched`,
      });
    }
  }
  if (collisions.length > 0) throw refusal(dir, collisions);

  // Build the new tree beside the old one.
  const parent = dirname(target);
  let createdParent: string | undefined;
  let tmp: string | undefined;
  const cleanUp = (): void => {
    if (tmp !== undefined) fs.rmSync(tmp, { recursive: true, force: true });
    if (createdParent !== undefined) fs.rmSync(createdParent, { recursive: true, force: true });
  };
  let step = "";
  try {
    step = `cannot create ${parent}`;
    if (st === undefined) createdParent = fs.mkdirSync(parent, { recursive: true });
    tmp = freshSibling(fs, target, "new");
    step = `cannot create ${tmp}`;
    fs.mkdirSync(tmp);
    const root = tmp;
    for (const e of user) {
      step = `cannot carry over "${e.rel}"`;
      fs.mkdirSync(dirname(join(root, e.rel)), { recursive: true });
      carry(fs, join(target, e.rel), join(root, e.rel), e.type, e.mode);
    }
    for (const path of newPaths) {
      step = `cannot write "${path}"`;
      const to = join(root, path);
      fs.mkdirSync(dirname(to), { recursive: true });
      fs.writeFileSync(to, files.get(path) ?? "", { flag: "wx", flush: true });
    }
    step = `cannot write "${MANIFEST_FILE}"`;
    fs.writeFileSync(join(root, MANIFEST_FILE), manifestText(newPaths), { flag: "wx", flush: true });
    // Directories that are still there keep their permissions (deepest first, while the way is open).
    const kept = entries.filter((e) => e.visited).sort((a, b) => compare(b.rel, a.rel));
    for (const e of kept) {
      if (lstatOrUndefined(fs, join(root, e.rel)) === undefined) continue;
      step = `cannot set the permissions of "${e.rel}/"`;
      fs.chmodSync(join(root, e.rel), e.mode);
    }
    if (st !== undefined) {
      step = `cannot set the permissions of ${target}`;
      fs.chmodSync(root, st.mode & 0o7777);
    }
  } catch (e) {
    const err = ioError(dir, "", step, e);
    try {
      cleanUp();
    } catch (cleanupError) {
      err.message += `\n  (and ${tmp} could not be deleted: ${errnoText(cleanupError)})`;
    }
    throw err;
  }

  // Swap it in.
  const warnings: string[] = [];
  const built = tmp;
  if (st === undefined) {
    try {
      fs.renameSync(built, target);
    } catch (e) {
      const err = ioError(dir, "", `cannot move the new tree to ${target}`, e);
      cleanUp();
      throw err;
    }
  } else {
    const old = freshSibling(fs, target, "old");
    try {
      fs.renameSync(target, old);
    } catch (e) {
      const err = ioError(dir, "", `cannot move ${target} aside`, e);
      cleanUp();
      throw err;
    }
    try {
      fs.renameSync(built, target);
    } catch (e) {
      try {
        fs.renameSync(old, target);
      } catch (restoreError) {
        throw refusal(
          dir,
          [
            {
              path: "",
              code: "io_error",
              message: `cannot move the new tree into place (${errnoText(e)}) nor the previous tree back (${errnoText(restoreError)}): the previous tree is intact at ${old}; the new one is at ${built}`,
            },
          ],
          e,
        );
      }
      const err = ioError(dir, "", `cannot move the new tree to ${target}`, e);
      cleanUp();
      throw err;
    }
    try {
      fs.rmSync(old, { recursive: true, force: true });
    } catch (e) {
      warnings.push(
        `the previous tree was replaced but its copy at ${old} could not be deleted: ${errnoText(e)}`,
      );
    }
  }

  return {
    dir: target,
    written: newPaths,
    removed: ours.filter((p) => !newSet.has(p)),
    kept: user.map((e) => (e.type === "dir" ? `${e.rel}/` : e.rel)),
    warnings,
  };
}
