import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { deployment } from "../kinds/deployment.ts";
import { service, serviceFor } from "../kinds/service.ts";
import {
  type ServiceMonitorForOptions,
  type ServiceMonitorOptions,
  serviceMonitor,
  serviceMonitorFor,
} from "./service-monitor.ts";

function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

const callProcessor = deployment({
  name: "call-processor",
  namespace: "call-center",
  partOf: "call-center",
  containers: [
    {
      name: "call-processor",
      image: "ghcr.io/acme/call-processor:1.4.2",
      ports: [
        { name: "http", containerPort: 8080 },
        { name: "metrics", containerPort: 9102 },
      ],
    },
  ],
});
const callProcessorService = serviceFor(callProcessor);

const minimal: ServiceMonitorOptions = {
  name: "call-processor",
  namespace: "call-center",
  selector: { "app.kubernetes.io/name": "call-processor" },
  endpoints: [{ port: "metrics" }],
};

describe("serviceMonitor", () => {
  it("emits the selector and one endpoint with the default path and scheme", () => {
    const sm = serviceMonitor(minimal);
    assertSchemaValid(sm);
    expect(sm.apiVersion).toBe("monitoring.coreos.com/v1");
    expect(sm.kind).toBe("ServiceMonitor");
    expect(sm.metadata.namespace).toBe("call-center");
    expect(sm.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "call-processor" } },
      endpoints: [{ port: "metrics", path: "/metrics", scheme: "http" }],
    });
  });

  it("passes every endpoint option through", () => {
    const sm = serviceMonitor({
      ...minimal,
      namespaces: ["call-center", "call-center-staging"],
      jobLabel: "app.kubernetes.io/name",
      endpoints: [
        {
          port: "metrics",
          path: "/internal/metrics",
          scheme: "https",
          interval: "15s",
          scrapeTimeout: "10s",
          relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
          metricRelabelings: [{ sourceLabels: ["__name__"], regex: "go_gc_.*", action: "drop" }],
        },
      ],
    });
    assertSchemaValid(sm);
    expect(sm.spec).toEqual({
      jobLabel: "app.kubernetes.io/name",
      selector: { matchLabels: { "app.kubernetes.io/name": "call-processor" } },
      namespaceSelector: { matchNames: ["call-center", "call-center-staging"] },
      endpoints: [
        {
          port: "metrics",
          path: "/internal/metrics",
          scheme: "https",
          interval: "15s",
          scrapeTimeout: "10s",
          relabelings: [{ sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" }],
          metricRelabelings: [{ sourceLabels: ["__name__"], regex: "go_gc_.*", action: "drop" }],
        },
      ],
    });
  });

  it("merges discoveryLabels into metadata.labels, so the Operator's Prometheus selects it", () => {
    const sm = serviceMonitor({ ...minimal, labels: { team: "voice" }, discoveryLabels: { release: "kps" } });
    expect(sm.metadata.labels).toEqual({
      "app.kubernetes.io/name": "call-processor",
      "app.kubernetes.io/instance": "call-processor",
      "app.kubernetes.io/managed-by": "k8s-builders",
      team: "voice",
      release: "kps",
    });
    // Discovery labels are object labels only: the Service selector is unchanged.
    expect(sm.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "call-processor" });
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "a port by number",
      options: { ...minimal, endpoints: [{ port: 9102 }] },
      code: "invalid_type",
      path: "endpoints[0].port",
    },
    {
      name: "an invalid port name",
      options: { ...minimal, endpoints: [{ port: "Metrics_Port" }] },
      code: "invalid_format",
      path: "endpoints[0].port",
    },
    {
      name: "a relative path",
      options: { ...minimal, endpoints: [{ port: "metrics", path: "metrics" }] },
      code: "invalid_format",
      path: "endpoints[0].path",
    },
    {
      name: "an interval that is not a duration",
      options: { ...minimal, endpoints: [{ port: "metrics", interval: "30" }] },
      code: "invalid_format",
      path: "endpoints[0].interval",
    },
    {
      name: "a zero interval",
      options: { ...minimal, endpoints: [{ port: "metrics", interval: "0s" }] },
      code: "invalid_value",
      path: "endpoints[0].interval",
    },
    {
      name: "a scrapeTimeout above the interval",
      options: { ...minimal, endpoints: [{ port: "metrics", interval: "30s", scrapeTimeout: "1m" }] },
      code: "timeout_exceeds_interval",
      path: "endpoints[0].scrapeTimeout",
    },
    {
      name: "a second endpoint with the same port and path",
      options: { ...minimal, endpoints: [{ port: "metrics" }, { port: "metrics", path: "/metrics" }] },
      code: "duplicate",
      path: "endpoints[1]",
    },
    { name: "no endpoints", options: { ...minimal, endpoints: [] }, code: "too_small", path: "endpoints" },
    { name: "an empty selector", options: { ...minimal, selector: {} }, code: "too_small", path: "selector" },
    {
      name: "a replace relabeling without targetLabel",
      options: { ...minimal, endpoints: [{ port: "metrics", relabelings: [{ sourceLabels: ["a"] }] }] },
      code: "required",
      path: "endpoints[0].relabelings[0].targetLabel",
    },
    {
      name: "a keep relabeling without sourceLabels",
      options: {
        ...minimal,
        endpoints: [{ port: "metrics", metricRelabelings: [{ action: "keep", regex: "x" }] }],
      },
      code: "required",
      path: "endpoints[0].metricRelabelings[0].sourceLabels",
    },
    {
      name: "an invalid regex",
      options: {
        ...minimal,
        endpoints: [{ port: "metrics", relabelings: [{ action: "drop", sourceLabels: ["a"], regex: "(" }] }],
      },
      code: "invalid_value",
      path: "endpoints[0].relabelings[0].regex",
    },
    {
      name: "an upper-case action",
      options: {
        ...minimal,
        endpoints: [{ port: "metrics", relabelings: [{ action: "Keep", sourceLabels: ["a"] }] }],
      },
      code: "invalid_value",
      path: "endpoints[0].relabelings[0].action",
    },
    {
      name: "a discovery label that contradicts a label",
      options: { ...minimal, labels: { release: "a" }, discoveryLabels: { release: "b" } },
      code: "conflicting_options",
      path: "discoveryLabels.release",
    },
    {
      name: "a misspelt option",
      options: { ...minimal, endpoints: [{ port: "metrics", intervall: "30s" }] },
      code: "unknown_option",
      path: "endpoints[0].intervall",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => serviceMonitor(options as ServiceMonitorOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});

describe("serviceMonitorFor", () => {
  it("selects its Service by construction: matchLabels ⊆ the Service's labels", () => {
    const sm = serviceMonitorFor(callProcessorService, { port: "metrics" });
    assertSchemaValid(sm);
    const serviceLabels = callProcessorService.metadata?.labels ?? {};
    expect(Object.keys(sm.spec.selector.matchLabels).length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(sm.spec.selector.matchLabels)) expect(serviceLabels[k]).toBe(v);
    expect(sm.spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "call-processor",
      "app.kubernetes.io/instance": "call-processor",
    });
  });

  it("looks in the Service's namespace, lives there, and scrapes a port the Service has", () => {
    const sm = serviceMonitorFor(callProcessorService, { port: "metrics" });
    expect(sm.metadata.name).toBe("call-processor");
    expect(sm.metadata.namespace).toBe("call-center");
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ["call-center"] });
    const portNames = (callProcessorService.spec?.ports ?? []).map((p) => p.name);
    expect(portNames).toContain(sm.spec.endpoints[0]?.port);
    expect(sm.spec.endpoints).toEqual([{ port: "metrics", path: "/metrics", scheme: "http" }]);
  });

  it("passes every option through", () => {
    const sm = serviceMonitorFor(callProcessorService, {
      name: "call-processor-metrics",
      port: "metrics",
      path: "/stats",
      interval: "15s",
      scrapeTimeout: "5s",
      scheme: "https",
      jobLabel: "app.kubernetes.io/name",
      relabelings: [{ targetLabel: "team", replacement: "voice" }],
      metricRelabelings: [{ sourceLabels: ["__name__"], regex: "debug_.*", action: "drop" }],
      discoveryLabels: { release: "kps" },
      labels: { team: "voice" },
      annotations: { "example.com/owner": "voice" },
    });
    assertSchemaValid(sm);
    expect(sm.metadata).toEqual({
      name: "call-processor-metrics",
      namespace: "call-center",
      labels: { ...callProcessorService.metadata?.labels, team: "voice", release: "kps" },
      annotations: { "example.com/owner": "voice" },
    });
    expect(sm.spec.jobLabel).toBe("app.kubernetes.io/name");
    expect(sm.spec.endpoints).toEqual([
      {
        port: "metrics",
        path: "/stats",
        scheme: "https",
        interval: "15s",
        scrapeTimeout: "5s",
        relabelings: [{ targetLabel: "team", replacement: "voice" }],
        metricRelabelings: [{ sourceLabels: ["__name__"], regex: "debug_.*", action: "drop" }],
      },
    ]);
  });

  it("leaves out the namespaceSelector for a Service without namespace", () => {
    const svc = service({
      name: "admin-api",
      selector: { "app.kubernetes.io/name": "admin-api" },
      ports: [{ name: "http", port: 8080 }],
    });
    const sm = serviceMonitorFor(svc, { port: "http" });
    assertSchemaValid(sm);
    expect(sm.metadata.namespace).toBeUndefined();
    expect(sm.spec.namespaceSelector).toBeUndefined();
  });

  it("refuses a port name the Service lacks, listing the Service's ports", () => {
    const issues = issuesOf(() => serviceMonitorFor(callProcessorService, { port: "prometheus" }));
    expect(issues).toEqual([expect.objectContaining({ code: "unknown_port", path: "port" })]);
    expect(issues[0]?.message).toContain("(has: http, metrics)");
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "a timeout above the interval",
      options: { port: "metrics", interval: "10s", scrapeTimeout: "11s" },
      code: "timeout_exceeds_interval",
      path: "scrapeTimeout",
    },
    {
      name: "a relative path",
      options: { port: "metrics", path: "stats" },
      code: "invalid_format",
      path: "path",
    },
    { name: "a missing port", options: {}, code: "required", path: "port" },
    {
      name: "a selector option",
      options: { port: "metrics", selector: {} },
      code: "unknown_option",
      path: "selector",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(
      issuesOf(() => serviceMonitorFor(callProcessorService, options as ServiceMonitorForOptions)),
    ).toContainEqual(expect.objectContaining({ code, path }));
  });

  it("refuses an object that is not a Service", () => {
    expect(
      issuesOf(() => serviceMonitorFor(callProcessor as unknown as Service, { port: "metrics" })),
    ).toEqual([expect.objectContaining({ code: "invalid_object", path: "service" })]);
  });

  it("refuses a Service without the labels to select it by", () => {
    const bare: Service = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "legacy", namespace: "call-center" },
      spec: { ports: [{ name: "metrics", port: 9102 }] },
    };
    expect(issuesOf(() => serviceMonitorFor(bare, { port: "metrics" }))).toEqual([
      expect.objectContaining({ code: "invalid_object", path: "service" }),
    ]);
  });
});
