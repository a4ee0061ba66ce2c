/**
 * The production environment: the seed's numbers, which every other environment overlays (environments.ts).
 * A module of its own so that the bundle's defaults and the environments do not import each other.
 */
import { GRAFANA_IMAGE, PROMETHEUS_IMAGE } from "@call-center/k8s-builders";
import type { CallCenterConfig } from "./config.ts";

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
    // The library's pinned images: one place to bump them.
    prometheus: PROMETHEUS_IMAGE,
    grafana: GRAFANA_IMAGE,
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
    // A numeric non-root user, so runAsNonRoot can be verified whatever the image's USER says.
    securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
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
    securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
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
    createGateway: false,
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
    // Off: an admin UI on the Internet is the user's choice, not a default.
    grafanaRoute: { enabled: false, path: "/grafana" },
  },
  secrets: { mode: "template", remoteKeys: {} },
  networkPolicies: { enabled: true, allowExternalHttps: true },
};
