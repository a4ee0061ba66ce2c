import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { deployment } from "../kinds/deployment.ts";
import { serviceFor } from "../kinds/service.ts";
import { toYaml } from "../output/to-yaml.ts";
import { dashboard } from "./dashboard.ts";
import { type MonitoringOptions, monitoring } from "./monitoring.ts";
import { timeSeries } from "./panels.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

const app = (name: string, ports: { name: string; containerPort: number }[]) =>
  serviceFor(
    deployment({
      name,
      namespace: "call-center",
      partOf: "call-center",
      containers: [{ name, image: `ghcr.io/acme/${name}:1.4.2`, ports }],
    }),
  );
const callProcessor = app("call-processor", [
  { name: "http", containerPort: 8080 },
  { name: "metrics", containerPort: 9102 },
]);
const adminApi = app("admin-api", [{ name: "http", containerPort: 8080 }]);
const callCenter = dashboard({
  uid: "call-center",
  title: "Call center",
  panels: [
    timeSeries({ title: "Requests", queries: [{ expr: "sum by (job) (rate(http_requests_total[5m]))" }] }),
  ],
});

const base: MonitoringOptions = {
  namespace: "monitoring",
  partOf: "call-center",
  targets: [
    { service: callProcessor, port: "metrics" },
    { service: adminApi, port: "http" },
  ],
  prometheus: { resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } } },
  grafana: {
    adminSecret: { name: "grafana-admin" },
    dashboards: [callCenter],
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
  },
  serviceMonitors: { discoveryLabels: { release: "kube-prometheus-stack" } },
};

describe("monitoring", () => {
  const m = monitoring(base);

  it("returns every object of the stack, each schema-valid", () => {
    for (const o of m.objects) assertSchemaValid(o);
    expect(m.objects).toEqual([...m.prometheus.objects, ...(m.grafana?.objects ?? []), ...m.serviceMonitors]);
    expect(m.objects.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "Role",
      "RoleBinding",
      "ConfigMap",
      "Service",
      "Deployment",
      "ConfigMap",
      "ConfigMap",
      "ConfigMap",
      "Service",
      "Deployment",
      "ServiceMonitor",
      "ServiceMonitor",
    ]);
  });

  it("runs Prometheus and Grafana in the namespace, part of the application", () => {
    for (const o of [...m.prometheus.objects, ...(m.grafana?.objects ?? [])]) {
      expect(o.metadata?.labels?.["app.kubernetes.io/part-of"]).toBe("call-center");
      if (o.kind !== "Role" && o.kind !== "RoleBinding") expect(o.metadata?.namespace).toBe("monitoring");
    }
  });

  it("points Grafana at the Prometheus Service it built", () => {
    const ds = parse(m.grafana?.datasourcesConfigMap.data?.["datasources.yaml"] ?? "") as {
      datasources: { url: string }[];
    };
    const svc = m.prometheus.service;
    expect(ds.datasources[0]?.url).toBe(
      `http://${svc.metadata?.name}.${svc.metadata?.namespace}.svc:${svc.spec?.ports?.[0]?.port}`,
    );
  });

  it("scrapes every target with Prometheus", () => {
    const config = parse(m.prometheus.configMap.data?.["prometheus.yml"] ?? "") as {
      scrape_configs: { job_name: string }[];
    };
    expect(config.scrape_configs.map((j) => j.job_name)).toEqual([
      "prometheus",
      "call-processor",
      "admin-api",
    ]);
  });

  it("emits one ServiceMonitor per target that selects its Service, with the discovery labels", () => {
    expect(m.serviceMonitors).toHaveLength(base.targets.length);
    base.targets.forEach((t, i) => {
      const sm = m.serviceMonitors[i];
      const labels = t.service.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(sm?.spec.selector.matchLabels ?? {})) expect(labels[k]).toBe(v);
      expect(sm?.metadata.namespace).toBe(t.service.metadata?.namespace);
      expect(sm?.metadata.labels?.release).toBe("kube-prometheus-stack");
      expect(sm?.spec.endpoints.map((e) => e.port)).toEqual([t.port]);
    });
  });

  it("keeps a custom job name in the ServiceMonitor too, and names monitors of a shared Service by port", () => {
    const s = monitoring({
      ...base,
      targets: [
        { service: callProcessor, port: "metrics", job: "call-processor-metrics", interval: "15s" },
        { service: callProcessor, port: "http", job: "call-processor-http", path: "/stats" },
      ],
      serviceMonitors: true,
    });
    expect(s.serviceMonitors.map((sm) => sm.metadata.name)).toEqual([
      "call-processor-metrics",
      "call-processor-http",
    ]);
    expect(s.serviceMonitors[0]?.spec.endpoints).toEqual([
      {
        port: "metrics",
        path: "/metrics",
        scheme: "http",
        interval: "15s",
        relabelings: [{ targetLabel: "job", replacement: "call-processor-metrics" }],
      },
    ]);
    expect(s.serviceMonitors[1]?.spec.endpoints[0]).toMatchObject({ port: "http", path: "/stats" });
    for (const sm of s.serviceMonitors) assertSchemaValid(sm);
  });

  it("leaves out Grafana and ServiceMonitors unless asked", () => {
    const { grafana: _g, serviceMonitors: _s, ...promOnly } = base;
    const p = monitoring(promOnly);
    expect(p.grafana).toBeUndefined();
    expect(p.serviceMonitors).toEqual([]);
    expect(p.objects).toEqual(p.prometheus.objects);
  });

  it("prints the same bytes for the same options", () => {
    expect(toYaml(monitoring(base).objects)).toBe(toYaml(m.objects));
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "Prometheus without resources",
      options: { ...base, prometheus: {} },
      code: "required",
      path: "prometheus.resources",
    },
    {
      name: "a target port the Service lacks",
      options: { ...base, targets: [{ service: adminApi, port: "metrics" }] },
      code: "unknown_port",
      path: "targets[0].port",
    },
    {
      name: "a Prometheus rule",
      options: { ...base, prometheus: { ...base.prometheus, scrapeInterval: "5s" } },
      code: "timeout_exceeds_interval",
      path: "prometheus.scrapeTimeout",
    },
    {
      name: "a Grafana rule",
      options: { ...base, grafana: { ...base.grafana, env: { GF_DATABASE_PASSWORD: "x" } } },
      code: "inline_secret",
      path: "grafana.env.GF_DATABASE_PASSWORD",
    },
    {
      name: "a Grafana datasource Service (it is derived)",
      options: { ...base, grafana: { ...base.grafana, datasource: { service: callProcessor } } },
      code: "unknown_option",
      path: "grafana.datasource.service",
    },
    {
      name: "a conflicting discovery label",
      options: { ...base, serviceMonitors: { discoveryLabels: { "app.kubernetes.io/part-of": "other" } } },
      code: "conflicting_options",
      path: 'serviceMonitors.discoveryLabels["app.kubernetes.io/part-of"]',
    },
    {
      name: "Grafana named like Prometheus (two Deployments and Services of one name)",
      options: {
        ...base,
        prometheus: { ...base.prometheus, name: "obs" },
        grafana: { ...base.grafana, name: "obs" },
      },
      code: "duplicate",
      path: "grafana.name",
    },
    {
      name: "a configMapName over 63 characters (reported where it was given)",
      options: { ...base, prometheus: { ...base.prometheus, configMapName: "c".repeat(64) } },
      code: "too_big",
      path: "prometheus.configMapName",
    },
    {
      name: "a misspelt option",
      options: { ...base, servicemonitors: true },
      code: "unknown_option",
      path: "servicemonitors",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => monitoring(options as MonitoringOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });

  it("reports a target's unknown port once", () => {
    const issues = issuesOf(() => monitoring({ ...base, targets: [{ service: adminApi, port: "metrics" }] }));
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(["unknown_port targets[0].port"]);
  });

  it("reports the problems of every part at once", () => {
    const issues = issuesOf(() =>
      monitoring({
        ...base,
        prometheus: { ...base.prometheus, scrapeInterval: "5s" },
        grafana: { ...base.grafana, env: { GF_DATABASE_PASSWORD: "x" } } as MonitoringOptions["grafana"],
      }),
    );
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "timeout_exceeds_interval prometheus.scrapeTimeout",
      "inline_secret grafana.env.GF_DATABASE_PASSWORD",
    ]);
  });

  const longApp = app(`a${"x".repeat(62)}`, [
    { name: "http", containerPort: 8080 },
    { name: "metrics", containerPort: 9102 },
  ]);
  it("builds with names of 63 characters and dashboard uids of 40: derived names are shortened with a hash", () => {
    const long = monitoring({
      ...base,
      prometheus: {
        ...base.prometheus,
        name: `p${"x".repeat(62)}`,
        storage: { persistentVolumeClaim: { size: "1Gi" } },
      },
      grafana: {
        ...(base.grafana as NonNullable<MonitoringOptions["grafana"]>),
        name: `g${"x".repeat(62)}`,
        dashboards: [dashboard({ uid: "d".repeat(40), title: "D", panels: [] })],
      },
      // One Service scraped on two ports: a ServiceMonitor per port, named `<service>-<port>`.
      targets: [
        { service: longApp, port: "metrics" },
        { service: longApp, port: "http", job: "long-http" },
      ],
    });
    for (const o of long.objects) {
      expect((o.metadata?.name ?? "").length).toBeLessThanOrEqual(63);
      assertSchemaValid(o);
    }
    const names = long.objects.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(new Set(names).size).toBe(names.length);
    // The pods mount the ConfigMaps and claims by the names they were given.
    const pod = long.grafana?.deployment.spec?.template?.spec;
    const mounted = (pod?.volumes ?? []).flatMap((v) => [
      ...(v.configMap?.name === undefined ? [] : [v.configMap.name]),
      ...(v.projected?.sources ?? []).flatMap((s) =>
        s.configMap?.name === undefined ? [] : [s.configMap.name],
      ),
    ]);
    const maps = long.objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata?.name);
    expect(mounted.length).toBe(3);
    for (const m of mounted) expect(maps).toContain(m);
    expect(
      long.prometheus.deployment.spec?.template?.spec?.volumes?.flatMap(
        (v) => v.persistentVolumeClaim?.claimName ?? v.configMap?.name ?? [],
      ),
    ).toEqual([
      long.prometheus.configMap.metadata?.name,
      long.prometheus.persistentVolumeClaim?.metadata?.name,
    ]);
  });

  it("keeps derived names that fit exactly as they were", () => {
    const m = monitoring(base);
    expect(m.grafana?.objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata?.name)).toEqual([
      "grafana-datasources",
      "grafana-dashboard-providers",
      "grafana-dashboard-call-center",
    ]);
    expect(m.prometheus.configMap.metadata?.name).toBe("prometheus-config");
  });
});
