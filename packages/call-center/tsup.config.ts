import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node22",
  // No second copy of zod/mini: the configuration is built with the builders' (`z` from
  // @call-center/k8s-builders); zod's own package is loaded only by valuesJsonSchema() (createRequire, and
  // `import.meta.url` shimmed in the CJS build). zod stays a dependency for that and for the types.
  shims: true,
});
