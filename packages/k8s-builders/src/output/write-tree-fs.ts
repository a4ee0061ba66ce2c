/**
 * The file system as {@link writeTree} sees it: the calls it makes ({@link TreeFs}, which `node:fs` satisfies and
 * tests replace), the check of its arguments, and how it reports a failure — a refused input
 * (`INVALID_OPTIONS`) or a file system that failed or stands in the way (`IO_ERROR`).
 */
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { relativePathProblem } from "./paths.ts";
import { MANIFEST_FILE, treeConflicts } from "./tree.ts";

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

/** Every function of {@link TreeFs}: what a caller's `options.fs` must have. */
export const TREE_FS_FUNCTIONS = [
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

export function errnoText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The input was refused (INVALID_OPTIONS). */
export function refusal(dir: string, issues: readonly OptionIssue[]): K8sBuilderError {
  return new K8sBuilderError("writeTree", dir, issues);
}

/** The input was fine; the file system failed or stands in the way (IO_ERROR). */
export function fsProblem(dir: string, issues: readonly OptionIssue[], cause?: unknown): K8sBuilderError {
  const err = new K8sBuilderError("writeTree", dir, issues, "IO_ERROR");
  if (cause !== undefined) err.cause = cause;
  return err;
}

export function ioError(dir: string, path: string, what: string, cause: unknown): K8sBuilderError {
  return fsProblem(dir, [{ path, code: "io_error", message: `${what}: ${errnoText(cause)}` }], cause);
}

export function lstatOrUndefined(fs: TreeFs, path: string): TreeFsStats | undefined {
  try {
    return fs.lstatSync(path);
  } catch (e) {
    if (errnoCode(e) === "ENOENT") return undefined;
    throw e;
  }
}

// ---- input -------------------------------------------------------------------------------------------------

/** The problems of writeTree's arguments: a directory path, a Map of path → text, options with a complete `fs`. */
export function checkInput(dir: unknown, files: unknown, options: unknown): OptionIssue[] {
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
