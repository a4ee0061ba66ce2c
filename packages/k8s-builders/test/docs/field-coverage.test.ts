// Every field of the specs the workload builders write is an option, derived from options, or listed with the
// reason it is not one (packages/k8s-builders/src/kinds/field-coverage.ts). The fields come from the field map
// generated from kubernetes-types, so a Kubernetes upgrade that adds a field fails here until it has its row.
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { k8sFields } from "../../src/base/k8s-fields.ts";
import * as library from "../../src/index.ts";
import { FIELD_COVERAGE } from "../../src/kinds/field-coverage.ts";

interface JsonNode {
  readonly properties?: Readonly<Record<string, JsonNode>>;
  readonly items?: JsonNode;
  readonly anyOf?: readonly JsonNode[];
  readonly oneOf?: readonly JsonNode[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonNode>>;
}

/** The option schema of a builder, by its name: `deployment` → `DeploymentOptionsSchema`. */
function optionsJson(builder: string): JsonNode {
  const name = `${builder[0]?.toUpperCase()}${builder.slice(1)}OptionsSchema`;
  const schema = (library as Record<string, unknown>)[name];
  if (schema === undefined) throw new Error(`the library exports no ${name}`);
  return z.toJSONSchema(schema as z.ZodMiniType, { io: "input", unrepresentable: "any" }) as JsonNode;
}

/** The nodes at `path` (`containers[].image`) of a JSON Schema, through unions and references. */
function nodesAt(root: JsonNode, path: string): JsonNode[] {
  const resolve = (n: JsonNode): JsonNode[] => {
    if (n.$ref !== undefined) {
      const def = root.$defs?.[n.$ref.replace("#/$defs/", "")];
      return def === undefined ? [] : resolve(def);
    }
    const branches = n.anyOf ?? n.oneOf;
    return branches === undefined ? [n] : branches.flatMap(resolve);
  };
  let nodes = resolve(root);
  for (const segment of path.split(".").filter((s) => s !== "")) {
    const list = segment.endsWith("[]");
    const key = list ? segment.slice(0, -2) : segment;
    nodes = nodes.flatMap((n) => {
      const child = n.properties?.[key];
      if (child === undefined) return [];
      const here = resolve(child);
      return list ? here.flatMap((h) => (h.items === undefined ? [] : resolve(h.items))) : here;
    });
  }
  return nodes;
}

describe("field coverage (src/kinds/field-coverage.ts)", () => {
  it.each(FIELD_COVERAGE.map((c) => [c.type, c] as const))("lists every field of %s", (type, c) => {
    const fields = k8sFields()[type];
    expect(fields, `${type} is not in the field map`).toBeDefined();
    const missing = Object.keys(fields ?? {}).filter((f) => !Object.hasOwn(c.fields, f));
    const unknown = Object.keys(c.fields).filter((f) => !Object.hasOwn(fields ?? {}, f));
    expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
  });

  it.each(FIELD_COVERAGE.map((c) => [c.type, c] as const))(
    "names options of %s that the builders have",
    (_type, c) => {
      const absent: string[] = [];
      for (const b of c.builders) {
        const json = optionsJson(b.name);
        for (const [field, how] of Object.entries(c.fields)) {
          if (!("options" in how)) continue;
          for (const option of how.options) {
            const path = b.at === "" ? option : `${b.at}.${option}`;
            if (nodesAt(json, path).length === 0) absent.push(`${b.name}: ${path} (for ${field})`);
          }
        }
      }
      expect(absent).toEqual([]);
    },
  );

  it("gives a reason for every field that is not an option", () => {
    const empty = FIELD_COVERAGE.flatMap((c) =>
      Object.entries(c.fields).flatMap(([f, how]) =>
        ("notModelled" in how && how.notModelled.trim() === "") ||
        ("derived" in how && how.derived.trim() === "")
          ? [`${c.type}.${f}`]
          : [],
      ),
    );
    expect(empty).toEqual([]);
  });

  it("fails for a field in no row and for an option no builder has", () => {
    const [first] = FIELD_COVERAGE;
    if (first === undefined) throw new Error("no coverage");
    const json = optionsJson(first.builders[0]?.name ?? "");
    expect(nodesAt(json, "replicas").length).toBeGreaterThan(0);
    expect(nodesAt(json, "noSuchOption")).toEqual([]);
    expect(nodesAt(json, "containers[].image").length).toBeGreaterThan(0);
    expect(nodesAt(json, "containers[].noSuchOption")).toEqual([]);
  });
});
