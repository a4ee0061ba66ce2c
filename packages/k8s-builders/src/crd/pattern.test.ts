import { describe, expect, it } from "vitest";
import { compilePattern } from "./pattern.ts";

describe("compilePattern: RE2 as the API server reads it", () => {
  const test = (pattern: string, s: string): boolean => {
    const re = compilePattern(pattern);
    if (!(re instanceof RegExp)) throw new Error(re.error);
    return re.test(s);
  };
  it.each([
    ["^[a-z]+$", "abc", true],
    ["(?i)^abc$", "ABC", true],
    ["\\Aab\\z", "ab", true],
    ["\\Aab\\z", "ab\n", false],
    ["^[[:alpha:]]+$", "abC", true],
    ["^[[:digit:]]+$", "12a", false],
    ["^(?P<n>a)b$", "ab", true],
    ["^\\pL+$", "ñé", true],
    ["^[]a]+$", "]a", true],
    ["^[^]a]+$", "b", true],
    ["^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "*.example", true],
    ["^/[-a-zA-Z0-9_/.]*$", "/api/v1", true],
    ["^[\\-a-z]+$", "a-b", true],
    ["^(?P<a>x)$|^(?P<a>y)$", "y", true],
    ["^(?<a>x)(?<b>y)$", "xy", true],
    ["^\\x{41}$", "A", true],
    ["^\\x{41}$", "x".repeat(41), false],
    ["^a\\-b\\#$", "a-b#", true],
    ["^\\a$", "\u0007", true],
    ["^\\p{Greek}+$", "λόγος", true],
    ["^\\p{Greek}+$", "logos", false],
    ["^\\p{^Greek}+$", "logos", true],
    ["^\\P{Greek}$", "λ", false],
    ["^a{,2}$", "a{,2}", true],
    ["^x{2}$", "xx", true],
    ["^{a}$", "{a}", true],
  ])("%s on %j → %s", (pattern, s, expected) => {
    expect(test(pattern, s)).toBe(expected);
  });

  it.each([
    "(?=a)",
    "(?<!a)b",
    "(a)\\1",
    "a(?i)b",
    "\\Qa\\E",
    "(?U)a",
    "[[:nope:]]",
    "(unclosed",
    "\\p{Foo}",
    "(?<a>x)\\k<a>",
    "\\u{41}",
    "\\cA",
    "(?P<a-b>x)",
    "[\\b]",
  ])("refuses %s", (pattern) => {
    expect(compilePattern(pattern)).toHaveProperty("error");
  });
});
