import { describe, expect, it } from "vitest";
import { base, database, edit, expectRow, findings, type Row } from "../../../test/support/checks.ts";
import { serviceFor } from "../../kinds/service.ts";

const container = "spec.template.spec.containers[0]";

const rows: Row[] = [
  {
    title: "a selector that misses the template's labels",
    objects: () => {
      const { ns, web, svc } = base();
      return [
        ns,
        edit(web, (d) => {
          d.spec.selector.matchLabels["app.kubernetes.io/instance"] = "blue";
        }),
        svc,
      ];
    },
    code: "WORKLOAD_SELECTOR_MISMATCH",
    kind: "Deployment",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "an empty selector",
    objects: () => [
      base().ns,
      edit(base().web, (d) => {
        d.spec.selector = {};
      }),
      base().svc,
    ],
    code: "WORKLOAD_SELECTOR_MISMATCH",
    kind: "Deployment",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "a probe on an unknown port name",
    objects: () => [
      base().ns,
      edit(base().web, (d) => {
        d.spec.template.spec.containers[0].livenessProbe.httpGet.port = "admin";
      }),
      base().svc,
    ],
    code: "PROBE_PORT_UNDECLARED",
    kind: "Deployment",
    name: "web",
    path: `${container}.livenessProbe.httpGet.port`,
  },
  {
    title: "a TCP probe on an undeclared port number",
    objects: () => [
      base().ns,
      edit(base().web, (d) => {
        d.spec.template.spec.containers[0].startupProbe = { tcpSocket: { port: 9999 } };
      }),
      base().svc,
    ],
    code: "PROBE_PORT_UNDECLARED",
    kind: "Deployment",
    name: "web",
    path: `${container}.startupProbe.tcpSocket.port`,
  },
  {
    title: "a gRPC probe on an undeclared port",
    objects: () => [
      base().ns,
      edit(base().web, (d) => {
        d.spec.template.spec.containers[0].readinessProbe = { grpc: { port: 50051 } };
      }),
      base().svc,
    ],
    code: "PROBE_PORT_UNDECLARED",
    kind: "Deployment",
    name: "web",
    path: `${container}.readinessProbe.grpc.port`,
  },
  {
    title: "a StatefulSet whose serviceName names no Service",
    objects: () => [base().ns, database().db],
    code: "STATEFULSET_SERVICE_MISSING",
    kind: "StatefulSet",
    name: "db",
    path: "spec.serviceName",
  },
  {
    title: "a StatefulSet whose serviceName names a ClusterIP Service",
    objects: () => {
      const { db } = database();
      return [base().ns, db, serviceFor(db, { name: "db-headless" })];
    },
    code: "STATEFULSET_SERVICE_NOT_HEADLESS",
    kind: "StatefulSet",
    name: "db",
    path: "spec.serviceName",
  },
];

describe("workload rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a StatefulSet with its headless Service", () => {
    const { db, headless } = database();
    expect(findings([base().ns, db, headless])).toEqual([]);
  });

  it("names the labels that differ", () => {
    const web = edit(base().web, (d) => {
      d.spec.selector.matchLabels["app.kubernetes.io/instance"] = "blue";
    });
    expect(findings([base().ns, web])[0]?.message).toContain(
      'app.kubernetes.io/instance=blue (template: "web")',
    );
  });
});
