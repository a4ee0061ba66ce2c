// Fuzzing gateway, httpRoute and grpcRoute: valid options (arb-gateway.ts), each rule of the builders broken once
// (mutations-gateway.ts), and junk; test/apiserver sends samples of both to a real API server with the Gateway
// API CRDs installed. Then the builders and the checks of their patched objects judge alike: whatever options a
// builder accepts give an object that the checks of a built or patched object (its CRD's fields, the formats of
// the options, the listener and route rules) accept too, and a patch that changes nothing changes nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { type GatewayOptions, gateway } from "../../src/kinds/gateway.ts";
import { type GRPCRouteOptions, grpcRoute } from "../../src/kinds/grpc-route.ts";
import { type HTTPRouteOptions, httpRoute } from "../../src/kinds/http-route.ts";
import { objectIssues } from "../../src/kinds/object-checks.ts";
import { service } from "../../src/kinds/service.ts";
import { checksOf, patch } from "../../src/patch.ts";
import {
  gatewayOptions as validGateway,
  grpcRouteOptions as validGrpc,
  httpRouteOptions as validHttp,
} from "./arb-gateway.ts";
import { RUNS, TIMEOUT } from "./harness.ts";
import { gatewayMutations, grpcRouteMutations, httpRouteMutations } from "./mutations-gateway.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

describe("gateway (fuzz)", () => {
  it.for(
    fuzz<GatewayOptions>({
      subject: { builder: "gateway", build: (o) => gateway(o), ...k8s },
      valid: validGateway,
      mutators: gatewayMutations,
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("httpRoute (fuzz)", () => {
  it.for(
    fuzz<HTTPRouteOptions>({
      subject: { builder: "httpRoute", build: (o) => httpRoute(o), ...k8s },
      valid: validHttp,
      mutators: httpRouteMutations,
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("grpcRoute (fuzz)", () => {
  it.for(
    fuzz<GRPCRouteOptions>({
      subject: { builder: "grpcRoute", build: (o) => grpcRoute(o), ...k8s },
      valid: validGrpc,
      mutators: grpcRouteMutations,
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

/** Builds, or undefined when the builder refuses the options (a K8sBuilderError; anything else fails). */
function tryBuild<T>(build: () => T): T | undefined {
  try {
    return build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return undefined;
    throw e;
  }
}

const issuesOf = (o: object) =>
  objectIssues(o as Record<string, unknown>, checksOf((o as { kind?: unknown }).kind));

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const compact = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Mostly valid values, one bad now and then: most samples build, and the refused ones stay near the edge. */
const mostly = <T>(good: readonly T[], bad: T) =>
  fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 9 }, { arbitrary: fc.constant(bad), weight: 1 });
const host = mostly(["calls.example.com", "*.example.com", "api.example.com"], "Bad_Host");
const tlsFor = (protocol: string) =>
  fc.oneof(
    {
      arbitrary: fc.constant(
        protocol === "HTTP"
          ? undefined
          : protocol === "TLS"
            ? { mode: "Passthrough" as const }
            : { certificateRefs: ["calls-tls"] },
      ),
      weight: 8,
    },
    {
      arbitrary: maybe(
        fc
          .record({
            mode: maybe(fc.constantFrom("Terminate", "Passthrough")),
            certificateRefs: maybe(fc.constantFrom(["calls-tls"], [{ name: "wild", namespace: "certs" }])),
          })
          .map(compact),
      ),
      weight: 2,
    },
  );
const listener = fc.constantFrom("HTTP", "HTTPS", "TLS").chain((protocol) =>
  fc
    .record({
      protocol: fc.constant(protocol),
      port: maybe(fc.constantFrom(80, 443, 8443, 5061)),
      hostname: maybe(host),
      tls: tlsFor(protocol),
      allowedRoutes: maybe(
        fc
          .record({
            namespaces: maybe(fc.constantFrom("Same", "All", { selector: { team: "calls" } })),
            kinds: maybe(
              fc.subarray(protocol === "TLS" ? ["TLSRoute"] : ["HTTPRoute", "GRPCRoute"], { minLength: 1 }),
            ),
          })
          .map(compact),
      ),
    })
    .map(compact),
);

const gatewayOptions: fc.Arbitrary<GatewayOptions> = fc.array(listener, { minLength: 1, maxLength: 3 }).map(
  (ls) =>
    ({
      name: "web",
      namespace: "edge",
      gatewayClassName: "envoy",
      // Names mostly unique; now and then two listeners share one.
      listeners: ls.map((l, i) => ({
        name: i === 2 && ls.length === 3 && l.port === 80 ? "l0" : `l${i}`,
        ...l,
      })),
    }) as GatewayOptions,
);

const api = service({
  name: "api",
  namespace: "calls",
  selector: { app: "api" },
  ports: [
    { name: "http", port: 8080 },
    { name: "grpc", port: 9000 },
  ],
});
const parentRefs = fc.constantFrom(
  [{ name: "web", namespace: "edge" }],
  [{ name: "web", namespace: "edge", sectionName: "https" }],
  [
    { name: "web", namespace: "edge", sectionName: "https" },
    { name: "web", namespace: "edge", sectionName: "http" },
  ],
  [{ name: "web" }, { name: "web" }],
);
const headerMatch = fc.record({
  name: fc.constantFrom("X-Tenant", "x-tenant", "X-Env"),
  value: fc.constant("a"),
});
const modifier = fc.record({
  set: maybe(fc.constantFrom({ "X-A": "1" }, { "X-A": "1", "X-B": "2" }, {})),
  add: maybe(fc.constantFrom({ "X-C": "1" }, { "x-a": "2" })),
  remove: maybe(fc.constantFrom(["X-D"], ["x-c"])),
});
const pathModifier = fc.constantFrom({ replaceFullPath: "/v2" }, { replacePrefixMatch: "/" });
const httpFilter = fc.oneof(
  modifier.map((m) => ({ requestHeaderModifier: compact(m) })),
  modifier.map((m) => ({ responseHeaderModifier: compact(m) })),
  fc
    .record({ scheme: maybe(fc.constant("https" as const)), path: maybe(pathModifier) })
    .map((r) => ({ requestRedirect: compact(r) })),
  fc
    .record({ hostname: maybe(fc.constant("admin.internal")), path: maybe(pathModifier) })
    .map((r) => ({ urlRewrite: compact(r) })),
);
const duration = fc.constantFrom("0s", "10s", "1m", "1h", "500ms");
const httpRule = fc
  .record({
    name: maybe(fc.constantFrom("api", "admin")),
    matches: maybe(
      fc.array(
        fc
          .record({
            path: maybe(
              fc.record({
                type: maybe(fc.constantFrom("PathPrefix", "Exact")),
                value: mostly(["/api", "/", "/api/v1"], "/a//b"),
              }),
            ),
            headers: maybe(fc.array(headerMatch, { minLength: 1, maxLength: 2 })),
            method: maybe(fc.constantFrom("GET", "POST")),
          })
          .map((m) => compact({ ...m, ...(m.path === undefined ? {} : { path: compact(m.path) }) })),
        { minLength: 1, maxLength: 2 },
      ),
    ),
    filters: fc.option(fc.array(httpFilter, { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 }),
    backends: maybe(
      fc.constantFrom([{ service: api, port: "http" }], [{ service: api, port: 8080, weight: 10 }]),
    ),
    timeouts: maybe(fc.record({ request: maybe(duration), backendRequest: maybe(duration) })),
  })
  .map((r) => compact({ ...r, ...(r.timeouts === undefined ? {} : { timeouts: compact(r.timeouts) }) }));

const httpRouteOptions: fc.Arbitrary<HTTPRouteOptions> = fc
  .record({
    parentRefs,
    hostnames: maybe(fc.constantFrom(["calls.example.com"], ["*.example.com", "a.example.com"])),
    rules: fc.array(httpRule, { minLength: 1, maxLength: 2 }),
  })
  .map((o) => ({ name: "calls", namespace: "calls", ...compact(o) }) as unknown as HTTPRouteOptions);

const grpcOptions: fc.Arbitrary<GRPCRouteOptions> = fc
  .record({
    parentRefs,
    rules: fc.array(
      fc
        .record({
          matches: maybe(
            fc.array(
              fc
                .record({
                  method: maybe(
                    fc
                      .record({
                        service: maybe(mostly(["calls.v1.Dialer", "Dialer"], "bad service")),
                        method: maybe(mostly(["Dial", "Hangup"], "dial-it")),
                        type: maybe(fc.constantFrom("Exact", "RegularExpression")),
                      })
                      .map(compact),
                  ),
                  headers: maybe(fc.array(headerMatch, { minLength: 1, maxLength: 2 })),
                })
                .map(compact),
              { minLength: 1, maxLength: 2 },
            ),
          ),
          filters: maybe(
            fc.array(
              fc.oneof(
                modifier.map((m) => ({ requestHeaderModifier: compact(m) })),
                modifier.map((m) => ({ responseHeaderModifier: compact(m) })),
              ),
              { minLength: 1, maxLength: 2 },
            ),
          ),
          backends: fc.constant([{ service: api, port: "grpc" }]),
        })
        .map(compact),
      { minLength: 1, maxLength: 2 },
    ),
  })
  .map((o) => ({ name: "dialer", namespace: "calls", ...o }) as unknown as GRPCRouteOptions);

describe("Gateway API builders and the checks of patched objects (fuzz)", () => {
  it.each([
    ["gateway", gatewayOptions, gateway],
    ["httpRoute", httpRouteOptions, httpRoute],
    ["grpcRoute", grpcOptions, grpcRoute],
  ] as const)(
    "%s: what the builder builds, the object checks accept, and an empty patch keeps",
    (_, arb, build) => {
      let built = 0;
      fc.assert(
        fc.property(arb as fc.Arbitrary<never>, (options) => {
          const o = tryBuild(() => (build as (o: unknown) => object)(options));
          if (o === undefined) return;
          built++;
          expect(issuesOf(o)).toEqual([]);
          expect(patch(o as never, {})).toEqual(o);
        }),
        { numRuns: RUNS },
      );
      // The property says something only if many samples build. About 10–15 % of grpcRoute samples build (its
      // rules refuse duplicate header and filter names): a bound of 1 in 40 never fails by chance at 200 runs
      // (the expected count is 20–30) but fails when the generator stops producing buildable options.
      expect(built).toBeGreaterThan(RUNS / 40);
    },
  );
});
