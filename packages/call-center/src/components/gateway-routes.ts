/**
 * The public HTTP entry through the Gateway API (`ingress.controller: "gateway"`): HTTPRoutes for `/api` and
 * `/admin` (admin-api) and `/ws` (call-processor, with the WebSocket timeout), and `/grafana` when routed,
 * attached to a Gateway the platform team runs (`ingress.gateway`) or to one the bundle makes
 * (`ingress.createGateway`: HTTPS with the certificate Secret, and HTTP redirected to HTTPS).
 */
import { type Gateway, gateway, type HTTPRoute, httpRoute } from "@call-center/k8s-builders";
import type { Service } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES, ROUTES } from "../names.ts";
import { callCenterLabels, common, componentLabels } from "./common.ts";

/** The listeners of the Gateway the bundle makes. */
const LISTENERS = { http: "http", https: "https" } as const;

/** Seconds as a Gateway API duration (`3600` → `1h`, `90` → `1m30s`). */
export function gatewayDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h > 0 ? `${h}h` : "", m > 0 ? `${m}m` : "", s > 0 ? `${s}s` : ""].join("");
  return parts === "" ? "0s" : parts;
}

function serviceNamed(services: readonly Service[], name: string): Service {
  const found = services.find((s) => s.metadata?.name === name);
  if (found === undefined) throw new Error(`the bundle has no Service "${name}" to route to`);
  return found;
}

/** The Gateway the bundle makes (`ingress.createGateway`), or undefined. */
export function bundleGateway(c: CallCenterConfig): Gateway | undefined {
  const g = c.ingress.gateway;
  if (!c.ingress.createGateway || g === undefined) return undefined;
  return gateway({
    name: g.name,
    ...common(c),
    ...callCenterLabels(c, "ingress"),
    gatewayClassName: g.className ?? "",
    listeners: [
      { name: LISTENERS.http, protocol: "HTTP", hostname: c.host },
      {
        name: LISTENERS.https,
        protocol: "HTTPS",
        hostname: c.host,
        tls: { certificateRefs: [c.ingress.tlsSecretName] },
      },
    ],
  });
}

/** The Gateway objects and HTTPRoutes of the gateway mode, routing to the given Services. */
export function gatewayRoutes(c: CallCenterConfig, services: readonly Service[]): (Gateway | HTTPRoute)[] {
  const g = c.ingress.gateway;
  if (g === undefined) return [];
  const made = bundleGateway(c);
  const parent = (listener: string) =>
    made === undefined
      ? {
          name: g.name,
          ...(g.namespace === undefined ? {} : { namespace: g.namespace }),
          ...(g.sectionName === undefined ? {} : { sectionName: g.sectionName }),
        }
      : { gateway: made, sectionName: listener };
  const shared = { ...common(c), ...callCenterLabels(c, "ingress"), hostnames: [c.host] };
  const websocketTimeout = gatewayDuration(c.ingress.websocketTimeoutSeconds);
  const routes: HTTPRoute[] = [
    httpRoute({
      name: NAMES.ingress,
      ...shared,
      parentRefs: [parent(LISTENERS.https)],
      rules: ROUTES.map((r) => ({
        matches: [{ path: { value: r.path } }],
        backends: [{ service: serviceNamed(services, r.service), port: "http" }],
        // A call's WebSocket stays open for the whole call: the implementation's default (often 15 s) would cut it.
        ...(r.websocket ? { timeouts: { request: websocketTimeout, backendRequest: websocketTimeout } } : {}),
      })),
    }),
  ];
  if (c.monitoring.enabled && c.monitoring.grafanaRoute.enabled) {
    routes.push(
      httpRoute({
        name: NAMES.grafana,
        ...shared,
        ...componentLabels(c, "grafana"),
        parentRefs: [parent(LISTENERS.https)],
        rules: [
          {
            matches: [{ path: { value: c.monitoring.grafanaRoute.path } }],
            backends: [{ service: serviceNamed(services, NAMES.grafana), port: "http" }],
          },
        ],
      }),
    );
  }
  if (made !== undefined) {
    routes.push(
      httpRoute({
        name: `${NAMES.ingress}-https-redirect`,
        ...shared,
        parentRefs: [parent(LISTENERS.http)],
        rules: [{ filters: [{ requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      }),
    );
  }
  return [...(made === undefined ? [] : [made]), ...routes];
}
