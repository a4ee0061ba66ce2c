/**
 * Fixtures of the prometheus tests (src/monitoring/prometheus*.test.ts): the Services of two apps to scrape and
 * the options of a valid Prometheus.
 */
import { deployment } from "../../src/kinds/deployment.ts";
import { serviceFor } from "../../src/kinds/service.ts";
import type { PrometheusOptions } from "../../src/monitoring/prometheus-options.ts";

/** The Service of a Deployment with one container of these ports, part of call-center. */
export const app = (
  name: string,
  ports: { name: string; containerPort: number }[],
  namespace = "call-center",
) =>
  serviceFor(
    deployment({
      name,
      namespace,
      partOf: "call-center",
      containers: [{ name, image: `ghcr.io/acme/${name}:1.4.2`, ports }],
    }),
  );
/** The Services of call-processor (ports http and metrics) and admin-api (port http). */
export const callProcessor = app("call-processor", [
  { name: "http", containerPort: 8080 },
  { name: "metrics", containerPort: 9102 },
]);
export const adminApi = app("admin-api", [{ name: "http", containerPort: 8080 }]);
const resources = { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } };
/** A valid Prometheus in `monitoring` scraping both. */
export const base: PrometheusOptions = {
  namespace: "monitoring",
  targets: [
    { service: callProcessor, port: "metrics" },
    { service: adminApi, port: "http" },
  ],
  resources,
};
