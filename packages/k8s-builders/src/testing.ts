/**
 * @call-center/k8s-builders/testing: helpers for tests of manifests built with the library. Schema checks need
 * the optional peer dependency `kubernetes-models` (and `@kubernetes-models/prometheus-operator` for
 * ServiceMonitors); `kustomizeBuild` needs a kubectl.
 */

export { type KustomizeBuildOptions, kustomizeBuild } from "./testing/kustomize.ts";
export { assertSchemaValid, schemaProblems } from "./testing/schema.ts";
