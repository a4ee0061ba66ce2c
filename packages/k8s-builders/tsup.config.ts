import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node22",
  // zod/mini is bundled as used (tree-shaken): loading the whole package costs ~100 ms at start-up. zod stays a
  // dependency for the types of the exported schemas.
  noExternal: ["zod"],
  // `import.meta.url` in the CJS build (monitoring/relabel-regex.ts loads re2js on first use with createRequire).
  shims: true,
});
