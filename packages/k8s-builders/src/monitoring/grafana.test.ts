import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { builderError } from "../../test/support/errors.ts";
import { base, container, g, pod, prom, target } from "../../test/support/grafana.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { dashboard, dashboardJson } from "./dashboard.ts";
import { grafana } from "./grafana.ts";
import type { GrafanaOptions } from "./grafana-options.ts";
import { stat } from "./panels.ts";
import { prometheus } from "./prometheus.ts";

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
});
