// Loaded into every Node process the tests start (NODE_OPTIONS=--import=…, set by test/global-setup.ts): the
// packages resolve to the copy of their build that the global set-up made for this run, so `npm run build`
// beside the tests cannot swap a package out under a running test.
import { registerHooks } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const snapshot = process.env.CALL_CENTER_TEST_DIST;
const ENTRIES = {
  "@call-center/k8s-builders": "k8s-builders/dist/index.js",
  "@call-center/k8s-builders/testing": "k8s-builders/dist/testing.js",
  "@call-center/k8s-builders/crd-import": "k8s-builders/dist/crd-import.js",
  "@call-center/bundle": "call-center/dist/index.js",
};

if (snapshot !== undefined && snapshot !== "") {
  registerHooks({
    resolve(specifier, context, next) {
      const file = ENTRIES[specifier];
      if (file === undefined || context.conditions?.includes("require")) return next(specifier, context);
      return { url: pathToFileURL(join(snapshot, file)).href, shortCircuit: true };
    },
  });
}
