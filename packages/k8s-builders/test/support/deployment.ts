/**
 * Fixtures of the deployment tests (src/kinds/deployment*.test.ts): a container, the options of a valid
 * Deployment, a builder that checks what it builds against the schemas, and the parts of the object they read.
 */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import { type DeploymentOptions, deployment } from "../../src/kinds/deployment.ts";
import type { ContainerOptions } from "../../src/pod/container.ts";
import { assertSchemaValid } from "./schema.ts";

/** A container with one named port (http), requests and limits, liveness and readiness probes. */
export const c0 = {
  name: "api",
  image: "ghcr.io/acme/api:1.4.2",
  ports: [{ name: "http", containerPort: 8080 }],
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  livenessProbe: { http: { path: "/health", port: "http" } },
  readinessProbe: { http: { path: "/ready", port: "http" } },
} satisfies ContainerOptions;
/** A Deployment `api` in the namespace `shop` with the container {@link c0}. */
export const base = { name: "api", namespace: "shop", containers: [c0] } satisfies DeploymentOptions;

/** {@link base} with `extra`, built and checked against the schemas. */
export function build(extra: Partial<DeploymentOptions> = {}): Deployment {
  const d = deployment({ ...base, ...extra });
  assertSchemaValid(d);
  return d;
}

/** The pod spec, and its first container. */
export const pod = (d: Deployment) => d.spec?.template?.spec;
export const container = (d: Deployment) => pod(d)?.containers[0];
