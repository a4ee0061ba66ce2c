/**
 * The built entry of @call-center/bundle builds no schema and loads no zod at import: its exported schemas
 * (CallCenterConfigSchema, CallCenterValuesSchema) are built on first use (packages/call-center/src/lazy-schema.ts),
 * so the import loads none of the builders' parts (dist/lazy/), and the schemas then parse as the sources' do, in
 * the ESM build and in the CommonJS build.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CallCenterConfigSchema,
  CallCenterValuesSchema,
  production,
  valuesJsonSchema,
} from "@call-center/bundle";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
/** This run's copy of the build (test/global-setup.ts), so a build beside the tests cannot change it. */
const dist = join(process.env.CALL_CENTER_TEST_DIST ?? join(root, "packages"), "call-center/dist");

/** What a fresh process reports after importing the entry, then using its schemas. */
interface Report {
  /** Whether the import created zod (its shared registry). */
  readonly zodAtImport: boolean;
  /** Files of the builders' dist/lazy/ loaded by the import, then after using the schemas. */
  readonly lazyAtImport: readonly string[];
  readonly lazyAfterUse: readonly string[];
  readonly types: readonly string[];
  readonly config: readonly [boolean, unknown];
  readonly values: readonly [boolean, unknown];
  readonly jsonSchema: unknown;
}

const BAD_VALUES = { replicas: { callProcessor: "three" }, unknownKey: 1 };

const PROBE = `
const lazyFiles = (files) => files.filter((f) => f.includes("/lazy/")).map((f) => f.slice(f.indexOf("/lazy/") + 1)).sort();
const report = (b, zodAtImport, lazyAtImport, files) => {
  const summary = (r) => [r.success, r.success ? null : r.error.issues.map((i) => [i.code, i.path.join(".")])];
  const config = summary(b.CallCenterConfigSchema.safeParse(b.production));
  const values = summary(b.CallCenterValuesSchema.safeParse(${JSON.stringify(BAD_VALUES)}));
  return {
    zodAtImport, lazyAtImport, lazyAfterUse: lazyFiles(files()),
    types: [b.CallCenterConfigSchema._zod.def.type, b.CallCenterValuesSchema._zod.def.type],
    config, values, jsonSchema: b.valuesJsonSchema(),
  };
};
`;

const ESM = `${PROBE}
const loaded = [];
const { registerHooks } = await import("node:module");
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const b = await import(process.argv[1] + "/index.js");
console.log(JSON.stringify(report(b, globalThis.__zod_globalRegistry !== undefined, lazyFiles(loaded), () => loaded)));
`;

const CJS = `${PROBE}
const b = require(process.argv[1] + "/index.cjs");
const files = () => Object.keys(require.cache);
console.log(JSON.stringify(report(b, globalThis.__zod_globalRegistry !== undefined, lazyFiles(files()), files)));
`;

function probe(format: "esm" | "cjs"): Report {
  const args = format === "esm" ? ["--input-type=module", "-e", ESM, dist] : ["-e", CJS, dist];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${format} probe failed:\n${r.stderr}`);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

describe.each(["esm", "cjs"] as const)("the built entry of @call-center/bundle (%s)", (format) => {
  const report = probe(format);

  it("loads no zod and no part of the builders at import", () => {
    expect({ zod: report.zodAtImport, parts: report.lazyAtImport }).toEqual({ zod: false, parts: [] });
  });

  it("builds its exported schemas on first use, as the sources' (z.lazy)", () => {
    const ext = format === "esm" ? "js" : "cjs";
    expect(report.lazyAfterUse).toContain(`lazy/base.${ext}`);
    expect(report.types).toEqual([
      CallCenterConfigSchema._zod.def.type,
      (CallCenterValuesSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type,
    ]);
  });

  it("parses as the sources' schemas do", () => {
    const summary = (r: {
      success: boolean;
      error?: { issues: { code: string; path: PropertyKey[] }[] };
    }) => [r.success, r.success ? null : r.error?.issues.map((i) => [i.code, i.path.join(".")])];
    expect({ config: report.config, values: report.values }).toEqual({
      config: summary(CallCenterConfigSchema.safeParse(production)),
      values: summary(CallCenterValuesSchema.safeParse(BAD_VALUES)),
    });
    expect(report.values[0]).toBe(false);
  });

  it("gives the sources' JSON Schema of a values file", () => {
    expect(report.jsonSchema).toEqual(valuesJsonSchema());
  });
});
