/**
 * The names a write uses beside the directory (the new tree, the previous one, its trash, the lock), and the
 * lock that keeps a second writer out: a file holding the writer's pid, thread and host, broken when its
 * process is gone.
 */
import { basename, dirname, join } from "node:path";
import type { K8sBuilderError } from "../base/errors.ts";
import { errnoCode, fsProblem, ioError, type TreeFs, type TreeFsStats } from "./write-tree-fs.ts";

// Loaded on first use (process.getBuiltinModule): importing the package does not pay for them.
const createHash: typeof import("node:crypto").createHash = (...args) =>
  process.getBuiltinModule("node:crypto").createHash(...args);
const hostname = (): string => process.getBuiltinModule("node:os").hostname();
const threadId = (): number => process.getBuiltinModule("node:worker_threads").threadId;

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
export interface Siblings {
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

export function siblings(target: string): Siblings {
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
export function acquireLock(fs: TreeFs, dir: string, target: string, lock: string, notes: string[]): void {
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
