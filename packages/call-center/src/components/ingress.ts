/**
 * The public HTTP entry: `/api` and `/admin` go to admin-api, `/ws` (the WebSocket) to call-processor, and
 * `/grafana` (`monitoring.grafanaRoute`) to Grafana.
 * The WebSocket path is an Ingress of its own because ingress-nginx applies proxy timeouts per Ingress: the
 * long timeout a call's WebSocket needs must not apply to the API. AudioSocket (raw TCP) cannot go through an
 * Ingress at all; it has its own LoadBalancer/NodePort Service.
 */
import { ingress } from "@call-center/k8s-builders";
import type { Ingress } from "kubernetes-types/networking/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES, ROUTES } from "../names.ts";
import { callCenterLabels, common, componentLabels } from "./common.ts";

export function ingresses(c: CallCenterConfig): Ingress[] {
  const shared = {
    ...common(c),
    ...callCenterLabels(c, "ingress"),
    controller: c.ingress.controller,
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
      ...(c.ingress.controller === "nginx"
        ? { websocketTimeoutSeconds: c.ingress.websocketTimeoutSeconds }
        : {}),
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
