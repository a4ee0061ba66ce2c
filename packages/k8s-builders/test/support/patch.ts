/** Fixtures of the patch tests (src/patch*.test.ts): the Deployment `api` that they patch. */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import { deployment } from "../../src/kinds/deployment.ts";

/** The options of `api`'s one container: a pinned image, a named port and a readiness probe on it. */
export const app = {
  name: "api",
  image: "ghcr.io/acme/api:1.4.2",
  ports: [{ name: "http", containerPort: 8080 }],
  readinessProbe: { http: { path: "/ready", port: "http" } },
};
/** A new Deployment `api` in namespace shop, built by deployment(). */
export const api = () => deployment({ name: "api", namespace: "shop", containers: [app] });
export const podSpec = (d: Deployment) => d.spec?.template?.spec;
/** The path of the pod spec in a Deployment. */
export const S = "spec.template.spec";
