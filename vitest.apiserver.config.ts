// `npm run test:apiserver`: the tests against a real kube-apiserver (test/apiserver/*.apiserver.test.ts).
// They need `node scripts/apiserver.mjs start` first and fail (never skip) without it; `npm test` leaves them
// out (vitest.config.ts excludes test/apiserver).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@call-center/k8s-builders": src("k8s-builders"),
      "@call-center/bundle": src("call-center"),
    },
  },
  test: {
    include: ["test/apiserver/**/*.apiserver.test.ts"],
    // One server, shared: the files run one after the other.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    typecheck: { enabled: false },
  },
});
