import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { lazyFunction, lazySchema } from "./load.ts";

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

describe("lazySchema", () => {
  const inner = z.strictObject({ name: z.string() });
  const module = { NameSchema: z.lazy(() => inner) };

  it("parses as the module's schema does", () => {
    const schema = lazySchema(() => module, "NameSchema");
    expect(schema.safeParse({ name: "a" })).toEqual(module.NameSchema.safeParse({ name: "a" }));
    expect(schema.safeParse({ name: 1 }).success).toBe(false);
  });

  it("wraps the module's own inner schema, built on first use", () => {
    let loads = 0;
    const schema = lazySchema(() => {
      loads += 1;
      return module;
    }, "NameSchema");
    expect(loads).toBe(0);
    expect(schema._zod.innerType).toBe(inner);
  });
});
