import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { adminApi, base, callProcessor } from "../../test/support/prometheus.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { prometheus } from "./prometheus.ts";
import type { PrometheusOptions, ScrapeTarget } from "./prometheus-options.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

describe("prometheus", () => {
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
