/** Safe relative paths: what a kustomization, `renderTree` and `writeTree` accept as a file of the tree. */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { once, titled } from "../base/options.ts";

/** Why `path` is not a safe path relative to a directory, or `undefined` when it is one. */
export function relativePathProblem(path: string): string | undefined {
  if (path === "") return "is empty";
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) return "is a URL: only relative paths are accepted";
  if (path.includes("\\")) return "contains '\\': write paths with forward slashes";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
    return "is absolute: give a path relative to the directory";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  const segments = path.split("/");
  if (segments.includes("..")) return "contains '..': it must stay inside the directory";
  if (segments.includes("")) return "has an empty segment ('//' or a trailing '/')";
  if (segments.includes(".")) return "contains a '.' segment: write it without './'";
  if (segments.some((s) => Buffer.byteLength(s) > 255)) return "has a name longer than 255 bytes";
  return undefined;
}

/** A path relative to the kustomization's directory, with forward slashes and no `.`/`..` segments. */
export const relativePath: () => z.ZodMiniString<string> = once(() =>
  titled(
    z.string().check(
      z.refine((s) => relativePathProblem(s) === undefined, {
        error: (i) =>
          `"${inputText(i.input)}" ${relativePathProblem(inputText(i.input)) ?? "is not a relative path"}`,
        abort: true,
      }),
    ),
    "relative path",
  ),
);
