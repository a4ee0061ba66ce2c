/**
 * The built entry loads its parts on first call (packages/k8s-builders/src/lazy/load.ts): importing it loads
 * no file of dist/lazy/ and a bounded amount of JavaScript, every export is there as in the sources, the parts
 * give the same results, and an error thrown inside a part is the entry's K8sBuilderError, in the ESM build and
 * in the CommonJS build.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as lib from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";
import { toJSONSchema } from "zod/mini";

const root = fileURLToPath(new URL("..", import.meta.url));
/** This run's copy of the build (test/global-setup.ts), so a build beside the tests cannot change it. */
const dist = join(process.env.CALL_CENTER_TEST_DIST ?? join(root, "packages"), "k8s-builders/dist");

/** What a fresh process reports after loading the entry and calling three functions of its parts. */
interface Report {
  /** Export name → typeof, right after the import. */
  readonly exports: Record<string, string>;
  /** Files of dist/lazy/ loaded by the import, then after the calls. */
  readonly lazyAtImport: readonly string[];
  readonly lazyAfterCalls: readonly string[];
  /** Bytes of the library's JavaScript that the import loaded. */
  readonly bytesAtImport: number;
  readonly yaml: string;
  readonly errors: readonly string[];
  readonly crdErrorIsEntryClass: boolean;
  readonly crdErrorCode: string;
  /** Whether the import created zod (its shared registry). */
  readonly zodAtImport: boolean;
  /** JSON Schema of a composition of exported schemas (a titled one among them). */
  readonly jsonSchema: unknown;
}

const PROBE = `
const loaded = new Map();
const lazyFiles = () => [...loaded.keys()].filter((f) => f.includes("/lazy/")).map((f) => f.slice(f.indexOf("/lazy/") + 1)).sort();
const zodAtImport = () => globalThis.__zod_globalRegistry !== undefined;
const report = (lib, bytesAtImport, lazyAtImport, zodLoaded) => {
  const d = lib.deployment({ name: "api", containers: [{ name: "api", image: "nginx:1.27.0" }] });
  const yaml = lib.toYaml([d]);
  const errors = lib.validateBundle([d]).errors.map((f) => f.code);
  let e;
  try { lib.customResource({}); } catch (caught) { e = caught; }
  return {
    exports: Object.fromEntries(Object.keys(lib).sort().map((k) => [k, typeof lib[k]])),
    lazyAtImport, lazyAfterCalls: lazyFiles(), bytesAtImport, yaml, errors,
    crdErrorIsEntryClass: e instanceof lib.K8sBuilderError, crdErrorCode: e?.code, zodAtImport: zodLoaded,
    jsonSchema: toJSONSchema(lib.z.strictObject({ name: lib.DnsLabelSchema, probe: lib.z.optional(lib.ProbeSchema) }), { io: "input" }),
  };
};
`;

const ESM = `${PROBE}
const { registerHooks } = await import("node:module");
registerHooks({ load(url, context, next) { const r = next(url, context); if (url.startsWith("file:")) loaded.set(url, r.source?.length ?? 0); return r; } });
const lib = await import(process.argv[1] + "/index.js");
const bytes = [...loaded.values()].reduce((a, b) => a + b, 0);
const zodLoaded = zodAtImport();
const { toJSONSchema } = await import("zod/mini");
console.log(JSON.stringify(report(lib, bytes, lazyFiles(), zodLoaded)));
`;

const CJS = `${PROBE}
const fs = require("node:fs");
const lib = require(process.argv[1] + "/index.cjs");
const zodLoaded = zodAtImport();
const { toJSONSchema } = require("zod/mini");
for (const f of Object.keys(require.cache)) loaded.set(f, fs.statSync(f).size);
const bytes = [...loaded.entries()].filter(([f]) => f.startsWith(process.argv[1])).reduce((a, [, b]) => a + b, 0);
const atImport = lazyFiles();
const r = report(lib, bytes, atImport, zodLoaded);
for (const f of Object.keys(require.cache)) loaded.set(f, 0);
console.log(JSON.stringify({ ...r, lazyAfterCalls: lazyFiles() }));
`;

function probe(format: "esm" | "cjs"): Report {
  const args = format === "esm" ? ["--input-type=module", "-e", ESM, dist] : ["-e", CJS, dist];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${format} probe failed:\n${r.stderr}`);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as Report;
}

function sourceReport(): Pick<Report, "exports" | "yaml" | "errors" | "jsonSchema"> {
  const d = lib.deployment({ name: "api", containers: [{ name: "api", image: "nginx:1.27.0" }] });
  const all = lib as unknown as Record<string, unknown>;
  return {
    exports: Object.fromEntries(
      Object.keys(all)
        .sort()
        .map((k) => [k, typeof all[k]]),
    ),
    yaml: lib.toYaml([d]),
    errors: lib.validateBundle([d]).errors.map((f) => f.code),
    jsonSchema: toJSONSchema(
      lib.z.strictObject({ name: lib.DnsLabelSchema, probe: lib.z.optional(lib.ProbeSchema) }),
      {
        io: "input",
      },
    ),
  };
}

describe.each(["esm", "cjs"] as const)("the built entry (%s)", (format) => {
  const report = probe(format);

  it("has every export of the sources, of the same type", () => {
    expect(report.exports).toEqual(sourceReport().exports);
  });

  it("loads no part at import, and the parts it calls on first call", () => {
    expect(report.lazyAtImport).toEqual([]);
    const ext = format === "esm" ? "js" : "cjs";
    expect(report.lazyAfterCalls).toContain(`lazy/library.${ext}`);
  });

  it("gives the results of the sources", () => {
    const source = sourceReport();
    expect({ yaml: report.yaml, errors: report.errors }).toEqual({
      yaml: source.yaml,
      errors: source.errors,
    });
  });

  it("gives the JSON Schema of the sources for its exported schemas, titles included", () => {
    expect(report.jsonSchema).toEqual(sourceReport().jsonSchema);
  });

  it("throws the entry's K8sBuilderError from inside a part", () => {
    expect({ instance: report.crdErrorIsEntryClass, code: report.crdErrorCode }).toEqual({
      instance: true,
      code: "INVALID_OPTIONS",
    });
  });
});

describe("the import of the built entry", () => {
  it("loads at most 100 KB of the library's JavaScript and no zod (ESM; 850 KB before the parts were lazy)", () => {
    const report = probe("esm");
    expect(report.bytesAtImport).toBeLessThanOrEqual(100 * 1024);
    expect(report.zodAtImport).toBe(false);
  });

  it("holds one K8sBuilderError class per build", () => {
    const files = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => /\.c?js$/.test(f));
    const defining = (ext: string) =>
      files.filter(
        (f) =>
          f.endsWith(ext) &&
          /var K8sBuilderError = (\(_class = )?class /.test(readFileSync(join(dist, f), "utf8")),
      );
    expect([defining(".js").length, defining(".cjs").length]).toEqual([1, 1]);
  });
});

describe("the error class in both builds", () => {
  const script = (load: string) =>
    `${load}; const e = new K8sBuilderError("b", undefined, []);
     console.log(JSON.stringify([K8sBuilderError.name, require("node:util").inspect(e).split("\\n")[0]]));`;
  it.each([
    [
      "CommonJS",
      ["-e", script(`const { K8sBuilderError } = require(${JSON.stringify(`${dist}/index.cjs`)})`)],
    ],
    [
      "ESM",
      [
        "--input-type=module",
        "-e",
        script(
          `import { createRequire } from "node:module"; const require = createRequire(import.meta.url); const { K8sBuilderError } = await import(${JSON.stringify(`${dist}/index.js`)})`,
        ),
      ],
    ],
  ])("is named K8sBuilderError in the %s build, as logs print it", (_build, args) => {
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(["K8sBuilderError", "K8sBuilderError: b: 0 invalid options"]);
  });
});
