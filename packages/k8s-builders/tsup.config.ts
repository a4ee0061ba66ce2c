import { resolve } from "node:path";
import { defineConfig } from "tsup";
import { lazyPlan } from "./lazy-facades.ts";

const library = {
  index: "src/index.ts",
  "crd-import": "src/crd-import/index.ts",
  testing: "src/testing.ts",
};

// The parts of the entry loaded on first call (src/lazy/load.ts, lazy-facades.ts): built into dist/lazy/.
const lazy = await lazyPlan(resolve("."));

export default defineConfig({
  // The library; the CRD importer as an entry of its own (`@call-center/k8s-builders/crd-import`), so that
  // importing the library never loads it (YAML reading, code generation, file writes); the `k8s-builders`
  // command (package.json `bin`: dist/cli.js); the parts loaded on first call (dist/lazy/).
  entry: {
    ...library,
    cli: "src/bin/k8s-builders.ts",
    ...lazy.entries,
  },
  format: ["esm", "cjs"],
  // Shared chunks in both builds: one copy of every module per build, whichever entry or part loads it.
  splitting: true,
  esbuildPlugins: [lazy.plugin],
  dts: { entry: library },
  clean: true,
  sourcemap: true,
  target: "node22",
  // zod/mini is bundled as used (tree-shaken): loading the whole package costs ~100 ms at start-up. zod stays a
  // dependency for the types of the exported schemas.
  noExternal: ["zod"],
  // `import.meta.url` in the CJS build (monitoring/relabel-regex.ts loads re2js on first use with createRequire).
  shims: true,
  // The importer reaches the library through its public entry, so both share one K8sBuilderError class.
  external: ["@call-center/k8s-builders"],
});
