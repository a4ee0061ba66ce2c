/**
 * Monitoring: a Prometheus that scrapes call-processor and admin-api and works without the Prometheus Operator,
 * a ServiceMonitor per app for clusters that run the Operator (labelled so its Prometheus selects them), and
 * Grafana with the Prometheus datasource and the call-center dashboard provisioned. Grafana's admin
 * credentials come from the `grafana-admin` Secret, whose placeholder template ({@link grafanaAdminSecret})
 * reaches the cluster like the apps' Secrets, as `secrets.mode` says.
 */
import { dashboard, type Manifest, monitoring, secret, stat, timeSeries } from "@call-center/k8s-builders";
import type { Secret, Service } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { common, componentLabels } from "./common.ts";
import type { PolicyTargets } from "./network-policies.ts";

/** The call-center dashboard: calls in progress, call rate, API latency and errors, pod CPU and memory. */
export function callCenterDashboard(namespace: string) {
  const ns = `namespace="${namespace}"`;
  return dashboard({
    uid: "call-center",
    title: "Call center",
    tags: ["call-center"],
    refresh: "30s",
    panels: [
      stat({ title: "Calls in progress", queries: [{ expr: `sum(callcenter_active_calls{${ns}})` }] }),
      timeSeries({
        title: "Call rate",
        unit: "cps",
        queries: [{ expr: `sum(rate(callcenter_calls_total{${ns}}[5m]))`, legend: "calls/s" }],
      }),
      timeSeries({
        title: "API latency (p95)",
        unit: "s",
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (le, service) (rate(http_request_duration_seconds_bucket{${ns}}[5m])))`,
            legend: "{{service}}",
          },
        ],
      }),
      timeSeries({
        title: "API errors (5xx ratio)",
        unit: "percentunit",
        queries: [
          {
            expr: `sum by (service) (rate(http_requests_total{${ns},status=~"5.."}[5m])) / sum by (service) (rate(http_requests_total{${ns}}[5m]))`,
            legend: "{{service}}",
          },
        ],
      }),
      timeSeries({
        title: "Pod CPU",
        unit: "cores",
        queries: [
          {
            expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns},container!=""}[5m]))`,
            legend: "{{pod}}",
          },
        ],
      }),
      timeSeries({
        title: "Pod memory",
        unit: "bytes",
        queries: [
          {
            expr: `sum by (pod) (container_memory_working_set_bytes{${ns},container!=""})`,
            legend: "{{pod}}",
          },
        ],
      }),
    ],
  });
}

export const GRAFANA_ADMIN_SECRET = "grafana-admin";

/** Where users open Grafana when it is routed: `https://<host><grafanaRoute.path>/`. */
export function grafanaUrl(c: CallCenterConfig): string {
  return `https://${c.host}${c.monitoring.grafanaRoute.path}/`;
}

/** The placeholder template of Grafana's admin credentials. */
export function grafanaAdminSecret(c: CallCenterConfig): Secret {
  const { namespace, partOf, labels } = common(c);
  return secret({
    name: GRAFANA_ADMIN_SECRET,
    namespace,
    partOf,
    labels,
    ...componentLabels(c, "grafana"),
    stringData: { "admin-user": "<grafana-admin-user>", "admin-password": "<grafana-admin-password>" },
  });
}

export function monitoringStack(
  c: CallCenterConfig,
  appServices: readonly Service[],
): { objects: Manifest[]; names: PolicyTargets } {
  if (!c.monitoring.enabled) return { objects: [], names: {} };
  const m = c.monitoring;
  const { namespace, partOf, labels } = common(c);
  const targets = appServices
    .filter((s) => s.metadata?.name === NAMES.callProcessor || s.metadata?.name === NAMES.adminApi)
    .map((service) => ({ service, port: "http", path: "/metrics" }));
  const stack = monitoring({
    namespace,
    partOf,
    labels,
    targets,
    prometheus: {
      image: c.images.prometheus,
      resources: m.prometheusResources,
      retention: m.retention,
      scrapeInterval: m.scrapeInterval,
    },
    grafana: {
      image: c.images.grafana,
      resources: m.grafanaResources,
      adminSecret: { name: GRAFANA_ADMIN_SECRET },
      dashboards: [callCenterDashboard(namespace)],
      ...(m.grafanaRoute.enabled
        ? {
            rootUrl: grafanaUrl(c),
            // Reachable from outside: only its own users log in, and only over TLS.
            env: {
              GF_AUTH_ANONYMOUS_ENABLED: "false",
              GF_USERS_ALLOW_SIGN_UP: "false",
              GF_SECURITY_COOKIE_SECURE: "true",
            },
          }
        : {}),
    },
    serviceMonitors: m.serviceMonitors ? { discoveryLabels: m.discoveryLabels } : false,
  });
  // Without a route nothing may reach Grafana's Service (the NetworkPolicies deny it): leave it out;
  // `kubectl port-forward` goes to the pod.
  const unrouted = m.grafanaRoute.enabled ? undefined : stack.grafana?.service;
  return {
    objects: stack.objects.filter((o) => o !== unrouted),
    names: {
      prometheus: stack.prometheus.deployment.metadata?.name,
      grafana: stack.grafana?.deployment.metadata?.name,
    },
  };
}
