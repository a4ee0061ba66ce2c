/**
 * NetworkPolicies: deny everything in the namespace, then allow exactly what the application needs —
 * the ingress controller to the HTTP apps, AudioSocket clients to call-processor, the apps to PostgreSQL and
 * Redis, Prometheus to the metrics ports, Grafana to Prometheus, and DNS for every pod.
 */
import { GRAFANA_PORT, networkPolicy } from "@call-center/k8s-builders";
import type { NetworkPolicy } from "kubernetes-types/networking/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { callCenterLabels, common, componentLabels } from "./common.ts";

/** Selector labels of a component, the same the builders put on its pods. */
export const podsOf = (name: string): Record<string, string> => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": name,
});

const inNamespace = (ns: string) => ({ "kubernetes.io/metadata.name": ns });
/** The ingress controller's (or Gateway data plane's) pods: their namespace, and their labels when given. */
const entryPeer = (c: CallCenterConfig) => ({
  namespaces: inNamespace(c.ingress.controllerNamespace),
  ...(c.ingress.controllerPodSelector === undefined ? {} : { pods: { ...c.ingress.controllerPodSelector } }),
});

export interface PolicyTargets {
  prometheus?: string | undefined;
  grafana?: string | undefined;
}

export function networkPolicies(c: CallCenterConfig, monitoring: PolicyTargets): NetworkPolicy[] {
  const meta = common(c);
  const apps = [NAMES.callProcessor, NAMES.adminApi];
  const out: NetworkPolicy[] = [
    // Namespace-wide: they apply to every component, so they carry no component and no version.
    networkPolicy({
      name: "default-deny",
      ...meta,
      ...callCenterLabels(c),
      podSelector: {},
      ingress: [],
      egress: [],
    }),
    networkPolicy({
      name: "allow-dns",
      ...meta,
      ...callCenterLabels(c),
      podSelector: {},
      egress: [
        {
          peers: [{ namespaces: inNamespace("kube-system"), pods: { "k8s-app": "kube-dns" } }],
          ports: [
            { port: 53, protocol: "UDP" },
            { port: 53, protocol: "TCP" },
          ],
        },
      ],
    }),
  ];
  const prometheusPeer = monitoring.prometheus ? [{ pods: podsOf(monitoring.prometheus) }] : [];
  for (const app of apps) {
    const port = app === NAMES.callProcessor ? c.callProcessor.httpPort : c.adminApi.httpPort;
    const egress = [
      ...(c.postgres.external
        ? []
        : [{ peers: [{ pods: podsOf(NAMES.postgres) }], ports: [{ port: 5432 }] }]),
      ...(c.redis.external ? [] : [{ peers: [{ pods: podsOf(NAMES.redis) }], ports: [{ port: 6379 }] }]),
      // Managed databases and outside APIs live outside the cluster: allow them by port.
      ...(c.postgres.external ? [{ ports: [{ port: c.postgres.external.port }] }] : []),
      ...(c.redis.external ? [{ ports: [{ port: c.redis.external.port }] }] : []),
      ...(c.networkPolicies.allowExternalHttps ? [{ ports: [{ port: 443 }] }] : []),
    ];
    out.push(
      networkPolicy({
        name: `${app}`,
        ...meta,
        ...componentLabels(c, app === NAMES.callProcessor ? "callProcessor" : "adminApi"),
        podSelector: podsOf(app),
        ingress: [
          {
            peers: [entryPeer(c), ...prometheusPeer],
            ports: [{ port }],
          },
          ...(app === NAMES.callProcessor
            ? [
                {
                  peers: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
                  ports: [{ port: c.callProcessor.audioSocketPort }],
                },
              ]
            : []),
        ],
        egress,
      }),
    );
  }
  const appPeers = apps.map((a) => ({ pods: podsOf(a) }));
  if (!c.postgres.external) {
    out.push(
      networkPolicy({
        name: NAMES.postgres,
        ...meta,
        ...componentLabels(c, "postgres"),
        podSelector: podsOf(NAMES.postgres),
        ingress: [{ peers: appPeers, ports: [{ port: 5432 }] }],
        egress: [],
      }),
    );
  }
  if (!c.redis.external) {
    out.push(
      networkPolicy({
        name: NAMES.redis,
        ...meta,
        ...componentLabels(c, "redis"),
        podSelector: podsOf(NAMES.redis),
        ingress: [{ peers: appPeers, ports: [{ port: 6379 }] }],
        egress: [],
      }),
    );
  }
  if (monitoring.prometheus) {
    out.push(
      networkPolicy({
        name: monitoring.prometheus,
        ...meta,
        ...componentLabels(c, "prometheus"),
        podSelector: podsOf(monitoring.prometheus),
        ingress: monitoring.grafana
          ? [{ peers: [{ pods: podsOf(monitoring.grafana) }], ports: [{ port: 9090 }] }]
          : [],
        // Scraping the apps, and the Kubernetes API for service discovery.
        egress: [
          {
            peers: appPeers,
            ports: [...new Set([c.callProcessor.httpPort, c.adminApi.httpPort])].map((port) => ({ port })),
          },
          { ports: [{ port: 443 }, { port: 6443 }] },
        ],
      }),
    );
  }
  if (monitoring.grafana) {
    out.push(
      networkPolicy({
        name: monitoring.grafana,
        ...meta,
        ...componentLabels(c, "grafana"),
        podSelector: podsOf(monitoring.grafana),
        // Routed: the ingress controller reaches its port. Not routed: operators use `kubectl port-forward`,
        // which NetworkPolicies do not filter.
        ingress: c.monitoring.grafanaRoute.enabled
          ? [
              {
                peers: [entryPeer(c)],
                ports: [{ port: GRAFANA_PORT }],
              },
            ]
          : [],
        egress: monitoring.prometheus
          ? [{ peers: [{ pods: podsOf(monitoring.prometheus) }], ports: [{ port: 9090 }] }]
          : [],
      }),
    );
  }
  return out;
}
