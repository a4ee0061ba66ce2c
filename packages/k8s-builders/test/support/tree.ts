/**
 * Fixtures of the tree tests (src/output/tree*.test.ts): the call-center bundle that renderTree lays out, built
 * with the real builders.
 */
import { configMap } from "../../src/kinds/config-map.ts";
import { deployment } from "../../src/kinds/deployment.ts";
import { namespace } from "../../src/kinds/namespace.ts";
import { serviceFor } from "../../src/kinds/service.ts";

/** A Deployment `name` in call-center (2 replicas), one container with the given ports (default http 8080). */
export function app(
  name: string,
  extra: { component?: string; image?: string; ports?: Record<string, number> } = {},
) {
  const ports = Object.entries(extra.ports ?? { http: 8080 }).map(([n, containerPort]) => ({
    name: n,
    containerPort,
  }));
  return deployment({
    name,
    namespace: "call-center",
    ...(extra.component === undefined ? {} : { component: extra.component }),
    replicas: 2,
    containers: [
      {
        name,
        image: extra.image ?? `ghcr.io/acme/${name}:1.4.2`,
        ports,
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        livenessProbe: { http: { path: "/health", port: "http" } },
        readinessProbe: { http: { path: "/health/ready", port: "http" } },
      },
    ],
  });
}

export const ns = namespace({ name: "call-center" });
export const config = configMap({
  name: "app-config",
  namespace: "call-center",
  data: { LOG_LEVEL: "info" },
});
export const processor = app("call-processor", { ports: { http: 8080, audiosocket: 9092 } });
const admin = app("admin-api");
export const bundle = [processor, serviceFor(processor), admin, serviceFor(admin), config, ns];
