import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { K8sBuilderError } from "../base/errors.ts";
import { documentToYaml } from "./yaml.ts";

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
  "nel\u0085x",
  "bom\ufeff",
  "del\u007f",
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

  it("round-trips any JSON data through a YAML 1.1 reader (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), jsonValue.value, { maxKeys: 6 }), (doc) => {
        // -0 and 0 are the same number to Kubernetes.
        const expected = JSON.parse(JSON.stringify(doc));
        expect(read(documentToYaml(doc))).toEqual(expected);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });

  it("writes the same bytes for the same data (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), jsonValue.value, { maxKeys: 6 }), (doc) => {
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
});
