/**
 * Where a builder's problem is in the values file: which configuration field feeds which builder option.
 */
import { NAMES } from "./names.ts";

/**
 * Which configuration field feeds which builder option. A problem a builder finds is reported at the
 * configuration path it came from — the user's values-file path (`callProcessor.resources.requests.memory`),
 * never the builder's (`containers[0].resources.requests.memory`). First match wins; a rule without `object`
 * matches every object of its builder.
 */
const BUILDER_PATHS: readonly { builder: string; object?: string; from: string; to: string }[] = [
  ...app("deployment", NAMES.callProcessor, "callProcessor", "callProcessor"),
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "terminationGracePeriodSeconds",
    to: "callProcessor.shutdown.terminationGracePeriodSeconds",
  },
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "containers[0].lifecycle.preStop.sleep",
    to: "callProcessor.shutdown.preStopDelaySeconds",
  },
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "containers[0].ports[1].containerPort",
    to: "callProcessor.audioSocketPort",
  },
  ...app("deployment", NAMES.adminApi, "adminApi", "adminApi"),
  { builder: "hpaFor", from: "", to: "callProcessor.autoscaling" },
  { builder: "pdbFor", from: "maxUnavailable", to: "callProcessor.disruptionBudget.maxUnavailable" },
  { builder: "pdbFor", from: "minAvailable", to: "adminApi.disruptionBudget.minAvailable" },
  { builder: "serviceFor", from: "type", to: "callProcessor.audioSocket.type" },
  {
    builder: "serviceFor",
    from: "externalTrafficPolicy",
    to: "callProcessor.audioSocket.externalTrafficPolicy",
  },
  { builder: "serviceFor", from: "ports[0].nodePort", to: "callProcessor.audioSocket.nodePort" },
  { builder: "serviceFor", from: "loadBalancerSourceRanges", to: "callProcessor.audioSocket.sourceRanges" },
  ...store(NAMES.postgres, "postgres"),
  {
    builder: "statefulSet",
    object: NAMES.postgres,
    from: "containers[0].env.POSTGRES_DB",
    to: "postgres.database",
  },
  ...store(NAMES.redis, "redis"),
  { builder: "configMap", object: NAMES.postgresInit, from: "data", to: "postgres.initScripts" },
  { builder: "configMap", object: NAMES.appConfig, from: "data", to: "appConfig" },
  { builder: "monitoring", from: "prometheus.containers[0].resources", to: "monitoring.prometheusResources" },
  { builder: "monitoring", from: "prometheus.resources", to: "monitoring.prometheusResources" },
  { builder: "monitoring", from: "prometheus.scrapeInterval", to: "monitoring.scrapeInterval" },
  { builder: "monitoring", from: "prometheus.scrapeTimeout", to: "monitoring.scrapeInterval" },
  { builder: "monitoring", from: "prometheus.retention", to: "monitoring.retention" },
  { builder: "monitoring", from: "prometheus.image", to: "images.prometheus" },
  { builder: "monitoring", from: "grafana.containers[0].resources", to: "monitoring.grafanaResources" },
  { builder: "monitoring", from: "grafana.resources", to: "monitoring.grafanaResources" },
  { builder: "monitoring", from: "grafana.image", to: "images.grafana" },
  { builder: "monitoring", from: "serviceMonitors.discoveryLabels", to: "monitoring.discoveryLabels" },
  { builder: "ingress", from: "rules[0].host", to: "host" },
  { builder: "ingress", from: "host", to: "host" },
  { builder: "ingress", from: "tls", to: "ingress.tlsSecretName" },
  { builder: "ingress", from: "className", to: "ingress.className" },
  { builder: "ingress", from: "websocketTimeoutSeconds", to: "ingress.websocketTimeoutSeconds" },
  // Every object: its namespace and the user's labels.
  { builder: "namespace", from: "name", to: "namespace" },
  { builder: "*", from: "namespace", to: "namespace" },
  { builder: "*", from: "labels", to: "labels" },
];

function app(builder: string, object: string, section: string, image: string) {
  return [
    { builder, object, from: "replicas", to: `${section}.replicas` },
    { builder, object, from: "containers[0].resources", to: `${section}.resources` },
    { builder, object, from: "containers[0].image", to: `images.${image}` },
    { builder, object, from: "containers[0].ports[0].containerPort", to: `${section}.httpPort` },
    { builder, object, from: "containers[0].livenessProbe.http.path", to: `${section}.probes.liveness.path` },
    {
      builder,
      object,
      from: "containers[0].livenessProbe.periodSeconds",
      to: `${section}.probes.liveness.periodSeconds`,
    },
    {
      builder,
      object,
      from: "containers[0].readinessProbe.http.path",
      to: `${section}.probes.readiness.path`,
    },
    {
      builder,
      object,
      from: "containers[0].readinessProbe.periodSeconds",
      to: `${section}.probes.readiness.periodSeconds`,
    },
  ];
}

function store(object: string, section: string) {
  return [
    { builder: "statefulSet", object, from: "containers[0].resources", to: `${section}.resources` },
    { builder: "statefulSet", object, from: "containers[0].image", to: `images.${section}` },
    { builder: "statefulSet", object, from: "volumeClaimTemplates[0].storage", to: `${section}.storage` },
    {
      builder: "statefulSet",
      object,
      from: "volumeClaimTemplates[0].storageClassName",
      to: `${section}.storageClassName`,
    },
  ];
}

/** The configuration section each object is built from, for a builder problem no rule above maps. */
const SECTION_OF_OBJECT: Readonly<Record<string, string>> = {
  [NAMES.callProcessor]: "callProcessor",
  [NAMES.audioSocketService]: "callProcessor.audioSocket",
  [NAMES.adminApi]: "adminApi",
  [NAMES.postgres]: "postgres",
  [NAMES.postgresInit]: "postgres.initScripts",
  [NAMES.redis]: "redis",
  [NAMES.ingress]: "ingress",
  [NAMES.websocketIngress]: "ingress",
  [NAMES.appConfig]: "appConfig",
  [NAMES.grafana]: "monitoring",
};

/** The rest of `path` after `prefix` (with its leading `.` or `[`), or `undefined` when it is not under it. */
function under(path: string, prefix: string): string | undefined {
  if (prefix === "") return path === "" || path.startsWith("[") ? path : `.${path}`;
  if (path === prefix) return "";
  return path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)
    ? path.slice(prefix.length)
    : undefined;
}

/**
 * The configuration path (= values-file path) of a problem a builder found while building the bundle, and
 * whether it is exact: for an option no rule maps, the section of the object (or the root) and `false`.
 *
 * @example
 * configPathOf("deployment", "call-processor", "containers[0].resources.requests.memory");
 * // { path: "callProcessor.resources.requests.memory", exact: true }
 */
export function configPathOf(
  builder: string,
  objectName: string | undefined,
  path: string,
): { path: string; exact: boolean } {
  for (const rule of BUILDER_PATHS) {
    if (rule.builder !== "*" && rule.builder !== builder) continue;
    if (rule.object !== undefined && rule.object !== objectName) continue;
    const rest = under(path, rule.from);
    if (rest === undefined) continue;
    return { path: `${rule.to}${rest}`, exact: true };
  }
  return { path: SECTION_OF_OBJECT[objectName ?? ""] ?? "", exact: false };
}
