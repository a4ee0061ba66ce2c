import { describe, expect, it } from "vitest";
import {
  appContainer,
  base,
  edit,
  expectRow,
  findings,
  NS,
  type Row,
  selectorOf,
} from "../../../test/support/checks.ts";
import { deployment } from "../../kinds/deployment.ts";
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

  it("lists three pods and counts the rest, so a Service over thousands of pods gives short messages", () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      deployment({ name: `web-${i}`, namespace: NS, labels: { tier: "web" }, containers: [appContainer] }),
    );
    for (const d of many)
      (d.spec.template.metadata as { labels: Record<string, string> }).labels.tier = "web";
    const tiered = service({
      name: "tier",
      namespace: NS,
      selector: { tier: "web" },
      ports: [{ port: 80, targetPort: "web" }],
    });
    const f = findings([base().ns, ...many, tiered]).filter((x) => x.code === "SERVICE_TARGET_PORT_UNKNOWN");
    expect(f.map((x) => x.message)).toEqual([
      'Service "shop/tier": targetPort "web"/TCP is not a container port of Deployment "web-0" (ports: http=8080, metrics=9100), Deployment "web-1" (ports: http=8080, metrics=9100), Deployment "web-2" (ports: http=8080, metrics=9100) and 3 more',
    ]);
  });

  it("checks a Service listed twice once (the copy is DUPLICATE_OBJECT's)", () => {
    const bad = svc([{ name: "http", port: 80, targetPort: "web" }]);
    const f = findings([...base().all, bad, structuredClone(bad)]);
    expect(f.filter((x) => x.code === "SERVICE_TARGET_PORT_UNKNOWN")).toHaveLength(1);
    expect(f.filter((x) => x.code === "DUPLICATE_OBJECT")).toHaveLength(1);
  });
});
