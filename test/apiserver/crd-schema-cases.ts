// The cases of crd-schema.apiserver.test.ts: a field of a CRD's spec per case (its schema) and the values sent in
// it, and the differences between the library and the API server that are known and meant.
import type { Json } from "./server.ts";

export type Case = { readonly schema: Json; readonly values: readonly unknown[] };

const str = (format: string, values: unknown[]): Case => ({ schema: { type: "string", format }, values });
const embedded = {
  type: "object",
  "x-kubernetes-embedded-resource": true,
  "x-kubernetes-preserve-unknown-fields": true,
};
const cm = (metadata: Json) => ({ apiVersion: "v1", kind: "ConfigMap", metadata });

export const CASES: Readonly<Record<string, Case>> = {
  int: {
    schema: { type: "integer" },
    values: [1, -0, 1.5, 2 ** 53 + 2, 2 ** 62, 2 ** 63, -(2 ** 63), 1e20, 1e21],
  },
  int32: {
    schema: { type: "integer", format: "int32" },
    values: [2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1],
  },
  float: { schema: { type: "number", format: "float" }, values: [3e38, 1e39, -1e39, 1e-50] },
  intOrString: { schema: { "x-kubernetes-int-or-string": true }, values: [1, "a", 1.5, 1e20, true] },
  bounds: {
    schema: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
    values: [0, 1, 0.5, -0],
  },
  maxHalfExcl: { schema: { type: "number", maximum: 1.5, exclusiveMaximum: true }, values: [1, 1.4, 0] },
  minHalf: { schema: { type: "number", minimum: 0.5 }, values: [0, 0.4, 1] },
  intMaxHalf: { schema: { type: "integer", maximum: 1.5 }, values: [1] },
  int32Max: { schema: { type: "integer", format: "int32", maximum: 2 ** 32 }, values: [1] },
  tenth: {
    schema: { type: "number", multipleOf: 0.1 },
    values: [0.3, 0.7, -0.3, 1.15, 1e-12, 123456.7, 0.35],
  },
  half: { schema: { type: "number", multipleOf: 0.5 }, values: [1.5, 2.5, 3, 0] },
  threeHalves: { schema: { type: "number", multipleOf: 1.5 }, values: [4.5, 3, 4] },
  fiveHalves: { schema: { type: "number", multipleOf: 2.5 }, values: [5, 7.5] },
  intThreeHalves: { schema: { type: "integer", multipleOf: 1.5 }, values: [3] },
  three: { schema: { type: "integer", multipleOf: 3 }, values: [9, -9, 10, 2 ** 60, 3 * 2 ** 55, 6e17] },
  enumNumber: { schema: { type: "number", enum: [1, 2] }, values: [1, 1.5, 3] },
  enumIntOrString: {
    schema: { "x-kubernetes-int-or-string": true, enum: ["a", 1] },
    values: ["a", 1, "1", 97],
  },
  enumNull: { schema: { type: "string", nullable: true, enum: ["a", null] }, values: [null, "a", "b"] },
  notNullable: { schema: { type: "string" }, values: [null, "a"] },
  mapNull: { schema: { type: "object", additionalProperties: { type: "string" } }, values: [{ a: null }] },
  arrayNull: { schema: { type: "array", items: { type: "string" } }, values: [[null]] },
  lengths: {
    schema: { type: "string", minLength: 2, maxLength: 2 },
    values: ["😀😀", "😀", "e\u0301", "ab", "abc"],
  },
  items: {
    schema: { type: "array", items: { type: "integer" }, minItems: 1, maxItems: 2 },
    values: [[], [1], [1, 2, 3]],
  },
  props: {
    schema: { type: "object", additionalProperties: { type: "integer" }, minProperties: 1, maxProperties: 1 },
    values: [{}, { a: 1 }, { a: 1, b: 2 }],
  },
  requiredDefault: {
    schema: { type: "object", required: ["a"], properties: { a: { type: "integer", default: 1 } } },
    values: [{}, { a: null }, { a: "x" }],
  },
  requiredNullable: {
    schema: { type: "object", required: ["a"], properties: { a: { type: "string", nullable: true } } },
    values: [{ a: null }, {}],
  },
  anyFields: {
    schema: { type: "object", additionalProperties: true },
    values: [{ a: 1, b: [1] }, { b: { c: 1 } }, { b: [{ x: 1 }] }],
  },
  preserve: {
    schema: {
      type: "object",
      "x-kubernetes-preserve-unknown-fields": true,
      properties: { a: { type: "string" } },
    },
    values: [{ a: "x", z: { deep: [1] } }, { a: 1 }],
  },
  set: {
    schema: { type: "array", items: { type: "integer" }, "x-kubernetes-list-type": "set" },
    values: [
      [1, 1],
      [1, 2],
    ],
  },
  listMap: {
    schema: {
      type: "array",
      "x-kubernetes-list-type": "map",
      "x-kubernetes-list-map-keys": ["k", "p"],
      items: {
        type: "object",
        required: ["k"],
        properties: { k: { type: "string" }, p: { type: "integer", default: 0 } },
      },
    },
    values: [
      [{ k: "a" }, { k: "a", p: 1 }],
      [{ k: "a" }, { k: "a", p: 0 }],
      [
        { k: "a", p: 1 },
        { k: "a", p: 1 },
      ],
    ],
  },
  anyOf: {
    schema: {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      anyOf: [{ required: ["a"] }, { required: ["b"] }],
    },
    values: [{}, { a: "x" }],
  },
  oneOf: {
    schema: {
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string" } },
      oneOf: [{ required: ["a"] }, { required: ["b"] }],
    },
    values: [{ a: "x", b: "y" }, { b: "y" }],
  },
  not: { schema: { type: "string", not: { enum: ["x"] } }, values: ["x", "y"] },
  allOf: { schema: { type: "integer", allOf: [{ minimum: 1 }, { maximum: 2 }] }, values: [1, 3] },
  embedded: {
    schema: embedded,
    values: [
      cm({ name: "x" }),
      { kind: "ConfigMap" },
      { apiVersion: "a/b/c", kind: "X" },
      { apiVersion: "v1", kind: "" },
      cm({ name: "a/b" }),
      cm({ generateName: "x%" }),
      cm({ namespace: "Bad_NS" }),
      cm({ uid: 5 }),
      cm({ uid: "u", resourceVersion: "1", generation: 2, creationTimestamp: "2025-01-01T00:00:00Z" }),
      cm({ generation: "2" }),
      cm({ finalizers: ["example.com/f"] }),
      cm({ finalizers: ["bad finalizer"] }),
      cm({ foo: 1 }),
      cm({ labels: { a: "b c" } }),
      { apiVersion: "v1", kind: "X", spec: { any: 1 } },
    ],
  },
  embeddedDeclared: {
    schema: {
      type: "object",
      "x-kubernetes-embedded-resource": true,
      properties: {
        apiVersion: { type: "string" },
        kind: { type: "string" },
        metadata: { type: "object" },
        data: { type: "string" },
      },
    },
    values: [{ apiVersion: "v1", kind: "X", data: "x" }, { data: "x" }],
  },
  hostname: str("hostname", [
    "a.b",
    "1.2.3.4",
    "example.com.",
    "bücher.de",
    "localhost",
    "a-b-c",
    "a_b.com",
    `${"a".repeat(64)}.com`,
  ]),
  email: str("email", [
    "a@b",
    "a@b.com",
    "a b@c.com",
    "@b.com",
    "John <a@b.com>",
    '"a b"@c.com',
    "a..b@c.com",
    "a.@c.com",
    "a@b..c",
    "a@b,c",
    "a@b.com (x)",
  ]),
  uri: str("uri", [
    "http://x/#f",
    "a",
    "//x/y",
    "mailto:a@b",
    "/a b",
    "http://[::1",
    "http://[::1]:80/",
    "http://x/%zz",
    "http://x/?q=%zz",
    "http://x:port/",
    "1http://x",
  ]),
  ipv4: str("ipv4", ["1.2.3.4", "01.2.3.4", "1.2.3", "::ffff:1.2.3.4", "256.1.1.1"]),
  ipv6: str("ipv6", ["::1", "1.2.3.4", "fe80::1%eth0", "[::1]"]),
  cidr: str("cidr", ["10.0.0.0/8", "10.0.0.1/8", "10.0.0.0/33", "::/0", "10.0.0.0"]),
  mac: str("mac", [
    "01:23:45:67:89:ab",
    "01-23-45-67-89-ab",
    "0123.4567.89ab",
    "01:23:45:67:89:ab:cd:ef",
    "01:23:45",
  ]),
  uuid: str("uuid", ["123e4567-e89b-12d3-a456-426614174000", "123e4567e89b12d3a456426614174000", "x"]),
  uuid4: str("uuid4", ["123e4567-e89b-42d3-a456-426614174000", "123e4567-e89b-42d3-c456-426614174000"]),
  byte: str("byte", ["", "YQ==", "YQ", "YWJj\n"]),
  date: str("date", ["2025-01-31", "2025-02-30", "2025-1-31", "0000-01-01", "0050-02-29"]),
  dateTime: str("date-time", [
    "2025-01-31T12:00:00Z",
    "2025-01-31 12:00:00Z",
    "2025-01-31t12:00:00z",
    "2025-01-31T12:00:00",
    "2025-01-31T23:59:60Z",
    "2025-01-31T12:00:00.123456789+01:00",
    "2025-01-31T12:00:00ZT x",
  ]),
  duration: str("duration", [
    "30s",
    "1h30m",
    "1.5h",
    "-1s",
    "+1s",
    "0",
    "1 day",
    "3 weeks",
    "2 hrs",
    "s",
    "1",
    "1 s",
    "in 5 minutes",
  ]),
  shortName: str("k8s-short-name", ["abc", "ABC", "a.b", "-a"]),
  longName: str("k8s-long-name", ["a.b", "A.b", "a..b"]),
  rgb: str("rgbcolor", ["rgb(1,2,3)", "rgb(300,2,3)", "rgb( 1 , 2 , 3 )"]),
  unknownFormat: str("int32", ["x"]),
  cel: {
    schema: {
      type: "object",
      properties: { a: { type: "integer" }, b: { type: "integer" } },
      "x-kubernetes-validations": [{ rule: "self.a < self.b", message: "a must be below b" }],
    },
    values: [
      { a: 1, b: 2 },
      { a: 3, b: 2 },
    ],
  },
};

/**
 * Known differences, by `field value`: where the library refuses what the server takes (the server's quirk lets
 * through what the schema means to refuse, or silently drops it), and where the server refuses what the library
 * cannot check. Anything else is a bug of the library.
 */
export const KNOWN: Readonly<Record<string, string>> = {
  "enumNumber 1.5": "the server matches 1.5 with enum value 1 (it converts the value to the enum's int64)",
  "enumIntOrString 97":
    'the server matches 97 with enum value "a" (Go converts an int64 to a string as a rune)',
  "notNullable null":
    "the server drops a null that is not nullable; the library says the field is not nullable",
  'mapNull {"a":null}':
    "the server drops a null that is not nullable; the library says the field is not nullable",
  "minHalf 0": "the server compares a whole number with minimum 0.5 cut to 0",
  "threeHalves 4": "the server checks a whole number against multipleOf 1.5 cut to 1",
  'cel {"a":3,"b":2}':
    "CEL rules (x-kubernetes-validations) are checked by the API server only (docs/custom-resources.md)",
};
