import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const src = (pkg: string, entry = "index") =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources; the built package is tested separately (consumer tests).
    alias: {
      "@call-center/k8s-builders/testing": src("k8s-builders", "testing"),
      "@call-center/k8s-builders": src("k8s-builders"),
      "@call-center/bundle": src("call-center"),
    },
  },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // Tests against a real kube-apiserver: `npm run test:apiserver` (vitest.apiserver.config.ts).
    exclude: [...configDefaults.exclude, "test/apiserver/**"],
    typecheck: { enabled: false },
    globalSetup: ["test/global-setup.ts"],
    // Test files share workers (module loading was 40 % of the run); a test that would change global state
    // (e.g. zod's shared configuration) does that work in a child process instead.
    isolate: false,
    // A timeout is no speed assertion (benchmarks measure speed): on a busy machine a test that spawns
    // processes or compiles TypeScript may take many times its usual seconds, and must still pass.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
