import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { deployment } from "../kinds/deployment.ts";
import { serviceFor } from "../kinds/service.ts";
import { toYaml } from "../output/to-yaml.ts";
import { prometheus } from "./prometheus.ts";
import { PROMETHEUS_IMAGE, type PrometheusOptions, type ScrapeTarget } from "./prometheus-options.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

const app = (name: string, ports: { name: string; containerPort: number }[], namespace = "call-center") =>
  serviceFor(
    deployment({
      name,
      namespace,
      partOf: "call-center",
      containers: [{ name, image: `ghcr.io/acme/${name}:1.4.2`, ports }],
    }),
  );
const callProcessor = app("call-processor", [
  { name: "http", containerPort: 8080 },
  { name: "metrics", containerPort: 9102 },
]);
const adminApi = app("admin-api", [{ name: "http", containerPort: 8080 }]);
const resources = { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } };
const base: PrometheusOptions = {
  namespace: "monitoring",
  targets: [
    { service: callProcessor, port: "metrics" },
    { service: adminApi, port: "http" },
  ],
  resources,
};

interface Job {
  job_name: string;
  metrics_path?: string;
  scheme?: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  static_configs?: { targets: string[] }[];
  kubernetes_sd_configs?: { role: string; namespaces: { names: string[] } }[];
  relabel_configs?: { source_labels?: string[]; regex?: string; action?: string; target_label?: string }[];
}
interface PromConfig {
  global: { scrape_interval: string; scrape_timeout: string };
  scrape_configs: Job[];
}

/** prometheus.yml parsed back the way Prometheus reads it. */
function configOf(options: PrometheusOptions): PromConfig {
  const text = prometheus(options).configMap.data?.["prometheus.yml"];
  if (text === undefined) throw new Error("no prometheus.yml");
  // Prometheus reads YAML with a YAML 1.1 parser (go-yaml).
  return parse(text, { version: "1.1" }) as PromConfig;
}

const serviceJobs = (c: PromConfig) => c.scrape_configs.filter((j) => j.kubernetes_sd_configs !== undefined);
const kept = (job: Job, label: string) =>
  (job.relabel_configs ?? [])
    .filter((r) => r.action === "keep" && r.source_labels?.length === 1 && r.source_labels[0] === label)
    .map((r) => r.regex);

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

  describe("prometheus.yml", () => {
    it("has exactly one job per given Service, keeping exactly that Service's name and port", () => {
      const jobs = serviceJobs(configOf(base));
      expect(jobs).toHaveLength(base.targets.length);
      base.targets.forEach((t, i) => {
        const job = jobs[i];
        if (job === undefined) throw new Error(`no job for target ${i}`);
        expect(job.job_name).toBe(t.service.metadata?.name);
        expect(kept(job, "__meta_kubernetes_service_name")).toEqual([t.service.metadata?.name]);
        expect(kept(job, "__meta_kubernetes_endpointslice_port_name")).toEqual([t.port]);
        expect(job.kubernetes_sd_configs).toEqual([
          { role: "endpointslice", namespaces: { names: [t.service.metadata?.namespace] } },
        ]);
        // the named port is one the Service really has
        expect((t.service.spec?.ports ?? []).map((p) => p.name)).toContain(t.port);
      });
    });

    it("writes the global and per-job defaults", () => {
      const c = configOf(base);
      expect(c.global).toEqual({ scrape_interval: "30s", scrape_timeout: "10s" });
      expect(c.scrape_configs[0]).toEqual({
        job_name: "prometheus",
        static_configs: [{ targets: ["localhost:9090"] }],
      });
      const job = serviceJobs(c)[0];
      expect(job).toMatchObject({ metrics_path: "/metrics", scheme: "http" });
      expect(job?.scrape_interval).toBeUndefined();
      expect(job?.scrape_timeout).toBeUndefined();
      expect(job?.relabel_configs?.filter((r) => r.action === "replace")).toEqual([
        { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace", action: "replace" },
        { source_labels: ["__meta_kubernetes_service_name"], target_label: "service", action: "replace" },
        { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod", action: "replace" },
      ]);
    });

    it("carries every target and global option", () => {
      const c = configOf({
        ...base,
        scrapeInterval: "1m",
        scrapeTimeout: "20s",
        scrapeSelf: false,
        discoveryRole: "endpoints",
        targets: [
          {
            service: callProcessor,
            port: "metrics",
            path: "/internal/metrics",
            interval: "15s",
            scrapeTimeout: "5s",
            scheme: "https",
            job: "call-processor-metrics",
          },
        ],
      });
      expect(c.global).toEqual({ scrape_interval: "1m", scrape_timeout: "20s" });
      expect(c.scrape_configs).toHaveLength(1);
      const job = c.scrape_configs[0];
      expect(job).toMatchObject({
        job_name: "call-processor-metrics",
        metrics_path: "/internal/metrics",
        scheme: "https",
        scrape_interval: "15s",
        scrape_timeout: "5s",
        kubernetes_sd_configs: [{ role: "endpoints", namespaces: { names: ["call-center"] } }],
      });
      if (job === undefined) throw new Error("no job");
      expect(kept(job, "__meta_kubernetes_service_name")).toEqual(["call-processor"]);
      expect(kept(job, "__meta_kubernetes_endpoint_port_name")).toEqual(["metrics"]);
    });

    it("discovers a Service without namespace in Prometheus's namespace", () => {
      const { namespace: _, ...metadata } = adminApi.metadata ?? {};
      const options = { ...base, targets: [{ service: { ...adminApi, metadata }, port: "http" }] };
      expect(serviceJobs(configOf(options))[0]?.kubernetes_sd_configs).toEqual([
        { role: "endpointslice", namespaces: { names: ["monitoring"] } },
      ]);
      expect(prometheus(options).roles.map((r) => r.metadata?.namespace)).toEqual(["monitoring"]);
    });

    it("is the same bytes for the same options", () => {
      expect(toYaml(prometheus(base).objects)).toBe(toYaml(prometheus(base).objects));
    });
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

  it("refuses a target whose port the Service lacks, naming the Service's ports", () => {
    const issues = issuesOf(() => prometheus({ ...base, targets: [{ service: adminApi, port: "metrics" }] }));
    expect(issues).toEqual([expect.objectContaining({ code: "unknown_port", path: "targets[0].port" })]);
    expect(issues[0]?.message).toBe('Service "admin-api" has no port named "metrics" (has: http)');
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    { name: "no targets", options: { ...base, targets: [] }, code: "too_small", path: "targets" },
    {
      name: "a target that is not a Service",
      options: {
        ...base,
        targets: [{ service: { kind: "Deployment", metadata: { name: "x" } }, port: "http" }],
      },
      code: "invalid_value",
      path: "targets[0].service",
    },
    {
      name: "a port number instead of a name",
      options: { ...base, targets: [{ service: callProcessor, port: 9102 }] },
      code: "invalid_type",
      path: "targets[0].port",
    },
    {
      name: "a relative metrics path",
      options: { ...base, targets: [{ service: callProcessor, port: "metrics", path: "metrics" }] },
      code: "invalid_format",
      path: "targets[0].path",
    },
    {
      name: "missing resources",
      options: { ...base, resources: undefined },
      code: "required",
      path: "resources",
    },
    {
      name: "missing namespace",
      options: { ...base, namespace: undefined },
      code: "required",
      path: "namespace",
    },
    {
      name: "a global timeout above the interval",
      options: { ...base, scrapeInterval: "5s" },
      code: "timeout_exceeds_interval",
      path: "scrapeTimeout",
    },
    {
      name: "a target timeout above its interval",
      options: {
        ...base,
        targets: [{ service: callProcessor, port: "metrics", interval: "10s", scrapeTimeout: "15s" }],
      },
      code: "timeout_exceeds_interval",
      path: "targets[0].scrapeTimeout",
    },
    {
      name: "a target timeout above the global interval",
      options: { ...base, targets: [{ service: callProcessor, port: "metrics", scrapeTimeout: "45s" }] },
      code: "timeout_exceeds_interval",
      path: "targets[0].scrapeTimeout",
    },
    {
      name: "the same Service twice without a job name",
      options: {
        ...base,
        targets: [
          { service: callProcessor, port: "metrics" },
          { service: callProcessor, port: "http" },
        ],
      },
      code: "duplicate",
      path: "targets[1].service",
    },
    {
      name: "a job named like Prometheus's own",
      options: { ...base, targets: [{ service: callProcessor, port: "metrics", job: "prometheus" }] },
      code: "duplicate",
      path: "targets[0].job",
    },
    {
      name: "a retention that is not a duration",
      options: { ...base, retention: "15 days" },
      code: "invalid_format",
      path: "retention",
    },
    {
      name: "a retention beyond int64 nanoseconds (Prometheus: duration out of range)",
      options: { ...base, retention: "300y" },
      code: "invalid_format",
      path: "retention",
    },
    {
      name: "a retention size in Kubernetes units",
      options: { ...base, retentionSize: "10Gi" },
      code: "invalid_format",
      path: "retentionSize",
    },
    {
      name: "an unpinned image",
      options: { ...base, image: "prom/prometheus:latest" },
      code: "invalid_format",
      path: "image",
    },
    {
      name: "an unknown discovery role",
      options: { ...base, discoveryRole: "pod" },
      code: "invalid_value",
      path: "discoveryRole",
    },
    {
      name: "a misspelt option",
      options: { ...base, retension: "30d" },
      code: "unknown_option",
      path: "retension",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => prometheus(options as PrometheusOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });

  it("refuses a claim without size, at its path", () => {
    // The code of a missing union-typed field (quantity) is decided by base/validate.ts; the path is ours.
    const issues = issuesOf(() =>
      prometheus({
        ...base,
        storage: { persistentVolumeClaim: { storageClassName: "fast" } },
      } as PrometheusOptions),
    );
    expect(issues.map((i) => i.path)).toEqual(["storage.persistentVolumeClaim.size"]);
  });

  it("takes targets as built Service objects and port names, at the type level", () => {
    expectTypeOf<ScrapeTarget["service"]>().toEqualTypeOf<Service>();
    expectTypeOf<ScrapeTarget["port"]>().toEqualTypeOf<string>();
    // @ts-expect-error a Service name is not a Service: nothing is typed twice
    expect(() => prometheus({ ...base, targets: [{ service: "call-processor", port: "metrics" }] })).toThrow(
      K8sBuilderError,
    );
  });
});
