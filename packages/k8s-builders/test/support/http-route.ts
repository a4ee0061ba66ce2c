/**
 * Fixtures of the httpRoute tests (src/kinds/http-route*.test.ts): two Services and a Gateway to route between,
 * the options of a valid HTTPRoute, and a builder that checks what it builds against the schemas and the CRD.
 */
import { gateway } from "../../src/kinds/gateway.ts";
import { type HTTPRouteOptions, httpRoute } from "../../src/kinds/http-route.ts";
import { service } from "../../src/kinds/service.ts";
import { assertCrdValid } from "./crd.ts";
import { assertSchemaValid } from "./schema.ts";

/** The CRD an HTTPRoute is checked against (test/fixtures/crds/). */
const CRD = "gateway.networking.k8s.io_httproutes.yaml";
/** Services to route to: `admin-api` (ports http and metrics) and `call-processor` (one port, no name). */
export const api = service({
  name: "admin-api",
  namespace: "calls",
  selector: { app: "admin-api" },
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9090 },
  ],
});
export const ws = service({
  name: "call-processor",
  namespace: "calls",
  selector: { app: "cp" },
  ports: [{ port: 8081 }],
});
/** A Gateway `web` in `edge` with the listeners http and https. */
export const web = gateway({
  name: "web",
  namespace: "edge",
  gatewayClassName: "envoy",
  listeners: [
    { name: "http", protocol: "HTTP" },
    { name: "https", protocol: "HTTPS", tls: { certificateRefs: ["calls-tls"] } },
  ],
});
/** A valid HTTPRoute: /api on the https listener of {@link web} to {@link api}'s port http. */
export const base = {
  name: "calls",
  namespace: "calls",
  parentRefs: [{ gateway: web, sectionName: "https" }],
  hostnames: ["calls.example.com"],
  rules: [{ matches: [{ path: { value: "/api" } }], backends: [{ service: api, port: "http" }] }],
} satisfies HTTPRouteOptions;

/** Builds the route and checks it against the schemas and the CRD. */
export const valid = (o: HTTPRouteOptions) => {
  const r = httpRoute(o);
  assertSchemaValid(r);
  assertCrdValid(r, CRD);
  return r;
};

/** {@link base} with one rule to the Service `admin-api`, port http, and `extra` in the rule. */
export const rule = (extra: object) => ({
  ...base,
  rules: [{ backends: [{ service: api, port: "http" }], ...extra }],
});
