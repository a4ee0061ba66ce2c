// Patches of the Gateway API builders: typed and checked from the fields of their CRDs (the field map), and the
// patched object meets the same listener and route rules as a built one.
import { describe, expect, expectTypeOf, it } from "vitest";
import { assertCrdValid } from "../../test/support/crd.ts";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { Patch } from "../base/patch-types.ts";
import { patch } from "../patch.ts";
import { type Gateway, type GatewayOptions, gateway } from "./gateway.ts";
import { type GRPCRouteOptions, grpcRoute } from "./grpc-route.ts";
import { type HTTPRoute, type HTTPRouteOptions, httpRoute } from "./http-route.ts";
import { service } from "./service.ts";

const gatewayOptions = {
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
const api = service({
  name: "api",
  namespace: "calls",
  selector: { app: "api" },
  ports: [{ name: "http", port: 8080 }],
});
const routeOptions = {
  name: "calls",
  namespace: "calls",
  parentRefs: [{ name: "web", namespace: "edge", sectionName: "https" }],
  rules: [{ matches: [{ path: { value: "/api" } }], backends: [{ service: api }] }],
} satisfies HTTPRouteOptions;
const grpcOptions = {
  name: "dialer",
  namespace: "calls",
  parentRefs: [{ name: "web", namespace: "edge" }],
  rules: [{ backends: [{ service: api }] }],
} satisfies GRPCRouteOptions;

const checked = <T extends object>(o: T, crd: string): T => {
  assertSchemaValid(o);
  assertCrdValid(o, `gateway.networking.k8s.io_${crd}.yaml`);
  return o;
};

describe("gateway patch", () => {
  it("sets a field the options do not model (the Gateway's infrastructure labels)", () => {
    const g = gateway({
      ...gatewayOptions,
      patch: { spec: { infrastructure: { labels: { team: "edge" } } } },
    });
    checked(g, "gateways");
    expect((g.spec as { infrastructure?: unknown }).infrastructure).toEqual({ labels: { team: "edge" } });
    expect(g.spec.listeners).toEqual(gateway(gatewayOptions).spec.listeners);
  });

  it("merges listeners by name: a patched listener keeps its other fields", () => {
    const g = gateway({
      ...gatewayOptions,
      patch: { spec: { listeners: [{ name: "https", allowedRoutes: { namespaces: { from: "All" } } }] } },
    });
    checked(g, "gateways");
    expect(g.spec.listeners[1]).toEqual({
      name: "https",
      protocol: "HTTPS",
      port: 443,
      hostname: "calls.example.com",
      tls: { mode: "Terminate", certificateRefs: [{ name: "calls-tls" }] },
      allowedRoutes: { namespaces: { from: "All" } },
    });
  });

  it.each([
    {
      why: "an HTTPS listener without TLS",
      patch: { spec: { listeners: [{ name: "https", tls: null }] } },
      code: "required",
      path: "patch.spec.listeners[0].tls",
    },
    {
      why: "TLS on an HTTP listener",
      patch: { spec: { listeners: [{ name: "http", tls: { certificateRefs: [{ name: "x" }] } }] } },
      code: "conflicting_options",
      path: "patch.spec.listeners[0].tls",
    },
    {
      why: "two listeners on one port, protocol and host name",
      patch: { spec: { listeners: [{ name: "https", protocol: "HTTP", port: 80, tls: null }] } },
      code: "duplicate",
      path: "patch.spec.listeners[0]",
    },
    {
      why: "a listener kind its protocol cannot serve",
      patch: { spec: { listeners: [{ name: "http", allowedRoutes: { kinds: [{ kind: "TLSRoute" }] } }] } },
      code: "invalid_value",
      path: "patch.spec.listeners[0].allowedRoutes.kinds[0]",
    },
    {
      why: "a host name the builder refuses",
      patch: { spec: { listeners: [{ name: "http", hostname: "Calls_Example" }] } },
      code: "invalid_value",
      path: "patch.spec.listeners[0].hostname",
    },
    {
      why: "a field the CRD does not have",
      patch: { spec: { listners: [] } },
      code: "unknown_option",
      path: "patch.spec.listners",
    },
    {
      why: "a wrong type",
      patch: { spec: { listeners: [{ name: "http", port: "80" }] } },
      code: "invalid_type",
      path: "patch.spec.listeners[0].port",
    },
  ])("refuses $why", ({ patch, code, path }) => {
    expectIssue(() => gateway({ ...gatewayOptions, patch: patch as Patch<Gateway> }), code, path);
  });

  it("reports a listener rule broken by a patch only when the patch breaks it", () => {
    const err = builderError(() =>
      gateway({
        ...gatewayOptions,
        patch: { spec: { listeners: [{ name: "https", tls: { mode: "Passthrough" } }] } },
      }),
    );
    expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([
      { code: "invalid_value", path: "patch.spec.listeners[0].tls.mode" },
      { code: "conflicting_options", path: "patch.spec.listeners[0].tls.certificateRefs" },
    ]);
  });
});

describe("httpRoute patch", () => {
  it("adds a filter the options do not model (a request mirror)", () => {
    const mirror = { type: "RequestMirror", requestMirror: { backendRef: { name: "shadow", port: 8080 } } };
    const r = httpRoute({
      ...routeOptions,
      patch: {
        spec: {
          rules: [
            {
              matches: [{ path: { value: "/api" } }],
              filters: [mirror],
              backendRefs: [{ name: "api", port: 8080 }],
            },
          ],
        },
      },
    });
    checked(r, "httproutes");
    expect(r.spec.rules[0]?.filters).toEqual([mirror]);
  });

  it.each([
    {
      why: "a redirect rule with backends",
      rules: [
        {
          filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https" } }],
          backendRefs: [{ name: "api", port: 8080 }],
        },
      ],
      code: "conflicting_options",
      path: "patch.spec.rules[0].backendRefs",
    },
    {
      why: "a rule without backends or redirect",
      rules: [{ matches: [{ path: { value: "/api" } }] }],
      code: "required",
      path: "patch.spec.rules[0].backendRefs",
    },
    {
      why: "a path the CRD refuses",
      rules: [{ matches: [{ path: { value: "/api//x" } }], backendRefs: [{ name: "api", port: 8080 }] }],
      code: "invalid_format",
      path: "patch.spec.rules[0].matches[0].path.value",
    },
    {
      why: "a backend request timeout over the request timeout",
      rules: [
        { backendRefs: [{ name: "api", port: 8080 }], timeouts: { request: "10s", backendRequest: "1m" } },
      ],
      code: "min_above_max",
      path: "patch.spec.rules[0].timeouts.backendRequest",
    },
    {
      why: "a header set twice",
      rules: [
        {
          backendRefs: [{ name: "api", port: 8080 }],
          filters: [
            {
              type: "RequestHeaderModifier",
              requestHeaderModifier: { set: [{ name: "X-A", value: "1" }], remove: ["x-a"] },
            },
          ],
        },
      ],
      code: "duplicate",
      path: "patch.spec.rules[0].filters[0].requestHeaderModifier.remove[0]",
    },
    {
      why: "a filter without its field",
      rules: [{ backendRefs: [{ name: "api", port: 8080 }], filters: [{ type: "URLRewrite" }] }],
      code: "required",
      path: "patch.spec.rules[0].filters[0].urlRewrite",
    },
    {
      why: "a Service backend without its port",
      rules: [{ backendRefs: [{ name: "api" }] }],
      code: "required",
      path: "patch.spec.rules[0].backendRefs[0].port",
    },
    {
      why: "a duration the CRD refuses",
      rules: [{ backendRefs: [{ name: "api", port: 8080 }], timeouts: { request: "1d" } }],
      code: "invalid_format",
      path: "patch.spec.rules[0].timeouts.request",
    },
  ])("refuses $why", ({ rules, code, path }) => {
    expectIssue(
      () => httpRoute({ ...routeOptions, patch: { spec: { rules } } as Patch<HTTPRoute> }),
      code,
      path,
    );
  });

  it("refuses a parent listed twice without its listener, as patch() does", () => {
    const built = httpRoute(routeOptions);
    const twice = {
      spec: {
        parentRefs: [
          { name: "web", namespace: "edge" },
          { name: "web", namespace: "edge" },
        ],
      },
    };
    expectIssue(() => patch(built, twice), "required", "spec.parentRefs[0].sectionName");
    expectIssue(
      () => httpRoute({ ...routeOptions, patch: twice }),
      "required",
      "patch.spec.parentRefs[0].sectionName",
    );
  });
});

describe("grpcRoute patch", () => {
  it("sets a field the options do not model (a backend's filters)", () => {
    const r = grpcRoute({
      ...grpcOptions,
      patch: {
        spec: {
          rules: [
            {
              backendRefs: [
                {
                  name: "api",
                  port: 8080,
                  filters: [
                    {
                      type: "RequestHeaderModifier",
                      requestHeaderModifier: { add: [{ name: "x-b", value: "1" }] },
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    });
    checked(r, "grpcroutes");
    expect(r.spec.rules[0]?.backendRefs[0]).toEqual({
      name: "api",
      port: 8080,
      filters: [
        { type: "RequestHeaderModifier", requestHeaderModifier: { add: [{ name: "x-b", value: "1" }] } },
      ],
    });
  });

  it.each([
    {
      why: "a rule without backends",
      rules: [{}],
      code: "required",
      path: "patch.spec.rules[0].backendRefs",
    },
    {
      why: "a method name gRPC does not have",
      rules: [{ backendRefs: [{ name: "api", port: 8080 }], matches: [{ method: { method: "dial-it" } }] }],
      code: "invalid_format",
      path: "patch.spec.rules[0].matches[0].method.method",
    },
    {
      why: "a match of neither service nor method",
      rules: [{ backendRefs: [{ name: "api", port: 8080 }], matches: [{ method: { type: "Exact" } }] }],
      code: "required",
      path: "patch.spec.rules[0].matches[0].method",
    },
  ])("refuses $why", ({ rules, code, path }) => {
    expectIssue(() => grpcRoute({ ...grpcOptions, patch: { spec: { rules } } }), code, path);
  });
});

describe("types of Gateway API patches", () => {
  it("are partials of the CRDs' types, not only of the fields the builders write", () => {
    expectTypeOf<{ spec: { infrastructure: { labels: { a: string } } } }>().toExtend<Patch<Gateway>>();
    expectTypeOf<{ spec: { rules: { name: string }[] } }>().toExtend<Patch<HTTPRoute>>();
    // Compiled, not run: each call is refused by the type checker.
    const refused = [
      // @ts-expect-error a field the Gateway CRD does not have
      () => gateway({ ...gatewayOptions, patch: { spec: { listners: [] } } }),
      // @ts-expect-error listeners merge by name: a patched listener needs its name
      () => gateway({ ...gatewayOptions, patch: { spec: { listeners: [{ port: 8080 }] } } }),
      // @ts-expect-error a port is a number
      () => httpRoute({ ...routeOptions, patch: { spec: { parentRefs: [{ name: "web", port: "443" }] } } }),
    ];
    expect(refused).toHaveLength(3);
  });
});
