/**
 * @call-center/k8s-builders: pure, typed functions that build Kubernetes manifests.
 * Every export is named here one by one (no `export *`), so nothing internal leaks into the public API.
 */
export { budgetBlocksDrains, type DisruptionBudget, type DrainBlock } from "./base/disruption.ts";
export { K8sBuilderError, type K8sBuilderErrorCode, type OptionIssue } from "./base/errors.ts";
export {
  ISSUE_CODES,
  type IssueCode,
  type IssueCodeGroup,
  type IssueCodeInfo,
  type IssueParams,
} from "./base/issue-codes.ts";
export { kindFileName } from "./base/kinds.ts";
export { imageVersion } from "./base/labels.ts";
export type { Built, BuiltMeta, BuiltPodTemplate, BuiltWorkload, Manifest } from "./base/manifest.ts";
export { once } from "./base/once.ts";
export {
  k8sApi,
  k8sDocs,
  lazyObject,
  type NoDefaultDoc,
  type OptionDoc,
  objectSchema,
  option,
  primitive,
  required,
  type StrictObject,
  titled,
} from "./base/options.ts";
export { type DeepPatch, MERGE_KEYS, type Patch, type PatchItem } from "./base/patch-types.ts";
export { isPlaceholder } from "./base/placeholder.ts";
export type { PodSecurityLevel } from "./base/pod-security-labels.ts";
export {
  dns1035Label as Dns1035LabelSchema,
  dnsLabel as DnsLabelSchema,
  dnsSubdomain as DnsSubdomainSchema,
  duration as DurationSchema,
  image as ImageSchema,
  labels as LabelsSchema,
  port as PortSchema,
  quantity as QuantitySchema,
} from "./base/primitives.ts";
export { parseQuantity } from "./base/quantity.ts";
export { parseOptions, type RuleIssue } from "./base/validate.ts";
export * as z from "./base/zod.ts";
export {
  FINDING_CODES,
  type FindingCode,
  type FindingCodeInfo,
  type FindingSeverity,
} from "./checks/codes.ts";
export type { Finding, ObjectRef } from "./checks/finding.ts";
export { type ImmutableChange, immutableChanges } from "./checks/immutable-changes.ts";
export type { NetworkPeer, NetworkPeerPort, NetworkPeers } from "./checks/network/peers.ts";
export {
  type NetworkFlow,
  type NetworkReachability,
  networkReachability,
  type ReachabilityEndpoint,
} from "./checks/network-reachability.ts";
export {
  API_VERSION_CHANGES,
  type ApiVersionChange,
} from "./checks/rules/api-versions.ts";
export type { PodSecurityReport } from "./checks/rules/pod-security.ts";
export {
  type ValidateBundleOptions,
  type ValidateBundleResult,
  validateBundle,
} from "./checks/validate-bundle.ts";
export { CHECKSUM_ANNOTATION, configChecksum } from "./compose/checksum.ts";
export {
  type CustomResource,
  type CustomResourceDefinitionVersion,
  type CustomResourceMeta,
  type CustomResourceMetadata,
  type CustomResourceObject,
  type CustomResourceOptions,
  CustomResourceOptionsSchema,
  customResource,
  customResourceBuilder,
} from "./crd/custom-resource.ts";
export type { EmbeddedResource, StructuralSchema, StructuralType } from "./crd/structural.ts";
export { type BundleGraphOptions, bundleGraph } from "./graph/bundle-graph.ts";
export type {
  BundleGraph,
  GraphEdge,
  GraphFinding,
  GraphNode,
  GraphNodeRole,
  GraphRelation,
} from "./graph/bundle-graph-model.ts";
export { toMermaid } from "./graph/mermaid.ts";
export {
  MERMAID_LIMITS,
  type MermaidLimitExceeded,
  mermaidLimitsExceeded,
} from "./graph/mermaid-limits.ts";
export { toSvg } from "./graph/svg.ts";
export {
  type ClusterRoleBindingForOptions,
  ClusterRoleBindingForOptionsSchema,
  type ClusterRoleBindingOptions,
  ClusterRoleBindingOptionsSchema,
  type ClusterRoleOptions,
  ClusterRoleOptionsSchema,
  clusterRole,
  clusterRoleBinding,
  clusterRoleBindingFor,
} from "./kinds/cluster-rbac.ts";
export { type ConfigMapOptions, ConfigMapOptionsSchema, configMap } from "./kinds/config-map.ts";
export {
  type CronJobOptions,
  CronJobOptionsSchema,
  cronJob,
  MAX_CRON_JOB_NAME,
} from "./kinds/cron-job.ts";
export { scheduleProblem, timeZoneProblem } from "./kinds/cron-schedule.ts";
export {
  type DaemonSetOptions,
  DaemonSetOptionsSchema,
  daemonSet,
} from "./kinds/daemon-set.ts";
export { type DeploymentOptions, DeploymentOptionsSchema, deployment } from "./kinds/deployment.ts";
export {
  type Gateway,
  type GatewayListener,
  type GatewayOptions,
  GatewayOptionsSchema,
  type GatewaySecretRef,
  gateway,
} from "./kinds/gateway.ts";
export type { GatewayApiMeta } from "./kinds/gateway-api.ts";
export {
  type GRPCRoute,
  type GRPCRouteOptions,
  GRPCRouteOptionsSchema,
  type GRPCRouteRule,
  grpcRoute,
} from "./kinds/grpc-route.ts";
export {
  type HpaForOptions,
  HpaForOptionsSchema,
  type HpaOptions,
  HpaOptionsSchema,
  hpa,
  hpaFor,
} from "./kinds/hpa.ts";
export {
  type HTTPRoute,
  type HTTPRouteMatch,
  type HTTPRouteOptions,
  HTTPRouteOptionsSchema,
  type HTTPRouteRule,
  httpRoute,
} from "./kinds/http-route.ts";
export type { HTTPPathModifier, HTTPRouteFilter } from "./kinds/http-route-filters.ts";
export {
  HostSchema,
  type IngressController,
  type IngressOptions,
  IngressOptionsSchema,
  ingress,
  ingressAnnotations,
} from "./kinds/ingress.ts";
export { type JobOptions, JobOptionsSchema, job } from "./kinds/job.ts";
export { type NamespaceOptions, NamespaceOptionsSchema, namespace } from "./kinds/namespace.ts";
export {
  type NetworkPolicyOptions,
  NetworkPolicyOptionsSchema,
  networkPolicy,
} from "./kinds/network-policy.ts";
export {
  type PdbForOptions,
  PdbForOptionsSchema,
  type PdbOptions,
  PdbOptionsSchema,
  pdb,
  pdbFor,
} from "./kinds/pdb.ts";
export {
  type PersistentVolumeClaimOptions,
  PersistentVolumeClaimOptionsSchema,
  persistentVolumeClaim,
} from "./kinds/persistent-volume-claim.ts";
export {
  type RoleBindingForOptions,
  RoleBindingForOptionsSchema,
  type RoleBindingOptions,
  RoleBindingOptionsSchema,
  type RoleOptions,
  RoleOptionsSchema,
  role,
  roleBinding,
  roleBindingFor,
} from "./kinds/rbac.ts";
export {
  type PolicyRuleOptions,
  PolicyRuleSchema,
  type SubjectOptions,
  SubjectSchema,
} from "./kinds/rbac-rules.ts";
export type {
  BackendReference,
  GatewayHeaderMatch,
  HeaderModifierConfig,
  ParentReference,
} from "./kinds/route-parts.ts";
export {
  dockerConfigJsonPlaceholder,
  type SecretOptions,
  SecretOptionsSchema,
  secret,
} from "./kinds/secret.ts";
export {
  type ServiceForOptions,
  ServiceForOptionsSchema,
  type ServiceOptions,
  ServiceOptionsSchema,
  service,
  serviceFor,
} from "./kinds/service.ts";
export {
  type ServiceAccountOptions,
  ServiceAccountOptionsSchema,
  serviceAccount,
} from "./kinds/service-account.ts";
export { type StatefulSetOptions, StatefulSetOptionsSchema, statefulSet } from "./kinds/stateful-set.ts";
export { type SelectingWorkload, selectorLabels, type Workload } from "./kinds/workload.ts";
export { lazyProxy } from "./lazy/load.ts";
export {
  DASHBOARD_SCHEMA_VERSION,
  type DashboardOptions,
  DashboardOptionsSchema,
  type DashboardPanel,
  type DatasourceRef,
  DEFAULT_DATASOURCE_UID,
  dashboard,
  dashboardJson,
  type GrafanaDashboard,
  type PanelDraft,
  type PanelTarget,
  promqlProblem,
  type StatReducer,
} from "./monitoring/dashboard.ts";
export {
  DASHBOARD_LABEL,
  GRAFANA_PORT,
  GRAFANA_UID,
  type GrafanaObject,
  type GrafanaObjects,
  grafana,
} from "./monitoring/grafana.ts";
export {
  GRAFANA_IMAGE,
  type GrafanaOptions,
  GrafanaOptionsSchema,
} from "./monitoring/grafana-options.ts";
export {
  type MonitoringObject,
  type MonitoringObjects,
  type MonitoringOptions,
  MonitoringOptionsSchema,
  monitoring,
} from "./monitoring/monitoring.ts";
export {
  type StatOptions,
  StatOptionsSchema,
  stat,
  type TimeSeriesOptions,
  TimeSeriesOptionsSchema,
  timeSeries,
} from "./monitoring/panels.ts";
export {
  MONITORING_COMPONENT,
  PROMETHEUS_PORT,
  PROMETHEUS_UID,
  type PrometheusObject,
  type PrometheusObjects,
  prometheus,
} from "./monitoring/prometheus.ts";
export { PROMETHEUS_DISCOVERY_RULES } from "./monitoring/prometheus-discovery.ts";
export {
  PROMETHEUS_IMAGE,
  type PrometheusOptions,
  PrometheusOptionsSchema,
  type ScrapeTarget,
  ScrapeTargetSchema,
} from "./monitoring/prometheus-options.ts";
export {
  type RelabelAction,
  type RelabelingOptions,
  RelabelingSchema,
  type ServiceMonitorRelabeling,
} from "./monitoring/relabeling.ts";
export {
  type ServiceMonitor,
  type ServiceMonitorEndpoint,
  type ServiceMonitorEndpointOptions,
  ServiceMonitorEndpointSchema,
  type ServiceMonitorForOptions,
  ServiceMonitorForOptionsSchema,
  type ServiceMonitorOptions,
  ServiceMonitorOptionsSchema,
  serviceMonitor,
  serviceMonitorFor,
} from "./monitoring/service-monitor.ts";
export type { StorageOptions } from "./monitoring/storage.ts";
export {
  type Kustomization,
  type KustomizationOptions,
  KustomizationOptionsSchema,
  type KustomizeGenerator,
  type KustomizeGeneratorOptions,
  type KustomizeImage,
  type KustomizeLabels,
  kustomization,
} from "./output/kustomization.ts";
export { type ToYamlOptions, toYaml } from "./output/to-yaml.ts";
export {
  defaultLayout,
  KUSTOMIZATION_FILE,
  type RenderTreeOptions,
  RenderTreeOptionsSchema,
  renderTree,
  type TreeLayout,
} from "./output/tree.ts";
export {
  type WriteTreeOptions,
  type WriteTreeResult,
  writeTree,
} from "./output/write-tree.ts";
export type { TreeFs, TreeFsStats } from "./output/write-tree-fs.ts";
export { documentToYaml } from "./output/yaml.ts";
export { patch } from "./patch.ts";
export type { AntiAffinityOptions, TopologySpreadOptions } from "./pod/affinity.ts";
export type { ContainerOptions, InitContainerOptions } from "./pod/container.ts";
export type { EnvFromOptions, EnvOptions } from "./pod/env.ts";
export { type ProbeOptions, ProbeSchema } from "./pod/probe.ts";
export { type ResourcesOptions, ResourcesSchema } from "./pod/resources.ts";
export type { SecurityOptions } from "./pod/security-context.ts";
export type { VolumeMountOptions, VolumeOptions } from "./pod/volume.ts";
