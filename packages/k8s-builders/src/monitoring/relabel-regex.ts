/**
 * Relabel regexes as Prometheus reads them. Prometheus compiles a relabel `regex` with Go's `regexp` package
 * (RE2 syntax) as `^(?s:<regex>)$` (model/relabel `NewRegexp`): JavaScript's `RegExp` is the wrong judge, since
 * it accepts lookaheads and backreferences that Go refuses and refuses RE2 forms such as `(?i)` and `(?P<x>…)`.
 *
 * The check uses re2js (MIT), a JavaScript port of RE2J, whose parser is a port of Go's `regexp/syntax` with its
 * limits (counts up to 1000, nesting depth 1000, program size). It is loaded on the first check, not with the
 * library: most builds check no regex, and loading it costs ~10 ms.
 */
import type { RE2JS } from "re2js";

let engine: typeof RE2JS | undefined;
function re2(): typeof RE2JS {
  engine ??= (
    process.getBuiltinModule("node:module").createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2JS }
  ).RE2JS;
  return engine;
}

/** Why a regex does not compile, in the parser's words, or undefined when it does. */
function compileError(regex: string): string | undefined {
  try {
    re2().compile(regex);
    return undefined;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const reason = text.replace(/^error parsing regexp: /, "");
    return reason.length > 120 ? `${reason.slice(0, 120)}…` : reason;
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why `regex` is not a relabel regex that Prometheus accepts with the meaning it shows, or undefined when it
 * is one. The regex must compile alone (so an unbalanced `)` cannot escape Prometheus' anchors: `a)|(b`
 * compiles once wrapped, as "starts with a or ends with b") and wrapped as Prometheus wraps it.
 */
export function relabelRegexProblem(regex: string): string | undefined {
  const shown = JSON.stringify(regex.length > 60 ? `${regex.slice(0, 60)}…` : regex);
  const problem = (why: string) => `${shown} is not an RE2 regular expression: ${why}`;
  if (LONE_SURROGATE.test(regex))
    return problem("it contains a lone UTF-16 surrogate, which is not UTF-8 text");
  const alone = compileError(regex);
  const wrapped = compileError(`^(?s:${regex})$`);
  if (alone !== undefined) {
    return problem(
      wrapped === undefined
        ? `${alone} (Prometheus wraps it as ^(?s:…)$, and an unbalanced group would escape those anchors)`
        : alone,
    );
  }
  return wrapped === undefined ? undefined : problem(`${wrapped} (once wrapped as ^(?s:…)$ by Prometheus)`);
}

/**
 * `text` as a regex that matches exactly that text (Go's `regexp.QuoteMeta`): every character in
 * `\.+*?()|[]{}^$` gets a backslash. DNS names and port names have none, so they are written unchanged.
 */
export function prometheusRegexQuote(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
