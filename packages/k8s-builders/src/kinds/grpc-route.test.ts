import { describe, expect, it } from "vitest";
import { assertCrdValid } from "../../test/support/crd.ts";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { gateway } from "./gateway.ts";
import { type GRPCRouteOptions, grpcRoute } from "./grpc-route.ts";
import { service } from "./service.ts";

const CRD = "gateway.networking.k8s.io_grpcroutes.yaml";
const dialer = service({
  name: "dialer",
  namespace: "calls",
  selector: { app: "dialer" },
  ports: [{ name: "grpc", port: 9000 }],
});
const web = gateway({
  name: "web",
  namespace: "calls",
  gatewayClassName: "envoy",
  listeners: [{ name: "https", protocol: "HTTPS", tls: { certificateRefs: ["grpc-tls"] } }],
});
const base = {
  name: "dialer",
  namespace: "calls",
  parentRefs: [web],
  hostnames: ["grpc.example.com"],
  rules: [
    {
      matches: [{ method: { service: "calls.v1.Dialer", method: "Dial" } }],
      backends: [{ service: dialer }],
    },
  ],
} satisfies GRPCRouteOptions;

describe("grpcRoute", () => {
  it("routes a gRPC service and method to a Service port, attached to a Gateway of its namespace", () => {
    const r = grpcRoute(base);
    assertSchemaValid(r);
    assertCrdValid(r, CRD);
    expect(r.spec).toEqual({
      parentRefs: [{ name: "web" }],
      hostnames: ["grpc.example.com"],
      rules: [
        {
          matches: [{ method: { service: "calls.v1.Dialer", method: "Dial" } }],
          backendRefs: [{ name: "dialer", port: 9000 }],
        },
      ],
    });
  });

  it("writes header matches and header modifiers", () => {
    const r = grpcRoute({
      ...base,
      rules: [
        {
          matches: [{ headers: [{ name: "x-tenant", value: "a" }] }],
          filters: [{ requestHeaderModifier: { add: { "x-route": "grpc" } } }],
          backends: [{ service: dialer, port: "grpc" }],
        },
      ],
    });
    assertCrdValid(r, CRD);
    expect(r.spec.rules[0]).toEqual({
      matches: [{ headers: [{ name: "x-tenant", value: "a" }] }],
      filters: [
        {
          type: "RequestHeaderModifier",
          requestHeaderModifier: { add: [{ name: "x-route", value: "grpc" }] },
        },
      ],
      backendRefs: [{ name: "dialer", port: 9000 }],
    });
  });

  const m = (method: object) => ({
    ...base,
    rules: [{ matches: [{ method }], backends: [{ service: dialer }] }],
  });
  it.each([
    { options: m({}), code: "required", path: "rules[0].matches[0].method" },
    {
      options: m({ service: "calls/v1" }),
      code: "invalid_format",
      path: "rules[0].matches[0].method.service",
    },
    { options: m({ method: "Dial-Now" }), code: "invalid_format", path: "rules[0].matches[0].method.method" },
    { options: { ...base, rules: [{ backends: [] }] }, code: "too_small", path: "rules[0].backends" },
    {
      options: { ...base, rules: [{ backends: [{ service: dialer, port: 9001 }] }] },
      code: "unknown_port",
      path: "rules[0].backends[0].port",
    },
    {
      options: { ...base, rules: [{ filters: [{ requestRedirect: {} }], backends: [{ service: dialer }] }] },
      code: "invalid_type",
      path: "rules[0].filters[0]",
    },
    {
      options: { ...base, parentRefs: [{ gateway: web, sectionName: "http" }] },
      code: "unknown_listener",
      path: "parentRefs[0].sectionName",
    },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => grpcRoute(options as GRPCRouteOptions), code, path);
  });

  it("accepts a regular expression for service and method", () => {
    const r = grpcRoute(m({ service: "calls\\.v[0-9]+\\..*", type: "RegularExpression" }));
    assertCrdValid(r, CRD);
    expect(r.spec.rules[0]?.matches?.[0]?.method?.type).toBe("RegularExpression");
  });
});
