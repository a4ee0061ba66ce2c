import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { adminApi, base, callProcessor } from "../../test/support/prometheus.ts";
import { toYaml } from "../output/to-yaml.ts";
import { prometheus } from "./prometheus.ts";
import type { PrometheusOptions } from "./prometheus-options.ts";

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
});
