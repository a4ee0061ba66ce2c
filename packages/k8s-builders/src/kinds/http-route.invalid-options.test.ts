import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { api, base, rule, web, ws } from "../../test/support/http-route.ts";
import { type HTTPRouteOptions, httpRoute } from "./http-route.ts";

describe("httpRoute", () => {
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
