/**
 * What a tree directory holds and whose each entry is: the manifest that lists the files k8s-builders wrote
 * (`.k8s-builders-manifest.json`), the walk that tells them from the user's, and the copy of the user's entries
 * into a new tree.
 */
import { join } from "node:path";
import type { OptionIssue } from "../base/errors.ts";
import { compareCodeUnits } from "../base/object.ts";
import { relativePathProblem } from "./paths.ts";
import { MANIFEST_FILE } from "./tree.ts";
import { lstatOrUndefined, type TreeFs } from "./write-tree-fs.ts";

/** The `generator` recorded in the manifest; a manifest with another generator is not ours. */
export const GENERATOR = "@call-center/k8s-builders";

/** The manifest file's content. */
interface Manifest {
  readonly generator: string;
  readonly files: readonly string[];
}

export type EntryType = "dir" | "file" | "symlink";

/** One entry of a tree directory, relative to it. */
export interface Entry {
  readonly rel: string;
  readonly type: EntryType;
  /** Permission bits. */
  readonly mode: number;
  /** A directory whose entries were listed one by one (it lies on the way to a file k8s-builders writes). */
  readonly visited: boolean;
}

/** The content of a manifest file; `undefined` for a file that is not one of ours. */
export function parseManifest(text: string): Manifest | undefined {
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
export function manifestText(paths: readonly string[]): string {
  const manifest: Manifest = { generator: GENERATOR, files: paths };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Every entry under `root` that lies on the way to a path in `wanted` is listed one by one; any other
 * directory is listed as one entry (its content belongs to the user as a whole). Symbolic links are never
 * followed.
 */
export function walk(fs: TreeFs, root: string, wanted: ReadonlySet<string>): Entry[] {
  const prefixes = new Set<string>();
  for (const p of wanted) {
    const segments = p.split("/");
    for (let i = 1; i < segments.length; i++) prefixes.add(segments.slice(0, i).join("/"));
  }
  const out: Entry[] = [];
  const visit = (rel: string): void => {
    const names = (fs.readdirSync(rel === "" ? root : join(root, rel)) as string[]).sort(compareCodeUnits);
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

/** Every file under `root`, and every empty directory (ending in `/`), sorted; links are not followed. */
export function listFiles(fs: TreeFs, root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    const names = (fs.readdirSync(rel === "" ? root : join(root, rel)) as string[]).sort(compareCodeUnits);
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
export function carry(fs: TreeFs, from: string, to: string, type: EntryType, mode: number): void {
  if (type === "symlink") {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (type === "file") {
    try {
      fs.linkSync(from, to);
    } catch {
      const src = fs.lstatSync(from);
      fs.copyFileSync(from, to, process.getBuiltinModule("node:fs").constants.COPYFILE_EXCL);
      fs.utimesSync(to, src.atime, src.mtime);
    }
  } else {
    fs.mkdirSync(to);
    for (const name of (fs.readdirSync(from) as string[]).sort(compareCodeUnits)) {
      const st = fs.lstatSync(join(from, name));
      const childType: EntryType = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "file";
      carry(fs, join(from, name), join(to, name), childType, st.mode & 0o7777);
    }
    fs.chmodSync(to, mode);
  }
}

/** The directories on the way to `path`: `a/b/c` → `a`, `a/b`. */
export function ancestors(path: string): string[] {
  const segments = path.split("/");
  return segments.slice(1).map((_, i) => segments.slice(0, i + 1).join("/"));
}

/** The entries of a tree that k8s-builders did not write (by its manifest), directories ending in `/`. */
export function userEntries(fs: TreeFs, root: string): string[] {
  const mst = lstatOrUndefined(fs, join(root, MANIFEST_FILE));
  const manifest = mst?.isFile()
    ? parseManifest(fs.readFileSync(join(root, MANIFEST_FILE), "utf8"))
    : undefined;
  const ours = new Set(manifest?.files ?? []);
  return walk(fs, root, ours)
    .filter((e) => (e.type === "dir" ? !e.visited : !ours.has(e.rel)))
    .map((e) => (e.type === "dir" ? `${e.rel}/` : e.rel));
}

/** Whose the entries of the tree being replaced are, and the files to write that would overwrite the user's. */
export interface Ownership {
  /** Files listed in the previous manifest (k8s-builders' own), as found. */
  readonly ours: readonly string[];
  /** Everything else, carried over into the new tree (a directory not on the way to ours, as a whole). */
  readonly user: readonly Entry[];
  /** One `user_file_collision` per file to write that the user's entries stand in the way of. */
  readonly collisions: readonly OptionIssue[];
}

/**
 * Whose each entry is: a file listed in the previous manifest is ours, so is a directory on the way to one;
 * everything else is the user's. A new path collides with a file of the user's at that path, a directory of the
 * user's files there, or a file of the user's where the path needs a directory.
 */
export function ownership(
  entries: readonly Entry[],
  previous: ReadonlySet<string>,
  newPaths: readonly string[],
): Ownership {
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
  return { ours, user, collisions };
}
