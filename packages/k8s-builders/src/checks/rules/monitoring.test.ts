import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row, selectorOf } from "../../../test/support/checks.ts";
import { serviceFor } from "../../kinds/service.ts";

/** A ServiceMonitor as the Prometheus Operator reads it. */
const monitor = (
  port: string,
  extra: { labels?: Record<string, string>; selector?: object; namespaceSelector?: object } = {},
) => ({
  apiVersion: "monitoring.coreos.com/v1",
  kind: "ServiceMonitor",
  metadata: { name: "web", namespace: NS, labels: { release: "kps", ...extra.labels } },
  spec: {
    selector: extra.selector ?? { matchLabels: selectorOf("web") },
    ...(extra.namespaceSelector ? { namespaceSelector: extra.namespaceSelector } : {}),
    endpoints: [{ port, path: "/metrics" }],
  },
});
const metricsSvc = () => serviceFor(base().web, { name: "web-metrics", ports: ["metrics"] });

const rows: Row[] = [
  {
    title: "a selector that matches no Service",
    objects: () => [...base().all, monitor("metrics", { selector: { matchLabels: selectorOf("wbe") } })],
    code: "SERVICE_MONITOR_SELECTS_NOTHING",
    kind: "ServiceMonitor",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "Services looked for in another namespace",
    objects: () => [
      ...base().all,
      metricsSvc(),
      monitor("metrics", { namespaceSelector: { matchNames: ["monitoring"] } }),
    ],
    code: "SERVICE_MONITOR_SELECTS_NOTHING",
    kind: "ServiceMonitor",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "an endpoint port no selected Service has",
    objects: () => [...base().all, monitor("metrics")],
    code: "SERVICE_MONITOR_PORT_MISSING",
    kind: "ServiceMonitor",
    name: "web",
    path: "spec.endpoints[0].port",
  },
  {
    title: "a ServiceMonitor without the Prometheus's selector labels",
    objects: () => [
      ...base().all,
      metricsSvc(),
      edit(monitor("metrics"), (m) => {
        delete m.metadata.labels.release;
      }),
    ],
    options: { serviceMonitorSelector: { release: "kps" } },
    code: "SERVICE_MONITOR_NOT_SELECTED",
    kind: "ServiceMonitor",
    name: "web",
    path: "metadata.labels.release",
  },
];

describe("ServiceMonitor rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a ServiceMonitor that selects a Service with the port and carries the labels", () => {
    expect(
      findings([...base().all, metricsSvc(), monitor("metrics")], {
        serviceMonitorSelector: { release: "kps" },
      }),
    ).toEqual([]);
  });

  it("accepts a port found on any selected Service, and namespaceSelector any", () => {
    expect(
      findings([...base().all, metricsSvc(), monitor("metrics", { namespaceSelector: { any: true } })]),
    ).toEqual([]);
  });

  it("skips the label check without serviceMonitorSelector", () => {
    const unlabelled = edit(monitor("metrics"), (m) => {
      delete m.metadata.labels;
    });
    expect(findings([...base().all, metricsSvc(), unlabelled])).toEqual([]);
  });
});
