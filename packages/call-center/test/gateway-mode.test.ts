/**
 * `ingress.controller: "gateway"`: HTTPRoutes instead of Ingresses, attached to a platform Gateway or to the
 * bundle's own (with TLS and an HTTP→HTTPS redirect), the data plane let in by the NetworkPolicies, and the rules
 * across the gateway fields.
 */
import { K8sBuilderError } from "@call-center/k8s-builders";
import { expectValidBundle } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

const platform = {
  ingress: {
    controller: "gateway",
    gateway: { name: "shared", namespace: "gateways", sectionName: "https" },
    controllerNamespace: "envoy-gateway-system",
    controllerPodSelector: { "gateway.envoyproxy.io/owning-gateway-name": "shared" },
  },
};
const own = {
  ingress: {
    controller: "gateway",
    createGateway: true,
    gateway: { name: "edge", className: "envoy-gateway" },
  },
  monitoring: { grafanaRoute: { enabled: true } },
};
// biome-ignore lint/suspicious/noExplicitAny: the tests read the emitted objects' Gateway API fields
const objectsOf = (values: unknown): any[] => callCenter(resolveConfig("production", values));

describe("ingress.controller gateway", () => {
  it("emits one HTTPRoute for /api, /admin and /ws, attached to the platform Gateway, and no Ingress", () => {
    const objects = objectsOf(platform);
    expect(objects.filter((o) => o.kind === "Ingress")).toEqual([]);
    const routes = objects.filter((o) => o.kind === "HTTPRoute");
    expect(routes.map((r) => r.metadata.name)).toEqual(["call-center"]);
    expect(routes[0].spec.parentRefs).toEqual([
      { name: "shared", namespace: "gateways", sectionName: "https" },
    ]);
    expect(routes[0].spec.hostnames).toEqual(["calls.example.com"]);
    expect(
      routes[0].spec.rules.map(
        (r: { matches: { path: { value: string } }[]; backendRefs: { name: string }[] }) => [
          r.matches[0]?.path.value,
          r.backendRefs[0]?.name,
        ],
      ),
    ).toEqual([
      ["/api", "admin-api"],
      ["/admin", "admin-api"],
      ["/ws", "call-processor"],
    ]);
  });

  it("gives /ws the WebSocket timeout and the API none", () => {
    const [route] = objectsOf(platform).filter((o) => o.kind === "HTTPRoute");
    expect(route.spec.rules.map((r: { timeouts?: unknown }) => r.timeouts)).toEqual([
      undefined,
      undefined,
      { request: "1h", backendRequest: "1h" },
    ]);
  });

  it("lets the data plane's pods into the apps through the NetworkPolicies", () => {
    const policy = objectsOf(platform).find(
      (o) => o.kind === "NetworkPolicy" && o.metadata.name === "admin-api",
    );
    expect(policy.spec.ingress[0].from).toContainEqual({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
      podSelector: { matchLabels: { "gateway.envoyproxy.io/owning-gateway-name": "shared" } },
    });
  });

  it("passes the schema checks and validateBundle without findings, the platform Gateway being external", () => {
    const config = resolveConfig("production", platform);
    expect(callCenterCheckOptions(config).external).toEqual(["Gateway/shared"]);
    expectValidBundle(callCenter(config), { warnings: "deny", validate: callCenterCheckOptions(config) });
  });

  it("with createGateway, emits the Gateway with TLS, an HTTP→HTTPS redirect and the routes (Grafana's too)", () => {
    const objects = objectsOf(own);
    const gw = objects.find((o) => o.kind === "Gateway");
    expect(gw.metadata.namespace).toBe("call-center");
    expect(gw.spec).toEqual({
      gatewayClassName: "envoy-gateway",
      listeners: [
        { name: "http", protocol: "HTTP", port: 80, hostname: "calls.example.com" },
        {
          name: "https",
          protocol: "HTTPS",
          port: 443,
          hostname: "calls.example.com",
          tls: { mode: "Terminate", certificateRefs: [{ name: "call-center-tls" }] },
        },
      ],
    });
    const routes = objects.filter((o) => o.kind === "HTTPRoute");
    expect(routes.map((r) => [r.metadata.name, r.spec.parentRefs])).toEqual([
      ["call-center", [{ name: "edge", sectionName: "https" }]],
      ["grafana", [{ name: "edge", sectionName: "https" }]],
      ["call-center-https-redirect", [{ name: "edge", sectionName: "http" }]],
    ]);
    expect(routes[2].spec.rules).toEqual([
      { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
    ]);
    const config = resolveConfig("production", own);
    expectValidBundle(callCenter(config), { warnings: "deny", validate: callCenterCheckOptions(config) });
  });

  it("keeps the Ingresses by default", () => {
    const objects = objectsOf({});
    expect(objects.filter((o) => o.kind === "Ingress").map((o) => o.metadata.name)).toEqual([
      "call-center",
      "call-center-ws",
    ]);
    expect(objects.some((o) => o.kind === "HTTPRoute" || o.kind === "Gateway")).toBe(false);
  });

  it.each([
    { values: { ingress: { controller: "gateway" } }, path: "ingress.gateway", code: "required" },
    {
      values: { ingress: { controller: "gateway", createGateway: true, gateway: { name: "edge" } } },
      path: "ingress.gateway.className",
      code: "required",
    },
    {
      values: { ingress: { controller: "gateway", gateway: { name: "edge", className: "envoy" } } },
      path: "ingress.gateway.className",
      code: "conflicting_options",
    },
    {
      values: { ingress: { gateway: { name: "edge" } } },
      path: "ingress.gateway",
      code: "conflicting_options",
    },
    {
      values: { ingress: { createGateway: true } },
      path: "ingress.createGateway",
      code: "conflicting_options",
    },
    {
      values: { ingress: { ...own.ingress, gateway: { ...own.ingress.gateway, namespace: "other" } } },
      path: "ingress.gateway.namespace",
      code: "conflicting_options",
    },
    {
      values: { ingress: { ...own.ingress, gateway: { ...own.ingress.gateway, sectionName: "https" } } },
      path: "ingress.gateway.sectionName",
      code: "conflicting_options",
    },
    {
      values: { ingress: { ...platform.ingress, className: "nginx" } },
      path: "ingress.className",
      code: "conflicting_options",
    },
  ])("refuses $code at $path", ({ values, path, code }) => {
    let issues: { path: string; code: string }[] = [];
    try {
      resolveConfig("production", values);
    } catch (e) {
      if (!(e instanceof K8sBuilderError)) throw e;
      issues = e.issues.map((i) => ({ path: i.path, code: i.code }));
    }
    expect(issues).toContainEqual({ path, code });
  });
});
