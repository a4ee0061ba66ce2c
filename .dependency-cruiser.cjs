/**
 * The layers of the repository, checked by `npm run deps` (part of `npm test`); docs/architecture.md draws them.
 *
 *   base ← pod ← kinds ← {checks, output, monitoring, compose, crd} ← index (and the other entries)
 *   checks ← graph (pictures of a bundle: objects, references and findings)
 *
 * A lower layer never imports a higher one; checks and output never import kinds (they read objects, not
 * options); every directory of the library's src has its layer (a new one fails until it gets a rule); the
 * call-center package and the library's own extra entries use the public entry only; library tests never
 * import the call-center package, and call-center tests and the repository's tests in test/ reach the packages
 * through their public entries (`@call-center/k8s-builders`, `@call-center/k8s-builders/testing`,
 * `@call-center/bundle`) only.
 */
const SRC = "^packages/k8s-builders/src/";

/** Every directory of the library's src, each with its rule below. */
const LAYERS = [
  "base",
  "pod",
  "kinds",
  "checks",
  "output",
  "compose",
  "crd",
  "monitoring",
  "testing",
  "graph",
  "bin",
  "crd-import",
  "lazy",
];

/** `from` may import nothing of the library but `allowed` (and itself). */
function only(name, from, allowed) {
  return {
    name,
    severity: "error",
    comment: `${from} may import ${allowed.join(", ")} only`,
    from: { path: `${SRC}(${from})/`, pathNot: "\\.test\\.ts$" },
    to: {
      path: SRC,
      pathNot: [`${SRC}(${[from, ...allowed].join("|")})/`],
    },
  };
}

module.exports = {
  forbidden: [
    only("base-is-the-bottom", "base", []),
    only("pod-on-base", "pod", ["base"]),
    only("kinds-on-pod-and-base", "kinds", ["base", "pod"]),
    only("checks-read-objects-not-kinds", "checks", ["base"]),
    only("output-reads-objects-not-kinds", "output", ["base"]),
    only("compose-on-base", "compose", ["base", "output"]),
    only("crd-on-base", "crd", ["base"]),
    only("monitoring-composes-kinds", "monitoring", ["base", "pod", "kinds", "compose", "output"]),
    only("testing-on-base-checks-output", "testing", ["base", "checks", "output"]),
    only("graph-reads-objects-and-findings", "graph", ["base", "checks"]),
    // The loader of the parts that the built entry loads on first call (lazy-facades.ts): nothing of the library.
    only("lazy-loads-parts", "lazy", []),
    {
      name: "every-directory-has-a-layer",
      severity: "error",
      comment:
        "a new directory of packages/k8s-builders/src needs its layer: a rule here and a row in docs/architecture.md",
      from: { path: `${SRC}(?!(${LAYERS.join("|")})/)[^/]+/` },
      to: {},
    },
    {
      name: "entries-use-the-public-entry",
      severity: "error",
      comment: "the CLI and the CRD importer reach the library through @call-center/k8s-builders",
      from: { path: `${SRC}(bin|crd-import)/` },
      to: { path: SRC, pathNot: [`${SRC}(bin|crd-import|crd)/`, `${SRC}index\\.ts$`] },
    },
    {
      name: "bundle-uses-the-public-entry",
      severity: "error",
      comment: "the call-center package (code and tests) imports @call-center/k8s-builders, never its files",
      from: { path: "^packages/call-center/" },
      to: { path: "^packages/k8s-builders/", pathNot: "^packages/k8s-builders/src/(index|testing)\\.ts$" },
    },
    {
      name: "repository-tests-use-the-public-entries",
      severity: "error",
      comment:
        "the tests in test/ (the API server's among them) import the packages as users do; the library's own test support (the fuzz definitions) is no library code",
      from: { path: "^test/" },
      to: {
        path: "^packages/",
        pathNot: [
          "^packages/(k8s-builders/src/(index|testing)|call-center/src/index)\\.ts$",
          "^packages/k8s-builders/test/",
        ],
      },
    },
    {
      name: "library-does-not-know-the-bundle",
      severity: "error",
      comment: "library code and tests never import the call-center package",
      from: { path: "^packages/k8s-builders/" },
      to: { path: "^packages/call-center/" },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "modules form no cycle",
      from: { path: "^packages/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
  },
};
