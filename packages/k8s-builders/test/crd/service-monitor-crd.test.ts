/**
 * The ServiceMonitor we type by hand (src/monitoring/service-monitor.ts) against the Prometheus Operator's own
 * CRD: everything `serviceMonitor` and `serviceMonitorFor` emit, over the property-test arbitraries and as a bundle
 * derives them, passes the CRD's schema (unknown fields refused), and the builder generated from the CRD
 * rebuilds the same object from its spec.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deployment } from "../../src/kinds/deployment.ts";
import { serviceFor } from "../../src/kinds/service.ts";
import { serviceMonitor, serviceMonitorFor } from "../../src/monitoring/service-monitor.ts";
import { serviceMonitorOptions, smfInput } from "../fuzz/arb-monitoring.ts";
import { params, TIMEOUT } from "../fuzz/harness.ts";
import { assertCrdValid, crdProblems } from "../support/crd.ts";
import { webContainer } from "../support/fixtures.ts";
import { serviceMonitor as generatedServiceMonitor } from "./generated/monitoring.coreos.com/v1/service-monitor.ts";

const CRD = "monitoring.coreos.com_servicemonitors.yaml";

describe("ServiceMonitor against the Prometheus Operator CRD", () => {
  it(
    "accepts every serviceMonitor the builder emits",
    () => {
      fc.assert(
        fc.property(serviceMonitorOptions, (options) => {
          assertCrdValid(serviceMonitor(options), CRD);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it(
    "accepts every serviceMonitorFor the builder emits",
    () => {
      fc.assert(
        fc.property(smfInput, ({ source, options }) => {
          assertCrdValid(serviceMonitorFor(source, options), CRD);
        }),
        params(),
      );
    },
    TIMEOUT,
  );

  it("accepts ServiceMonitors as a bundle derives them, and the generated builder rebuilds them", () => {
    const app = deployment({ name: "api", namespace: "shop", containers: [webContainer] });
    const monitors = ["http", "metrics"].map((port) =>
      serviceMonitorFor(serviceFor(app), { name: `api-${port}`, port, discoveryLabels: { release: "kps" } }),
    );
    for (const sm of monitors) {
      assertCrdValid(sm, CRD);
      const { name, namespace } = sm.metadata ?? {};
      const rebuilt = generatedServiceMonitor({
        name: name ?? "",
        ...(namespace === undefined ? {} : { namespace }),
        spec: (sm as unknown as { spec: never }).spec,
      });
      expect(rebuilt.spec).toEqual((sm as unknown as { spec: unknown }).spec);
    }
  });

  it("is a check that can fail: a field the CRD does not have is reported", () => {
    const sm = serviceMonitor({ name: "api", selector: { app: "api" }, endpoints: [{ port: "http" }] });
    const broken = {
      ...sm,
      spec: { ...sm.spec, endpoints: [{ ...sm.spec.endpoints[0], portName: "http" }] },
    };
    expect(crdProblems(broken, CRD)).toEqual([
      'spec.endpoints[0].portName: unknown field "portName" (check the spelling)',
    ]);
  });
});
