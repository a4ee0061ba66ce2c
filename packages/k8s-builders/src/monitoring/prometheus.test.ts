import { describe, expect, it } from "vitest";
import { app, base } from "../../test/support/prometheus.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { prometheus } from "./prometheus.ts";
import { PROMETHEUS_IMAGE, type PrometheusOptions } from "./prometheus-options.ts";

// prometheus.yml is tested in prometheus.config.test.ts, the options refused in prometheus.invalid-options.test.ts.
describe("prometheus", () => {
  it("returns schema-valid objects, in apply order", () => {
    const p = prometheus(base);
    for (const o of p.objects) assertSchemaValid(o);
    expect(p.objects.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual([
      "ServiceAccount/monitoring/prometheus",
      "Role/call-center/prometheus",
      "RoleBinding/call-center/prometheus",
      "ConfigMap/monitoring/prometheus-config",
      "Service/monitoring/prometheus",
      "Deployment/monitoring/prometheus",
    ]);
  });

  describe("RBAC", () => {
    it("grants get/list/watch on services, endpoints, endpointslices and pods only", () => {
      const [r] = prometheus(base).roles;
      expect(r?.rules).toEqual([
        { apiGroups: [""], resources: ["services", "endpoints", "pods"], verbs: ["get", "list", "watch"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
      ]);
    });

    it("has one Role and RoleBinding per namespace scraped, bound to its ServiceAccount", () => {
      const staging = app(
        "call-processor",
        [{ name: "metrics", containerPort: 9102 }],
        "call-center-staging",
      );
      const p = prometheus({
        ...base,
        targets: [...base.targets, { service: staging, port: "metrics", job: "call-processor-staging" }],
      });
      expect(p.roles.map((r) => r.metadata?.namespace)).toEqual(["call-center", "call-center-staging"]);
      expect(p.roleBindings.map((b) => [b.metadata?.namespace, b.roleRef.name, b.subjects])).toEqual(
        ["call-center", "call-center-staging"].map((ns) => [
          ns,
          "prometheus",
          [{ kind: "ServiceAccount", name: "prometheus", namespace: "monitoring" }],
        ]),
      );
      for (const o of p.objects) assertSchemaValid(o);
    });
  });

  describe("Deployment", () => {
    const p = prometheus(base);
    const pod = p.deployment.spec?.template.spec;
    const container = pod?.containers[0];

    it("runs the pinned image as nobody, read-only, with the API token for discovery", () => {
      expect(container?.image).toBe(PROMETHEUS_IMAGE);
      expect(PROMETHEUS_IMAGE).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
      expect(pod?.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 65534,
        runAsGroup: 65534,
        fsGroup: 65534,
      });
      expect(container?.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
      });
      expect(pod?.serviceAccountName).toBe(p.serviceAccount.metadata?.name);
      expect(pod?.automountServiceAccountToken).toBe(true);
      expect(p.serviceAccount.automountServiceAccountToken).toBe(false);
    });

    it("reads the config from the ConfigMap it mounts and keeps the TSDB in the data volume", () => {
      expect(container?.args).toEqual([
        "--config.file=/etc/prometheus/prometheus.yml",
        "--storage.tsdb.path=/prometheus",
        "--storage.tsdb.retention.time=15d",
      ]);
      expect(pod?.volumes).toContainEqual({ name: "config", configMap: { name: "prometheus-config" } });
      expect(p.configMap.data).toHaveProperty(["prometheus.yml"]);
      expect(container?.volumeMounts).toEqual([
        { name: "config", mountPath: "/etc/prometheus", readOnly: true },
        { name: "data", mountPath: "/prometheus" },
        { name: "tmp", mountPath: "/tmp" },
      ]);
      expect(pod?.volumes).toContainEqual({ name: "data", emptyDir: {} });
    });

    it("probes /-/healthy and /-/ready on the named port web (9090), with the caller's resources", () => {
      expect(container?.ports).toEqual([{ name: "web", containerPort: 9090, protocol: "TCP" }]);
      expect(container?.livenessProbe?.httpGet).toEqual({ path: "/-/healthy", port: "web" });
      expect(container?.readinessProbe?.httpGet).toEqual({ path: "/-/ready", port: "web" });
      expect(container?.resources).toEqual({
        requests: { cpu: "250m", memory: "1Gi" },
        limits: { memory: "1Gi" },
      });
    });

    it("rolls the pod when the configuration changes", () => {
      const annotation = (o: PrometheusOptions) =>
        prometheus(o).deployment.spec?.template.metadata?.annotations?.["checksum/config"];
      expect(annotation(base)).toMatch(/^[0-9a-f]{16}$/);
      expect(annotation(base)).toBe(annotation({ ...base }));
      expect(annotation({ ...base, scrapeInterval: "1m" })).not.toBe(annotation(base));
    });

    it("is reached through a Service derived from the Deployment", () => {
      expect(p.service.spec?.selector).toEqual(p.deployment.spec?.selector.matchLabels);
      expect(p.service.spec?.ports).toEqual([
        { name: "web", port: 9090, targetPort: "web", protocol: "TCP" },
      ]);
    });
  });

  it("puts the monitoring component and the image's version on every object, RBAC and ConfigMap too", () => {
    const p = prometheus({ ...base, image: "quay.io/prometheus/prometheus:v3.6.0" });
    for (const o of p.objects) {
      expect(o.metadata?.labels, `${o.kind}`).toMatchObject({
        "app.kubernetes.io/component": "monitoring",
        "app.kubernetes.io/version": "v3.6.0",
      });
    }
    expect(p.deployment.spec?.selector.matchLabels).not.toHaveProperty(["app.kubernetes.io/version"]);
  });

  it("carries name, image, retention and labels into the objects", () => {
    const p = prometheus({
      ...base,
      name: "prom",
      configMapName: "prom-yml",
      image: "quay.io/prometheus/prometheus:v3.5.0",
      retention: "30d",
      retentionSize: "8GB",
      partOf: "call-center",
      labels: { team: "sre" },
    });
    for (const o of p.objects) {
      expect(o.metadata?.labels).toMatchObject({ "app.kubernetes.io/part-of": "call-center", team: "sre" });
    }
    expect(p.configMap.metadata?.name).toBe("prom-yml");
    expect(p.deployment.metadata?.name).toBe("prom");
    expect(p.service.metadata?.name).toBe("prom");
    expect(p.roles[0]?.metadata?.name).toBe("prom");
    expect(p.roleBindings[0]?.subjects).toEqual([
      { kind: "ServiceAccount", name: "prom", namespace: "monitoring" },
    ]);
    const c = p.deployment.spec?.template.spec?.containers[0];
    expect(c?.image).toBe("quay.io/prometheus/prometheus:v3.5.0");
    expect(c?.args).toEqual([
      "--config.file=/etc/prometheus/prometheus.yml",
      "--storage.tsdb.path=/prometheus",
      "--storage.tsdb.retention.time=30d",
      "--storage.tsdb.retention.size=8GB",
    ]);
    expect(p.deployment.spec?.template.spec?.volumes).toContainEqual({
      name: "config",
      configMap: { name: "prom-yml" },
    });
  });

  describe("storage", () => {
    it("emits a PersistentVolumeClaim and replaces the pod instead of surging", () => {
      const p = prometheus({
        ...base,
        storage: {
          persistentVolumeClaim: {
            size: "20Gi",
            storageClassName: "fast-ssd",
            accessModes: ["ReadWriteOncePod"],
          },
        },
      });
      for (const o of p.objects) assertSchemaValid(o);
      expect(p.persistentVolumeClaim?.metadata?.name).toBe("prometheus-data");
      expect(p.persistentVolumeClaim?.metadata?.namespace).toBe("monitoring");
      expect(p.persistentVolumeClaim?.spec).toEqual({
        accessModes: ["ReadWriteOncePod"],
        storageClassName: "fast-ssd",
        resources: { requests: { storage: "20Gi" } },
      });
      expect(p.objects).toContain(p.persistentVolumeClaim);
      expect(p.deployment.spec?.template.spec?.volumes).toContainEqual({
        name: "data",
        persistentVolumeClaim: { claimName: "prometheus-data" },
      });
      expect(p.deployment.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    });

    it("uses an emptyDir with an optional size limit otherwise", () => {
      const p = prometheus({ ...base, storage: { emptyDir: { sizeLimit: "10Gi" } } });
      expect(p.persistentVolumeClaim).toBeUndefined();
      expect(p.deployment.spec?.template.spec?.volumes).toContainEqual({
        name: "data",
        emptyDir: { sizeLimit: "10Gi" },
      });
      expect(p.deployment.spec?.strategy?.rollingUpdate).toEqual({ maxSurge: "25%", maxUnavailable: 0 });
    });
  });
});
