import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import type { Manifest } from "../../base/manifest.ts";
import { type GatewayOptions, gateway } from "../../kinds/gateway.ts";
import { grpcRoute } from "../../kinds/grpc-route.ts";
import { type HTTPRouteOptions, httpRoute } from "../../kinds/http-route.ts";
import { namespace } from "../../kinds/namespace.ts";
import { secret } from "../../kinds/secret.ts";
import { hostnamesIntersect } from "./gateway-api.ts";

const tlsSecret = (name = "shop-tls", type: "kubernetes.io/tls" | "Opaque" = "kubernetes.io/tls") =>
  secret({ name, namespace: NS, type, stringData: { "tls.crt": "<crt>", "tls.key": "<key>" } });
const gw = (extra: Partial<GatewayOptions> = {}) =>
  gateway({
    name: "edge",
    namespace: NS,
    gatewayClassName: "envoy",
    listeners: [
      { name: "http", protocol: "HTTP", hostname: "shop.example.com" },
      { name: "https", protocol: "HTTPS", hostname: "*.example.com", tls: { certificateRefs: ["shop-tls"] } },
    ],
    ...extra,
  });
const route = (extra: Partial<HTTPRouteOptions> = {}, name = "shop") =>
  httpRoute({
    name,
    namespace: NS,
    parentRefs: [{ gateway: gw(), sectionName: "https" }],
    hostnames: ["shop.example.com"],
    rules: [{ matches: [{ path: { value: "/" } }], backends: [{ service: base().svc }] }],
    ...extra,
  });
const ok = (): Manifest[] => [...base().all, tlsSecret(), gw(), route()];

const rows: Row[] = [
  {
    title: "a backend Service that is not in the bundle",
    objects: () => [
      ...ok().slice(0, -1),
      edit(route(), (r) => {
        r.spec.rules[0].backendRefs[0].name = "wbe";
      }),
    ],
    code: "ROUTE_SERVICE_MISSING",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.rules[0].backendRefs[0].name",
  },
  {
    title: "a backend port the Service does not have",
    objects: () => [
      ...ok().slice(0, -1),
      edit(route(), (r) => {
        r.spec.rules[0].backendRefs[0].port = 81;
      }),
    ],
    code: "ROUTE_SERVICE_PORT_MISSING",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.rules[0].backendRefs[0].port",
  },
  {
    title: "a Gateway that is not in the bundle",
    objects: () => [...base().all, route({ parentRefs: [{ name: "platform", namespace: "gateways" }] })],
    code: "ROUTE_GATEWAY_MISSING",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.parentRefs[0].name",
  },
  {
    title: "a listener the Gateway does not have",
    objects: () => [
      ...base().all,
      tlsSecret(),
      gw(),
      route({ parentRefs: [{ name: "edge", sectionName: "grpc" }] }),
    ],
    code: "ROUTE_LISTENER_MISSING",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.parentRefs[0].sectionName",
  },
  {
    title: "a route of another namespace on a listener that allows its own namespace only",
    objects: () => [
      ...base().all,
      namespace({ name: "edge-ns" }),
      tlsSecret(),
      gw(),
      edit(route(), (r) => {
        r.spec.parentRefs[0].namespace = NS;
        r.metadata.namespace = "edge-ns";
        r.spec.rules[0].backendRefs[0].namespace = NS;
      }),
    ],
    code: "ROUTE_NOT_ALLOWED",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.parentRefs[0]",
  },
  {
    title: "a route kind the listener does not allow",
    objects: () => [
      ...base().all,
      tlsSecret(),
      gw({
        listeners: [
          {
            name: "https",
            protocol: "HTTPS",
            tls: { certificateRefs: ["shop-tls"] },
            allowedRoutes: { kinds: ["GRPCRoute"] },
          },
        ],
      }),
      route(),
    ],
    code: "ROUTE_NOT_ALLOWED",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.parentRefs[0]",
  },
  {
    title: "a namespace without the labels the listener's selector wants",
    objects: () => [
      ...base().all,
      tlsSecret(),
      gw({
        listeners: [
          {
            name: "https",
            protocol: "HTTPS",
            tls: { certificateRefs: ["shop-tls"] },
            allowedRoutes: { namespaces: { selector: { gateway: "edge" } } },
          },
        ],
      }),
      route(),
    ],
    code: "ROUTE_NOT_ALLOWED",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.parentRefs[0]",
  },
  {
    title: "a host name outside the listener's",
    objects: () => [...base().all, tlsSecret(), gw(), route({ hostnames: ["shop.example.org"] })],
    code: "ROUTE_HOSTNAME_OUTSIDE_LISTENER",
    kind: "HTTPRoute",
    name: "shop",
    path: "spec.hostnames[0]",
  },
  {
    title: "two routes claiming the same host name and path",
    objects: () => [...ok(), route({}, "shop-2")],
    code: "ROUTE_MATCH_CONFLICT",
    kind: "HTTPRoute",
    name: "shop-2",
    path: "spec.rules[0].matches[0]",
  },
  {
    title: "a certificate Secret that is not kubernetes.io/tls",
    objects: () => [...base().all, tlsSecret("shop-tls", "Opaque"), gw(), route()],
    code: "GATEWAY_TLS_SECRET_TYPE",
    kind: "Gateway",
    name: "edge",
    path: "spec.listeners[1].tls.certificateRefs[0].name",
  },
  {
    title: "a certificate Secret made outside the bundle",
    objects: () => [...base().all, gw(), route()],
    code: "GATEWAY_TLS_SECRET_EXTERNAL",
    kind: "Gateway",
    name: "edge",
    path: "spec.listeners[1].tls.certificateRefs[0].name",
  },
];

describe("Gateway API rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a Gateway with its routes, Secret and Services", () => {
    expect(findings(ok())).toEqual([]);
  });

  it("accepts an HTTP→HTTPS redirect route next to the HTTPS route for the same host", () => {
    const redirect = route(
      {
        parentRefs: [{ gateway: gw(), sectionName: "http" }],
        rules: [{ filters: [{ requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
      "redirect",
    );
    expect(findings([...ok(), redirect])).toEqual([]);
  });

  it("accepts a GRPCRoute on a listener allowing it, and different paths on one host", () => {
    const grpc = grpcRoute({
      name: "rpc",
      namespace: NS,
      parentRefs: [{ gateway: gw(), sectionName: "https" }],
      hostnames: ["rpc.example.com"],
      rules: [{ backends: [{ service: base().svc }] }],
    });
    const other = route(
      { rules: [{ matches: [{ path: { value: "/api" } }], backends: [{ service: base().svc }] }] },
      "api",
    );
    expect(findings([...ok(), grpc, other])).toEqual([]);
  });

  it("accepts a Gateway the platform team runs when listed in external", () => {
    const r = route({ parentRefs: [{ name: "platform", namespace: "gateways" }] });
    expect(findings([...base().all, r], { external: ["Gateway/platform"] })).toEqual([]);
  });

  it("accepts a namespace selector the route's Namespace matches, and a certificate from cert-manager", () => {
    const labelled = edit(base().ns, (n) => {
      n.metadata.labels.gateway = "edge";
    });
    const g = gw({
      listeners: [
        {
          name: "https",
          protocol: "HTTPS",
          tls: { certificateRefs: ["shop-tls"] },
          allowedRoutes: { namespaces: { selector: { gateway: "edge" } } },
        },
      ],
    });
    const certificate = {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "shop", namespace: NS },
      spec: { secretName: "shop-tls" },
    };
    expect(findings([labelled, ...base().all.slice(1), certificate, g, route()])).toEqual([]);
  });

  it.each([
    [undefined, "a.example.com", true],
    ["a.example.com", "a.example.com", true],
    ["*.example.com", "a.example.com", true],
    ["*.example.com", "a.b.example.com", true],
    ["*.example.com", "example.com", false],
    ["a.example.com", "*.example.com", true],
    ["*.example.com", "*.a.example.com", true],
    ["a.example.com", "b.example.com", false],
    ["*.example.org", "*.example.com", false],
  ] as const)("listener %s and route %s intersect: %s", (listener, host, expected) => {
    expect(hostnamesIntersect(listener, host)).toBe(expected);
  });
});
