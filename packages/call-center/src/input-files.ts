/**
 * Reading the files a user names on the command line: regular files only, within a size limit, UTF-8 text only.
 */

function mebibytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/** Reads a regular file within a size limit; the checks run on the open file, before any byte is read. */
export function readRegularFile(path: string, maxBytes: number): Uint8Array {
  // node:fs on first use (process.getBuiltinModule): importing the package does not load it.
  const { closeSync, constants, fstatSync, openSync, readSync } = process.getBuiltinModule("node:fs");
  // O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of waiting for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new Error("it is a directory");
    if (!st.isFile()) {
      throw new Error("it is not a regular file (a FIFO, a device or a socket can block or never end)");
    }
    if (st.size > maxBytes) {
      throw new Error(`it is ${st.size} bytes, more than the ${mebibytes(maxBytes)} allowed`);
    }
    const buffer = Buffer.alloc(st.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new Error(`it grew past the ${mebibytes(maxBytes)} allowed while read`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Why `bytes` are not UTF-8, with the line and column of the first bad byte; `undefined` when they are. */
function utf8Problem(bytes: Uint8Array): string | undefined {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    // Lead byte → continuation bytes and the allowed range of the first one (no overlongs, no surrogates).
    const [count, lo, hi] =
      b < 0x80
        ? [0, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [1, 0x80, 0xbf]
          : b === 0xe0
            ? [2, 0xa0, 0xbf]
            : b === 0xed
              ? [2, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [2, 0x80, 0xbf]
                : b === 0xf0
                  ? [3, 0x90, 0xbf]
                  : b === 0xf4
                    ? [3, 0x80, 0x8f]
                    : b >= 0xf1 && b <= 0xf3
                      ? [3, 0x80, 0xbf]
                      : [-1, 0, 0];
    let ok = count >= 0;
    for (let k = 1; ok && k <= count; k++) {
      const c = bytes[i + k];
      ok = c !== undefined && (k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf);
    }
    if (!ok) {
      return `byte 0x${b.toString(16).padStart(2, "0")} at line ${line}, column ${column} is not UTF-8`;
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += count + 1;
  }
  return undefined;
}

/** The text of a file read for the CLI: refused unless it is UTF-8. */
export function decode(bytes: Uint8Array, what: string): string {
  const problem = utf8Problem(bytes);
  if (problem !== undefined) throw new Error(`${what} is not UTF-8 text: ${problem} (save it as UTF-8)`);
  return new TextDecoder("utf-8").decode(bytes);
}
