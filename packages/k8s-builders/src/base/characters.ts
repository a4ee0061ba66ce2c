/**
 * Characters that Kubernetes' YAML readers refuse or alter, so no string holding one is ever written: the
 * builders refuse them in their options (parseOptions) and `toYaml` in any object it is given.
 *
 * - lone UTF-16 surrogates (U+D800–U+DFFF not in a pair): they have no UTF-8 form; Go's reader refuses the
 *   escape `"\ud800"` and the whole stream with it;
 * - U+007F (DEL) and the C1 controls U+0080–U+009F, among them U+0085 (NEL, a line break in YAML 1.1):
 *   Kustomize (`kubectl apply -k`) writes them raw and then refuses its own output ("control characters are
 *   not allowed"), or breaks the line at U+0085;
 * - the noncharacters U+FFFE and U+FFFF: refused the same way.
 *
 * The differential test (output/yaml.differential.test.ts) shows every other character coming back intact from
 * every reader (C0 controls, tabs, U+2028/U+2029 and U+FEFF are written escaped), and these ones refused.
 */

/** The first refused character of a string, if any (the `u` flag makes `\p{Cs}` match only lone surrogates). */
const UNWRITABLE = /[\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;
/** A cheap first test (any surrogate, paired or not): most strings are ASCII and stop here. */
const MAYBE_UNWRITABLE = /[\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

/**
 * Why `s` cannot be written, or undefined when it can: names the first refused character and where it is.
 *
 * @example
 * unwritableCharacter("a\u007fb"); // "U+007F (a control character) at position 1 …"
 */
export function unwritableCharacter(s: string): string | undefined {
  if (!MAYBE_UNWRITABLE.test(s)) return undefined;
  const m = UNWRITABLE.exec(s);
  if (m === null) return undefined;
  const code = m[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const what =
    code >= 0xd800 && code <= 0xdfff
      ? "a lone surrogate, which has no UTF-8 form"
      : code >= 0xfffe
        ? "a noncharacter"
        : code === 0x85
          ? "NEL, a line break to YAML 1.1 readers"
          : "a control character";
  return `${hex} (${what}) at position ${m.index} cannot be written: Kubernetes' YAML readers (kubectl, Kustomize) refuse or alter it`;
}

/** Calls `report(path, message)` for every string key and value of plain data that holds a refused character. */
export function findUnwritable(
  value: unknown,
  report: (path: readonly PropertyKey[], message: string) => void,
  path: PropertyKey[] = [],
  depth = 0,
): void {
  if (typeof value === "string") {
    const problem = unwritableCharacter(value);
    if (problem !== undefined) report([...path], problem);
    return;
  }
  // Parsed options are plain data a few levels deep; the bound only guards against odd input.
  if (value === null || typeof value !== "object" || depth > 64) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findUnwritable(value[i], report, path, depth + 1);
      path.pop();
    }
    return;
  }
  for (const k of Object.keys(value)) {
    path.push(k);
    const problem = unwritableCharacter(k);
    if (problem !== undefined) report([...path], `in the key: ${problem}`);
    findUnwritable((value as Record<string, unknown>)[k], report, path, depth + 1);
    path.pop();
  }
}
