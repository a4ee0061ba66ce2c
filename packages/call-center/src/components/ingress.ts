/**
 * The public HTTP entry: `/api` and `/admin` go to admin-api, `/ws` (the WebSocket) to call-processor, and
 * `/grafana` (`monitoring.grafanaRoute`) to Grafana.
 * The WebSocket path is an Ingress of its own because ingress-nginx applies proxy timeouts per Ingress: the
 * long timeout a call's WebSocket needs must not apply to the API. AudioSocket (raw TCP) cannot go through an
 * Ingress at all; it has its own LoadBalancer/NodePort Service.
 */
import { ingress, type Manifest as KubernetesObject } from "@call-center/k8s-builders";
import type { Service } from "kubernetes-types/core/v1.js";
import type { Ingress } from "kubernetes-types/networking/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES, ROUTES } from "../names.ts";
import { callCenterLabels, common, componentLabels } from "./common.ts";
import { gatewayRoutes } from "./gateway-routes.ts";

/**
 * The objects of the public HTTP entry: Ingresses, or with `ingress.controller: "gateway"` the HTTPRoutes (and
 * the Gateway) of `gateway-routes.ts`, which route to the given Services.
 */
export function ingresses(c: CallCenterConfig, services: readonly Service[]): KubernetesObject[] {
  return c.ingress.controller === "gateway"
    ? gatewayRoutes(c, services)
    : nginxOrTraefik(c, c.ingress.controller);
}

function nginxOrTraefik(c: CallCenterConfig, controller: "nginx" | "traefik"): Ingress[] {
  const shared = {
    ...common(c),
    ...callCenterLabels(c, "ingress"),
    controller,
    ...(c.ingress.className === undefined ? {} : { ingressClassName: c.ingress.className }),
    tls: [{ hosts: [c.host], secretName: c.ingress.tlsSecretName }],
  };
  const paths = (websocket: boolean) =>
    ROUTES.filter((r) => r.websocket === websocket).map((r) => ({
      path: r.path,
      pathType: "Prefix" as const,
      service: { name: r.service, port: "http" },
    }));
  return [
    ingress({ name: NAMES.ingress, ...shared, rules: [{ host: c.host, paths: paths(false) }] }),
    ingress({
      name: NAMES.websocketIngress,
      ...shared,
      ...(controller === "nginx" ? { websocketTimeoutSeconds: c.ingress.websocketTimeoutSeconds } : {}),
      rules: [{ host: c.host, paths: paths(true) }],
    }),
    ...(c.monitoring.enabled && c.monitoring.grafanaRoute.enabled
      ? [
          // Grafana's own Ingress: its objects are labelled as Grafana's, and it goes with the monitoring.
          ingress({
            name: NAMES.grafana,
            ...shared,
            ...componentLabels(c, "grafana"),
            rules: [
              {
                host: c.host,
                paths: [
                  {
                    path: c.monitoring.grafanaRoute.path,
                    pathType: "Prefix" as const,
                    service: { name: NAMES.grafana, port: "http" },
                  },
                ],
              },
            ],
          }),
        ]
      : []),
  ];
}
