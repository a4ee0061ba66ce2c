import type { ContainerOptions } from "../../src/pod/container.ts";

/** A valid container with two named ports, resources and probes. */
export const webContainer = {
  name: "app",
  image: "ghcr.io/acme/app:2.0.1",
  ports: [
    { name: "http", containerPort: 8080 },
    { name: "metrics", containerPort: 9100 },
  ],
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  livenessProbe: { http: { path: "/health", port: "http" } },
  readinessProbe: { http: { path: "/ready", port: "http" } },
} satisfies ContainerOptions;
