/** What the command line may touch (passed in, so tests run it without a process), and the real one. */
import { writeTree } from "@call-center/k8s-builders";
import { readRegularFile } from "./input-files.ts";

/** What the CLI may touch. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The bytes of a regular file of at most `maxBytes` bytes. Throws, without reading it, for anything else: a
   * directory, a FIFO or a device (which can block or never end), a larger file.
   */
  readFile(path: string, maxBytes: number): Uint8Array;
  /** Whether `path` is a directory (`false` when it is missing or anything else). */
  isDirectory(path: string): boolean;
  /**
   * Writes the files of `--out` into a directory, atomically (`writeTree`); returns what it repaired from an
   * interrupted earlier run, and problems that did not stop it, for people.
   */
  writeFiles(
    dir: string,
    files: ReadonlyMap<string, string>,
  ): { readonly recovered: readonly string[]; readonly warnings: readonly string[] };
}

let stdoutWatched = false;

/**
 * A closed pipe (`… | head`) or a full disk fails the writes to stdout later, as an 'error' event: one line and
 * exit code 1 for it, instead of Node's stack trace for an unhandled event.
 */
function watchStdout(): void {
  if (stdoutWatched) return;
  stdoutWatched = true;
  let told = false;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    process.exitCode = 1;
    if (told) return;
    told = true;
    process.stderr.write(`error: cannot write the output to stdout: ${e.code ?? e.message}\n`);
  });
}

export const defaultIo: CliIo = {
  stdout: (t) => {
    watchStdout();
    process.stdout.write(t);
  },
  stderr: (t) => process.stderr.write(t),
  readFile: readRegularFile,
  isDirectory: (p) =>
    process.getBuiltinModule("node:fs").statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  writeFiles: (dir, files) => writeTree(dir, files),
};
