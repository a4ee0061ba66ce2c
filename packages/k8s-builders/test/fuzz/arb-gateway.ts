// Valid options of the Gateway API builders (gateway, httpRoute, grpcRoute), by the rules of the Gateway API CRDs
// (v1.6.3, standard channel: schema and CEL, recorded in test/fixtures/crds/) and the builders' own: listeners
// with host names, TLS and allowed routes (each name and each port/protocol/host name once); parentRefs to a
// Gateway object (with a listener's name or port) or by name (a parent twice only with distinct sectionNames);
// HTTP rules with path, header, query and method matches, every filter (each at most once, a redirect or a
// rewrite, replacePrefixMatch only with one PathPrefix match), weighted backends of generated Services, timeouts
// (backendRequest at most request); gRPC rules with service/method and header matches.
import fc from "fast-check";
import type { GatewayOptions, GRPCRouteOptions, HTTPRouteOptions } from "../../src/index.ts";
import { gateway, service } from "../../src/index.ts";
import {
  ALNUM,
  chars,
  DIGIT,
  dnsSubdomain,
  host,
  LOWER,
  labels,
  metaExtras,
  namespaceName,
  objectName,
  port,
  rec,
  UPPER,
} from "./arb-base.ts";
import { serviceOptions } from "./arb-kinds.ts";

type Json = Record<string, unknown>;
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** Drops the keys whose value is undefined (the options never hold an explicit undefined). */
const compact = <T extends Json>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const meta = rec({ namespace: namespaceName, ...metaExtras });

// ------------------------------------------------------------------------------------------------ values

/** A host name without wildcard (redirect and rewrite targets). */
export const preciseHost: fc.Arbitrary<string> = host.map((h) => h.replace(/^\*\./, ""));
/** An RFC 7230 token: a header or query parameter name. */
const TCHAR = `${ALNUM}${UPPER}!#$%&'*+-.^_\`|~`;
export const headerName: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("X-Tenant", "x-env", "Authorization", "grpc-timeout") },
  { weight: 4, arbitrary: chars(TCHAR, 1, 20) },
  { weight: 1, arbitrary: chars(TCHAR, 256, 256) },
);
/** A header value: 1–4096 characters (any text). */
const headerValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant("v".repeat(4096)) },
);
const unique = <T>(a: fc.Arbitrary<T>, key: (t: T) => string, max = 3) =>
  fc.uniqueArray(a, { minLength: 1, maxLength: max, selector: key });

/** A URL path the CRD takes for PathPrefix and Exact: absolute, no `//`, `/./`, `/../`, `%2f`, `#`, no `/.` end. */
const PATH_CHARS = `${ALNUM}${UPPER}-._~!$&'()*+,;=:@`;
const segment = fc.oneof(
  { weight: 6, arbitrary: chars(PATH_CHARS, 1, 10) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(chars(`${DIGIT}abcdefABCDEF`, 2, 2), chars(ALNUM, 0, 3))
      .filter(([hex]) => hex.toLowerCase() !== "2f")
      .map(([hex, rest]) => `%${hex}${rest}`),
  },
);
export const httpPath: fc.Arbitrary<string> = fc
  .tuple(fc.array(segment, { maxLength: 4 }), fc.boolean())
  .map(([segs, slash]) => {
    const ok = segs.filter((s) => s !== "." && s !== "..");
    return `/${ok.join("/")}${slash && ok.length > 0 ? "/" : ""}`;
  });
/** A path modifier's value: any text up to 1024 characters. */
const anyPath = fc.oneof(httpPath, fc.string({ maxLength: 20 }));

/** A Gateway API duration (1–4 parts of 1–5 digits and a unit) and its milliseconds. */
const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
const duration: fc.Arbitrary<{ text: string; ms: number }> = fc
  .array(
    fc.tuple(
      fc.integer({ min: 0, max: 99_999 }),
      fc.constantFrom("h", "m", "s", "ms") as fc.Arbitrary<keyof typeof UNIT_MS>,
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map((parts) => ({
    text: parts.map(([n, u]) => `${n}${u}`).join(""),
    ms: parts.reduce((sum, [n, u]) => sum + n * UNIT_MS[u], 0),
  }));
/** Timeouts: backendRequest at most request (unless request is 0: no limit). */
const timeouts = fc
  .tuple(maybe(duration), maybe(duration))
  .map(([a, b]) => {
    if (a !== undefined && b !== undefined && a.ms !== 0 && b.ms > a.ms) [a, b] = [b, a];
    return compact({ request: a?.text, backendRequest: b?.text });
  })
  .filter((t) => Object.keys(t).length > 0);

// ------------------------------------------------------------------------------------------------ gateway

const PROTOCOLS = ["HTTP", "HTTPS", "TLS"] as const;
type Protocol = (typeof PROTOCOLS)[number];
const KINDS_FOR: Record<Protocol, readonly string[]> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute"],
};

const certificateRef = fc.oneof(
  dnsSubdomain(),
  rec({ name: dnsSubdomain(), namespace: namespaceName }, ["name"]),
);
const certificateRefs = fc.array(certificateRef, { minLength: 1, maxLength: 3 });
/** TLS for a protocol: none for HTTP; certificates for HTTPS; Passthrough or certificates for TLS. */
function tlsFor(protocol: Protocol): fc.Arbitrary<Json | undefined> {
  const terminate = fc
    .tuple(fc.boolean(), certificateRefs)
    .map(([explicit, refs]) => ({ ...(explicit ? { mode: "Terminate" } : {}), certificateRefs: refs }));
  if (protocol === "HTTP") return fc.constant(undefined);
  if (protocol === "HTTPS") return terminate;
  return fc.oneof(fc.constant({ mode: "Passthrough" }), terminate);
}

const allowedRoutes = (protocol: Protocol) =>
  rec({
    namespaces: fc.oneof(
      fc.constantFrom("Same", "All"),
      labels.map((selector) => ({ selector })),
    ),
    kinds: fc.shuffledSubarray([...KINDS_FOR[protocol]], { minLength: 1 }),
  });

const listener = fc
  .constantFrom(...PROTOCOLS)
  .chain((protocol) =>
    fc
      .tuple(maybe(port), maybe(host), tlsFor(protocol), maybe(allowedRoutes(protocol)))
      .map(([p, hostname, tls, allowed]) =>
        compact({ protocol, port: p, hostname, tls, allowedRoutes: allowed }),
      ),
  );
/** The port a listener listens on (the builder's default: 80 for HTTP, 443 for HTTPS and TLS). */
export const listenerPort = (l: { protocol: string; port?: number }): number =>
  l.port ?? (l.protocol === "HTTP" ? 80 : 443);

/** Listeners: names once, each port/protocol/host name once. */
const listeners = fc
  .uniqueArray(listener, {
    minLength: 1,
    maxLength: 4,
    selector: (l) => `${listenerPort(l as { protocol: string })} ${l.protocol} ${l.hostname ?? ""}`,
  })
  .chain((ls) =>
    fc
      .uniqueArray(dnsSubdomain(), { minLength: ls.length, maxLength: ls.length })
      .map((names) => ls.map((l, i) => ({ name: names[i] as string, ...l }))),
  );

export const gatewayOptions: fc.Arbitrary<GatewayOptions> = fc
  .tuple(objectName, meta, dnsSubdomain(), listeners)
  .map(
    ([name, m, gatewayClassName, ls]) => ({ name, ...m, gatewayClassName, listeners: ls }) as GatewayOptions,
  );

// ------------------------------------------------------------------------------------------------ routes

type Gateway = ReturnType<typeof gateway>;
const gatewayObject: fc.Arbitrary<Gateway> = gatewayOptions.map((o) => gateway(o));

/** A parent reference and the parent it names (namespace/name, the route's namespace filled in later). */
interface ParentPlan {
  readonly ref: unknown;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName: string | undefined;
}
const byObject: fc.Arbitrary<ParentPlan> = gatewayObject.chain((g) => {
  const ls = g.spec.listeners;
  const plain = fc.constant({ ref: g, sectionName: undefined });
  const withSection = fc
    .tuple(fc.constantFrom(...ls), fc.boolean(), fc.boolean())
    .map(([l, named, withPort]) => {
      const sectionName = named ? l.name : undefined;
      return {
        ref: compact({ gateway: g, sectionName, port: withPort ? l.port : undefined }),
        sectionName,
      };
    });
  return fc.oneof(plain, withSection).map((p) => ({
    ...p,
    name: g.metadata.name,
    namespace: g.metadata.namespace,
  }));
});
const byName: fc.Arbitrary<ParentPlan> = rec(
  {
    name: fc.oneof(fc.constantFrom("web", "edge"), dnsSubdomain()),
    namespace: fc.oneof(fc.constantFrom("edge", "calls"), namespaceName),
    sectionName: fc.oneof(fc.constantFrom("http", "https"), dnsSubdomain()),
    port,
  },
  ["name"],
).map((ref) => ({ ref, name: ref.name, namespace: ref.namespace, sectionName: ref.sectionName }));

/**
 * parentRefs: a parent more than once only with a sectionName on each, all distinct (the CRD's rules). A plan is
 * kept once per parent and section; a parent with several plans loses the one without sectionName.
 */
function parentRefs(routeNamespace: string | undefined): fc.Arbitrary<unknown[]> {
  const parent = (p: ParentPlan) => `${p.namespace ?? routeNamespace ?? ""}/${p.name}`;
  return fc
    .uniqueArray(fc.oneof(byObject, byName), {
      minLength: 1,
      maxLength: 3,
      selector: (p) => `${parent(p)}#${p.sectionName ?? ""}`,
    })
    .map((plans) =>
      plans
        .filter(
          (p) => p.sectionName !== undefined || plans.filter((q) => parent(q) === parent(p)).length === 1,
        )
        .map((p) => p.ref),
    );
}

const hostnames = fc.uniqueArray(host, { minLength: 1, maxLength: 4 });

/** Services to route to, and a backend of each: its port (by number or name; required with several) and weight. */
const backendService = serviceOptions.map((o) => service(o));
const backend = fc
  .tuple(backendService, fc.boolean(), maybe(fc.integer({ min: 0, max: 1_000_000 })))
  .chain(([svc, byName, weight]) => {
    const ports = svc.spec?.ports ?? [];
    return fc.constantFrom(...ports).map((p) => {
      const ref = byName && p.name !== undefined ? p.name : p.port;
      const omit = ports.length === 1 && byName;
      return compact({ service: svc, port: omit ? undefined : ref, weight });
    });
  });
const backends = fc.array(backend, { minLength: 1, maxLength: 3 });

const headerMatches = unique(
  rec({ name: headerName, value: headerValue, type: fc.constantFrom("Exact", "RegularExpression") }, [
    "name",
    "value",
  ]),
  (h) => h.name.toLowerCase(),
);

/** A header modifier: set, add and remove (at least one), each header name once across them (case-insensitive). */
const headerModifier = fc
  .uniqueArray(headerName, { minLength: 1, maxLength: 9, selector: (n) => n.toLowerCase() })
  .chain((names) =>
    fc
      .tuple(
        fc.array(fc.constantFrom("set", "add", "remove"), {
          minLength: names.length,
          maxLength: names.length,
        }),
        fc.array(headerValue, { minLength: names.length, maxLength: names.length }),
      )
      .map(([where, values]) => {
        const m: { set?: Record<string, string>; add?: Record<string, string>; remove?: string[] } = {};
        names.forEach((n, i) => {
          const w = where[i];
          if (w === "remove") m.remove = [...(m.remove ?? []), n];
          else if (w !== undefined) m[w] = { ...m[w], [n]: values[i] as string };
        });
        return m;
      }),
  )
  // A name `__proto__` would be a prototype in a plain object.
  .filter(
    (m) => !Object.keys(m.set ?? {}).includes("__proto__") && !Object.keys(m.add ?? {}).includes("__proto__"),
  );

// ------------------------------------------------------------------------------------------------ httpRoute

const pathMatch = fc
  .constantFrom("PathPrefix", "Exact", "RegularExpression", undefined)
  .chain((type) =>
    (type === "RegularExpression" ? fc.string({ minLength: 1, maxLength: 30 }) : httpPath).map((value) =>
      compact({ type, value }),
    ),
  );
const httpMatch = rec({
  path: pathMatch,
  headers: headerMatches,
  queryParams: unique(
    rec(
      {
        name: headerName,
        value: fc.string({ minLength: 1, maxLength: 20 }),
        type: fc.constantFrom("Exact", "RegularExpression"),
      },
      ["name", "value"],
    ),
    (q) => q.name,
  ),
  method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"),
});

const pathModifier = (prefix: boolean) =>
  fc.oneof(
    anyPath.map((replaceFullPath) => ({ replaceFullPath })),
    ...(prefix ? [anyPath.map((replacePrefixMatch) => ({ replacePrefixMatch }))] : []),
  );
const redirect = (prefix: boolean) =>
  rec({
    scheme: fc.constantFrom("http", "https"),
    hostname: preciseHost,
    port,
    path: pathModifier(prefix),
    statusCode: fc.constantFrom(301, 302, 303, 307, 308),
  });
const rewrite = (prefix: boolean) => rec({ hostname: preciseHost, path: pathModifier(prefix) });

/**
 * One HTTP rule: matches, then filters (each kind at most once; a redirect or a rewrite, never both;
 * replacePrefixMatch only with exactly one PathPrefix match), then backends (none with a redirect) and timeouts.
 */
const httpRule = maybe(fc.array(httpMatch, { minLength: 1, maxLength: 3 })).chain((matches) => {
  // replacePrefixMatch with exactly one PathPrefix match: no matches, or one without a path or with a PathPrefix
  // path (its type given or the default), as Kubernetes defaults both to PathPrefix `/`.
  const path = matches?.[0]?.path;
  const onlyPrefix =
    matches === undefined ||
    (matches.length === 1 && (path === undefined || path.type === undefined || path.type === "PathPrefix"));
  return fc
    .record({
      name: maybe(dnsSubdomain()),
      filters: fc
        .tuple(
          fc.constantFrom("none", "requestRedirect", "urlRewrite"),
          maybe(headerModifier),
          maybe(headerModifier),
          redirect(onlyPrefix),
          rewrite(onlyPrefix),
        )
        .chain(([which, req, res, red, rew]) =>
          fc.shuffledSubarray(
            [
              ...(req === undefined ? [] : [{ requestHeaderModifier: req }]),
              ...(res === undefined ? [] : [{ responseHeaderModifier: res }]),
              ...(which === "requestRedirect" ? [{ requestRedirect: red }] : []),
              ...(which === "urlRewrite" ? [{ urlRewrite: rew }] : []),
            ],
            { minLength: which === "none" ? 0 : 1 },
          ),
        ),
      backends,
      timeouts: maybe(timeouts),
    })
    .map(({ name, filters, backends: bs, timeouts: t }) => {
      const redirects = filters.some((f) => "requestRedirect" in f);
      return compact({
        name,
        matches,
        filters: filters.length === 0 ? undefined : filters,
        backends: redirects ? undefined : bs,
        timeouts: t,
      });
    });
});

/** Rule names once per route. */
const named = <R extends { name?: string | undefined }>(rules: R[]): R[] => {
  const seen = new Set<string>();
  return rules.map((r) => {
    if (r.name === undefined || !seen.has(r.name)) {
      if (r.name !== undefined) seen.add(r.name);
      return r;
    }
    const { name: _n, ...rest } = r;
    return rest as R;
  });
};

const routeMeta = fc
  .tuple(objectName, meta)
  .chain(([name, m]) =>
    fc
      .tuple(parentRefs(m.namespace), maybe(hostnames))
      .map(([refs, hs]) => compact({ name, ...m, parentRefs: refs, hostnames: hs })),
  );

export const httpRouteOptions: fc.Arbitrary<HTTPRouteOptions> = fc
  .tuple(routeMeta, fc.array(httpRule, { minLength: 1, maxLength: 3 }))
  .map(([m, rules]) => ({ ...m, rules: named(rules) }) as unknown as HTTPRouteOptions);

// ------------------------------------------------------------------------------------------------ grpcRoute

/** A gRPC service name (package and service) and a method name, as the CRD takes them for Exact matches. */
const grpcService = fc
  .array(fc.tuple(chars(`${LOWER}${UPPER}_`, 1, 1), chars(`${LOWER}${UPPER}${DIGIT}_`, 0, 8)), {
    minLength: 1,
    maxLength: 3,
  })
  .chain((parts) => fc.boolean().map((dot) => `${dot ? "." : ""}${parts.map(([a, b]) => a + b).join(".")}`));
const grpcMethod = fc
  .tuple(chars(`${LOWER}${UPPER}_`, 1, 1), chars(`${LOWER}${UPPER}${DIGIT}_`, 0, 10))
  .map(([a, b]) => a + b);
const methodMatch = fc.constantFrom("Exact", "RegularExpression", undefined).chain((type) => {
  const text = fc.string({ minLength: 1, maxLength: 20 });
  const s = type === "RegularExpression" ? text : grpcService;
  const m = type === "RegularExpression" ? text : grpcMethod;
  return fc
    .oneof(fc.record({ service: s }), fc.record({ method: m }), fc.record({ service: s, method: m }))
    .map((mm) => compact({ ...mm, type }));
});
const grpcRule = fc
  .record({
    name: maybe(dnsSubdomain()),
    matches: maybe(
      fc.array(rec({ method: methodMatch, headers: headerMatches }), { minLength: 1, maxLength: 3 }),
    ),
    filters: fc
      .tuple(maybe(headerModifier), maybe(headerModifier))
      .chain(([req, res]) =>
        fc.shuffledSubarray([
          ...(req === undefined ? [] : [{ requestHeaderModifier: req }]),
          ...(res === undefined ? [] : [{ responseHeaderModifier: res }]),
        ]),
      ),
    backends,
  })
  .map((r) => compact({ ...r, filters: r.filters.length === 0 ? undefined : r.filters }));

export const grpcRouteOptions: fc.Arbitrary<GRPCRouteOptions> = fc
  .tuple(routeMeta, fc.array(grpcRule, { minLength: 1, maxLength: 3 }))
  .map(([m, rules]) => ({ ...m, rules: named(rules) }) as unknown as GRPCRouteOptions);
