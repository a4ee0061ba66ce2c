// A consumer of the packed tarballs, run by scripts/consumer-test.mjs in a fresh project outside the
// repository: `import` (the ESM builds), then a small bundle printed to stdout as YAML. Plain JavaScript, so
// nothing here is compiled; assertions fail with a message and a non-zero exit.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
  callCenter,
  callCenterCheckOptions,
  callCenterGitOps,
  gitopsText,
  resolveConfig,
  runCli,
} from "@call-center/bundle";
import {
  bundleGraph,
  deployment,
  hpaFor,
  K8sBuilderError,
  namespace,
  pdbFor,
  serviceFor,
  serviceMonitor,
  toMermaid,
  toSvg,
  toYaml,
} from "@call-center/k8s-builders";

// The `import` condition of the exports maps, not the CommonJS build.
for (const pkg of ["@call-center/k8s-builders", "@call-center/bundle"]) {
  const url = import.meta.resolve(pkg);
  assert.match(url, /\/node_modules\/@call-center\/[^/]+\/dist\/index\.js$/, `${pkg} resolved to ${url}`);
}

// The README's example.
const api = deployment({
  name: "api",
  namespace: "shop",
  replicas: 2,
  antiAffinity: "preferred",
  containers: [
    {
      name: "api",
      image: "ghcr.io/acme/api:1.4.2",
      ports: [{ name: "http", containerPort: 8080 }],
      resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
      readinessProbe: { http: { path: "/ready", port: "http" } },
    },
  ],
});
const objects = [
  namespace({ name: "shop" }),
  api,
  serviceFor(api),
  hpaFor(api, { maxReplicas: 10, cpuUtilization: 70 }),
  pdbFor(api),
];
const yaml = toYaml(objects);
for (const kind of ["Namespace", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"]) {
  assert.match(yaml, new RegExp(`^kind: ${kind}$`, "m"), `the YAML has no ${kind}`);
}
assert.equal(toYaml(objects), yaml, "toYaml is not deterministic");

// Bad options throw the exported error class, with every issue.
assert.throws(
  () => deployment({ name: "Bad_Name", containers: [{ name: "api", image: "nginx:latest" }] }),
  (e) => e instanceof K8sBuilderError && e.code === "INVALID_OPTIONS" && e.issues.length >= 2,
);

// The call-center bundle, built from the builders' ESM build.
const bundle = callCenter(resolveConfig("production"));
const processor = bundle.find((o) => o.kind === "Deployment" && o.metadata?.name === "call-processor");
assert.ok(processor, "callCenter(resolveConfig('production')) has no Deployment named call-processor");
assert.match(toYaml(bundle), /^kind: Deployment$/m);

// The CLI, with its output captured (`await`: runCli returns a Promise of the exit code).
let out = "";
let err = "";
const code = await runCli(["--env", "staging"], {
  stdout: (t) => {
    out += t;
  },
  stderr: (t) => {
    err += t;
  },
  readFile: () => {
    throw new Error("no file expected");
  },
});
assert.equal(code, 0, `runCli --env staging exited ${code}: ${err}`);
assert.match(out, /^ {2}name: call-processor$/m);

// re2js (the RE2 syntax check of relabel regexes) is loaded on the first regex checked, not with the library.
const requireHere = createRequire(import.meta.url);
const re2jsLoaded = () =>
  Object.keys(requireHere.cache).some((f) => f.replaceAll("\\", "/").includes("/re2js/"));
assert.ok(!re2jsLoaded(), "re2js was loaded before any regex was checked");
const monitorWith = (regex) =>
  serviceMonitor({
    name: "api",
    selector: { app: "api" },
    endpoints: [{ port: "http", metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex }] }],
  });
assert.equal(monitorWith("(?P<x>go)_.*").spec.endpoints[0].metricRelabelings[0].regex, "(?P<x>go)_.*");
assert.throws(
  () => monitorWith("(a)\\1"),
  (e) => e instanceof K8sBuilderError,
);
assert.ok(re2jsLoaded(), "re2js was not loaded by a regex check");

// The CommonJS build is another copy of the error class: `instanceof` fails across the two builds (a CommonJS
// dependency of an ESM app), `K8sBuilderError.is` does not.
const cjs = requireHere("@call-center/k8s-builders");
assert.notEqual(cjs.K8sBuilderError, K8sBuilderError, "require gave the ESM build");
const thrown = (build) => {
  try {
    build();
  } catch (e) {
    return e;
  }
  throw new Error("expected a K8sBuilderError");
};
const fromCjs = thrown(() => cjs.deployment({ name: "api", containers: [] }));
const fromEsm = thrown(() => deployment({ name: "api", containers: [] }));
assert.ok(
  !(fromCjs instanceof K8sBuilderError),
  "instanceof works across builds: K8sBuilderError.is is moot",
);
assert.ok(K8sBuilderError.is(fromCjs), "the ESM K8sBuilderError.is refuses an error of the CommonJS build");
assert.ok(
  cjs.K8sBuilderError.is(fromEsm),
  "the CommonJS K8sBuilderError.is refuses an error of the ESM build",
);
assert.ok(!K8sBuilderError.is(new Error("x")) && !K8sBuilderError.is({ name: "K8sBuilderError" }));

// The testing entry (`@call-center/k8s-builders/testing`) on the real bundle, without kubernetes-models
// installed here: schema checks are skipped with schema: "if-installed", and required ones fail readably.
const testing = await import("@call-center/k8s-builders/testing");
assert.match(import.meta.resolve("@call-center/k8s-builders/testing"), /\/dist\/testing\.js$/);
const productionConfig = resolveConfig("production");
testing.expectValidBundle(bundle, {
  schema: "if-installed",
  warnings: "deny",
  podSecurity: "restricted",
  validate: callCenterCheckOptions(productionConfig),
});
assert.throws(
  () => testing.expectValidBundle(bundle, { validate: callCenterCheckOptions(productionConfig) }),
  (e) => e instanceof assert.AssertionError && /add the devDependency kubernetes-models/.test(e.message),
);
assert.equal(testing.findObject(bundle, "Deployment", "call-processor").kind, "Deployment");
assert.ok(testing.yamlSnapshotSerializer.test(bundle));
assert.match(testing.yamlSnapshotSerializer.serialize(bundle), /^kind: Deployment$/m);
testing.expectNoImmutableChanges(bundle, bundle);

// The picture of the bundle from the published package: Mermaid and a self-contained SVG.
const graph = bundleGraph(bundle, { validate: callCenterCheckOptions(productionConfig) });
assert.match(toMermaid(graph), /^flowchart LR\n/);
const svg = toSvg(graph);
assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
assert.ok(svg.includes('data-name="call-processor"'), "the SVG draws call-processor");

// GitOps output from the published bundle package: the Flux objects and gitops.yml.
const withFlux = resolveConfig("production", {
  gitops: {
    tool: "flux",
    repoURL: "https://github.com/acme/deploy.git",
    path: "k8s",
    targetRevision: "main",
  },
});
assert.deepEqual(
  callCenterGitOps(withFlux).map((o) => o.kind),
  ["GitRepository", "Kustomization"],
);
assert.match(gitopsText(withFlux) ?? "", /^kind: Kustomization$/m);

process.stdout.write(yaml);
process.stderr.write(`esm: ${objects.length} objects built, bundle of ${bundle.length} objects\n`);
