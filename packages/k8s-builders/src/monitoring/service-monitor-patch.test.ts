// The patch option of serviceMonitor and serviceMonitorFor: merged after building (after deriving), and the patched
// ServiceMonitor meets the builder's rules (selector, endpoints, durations, relabelings) at its path in the patch.
import { describe, expect, expectTypeOf, it } from "vitest";
import { assertCrdValid } from "../../test/support/crd.ts";
import { expectIssue } from "../../test/support/errors.ts";
import type { Patch } from "../base/patch-types.ts";
import { service } from "../kinds/service.ts";
import { patch } from "../patch.ts";
import {
  type ServiceMonitor,
  type ServiceMonitorOptions,
  serviceMonitor,
  serviceMonitorFor,
} from "./service-monitor.ts";

const CRD = "monitoring.coreos.com_servicemonitors.yaml";
const options = {
  name: "api",
  namespace: "shop",
  selector: { "app.kubernetes.io/name": "api" },
  endpoints: [{ port: "metrics", interval: "30s" }],
} satisfies ServiceMonitorOptions;
const api = service({
  name: "api",
  namespace: "shop",
  selector: { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api" },
  ports: [{ name: "metrics", port: 9102 }],
});

describe("serviceMonitor patch", () => {
  it("sets a field the options do not model (the namespaces to look in)", () => {
    const sm = serviceMonitor({
      ...options,
      patch: { spec: { namespaceSelector: { matchNames: ["shop", "shop-canary"] } } },
    });
    assertCrdValid(sm, CRD);
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ["shop", "shop-canary"] });
  });

  it("serviceMonitorFor applies the patch after deriving", () => {
    const sm = serviceMonitorFor(api, {
      port: "metrics",
      patch: { spec: { jobLabel: "app.kubernetes.io/name" } },
    });
    assertCrdValid(sm, CRD);
    expect(sm.spec.jobLabel).toBe("app.kubernetes.io/name");
    expect(sm.spec.endpoints).toEqual([{ port: "metrics", path: "/metrics", scheme: "http" }]);
  });

  it("patch() checks a ServiceMonitor with the builder's rules too", () => {
    const sm = serviceMonitor(options);
    expectIssue(() => patch(sm, { spec: { endpoints: [] } }), "required", "spec.endpoints");
    expectIssue(
      () =>
        patch(sm, {
          spec: {
            endpoints: [
              { port: "metrics", path: "/metrics", scheme: "http", interval: "10s", scrapeTimeout: "1m" },
            ],
          },
        }),
      "timeout_exceeds_interval",
      "spec.endpoints[0].scrapeTimeout",
    );
    expect(patch(sm, { spec: { jobLabel: "app" } }).spec.jobLabel).toBe("app");
    // Its metadata are every object's: labels and annotations checked, by the option and by patch().
    expectIssue(
      () => serviceMonitor({ ...options, patch: { metadata: { labels: { "bad label": "x" } } } }),
      "invalid_key",
      'patch.metadata.labels["bad label"]',
    );
    expectIssue(
      () => patch(sm, { metadata: { labels: { "bad label": "x" } } }),
      "invalid_key",
      'metadata.labels["bad label"]',
    );
  });

  it("takes a typed partial of the ServiceMonitor", () => {
    expectTypeOf<NonNullable<ServiceMonitorOptions["patch"]>>().toEqualTypeOf<Patch<ServiceMonitor>>();
  });

  it.each([
    { p: { spec: { selector: { matchLabels: null } } }, code: "too_small", path: "patch.spec.selector" },
    { p: { spec: { endpoints: [] } }, code: "required", path: "patch.spec.endpoints" },
    {
      p: { spec: { endpoints: [{ port: "metrics", path: "/metrics", scheme: "http", interval: "30 s" }] } },
      code: "invalid_format",
      path: "patch.spec.endpoints[0].interval",
    },
    {
      p: {
        spec: {
          endpoints: [
            { port: "metrics", path: "/metrics", scheme: "http", interval: "10s", scrapeTimeout: "1m" },
          ],
        },
      },
      code: "timeout_exceeds_interval",
      path: "patch.spec.endpoints[0].scrapeTimeout",
    },
    {
      p: { spec: { endpoints: [{ port: "Metrics_Port", path: "/metrics", scheme: "http" }] } },
      code: "invalid_format",
      path: "patch.spec.endpoints[0].port",
    },
    {
      p: {
        spec: {
          endpoints: [
            { port: "metrics", path: "/metrics", scheme: "http" },
            { port: "metrics", path: "/metrics", scheme: "https" },
          ],
        },
      },
      code: "duplicate",
      path: "patch.spec.endpoints[1]",
    },
    {
      p: {
        spec: {
          endpoints: [
            {
              port: "metrics",
              path: "/metrics",
              scheme: "http",
              relabelings: [{ action: "replace", regex: "(.*)" }],
            },
          ],
        },
      },
      code: "required",
      path: "patch.spec.endpoints[0].relabelings[0].targetLabel",
    },
  ] as { p: Patch<ServiceMonitor>; code: string; path: string }[])(
    "refuses $path ($code)",
    ({ p, code, path }) => {
      expectIssue(() => serviceMonitor({ ...options, patch: p }), code, path);
    },
  );

  it("serviceMonitorFor reports its patch's problems under patch", () => {
    expectIssue(
      () => serviceMonitorFor(api, { port: "metrics", patch: { spec: { endpoints: [] } } }),
      "required",
      "patch.spec.endpoints",
    );
  });
});
