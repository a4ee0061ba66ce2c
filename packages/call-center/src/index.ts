/**
 * @call-center/bundle: the call-center application's Kubernetes deployment, composed from
 * @call-center/k8s-builders. Exports are named one by one.
 */
export {
  type CallCenterBundle,
  callCenter,
  callCenterCheckOptions,
  callCenterParts,
  callCenterSecretTemplates,
} from "./bundle.ts";
export { runCli, USAGE } from "./cli.ts";
export type { CliIo } from "./cli-io.ts";
export {
  ARGO_CD_API_VERSION,
  ARGO_CD_SYNC_OPTIONS,
  type ArgoCdApplication,
  type ArgoCdApplicationSpec,
  callCenterGitOps,
  FLUX_KUSTOMIZE_API_VERSION,
  FLUX_SOURCE_API_VERSION,
  type FluxGitRef,
  type FluxGitRepository,
  type FluxGitRepositorySpec,
  type FluxKustomization,
  type FluxKustomizationSpec,
  type GitOpsObject,
} from "./components/gitops.ts";
export { EXTERNAL_SECRETS_API_VERSION, type ExternalSecret } from "./components/secrets.ts";
export {
  type CallCenterConfig,
  CallCenterConfigSchema,
  type CallCenterValues,
  CallCenterValuesSchema,
  type DeepPartial,
} from "./config.ts";
export { GENERATED_APP_CONFIG, type GeneratedAppConfigKey } from "./config-rules.ts";
export {
  deepMerge,
  ENVIRONMENTS,
  type EnvironmentName,
  resolveConfig,
  stagingOverlay,
} from "./environments.ts";
export { NAMES, ROUTES } from "./names.ts";
export { production } from "./production.ts";
export { deployReadme } from "./readme.ts";
export {
  callCenterTree,
  GITOPS_FILE,
  gitopsText,
  SECRET_TEMPLATES_FILE,
  secretTemplatesText,
} from "./tree.ts";
export { valuesJsonSchema, valuesJsonSchemaText } from "./values-schema.ts";
