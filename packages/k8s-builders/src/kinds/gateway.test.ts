import { describe, expect, it } from "vitest";
import { assertCrdValid } from "../../test/support/crd.ts";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { type GatewayOptions, gateway } from "./gateway.ts";

const CRD = "gateway.networking.k8s.io_gateways.yaml";
const base = {
  name: "web",
  namespace: "edge",
  gatewayClassName: "envoy",
  listeners: [
    { name: "http", protocol: "HTTP", hostname: "calls.example.com" },
    {
      name: "https",
      protocol: "HTTPS",
      hostname: "calls.example.com",
      tls: { certificateRefs: ["calls-tls"] },
    },
  ],
} satisfies GatewayOptions;

const valid = (o: GatewayOptions) => {
  const g = gateway(o);
  assertSchemaValid(g);
  assertCrdValid(g, CRD);
  return g;
};

describe("gateway", () => {
  it("writes the listeners with the protocol's port and TLS mode Terminate", () => {
    const g = valid(base);
    expect(g.apiVersion).toBe("gateway.networking.k8s.io/v1");
    expect(g.metadata.namespace).toBe("edge");
    expect(g.spec).toEqual({
      gatewayClassName: "envoy",
      listeners: [
        { name: "http", protocol: "HTTP", port: 80, hostname: "calls.example.com" },
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: "calls.example.com",
          tls: { mode: "Terminate", certificateRefs: [{ name: "calls-tls" }] },
        },
      ],
    });
  });

  it("writes allowedRoutes: namespaces by selector and kinds", () => {
    const g = valid({
      ...base,
      listeners: [
        {
          name: "https",
          protocol: "HTTPS",
          port: 8443,
          tls: { certificateRefs: [{ name: "wild-tls", namespace: "certs" }] },
          allowedRoutes: { namespaces: { selector: { team: "calls" } }, kinds: ["HTTPRoute", "GRPCRoute"] },
        },
      ],
    });
    expect(g.spec.listeners[0]).toEqual({
      name: "https",
      protocol: "HTTPS",
      port: 8443,
      tls: { mode: "Terminate", certificateRefs: [{ name: "wild-tls", namespace: "certs" }] },
      allowedRoutes: {
        namespaces: { from: "Selector", selector: { matchLabels: { team: "calls" } } },
        kinds: [{ kind: "HTTPRoute" }, { kind: "GRPCRoute" }],
      },
    });
  });

  it("writes a TLS passthrough listener without certificates", () => {
    const g = valid({
      ...base,
      listeners: [
        { name: "sip", protocol: "TLS", hostname: "sip.example.com", tls: { mode: "Passthrough" } },
      ],
    });
    expect(g.spec.listeners[0]?.tls).toEqual({ mode: "Passthrough" });
    expect(g.spec.listeners[0]?.port).toBe(443);
  });

  it("writes allowedRoutes namespaces All as from: All", () => {
    const g = valid({
      ...base,
      listeners: [{ name: "http", protocol: "HTTP", allowedRoutes: { namespaces: "All" } }],
    });
    expect(g.spec.listeners[0]?.allowedRoutes).toEqual({ namespaces: { from: "All" } });
  });

  const l = (extra: object) => ({ ...base, listeners: [{ name: "x", protocol: "HTTP", ...extra }] });
  it.each([
    { options: { ...base, listeners: [] }, code: "too_small", path: "listeners" },
    { options: { ...base, gatewayClassName: undefined }, code: "required", path: "gatewayClassName" },
    { options: l({ protocol: "TCP" }), code: "invalid_value", path: "listeners[0].protocol" },
    { options: l({ hostname: "*.*.example.com" }), code: "invalid_value", path: "listeners[0].hostname" },
    { options: l({ hostname: "a.*.example.com" }), code: "invalid_value", path: "listeners[0].hostname" },
    { options: l({ hostname: "10.0.0.1" }), code: "invalid_value", path: "listeners[0].hostname" },
    { options: l({ hostname: "Calls.example.com" }), code: "invalid_value", path: "listeners[0].hostname" },
    { options: l({ port: 0 }), code: "too_small", path: "listeners[0].port" },
    {
      options: l({ tls: { certificateRefs: ["a"] } }),
      code: "conflicting_options",
      path: "listeners[0].tls",
    },
    { options: l({ protocol: "HTTPS" }), code: "required", path: "listeners[0].tls" },
    { options: l({ protocol: "TLS" }), code: "required", path: "listeners[0].tls" },
    {
      options: l({ protocol: "HTTPS", tls: {} }),
      code: "required",
      path: "listeners[0].tls.certificateRefs",
    },
    {
      options: l({ protocol: "HTTPS", tls: { mode: "Passthrough" } }),
      code: "invalid_value",
      path: "listeners[0].tls.mode",
    },
    {
      options: l({ protocol: "TLS", tls: { mode: "Passthrough", certificateRefs: ["a"] } }),
      code: "conflicting_options",
      path: "listeners[0].tls.certificateRefs",
    },
    {
      options: l({ allowedRoutes: { kinds: ["TLSRoute"] } }),
      code: "invalid_value",
      path: "listeners[0].allowedRoutes.kinds[0]",
    },
    {
      options: l({ allowedRoutes: { kinds: ["HTTPRoute", "HTTPRoute"] } }),
      code: "duplicate",
      path: "listeners[0].allowedRoutes.kinds[1]",
    },
    {
      options: l({ allowedRoutes: { namespaces: "None" } }),
      code: "invalid_value",
      path: "listeners[0].allowedRoutes.namespaces",
    },
    {
      options: { ...base, listeners: [base.listeners[0], { ...base.listeners[0], port: 8080 }] },
      code: "duplicate",
      path: "listeners[1].name",
    },
    {
      options: { ...base, listeners: [base.listeners[0], { ...base.listeners[0], name: "other" }] },
      code: "duplicate",
      path: "listeners[1]",
    },
    { options: l({ tlss: {} }), code: "unknown_option", path: "listeners[0].tlss" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => gateway(options as GatewayOptions), code, path);
  });
});
