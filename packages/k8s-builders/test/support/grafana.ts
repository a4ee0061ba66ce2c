/**
 * Fixtures of the grafana tests (src/monitoring/grafana*.test.ts): a Prometheus scraping the call processor, two
 * dashboards, the options of a Grafana reading them, and the Grafana built from those options.
 */
import { service } from "../../src/kinds/service.ts";
import { dashboard } from "../../src/monitoring/dashboard.ts";
import { grafana } from "../../src/monitoring/grafana.ts";
import type { GrafanaOptions } from "../../src/monitoring/grafana-options.ts";
import { stat, timeSeries } from "../../src/monitoring/panels.ts";
import { prometheus } from "../../src/monitoring/prometheus.ts";

export const target = service({
  name: "call-processor",
  namespace: "call-center",
  selector: { "app.kubernetes.io/name": "call-processor" },
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9102 },
  ],
});
export const prom = prometheus({
  namespace: "monitoring",
  targets: [{ service: target, port: "metrics" }],
  resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
});
export const callCenter = dashboard({
  uid: "call-center",
  title: "Call center",
  panels: [
    timeSeries({
      title: "Requests",
      unit: "reqps",
      queries: [{ expr: "sum(rate(http_requests_total[5m]))" }],
    }),
    stat({ title: "Up", queries: [{ expr: 'up{job="call-processor"}' }] }),
  ],
});
export const adminApi = dashboard({ uid: "admin-api", title: "Admin API", panels: [] });
export const base: GrafanaOptions = {
  namespace: "monitoring",
  resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
  adminSecret: { name: "grafana-admin" },
  datasource: { service: prom.service },
  dashboards: [callCenter, adminApi],
};

export const g = grafana(base);
export const pod = g.deployment.spec?.template.spec;
export const container = pod?.containers[0];
