/**
 * Environments: `production` is the seed's numbers, the defaults of every field. `staging` is an overlay on it:
 * one replica where that is safe, smaller resources, its own host. A user's values file is merged on top.
 */
import { parseOptions } from "@call-center/k8s-builders";
import {
  type CallCenterConfig,
  CallCenterConfigSchema,
  type CallCenterValues,
  CallCenterValuesSchema,
} from "./config.ts";

/** The seed's numbers. Every default of the bundle is here, once. */
export const production: CallCenterConfig = {
  namespace: "call-center",
  environment: "production",
  host: "calls.example.com",
  labels: {},
  images: {
    callProcessor: "ghcr.io/call-center/call-processor:1.0.0",
    adminApi: "ghcr.io/call-center/admin-api:1.0.0",
    postgres: "postgres:16.10",
    redis: "redis:7.4.5",
    prometheus: "prom/prometheus:v3.5.0",
    grafana: "grafana/grafana:12.1.1",
  },
  appConfig: { LOG_LEVEL: "info" },
  callProcessor: {
    replicas: 2,
    resources: { requests: { memory: "256Mi", cpu: "250m" }, limits: { memory: "512Mi", cpu: "500m" } },
    httpPort: 8080,
    audioSocketPort: 9092,
    probes: {
      liveness: { path: "/health", periodSeconds: 30 },
      readiness: { path: "/health/ready", periodSeconds: 10 },
    },
    autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 },
    disruptionBudget: { maxUnavailable: 1 },
    audioSocket: { type: "LoadBalancer", externalTrafficPolicy: "Local", sourceRanges: [] },
    shutdown: { terminationGracePeriodSeconds: 3600, preStopDelaySeconds: 15 },
  },
  adminApi: {
    replicas: 2,
    // The seed gives no numbers for admin-api; these are the bundle's, sized for an admin UI's API.
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "256Mi", cpu: "250m" } },
    httpPort: 8080,
    probes: {
      liveness: { path: "/health", periodSeconds: 30 },
      readiness: { path: "/health/ready", periodSeconds: 10 },
    },
    disruptionBudget: { minAvailable: 1 },
  },
  postgres: {
    database: "callcenter",
    storage: "10Gi",
    resources: { requests: { memory: "256Mi", cpu: "250m" }, limits: { memory: "1Gi", cpu: "1000m" } },
    initScripts: {
      "01-extensions.sql": "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n",
    },
  },
  redis: {
    storage: "1Gi",
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "256Mi", cpu: "250m" } },
  },
  ingress: {
    controller: "nginx",
    tlsSecretName: "call-center-tls",
    websocketTimeoutSeconds: 3600,
    controllerNamespace: "ingress-nginx",
  },
  monitoring: {
    enabled: true,
    serviceMonitors: true,
    discoveryLabels: { release: "kube-prometheus-stack" },
    scrapeInterval: "30s",
    retention: "15d",
    prometheusResources: {
      requests: { memory: "512Mi", cpu: "250m" },
      limits: { memory: "1Gi", cpu: "1000m" },
    },
    grafanaResources: {
      requests: { memory: "128Mi", cpu: "100m" },
      limits: { memory: "256Mi", cpu: "500m" },
    },
  },
  secrets: { mode: "template", remoteKeys: {} },
  networkPolicies: { enabled: true, allowExternalHttps: true },
};

/** Staging: one replica where no live calls depend on it, smaller resources, its own host and namespace. */
export const stagingOverlay: CallCenterValues = {
  namespace: "call-center-staging",
  environment: "staging",
  host: "staging.calls.example.com",
  appConfig: { LOG_LEVEL: "debug" },
  callProcessor: {
    replicas: 1,
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "256Mi", cpu: "250m" } },
    autoscaling: { minReplicas: 1, maxReplicas: 3 },
    shutdown: { terminationGracePeriodSeconds: 300 },
  },
  adminApi: {
    replicas: 1,
    resources: { requests: { memory: "64Mi", cpu: "50m" }, limits: { memory: "128Mi", cpu: "100m" } },
    // With one replica, minAvailable 1 would block every node drain: no PDB in staging.
    disruptionBudget: { minAvailable: 0 },
  },
  postgres: {
    storage: "2Gi",
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "512Mi", cpu: "500m" } },
  },
  redis: { storage: "512Mi" },
  ingress: { tlsSecretName: "call-center-staging-tls" },
  monitoring: { retention: "3d" },
};

/** The environments by name: the overlay each one merges over `production`. */
export const ENVIRONMENTS = { production: {}, staging: stagingOverlay } as const satisfies Record<
  string,
  CallCenterValues
>;
/** The name of an environment: `production` or `staging`. */
export type EnvironmentName = keyof typeof ENVIRONMENTS;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Merges `overlay` into `base`: objects recursively; arrays, scalars and records' values replace. */
export function deepMerge<T>(base: T, overlay: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return (overlay === undefined ? base : overlay) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === undefined) continue;
    out[k] = k in base ? deepMerge((base as Record<string, unknown>)[k], v) : v;
  }
  return out as T;
}

/**
 * The configuration of an environment with a user's values merged over it, validated: a bad values file
 * throws one K8sBuilderError listing every bad field by its path.
 *
 * @example
 * const config = resolveConfig("staging", { host: "staging.acme.com" });
 */
export function resolveConfig(env: EnvironmentName = "production", values: unknown = {}): CallCenterConfig {
  const checkedValues = parseOptions("values", CallCenterValuesSchema, values);
  const merged = deepMerge(deepMerge(production, ENVIRONMENTS[env]), checkedValues);
  return parseOptions("callCenter config", CallCenterConfigSchema, merged, configRules);
}

/** Rules across fields of the configuration. */
function configRules(c: CallCenterConfig) {
  const issues: { path: PropertyKey[]; code: string; message: string }[] = [];
  const a = c.callProcessor.autoscaling;
  if (a.enabled && a.minReplicas > a.maxReplicas) {
    issues.push({
      path: ["callProcessor", "autoscaling", "minReplicas"],
      code: "min_above_max",
      message: `minReplicas (${a.minReplicas}) is more than maxReplicas (${a.maxReplicas})`,
    });
  }
  if (
    c.callProcessor.shutdown.preStopDelaySeconds >= c.callProcessor.shutdown.terminationGracePeriodSeconds
  ) {
    issues.push({
      path: ["callProcessor", "shutdown", "preStopDelaySeconds"],
      code: "grace_period_too_short",
      message: `preStopDelaySeconds (${c.callProcessor.shutdown.preStopDelaySeconds}) must be below terminationGracePeriodSeconds (${c.callProcessor.shutdown.terminationGracePeriodSeconds})`,
    });
  }
  const budget = c.adminApi.disruptionBudget.minAvailable;
  if (budget > 0 && budget >= c.adminApi.replicas) {
    issues.push({
      path: ["adminApi", "disruptionBudget", "minAvailable"],
      code: "blocks_drains",
      message: `minAvailable (${budget}) is not below adminApi.replicas (${c.adminApi.replicas}): every node drain would block (use 0 for no PDB)`,
    });
  }
  if (c.callProcessor.audioSocket.nodePort !== undefined && c.callProcessor.audioSocket.type !== "NodePort") {
    issues.push({
      path: ["callProcessor", "audioSocket", "nodePort"],
      code: "conflicting_options",
      message: "nodePort is set but audioSocket.type is LoadBalancer",
    });
  }
  return issues;
}
