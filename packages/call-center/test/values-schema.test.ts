/** The shipped JSON Schema of values files: current, and it accepts the examples and rejects a broken file. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { resolveConfig, valuesJsonSchemaText } from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const shipped = readFileSync(join(root, "packages/call-center/values.schema.json"), "utf8");
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(shipped));
const examples = readdirSync(join(root, "examples/values")).filter((f) => f.endsWith(".yaml"));

describe("values.schema.json", () => {
  it("is what the zod schema generates today (run node scripts/gen-values-schema.ts)", () => {
    expect(shipped).toBe(valuesJsonSchemaText());
  });

  it("describes every field, from the metadata of the configuration's schema", () => {
    const undescribed: string[] = [];
    let fields = 0;
    const walk = (node: Record<string, unknown>, path: string): void => {
      for (const [key, child] of Object.entries(
        (node.properties ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        fields++;
        if (typeof child.description !== "string" || child.description === "")
          undescribed.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
      for (const branch of (node.anyOf ?? []) as Record<string, unknown>[]) walk(branch, path);
    };
    walk(JSON.parse(shipped), "");
    expect(fields).toBeGreaterThan(100);
    expect(undescribed).toEqual([]);
  });

  it("is listed in the package's files", () => {
    const pkg = JSON.parse(readFileSync(join(root, "packages/call-center/package.json"), "utf8"));
    expect(pkg.files).toContain("values.schema.json");
  });

  it.each(examples)("accepts examples/values/%s, which the bundle also accepts", (file) => {
    const values = parse(readFileSync(join(root, "examples/values", file), "utf8"));
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
    expect(() => resolveConfig("production", values)).not.toThrow();
  });

  it("points the examples' yaml-language-server comment at the shipped schema", () => {
    for (const file of examples) {
      expect(readFileSync(join(root, "examples/values", file), "utf8")).toMatch(
        /^# yaml-language-server: \$schema=\.\.\/\.\.\/packages\/call-center\/values\.schema\.json\n/,
      );
    }
  });

  it("rejects a broken values file: unknown field, wrong type, bad quantity", () => {
    const broken = parse(
      "callProcessor:\n  replicaz: 2\n  replicas: two\n  resources:\n    limits:\n      memory: 512MB\n",
    );
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toContain("/callProcessor additionalProperties");
    expect(paths).toContain("/callProcessor/replicas type");
    expect(paths.some((p) => p.startsWith("/callProcessor/resources/limits/memory"))).toBe(true);
  });
});
