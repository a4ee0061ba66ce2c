// Every integer option of every builder has a bound that fits the Kubernetes field it sets: int32 fields at most
// 2^31 − 1 (the API server refuses more), int64 fields at most 2^53 − 1 (what a JavaScript number holds exactly).
// A new integer option without a bound fails here.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { INT32_MAX } from "../base/primitives.ts";
import * as library from "../index.ts";

/** Options that set int64 fields of the API (all others are int32 or smaller). */
const INT64 = new Set([
  "runAsUser",
  "runAsGroup",
  "fsGroup",
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "tolerationSeconds",
  "expirationSeconds",
]);

interface Node {
  readonly [key: string]: unknown;
}

/** Every integer node of a JSON Schema: its path and maximum. */
function integers(node: unknown, path: string, out: { path: string; max: number | undefined }[]): void {
  if (typeof node !== "object" || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) integers(n, path, out);
    return;
  }
  const n = node as Node;
  if (n.type === "integer") {
    const max =
      typeof n.maximum === "number"
        ? n.maximum
        : typeof n.exclusiveMaximum === "number"
          ? n.exclusiveMaximum - 1
          : undefined;
    out.push({ path, max });
  }
  for (const [k, v] of Object.entries(n)) {
    if (k === "properties" && typeof v === "object" && v !== null) {
      for (const [name, child] of Object.entries(v))
        integers(child, path === "" ? name : `${path}.${name}`, out);
    } else if (k === "items") integers(v, `${path}[]`, out);
    else if (k === "additionalProperties") integers(v, `${path}.<key>`, out);
    else if (k === "anyOf" || k === "oneOf" || k === "allOf") integers(v, path, out);
    else if (k === "$defs" || k === "definitions") {
      for (const [name, child] of Object.entries(v as object)) integers(child, `$defs.${name}`, out);
    }
  }
}

const schemas = (Object.entries(library) as [string, unknown][]).filter(
  (e): e is [string, z.ZodMiniType] => e[0].endsWith("OptionsSchema") && typeof e[1] === "object",
);

describe("integer options are bounded as their Kubernetes fields", () => {
  it("finds the options schemas", () => {
    expect(schemas.length).toBeGreaterThan(15);
  });

  it.each(schemas)(
    "%s: every integer has an int32 bound (int64 fields: a safe-integer bound)",
    (_name, schema) => {
      const found: { path: string; max: number | undefined }[] = [];
      integers(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), "", found);
      const bad = found.filter(({ path, max }) => {
        const leaf =
          path
            .split(/[.[\]]+/)
            .filter(Boolean)
            .at(-1) ?? "";
        const limit = INT64.has(leaf) ? Number.MAX_SAFE_INTEGER : INT32_MAX;
        return max === undefined || max > limit;
      });
      expect(bad).toEqual([]);
    },
  );
});
