import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { adminApi, base, callCenter, container, g, pod } from "../../test/support/grafana.ts";
import { dashboardJson } from "./dashboard.ts";
import { grafana } from "./grafana.ts";

describe("grafana", () => {
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
});
