import { describe, expect, it } from "vitest";
import { formatPath } from "../base/errors.ts";
import { type StructuralSchema, structuralIssues } from "./structural.ts";

const issues = (schema: StructuralSchema, value: unknown) =>
  structuralIssues(schema, value).map((i) => ({ code: i.code, path: formatPath(i.path) }));

const obj = (properties: Record<string, StructuralSchema>, extra: Partial<StructuralSchema> = {}) =>
  ({ type: "object", properties, ...extra }) as StructuralSchema;

describe("structuralIssues: valid values", () => {
  it.each<{ name: string; schema: StructuralSchema; value: unknown }>([
    {
      name: "every scalar type",
      schema: obj({
        s: { type: "string" },
        i: { type: "integer" },
        n: { type: "number" },
        b: { type: "boolean" },
      }),
      value: { s: "x", i: 3, n: 1.5, b: false },
    },
    { name: "an integer is a number", schema: { type: "number" }, value: 3 },
    { name: "nullable null", schema: { type: "string", nullable: true }, value: null },
    { name: "int-or-string: integer", schema: { "x-kubernetes-int-or-string": true }, value: 8080 },
    {
      name: "int-or-string: string",
      schema: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
      value: "http",
    },
    {
      name: "preserve-unknown-fields keeps any field",
      schema: obj({ a: { type: "string" } }, { "x-kubernetes-preserve-unknown-fields": true }),
      value: { a: "x", anything: { deep: [1, null] } },
    },
    {
      name: "no type under preserve: any JSON",
      schema: { "x-kubernetes-preserve-unknown-fields": true },
      value: [1, "a", { b: null }],
    },
    {
      name: "additionalProperties map",
      schema: { type: "object", additionalProperties: { type: "string" } },
      value: { a: "1", "b/c": "2" },
    },
    {
      name: "additionalProperties true",
      schema: { type: "object", additionalProperties: true },
      value: { a: 1 },
    },
    { name: "enum", schema: { type: "string", enum: ["A", "B"] }, value: "B" },
    { name: "pattern (unanchored, as in RE2)", schema: { type: "string", pattern: "b+" }, value: "abbbc" },
    {
      name: "lengths in characters, not UTF-16 units",
      schema: { type: "string", maxLength: 2 },
      value: "😀😀",
    },
    { name: "bounds", schema: { type: "integer", minimum: 1, maximum: 3 }, value: 3 },
    {
      name: "items and list bounds",
      schema: { type: "array", items: { type: "integer" }, minItems: 1, maxItems: 2 },
      value: [1, 2],
    },
    {
      name: "a set without duplicates",
      schema: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" },
      value: ["a", "b"],
    },
    {
      name: "a map list with unique keys",
      schema: {
        type: "array",
        items: obj({ name: { type: "string" } }),
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
      },
      value: [{ name: "a" }, { name: "b" }],
    },
    {
      name: "embedded resource",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "Secret", metadata: { name: "x", labels: { a: "b" } }, data: {} },
    },
    {
      name: "oneOf exactly one",
      schema: {
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        oneOf: [{ required: ["a"] }, { required: ["b"] }],
      },
      value: { a: "x" },
    },
    { name: "not", schema: { type: "string", not: { enum: ["x"] } }, value: "y" },
    { name: "format ipv4", schema: { type: "string", format: "ipv4" }, value: "10.0.0.1" },
    { name: "unchecked format", schema: { type: "string", format: "int-or-whatever" }, value: "anything" },
    {
      name: "undefined properties are absent",
      schema: obj({ a: { type: "string" } }),
      value: { a: undefined },
    },
  ])("$name", ({ schema, value }) => {
    expect(issues(schema, value)).toEqual([]);
  });
});

describe("structuralIssues: invalid values", () => {
  const certLike = obj(
    {
      secretName: { type: "string", minLength: 1 },
      dnsNames: { type: "array", items: { type: "string", format: "hostname" }, maxItems: 2 },
      issuerRef: obj(
        { name: { type: "string" }, kind: { type: "string", enum: ["Issuer", "ClusterIssuer"] } },
        { required: ["name"] },
      ),
      port: { "x-kubernetes-int-or-string": true },
      labels: { type: "object", additionalProperties: { type: "string", pattern: "^[a-z]+$" } },
    },
    { required: ["secretName"] },
  );
  it.each<{ value: unknown; code: string; path: string; schema?: StructuralSchema }>([
    { value: {}, code: "required", path: "secretName" },
    { value: { secretName: 1 }, code: "invalid_type", path: "secretName" },
    { value: { secretName: "" }, code: "too_small", path: "secretName" },
    { value: { secretName: "x", typo: 1 }, code: "unknown_option", path: "typo" },
    { value: { secretName: "x", dnsNames: ["a..b"] }, code: "invalid_format", path: "dnsNames[0]" },
    { value: { secretName: "x", dnsNames: ["a", "b", "c"] }, code: "too_big", path: "dnsNames" },
    { value: { secretName: "x", dnsNames: [undefined] }, code: "invalid_type", path: "dnsNames[0]" },
    { value: { secretName: "x", issuerRef: {} }, code: "required", path: "issuerRef.name" },
    {
      value: { secretName: "x", issuerRef: { name: "a", kind: "Other" } },
      code: "invalid_value",
      path: "issuerRef.kind",
    },
    {
      value: { secretName: "x", issuerRef: { name: "a", extra: true } },
      code: "unknown_option",
      path: "issuerRef.extra",
    },
    { value: { secretName: "x", port: 1.5 }, code: "invalid_type", path: "port" },
    { value: { secretName: "x", port: true }, code: "invalid_type", path: "port" },
    { value: { secretName: "x", labels: { "a/b": "UP" } }, code: "invalid_format", path: 'labels["a/b"]' },
    { value: { secretName: null }, code: "invalid_type", path: "secretName" },
    { value: { secretName: "x", issuerRef: [] }, code: "invalid_type", path: "issuerRef" },
    { value: [], code: "invalid_type", path: "" },
    {
      value: { value: 0 },
      code: "too_small",
      path: "value",
      schema: obj({ value: { type: "number", minimum: 0, exclusiveMinimum: true } }),
    },
    {
      value: { value: 5 },
      code: "too_big",
      path: "value",
      schema: obj({ value: { type: "integer", maximum: 4 } }),
    },
    {
      value: { value: 5 },
      code: "invalid_value",
      path: "value",
      schema: obj({ value: { type: "integer", multipleOf: 2 } }),
    },
    {
      value: { value: Number.NaN },
      code: "invalid_type",
      path: "value",
      schema: obj({ value: { type: "number" } }),
    },
    {
      value: { value: 2.5 },
      code: "invalid_type",
      path: "value",
      schema: obj({ value: { type: "integer" } }),
    },
    {
      value: { value: "aaa" },
      code: "too_big",
      path: "value",
      schema: obj({ value: { type: "string", maxLength: 2 } }),
    },
    {
      value: { value: ["a", "a"] },
      code: "duplicate",
      path: "value[1]",
      schema: obj({ value: { type: "array", items: { type: "string" }, "x-kubernetes-list-type": "set" } }),
    },
    {
      value: {
        value: [
          { name: "a", v: 1 },
          { name: "a", v: 2 },
        ],
      },
      code: "duplicate",
      path: "value[1]",
      schema: obj({
        value: {
          type: "array",
          items: obj({ name: { type: "string" }, v: { type: "integer" } }),
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"],
        },
      }),
    },
    {
      value: { value: {} },
      code: "too_small",
      path: "value",
      schema: obj({ value: { type: "object", minProperties: 1, additionalProperties: { type: "string" } } }),
    },
    {
      value: { value: { a: "1", b: "2" } },
      code: "too_big",
      path: "value",
      schema: obj({ value: { type: "object", maxProperties: 1, additionalProperties: { type: "string" } } }),
    },
    {
      value: { value: { a: 1 } },
      code: "invalid_type",
      path: "value.a",
      schema: obj({ value: { type: "object", additionalProperties: { type: "string" } } }),
    },
    {
      value: { value: { kind: "Secret" } },
      code: "required",
      path: "value.apiVersion",
      schema: obj({
        value: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          "x-kubernetes-preserve-unknown-fields": true,
        },
      }),
    },
    {
      value: { value: { apiVersion: "v1", kind: "Secret", metadata: { labels: { a: "-" } } } },
      code: "invalid_format",
      path: "value.metadata.labels.a",
      schema: obj({
        value: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          "x-kubernetes-preserve-unknown-fields": true,
        },
      }),
    },
    {
      value: { value: { apiVersion: "v1", kind: "Secret", metadata: { nam: "x" } } },
      code: "unknown_option",
      path: "value.metadata.nam",
      schema: obj({
        value: {
          type: "object",
          "x-kubernetes-embedded-resource": true,
          "x-kubernetes-preserve-unknown-fields": true,
        },
      }),
    },
    {
      value: { value: { x: () => 1 } },
      code: "invalid_type",
      path: "value.x",
      schema: obj({ value: { type: "object", "x-kubernetes-preserve-unknown-fields": true } }),
    },
    {
      value: { a: "x", b: "y" },
      code: "invalid_value",
      path: "",
      schema: obj(
        { a: { type: "string" }, b: { type: "string" } },
        { oneOf: [{ required: ["a"] }, { required: ["b"] }] },
      ),
    },
    {
      value: {},
      code: "invalid_value",
      path: "",
      schema: obj(
        { a: { type: "string" }, b: { type: "string" } },
        { anyOf: [{ required: ["a"] }, { required: ["b"] }] },
      ),
    },
    {
      value: {},
      code: "required",
      path: "a",
      schema: obj({ a: { type: "string" } }, { allOf: [{ required: ["a"] }] }),
    },
    {
      value: { a: "x" },
      code: "invalid_value",
      path: "",
      schema: obj({ a: { type: "string" } }, { not: { required: ["a"] } }),
    },
    {
      value: { a: "2025-02-30" },
      code: "invalid_format",
      path: "a",
      schema: obj({ a: { type: "string", format: "date" } }),
    },
  ])("$path: $code", ({ value, code, path, schema }) => {
    expect(issues(schema ?? certLike, value)).toContainEqual({ code, path });
  });

  it("reports every problem at once", () => {
    expect(issues(certLike, { secretName: "", typo: 1, issuerRef: { kind: "X" } })).toEqual([
      { code: "too_small", path: "secretName" },
      { code: "unknown_option", path: "typo" },
      { code: "required", path: "issuerRef.name" },
      { code: "invalid_value", path: "issuerRef.kind" },
    ]);
  });

  it("does not report unknown fields inside anyOf/oneOf alternatives (they only validate values)", () => {
    const schema = obj(
      { a: { type: "string" }, b: { type: "string" } },
      { anyOf: [{ properties: { a: { minLength: 2 } } }] },
    );
    expect(issues(schema, { a: "xy", b: "z" })).toEqual([]);
    expect(issues(schema, { a: "x" })).toEqual([{ code: "too_small", path: "a" }]);
  });

  it("says what was expected", () => {
    const [i] = structuralIssues(obj({ kind: { type: "string", enum: ["Issuer", "ClusterIssuer"] } }), {
      kind: "X",
    });
    expect(i?.message).toBe('expected one of "Issuer", "ClusterIssuer", received "X"');
  });
});
