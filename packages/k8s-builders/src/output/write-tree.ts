/**
 * `writeTree(dir, files)`: the one function of the library that touches the file system. It replaces the files
 * it wrote before and nothing else, and it does so all at once: the new tree is built in a directory next to
 * `dir` (same file system) and swapped in with two renames. A lock beside `dir` keeps a second writer out, and
 * every run first repairs what an interrupted run left (a process killed between the two renames), so the
 * previous tree or the new one is always there, with every file of the user's.
 */
import * as nodeFs from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { relativePathProblem } from "./paths.ts";
import { MANIFEST_FILE, treeConflicts } from "./tree.ts";

// Loaded on first use (process.getBuiltinModule): importing the package does not pay for them.
const createHash: typeof import("node:crypto").createHash = (...args) =>
  process.getBuiltinModule("node:crypto").createHash(...args);
const hostname = (): string => process.getBuiltinModule("node:os").hostname();
const threadId = (): number => process.getBuiltinModule("node:worker_threads").threadId;

/** The `generator` recorded in the manifest; a manifest with another generator is not ours. */
export const GENERATOR = "@call-center/k8s-builders";

/** What {@link TreeFs}`.lstatSync` returns: the part of `fs.Stats` that {@link writeTree} reads. */
export interface TreeFsStats {
  /** File type and permission bits. */
  readonly mode: number;
  readonly atime: Date;
  readonly mtime: Date;
  isDirectory(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

/**
 * The file-system calls {@link writeTree} makes, with the signatures it uses (`node:fs` satisfies it), so a test
 * can make one of them fail. Declared here rather than picked from `node:fs`, so that the library's types do not
 * need `@types/node`.
 */
export interface TreeFs {
  chmodSync(path: string, mode: number): void;
  copyFileSync(src: string, dest: string, mode: number): void;
  linkSync(existingPath: string, newPath: string): void;
  lstatSync(path: string): TreeFsStats;
  mkdirSync(path: string, options?: { recursive: true }): string | undefined;
  readFileSync(path: string, encoding: "utf8"): string;
  readdirSync(path: string): string[];
  readlinkSync(path: string): string;
  realpathSync(path: string): string;
  renameSync(oldPath: string, newPath: string): void;
  rmdirSync(path: string): void;
  rmSync(path: string, options: { recursive: true; force: true }): void;
  symlinkSync(target: string, path: string): void;
  unlinkSync(path: string): void;
  utimesSync(path: string, atime: Date, mtime: Date): void;
  writeFileSync(path: string, data: string, options: { flag: "wx"; flush?: boolean }): void;
}

const TREE_FS_FUNCTIONS = [
  "chmodSync",
  "copyFileSync",
  "linkSync",
  "lstatSync",
  "mkdirSync",
  "readFileSync",
  "readdirSync",
  "readlinkSync",
  "realpathSync",
  "renameSync",
  "rmdirSync",
  "rmSync",
  "symlinkSync",
  "unlinkSync",
  "utimesSync",
  "writeFileSync",
] as const satisfies readonly (keyof TreeFs)[];

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

function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The input was refused (INVALID_OPTIONS). */
function refusal(dir: string, issues: readonly OptionIssue[]): K8sBuilderError {
  return new K8sBuilderError("writeTree", dir, issues);
}

/** The input was fine; the file system failed or stands in the way (IO_ERROR). */
function fsProblem(dir: string, issues: readonly OptionIssue[], cause?: unknown): K8sBuilderError {
  const err = new K8sBuilderError("writeTree", dir, issues, "IO_ERROR");
  if (cause !== undefined) err.cause = cause;
  return err;
}

function ioError(dir: string, path: string, what: string, cause: unknown): K8sBuilderError {
  return fsProblem(dir, [{ path, code: "io_error", message: `${what}: ${errnoText(cause)}` }], cause);
}

function lstatOrUndefined(fs: TreeFs, path: string): TreeFsStats | undefined {
  try {
    return fs.lstatSync(path);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
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

// ---- names beside the directory ----------------------------------------------------------------------------

/** The longest name a directory entry may have on the file systems we write to (NAME_MAX). */
const NAME_MAX = 255;
const TAG = ".k8s-builders-";
/** The longest suffix added to a stem below: `.k8s-builders-lock-stale-<pid>-<thread>` with 10-digit ids. */
const LONGEST_SUFFIX = `${TAG}lock-stale-0000000000-0000000000`.length;

/** The first `max` bytes of `s` in UTF-8, never cutting a character. */
function truncateBytes(s: string, max: number): string {
  let bytes = 0;
  let out = "";
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/** The names beside `target` that a write uses; each fits within NAME_MAX however long the directory's name is. */
interface Siblings {
  /** The new tree while it is built. */
  readonly new: string;
  /** The previous tree, between the two renames. */
  readonly old: string;
  /** The previous tree once replaced, while it is deleted. */
  readonly trash: string;
  /** The lock file: who is writing. */
  readonly lock: string;
  /** Leftovers of versions that named them `.<dir>.k8s-builders-{new,old}-<pid>-<n>`. */
  readonly legacy: RegExp;
}

function siblings(target: string): Siblings {
  const parent = dirname(target);
  const base = basename(target);
  const room = NAME_MAX - 1 - LONGEST_SUFFIX;
  const stem =
    Buffer.byteLength(base) <= room
      ? base
      : `${truncateBytes(base, room - 17)}~${createHash("sha256").update(base).digest("hex").slice(0, 16)}`;
  const at = (tag: string): string => join(parent, `.${stem}${TAG}${tag}`);
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    new: at("new"),
    old: at("old"),
    trash: at("trash"),
    lock: at("lock"),
    legacy: new RegExp(`^\\.${escaped}\\.k8s-builders-(new|old)-\\d+-\\d+$`),
  };
}

// ---- the lock ----------------------------------------------------------------------------------------------

/** What the lock file holds: who writes. */
interface LockOwner {
  readonly pid: number;
  readonly thread: number;
  readonly host: string;
  readonly started: string;
}

/** How long a lock file may stay unreadable (created, not yet written) before it counts as left by a crash. */
const UNREADABLE_LOCK_MS = 10_000;

function parseLock(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner> | null;
    if (
      o !== null &&
      typeof o === "object" &&
      Number.isSafeInteger(o.pid) &&
      Number.isSafeInteger(o.thread) &&
      typeof o.host === "string" &&
      typeof o.started === "string"
    ) {
      return o as LockOwner;
    }
  } catch {
    // Not JSON: handled below.
  }
  return undefined;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === "EPERM";
  }
}

/** Why the lock is stale, or `undefined` while its owner may still be writing. */
function staleness(owner: LockOwner | undefined, st: TreeFsStats): string | undefined {
  if (owner === undefined) {
    return Date.now() - st.mtime.getTime() > UNREADABLE_LOCK_MS
      ? "an unreadable lock file, more than 10 s old"
      : undefined;
  }
  if (owner.host !== hostname()) return undefined;
  // writeTree is synchronous: a lock of this very thread is from an earlier call that never finished.
  if (owner.pid === process.pid && owner.thread === threadId())
    return `left by this process (pid ${owner.pid})`;
  return processRuns(owner.pid) ? undefined : `process ${owner.pid} is not running`;
}

function lockedError(
  dir: string,
  target: string,
  lock: string,
  owner: LockOwner | undefined,
): K8sBuilderError {
  const who =
    owner === undefined
      ? "another process (its lock file is still being written)"
      : `process ${owner.pid} on ${owner.host}, since ${owner.started},`;
  return fsProblem(dir, [
    {
      path: "",
      code: "tree_locked",
      message: `${target} is being written by ${who} which holds ${lock}. Wait until it finishes and run again; if no such process runs (e.g. the lock came from another machine sharing this folder), delete ${lock}`,
    },
  ]);
}

/** Takes the lock beside the directory, breaking a stale one; throws `tree_locked` while another writer holds it. */
function acquireLock(fs: TreeFs, dir: string, target: string, lock: string, notes: string[]): void {
  const me: LockOwner = {
    pid: process.pid,
    thread: threadId(),
    host: hostname(),
    started: new Date().toISOString(),
  };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(lock, text, { flag: "wx" });
      return;
    } catch (e) {
      if (errnoCode(e) !== "EEXIST") throw ioError(dir, "", `cannot create the lock file ${lock}`, e);
    }
    let held: string;
    let st: TreeFsStats;
    try {
      st = fs.lstatSync(lock);
      held = fs.readFileSync(lock, "utf8");
    } catch (e) {
      if (errnoCode(e) === "ENOENT") continue; // released meanwhile
      throw ioError(dir, "", `cannot read the lock file ${lock}`, e);
    }
    const owner = parseLock(held);
    const reason = staleness(owner, st);
    if (reason === undefined) throw lockedError(dir, target, lock, owner);
    // Break it: move it to a name of our own and delete it only if it is still the stale one, so that two
    // writers breaking the same stale lock cannot both take it.
    const aside = `${lock}-stale-${process.pid}-${threadId()}`;
    try {
      fs.renameSync(lock, aside);
    } catch (e) {
      if (errnoCode(e) === "ENOENT") continue;
      throw ioError(dir, "", `cannot remove the stale lock file ${lock}`, e);
    }
    try {
      if (fs.readFileSync(aside, "utf8") === held) {
        fs.unlinkSync(aside);
        notes.push(`removed a stale lock (${reason})`);
      } else {
        // Another writer took the lock in between: give it back.
        fs.renameSync(aside, lock);
      }
    } catch (e) {
      if (errnoCode(e) !== "ENOENT") throw ioError(dir, "", `cannot remove the stale lock file ${lock}`, e);
    }
  }
  throw lockedError(dir, target, lock, undefined);
}

// ---- recovery ----------------------------------------------------------------------------------------------

/** The entries of a tree that k8s-builders did not write (by its manifest), directories ending in `/`. */
function userEntries(fs: TreeFs, root: string): string[] {
  const mst = lstatOrUndefined(fs, join(root, MANIFEST_FILE));
  const manifest = mst?.isFile()
    ? parseManifest(fs.readFileSync(join(root, MANIFEST_FILE), "utf8"))
    : undefined;
  const ours = new Set(manifest?.files ?? []);
  return walk(fs, root, ours)
    .filter((e) => (e.type === "dir" ? !e.visited : !ours.has(e.rel)))
    .map((e) => (e.type === "dir" ? `${e.rel}/` : e.rel));
}

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
function recover(fs: TreeFs, dir: string, target: string, names: Siblings, notes: string[]): void {
  const parent = dirname(target);
  const exists = (p: string): boolean => lstatOrUndefined(fs, p) !== undefined;
  const legacy = fs
    .readdirSync(parent)
    .sort(compare)
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

// ---- input -------------------------------------------------------------------------------------------------

function checkInput(dir: unknown, files: unknown, options: unknown): OptionIssue[] {
  if (typeof dir !== "string" || dir === "") {
    return [{ path: "", code: "invalid_dir", message: "expected the path of a directory" }];
  }
  if (options !== undefined) {
    if (options === null || typeof options !== "object") {
      return [{ path: "", code: "invalid_type", message: "expected the options as an object, e.g. { fs }" }];
    }
    const fs = (options as { fs?: unknown }).fs;
    if (fs !== undefined) {
      const missing =
        fs === null || typeof fs !== "object"
          ? [...TREE_FS_FUNCTIONS]
          : TREE_FS_FUNCTIONS.filter((f) => typeof (fs as Record<string, unknown>)[f] !== "function");
      if (missing.length > 0) {
        return [
          { path: "", code: "invalid_type", message: `options.fs lacks the functions ${missing.join(", ")}` },
        ];
      }
    }
  }
  if (!(files instanceof Map)) {
    return [
      { path: "", code: "invalid_type", message: "expected a Map of path → text (as renderTree returns)" },
    ];
  }
  const issues: OptionIssue[] = [];
  for (const [path, text] of files as Map<unknown, unknown>) {
    if (typeof path !== "string") {
      issues.push({ path: String(path), code: "invalid_path", message: "a file path is not a string" });
      continue;
    }
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
  if (issues.length === 0) {
    issues.push(...treeConflicts(new Map([...(files as Map<string, string>).keys()].map((p) => [p, p]))));
  }
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
  const fs: TreeFs = options?.fs ?? nodeFs;

  let target = resolve(dir);
  if (dirname(target) === target) {
    throw refusal(dir, [
      { path: "", code: "invalid_dir", message: "the file-system root cannot be replaced" },
    ]);
  }
  try {
    if (lstatOrUndefined(fs, target)?.isSymbolicLink()) target = fs.realpathSync(target);
  } catch (e) {
    throw ioError(dir, "", `cannot read ${target}`, e);
  }
  const cwd = process.cwd();
  if (cwd === target || cwd.startsWith(`${target}${sep}`)) {
    throw refusal(dir, [
      {
        path: "",
        code: "invalid_dir",
        message: `${target} ${cwd === target ? "is" : "contains"} the current working directory: writeTree swaps in a new tree by renaming the directory, which cannot be done to the directory a process is in; write to a subdirectory (e.g. k8s/) or run from elsewhere`,
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
    const kept = entries.filter((e) => e.visited).sort((a, b) => compare(b.rel, a.rel));
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
