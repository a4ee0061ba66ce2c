/**
 * The whole monitoring stack in one call: a Prometheus that scrapes the given Services, optionally Grafana
 * wired to it, and optionally a ServiceMonitor per target for clusters that also run the Prometheus Operator.
 * Every problem of every part is reported at once, at its path in these options.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { derivedName } from "../base/names.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { labels } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { serviceFacts } from "../kinds/service-facts.ts";
import { type GrafanaObject, type GrafanaObjects, grafana } from "./grafana.ts";
import { datasourceNameShape, grafanaShape } from "./grafana-options.ts";
import { PROMETHEUS_PORT, type PrometheusObject, type PrometheusObjects, prometheus } from "./prometheus.ts";
import { prometheusShape } from "./prometheus-options.ts";
import { type ServiceMonitor, serviceMonitorFor } from "./service-monitor.ts";

const monitorsSchema = objectSchema(() => ({
  /**
   * Labels the Operator's Prometheus selects ServiceMonitors by, e.g. `release: kube-prometheus-stack`.
   * @default unset (none)
   */
  discoveryLabels: option(labels, {
    description:
      "Labels the Operator's Prometheus selects ServiceMonitors by, e.g. `release: kube-prometheus-stack`.",
    unset: "none",
    k8s: "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec",
  }),
}));

/** Grafana's options in `monitoring`: its datasource is the Prometheus Service, so only its uid and name. */
const monitoringGrafanaSchema = objectSchema(() => {
  const { namespace: _n, datasource: _d, partOf: _p, labels: _l, ...shape } = grafanaShape();
  return {
    ...shape,
    /** Datasource uid and display name. @default {} */
    datasource: option(objectSchema(datasourceNameShape)(), {
      description: "Datasource uid and display name.",
      prefault: {},
      k8s: "https://grafana.com/docs/grafana/latest/administration/provisioning/",
    }),
  };
});

/** The schema of {@link MonitoringOptions} (built on first use). */
export const MonitoringOptionsSchema = lazyObject(() => {
  const { namespace, partOf, labels: labelsOption, targets, ...prometheusOptions } = prometheusShape();
  return {
    namespace,
    partOf,
    labels: labelsOption,
    targets,
    /** Prometheus settings; `resources` is required. */
    prometheus: required(z.strictObject(prometheusOptions), {
      description: "Prometheus settings; `resources` is required.",
      k8s: "https://prometheus.io/docs/prometheus/latest/configuration/configuration/",
    }),
    /**
     * Grafana settings; leave unset for no Grafana. Its datasource is the Prometheus Service.
     * @default unset (no Grafana)
     */
    grafana: option(monitoringGrafanaSchema(), {
      description: "Grafana settings; leave unset for no Grafana. Its datasource is the Prometheus Service.",
      unset: "no Grafana",
      k8s: "https://grafana.com/docs/grafana/latest/administration/provisioning/",
    }),
    /**
     * Also emit a ServiceMonitor per target (beside its Service), for a Prometheus Operator; give
     * `discoveryLabels` so the Operator's Prometheus selects them.
     * @default false
     */
    serviceMonitors: option(z.union([z.boolean(), monitorsSchema()]), {
      description:
        "Also emit a ServiceMonitor per target (beside its Service), for a Prometheus Operator; give `discoveryLabels` so the Operator's Prometheus selects them.",
      default: false,
      k8s: "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitor",
    }),
  };
});

/** Options of {@link monitoring}. */
export type MonitoringOptions = z.input<typeof MonitoringOptionsSchema>;

/** Any object that {@link monitoring} returns. */
export type MonitoringObject = PrometheusObject | GrafanaObject | ServiceMonitor;

/** Every object of the stack, by part, and all of them in `objects` (Prometheus, Grafana, ServiceMonitors). */
export interface MonitoringObjects {
  readonly prometheus: PrometheusObjects;
  readonly grafana?: GrafanaObjects;
  readonly serviceMonitors: readonly ServiceMonitor[];
  readonly objects: readonly MonitoringObject[];
}

/** Re-roots the issues of a part's builder at that part's place in the monitoring options. */
function collect(issues: OptionIssue[], at: (path: string) => string, run: () => void): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    for (const i of e.issues) issues.push({ ...i, path: at(i.path) });
  }
}

/** `resources.limits.memory` → `prometheus.resources.limits.memory`; target paths are already top-level. */
function under(part: string): (path: string) => string {
  return (path) => (path.startsWith("targets") ? path : path === "" ? part : `${part}.${path}`);
}

/** The Service that `prometheus` builds, for checking Grafana when Prometheus itself failed. */
function plannedService(name: string, namespace: string): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: { ports: [{ name: "web", port: PROMETHEUS_PORT }] },
  };
}

function withNamespace(service: Service, namespace: string): Service {
  return service.metadata?.namespace === undefined
    ? { ...service, metadata: { ...service.metadata, namespace } }
    : service;
}

/**
 * Grafana's objects that have the kind, namespace and name of a Prometheus object (`grafana.name` equal to
 * `prometheus.name`, or a ConfigMap name both derive): applied together, the second would replace the first.
 */
function collisions(prom: PrometheusObjects, graf: GrafanaObjects): OptionIssue[] {
  const key = (o: { kind?: string; metadata?: { namespace?: string; name?: string } }) =>
    `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
  const taken = new Set(prom.objects.map(key));
  const clashes = graf.objects.filter((o) => taken.has(key(o)));
  if (clashes.length === 0) return [];
  const list = clashes.map((o) => `${o.kind} "${o.metadata?.name}"`).join(", ");
  return [
    {
      code: "duplicate",
      path: "grafana.name",
      message: `Grafana's ${list} would replace Prometheus's object of the same kind and name: give grafana.name another name than prometheus.name`,
    },
  ];
}

/**
 * Builds the monitoring stack: every Prometheus object, Grafana's objects when `grafana` is given (its
 * datasource derived from the Prometheus Service), and a ServiceMonitor per target when `serviceMonitors` asks.
 *
 * @example
 * monitoring({ namespace: "monitoring", partOf: "call-center",
 *   targets: [{ service: callProcessorService, port: "metrics" }, { service: adminApiService, port: "http" }],
 *   prometheus: { resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } } },
 *   grafana: { adminSecret: { name: "grafana-admin" }, dashboards: [callCenter],
 *     resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } } } });
 */
export function monitoring(options: MonitoringOptions): MonitoringObjects {
  const o = parseOptions("monitoring", MonitoringOptionsSchema, options);
  const shared = {
    namespace: o.namespace,
    ...(o.partOf === undefined ? {} : { partOf: o.partOf }),
    ...(o.labels === undefined ? {} : { labels: o.labels }),
  };
  const issues: OptionIssue[] = [];
  let prom: PrometheusObjects | undefined;
  collect(issues, under("prometheus"), () => {
    prom = prometheus({ ...o.prometheus, ...shared, targets: o.targets });
  });
  let graf: GrafanaObjects | undefined;
  const g = o.grafana;
  if (g !== undefined) {
    // When Prometheus failed, Grafana is still checked (against the Service Prometheus would have), so every
    // problem is reported in one pass.
    const service = prom?.service ?? plannedService(o.prometheus.name, o.namespace);
    collect(issues, under("grafana"), () => {
      graf = grafana({ ...g, ...shared, datasource: { ...g.datasource, service } });
    });
  }
  const monitors: ServiceMonitor[] = [];
  const sm = o.serviceMonitors;
  if (sm !== false) {
    const discoveryLabels = sm === true ? undefined : sm.discoveryLabels;
    const keys = o.targets.map((t) => {
      const f = serviceFacts(t.service);
      return `${f?.namespace ?? o.namespace}/${f?.name}`;
    });
    o.targets.forEach((t, i) => {
      const name = serviceFacts(t.service)?.name ?? "";
      const shared = keys.filter((k) => k === keys[i]).length > 1;
      const at = (path: string) =>
        path.startsWith("discoveryLabels")
          ? `serviceMonitors.${path}`
          : `targets[${i}]${path === "" ? "" : `.${path}`}`;
      collect(issues, at, () => {
        monitors.push(
          serviceMonitorFor(withNamespace(t.service, o.namespace), {
            name: shared ? derivedName(name, `-${t.port}`) : name,
            port: t.port,
            ...(t.path === undefined ? {} : { path: t.path }),
            ...(t.interval === undefined ? {} : { interval: t.interval }),
            ...(t.scrapeTimeout === undefined ? {} : { scrapeTimeout: t.scrapeTimeout }),
            ...(t.scheme === undefined ? {} : { scheme: t.scheme }),
            // The Operator names the job after the Service; keep a custom job name the same as in prometheus.yml.
            ...(t.job === undefined ? {} : { relabelings: [{ targetLabel: "job", replacement: t.job }] }),
            ...(discoveryLabels === undefined ? {} : { discoveryLabels }),
          }),
        );
      });
    });
  }
  if (prom !== undefined && graf !== undefined) issues.push(...collisions(prom, graf));
  if (issues.length > 0 || prom === undefined) {
    // A target's problem (e.g. an unknown port) is found by Prometheus and by its ServiceMonitor: report it once.
    const seen = new Set<string>();
    const unique = issues.filter((i) => {
      const key = `${i.code} ${i.path}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    throw new K8sBuilderError("monitoring", undefined, unique);
  }
  return {
    prometheus: prom,
    ...(graf === undefined ? {} : { grafana: graf }),
    serviceMonitors: monitors,
    objects: [...prom.objects, ...(graf?.objects ?? []), ...monitors],
  };
}
