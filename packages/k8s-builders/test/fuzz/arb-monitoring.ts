// Valid options of the monitoring builders: ServiceMonitors, Prometheus, Grafana and the monitoring stack.
import fc from "fast-check";
import type { Service } from "kubernetes-types/core/v1.js";
import {
  dashboard,
  type GrafanaOptions,
  type MonitoringOptions,
  type PrometheusOptions,
  type ServiceMonitorForOptions,
  type ServiceMonitorOptions,
  service,
} from "../../src/index.ts";
import type { GrafanaDashboard } from "../../src/monitoring/dashboard.ts";
import {
  annotations,
  chars,
  dns1035Label,
  dnsLabel,
  dnsSubdomain,
  labels,
  metaExtras,
  namespaceName,
  nonEmptyLabels,
  objectName,
  portName,
  rec,
  resources,
  shortDns1035Label,
  shortLabel,
  storageSize,
} from "./arb-base.ts";

// ------------------------------------------------------------------------------------------- durations

/** A Prometheus duration of `s` seconds, written in one of its forms. */
export const durationOf = (s: number): fc.Arbitrary<string> => {
  const forms = [`${s}s`, `${s * 1000}ms`];
  if (s % 60 === 0) forms.push(`${s / 60}m`);
  if (s > 60 && s % 60 !== 0) forms.push(`${Math.floor(s / 60)}m${s % 60}s`);
  if (s % 3600 === 0) forms.push(`${s / 3600}h`);
  return fc.constantFrom(...forms);
};
/** interval and timeout ≤ interval, either possibly absent. */
export const timing = fc
  .tuple(fc.integer({ min: 1, max: 3600 }), fc.integer({ min: 1, max: 3600 }))
  .chain(([a, b]) =>
    fc.tuple(
      durationOf(Math.max(a, b)),
      durationOf(Math.min(a, b)),
      fc.constantFrom("both", "interval", "timeout", "none"),
    ),
  )
  .map(([interval, scrapeTimeout, which]) => ({
    ...(which === "both" || which === "interval" ? { interval } : {}),
    ...(which === "both" ? { scrapeTimeout } : {}),
  }));

// ---------------------------------------------------------------------------------------------- services

/** A Service built by `service` (so it carries the app.kubernetes.io labels), with named ports. */
export const scrapedService = (name: fc.Arbitrary<string>) =>
  fc
    .tuple(
      name,
      fc.option(namespaceName, { nil: undefined }),
      fc.uniqueArray(portName, { minLength: 1, maxLength: 3 }),
      labels,
    )
    .map(([n, ns, ports, extra]) =>
      service({
        name: n,
        ...(ns === undefined ? {} : { namespace: ns }),
        labels: extra,
        selector: { "app.kubernetes.io/name": n },
        ports: ports.map((p, i) => ({ name: p, port: 8000 + i })),
      }),
    );
export const portsOf = (s: Service): string[] =>
  (s.spec?.ports ?? []).flatMap((p) => (p.name === undefined ? [] : [p.name]));
/** Discovery labels under keys no generated object label uses, so they never conflict. */
export const discoveryLabels = rec({
  release: fc.constantFrom("kps", "kube-prometheus-stack"),
  "monitoring.example.com/scrape": fc.constant("true"),
});

// -------------------------------------------------------------------------------------------- relabeling

export const relabeling = fc.oneof(
  rec(
    {
      targetLabel: fc.constantFrom("job", "team", "pod_name"),
      replacement: fc.constantFrom("$1", "x", ""),
      regex: fc.constantFrom("(.*)", "a|b", "^api_.*"),
      sourceLabels: fc.constant(0).map(() => ["__name__"]),
    },
    ["targetLabel"],
  ).map((r) => ({ ...r, action: "replace" as const })),
  fc
    .constantFrom("keep" as const, "drop" as const)
    .map((action) => ({ action, sourceLabels: ["__name__"], regex: "go_.*" })),
  fc
    .constantFrom("labeldrop" as const, "labelkeep" as const, "labelmap" as const)
    .map((action) => ({ action, regex: "__meta_(.+)" })),
  fc
    .constant(0)
    .map(() => ({ action: "hashmod" as const, sourceLabels: ["__address__"], targetLabel: "shard" })),
);
export const endpointFields = {
  path: fc.constantFrom("/metrics", "/prometheus", "/actuator/prometheus"),
  scheme: fc.constantFrom("http" as const, "https" as const),
  relabelings: fc.array(relabeling, { maxLength: 2 }),
  metricRelabelings: fc.array(relabeling, { maxLength: 2 }),
};
export const endpoint = fc
  .tuple(portName, rec(endpointFields), timing)
  .map(([port, rest, t]) => ({ port, ...rest, ...t }));

export const serviceMonitorOptions: fc.Arbitrary<ServiceMonitorOptions> = fc
  .tuple(
    objectName,
    rec({ namespace: namespaceName, ...metaExtras }),
    rec({ discoveryLabels, jobLabel: fc.constantFrom("app.kubernetes.io/name", "team") }),
    nonEmptyLabels,
    fc.option(fc.array(dnsLabel, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    fc.uniqueArray(endpoint, {
      minLength: 1,
      maxLength: 3,
      selector: (e) => `${e.port} ${e.path ?? "/metrics"}`,
    }),
  )
  .map(([name, m, d, selector, namespaces, endpoints]) => ({
    name,
    ...m,
    ...d,
    selector,
    ...(namespaces === undefined ? {} : { namespaces }),
    endpoints,
  }));

export interface SmfInput {
  source: Service;
  options: ServiceMonitorForOptions;
}
export const smfInput: fc.Arbitrary<SmfInput> = scrapedService(dns1035Label).chain((svc) =>
  fc
    .tuple(
      fc.constantFrom(...portsOf(svc)),
      rec({
        name: dnsSubdomain(),
        ...endpointFields,
        discoveryLabels,
        jobLabel: fc.constant("team"),
        labels,
        annotations,
      }),
      timing,
    )
    .map(([port, rest, t]) => ({ source: svc, options: { port, ...rest, ...t } })),
);

/** Scrape targets with distinct Service names (never "prometheus", Prometheus's own job). */
export const targets = fc
  .uniqueArray(scrapedService(dns1035Label.filter((n) => n !== "prometheus")), {
    minLength: 1,
    maxLength: 3,
    selector: (s) => s.metadata?.name,
  })
  .chain((services) =>
    fc.tuple(
      ...services.map((svc) =>
        fc
          .tuple(
            fc.constantFrom(...portsOf(svc)),
            rec({ path: endpointFields.path, scheme: endpointFields.scheme }),
            timing,
          )
          .map(([port, rest, t]) => ({ service: svc, port, ...rest, ...t })),
      ),
    ),
  );
export const storage = fc.oneof(
  rec({ sizeLimit: storageSize }).map((emptyDir) => ({ emptyDir })),
  rec(
    {
      size: storageSize,
      storageClassName: dnsSubdomain(),
      accessModes: fc.constant(0).map((): "ReadWriteOnce"[] => ["ReadWriteOnce"]),
    },
    ["size"],
  ).map((persistentVolumeClaim) => ({ persistentVolumeClaim })),
);
/** Global interval ≥ the global timeout (default 10s) unless the timeout is given too. */
export const globalTiming = fc.integer({ min: 1, max: 600 }).chain((s) =>
  fc.oneof(
    fc.constant({}),
    durationOf(Math.max(s, 10)).map((scrapeInterval) => ({ scrapeInterval })),
    fc
      .integer({ min: 1, max: s })
      .chain((t) => fc.tuple(durationOf(s), durationOf(t)))
      .map(([scrapeInterval, scrapeTimeout]) => ({ scrapeInterval, scrapeTimeout })),
  ),
);
export const prometheusExtras = fc
  .tuple(
    rec({
      // The name is also the Service's (a digit first is BUG-13) and prefixes `<name>-config` and `<name>-data`
      // (shortened with a hash when they would pass 63 characters).
      name: fc.oneof(shortDns1035Label, dns1035Label),
      image: fc.constantFrom("prom/prometheus:v3.5.0", "quay.io/prometheus/prometheus:v2.55.1"),
      retention: fc.constantFrom("15d", "2w", "12h", "90d"),
      retentionSize: fc
        .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom("MB", "GB", "TB"))
        .map(([n, u]) => `${n}${u}`),
      discoveryRole: fc.constantFrom("endpointslice" as const, "endpoints" as const),
      scrapeSelf: fc.boolean(),
      storage,
      // Object names are at most 63 characters (a longer configMapName is refused at configMapName).
      configMapName: objectName,
    }),
    globalTiming,
    resources,
  )
  .map(([rest, t, res]) => ({ ...rest, ...t, resources: res }));

export const prometheusOptions: fc.Arbitrary<PrometheusOptions> = fc
  .tuple(namespaceName, rec({ partOf: metaExtras.partOf, labels }), targets, prometheusExtras)
  .map(([namespace, m, ts, rest]) => ({ namespace, ...m, targets: ts, ...rest }));

const UPPER_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const envName = fc
  .tuple(chars(UPPER_LETTERS, 1, 8), chars(UPPER_LETTERS, 1, 8))
  .map(([a, b]) => `GF_${a}_${b}`)
  .filter((n) => !/PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/.test(n) && !n.startsWith("GF_SECURITY_ADMIN"));
export const grafanaEnv = fc.dictionary(
  envName,
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constant(0).map(() => ({ secretKeyRef: { name: "grafana-secrets", key: "value" } })),
  ),
  { maxKeys: 3, noNullPrototype: true },
);
/** Dashboard uids: lowercase letters, digits and '-', at most 40 characters. */
const dashboardUid = fc.oneof(
  shortLabel,
  dnsLabel.filter((u) => u.length <= 40),
);
const dashboardUids = fc.uniqueArray(dashboardUid, { maxLength: 2 });
/** Dashboards on datasource `uid` (arbitraries are built once per uid: building one costs more than using it). */
const dashboardsByUid = new Map<string, fc.Arbitrary<GrafanaDashboard[]>>();
export const dashboardsFor = (uid: string): fc.Arbitrary<GrafanaDashboard[]> => {
  let arb = dashboardsByUid.get(uid);
  if (arb === undefined) {
    arb = dashboardUids.map((uids) =>
      uids.map((u) => dashboard({ uid: u, title: u, datasourceUid: uid, panels: [] })),
    );
    dashboardsByUid.set(uid, arb);
  }
  return arb;
};
export const grafanaCore = fc
  .tuple(
    fc.constantFrom(undefined, "prometheus", "prom-main"),
    rec({
      // Grafana derives `<name>-dashboard-<uid>` (uid ≤ 40), shortened with a hash past 63 characters.
      name: fc.oneof(shortDns1035Label, dns1035Label),
      image: fc.constantFrom("grafana/grafana:12.1.1", "grafana/grafana-oss:11.6.0"),
      dashboardFolder: fc.constantFrom("Call center", "Apps"),
      storage,
      env: grafanaEnv,
    }),
    rec(
      {
        name: dnsSubdomain(),
        userKey: fc.constantFrom("admin-user", "user"),
        passwordKey: fc.constantFrom("admin-password", "password"),
      },
      ["name"],
    ),
    resources,
  )
  .chain(([uid, rest, adminSecret, res]) =>
    dashboardsFor(uid ?? "prometheus").map((ds) => ({
      uid,
      rest: { ...rest, adminSecret, resources: res, ...(ds.length > 0 ? { dashboards: ds } : {}) },
    })),
  );

export const grafanaOptions: fc.Arbitrary<GrafanaOptions> = fc
  .tuple(
    namespaceName,
    rec({ partOf: metaExtras.partOf, labels }),
    grafanaCore,
    scrapedService(dns1035Label),
    fc.boolean(),
  )
  .map(([namespace, m, { uid, rest }, svc, named]) => {
    const ports = portsOf(svc);
    const port = ports.length > 1 || named ? { port: ports[0] as string } : {};
    return {
      namespace,
      ...m,
      ...rest,
      datasource: { service: svc, ...port, ...(uid === undefined ? {} : { uid }) },
    };
  });

export const monitoringOptions: fc.Arbitrary<MonitoringOptions> = fc
  .tuple(
    namespaceName,
    rec({ partOf: metaExtras.partOf, labels }),
    targets,
    prometheusExtras,
    fc.option(grafanaCore, { nil: undefined }),
    fc.option(fc.oneof(fc.boolean(), rec({ discoveryLabels })), { nil: undefined }),
  )
  .map(([namespace, m, ts, prom, graf, sm]) => ({
    namespace,
    ...m,
    targets: ts,
    prometheus: prom,
    // Prometheus and Grafana with one name would emit two Deployments and Services of that name: refused
    // (the mutation "grafana named like prometheus" in monitoring.fuzz.test.ts).
    ...(graf === undefined
      ? {}
      : {
          grafana: {
            ...graf.rest,
            ...((graf.rest.name ?? "grafana") === (prom.name ?? "prometheus")
              ? { name: prom.name === "grafana" ? "grafana-ui" : "grafana" }
              : {}),
            ...(graf.uid === undefined ? {} : { datasource: { uid: graf.uid } }),
          },
        }),
    ...(sm === undefined ? {} : { serviceMonitors: sm }),
  }));
