// Tables from RE2's syntax reference (doc/syntax.txt), as Prometheus applies it: Prometheus compiles a relabel
// regex with Go's regexp package as `^(?s:<regex>)$` (model/relabel NewRegexp), so what Go's parser refuses is
// refused here, and what it accepts — including RE2 forms JavaScript does not know — is accepted.
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { prometheusRegexQuote, relabelRegexProblem } from "./relabel-regex.ts";
import { serviceMonitor } from "./service-monitor.ts";

describe("relabelRegexProblem: RE2 syntax that Prometheus accepts", () => {
  it.each([
    ["", "the empty regex (Prometheus' default is (.*))"],
    ["(.*)", "the default"],
    ["go_gc_.*", "a prefix"],
    ["(?i)foo", "flags until the group closes"],
    ["(?i:foo)bar", "flags during a group"],
    ["(?i-s:a.)", "set and clear flags"],
    ["(?U)a+", "ungreedy flag"],
    ["(?m)^a$", "multi-line flag"],
    ["(?P<x>a)", "a named group, Python form"],
    ["(?<x>a)", "a named group, Perl form (Go ≥ 1.22, which Prometheus 3 is built with)"],
    ["(?:a|b)c", "a non-capturing group"],
    ["a*?b+?c??", "lazy repetitions"],
    ["a{2}b{2,}c{2,5}d{2,5}?", "counted repetitions"],
    ["a{1000}", "the largest count"],
    ["[[:alpha:]][[:^digit:]]", "ASCII classes"],
    ["\\pL\\p{Greek}\\PN\\P{Greek}", "Unicode classes"],
    ["[\\d\\p{Lu}-]", "classes inside a class"],
    ["\\d\\D\\s\\S\\w\\W", "Perl classes"],
    ["\\A\\b\\B\\z", "empty-string assertions"],
    ["\\a\\f\\t\\n\\r\\v\\123\\x7F\\x{10FFFF}", "escape sequences"],
    ["\\Q(a.b)\\E", "literal text"],
    ["\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", "escaped punctuation"],
    ["__meta_kubernetes_pod_label_(.+)", "a labelmap regex"],
    ["(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "more than nine groups"],
    ["é+😀", "non-ASCII text"],
  ])("accepts %j (%s)", (regex) => {
    expect(relabelRegexProblem(regex)).toBeUndefined();
  });
});

describe("relabelRegexProblem: syntax RE2 marks NOT SUPPORTED, or that is not a regex", () => {
  it.each([
    ["a(?=b)", "lookahead"],
    ["a(?!b)", "negative lookahead"],
    ["(?<=a)b", "lookbehind"],
    ["(?<!a)b", "negative lookbehind"],
    ["(a)\\1", "backreference"],
    ["\\k<x>", "named backreference"],
    ["(?P<x>a)(?P=x)", "named backreference, Python form"],
    ["(?P>x)", "recursive call"],
    ["(?R)", "recursion"],
    ["\\g1", "\\g backreference"],
    ["a*+", "possessive *"],
    ["a++", "possessive +"],
    ["a{2}+", "possessive count"],
    ["(?>a)", "atomic group"],
    ["(?#comment)", "comment"],
    ["(?|a|b)", "branch reset"],
    ["(?'x'a)", "quoted group name"],
    ["(?x)a b", "the x flag"],
    ["\\Z", "\\Z"],
    ["\\G", "\\G"],
    ["\\X", "\\X"],
    ["\\R", "\\R"],
    ["\\cK", "control escape"],
    ["\\e", "escape escape"],
    ["\\h", "horizontal space"],
    ["\\N{DIGIT ONE}", "named character"],
    ["\\C", "single byte: RE2 has it, Go's regexp (Prometheus) does not"],
    ["(*FAIL)", "PCRE verb"],
    ["a{1001}", "a count above 1000"],
    ["(a{100}){11}", "nested counts above 1000"],
    ["a{2,1}", "min above max"],
    ["a**", "nested repetition"],
    ["[z-a]", "reversed range"],
    ["[[:foo:]]", "unknown ASCII class"],
    ["\\p{Klingon}", "unknown Unicode class"],
    ["(?P<x>a)(?P<x>b)", "duplicate group name"],
    ["(", "missing )"],
    ["[a", "missing ]"],
    ["a\\", "trailing backslash"],
    ["*a", "missing argument"],
    ["\ud800", "a lone surrogate (not UTF-8)"],
  ])("refuses %j (%s)", (regex) => {
    expect(relabelRegexProblem(regex)).toMatch(/is not an RE2 regular expression/);
  });

  it("refuses a regex that would escape Prometheus' anchors", () => {
    // `^(?s:a)|(b)$` compiles, but means "starts with a or ends with b": not what `a)|(b` seems to say.
    expect(relabelRegexProblem("a)|(b")).toBe(
      '"a)|(b" is not an RE2 regular expression: unexpected ): `a)|(b` (Prometheus wraps it as ^(?s:…)$, and an unbalanced group would escape those anchors)',
    );
  });

  it("names the construct in the message", () => {
    expect(relabelRegexProblem("a(?=b)")).toBe(
      '"a(?=b)" is not an RE2 regular expression: invalid or unsupported Perl syntax: `(?=`',
    );
  });
});

describe("a ServiceMonitor relabeling regex", () => {
  const build = (regex: string) =>
    serviceMonitor({
      name: "m",
      selector: { app: "a" },
      endpoints: [
        { port: "metrics", metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex }] },
      ],
    });

  it.each(["(?i)go_gc_.*", "(?P<name>[a-z]+)_total"])("keeps %j as written", (regex) => {
    expect(build(regex).spec.endpoints[0]?.metricRelabelings?.[0]?.regex).toBe(regex);
  });

  it.each(["go_(?!gc).*", "(a)\\1"])("refuses %j at its path", (regex) => {
    expectIssue(() => build(regex), "invalid_value", "endpoints[0].metricRelabelings[0].regex");
  });
});

describe("anchoring: a relabel regex must match the whole value", () => {
  const anchored = (regex: string) => RE2JS.compile(`^(?s:${regex})$`);

  it.each([
    ["call", "call", true],
    ["call", "call-processor", false],
    ["call", "my-call", false],
    ["go_.*", "go_gc_duration", true],
    ["go_.*", "x_go_gc", false],
    [".*", "a\nb", true],
  ])("%j against %j: %s", (regex, value, match) => {
    expect(anchored(regex).matches(value)).toBe(match);
  });

  it.each(["call-processor", "a.b", "x|y", "(a)", "a+b", "[x]", "\\Q\\E", "$1^", "{1}"])(
    "a quoted name %j matches itself only",
    (name) => {
      const re = anchored(prometheusRegexQuote(name));
      expect(re.matches(name)).toBe(true);
      expect(re.matches(`${name}x`)).toBe(false);
      expect(re.matches(`x${name}`)).toBe(false);
      expect(relabelRegexProblem(prometheusRegexQuote(name))).toBeUndefined();
    },
  );

  it("quotes nothing in a DNS label or port name, so generated configs are unchanged", () => {
    expect(prometheusRegexQuote("call-processor")).toBe("call-processor");
    expect(prometheusRegexQuote("a.b|c")).toBe("a\\.b\\|c");
  });
});
