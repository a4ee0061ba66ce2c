/**
 * @call-center/k8s-builders/testing: helpers for tests of manifests built with the library, for any test runner
 * (they throw node's `AssertionError`; no test framework is imported). Schema checks need the optional peer
 * dependency `kubernetes-models` (and `@kubernetes-models/prometheus-operator` for ServiceMonitors);
 * `kustomizeBuild` needs a kubectl.
 */

export {
  type ExpectValidBundleOptions,
  expectNoImmutableChanges,
  expectValidBundle,
} from "./testing/assertions.ts";
export { findObject, type KindTypes, type ObjectOfKind } from "./testing/find-object.ts";
export { type KustomizeBuildOptions, kustomizeBuild } from "./testing/kustomize.ts";
export { assertSchemaValid, hasSchema, schemaProblems } from "./testing/schema.ts";
export { type YamlSnapshotSerializer, yamlSnapshotSerializer } from "./testing/snapshot.ts";
