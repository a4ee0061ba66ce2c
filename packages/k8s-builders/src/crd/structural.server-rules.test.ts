// Rules of the API server's schema validation that differ from a plain reading of the schema, each found by the
// differential test against a real server (test/apiserver/crd-schema.apiserver.test.ts).
import { describe, expect, it } from "vitest";
import { formatPath } from "../base/errors.ts";
import { type StructuralSchema, structuralIssues } from "./structural.ts";

const issues = (schema: StructuralSchema, value: unknown) =>
  structuralIssues(schema, value).map((i) => ({ code: i.code, path: formatPath(i.path) }));

describe("structuralIssues: refused as the API server refuses them", () => {
  it.each<{ name: string; schema: StructuralSchema; value: unknown; code: string; path?: string }>([
    {
      name: "an integer beyond int64 (sent as 9223372036854776000)",
      schema: { type: "integer" },
      value: 2 ** 63,
      code: "invalid_type",
    },
    {
      name: "an integer written with an exponent (1e+21)",
      schema: { type: "integer" },
      value: 1e21,
      code: "invalid_type",
    },
    {
      name: "an int-or-string beyond int64",
      schema: { "x-kubernetes-int-or-string": true },
      value: 1e20,
      code: "invalid_type",
    },
    {
      name: "format int32 out of range",
      schema: { type: "integer", format: "int32" },
      value: 2 ** 31,
      code: "invalid_type",
    },
    {
      name: "format float out of range",
      schema: { type: "number", format: "float" },
      value: 1e39,
      code: "too_big",
    },
    {
      name: "a whole number against multipleOf below 1 (cut to 0 by the server)",
      schema: { type: "number", multipleOf: 0.5 },
      value: 3,
      code: "invalid_value",
    },
    {
      name: "a whole number against a fractional multipleOf (cut to 2 by the server)",
      schema: { type: "number", multipleOf: 2.5 },
      value: 5,
      code: "invalid_value",
    },
    {
      name: "a tiny non-multiple (relative, not absolute, tolerance)",
      schema: { type: "number", multipleOf: 0.1 },
      value: 1e-12,
      code: "invalid_value",
    },
    {
      name: "a whole number against an exclusive fractional maximum (cut to 1)",
      schema: { type: "number", maximum: 1.5, exclusiveMaximum: true },
      value: 1,
      code: "too_big",
    },
    {
      name: "a fractional bound of an integer field",
      schema: { type: "integer", maximum: 1.5 },
      value: 1,
      code: "invalid_value",
    },
    {
      name: "a fractional multipleOf of an integer field",
      schema: { type: "integer", multipleOf: 1.5 },
      value: 3,
      code: "invalid_value",
    },
    {
      name: "a bound beyond int32 of an int32 field",
      schema: { type: "integer", format: "int32", maximum: 2 ** 32 },
      value: 1,
      code: "invalid_value",
    },
    {
      name: "null where an enum lists null",
      schema: { type: "string", nullable: true, enum: ["a", null] },
      value: null,
      code: "invalid_value",
    },
    {
      name: "a field inside a value of additionalProperties: true",
      schema: { type: "object", additionalProperties: true },
      value: { b: [{ x: 1 }] },
      code: "unknown_option",
      path: "b[0].x",
    },
    {
      name: "a list-map key left out counts with its default",
      schema: {
        type: "array",
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["k"],
        items: {
          type: "object",
          properties: { k: { type: "string", default: "x" }, v: { type: "integer" } },
        },
      },
      value: [{ v: 1 }, { k: "x" }],
      code: "duplicate",
      path: "[1]",
    },
    {
      name: "an embedded apiVersion with two slashes",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "a/b/c", kind: "X" },
      code: "invalid_format",
      path: "apiVersion",
    },
    {
      name: "an embedded name with a slash",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "X", metadata: { name: "a/b" } },
      code: "invalid_format",
      path: "metadata.name",
    },
    {
      name: "an embedded namespace that is not a DNS label",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "X", metadata: { namespace: "Bad_NS" } },
      code: "invalid_format",
      path: "metadata.namespace",
    },
    {
      name: "an embedded finalizer that is not a qualified name",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "X", metadata: { finalizers: ["bad finalizer"] } },
      code: "invalid_format",
      path: "metadata.finalizers[0]",
    },
    {
      name: "an embedded uid that is not a string",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "X", metadata: { uid: 5 } },
      code: "invalid_type",
      path: "metadata.uid",
    },
    {
      name: "an embedded object without kind, though the schema declares it",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        properties: { apiVersion: { type: "string" }, kind: { type: "string" } },
      },
      value: { apiVersion: "v1" },
      code: "required",
      path: "kind",
    },
    {
      name: "an embedded namespace that is not a DNS label, though the schema declares metadata",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        properties: {
          apiVersion: { type: "string" },
          kind: { type: "string" },
          metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        },
      },
      value: { apiVersion: "v1", kind: "X", metadata: { namespace: "Bad_NS" } },
      code: "invalid_format",
      path: "metadata.namespace",
    },
    {
      name: "an embedded kind whose lowercase form is not an RFC 1035 label",
      schema: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
      },
      value: { apiVersion: "v1", kind: "My_Kind" },
      code: "invalid_format",
      path: "kind",
    },
  ])("$name", ({ schema, value, code, path = "" }) => {
    expect(issues(schema, value)).toContainEqual({ code, path });
  });
});

describe("structuralIssues: taken as the API server takes them", () => {
  it.each<{ name: string; schema: StructuralSchema; value: unknown }>([
    { name: "a large integer that fits int64", schema: { type: "integer" }, value: 2 ** 62 },
    { name: "int32 at its bounds", schema: { type: "integer", format: "int32" }, value: -(2 ** 31) },
    {
      name: "a whole multiple of an integer factor beyond 2^53 (exact, as the server's int64 check)",
      schema: { type: "integer", multipleOf: 3 },
      value: 6e17,
    },
    { name: "0.3 as a multiple of 0.1", schema: { type: "number", multipleOf: 0.1 }, value: 0.3 },
    { name: "3 as a multiple of 1.5", schema: { type: "number", multipleOf: 1.5 }, value: 3 },
    {
      name: "a required field with a default, left out (the server applies the default first)",
      schema: { type: "object", required: ["a"], properties: { a: { type: "integer", default: 1 } } },
      value: {},
    },
    {
      name: "null in a field with a default (the server writes the default in its place)",
      schema: { type: "object", properties: { a: { type: "integer", default: 1 } } },
      value: { a: null },
    },
    {
      name: "scalars and lists in a value of additionalProperties: true",
      schema: { type: "object", additionalProperties: true },
      value: { a: 1, b: [1, "x"] },
    },
  ])("$name", ({ schema, value }) => {
    expect(issues(schema, value)).toEqual([]);
  });
});
