import { describe, expect, it } from "vitest";
import { base, container, g, pod } from "../../test/support/grafana.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { grafana } from "./grafana.ts";
import { GRAFANA_IMAGE } from "./grafana-options.ts";

describe("grafana", () => {
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
});
