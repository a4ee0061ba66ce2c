// The corpus of the differential serializer test (src/output/yaml.differential.test.ts): strings that some YAML
// reader could take for something other than a string, generated from the YAML 1.1 and 1.2 type grammars in
// every case, sign and `_` placement, plus fast-check strings (a fixed seed, so the corpus is the same on every
// run). Everything here must come back as the same string from every reader.
import fc from "fast-check";

/** Every upper/lower-case spelling of a word of up to 5 letters (all 2^n); for longer ones, a few. */
export function caseVariants(word: string): string[] {
  const letters = [...word].filter((c) => c.toLowerCase() !== c.toUpperCase()).length;
  if (letters > 5) return spellings(word);
  const out = new Set<string>();
  const walk = (i: number, acc: string): void => {
    if (i === word.length) {
      out.add(acc);
      return;
    }
    const c = word[i] as string;
    const lo = c.toLowerCase();
    const up = c.toUpperCase();
    walk(i + 1, acc + lo);
    if (up !== lo) walk(i + 1, acc + up);
  };
  walk(0, "");
  return [...out];
}

/** As given, lower case, upper case, title case, and alternating case. */
function spellings(word: string): string[] {
  const alternating = [...word].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c.toUpperCase())).join("");
  return [...new Set([word, word.toLowerCase(), word.toUpperCase(), title(word), alternating])];
}

const title = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

/** `s`, `+s`, `-s`. */
const signs = (s: string): string[] => [s, `+${s}`, `-${s}`];

/** `s` with one `_` at every position, and with `_` doubled and leading/trailing. */
function underscores(s: string): string[] {
  const out = [s];
  for (let i = 0; i <= s.length; i++) out.push(`${s.slice(0, i)}_${s.slice(i)}`);
  out.push(s.replace(/(.)/g, "$1_").slice(0, -1), `${s.slice(0, 1)}__${s.slice(1)}`);
  return out;
}

/** Words YAML 1.1 or 1.2 reads as booleans or null, and the special floats, in every case and sign. */
const WORDS = ["y", "n", "yes", "no", "true", "false", "on", "off", "null", "nil", "none", "~", ""];
const SPECIAL_FLOATS = [".inf", ".nan", "inf", "nan", "infinity", ".infinity", "infinite"];

/** Integer spellings of YAML 1.1 (binary, octal, decimal, hex, sexagesimal), YAML 1.2 and Go's ParseInt. */
const INTS = [
  "0",
  "1",
  "7",
  "42",
  "1000",
  "00",
  "007",
  "017",
  "0755",
  "08",
  "09",
  "0o17",
  "0o8",
  "0b101",
  "0b2",
  "0x1f",
  "0xff",
  "0xbeef",
  "0xabc",
  "0xe",
  "0xg",
  "0x",
  "0b",
  "0o",
  "1:20",
  "190:20:30",
  "1:60",
  "0:0",
  "1:2:3:4",
  "9223372036854775807",
  "9223372036854775808",
  "18446744073709551616",
  "123456789012345678901234567890",
];

/** Float spellings: YAML 1.1 (a `.` and optional exponent, sexagesimal), YAML 1.2 and Go's ParseFloat. */
const FLOATS = [
  "1.5",
  ".5",
  "5.",
  "0.",
  "1.",
  "1e3",
  "1e+3",
  "1e-3",
  "1.5e3",
  "1.5e+03",
  "6.8523015e+5",
  "685.230_15e+03",
  "1_000.5",
  "1.2.3",
  "1.e5",
  ".e5",
  "1e",
  "e3",
  "e+12",
  "e-0",
  "1:20.5",
  "-1:20:30.5",
  "190:20:30.15",
  "0x1p-2",
  "0x1.8p1",
  "1e400",
  "4.9e-324",
];

/** YAML 1.1 timestamps and close relatives. */
const TIMESTAMPS = [
  "2001-12-14",
  "2001-12-14t21:59:43.10-05:00",
  "2001-12-14t21:59:43.10z",
  "2001-12-14 21:59:43.10 -5",
  "2001-12-15 2:59:43.10",
  "2002-1-1t1:02:03z",
  "2002-01-01t00:00:00",
  "2001-12-14 21:59:43.10 z",
  "2001-12-14t21:59:43",
  "2001-12-14 21:59",
  "2001-12",
  "20011214",
  "12:30",
  "12:30:45",
];

/** Letters after digits: the shape of Kubernetes quantities (`512Mi`), and of hex and exponents. */
const SUFFIXES = [
  "x",
  "b",
  "o",
  "e",
  "h",
  "m",
  "s",
  "d",
  "f",
  "n",
  "y",
  "mi",
  "gi",
  "inf",
  "nan",
  "xff",
  "xbeef",
];
const SUFFIXED = ["0", "1", "10", "1.5", "0.5", "017", "0x1", "1e3", "1:20"];

/** Other strings that mean something in YAML: indicators, comments, markers, merge keys. */
const MARKUP = [
  "<<",
  "=",
  "!",
  "&",
  "*",
  "|",
  ">",
  "%",
  "@",
  "`",
  "?",
  "-",
  ":",
  ",",
  "[",
  "]",
  "{",
  "}",
  "#",
  "'",
  '"',
  "\\",
  "- ",
  "? ",
  ": ",
  "a: b",
  "a:b",
  "a:",
  ":a",
  "a #b",
  "a#b",
  "#a",
  "---",
  "...",
  "--- a",
  "... a",
  "a\n---\nb",
  "a\n...\nb",
  "---\n",
  "<<: *a",
  "!!str",
  "!!int 1",
  "&a b",
  "*a",
  "[a, b]",
  "{a: b}",
  "'a'",
  '"a"',
  "a'b",
  'a"b',
  "a\\nb",
  " ",
  "  ",
  " a",
  "a ",
  " a ",
  "\t",
  "\ta",
  "a\t",
  "a\tb",
  "\n",
  "\n\n",
  "a\n",
  "a\n\n",
  "\na",
  "a\nb",
  " a\nb",
  "a \nb",
  "a\n b",
  "a\n\tb",
  "a\r\nb",
  "a\rb",
  "\r",
  "a\u2028b",
  "a\u2029b",
  "a\ufeffb",
  "\ufeff",
  "\u0000",
  "a\u0001b",
  "a\u001bb",
  "\u00a0",
  "a\u00a0",
  "日本語",
  "📞",
  "a📞b",
  "é",
  "e\u0301",
  "x".repeat(1025),
  `${"x".repeat(1030)}: y`,
  "\\u0041",
  // Characters Kubernetes' readers refuse or alter: the writer must refuse these.
  "a\u007fb",
  "\u0080",
  "a\u0085b",
  "x\n\u0085y\n",
  "\u009f",
  "a\ufffeb",
  "\uffff",
  "a\ud800b",
  "\udc00",
  "\ud83d",
];

/**
 * The generated part: every form above in every case, with signs and `_` separators where they apply, and
 * with Kubernetes-style letter suffixes.
 */
export function grammarCorpus(): string[] {
  const out = new Set<string>();
  const add = (s: string): void => {
    out.add(s);
  };
  for (const w of WORDS) for (const v of caseVariants(w)) add(v);
  for (const f of SPECIAL_FLOATS) for (const v of caseVariants(f)) for (const s of signs(v)) add(s);
  for (const base of [...INTS, ...FLOATS]) {
    for (const v of caseVariants(base)) for (const s of signs(v)) add(s);
    for (const u of underscores(base)) for (const s of signs(u)) add(s);
  }
  for (const t of TIMESTAMPS) for (const v of spellings(t)) add(v);
  for (const d of SUFFIXED) {
    for (const x of SUFFIXES) for (const v of spellings(d + x)) for (const s of signs(v)) add(s);
  }
  for (const m of MARKUP) add(m);
  return [...out];
}

/** The characters of the writer's plain grammar, with the ones readers care about most. */
const PLAIN_CHARS = "abcefxoAEFXOB019._/-:+ ";

/**
 * fast-check strings with a fixed seed: arbitrary Unicode, whitespace, indicators and markers, and strings over
 * the alphabet of plain scalars (where a mistake in the writer's grammar would show).
 */
export function fastCheckCorpus(count: number, seed = 20_251_104): string[] {
  const token = fc.constantFrom(
    "#",
    ": ",
    ":",
    " #",
    "---",
    "...",
    "-",
    "? ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "'",
    '"',
    "\\",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "[",
    "]",
    "{",
    "}",
    ",",
    "<<",
    "~",
    "0x",
    "0o",
    "0b",
    "1",
    "e",
    ".",
    "_",
    "yes",
    "null",
    ".inf",
    "a",
    "Z",
    "é",
    "📞",
  );
  const arb = fc.oneof(
    fc.string({ unit: fc.constantFrom(...PLAIN_CHARS), minLength: 1, maxLength: 10 }),
    fc.array(token, { minLength: 1, maxLength: 6 }).map((a) => a.join("")),
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.string({ unit: "binary", maxLength: 8 }),
    fc.stringMatching(/^[A-Za-z/][A-Za-z0-9._/-]{0,8}(?::[A-Za-z0-9._/-]{1,4}){0,2}$/),
    fc.stringMatching(/^[0-9]{1,4}(?:\.[0-9]{1,3})?[A-Za-z]{1,4}$/),
  );
  return fc.sample(arb, { numRuns: count, seed });
}
