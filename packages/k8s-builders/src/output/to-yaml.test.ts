import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { builderError } from "../../test/support/errors.ts";
import { toYaml } from "./to-yaml.ts";

const cm = (name: string, data: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "shop" },
  data,
});
const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };

describe("toYaml", () => {
  it("writes documents in apply order, or in the given order with keepOrder", () => {
    const kinds = (text: string) => parseAllDocuments(text).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds(toYaml([cm("a"), ns]))).toEqual(["Namespace", "ConfigMap"]);
    expect(kinds(toYaml([cm("a"), ns], { keepOrder: true }))).toEqual(["ConfigMap", "Namespace"]);
  });

  it("writes an empty stream for no objects", () => {
    expect(toYaml([])).toBe("");
  });

  it("names the object and the path of a value it cannot write, by the object's place in the input", () => {
    // The Namespace goes first in the stream; the path still counts in the order the objects were given.
    const err = builderError(() => toYaml([cm("ok"), cm("app-config", { bad: "a\u007fb" }), ns]));
    expect(err.builder).toBe("toYaml");
    expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([
      { code: "invalid_character", path: "objects[1].data.bad" },
    ]);
    expect(err.issues[0]?.message).toMatch(/^ConfigMap "shop\/app-config": U\+007F/);
  });

  it("reports every object it cannot write, in input order", () => {
    const err = builderError(() =>
      toYaml([ns, cm("b", { at: new Date(0) }), cm("c"), cm("d", { n: Number.NaN })], { keepOrder: false }),
    );
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "invalid_type objects[1].data.at",
      "invalid_value objects[3].data.n",
    ]);
  });

  const junk: { name: string; run: () => unknown; code: string; path: string }[] = [
    { name: "null", run: () => toYaml(null as never), code: "invalid_type", path: "objects" },
    { name: "undefined", run: () => toYaml(undefined as never), code: "invalid_type", path: "objects" },
    { name: "an object", run: () => toYaml(ns as never), code: "invalid_type", path: "objects" },
    { name: "[null]", run: () => toYaml([null as never]), code: "invalid_type", path: "objects[0]" },
    { name: "[5]", run: () => toYaml([5 as never]), code: "invalid_type", path: "objects[0]" },
    {
      name: "a list in the list",
      run: () => toYaml([ns, [] as never]),
      code: "invalid_type",
      path: "objects[1]",
    },
    {
      name: "a Date in the list",
      run: () => toYaml([new Date(0)]),
      code: "invalid_type",
      path: "objects[0]",
    },
    { name: "a Map in the list", run: () => toYaml([new Map()]), code: "invalid_type", path: "objects[0]" },
    {
      name: "a class instance",
      run: () => toYaml([new (class K {})()]),
      code: "invalid_type",
      path: "objects[0]",
    },
    {
      name: "metadata that is a boxed string (found by fuzzing: it was written as `metadata: {}`)",
      run: () => toYaml([{ ...ns, metadata: Object("") }]),
      code: "invalid_type",
      path: "objects[0].metadata",
    },
    { name: "null options", run: () => toYaml([ns], null as never), code: "invalid_type", path: "options" },
    {
      name: "a non-boolean keepOrder",
      run: () => toYaml([ns], { keepOrder: "yes" as never }),
      code: "invalid_type",
      path: "options.keepOrder",
    },
    {
      name: "an unknown option",
      run: () => toYaml([ns], { sort: true } as never),
      code: "unknown_option",
      path: "options.sort",
    },
    {
      name: "a kind that throws when read",
      run: () =>
        toYaml([
          Object.defineProperty({}, "kind", {
            enumerable: true,
            get() {
              throw new TypeError("no");
            },
          }),
        ]),
      code: "invalid_type",
      path: "objects",
    },
  ];
  for (const row of junk) {
    it(`refuses ${row.name} with the library error`, () => {
      const err = builderError(row.run);
      expect(err.builder).toBe("toYaml");
      expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toContainEqual({
        code: row.code,
        path: row.path,
      });
    });
  }
});
