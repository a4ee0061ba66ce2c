import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builderError } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { service } from "../kinds/service.ts";
import { dashboard, dashboardJson } from "./dashboard.ts";
import { grafana } from "./grafana.ts";
import { GRAFANA_IMAGE, type GrafanaOptions } from "./grafana-options.ts";
import { stat, timeSeries } from "./panels.ts";
import { prometheus } from "./prometheus.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

const target = service({
  name: "call-processor",
  namespace: "call-center",
  selector: { "app.kubernetes.io/name": "call-processor" },
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9102 },
  ],
});
const prom = prometheus({
  namespace: "monitoring",
  targets: [{ service: target, port: "metrics" }],
  resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
});
const callCenter = dashboard({
  uid: "call-center",
  title: "Call center",
  panels: [
    timeSeries({
      title: "Requests",
      unit: "reqps",
      queries: [{ expr: "sum(rate(http_requests_total[5m]))" }],
    }),
    stat({ title: "Up", queries: [{ expr: 'up{job="call-processor"}' }] }),
  ],
});
const adminApi = dashboard({ uid: "admin-api", title: "Admin API", panels: [] });
const base: GrafanaOptions = {
  namespace: "monitoring",
  resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } },
  adminSecret: { name: "grafana-admin" },
  datasource: { service: prom.service },
  dashboards: [callCenter, adminApi],
};

const g = grafana(base);
const pod = g.deployment.spec?.template.spec;
const container = pod?.containers[0];

describe("grafana", () => {
  it("puts the monitoring component and the image's version on every object, ConfigMaps too", () => {
    const g = grafana({ ...base, image: "grafana/grafana:12.2.0" });
    for (const o of g.objects) {
      expect(o.metadata?.labels, `${o.kind} ${o.metadata?.name}`).toMatchObject({
        "app.kubernetes.io/component": "monitoring",
        "app.kubernetes.io/version": "12.2.0",
      });
    }
    expect(g.service.spec?.selector).not.toHaveProperty(["app.kubernetes.io/component"]);
  });

  it("returns schema-valid objects, in apply order", () => {
    for (const o of g.objects) assertSchemaValid(o);
    expect(g.objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      "ConfigMap/grafana-datasources",
      "ConfigMap/grafana-dashboard-providers",
      "ConfigMap/grafana-dashboard-call-center",
      "ConfigMap/grafana-dashboard-admin-api",
      "Service/grafana",
      "Deployment/grafana",
    ]);
    for (const o of g.objects) expect(o.metadata?.namespace).toBe("monitoring");
  });

  describe("datasource", () => {
    it("takes a uid as Grafana does, in grafana and in dashboard alike (letters, digits, '-', '_', ≤ 40)", () => {
      const issues = (build: () => unknown) =>
        builderError(build).issues.map((i) => `${i.path}: ${i.message}`);
      for (const uid of ["call center", "x".repeat(41), ""]) {
        expect(issues(() => grafana({ ...base, datasource: { service: prom.service, uid } }))).toEqual([
          "datasource.uid: expected a datasource uid",
        ]);
        expect(issues(() => dashboard({ uid: "d", title: "D", panels: [], datasourceUid: uid }))).toEqual([
          "datasourceUid: expected a datasource uid",
        ]);
      }
      const uid = `${"x".repeat(38)}-_`;
      expect(
        dashboardJson(
          dashboard({
            uid: "d",
            title: "D",
            panels: [stat({ title: "Up", queries: [{ expr: "up" }] })],
            datasourceUid: uid,
          }),
        ),
      ).toContain(uid);
      expect(
        grafana({ ...base, dashboards: [], datasource: { service: prom.service, uid } }).datasourcesConfigMap
          .data?.["datasources.yaml"],
      ).toContain(uid);
    });

    const provisioned = (o: GrafanaOptions) =>
      parse(grafana(o).datasourcesConfigMap.data?.["datasources.yaml"] ?? "") as {
        apiVersion: number;
        datasources: Record<string, unknown>[];
      };

    it("points at the Prometheus Service, its URL derived from the Service object", () => {
      expect(provisioned(base)).toEqual({
        apiVersion: 1,
        datasources: [
          {
            name: "Prometheus",
            type: "prometheus",
            uid: "prometheus",
            access: "proxy",
            url: "http://prometheus.monitoring.svc:9090",
            isDefault: true,
            editable: false,
          },
        ],
      });
    });

    it("follows a renamed or moved Prometheus", () => {
      const other = prometheus({
        name: "prom",
        namespace: "observability",
        targets: [{ service: target, port: "metrics" }],
        resources: { limits: { memory: "1Gi" } },
      });
      expect(provisioned({ ...base, datasource: { service: other.service } }).datasources[0]?.url).toBe(
        "http://prom.observability.svc:9090",
      );
    });

    it("takes the named port of a multi-port Service, and the uid and name given", () => {
      const d = provisioned({
        ...base,
        dashboards: [],
        datasource: { service: target, port: "metrics", uid: "cp", name: "Call processor" },
      }).datasources[0];
      expect(d).toMatchObject({
        url: "http://call-processor.call-center.svc:9102",
        uid: "cp",
        name: "Call processor",
      });
    });

    it("is mounted at Grafana's datasource provisioning path", () => {
      expect(pod?.volumes).toContainEqual({
        name: "datasources",
        configMap: { name: "grafana-datasources" },
      });
      expect(container?.volumeMounts).toContainEqual({
        name: "datasources",
        mountPath: "/etc/grafana/provisioning/datasources",
        readOnly: true,
      });
    });

    it("rolls the pod when it changes", () => {
      const sum = (o: GrafanaOptions) =>
        grafana(o).deployment.spec?.template.metadata?.annotations?.["checksum/config"];
      expect(sum(base)).toMatch(/^[0-9a-f]{16}$/);
      expect(sum({ ...base, datasource: { service: prom.service, name: "Prom" } })).not.toBe(sum(base));
    });
  });

  describe("dashboards", () => {
    it("puts each dashboard in its own labelled ConfigMap, as the file Grafana reads", () => {
      expect(g.dashboardConfigMaps).toHaveLength(2);
      [callCenter, adminApi].forEach((d, i) => {
        const cm = g.dashboardConfigMaps[i];
        expect(cm?.metadata?.name).toBe(`grafana-dashboard-${d.uid}`);
        expect(cm?.metadata?.labels?.grafana_dashboard).toBe("1");
        expect(cm?.data).toEqual({ [`${d.uid}.json`]: dashboardJson(d) });
      });
    });

    it("mounts every dashboard file in the directory the provider reads", () => {
      const provider = parse(g.dashboardProviderConfigMap?.data?.["dashboards.yaml"] ?? "") as {
        providers: { type: string; options: { path: string } }[];
      };
      const path = provider.providers[0]?.options.path;
      expect(provider.providers[0]?.type).toBe("file");
      expect(container?.volumeMounts).toContainEqual({ name: "dashboards", mountPath: path, readOnly: true });
      expect(container?.volumeMounts).toContainEqual({
        name: "dashboard-providers",
        mountPath: "/etc/grafana/provisioning/dashboards",
        readOnly: true,
      });
      expect(pod?.volumes).toContainEqual({
        name: "dashboards",
        projected: {
          sources: [
            {
              configMap: {
                name: "grafana-dashboard-call-center",
                items: [{ key: "call-center.json", path: "call-center.json" }],
              },
            },
            {
              configMap: {
                name: "grafana-dashboard-admin-api",
                items: [{ key: "admin-api.json", path: "admin-api.json" }],
              },
            },
          ],
        },
      });
    });

    it("puts the dashboards in the folder given", () => {
      const p = grafana({ ...base, dashboardFolder: "Call center" });
      expect(parse(p.dashboardProviderConfigMap?.data?.["dashboards.yaml"] ?? "")).toMatchObject({
        providers: [{ folder: "Call center" }],
      });
    });

    it("provisions no dashboard provider without dashboards", () => {
      const p = grafana({ ...base, dashboards: [] });
      expect(p.dashboardProviderConfigMap).toBeUndefined();
      expect(p.dashboardConfigMaps).toEqual([]);
      expect(p.deployment.spec?.template.spec?.volumes?.map((v) => v.name)).toEqual([
        "datasources",
        "storage",
        "tmp",
      ]);
    });
  });

  describe("Deployment", () => {
    it("runs the pinned image as grafana (472), read-only, with writable /var/lib/grafana and /tmp", () => {
      expect(container?.image).toBe(GRAFANA_IMAGE);
      expect(GRAFANA_IMAGE).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
      expect(pod?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 472,
        runAsGroup: 472,
        fsGroup: 472,
      });
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      });
      expect(pod?.automountServiceAccountToken).toBe(false);
      expect(container?.volumeMounts).toContainEqual({ name: "storage", mountPath: "/var/lib/grafana" });
      expect(container?.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
      expect(pod?.volumes).toContainEqual({ name: "storage", emptyDir: {} });
    });

    it("reads the admin credentials from the Secret, never inline", () => {
      const env = container?.env ?? [];
      expect(env.filter((e) => e.name.startsWith("GF_SECURITY_"))).toEqual([
        {
          name: "GF_SECURITY_ADMIN_USER",
          valueFrom: { secretKeyRef: { name: "grafana-admin", key: "admin-user" } },
        },
        {
          name: "GF_SECURITY_ADMIN_PASSWORD",
          valueFrom: { secretKeyRef: { name: "grafana-admin", key: "admin-password" } },
        },
      ]);
      const custom = grafana({ ...base, adminSecret: { name: "ops", userKey: "user", passwordKey: "pass" } });
      expect(custom.deployment.spec?.template.spec?.containers[0]?.env?.slice(0, 2)).toEqual([
        { name: "GF_SECURITY_ADMIN_USER", valueFrom: { secretKeyRef: { name: "ops", key: "user" } } },
        { name: "GF_SECURITY_ADMIN_PASSWORD", valueFrom: { secretKeyRef: { name: "ops", key: "pass" } } },
      ]);
    });

    it("adds the extra settings given", () => {
      const p = grafana({
        ...base,
        env: {
          GF_AUTH_ANONYMOUS_ENABLED: "false",
          GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: { secretKeyRef: { name: "oauth", key: "secret" } },
        },
      });
      const env = p.deployment.spec?.template.spec?.containers[0]?.env ?? [];
      expect(env).toContainEqual({ name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" });
      expect(env).toContainEqual({
        name: "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET",
        valueFrom: { secretKeyRef: { name: "oauth", key: "secret" } },
      });
    });

    it("checks liveness on /healthz and readiness on /api/health, on the named port http (3000)", () => {
      expect(container?.ports).toEqual([{ name: "http", containerPort: 3000, protocol: "TCP" }]);
      // /healthz: the web server runs (no database); /api/health: it also reaches its database.
      expect(container?.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
      expect(container?.readinessProbe?.httpGet).toEqual({ path: "/api/health", port: "http" });
      expect(container?.livenessProbe).not.toEqual(container?.readinessProbe);
    });

    it("waits for migrations with a startup probe on /api/health", () => {
      expect(container?.startupProbe?.httpGet).toEqual({ path: "/api/health", port: "http" });
      expect(container?.startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 30 });
      expect(container?.resources).toEqual({
        requests: { cpu: "100m", memory: "256Mi" },
        limits: { memory: "256Mi" },
      });
    });

    it("serves from the sub path of rootUrl, and probes there", () => {
      const sub = grafana({ ...base, rootUrl: "https://calls.example.com/grafana/" });
      const c = sub.deployment.spec?.template.spec?.containers[0];
      expect(c?.env).toContainEqual({
        name: "GF_SERVER_ROOT_URL",
        value: "https://calls.example.com/grafana/",
      });
      expect(c?.env).toContainEqual({ name: "GF_SERVER_SERVE_FROM_SUB_PATH", value: "true" });
      expect(c?.livenessProbe?.httpGet?.path).toBe("/grafana/healthz");
      expect(c?.readinessProbe?.httpGet?.path).toBe("/grafana/api/health");
      expect(c?.startupProbe?.httpGet?.path).toBe("/grafana/api/health");
    });

    it("sets only the root URL when rootUrl has no path", () => {
      const root = grafana({ ...base, rootUrl: "https://grafana.example.com" });
      const c = root.deployment.spec?.template.spec?.containers[0];
      expect(c?.env).toContainEqual({ name: "GF_SERVER_ROOT_URL", value: "https://grafana.example.com" });
      expect(c?.env?.map((e) => e.name)).not.toContain("GF_SERVER_SERVE_FROM_SUB_PATH");
      expect(c?.livenessProbe?.httpGet?.path).toBe("/healthz");
    });

    it("is reached through a Service derived from the Deployment", () => {
      expect(g.service.spec?.selector).toEqual(g.deployment.spec?.selector.matchLabels);
      expect(g.service.spec?.ports).toEqual([
        { name: "http", port: 3000, targetPort: "http", protocol: "TCP" },
      ]);
    });

    it("keeps its data on a claim when asked, replacing the pod instead of surging", () => {
      const p = grafana({ ...base, storage: { persistentVolumeClaim: { size: "5Gi" } } });
      for (const o of p.objects) assertSchemaValid(o);
      expect(p.persistentVolumeClaim?.metadata?.name).toBe("grafana-data");
      expect(p.persistentVolumeClaim?.spec?.resources?.requests).toEqual({ storage: "5Gi" });
      expect(p.deployment.spec?.template.spec?.volumes).toContainEqual({
        name: "storage",
        persistentVolumeClaim: { claimName: "grafana-data" },
      });
      expect(p.deployment.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    });

    it("carries name, image and labels into every object", () => {
      const p = grafana({
        ...base,
        name: "dashboards",
        image: "grafana/grafana:12.1.1-ubuntu",
        partOf: "call-center",
        labels: { team: "sre" },
      });
      for (const o of p.objects) {
        expect(o.metadata?.name?.startsWith("dashboards")).toBe(true);
        expect(o.metadata?.labels).toMatchObject({ "app.kubernetes.io/part-of": "call-center", team: "sre" });
      }
      expect(p.deployment.spec?.template.spec?.containers[0]?.image).toBe("grafana/grafana:12.1.1-ubuntu");
    });
  });

  it("refuses a dashboard over the 1 MiB object limit, naming it and its size", () => {
    const huge = dashboard({ uid: "huge", title: "Huge", description: "x".repeat(1024 * 1024), panels: [] });
    const issues = issuesOf(() => grafana({ ...base, dashboards: [callCenter, huge] }));
    expect(issues).toEqual([expect.objectContaining({ code: "too_big", path: "dashboards[1]" })]);
    expect(issues[0]?.message).toMatch(/^dashboard "Huge" \(huge\) is \d+ bytes/);
  });

  const twoPorts: Service = target;
  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "a duplicate dashboard uid",
      options: { ...base, dashboards: [callCenter, callCenter] },
      code: "duplicate",
      path: "dashboards[1]",
    },
    {
      name: "a dashboard querying another datasource",
      options: {
        ...base,
        dashboards: [
          dashboard({
            uid: "t",
            title: "T",
            datasourceUid: "thanos",
            panels: [stat({ title: "Up", queries: [{ expr: "up" }] })],
          }),
        ],
      },
      code: "unknown_datasource",
      path: "dashboards[0]",
    },
    {
      name: "a datasource port the Service lacks",
      options: { ...base, datasource: { service: prom.service, port: "http" } },
      code: "unknown_port",
      path: "datasource.port",
    },
    {
      name: "no port on a multi-port Service",
      options: { ...base, dashboards: [], datasource: { service: twoPorts } },
      code: "required",
      path: "datasource.port",
    },
    {
      name: "a datasource that is not a Service",
      options: { ...base, datasource: { service: prom.deployment } },
      code: "invalid_value",
      path: "datasource.service",
    },
    {
      name: "no admin Secret",
      options: { ...base, adminSecret: undefined },
      code: "required",
      path: "adminSecret",
    },
    {
      name: "an admin password inline",
      options: { ...base, env: { GF_SECURITY_ADMIN_PASSWORD: "hunter2" } },
      code: "reserved_env",
      path: "env.GF_SECURITY_ADMIN_PASSWORD",
    },
    {
      name: "the root URL in env (the probes would not follow its sub path)",
      options: { ...base, env: { GF_SERVER_ROOT_URL: "https://x.example.com/g/" } },
      code: "reserved_env",
      path: "env.GF_SERVER_ROOT_URL",
    },
    {
      name: "a root URL that is not an http(s) URL",
      options: { ...base, rootUrl: "calls.example.com/grafana" },
      code: "invalid_format",
      path: "rootUrl",
    },
    {
      name: "a secret-like variable inline",
      options: { ...base, env: { GF_DATABASE_PASSWORD: "hunter2" } },
      code: "inline_secret",
      path: "env.GF_DATABASE_PASSWORD",
    },
    {
      name: "missing resources",
      options: { ...base, resources: undefined },
      code: "required",
      path: "resources",
    },
    {
      name: "an object that is not a dashboard",
      options: { ...base, dashboards: [{ title: "x" }] },
      code: "invalid_value",
      path: "dashboards[0]",
    },
    {
      name: "a misspelt option",
      options: { ...base, dashboard: [] },
      code: "unknown_option",
      path: "dashboard",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => grafana(options as GrafanaOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});

describe("grafana: dashboards not built by dashboard()", () => {
  it("refuses a panel without targets with the library's error, not a TypeError", () => {
    const junk = { ...callCenter, panels: [{ ...callCenter.panels[0], targets: undefined }] };
    const issues = issuesOf(() => grafana({ ...base, dashboards: [junk as never] }));
    expect(issues.map((i) => i.path)).toEqual(["dashboards[0]"]);
  });
});
