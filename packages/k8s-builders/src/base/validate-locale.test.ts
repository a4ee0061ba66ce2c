/**
 * Our messages do not depend on zod's global configuration: importing the full `zod` package installs its
 * English texts, and `z.config(z.locales.xx())` another language, for every copy of zod in the process
 * (`globalThis.__zod_globalConfig`). parseOptions reads zod's issue codes and data, not zod's text.
 */
import { afterAll, describe, expect, it } from "vitest";
import * as mini from "zod/mini";
import { deployment } from "../kinds/deployment.ts";
import { K8sBuilderError } from "./errors.ts";

const BAD_OPTIONS: readonly { readonly what: string; readonly options: unknown }[] = [
  { what: "a wrong type", options: { name: "api", replicas: "three", containers: [] } },
  { what: "a missing option", options: { containers: [{ name: "api", image: "nginx:1.27.0" }] } },
  { what: "an unknown option", options: { name: "api", containerz: [] } },
  { what: "a value out of range", options: { name: "api", replicas: -1, containers: [] } },
  {
    what: "a value outside a fixed set",
    options: { name: "api", strategy: "Sometimes", containers: [{ name: "api", image: "nginx:1.27.0" }] },
  },
  { what: "a bad name", options: { name: "API_", containers: [{ name: "api", image: "nginx:1.27.0" }] } },
];

function messages(options: unknown): string {
  try {
    deployment(options as never);
  } catch (e) {
    if (K8sBuilderError.is(e)) return e.message;
    throw e;
  }
  throw new Error("expected the options to be refused");
}

describe("the messages of refused options under zod's global locale", () => {
  const before = BAD_OPTIONS.map(({ options }) => messages(options));
  const saved = { ...mini.config() };
  afterAll(() => {
    // The test files share one process (isolate: false): leave zod's configuration as it was.
    mini.config({ localeError: saved.localeError, customError: saved.customError });
  });

  it("stay the same after the full zod package is loaded and configured", async () => {
    const zodText = () => mini.safeParse(mini.number(), "x").error?.issues[0]?.message;
    const plain = zodText();
    const z = await import("zod");
    z.string(); // the full package installs its English texts when its first schema is built
    const english = zodText();
    z.config(z.locales.de());
    // Precondition: zod's own text did change.
    expect(new Set([plain, english, zodText()]).size).toBe(3);
    expect(BAD_OPTIONS.map(({ options }) => messages(options))).toEqual(before);
  });

  it("say what is wrong in our words", () => {
    expect(before[0]).toContain(`expected number, received "three" → at replicas`);
  });
});
