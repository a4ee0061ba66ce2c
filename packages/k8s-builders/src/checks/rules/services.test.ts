import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row, selectorOf } from "../../../test/support/checks.ts";
import { service } from "../../kinds/service.ts";

const svc = (ports: Parameters<typeof service>[0]["ports"], selector = selectorOf("web")) =>
  service({ name: "api", namespace: NS, selector, ports });

const rows: Row[] = [
  {
    title: "a selector that matches no workload",
    objects: () => [...base().all, svc([{ port: 80 }], { "app.kubernetes.io/name": "wbe" })],
    code: "SERVICE_SELECTS_NOTHING",
    kind: "Service",
    name: "api",
    path: "spec.selector",
  },
  {
    title: "a targetPort name the pods do not have",
    objects: () => [...base().all, svc([{ name: "http", port: 80, targetPort: "web" }])],
    code: "SERVICE_TARGET_PORT_UNKNOWN",
    kind: "Service",
    name: "api",
    path: "spec.ports[0].targetPort",
  },
  {
    title: "a targetPort number the pods do not declare",
    objects: () => [...base().all, svc([{ name: "http", port: 80, targetPort: 8081 }])],
    code: "SERVICE_TARGET_PORT_UNKNOWN",
    kind: "Service",
    name: "api",
    path: "spec.ports[0].targetPort",
  },
  {
    title: "a port without targetPort whose number the pods do not declare",
    objects: () => [
      ...base().all,
      edit(svc([{ port: 80 }]), (s) => {
        delete s.spec.ports[0].targetPort;
      }),
    ],
    code: "SERVICE_TARGET_PORT_UNKNOWN",
    kind: "Service",
    name: "api",
    path: "spec.ports[0].port",
  },
  {
    title: "a targetPort of another protocol",
    objects: () => [...base().all, svc([{ name: "http", port: 8080, targetPort: "http", protocol: "UDP" }])],
    code: "SERVICE_TARGET_PORT_UNKNOWN",
    kind: "Service",
    name: "api",
    path: "spec.ports[0].targetPort",
  },
];

describe("service rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts targetPorts by name or number, and Services without a selector", () => {
    const extra = [
      svc([
        { name: "http", port: 80, targetPort: "http" },
        { name: "metrics", port: 9100 },
      ]),
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "ext", namespace: NS },
        spec: { type: "ExternalName", externalName: "example.com" },
      },
      {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "manual", namespace: NS },
        spec: { ports: [{ port: 5432 }] },
      },
    ];
    expect(findings([...base().all, ...extra])).toEqual([]);
  });

  it("names the workload and the ports it has", () => {
    expect(findings([...base().all, svc([{ name: "http", port: 80, targetPort: "web" }])])[0]?.message).toBe(
      'Service "shop/api": targetPort "web"/TCP is not a container port of Deployment "web" (ports: http=8080, metrics=9100)',
    );
  });
});
