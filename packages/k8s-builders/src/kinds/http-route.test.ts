import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertCrdValid } from "../../test/support/crd.ts";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { gateway } from "./gateway.ts";
import { type HTTPRouteOptions, httpRoute } from "./http-route.ts";
import { httpPathProblem } from "./http-route-rules.ts";
import { service } from "./service.ts";

const CRD = "gateway.networking.k8s.io_httproutes.yaml";
const api = service({
  name: "admin-api",
  namespace: "calls",
  selector: { app: "admin-api" },
  ports: [
    { name: "http", port: 8080 },
    { name: "metrics", port: 9090 },
  ],
});
const ws = service({
  name: "call-processor",
  namespace: "calls",
  selector: { app: "cp" },
  ports: [{ port: 8081 }],
});
const web = gateway({
  name: "web",
  namespace: "edge",
  gatewayClassName: "envoy",
  listeners: [
    { name: "http", protocol: "HTTP" },
    { name: "https", protocol: "HTTPS", tls: { certificateRefs: ["calls-tls"] } },
  ],
});
const base = {
  name: "calls",
  namespace: "calls",
  parentRefs: [{ gateway: web, sectionName: "https" }],
  hostnames: ["calls.example.com"],
  rules: [{ matches: [{ path: { value: "/api" } }], backends: [{ service: api, port: "http" }] }],
} satisfies HTTPRouteOptions;

const valid = (o: HTTPRouteOptions) => {
  const r = httpRoute(o);
  assertSchemaValid(r);
  assertCrdValid(r, CRD);
  return r;
};

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

  const rule = (extra: object) => ({
    ...base,
    rules: [{ backends: [{ service: api, port: "http" }], ...extra }],
  });
  const path = (value: string) => rule({ matches: [{ path: { value } }] });
  it.each([
    { options: { ...base, parentRefs: [] }, code: "too_small", path: "parentRefs" },
    {
      options: { ...base, parentRefs: [{ name: "UPPER" }] },
      code: "invalid_format",
      path: "parentRefs[0].name",
    },
    { options: { ...base, hostnames: ["a.*.example.com"] }, code: "invalid_value", path: "hostnames[0]" },
    { options: { ...base, hostnames: ["192.168.0.1"] }, code: "invalid_value", path: "hostnames[0]" },
    {
      options: { ...base, parentRefs: [{ gateway: web, sectionName: "grpc" }] },
      code: "unknown_listener",
      path: "parentRefs[0].sectionName",
    },
    {
      options: { ...base, parentRefs: [{ gateway: web, sectionName: "https", port: 80 }] },
      code: "unknown_listener",
      path: "parentRefs[0].port",
    },
    {
      options: { ...base, parentRefs: [{ gateway: web, port: 8443 }] },
      code: "unknown_listener",
      path: "parentRefs[0].port",
    },
    {
      options: { ...base, parentRefs: [web, { gateway: web, sectionName: "http" }] },
      code: "required",
      path: "parentRefs[0].sectionName",
    },
    {
      options: {
        ...base,
        parentRefs: [
          { gateway: web, sectionName: "http" },
          { name: "web", namespace: "edge", sectionName: "http" },
        ],
      },
      code: "duplicate",
      path: "parentRefs[1].sectionName",
    },
    { options: path("api"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a//b"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a/../b"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a%2Fb"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a#b"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a b"), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    { options: path("/a/."), code: "invalid_format", path: "rules[0].matches[0].path.value" },
    {
      options: rule({
        matches: [
          {
            headers: [
              { name: "X-A", value: "1" },
              { name: "x-a", value: "2" },
            ],
          },
        ],
      }),
      code: "duplicate",
      path: "rules[0].matches[0].headers[1].name",
    },
    {
      options: rule({ matches: [{ headers: [{ name: "X A", value: "1" }] }] }),
      code: "invalid_format",
      path: "rules[0].matches[0].headers[0].name",
    },
    {
      options: rule({ matches: [{ method: "get" }] }),
      code: "invalid_value",
      path: "rules[0].matches[0].method",
    },
    {
      options: { ...base, rules: [{ backends: [{ service: api, port: "grpc" }] }] },
      code: "unknown_port",
      path: "rules[0].backends[0].port",
    },
    {
      options: { ...base, rules: [{ backends: [{ service: api, port: 81 }] }] },
      code: "unknown_port",
      path: "rules[0].backends[0].port",
    },
    {
      options: { ...base, rules: [{ backends: [{ service: api }] }] },
      code: "required",
      path: "rules[0].backends[0].port",
    },
    {
      options: { ...base, rules: [{ backends: [{ service: { kind: "Deployment" } }] }] },
      code: "invalid_value",
      path: "rules[0].backends[0].service",
    },
    {
      options: { ...base, rules: [{ matches: [{ path: { value: "/" } }] }] },
      code: "required",
      path: "rules[0].backends",
    },
    {
      options: rule({ filters: [{ requestRedirect: { scheme: "https" } }] }),
      code: "conflicting_options",
      path: "rules[0].backends",
    },
    {
      options: {
        ...base,
        rules: [
          {
            filters: [
              { requestRedirect: { scheme: "https" } },
              { urlRewrite: { hostname: "a.example.com" } },
            ],
          },
        ],
      },
      code: "conflicting_options",
      path: "rules[0].filters",
    },
    {
      options: rule({
        filters: [
          { requestHeaderModifier: { set: { A: "1" } } },
          { requestHeaderModifier: { set: { B: "1" } } },
        ],
      }),
      code: "duplicate",
      path: "rules[0].filters[1]",
    },
    {
      options: rule({ filters: [{ requestHeaderModifier: { set: { A: "1" }, remove: ["a"] } }] }),
      code: "duplicate",
      path: "rules[0].filters[0].requestHeaderModifier.remove[0]",
    },
    {
      options: rule({ filters: [{ requestHeaderModifier: {} }] }),
      code: "required",
      path: "rules[0].filters[0].requestHeaderModifier",
    },
    {
      options: rule({
        matches: [{ path: { value: "/a" } }, { path: { value: "/b" } }],
        filters: [{ urlRewrite: { path: { replacePrefixMatch: "/" } } }],
      }),
      code: "invalid_value",
      path: "rules[0].filters[0].urlRewrite.path.replacePrefixMatch",
    },
    {
      options: rule({
        matches: [{ path: { type: "Exact", value: "/a" } }],
        filters: [{ urlRewrite: { path: { replacePrefixMatch: "/" } } }],
      }),
      code: "invalid_value",
      path: "rules[0].filters[0].urlRewrite.path.replacePrefixMatch",
    },
    {
      options: rule({ filters: [{ requestRedirect: { statusCode: 304 } }] }),
      code: "invalid_value",
      path: "rules[0].filters[0].requestRedirect.statusCode",
    },
    {
      options: rule({ timeouts: { request: "10s", backendRequest: "1m" } }),
      code: "min_above_max",
      path: "rules[0].timeouts.backendRequest",
    },
    {
      options: rule({ timeouts: { request: "1.5s" } }),
      code: "invalid_format",
      path: "rules[0].timeouts.request",
    },
    {
      options: rule({ timeouts: { request: "1d" } }),
      code: "invalid_format",
      path: "rules[0].timeouts.request",
    },
    {
      options: rule({ timeouts: { request: "123456s" } }),
      code: "invalid_format",
      path: "rules[0].timeouts.request",
    },
    {
      options: { ...base, rules: [rule({ name: "a" }).rules[0], rule({ name: "a" }).rules[0]] },
      code: "duplicate",
      path: "rules[1].name",
    },
    {
      options: {
        ...base,
        rules: [64, 64, 1].map((n) => ({
          matches: Array.from({ length: n }, () => ({ path: { value: "/" } })),
          backends: [{ service: ws }],
        })),
      },
      code: "too_big",
      path: "rules",
    },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => httpRoute(options as HTTPRouteOptions), code, path);
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

  // A route writes the Gateway object's name and namespace into its parentRefs: an object edited by hand (or read
  // from YAML) with a name or namespace Kubernetes refuses is refused here, not written.
  it.each([
    [{ gateway: { ...web, metadata: { ...web.metadata, name: "x".repeat(254) } } }, "parentRefs[0].gateway"],
    [{ ...web, metadata: { ...web.metadata, namespace: "Bad NS" } }, "parentRefs[0]"],
  ])("refuses a Gateway object whose metadata a route cannot copy (%#)", (parent, path) => {
    expectIssue(() => httpRoute({ ...base, parentRefs: [parent as never] }), "invalid_value", path);
  });

  // A hole in a hand-edited Gateway object's listeners is a listener without a name: no listener "https".
  it("reads a sparse list of listeners of a Gateway object without a TypeError", () => {
    const listeners = [...web.spec.listeners];
    delete listeners[1];
    const sparse = { ...web, spec: { ...web.spec, listeners } };
    expectIssue(
      () => httpRoute({ ...base, parentRefs: [{ gateway: sparse, sectionName: "https" }] }),
      "unknown_listener",
      "parentRefs[0].sectionName",
    );
  });

  it("reports every problem at once", () => {
    const err = builderError(() =>
      httpRoute({
        ...base,
        rules: [{ matches: [{ path: { value: "x" } }], backends: [{ service: api, port: 1 }] }],
      }),
    );
    expect(err.issues.map((i) => i.code).sort()).toEqual(["invalid_format", "unknown_port"]);
  });
});

// Path segments of the URL path characters the CRD allows (its CEL rule), without the sequences it refuses.
const segment = fc.stringMatching(/^[-A-Za-z0-9_~!$&'()*+,;=:@]{1,8}$/);
const goodPath = fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join("/")}`);

describe("httpRoute (properties)", () => {
  it("builds every absolute path of URL characters as a PathPrefix and Exact match, valid for the CRD", () => {
    fc.assert(
      fc.property(
        goodPath,
        fc.constantFrom("PathPrefix", "Exact") as fc.Arbitrary<"PathPrefix" | "Exact">,
        (value, type) => {
          expect(httpPathProblem(value)).toBeUndefined();
          const r = valid({
            ...base,
            rules: [{ matches: [{ path: { type, value } }], backends: [{ service: ws }] }],
          });
          expect(r.spec.rules[0]?.matches?.[0]?.path).toEqual({ type, value });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses a path holding a sequence the CRD refuses, wherever it is", () => {
    fc.assert(
      fc.property(
        goodPath,
        fc.constantFrom("//", "/./", "/../", "%2f", "%2F", "#", " ", "?"),
        goodPath,
        (a, bad, b) => {
          const value = `${a}${bad}${b.slice(1)}`;
          expectIssue(
            () =>
              httpRoute({
                ...base,
                rules: [{ matches: [{ path: { value } }], backends: [{ service: ws }] }],
              }),
            "invalid_format",
            "rules[0].matches[0].path.value",
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps backendRequest at most request for any pair of durations", () => {
    const duration = fc
      .tuple(fc.integer({ min: 0, max: 99999 }), fc.constantFrom("h", "m", "s", "ms"))
      .map(([n, u]) => `${n}${u}`);
    fc.assert(
      fc.property(duration, duration, (request, backendRequest) => {
        const ms = (d: string) =>
          Number(d.match(/^\d+/)?.[0]) *
          { h: 3600000, m: 60000, s: 1000, ms: 1 }[d.replace(/^\d+/, "") as "h"];
        const options = {
          ...base,
          rules: [{ backends: [{ service: ws }], timeouts: { request, backendRequest } }],
        };
        if (ms(request) !== 0 && ms(backendRequest) > ms(request)) {
          expectIssue(() => httpRoute(options), "min_above_max", "rules[0].timeouts.backendRequest");
        } else {
          expect(valid(options).spec.rules[0]?.timeouts).toEqual({ request, backendRequest });
        }
      }),
      { numRuns: 100 },
    );
  });
});
