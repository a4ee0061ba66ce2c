// The CommonJS side of the consumer test (see consumer.mjs): `require` must load the .cjs builds, and the
// bundle's CommonJS build must load the builders' CommonJS build (no dual-package hazard).
const assert = require("node:assert/strict");
const { deployment, K8sBuilderError, serviceFor, toYaml } = require("@call-center/k8s-builders");
const { callCenter, resolveConfig } = require("@call-center/bundle");

for (const pkg of ["@call-center/k8s-builders", "@call-center/bundle"]) {
  const file = require.resolve(pkg).replaceAll("\\", "/");
  assert.match(file, /\/node_modules\/@call-center\/[^/]+\/dist\/index\.cjs$/, `${pkg} resolved to ${file}`);
}
const loaded = Object.keys(require.cache).map((f) => f.replaceAll("\\", "/"));
assert.ok(
  !loaded.some((f) => /\/@call-center\/[^/]+\/dist\/index\.js$/.test(f)),
  `an ESM build was loaded by require: ${loaded.join(", ")}`,
);

const api = deployment({
  name: "api",
  replicas: 2,
  containers: [
    { name: "api", image: "ghcr.io/acme/api:1.4.2", ports: [{ name: "http", containerPort: 8080 }] },
  ],
});
const yaml = toYaml([api, serviceFor(api)]);
assert.match(yaml, /^kind: Deployment$/m);
assert.match(yaml, /^kind: Service$/m);
assert.throws(
  () => deployment({ name: "api", containers: [] }),
  (e) => e instanceof K8sBuilderError && e.issues.length > 0,
);

const bundle = callCenter(resolveConfig("production"));
assert.ok(
  bundle.some((o) => o.kind === "Deployment" && o.metadata?.name === "call-processor"),
  "callCenter(resolveConfig('production')) has no Deployment named call-processor",
);
assert.match(toYaml(bundle), /^kind: Deployment$/m);

// re2js (the RE2 syntax check of relabel regexes) is loaded on the first regex checked, not with the library.
const re2jsLoaded = () => Object.keys(require.cache).some((f) => f.replaceAll("\\", "/").includes("/re2js/"));
assert.ok(!re2jsLoaded(), "re2js was loaded before any regex was checked");
const { serviceMonitor } = require("@call-center/k8s-builders");
const monitorWith = (regex) =>
  serviceMonitor({
    name: "api",
    selector: { app: "api" },
    endpoints: [{ port: "http", metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex }] }],
  });
assert.equal(monitorWith("(?i)go_.*").spec.endpoints[0].metricRelabelings[0].regex, "(?i)go_.*");
assert.throws(
  () => monitorWith("go_(?!gc)"),
  (e) => e instanceof K8sBuilderError,
);
assert.ok(re2jsLoaded(), "re2js was not loaded by a regex check");

// The testing entry through require: its CommonJS build.
const testing = require("@call-center/k8s-builders/testing");
assert.match(
  require.resolve("@call-center/k8s-builders/testing").replaceAll("\\", "/"),
  /\/dist\/testing\.cjs$/,
);
const { callCenterCheckOptions } = require("@call-center/bundle");
testing.expectValidBundle(bundle, {
  schema: "if-installed",
  validate: callCenterCheckOptions(resolveConfig("production")),
});
assert.equal(testing.findObject(bundle, "Service", "admin-api").kind, "Service");
assert.throws(
  () => testing.findObject(bundle, "Service", "nothing"),
  (e) => e instanceof assert.AssertionError && /no Service "nothing"/.test(e.message),
);
assert.match(testing.yamlSnapshotSerializer.serialize(bundle[0]), /^kind: Namespace$/m);

process.stderr.write(`cjs: 2 objects built, bundle of ${bundle.length} objects\n`);
