/**
 * The `pattern` of a CRD schema is compiled by the API server with Go's `regexp` (RE2 syntax). JavaScript's
 * RegExp reads most of it the same way; this module translates what differs and refuses what JavaScript would
 * read differently or RE2 does not have, so a pattern means here what it means to the API server.
 *
 * Translated: a leading `(?i)`, `(?s)`, `(?m)` group (flags), `\A` and `\z` (text start and end), named groups
 * (`(?P<name>…)`, `(?<name>…)`: plain groups here, as nothing reads captures, so names may repeat as in RE2 and on
 * every Node), POSIX classes inside brackets (`[[:alpha:]]`), `\pL`-style one-letter Unicode classes, scripts
 * (`\p{Greek}`), braces that are not a repeat (literal in RE2: `a{,2}`), `\x{41}` code points, `\a`, and escaped
 * punctuation (`\-`, `\#`). Refused: `\b` in a class, other inline flags, `\Q…\E`, `\C`, the
 * escapes RE2 does not have (`\u`, `\k`, `\c`), and the JavaScript-only lookarounds and backreferences (the API
 * server refuses those too).
 */

const POSIX: Readonly<Record<string, string>> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Why a pattern cannot be used, or the RegExp that means what RE2 means by it. */
export function compilePattern(pattern: string): RegExp | { error: string } {
  let source = pattern;
  let flags = "";
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead?.[1] !== undefined) {
    if (lead[1].includes("U")) return { error: "the RE2 flag U (ungreedy) has no JavaScript equivalent" };
    flags = [...new Set(lead[1])].join("");
    source = source.slice(lead[0].length);
  }
  let out = "";
  let inClass = false;
  // Escapes that mean something else without the `u` flag: the pattern must then compile with it.
  let needsUnicode = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined) return { error: "the pattern ends with a lone backslash" };
      if (next === "A" && !inClass) out += "(?<![\\s\\S])";
      else if (next === "z" && !inClass) out += "(?![\\s\\S])";
      else if (next === "Q" || next === "E" || next === "C" || next === "Z")
        return { error: `\\${next} is not supported` };
      else if (next === "u" || next === "k" || next === "c")
        return { error: `\\${next} is not RE2 (the API server refuses it)` };
      else if (next === "x" && source[i + 2] === "{") {
        const hex = /^\{([0-9A-Fa-f]{1,6})\}/.exec(source.slice(i + 2));
        if (hex === null) return { error: "\\x{…} without a hexadecimal code point" };
        out += `\\u{${hex[1]}}`;
        needsUnicode = true;
        i += 1 + (hex[0]?.length ?? 0);
        continue;
      } else if (next === "a") out += "\\x07";
      else if (
        /[ -/:-@[-`{-~]/.test(next) &&
        !"^$\\.*+?()[]{}|/".includes(next) &&
        !(inClass && next === "-")
      )
        // RE2 escapes any punctuation (and space); JavaScript (with `u`) only its own syntax characters.
        out += `\\x${next.charCodeAt(0).toString(16).padStart(2, "0")}`;
      else if (/[1-9]/.test(next) && !inClass)
        return { error: "backreferences are not RE2 (the API server refuses them)" };
      else if (next === "b" && inClass) return { error: "\\b in a character class is not RE2" };
      else if ((next === "p" || next === "P") && source[i + 2] === "{") {
        // RE2's \p{Greek} is a script; JavaScript names scripts `Script=…` and keeps bare names for categories.
        const m = /^\{(\^?)([A-Za-z_]+)\}/.exec(source.slice(i + 2));
        if (m === null) return { error: `\\${next}{…} without a class name` };
        const negated = (next === "P") !== (m[1] === "^");
        const name = m[2] as string;
        const property = /^[A-Z][a-z]?$/.test(name) || name === "Any" ? name : `Script=${name}`;
        out += `\\${negated ? "P" : "p"}{${property}}`;
        needsUnicode = true;
        i += 1 + m[0].length;
        continue;
      } else if ((next === "p" || next === "P") && source[i + 2] !== "{") {
        const letter = source[i + 2];
        if (letter === undefined || !/[A-Za-z]/.test(letter))
          return { error: `\\${next} without a class name` };
        out += `\\${next}{${letter}}`;
        needsUnicode = true;
        i += 2;
        continue;
      } else out += `\\${next}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === "[" && source[i + 1] === ":") {
        const end = source.indexOf(":]", i + 2);
        const name = end === -1 ? undefined : source.slice(i + 2, end);
        const negated = name?.startsWith("^") === true;
        const chars = name === undefined ? undefined : POSIX[negated ? name.slice(1) : name];
        if (chars === undefined || end === -1) return { error: "an unknown POSIX character class" };
        if (negated) return { error: "negated POSIX classes ([[:^alpha:]]) are not supported" };
        out += chars;
        i = end + 1;
        continue;
      }
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
      if (source[i + 1] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "(" && source[i + 1] === "?") {
      const rest = source.slice(i + 2);
      if (rest.startsWith(":")) {
        out += "(?:";
        i += 2;
      } else if (/^P?<[A-Za-z_]/.test(rest)) {
        const name = /^P?<(\w+)>/.exec(rest);
        if (name === null) return { error: "a group name of letters, digits and '_' only" };
        out += "(?:";
        i += 1 + name[0].length;
      } else if (/^[=!]|^<[=!]/.test(rest)) {
        return { error: "lookarounds are not RE2 (the API server refuses them)" };
      } else {
        return { error: "inline flags other than a leading (?i), (?s) or (?m) are not supported" };
      }
      continue;
    }
    if (c === "{" || c === "}") {
      // A repeat `{n}`, `{n,}`, `{n,m}` as written; any other brace is a literal in RE2 (and an error with `u`).
      const repeat = c === "{" ? /^\{\d+(?:,\d*)?\}/.exec(source.slice(i)) : null;
      if (repeat !== null) {
        out += repeat[0];
        i += repeat[0].length - 1;
      } else out += `\\${c}`;
      continue;
    }
    out += c;
  }
  for (const unicode of needsUnicode ? [true] : [true, false]) {
    try {
      return new RegExp(out, flags + (unicode ? "u" : ""));
    } catch (e) {
      if (!unicode || needsUnicode) return { error: e instanceof Error ? e.message : String(e) };
    }
  }
  return { error: "unreachable" };
}

const compiled = new WeakMap<object, RegExp | { error: string }>();

/** {@link compilePattern}, compiled once per schema node that holds the pattern (`owner`). */
export function compiledPattern(owner: object, pattern: string): RegExp | { error: string } {
  let re = compiled.get(owner);
  if (re === undefined) {
    re = compilePattern(pattern);
    compiled.set(owner, re);
  }
  return re;
}
