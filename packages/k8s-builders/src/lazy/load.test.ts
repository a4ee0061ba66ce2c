import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lazyFunction, lazyObject, lazyProxy } from "./load.ts";

describe("lazyFunction", () => {
  it("loads the module on a call, not before", () => {
    let loads = 0;
    const load = () => {
      loads += 1;
      return { add: (a: number, b: number) => a + b };
    };
    const add = lazyFunction(load, "add");
    expect(loads).toBe(0);
    expect(add(1, 2)).toBe(3);
    expect(loads).toBe(1);
  });

  it("keeps the function's name", () => {
    expect(lazyFunction(() => ({ validateBundle: () => 0 }), "validateBundle").name).toBe("validateBundle");
  });
});

describe("lazyObject", () => {
  const inner = z.strictObject({ name: z.string() });
  const titled = z.lazy(() => inner);
  z.globalRegistry.add(titled, { title: "name" });

  it("loads the module on first use of the object, not before", () => {
    let loads = 0;
    const schema = lazyObject(() => {
      loads += 1;
      return { NameSchema: titled };
    }, "NameSchema");
    expect(loads).toBe(0);
    expect(schema._zod.innerType).toBe(inner);
    expect(loads).toBe(1);
  });

  it("parses, composes and is an instance as the module's schema", () => {
    const schema = lazyObject(() => ({ NameSchema: titled }), "NameSchema");
    expect(schema.safeParse({ name: "a" })).toEqual(titled.safeParse({ name: "a" }));
    expect(z.array(schema).safeParse([{ name: 1 }]).success).toBe(false);
    expect(schema instanceof z.ZodMiniLazy).toBe(true);
  });

  it("carries the module's metadata (a title) into JSON Schema", () => {
    const schema = lazyObject(() => ({ NameSchema: titled }), "NameSchema");
    expect(z.toJSONSchema(z.strictObject({ a: schema }))).toEqual(
      z.toJSONSchema(z.strictObject({ a: titled })),
    );
  });
});

describe("lazyProxy", () => {
  it("builds the object on first use, once, not before", () => {
    let builds = 0;
    const schema = lazyProxy(() => {
      builds += 1;
      return z.strictObject({ name: z.string() });
    });
    expect(builds).toBe(0);
    expect(schema.safeParse({ name: "a" }).success).toBe(true);
    expect(schema.safeParse({ name: 1 }).success).toBe(false);
    expect(builds).toBe(1);
  });

  it("is the built object to instanceof, in, keys and writes", () => {
    const real = { a: 1 } as { a: number; b?: number };
    const proxy = lazyProxy(() => real);
    proxy.b = 2;
    expect(real.b).toBe(2);
    expect({ keys: Object.keys(proxy), hasA: "a" in proxy, copy: { ...proxy } }).toEqual({
      keys: ["a", "b"],
      hasA: true,
      copy: { a: 1, b: 2 },
    });
    expect(lazyProxy(() => z.string()) instanceof z.ZodMiniString).toBe(true);
  });
});
