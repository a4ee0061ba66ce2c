import { describe, expect, it } from "vitest";
import { api, base, rule, valid, web, ws } from "../../test/support/http-route.ts";
import type { HTTPRouteOptions } from "./http-route.ts";
import { service } from "./service.ts";

// The options refused are in http-route.invalid-options.test.ts, the property tests in http-route.properties.test.ts.
describe("httpRoute", () => {
  it("attaches to a Gateway object's listener and routes a path prefix to a Service port by number", () => {
    const r = valid(base);
    expect(r.kind).toBe("HTTPRoute");
    expect(r.spec).toEqual({
      parentRefs: [{ name: "web", namespace: "edge", sectionName: "https" }],
      hostnames: ["calls.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/api" } }],
          backendRefs: [{ name: "admin-api", port: 8080 }],
        },
      ],
    });
  });

  it("takes a Service's only port when none is named, and writes weights", () => {
    const r = valid({ ...base, rules: [{ backends: [{ service: ws, weight: 90 }] }] });
    expect(r.spec.rules[0]?.backendRefs).toEqual([{ name: "call-processor", port: 8081, weight: 90 }]);
  });

  it("writes a parent by name without a namespace when it is the route's, and a bare Gateway object", () => {
    const r = valid({ ...base, parentRefs: [{ name: "shared", namespace: "calls", port: 443 }, web] });
    expect(r.spec.parentRefs).toEqual([
      { name: "shared", port: 443 },
      { name: "web", namespace: "edge" },
    ]);
  });

  it("writes a backend Service of another namespace with its namespace", () => {
    const other = service({
      name: "auth",
      namespace: "iam",
      selector: { app: "auth" },
      ports: [{ port: 80 }],
    });
    const r = valid({ ...base, rules: [{ backends: [{ service: other }] }] });
    expect(r.spec.rules[0]?.backendRefs).toEqual([{ name: "auth", namespace: "iam", port: 80 }]);
  });

  it("writes header, query and method matches and timeouts", () => {
    const r = valid({
      ...base,
      rules: [
        {
          name: "ws",
          matches: [
            {
              path: { type: "Exact", value: "/ws" },
              headers: [{ name: "Upgrade", value: "websocket" }],
              queryParams: [{ name: "v", value: "2", type: "Exact" }],
              method: "GET",
            },
          ],
          backends: [{ service: ws }],
          timeouts: { request: "0s", backendRequest: "1h" },
        },
      ],
    });
    expect(r.spec.rules[0]).toEqual({
      name: "ws",
      matches: [
        {
          path: { type: "Exact", value: "/ws" },
          headers: [{ name: "Upgrade", value: "websocket" }],
          queryParams: [{ name: "v", value: "2", type: "Exact" }],
          method: "GET",
        },
      ],
      backendRefs: [{ name: "call-processor", port: 8081 }],
      timeouts: { request: "0s", backendRequest: "1h" },
    });
  });

  it("writes an HTTP→HTTPS redirect rule without backends", () => {
    const r = valid({
      ...base,
      parentRefs: [{ gateway: web, sectionName: "http" }],
      rules: [{ filters: [{ requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    });
    expect(r.spec.rules).toEqual([
      { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
    ]);
  });

  it("writes header modifiers and a prefix rewrite", () => {
    const r = valid({
      ...base,
      rules: [
        {
          matches: [{ path: { value: "/admin" } }],
          filters: [
            { requestHeaderModifier: { set: { "X-Forwarded-Prefix": "/admin" }, remove: ["X-Debug"] } },
            { responseHeaderModifier: { add: { "Cache-Control": "no-store" } } },
            { urlRewrite: { path: { replacePrefixMatch: "/" } } },
          ],
          backends: [{ service: api, port: 8080 }],
        },
      ],
    });
    expect(r.spec.rules[0]?.filters).toEqual([
      {
        type: "RequestHeaderModifier",
        requestHeaderModifier: {
          set: [{ name: "X-Forwarded-Prefix", value: "/admin" }],
          remove: ["X-Debug"],
        },
      },
      {
        type: "ResponseHeaderModifier",
        responseHeaderModifier: { add: [{ name: "Cache-Control", value: "no-store" }] },
      },
      { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/" } } },
    ]);
  });

  // The API server (the CRD's CEL rule) takes 128 matches in all; only its message says "less than 128".
  it("builds 128 matches in all", () => {
    const r = valid({
      ...base,
      rules: [64, 64].map((n) => ({
        matches: Array.from({ length: n }, () => ({ path: { value: "/" } })),
        backends: [{ service: ws }],
      })),
    });
    expect(r.spec.rules.flatMap((x) => x.matches ?? [])).toHaveLength(128);
  });

  // Kubernetes defaults missing matches (and a match's missing path) to the PathPrefix `/`: the server takes it.
  it.each([
    ["without matches", undefined],
    ["with a match without a path", [{ method: "GET" as const }]],
  ])("builds replacePrefixMatch in a rule %s", (_, matches) => {
    const r = valid(
      rule({
        ...(matches === undefined ? {} : { matches }),
        filters: [{ urlRewrite: { path: { replacePrefixMatch: "/v2" } } }],
      }) as HTTPRouteOptions,
    );
    expect(r.spec.rules[0]?.filters).toEqual([
      { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/v2" } } },
    ]);
  });
});
