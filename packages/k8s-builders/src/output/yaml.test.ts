import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { K8sBuilderError } from "../base/errors.ts";
import { documentToYaml, MAX_DEPTH } from "./yaml.ts";

/** Kubernetes reads YAML 1.1: parse the way it does. */
const read = (text: string): unknown => parse(text, { version: "1.1" });

const TRICKY = [
  "yes",
  "Yes",
  "YES",
  "no",
  "on",
  "off",
  "On",
  "OFF",
  "y",
  "n",
  "true",
  "False",
  "null",
  "Null",
  "~",
  "",
  "0755",
  "e0",
  "e-0",
  "E+12",
  "0o17",
  "0x1F",
  "0xff",
  "0xBEEF",
  "0XFF",
  "0Xff",
  "0xe",
  "0b101",
  "0B1",
  "0O17",
  "1e3",
  "1E3",
  "1.5e-3",
  "1_000",
  "190:20:30",
  "12:30",
  "2024-01-01",
  "2001-12-14t21:59:43.10-05:00",
  ".inf",
  "-.Inf",
  ".NaN",
  "+1",
  "-1",
  "1.0",
  "007",
  "0",
  " leading",
  "trailing ",
  " both ",
  "a: b",
  "a #b",
  "#comment",
  "- item",
  "? key",
  "[x]",
  "{y}",
  "*alias",
  "&anchor",
  "!tag",
  "|",
  ">",
  "%directive",
  "@at",
  "`tick`",
  "'single'",
  '"double"',
  "multi\nline",
  "multi\nline\n",
  "trailing\n\n",
  "\nleading newline",
  "  indented\nnext",
  "tab\tinside",
  "crlf\r\nline",
  "unicode ✓ 日本語",
  "emoji 📞",
  "line\u2028sep",
  "bom\ufeff",
  "bell\u0007",
  "<<",
  "=",
  "512Mi",
  "250m",
  "1.5Gi",
  "/health/ready",
  "app.kubernetes.io/name",
  "postgres:16.4-alpine",
  "http://x:80/a",
  "a:",
  "key:value",
  "---",
  "...",
  "- ",
];

/** Characters Kubernetes' readers refuse or alter, which the writer refuses (see base/characters.ts). */
const REFUSED = /[\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/** Whether any key or string of `v` holds a refused character. */
function holdsRefused(v: unknown): boolean {
  if (typeof v === "string") return REFUSED.test(v);
  if (Array.isArray(v)) return v.some(holdsRefused);
  if (v !== null && typeof v === "object") {
    return Object.entries(v).some(([k, x]) => REFUSED.test(k) || holdsRefused(x));
  }
  return false;
}

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...TRICKY),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.string({ unit: "binary", maxLength: 12 }),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 10 })), tie("value"), {
    maxKeys: 5,
  }),
}));

describe("documentToYaml", () => {
  it("keeps every tricky scalar a string for a YAML 1.1 reader", () => {
    for (const s of TRICKY) {
      expect(read(documentToYaml({ key: s, list: [s] })), JSON.stringify(s)).toEqual({ key: s, list: [s] });
    }
  });

  it("keeps tricky map keys as written", () => {
    const doc = Object.fromEntries(TRICKY.map((s, i) => [s, i]));
    expect(read(documentToYaml(doc))).toEqual(doc);
  });

  it("round-trips any JSON data through YAML 1.1 and 1.2 readers, or refuses a character (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), jsonValue.value, { maxKeys: 6 }), (doc) => {
        if (holdsRefused(doc)) {
          expect(builderError(() => documentToYaml(doc)).issues[0]?.code).toBe("invalid_character");
          return;
        }
        // -0 and 0 are the same number to Kubernetes.
        const expected = JSON.parse(JSON.stringify(doc));
        const text = documentToYaml(doc);
        expect(read(text)).toEqual(expected);
        expect(parse(text, { version: "1.2" })).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it("writes the same bytes for the same data (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), jsonValue.value, { maxKeys: 6 }), (doc) => {
        fc.pre(!holdsRefused(doc));
        expect(documentToYaml(structuredClone(doc))).toBe(documentToYaml(doc));
      }),
      { numRuns: 100 },
    );
  });

  it("quotes what a 1.1 reader would take for a boolean, number or null", () => {
    expect(documentToYaml({ a: "yes", b: "0755", c: "1e3", d: "~", e: "on" })).toBe(
      'a: "yes"\nb: "0755"\nc: "1e3"\nd: "~"\ne: "on"\n',
    );
  });

  it("writes quantities, paths and images plain", () => {
    expect(documentToYaml({ m: "512Mi", c: "250m", p: "/health", i: "postgres:16.4" })).toBe(
      "m: 512Mi\nc: 250m\np: /health\ni: postgres:16.4\n",
    );
  });

  it("writes multi-line text as a literal block", () => {
    expect(documentToYaml({ data: { "prometheus.yml": "global:\n  scrape_interval: 30s\n" } })).toBe(
      "data:\n  prometheus.yml: |\n    global:\n      scrape_interval: 30s\n",
    );
  });

  it("leaves out undefined and null map values, never writing null for an unset field", () => {
    expect(documentToYaml({ a: 1, b: undefined, c: null, d: { e: undefined } })).toBe("a: 1\nd: {}\n");
  });

  it("writes empty collections in flow style and nested sequences indented", () => {
    expect(documentToYaml({ a: [], b: {}, c: [[1, 2], { x: 1, z: [3] }] })).toBe(
      "a: []\nb: {}\nc:\n  - - 1\n    - 2\n  - x: 1\n    z:\n      - 3\n",
    );
  });

  it("never emits anchors or aliases for shared objects", () => {
    const shared = { k: "v" };
    const text = documentToYaml({ a: shared, b: shared });
    expect(text).not.toMatch(/[&*]/);
    expect(read(text)).toEqual({ a: { k: "v" }, b: { k: "v" } });
  });

  it("writes floats so a YAML 1.1 reader sees floats", () => {
    const doc = { a: 0.5, b: 1e-7, c: 1e21, d: -2.5 };
    expect(read(documentToYaml(doc))).toEqual(doc);
  });

  it("refuses a non-finite number with the library error and its path", () => {
    try {
      documentToYaml({ spec: { replicas: Number.NaN } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      expect((e as K8sBuilderError).issues[0]?.path).toBe("spec.replicas");
    }
  });

  it("produces one document per object when joined by the stream writer", () => {
    const text = [documentToYaml({ a: 1 }), documentToYaml({ b: 2 })].join("---\n");
    expect(parseAllDocuments(text).map((d) => d.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });
  it("quotes hexadecimal look-alikes that Go and YAML 1.1 read as integers, in any case", () => {
    expect(documentToYaml({ team: "0xBEEF", a: "0xff", b: "0XFF", c: "0xe", "0xff": "k" })).toBe(
      'team: "0xBEEF"\na: "0xff"\nb: "0XFF"\nc: "0xe"\n"0xff": k\n',
    );
  });

  it("still writes quantities plain, including ones that start with 0", () => {
    expect(documentToYaml({ a: "0m", b: "0.5Gi", c: "0Mi", d: "10x" })).toBe(
      "a: 0m\nb: 0.5Gi\nc: 0Mi\nd: 10x\n",
    );
  });

  it("writes a key longer than a YAML reader allows for an implicit key as an explicit key", () => {
    const long = "k".repeat(1100);
    const doc = { [long]: { a: [1] }, short: "v" };
    expect(documentToYaml(doc)).toBe(`? "${long}"\n:\n  a:\n    - 1\nshort: v\n`);
    expect(read(documentToYaml(doc))).toEqual(doc);
    expect(read(documentToYaml({ list: [{ [long]: "v", b: 2 }] }))).toEqual({
      list: [{ [long]: "v", b: 2 }],
    });
  });

  it("refuses characters Kubernetes' readers refuse or alter, in values and keys, at their path", () => {
    for (const c of ["\u007f", "\u0080", "\u0085", "\u009f", "\ufffe", "\uffff", "\ud800", "\udfff"]) {
      expectIssue(() => documentToYaml({ data: { k: `a${c}b` } }), "invalid_character", "data.k");
      expectIssue(
        () => documentToYaml({ data: { [`a${c}`]: "v" } }),
        "invalid_character",
        `data[${JSON.stringify(`a${c}`)}]`,
      );
      expectIssue(() => documentToYaml({ args: ["x", `${c}\nline\n`] }), "invalid_character", "args[1]");
    }
  });

  it("writes the characters readers do keep, escaped where YAML needs it", () => {
    const doc = { a: "\u0000\u0001\t\r", b: "\u2028\u2029\ufeff", c: "\ud83d\udcde", d: "\ufdd0\u{10ffff}" };
    const text = documentToYaml(doc);
    expect(text).toContain('b: "\\u2028\\u2029\\ufeff"');
    expect(read(text)).toEqual(doc);
  });
});

class Point {
  x = 1;
}
const cyclic: Record<string, unknown> = { a: { b: [] } };
((cyclic.a as Record<string, unknown>).b as unknown[]).push(cyclic);
const selfList: unknown[] = [1];
selfList.push(selfList);
let deep: unknown = "leaf";
for (let i = 0; i < MAX_DEPTH + 10; i++) deep = { d: deep };
let veryDeep: unknown = "leaf";
for (let i = 0; i < 200_000; i++) veryDeep = [veryDeep];
const throwing = Object.defineProperty({}, "bad", {
  enumerable: true,
  get() {
    throw new Error("boom");
  },
});

describe("documentToYaml refuses what is not JSON data with the library error, never writing `{}` for it", () => {
  const rows: { name: string; doc: unknown; code: string; path: string }[] = [
    { name: "a Date", doc: { spec: { at: new Date(0) } }, code: "invalid_type", path: "spec.at" },
    { name: "a Map", doc: { spec: { m: new Map([["a", 1]]) } }, code: "invalid_type", path: "spec.m" },
    { name: "a Set", doc: { s: new Set([1]) }, code: "invalid_type", path: "s" },
    { name: "a class instance", doc: { p: new Point() }, code: "invalid_type", path: "p" },
    { name: "a boxed string", doc: { s: Object("x") }, code: "invalid_type", path: "s" },
    { name: "a typed array", doc: { b: new Uint8Array(2) }, code: "invalid_type", path: "b" },
    { name: "a RegExp", doc: { r: /x/ }, code: "invalid_type", path: "r" },
    { name: "a function", doc: { f: () => 1 }, code: "invalid_type", path: "f" },
    { name: "a symbol", doc: { s: Symbol("s") }, code: "invalid_type", path: "s" },
    { name: "a bigint", doc: { n: 10n }, code: "invalid_type", path: "n" },
    { name: "a bigint in a list", doc: { l: [1, 2n] }, code: "invalid_type", path: "l[1]" },
    { name: "undefined in a list", doc: { args: ["a", undefined] }, code: "invalid_type", path: "args[1]" },
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
    { name: "a hole in a list", doc: { args: ["a", , "c"] }, code: "invalid_type", path: "args[1]" },
    { name: "NaN", doc: { n: Number.NaN }, code: "invalid_value", path: "n" },
    { name: "Infinity in a list", doc: { l: [-Infinity] }, code: "invalid_value", path: "l[0]" },
    { name: "a cycle through a list", doc: cyclic, code: "circular_reference", path: "a.b[0]" },
    { name: "a list holding itself", doc: { l: selfList }, code: "circular_reference", path: "l[1]" },
    {
      name: `nesting deeper than ${MAX_DEPTH}`,
      doc: deep,
      code: "too_deep",
      path: `d${".d".repeat(MAX_DEPTH - 1)}`,
    },
    {
      name: "nesting deep enough to overflow the stack",
      doc: { v: veryDeep },
      code: "too_deep",
      path: `v${"[0]".repeat(MAX_DEPTH - 1)}`,
    },
    { name: "a getter that throws", doc: { spec: throwing }, code: "invalid_type", path: "spec" },
    { name: "a Date as the document", doc: new Date(0), code: "invalid_type", path: "" },
    { name: "null as the document", doc: null, code: "invalid_type", path: "" },
    { name: "a string as the document", doc: "x", code: "invalid_type", path: "" },
  ];
  for (const row of rows) {
    it(`refuses ${row.name}`, () => {
      const err = builderError(() => documentToYaml(row.doc as object));
      expect(err.builder).toBe("documentToYaml");
      expect(err.issues).toHaveLength(1);
      const issue = err.issues[0];
      expect(issue?.code).toBe(row.code);
      expect(issue?.path).toBe(row.path);
    });
  }

  it("writes null-prototype objects (plain data) and objects shared without a cycle", () => {
    const shared = { k: "v" };
    const bare = Object.assign(Object.create(null) as object, { a: 1 });
    expect(read(documentToYaml({ bare, x: [shared, shared] }))).toEqual({
      bare: { a: 1 },
      x: [shared, shared],
    });
  });
});
