// Fuzzing relabel regexes against RE2's syntax reference (google/re2 doc/syntax.txt), as Prometheus applies it
// with Go's regexp package. The generators are written from that document, not from the checker: regexes built
// only from supported forms must be accepted and kept as written; one NOT SUPPORTED form put into such a regex
// must be refused at the regex's path; any string at all gives a verdict, never an exception.
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { serviceMonitor } from "../../src/index.ts";
import { prometheusRegexQuote, relabelRegexProblem } from "../../src/monitoring/relabel-regex.ts";
import { holds, TIMEOUT } from "./harness.ts";

// --------------------------------------------------------------------------------- supported forms (valid)

const oneOf = (...xs: string[]) => fc.constantFrom(...xs);
/** Single characters: literals (ASCII and not), `.`, escapes, Perl, ASCII and Unicode classes, bracket classes. */
const single = fc.oneof(
  fc.stringMatching(/^[a-zA-Z0-9_ ,:;=@#%&'"<>~`!-]$/),
  oneOf(
    "é",
    "ß",
    "中",
    "😀",
    ".",
    "\\.",
    "\\*",
    "\\+",
    "\\?",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "\\{",
    "\\}",
    "\\|",
  ),
  oneOf("\\^", "\\$", "\\\\", "\\-", "\\/", "\\a", "\\f", "\\t", "\\n", "\\r", "\\v", "\\101", "\\x7F"),
  oneOf("\\x{10FFFF}", "\\x{263a}", "\\d", "\\D", "\\s", "\\S", "\\w", "\\W"),
  oneOf("[[:alpha:]]", "[[:^digit:]]", "[[:word:]]", "[[:xdigit:]]", "[[:punct:]]", "[[:space:]]"),
  oneOf("\\pL", "\\pN", "\\p{Greek}", "\\p{Lu}", "\\PL", "\\P{Han}", "\\p{Latin}"),
  oneOf("[a-z]", "[^a-c]", "[0-9_]", "[\\d-]", "[^\\s]", "[\\p{Lu}x]", "[[:upper:]0-9]", "[.*+?]", "[\\]]"),
  fc
    .stringMatching(/^[a-zA-Z0-9 .*+?()|{}^$\\-]{1,6}$/)
    .filter((t) => !t.includes("\\E"))
    .map((t) => `\\Q${t}\\E`),
);
/** Empty-string assertions: never repeated. */
const assertion = oneOf("^", "$", "\\A", "\\z", "\\b", "\\B");
const count = fc.integer({ min: 0, max: 3 });
/** Repetitions, greedy or lazy; counts stay small so nested counts stay far below RE2's limit of 1000. */
const repetition = fc
  .tuple(
    fc.oneof(
      oneOf("*", "+", "?"),
      count.map((n) => `{${n}}`),
      count.map((n) => `{${n},}`),
      fc.tuple(count, count).map(([a, b]) => `{${Math.min(a, b)},${Math.max(a, b)}}`),
    ),
    fc.boolean(),
  )
  .map(([op, lazy]) => (lazy ? `${op}?` : op));
const flags = fc
  .tuple(fc.subarray(["i", "m", "s", "U"]), fc.subarray(["i", "m", "s", "U"]))
  .filter(([on, off]) => on.length > 0 || off.length > 0)
  .map(([on, off]) => `${on.join("")}${off.length > 0 ? `-${off.join("")}` : ""}`);

type Group = (inner: string, name: string) => string;
const group: fc.Arbitrary<Group> = fc.oneof(
  fc.constant<Group>((r) => `(${r})`),
  fc.constant<Group>((r) => `(?:${r})`),
  fc.constant<Group>((r, n) => `(?P<${n}>${r})`),
  fc.constant<Group>((r, n) => `(?<${n}>${r})`),
  flags.map(
    (f): Group =>
      (r) =>
        `(?${f}:${r})`,
  ),
);

/** A regex as a function of a name source, so that capture names are unique in the whole regex. */
type Gen = (names: () => string) => string;
const { regex } = fc.letrec<{ regex: Gen; branch: Gen; item: Gen }>((tie) => ({
  regex: fc.array(tie("branch"), { minLength: 1, maxLength: 3 }).map(
    (bs): Gen =>
      (n) =>
        bs.map((b) => b(n)).join("|"),
  ),
  branch: fc.array(tie("item"), { maxLength: 4 }).map(
    (is): Gen =>
      (n) =>
        is.map((i) => i(n)).join(""),
  ),
  item: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    fc.tuple(single, fc.option(repetition, { nil: undefined })).map(
      ([s, r]): Gen =>
        () =>
          s + (r ?? ""),
    ),
    assertion.map(
      (a): Gen =>
        () =>
          a,
    ),
    flags.map(
      (f): Gen =>
        () =>
          `(?${f})`,
    ),
    fc.tuple(group, tie("regex"), fc.option(repetition, { nil: undefined })).map(
      ([g, r, rep]): Gen =>
        (n) =>
          g(r(n), n()) + (rep ?? ""),
    ),
  ),
}));

const named = (gen: Gen): string => {
  let i = 0;
  return gen(() => `g${++i}`);
};
const validRegex: fc.Arbitrary<string> = regex.map(named);

// ------------------------------------------------------------------------ NOT SUPPORTED forms (invalid)

/** Each refused by RE2 (doc/syntax.txt "NOT SUPPORTED") or by Go's parser; self-delimited by a group. */
const unsupported = oneOf(
  "(?=x)",
  "(?!x)",
  "(?<=x)",
  "(?<!x)",
  "(?:\\1)",
  "(?:\\9)",
  "(?:\\g1)",
  "(?:\\g{1})",
  "(?:\\k<g1>)",
  "(?P=g1)",
  "(?P>g1)",
  "(?R)",
  "(?1)",
  "(?&g1)",
  "(?(1)a|b)",
  "(?:x*+)",
  "(?:x++)",
  "(?:x?+)",
  "(?:x{1,2}+)",
  "(?>x)",
  "(?#note)",
  "(?|a|b)",
  "(?'n'x)",
  "(?x:a)",
  "(?:\\Z)",
  "(?:\\G)",
  "(?:\\X)",
  "(?:\\R)",
  "(?:\\K)",
  "(?:\\C)",
  "(?:\\cK)",
  "(?:\\e)",
  "(?:\\h)",
  "(?:\\H)",
  "(?:\\V)",
  "(?:\\N{LATIN SMALL LETTER A})",
  "(?:\\lx)",
  "(?:\\ux)",
  "(?:\\L)",
  "(?:\\U)",
  "(*FAIL)",
  "(*ACCEPT)",
  "(?C)",
  "(?:x{1001})",
  "(?:x{2,1})",
  "(?:(?:x{40}){30})",
  "(?:x**)",
  "(?:x{2}{3})",
  "(?:[z-a])",
  "(?:[[:nope:]])",
  "(?:\\p{Klingon})",
  "(?:\\x{110000})",
  "(?:*x)",
  "(?:|*)",
  "(?-)",
  "(?:\ud800)",
  ")",
  "(",
);

/** A valid regex with one unsupported form put between two of its top-level items (or at an end). */
const invalidRegex: fc.Arbitrary<{ regex: string; bad: string }> = fc
  .tuple(fc.array(validRegex, { maxLength: 3 }), unsupported, fc.nat())
  .map(([parts, bad, at]) => {
    const i = at % (parts.length + 1);
    // Each part in its own group, so the bad form is never inside another form (a class, a \Q…\E).
    const wrapped = parts.map((p) => `(?:${p})`);
    return { regex: [...wrapped.slice(0, i), bad, ...wrapped.slice(i)].join(""), bad };
  });
const trailingBackslash = validRegex.map((r) => ({ regex: `(?:${r})\\`, bad: "\\ at the end" }));

const monitorWith = (regex: string) =>
  serviceMonitor({
    name: "m",
    selector: { "app.kubernetes.io/name": "a" },
    endpoints: [{ port: "metrics", relabelings: [{ action: "labeldrop", regex }] }],
  });

describe("relabel regexes (fuzz, RE2 syntax reference)", () => {
  it(
    "accepts every regex made of supported forms, and the builder keeps it as written",
    () =>
      holds(validRegex, (regex) => {
        expect(relabelRegexProblem(regex)).toBeUndefined();
        expect(monitorWith(regex).spec.endpoints[0]?.relabelings?.[0]?.regex).toBe(regex);
      }),
    TIMEOUT,
  );

  it(
    "refuses a regex with one NOT SUPPORTED form, at the regex's path",
    () =>
      holds(fc.oneof(invalidRegex, trailingBackslash), ({ regex }) => {
        expect(relabelRegexProblem(regex)).toMatch(/ is not an RE2 regular expression: /);
        let error: unknown;
        try {
          monitorWith(regex);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(K8sBuilderError);
        expect((error as K8sBuilderError).issues.map((i) => `${i.path} ${i.code}`)).toEqual([
          "endpoints[0].relabelings[0].regex invalid_value",
        ]);
      }),
    TIMEOUT,
  );

  it(
    "gives a verdict for any string, never an exception",
    () =>
      holds(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          fc.string({ unit: fc.constantFrom(..."()[]{}?*+|\\^$.:<>=!PpQEkx0123aZ-"), maxLength: 24 }),
        ),
        (s) => {
          const verdict = relabelRegexProblem(s);
          expect(verdict === undefined || verdict.includes(" is not an RE2 regular expression: ")).toBe(true);
        },
      ),
    TIMEOUT,
  );

  it(
    "quotes any text into a regex that, anchored as Prometheus anchors it, matches that text only",
    () =>
      holds(
        fc.tuple(
          fc.string({ unit: "grapheme", maxLength: 20 }),
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }),
        ),
        ([text, extra]) => {
          const quoted = prometheusRegexQuote(text);
          expect(relabelRegexProblem(quoted)).toBeUndefined();
          const anchored = RE2JS.compile(`^(?s:${quoted})$`);
          expect(anchored.matches(text)).toBe(true);
          expect(anchored.matches(text + extra)).toBe(false);
          expect(anchored.matches(extra + text)).toBe(false);
        },
      ),
    TIMEOUT,
  );
});
