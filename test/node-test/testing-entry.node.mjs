// The testing entry under node:test (not vitest): `node --test test/node-test/testing-entry.node.mjs`, run by
// test/node-test.test.ts against the built packages. The helpers import no test framework, so they work the same
// here: a failed check is node's AssertionError, and the YAML serializer plugs into node:test's snapshots.
import assert from "node:assert/strict";
import { test } from "node:test";
import { callCenter, callCenterCheckOptions, resolveConfig } from "@call-center/bundle";
import { namespace } from "@call-center/k8s-builders";
import {
  expectNoImmutableChanges,
  expectValidBundle,
  findObject,
  yamlSnapshotSerializer,
} from "@call-center/k8s-builders/testing";

const config = resolveConfig("production");
const bundle = callCenter(config);
const strict = { warnings: "deny", podSecurity: "restricted", validate: callCenterCheckOptions(config) };

test("expectValidBundle passes the production bundle: schemas, no finding, restricted pods", () => {
  expectValidBundle(bundle, strict);
});

test("expectValidBundle fails with node's AssertionError naming the problem", () => {
  const withoutServices = bundle.filter((o) => o.kind !== "Service");
  assert.throws(
    () => expectValidBundle(withoutServices, strict),
    (e) => e instanceof assert.AssertionError && /Service "admin-api"/.test(e.message),
  );
});

test("expectNoImmutableChanges passes an unchanged bundle and fails a changed selector", () => {
  expectNoImmutableChanges(bundle, bundle);
  const next = structuredClone(bundle);
  const api = next.find((o) => o.kind === "Deployment" && o.metadata.name === "admin-api");
  api.spec.selector.matchLabels.tier = "web";
  assert.throws(
    () => expectNoImmutableChanges(bundle, next),
    (e) => e instanceof assert.AssertionError && /spec\.selector/.test(e.message),
  );
});

test("findObject finds an object by kind and name, and fails naming the others", () => {
  assert.equal(
    findObject(bundle, "Deployment", "call-processor").spec.template.spec.containers[0].name,
    "call-processor",
  );
  assert.throws(
    () => findObject(bundle, "Deployment", "nothing"),
    (e) => e instanceof assert.AssertionError && /admin-api/.test(e.message),
  );
});

test("yamlSnapshotSerializer prints the library's YAML in node:test snapshots", (t) => {
  t.assert.snapshot(namespace({ name: "shop" }), { serializers: [yamlSnapshotSerializer.serialize] });
});
