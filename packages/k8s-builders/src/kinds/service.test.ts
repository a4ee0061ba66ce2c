import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { webContainer } from "../../test/support/fixtures.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { deployment } from "./deployment.ts";
import { type ServiceOptions, service, serviceFor } from "./service.ts";
import { statefulSet } from "./stateful-set.ts";

const selector = { "app.kubernetes.io/name": "app", "app.kubernetes.io/instance": "app" };
const base = {
  name: "app",
  namespace: "ns",
  selector,
  ports: [{ port: 80, targetPort: "http" }],
} satisfies ServiceOptions;
const app = deployment({ name: "app", namespace: "ns", partOf: "shop", containers: [webContainer] });

describe("service", () => {
  it("defaults to ClusterIP over TCP with the target port equal to the port", () => {
    const s = service({ ...base, ports: [{ port: 8080 }] });
    assertSchemaValid(s);
    expect(s.spec).toEqual({
      type: "ClusterIP",
      selector,
      ports: [{ port: 8080, targetPort: 8080, protocol: "TCP" }],
    });
  });

  it("builds a headless Service", () => {
    const s = service({ ...base, headless: true });
    assertSchemaValid(s);
    expect(s.spec?.clusterIP).toBe("None");
  });

  it("builds NodePort and LoadBalancer Services with traffic policy, node ports and UDP", () => {
    const s = service({
      ...base,
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      loadBalancerSourceRanges: ["203.0.113.0/24"],
      ports: [
        { name: "audio", port: 9092, protocol: "TCP", nodePort: 30092 },
        { name: "rtp", port: 10000, protocol: "UDP" },
      ],
    });
    assertSchemaValid(s);
    expect(s.spec).toMatchObject({
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      loadBalancerSourceRanges: ["203.0.113.0/24"],
      ports: [
        { name: "audio", port: 9092, targetPort: 9092, protocol: "TCP", nodePort: 30092 },
        { name: "rtp", port: 10000, targetPort: 10000, protocol: "UDP" },
      ],
    });
    expect(service({ ...base, type: "NodePort" }).spec?.type).toBe("NodePort");
  });

  it.each([
    { options: { ...base, name: "1app" }, code: "invalid_format", path: "name" },
    // The API server refuses a range with bits set beyond its prefix, and leading zeros.
    ...["10.1.2.3/8", "2001:db8:12::/32", "010.0.0.0/8", "10.0.0.0/33", "10.0.0/8"].map((range) => ({
      options: { ...base, type: "LoadBalancer", loadBalancerSourceRanges: ["203.0.113.0/24", range] },
      code: "invalid_format",
      path: "loadBalancerSourceRanges[1]",
    })),
    { options: { ...base, headless: true, type: "NodePort" }, code: "conflicting_options", path: "headless" },
    // The API server warns that it ignores session affinity on a headless Service.
    {
      options: { ...base, headless: true, sessionAffinity: "ClientIP" },
      code: "conflicting_options",
      path: "sessionAffinity",
    },
    {
      options: { ...base, externalTrafficPolicy: "Local" },
      code: "conflicting_options",
      path: "externalTrafficPolicy",
    },
    { options: { ...base, ports: [{ port: 80 }, { port: 81 }] }, code: "required", path: "ports[0].name" },
    {
      options: {
        ...base,
        ports: [
          { name: "a", port: 80 },
          { name: "a", port: 81 },
        ],
      },
      code: "duplicate",
      path: "ports[1].name",
    },
    {
      options: { ...base, ports: [{ port: 80, nodePort: 30080 }] },
      code: "conflicting_options",
      path: "ports[0].nodePort",
    },
    {
      options: { ...base, type: "NodePort", ports: [{ port: 80, nodePort: 80 }] },
      code: "too_small",
      path: "ports[0].nodePort",
    },
    { options: { ...base, ports: [] }, code: "too_small", path: "ports" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => service(options as ServiceOptions), code, path);
  });
});

describe("serviceFor", () => {
  it("selects exactly the workload's pods and exposes its named ports by name", () => {
    const s = serviceFor(app);
    assertSchemaValid(s);
    expect(s.metadata?.namespace).toBe("ns");
    expect(s.spec?.selector).toEqual(app.spec?.selector?.matchLabels);
    expect(s.spec?.ports).toEqual([
      { name: "http", port: 8080, targetPort: "http", protocol: "TCP" },
      { name: "metrics", port: 9100, targetPort: "metrics", protocol: "TCP" },
    ]);
  });

  it("carries the workload's labels", () => {
    expect(serviceFor(app).metadata?.labels).toEqual(app.metadata?.labels);
  });

  it("exposes chosen ports, with another service port and a type", () => {
    const s = serviceFor(app, {
      name: "app-public",
      type: "LoadBalancer",
      ports: [{ name: "http", port: 80 }],
    });
    assertSchemaValid(s);
    expect(s.metadata?.name).toBe("app-public");
    expect(s.spec).toMatchObject({
      type: "LoadBalancer",
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }],
    });
  });

  it("derives a headless Service from a StatefulSet", () => {
    const db = statefulSet({
      name: "db",
      containers: [
        { name: "db", image: "postgres:16.4", ports: [{ name: "postgres", containerPort: 5432 }] },
      ],
    });
    const s = serviceFor(db, { headless: true });
    expect(s.metadata?.name).toBe(db.spec?.serviceName);
    expect(s.spec?.clusterIP).toBe("None");
  });

  it("refuses a port the workload does not have, naming the ports it has", () => {
    const err = builderError(() => serviceFor(app, { ports: ["grpc"] }));
    expect(err.issues[0]).toMatchObject({ code: "unknown_port", path: "ports[0]" });
    expect(err.issues[0]?.message).toContain("http, metrics");
  });

  it("refuses something that is not a workload", () => {
    expect(builderError(() => serviceFor({} as never)).issues[0]?.code).toBe("invalid_object");
  });
});
