// Mutations of the Gateway API builders' options (gateway, httpRoute, grpcRoute): each rule the builders enforce
// (gateway-rules.ts, http-route-rules.ts, route-checks.ts, route-parts.ts, grpc-route.ts) broken once, bad values
// of the CRDs' grammars, and the generic mutations with the shapes of their options.
import fc from "fast-check";
import type { GatewayOptions, GRPCRouteOptions, HTTPRouteOptions } from "../../src/index.ts";
import { listenerPort } from "./arb-gateway.ts";
import { getAt, nodes, pathOf, type Segment, setAt } from "./harness.ts";
import {
  identity,
  type Lens,
  type Mutator,
  missingRequired,
  type Shape,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import {
  BAD_LABEL_NAMES,
  BAD_SUBDOMAINS,
  badValue,
  META_RECORDS,
  metaMutations,
  setValue,
} from "./mutations-common.ts";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const listAt = (o: unknown, path: readonly Segment[]): unknown[] => {
  const v = getAt(o, path);
  return Array.isArray(v) ? v : [];
};
/** One mutant, or undefined when `candidates` is empty. */
function oneOf<T, I>(
  candidates: readonly T[],
  make: (c: T) => { mutation: string; input: I; path: string; code?: string },
) {
  return candidates.length === 0 ? undefined : fc.constantFrom(...candidates).map(make);
}

const BAD_HOSTNAMES = [
  "UPPER.example.com",
  "a..b",
  "-a.example.com",
  "*",
  "a.*.example.com",
  "10.0.0.1",
  "a b",
  `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}`,
  "",
];
const BAD_HEADER_NAMES = ["", "X Tenant", "x:y", "ü", "a".repeat(257), "(x)"];
const BAD_DURATIONS = ["", "1d", "10", "1.5s", "-1s", "100000s", "1h1m1s1ms1h", "1 s", "PT1S"];

// ------------------------------------------------------------------------------------------------ gateway

export const gatewayShape: Shape = {
  records: [...META_RECORDS, "listeners.*.allowedRoutes.namespaces.selector"],
  unions: ["listeners.*.allowedRoutes.namespaces", "listeners.*.tls.certificateRefs.*"],
  required: [
    "name",
    "gatewayClassName",
    "listeners",
    "listeners.*.name",
    "listeners.*.protocol",
    "listeners.*.allowedRoutes.namespaces.selector",
    "listeners.*.tls.certificateRefs.*.name",
  ],
  enums: ["listeners.*.protocol"],
};
const gLens = identity as Lens<GatewayOptions>;

/** The listener rules of gateway-rules.ts (listenersRules), each broken once. */
function listenerRules(
  input: GatewayOptions,
): fc.Arbitrary<{ mutation: string; input: GatewayOptions; path: string; code?: string }> {
  const ls = input.listeners as Json[];
  const at = (i: number, l: Json) =>
    ({ ...input, listeners: ls.map((x, j) => (j === i ? l : x)) }) as GatewayOptions;
  const indexes = ls.map((_l, i) => i);
  const of = (p: string) => indexes.filter((i) => ls[i]?.protocol === p);
  const arbs: fc.Arbitrary<{ mutation: string; input: GatewayOptions; path: string; code?: string }>[] = [];
  const push = <T>(
    xs: readonly T[],
    make: (x: T) => { mutation: string; input: GatewayOptions; path: string; code?: string },
  ) => {
    const a = oneOf(xs, make);
    if (a !== undefined) arbs.push(a);
  };
  // Values written as the object writes them (`{ name }` certificate references), so that forced through, the
  // change lands in the object as it is.
  push(of("HTTP"), (i) => ({
    mutation: "an HTTP listener with tls",
    input: at(i, { ...ls[i], tls: { mode: "Terminate", certificateRefs: [{ name: "calls-tls" }] } }),
    path: `listeners[${i}].tls`,
    code: "conflicting_options",
  }));
  push([...of("HTTPS"), ...of("TLS")], (i) => {
    const { tls: _t, ...l } = ls[i] as Json;
    return {
      mutation: `a ${String(l.protocol)} listener without tls`,
      input: at(i, l),
      path: `listeners[${i}].tls`,
      code: "required",
    };
  });
  push(of("HTTPS"), (i) => ({
    mutation: "an HTTPS listener with mode Passthrough",
    input: at(i, { ...ls[i], tls: { mode: "Passthrough" } }),
    path: `listeners[${i}].tls.mode`,
    code: "invalid_value",
  }));
  push([...of("HTTPS"), ...of("TLS")], (i) => ({
    mutation: "mode Terminate without certificateRefs",
    input: at(i, { ...ls[i], tls: { mode: "Terminate" } }),
    path: `listeners[${i}].tls.certificateRefs`,
    code: "required",
  }));
  push(of("TLS"), (i) => ({
    mutation: "mode Passthrough with certificateRefs",
    input: at(i, { ...ls[i], tls: { mode: "Passthrough", certificateRefs: ["calls-tls"] } }),
    path: `listeners[${i}].tls.certificateRefs`,
    code: "conflicting_options",
  }));
  push(indexes, (i) => {
    const l = ls[i] as Json;
    const kind = l.protocol === "TLS" ? "TLSRoute" : "HTTPRoute";
    const allowed = isObj(l.allowedRoutes) ? l.allowedRoutes : {};
    const kinds = Array.isArray(allowed.kinds) ? allowed.kinds : [kind];
    return {
      mutation: "a route kind twice",
      input: at(i, { ...l, allowedRoutes: { ...allowed, kinds: [...kinds, kinds[0]] } }),
      path: `listeners[${i}].allowedRoutes.kinds[${kinds.length}]`,
      code: "duplicate",
    };
  });
  push(indexes, (i) => {
    const l = ls[i] as Json;
    const kind = l.protocol === "TLS" ? "HTTPRoute" : "TLSRoute";
    const allowed = isObj(l.allowedRoutes) ? l.allowedRoutes : {};
    return {
      mutation: `a ${String(l.protocol)} listener allowing ${kind}`,
      input: at(i, { ...l, allowedRoutes: { ...allowed, kinds: [kind] } }),
      path: `listeners[${i}].allowedRoutes.kinds[0]`,
      code: "invalid_value",
    };
  });
  // A name, or a port and host name of the same protocol, made equal to another listener's.
  const pairs = indexes.flatMap((i) => indexes.filter((j) => j !== i).map((j) => [i, j] as const));
  push(pairs, ([i, j]) => ({
    mutation: "a listener named as another",
    input: at(j, { ...ls[j], name: ls[i]?.name }),
    path: `listeners[${Math.max(i, j)}].name`,
    code: "duplicate",
  }));
  const sameProtocol = pairs.filter(([i, j]) => ls[i]?.protocol === ls[j]?.protocol);
  push(sameProtocol, ([i, j]) => {
    const { hostname: _h, ...l } = ls[j] as Json;
    const hostname = ls[i]?.hostname;
    return {
      mutation: "a listener on the port and host name of another",
      input: at(j, {
        ...l,
        port: listenerPort(ls[i] as { protocol: string }),
        ...(hostname === undefined ? {} : { hostname }),
      }),
      path: `listeners[${Math.max(i, j)}]`,
      code: "duplicate",
    };
  });
  push(indexes, (i) => ({
    mutation: "a listener name twice",
    input: {
      ...input,
      listeners: [...ls, { ...ls[i], port: 1, hostname: "twice.example.com" }],
    } as GatewayOptions,
    path: `listeners[${ls.length}].name`,
    code: "duplicate",
  }));
  push(indexes, (i) => ({
    mutation: "a port, protocol and host name twice",
    input: { ...input, listeners: [...ls, { ...ls[i], name: "twice" }] } as GatewayOptions,
    path: `listeners[${ls.length}]`,
    code: "duplicate",
  }));
  return fc.oneof(...arbs);
}

export const gatewayMutations: Mutator<GatewayOptions>[] = [
  unknownKey(gatewayShape, gLens),
  wrongType(gatewayShape, gLens),
  missingRequired(gatewayShape, gLens),
  ...metaMutations(gLens, { name: [...BAD_SUBDOMAINS, "a".repeat(64)] }),
  listenerRules,
  setValue(gLens, "bad gatewayClassName", ["gatewayClassName"], BAD_SUBDOMAINS),
  setValue(gLens, "no listeners", ["listeners"], [[]], "too_small"),
  badValue(gLens, "bad listener name", ["listeners.*.name"], BAD_SUBDOMAINS),
  badValue(gLens, "bad protocol", ["listeners.*.protocol"], ["http", "TCP", "UDP", "HTTP2", ""]),
  setListenerField("bad listener port", "port", [0, 65536, 1.5, -1]),
  setListenerField("bad listener hostname", "hostname", BAD_HOSTNAMES),
  badValue(gLens, "bad TLS mode", ["listeners.*.tls.mode"], ["terminate", "Passthru", ""]),
  badValue(
    gLens,
    "bad certificate Secret name",
    ["listeners.*.tls.certificateRefs.*", "listeners.*.tls.certificateRefs.*.name"],
    BAD_SUBDOMAINS.filter((s) => s !== "").concat([""]),
  ),
  badValue(
    gLens,
    "bad certificate namespace",
    ["listeners.*.tls.certificateRefs.*.namespace"],
    BAD_LABEL_NAMES,
  ),
  badValue(
    gLens,
    "bad allowed namespaces",
    ["listeners.*.allowedRoutes.namespaces"],
    ["same", "Selector", ""],
  ),
  badValue(
    gLens,
    "bad route kind",
    ["listeners.*.allowedRoutes.kinds.*"],
    ["httproute", "TCPRoute", "Service", ""],
  ),
  badValue(gLens, "no route kinds", ["listeners.*.allowedRoutes.kinds"], [[]], "too_small"),
];

/** Sets a field of one listener (present or not). */
function setListenerField(
  mutation: string,
  field: string,
  values: readonly unknown[],
): Mutator<GatewayOptions> {
  return (input) => {
    const n = listAt(input, ["listeners"]).length;
    if (n === 0) return undefined;
    return fc.tuple(fc.nat(n - 1), fc.constantFrom(...values)).map(([i, value]) => ({
      mutation: `${mutation}: listeners[${i}].${field} = ${JSON.stringify(value)?.slice(0, 80)}`,
      input: setAt(input, ["listeners", i, field], value),
      path: `listeners[${i}].${field}`,
    }));
  };
}

// ------------------------------------------------------------------------------------------------ routes

type Route = HTTPRouteOptions | GRPCRouteOptions;
const rLens = identity as Lens<Route>;

const MODIFIERS = ["requestHeaderModifier", "responseHeaderModifier"];
/** The shape of a route's options; bare Gateway objects among the parentRefs are opaque. */
function routeShape(input: Route, grpc: boolean): Shape {
  const bare = listAt(input, ["parentRefs"])
    .map((p, i) => (isObj(p) && p.kind === "Gateway" ? `parentRefs.${i}` : undefined))
    .filter((p): p is string => p !== undefined);
  return {
    records: [
      ...META_RECORDS,
      ...MODIFIERS.flatMap((m) => [`rules.*.filters.*.${m}.set`, `rules.*.filters.*.${m}.add`]),
    ],
    // A parent is a Gateway object, `{ gateway, … }` or `{ name, … }`: a problem inside it is one of the union.
    unions: ["parentRefs.*"],
    required: [
      "name",
      "parentRefs",
      "rules",
      "parentRefs.*.name",
      "rules.*.matches.*.headers.*.name",
      "rules.*.matches.*.headers.*.value",
      ...(grpc
        ? ["rules.*.backends"]
        : [
            "rules.*.matches.*.path.value",
            "rules.*.matches.*.queryParams.*.name",
            "rules.*.matches.*.queryParams.*.value",
          ]),
    ],
    opaque: [...bare, "parentRefs.*.gateway", "rules.*.backends.*.service"],
  };
}
const withShape =
  (grpc: boolean, make: (shape: Shape, lens: Lens<Route>) => Mutator<Route>): Mutator<Route> =>
  (input) =>
    make(routeShape(input, grpc), rLens)(input);

interface RouteMutant {
  mutation: string;
  input: Route;
  path: string;
  code?: string;
}
const rules = (input: Route) => listAt(input, ["rules"]) as Json[];
const withRule = (input: Route, i: number, r: Json) =>
  ({ ...input, rules: rules(input).map((x, j) => (j === i ? r : x)) }) as Route;

/** A filter of a rule (`[rule, filter]` indexes) holding a header modifier. */
function modifiers(input: Route): [number, number, string][] {
  return rules(input).flatMap((r, i) =>
    listAt(r, ["filters"]).flatMap((f, j) =>
      MODIFIERS.filter((m) => isObj(f) && f[m] !== undefined).map((m): [number, number, string] => [i, j, m]),
    ),
  );
}

/** The rules both routes share (route-checks.ts, route-parts.ts), each broken once. */
function sharedRules(input: Route): fc.Arbitrary<RouteMutant> {
  const rs = rules(input);
  const refs = listAt(input, ["parentRefs"]);
  const arbs: fc.Arbitrary<RouteMutant>[] = [];
  const push = <T>(xs: readonly T[], make: (x: T) => RouteMutant) => {
    const a = oneOf(xs, make);
    if (a !== undefined) arbs.push(a);
  };
  const named = rs.map((r, i) => [r, i] as const).filter(([r]) => typeof r.name === "string");
  push(named, ([r]) => ({
    mutation: "a rule name twice",
    input: { ...input, rules: [...rs, { ...rs[0], name: r.name }] } as Route,
    path: `rules[${rs.length}].name`,
    code: "duplicate",
  }));
  push([0], () => {
    const first = rs[0] as Json;
    const many = (n: number) =>
      Array.from({ length: n }, (_x, k) => ({ headers: [{ name: "x-n", value: String(k) }] }));
    return {
      mutation: "129 matches in a route",
      input: {
        ...input,
        rules: [
          { ...first, matches: many(64) },
          { ...first, name: undefined, matches: many(64) },
          { ...first, name: undefined, matches: many(1) },
        ].map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))),
      } as Route,
      path: "rules",
      code: "too_big",
    };
  });
  // Parents: a parent twice, without a sectionName or with the same one; a listener the Gateway object lacks.
  push(
    refs.map((_r, i) => i),
    (i) => {
      const ref = refs[i] as Json;
      const bare = ref.kind === "Gateway";
      const copy = bare ? ref : { ...ref, sectionName: undefined };
      const clean = Object.fromEntries(Object.entries(copy).filter(([, v]) => v !== undefined));
      return {
        mutation: "a parent twice, one without sectionName",
        input: { ...input, parentRefs: [...refs, clean] } as Route,
        path: `parentRefs[${refs.length}].sectionName`,
        code: "required",
      };
    },
  );
  const sectioned = refs
    .map((r, i) => [r, i] as const)
    .filter(([r]) => isObj(r) && typeof r.sectionName === "string");
  push(sectioned, ([r]) => ({
    mutation: "a parent's listener twice",
    input: { ...input, parentRefs: [...refs, r] } as Route,
    path: `parentRefs[${refs.length}].sectionName`,
    code: "duplicate",
  }));
  const objects = refs.map((r, i) => [r, i] as const).filter(([r]) => isObj(r) && isObj(r.gateway));
  push(objects, ([r, i]) => ({
    mutation: "a listener the Gateway object does not have",
    input: setAt(input, ["parentRefs", i], {
      ...(r as Json),
      sectionName: "no-such-listener",
      port: undefined,
    }),
    path: `parentRefs[${i}].sectionName`,
    code: "unknown_listener",
  }));
  push(objects, ([r, i]) => {
    const g = (r as Json).gateway as { spec: { listeners: { port: number }[] } };
    const free = [1, 2, 3, 4].find((p) => !g.spec.listeners.some((l) => l.port === p)) as number;
    return {
      mutation: "a port the Gateway object does not listen on",
      input: setAt(input, ["parentRefs", i], { ...(r as Json), port: free }),
      path: `parentRefs[${i}].port`,
      code: "unknown_listener",
    };
  });
  // Header matches: a name twice (header names compare case-insensitively).
  const headerLists = rs.flatMap((r, i) =>
    listAt(r, ["matches"]).flatMap((m, j) => (listAt(m, ["headers"]).length > 0 ? [[i, j] as const] : [])),
  );
  push(headerLists, ([i, j]) => {
    const hs = listAt(rs[i], ["matches", j, "headers"]) as Json[];
    const h = hs[0] as Json;
    return {
      mutation: "a header matched twice",
      input: setAt(
        input,
        ["rules", i, "matches", j, "headers"],
        [
          ...hs,
          {
            ...h,
            name:
              String(h.name).toUpperCase() === h.name
                ? String(h.name).toLowerCase()
                : String(h.name).toUpperCase(),
          },
        ],
      ),
      path: `rules[${i}].matches[${j}].headers[${hs.length}].name`,
      code: "duplicate",
    };
  });
  push(headerLists, ([i, j]) => {
    const hs = listAt(rs[i], ["matches", j, "headers"]) as Json[];
    return {
      mutation: "a header matched twice, same case",
      input: setAt(input, ["rules", i, "matches", j, "headers"], [...hs, { ...hs[0] }]),
      path: `rules[${i}].matches[${j}].headers[${hs.length}].name`,
      code: "duplicate",
    };
  });
  // Filters: a header modifier twice; header modifier rules.
  const mods = modifiers(input);
  push(mods, ([i, j]) => {
    const fs = listAt(rs[i], ["filters"]);
    return {
      mutation: "a filter twice",
      input: setAt(input, ["rules", i, "filters"], [...fs, fs[j]]),
      path: `rules[${i}].filters[${fs.length}]`,
      code: "duplicate",
    };
  });
  push(mods, ([i, j, m]) => ({
    mutation: "an empty header modifier",
    input: setAt(input, ["rules", i, "filters", j, m], {}),
    path: `rules[${i}].filters[${j}].${m}`,
    code: "required",
  }));
  push(mods, ([i, j, m]) => ({
    mutation: "an empty set",
    input: setAt(input, ["rules", i, "filters", j, m, "set"], {}),
    path: `rules[${i}].filters[${j}].${m}.set`,
    code: "too_small",
  }));
  push(mods, ([i, j, m]) => ({
    mutation: "17 headers set",
    input: setAt(input, ["rules", i, "filters", j, m], {
      set: Object.fromEntries(Array.from({ length: 17 }, (_x, k) => [`x-h${k}`, "v"])),
    }),
    path: `rules[${i}].filters[${j}].${m}.set`,
    code: "too_big",
  }));
  for (const [which, other] of [
    ["set", "add"],
    ["add", "remove"],
    ["set", "remove"],
    ["remove", "remove"],
  ] as const) {
    push(mods, ([i, j, m]) => {
      const name = "X-Twice";
      const twin = which === other ? name : "x-twice";
      const put = (w: string, n: string) => (w === "remove" ? [n] : { [n]: "v" });
      const modifier =
        which === other ? { remove: [name, twin] } : { [which]: put(which, name), [other]: put(other, twin) };
      return {
        mutation: `a header in ${which} and ${other}`,
        input: setAt(input, ["rules", i, "filters", j, m], modifier),
        path: pathOf([
          "rules",
          i,
          "filters",
          j,
          m,
          other,
          other === "remove" ? (which === other ? 1 : 0) : twin,
        ]),
        code: "duplicate",
      };
    });
  }
  return fc.oneof(...arbs);
}

/** The HTTPRoute rules of http-route-rules.ts, each broken once. */
function httpRules(input: Route): fc.Arbitrary<RouteMutant> {
  const rs = rules(input);
  const arbs: fc.Arbitrary<RouteMutant>[] = [];
  const push = <T>(xs: readonly T[], make: (x: T) => RouteMutant) => {
    const a = oneOf(xs, make);
    if (a !== undefined) arbs.push(a);
  };
  const indexes = rs.map((_r, i) => i);
  const withBackends = indexes.filter((i) => rs[i]?.backends !== undefined);
  const redirecting = indexes.filter((i) => rs[i]?.backends === undefined);
  push(withBackends, (i) => ({
    mutation: "a redirect with backends",
    input: withRule(input, i, { ...rs[i], filters: [{ requestRedirect: { scheme: "https" } }] }),
    path: `rules[${i}].backends`,
    code: "conflicting_options",
  }));
  push(indexes, (i) => {
    const { backends: _b, filters: _f, ...r } = rs[i] as Json;
    return {
      mutation: "a rule without backends or redirect",
      input: withRule(input, i, r),
      path: `rules[${i}].backends`,
      code: "required",
    };
  });
  push(redirecting, (i) => ({
    mutation: "a redirect and a rewrite",
    input: withRule(input, i, {
      ...rs[i],
      filters: [...listAt(rs[i], ["filters"]), { urlRewrite: { hostname: "a.example.com" } }],
    }),
    path: `rules[${i}].filters`,
    code: "conflicting_options",
  }));
  // replacePrefixMatch without exactly one PathPrefix match: two matches, an Exact or a RegularExpression one
  // (no matches, or a match without a path, is the PathPrefix `/`).
  const prefixCases: [string, Json[]][] = [
    ["two PathPrefix matches", [{ path: { value: "/a" } }, { method: "GET" }]],
    ["an Exact match", [{ path: { type: "Exact", value: "/a" } }]],
    ["a RegularExpression match", [{ path: { type: "RegularExpression", value: "/a.*" } }]],
  ];
  push(
    indexes.flatMap((i) =>
      prefixCases.flatMap((c) => (["requestRedirect", "urlRewrite"] as const).map((f) => [i, c, f] as const)),
    ),
    ([i, [what, matches], f]) => {
      const { matches: _m, backends: _b, filters: _f, ...r } = rs[i] as Json;
      const rule = {
        ...r,
        matches,
        filters: [{ [f]: { path: { replacePrefixMatch: "/v2" } } }],
        ...(f === "urlRewrite"
          ? { backends: (rs.find((x) => x.backends !== undefined) ?? { backends: undefined }).backends }
          : {}),
      };
      return {
        mutation: `${f} replacePrefixMatch with ${what}`,
        input: withRule(
          input,
          i,
          Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined)),
        ),
        path: `rules[${i}].filters[0].${f}.path.replacePrefixMatch`,
        code: "invalid_value",
      };
    },
  );
  push(indexes, (i) => ({
    mutation: "backendRequest longer than request",
    input: withRule(input, i, { ...rs[i], timeouts: { request: "10s", backendRequest: "11s" } }),
    path: `rules[${i}].timeouts.backendRequest`,
    code: "min_above_max",
  }));
  const queryLists = rs.flatMap((r, i) =>
    listAt(r, ["matches"]).flatMap((m, j) =>
      listAt(m, ["queryParams"]).length > 0 ? [[i, j] as const] : [],
    ),
  );
  push(queryLists, ([i, j]) => {
    const qs = listAt(rs[i], ["matches", j, "queryParams"]) as Json[];
    return {
      mutation: "a query parameter matched twice",
      input: setAt(input, ["rules", i, "matches", j, "queryParams"], [...qs, { ...qs[0] }]),
      path: `rules[${i}].matches[${j}].queryParams[${qs.length}].name`,
      code: "duplicate",
    };
  });
  // A path value the CRD refuses for PathPrefix and Exact.
  const paths = nodes(input).filter(
    (n) =>
      n.path.length === 6 &&
      n.path[0] === "rules" &&
      n.path[2] === "matches" &&
      n.path[4] === "path" &&
      n.path[5] === "value",
  );
  push(
    paths.flatMap((n) => {
      const type = (getAt(input, n.path.slice(0, 5)) as Json).type;
      return type === "RegularExpression"
        ? []
        : [
            "api",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "/a%2fb",
            "/a%2Fb",
            "/a#b",
            "/a/.",
            "/a/..",
            "/a b",
            "/ü",
            "/%zz",
            "/a?b",
          ].map((v) => [n.path, v] as const);
    }),
    ([path, v]) => ({
      mutation: `path value ${JSON.stringify(v)}`,
      input: setAt(input, path, v),
      path: pathOf(path),
      code: "invalid_format",
    }),
  );
  return fc.oneof(...arbs);
}

/** The GRPCRoute rules of grpc-route.ts, each broken once. */
function grpcRules(input: Route): fc.Arbitrary<RouteMutant> | undefined {
  const methods = nodes(input).filter(
    (n) => n.path.length === 5 && n.path[0] === "rules" && n.path[2] === "matches" && n.path[4] === "method",
  );
  if (methods.length === 0) {
    const rs = rules(input);
    return fc.constantFrom(...rs.map((_r, i) => i)).map((i) => ({
      mutation: "a method match without service or method",
      input: withRule(input, i, { ...rs[i], matches: [{ method: { type: "Exact" } }] }),
      path: `rules[${i}].matches[0].method`,
      code: "required",
    }));
  }
  return fc.constantFrom(...methods).chain((n) => {
    const m = n.value as Json;
    const exact = m.type !== "RegularExpression";
    return fc.oneof(
      fc.constantFrom({}, { type: "Exact" }, { type: "RegularExpression" }).map((empty) => ({
        mutation: `a method match without service or method: ${JSON.stringify(empty)}`,
        input: setAt(input, n.path, empty),
        path: pathOf(n.path),
        code: "required",
      })),
      fc.constantFrom("bad service", "a..b", "1calls", "calls.v1.", "calls/Dialer", "").map((s) => ({
        mutation: `bad service ${JSON.stringify(s)}`,
        input: setAt(input, n.path, { ...m, service: s, ...(exact ? {} : { type: "Exact" }) }),
        path: pathOf([...n.path, "service"]),
      })),
      fc.constantFrom("dial-it", "1Dial", "Di al", "a.b", "").map((s) => ({
        mutation: `bad method ${JSON.stringify(s)}`,
        input: setAt(input, n.path, { ...m, method: s, ...(exact ? {} : { type: "Exact" }) }),
        path: pathOf([...n.path, "method"]),
      })),
    );
  });
}

/** Bad values of the grammars both routes share. */
function routeValues(): Mutator<Route>[] {
  return [
    badValue(rLens, "bad hostname", ["hostnames.*"], BAD_HOSTNAMES),
    setValue(rLens, "no hostnames", ["hostnames"], [[]], "too_small"),
    setValue(rLens, "no parentRefs", ["parentRefs"], [[]], "too_small"),
    setValue(rLens, "no rules", ["rules"], [[]], "too_small"),
    badValue(rLens, "bad parent name", ["parentRefs.*.name"], BAD_SUBDOMAINS),
    badValue(rLens, "bad parent namespace", ["parentRefs.*.namespace"], BAD_LABEL_NAMES),
    badValue(rLens, "bad sectionName", ["parentRefs.*.sectionName"], BAD_SUBDOMAINS),
    badValue(rLens, "bad parent port", ["parentRefs.*.port"], [0, 65536, 1.5]),
    badValue(rLens, "bad rule name", ["rules.*.name"], BAD_SUBDOMAINS),
    badValue(
      rLens,
      "bad header name",
      ["rules.*.matches.*.headers.*.name", "rules.*.filters.*.*.remove.*"],
      BAD_HEADER_NAMES,
    ),
    badValue(rLens, "bad header value", ["rules.*.matches.*.headers.*.value"], ["", "v".repeat(4097)]),
    badValue(rLens, "bad header match type", ["rules.*.matches.*.headers.*.type"], ["exact", "Prefix", ""]),
    badValue(rLens, "bad weight", ["rules.*.backends.*.weight"], [-1, 1_000_001, 1.5]),
    badValue(rLens, "bad backend port", ["rules.*.backends.*.port"], [0, 65536, "no-such-port"]),
    (input) => {
      const sets = nodes(input).filter(
        (n) => n.path.length === 6 && n.path[2] === "filters" && (n.path[5] === "set" || n.path[5] === "add"),
      );
      return oneOf(
        sets.flatMap((n) =>
          [...BAD_HEADER_NAMES.filter((h) => h !== ""), "X-Ok"].map((h) => [n, h] as const),
        ),
        ([n, h]) => {
          const good = h === "X-Ok";
          return {
            mutation: good
              ? "an empty header value"
              : `bad header name ${JSON.stringify(h)} in ${String(n.path[5])}`,
            input: setAt(input, n.path, { ...(n.value as Json), [h]: good ? "" : "v" }),
            path: pathOf([...n.path, h]),
          };
        },
      );
    },
  ];
}

export const httpRouteMutations: Mutator<HTTPRouteOptions>[] = [
  withShape(false, unknownKey),
  withShape(false, (s, l) => wrongType(s, l)),
  withShape(false, (s, l) => missingRequired(s, l)),
  ...metaMutations(rLens, { name: BAD_SUBDOMAINS }),
  sharedRules,
  httpRules,
  ...routeValues(),
  badValue(rLens, "bad path type", ["rules.*.matches.*.path.type"], ["Prefix", "exact", ""]),
  badValue(rLens, "bad path value", ["rules.*.matches.*.path.value"], ["", "/".repeat(1025)]),
  badValue(rLens, "bad query value", ["rules.*.matches.*.queryParams.*.value"], ["", "v".repeat(1025)]),
  badValue(rLens, "bad query name", ["rules.*.matches.*.queryParams.*.name"], BAD_HEADER_NAMES),
  badValue(rLens, "bad method", ["rules.*.matches.*.method"], ["get", "LINK", ""]),
  badValue(rLens, "bad redirect scheme", ["rules.*.filters.*.requestRedirect.scheme"], ["HTTPS", "ftp", ""]),
  badValue(
    rLens,
    "bad redirect status",
    ["rules.*.filters.*.requestRedirect.statusCode"],
    [200, 304, 404, 301.5],
  ),
  badValue(rLens, "bad redirect port", ["rules.*.filters.*.requestRedirect.port"], [0, 65536]),
  badValue(
    rLens,
    "bad redirect or rewrite hostname",
    ["rules.*.filters.*.*.hostname"],
    [...BAD_HOSTNAMES.filter((h) => h !== "10.0.0.1"), "*.example.com"],
  ),
  badValue(
    rLens,
    "too long a path modifier",
    ["rules.*.filters.*.*.path.replaceFullPath", "rules.*.filters.*.*.path.replacePrefixMatch"],
    ["/".repeat(1025)],
  ),
  badValue(
    rLens,
    "bad timeout",
    ["rules.*.timeouts.request", "rules.*.timeouts.backendRequest"],
    BAD_DURATIONS,
  ),
] as Mutator<HTTPRouteOptions>[];

export const grpcRouteMutations: Mutator<GRPCRouteOptions>[] = [
  withShape(true, unknownKey),
  withShape(true, (s, l) => wrongType(s, l)),
  withShape(true, (s, l) => missingRequired(s, l)),
  ...metaMutations(rLens, { name: BAD_SUBDOMAINS }),
  sharedRules,
  grpcRules,
  ...routeValues(),
  badValue(rLens, "bad method match type", ["rules.*.matches.*.method.type"], ["exact", "Prefix", ""]),
  setValue(rLens, "a rule without backends", ["rules", 0, "backends"], [[]], "too_small"),
] as Mutator<GRPCRouteOptions>[];
