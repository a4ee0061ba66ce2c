/**
 * HTTPRoute (gateway.networking.k8s.io/v1): HTTP routing from Gateway listeners to Services — path, header,
 * query and method matches, header modifiers, redirects (HTTP→HTTPS among them), URL rewrites, weighted backends
 * and timeouts. The rules are the CRD's (schema and CEL); backends are Service objects whose ports are checked.
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  GATEWAY_GROUP,
  type GatewayApiMeta,
  gatewayApiSpec,
  gatewayDuration,
  headerName,
} from "./gateway-api.ts";
import { filter, filterSchema, type HTTPRouteFilter } from "./http-route-filters.ts";
import { HTTP_ROUTE_CHECKS, httpRuleRules } from "./http-route-rules.ts";
import { patched } from "./object-checks.ts";
import { routeOptionRules, routeSpec } from "./route-checks.ts";
import {
  type BackendReference,
  backendRef,
  backendSchema,
  type GatewayHeaderMatch,
  headerMatch,
  headerMatchSchema,
  type ParentReference,
  routeShape,
} from "./route-parts.ts";

const RULE = gatewayApiSpec("httprouterule");
const MATCH = gatewayApiSpec("httproutematch");
const FILTER = gatewayApiSpec("httproutefilter");

const pathMatchSchema = objectSchema(() => ({
  /** `PathPrefix` (by path element: `/api` matches `/api` and `/api/x`, not `/apis`), `Exact` or `RegularExpression`. @default "PathPrefix" */
  type: option(z.enum(["PathPrefix", "Exact", "RegularExpression"]), {
    description:
      "`PathPrefix` (by path element: `/api` matches `/api` and `/api/x`, not `/apis`), `Exact` or `RegularExpression`.",
    default: "PathPrefix",
    k8s: gatewayApiSpec("httppathmatch"),
  }),
  /** The path (absolute for PathPrefix and Exact, e.g. `/api`), or the regular expression. */
  value: required(z.string().check(z.minLength(1), z.maxLength(1024)), {
    description: "The path (absolute for PathPrefix and Exact, e.g. `/api`), or the regular expression.",
    k8s: gatewayApiSpec("httppathmatch"),
  }),
}));

const queryMatchSchema = objectSchema(() => ({
  /** Query parameter name (case-sensitive). */
  name: required(headerName, { description: "Query parameter name (case-sensitive).", k8s: MATCH }),
  /** The value to match. */
  value: required(z.string().check(z.minLength(1), z.maxLength(1024)), {
    description: "The value to match.",
    k8s: MATCH,
  }),
  /** `Exact` or `RegularExpression` (the implementation's dialect). @default unset (Kubernetes: Exact) */
  type: option(z.enum(["Exact", "RegularExpression"]), {
    description: "`Exact` or `RegularExpression` (the implementation's dialect).",
    unset: "Kubernetes: Exact",
    k8s: MATCH,
  }),
}));

const matchSchema = objectSchema(() => ({
  /** The path to match. @default unset (Kubernetes: PathPrefix `/`, every path) */
  path: option(pathMatchSchema(), {
    description: "The path to match.",
    unset: "Kubernetes: PathPrefix `/`, every path",
    k8s: MATCH,
  }),
  /** Headers that must all match (at most 16). @default unset (any headers) */
  headers: option(z.array(headerMatchSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "Headers that must all match (at most 16).",
    unset: "any headers",
    k8s: MATCH,
  }),
  /** Query parameters that must all match (at most 16). @default unset (any query) */
  queryParams: option(z.array(queryMatchSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "Query parameters that must all match (at most 16).",
    unset: "any query",
    k8s: MATCH,
  }),
  /** The HTTP method. @default unset (any method) */
  method: option(z.enum(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]), {
    description: "The HTTP method.",
    unset: "any method",
    k8s: MATCH,
  }),
}));

const timeoutsSchema = objectSchema(() => ({
  /** Time for the whole request, from the client's request to the response (`0s`: none). @default unset (the implementation's) */
  request: option(gatewayDuration, {
    description: "Time for the whole request, from the client's request to the response (`0s`: none).",
    unset: "the implementation's",
    k8s: gatewayApiSpec("httproutetimeouts"),
  }),
  /** Time for one request to a backend; at most `request`. @default unset (the implementation's) */
  backendRequest: option(gatewayDuration, {
    description: "Time for one request to a backend; at most `request`.",
    unset: "the implementation's",
    k8s: gatewayApiSpec("httproutetimeouts"),
  }),
}));

const ruleSchema = objectSchema(() => ({
  /** Rule name, unique in the route (policies and status refer to it). @default unset (none) */
  name: option(dnsSubdomain, {
    description: "Rule name, unique in the route (policies and status refer to it).",
    unset: "none",
    k8s: RULE,
  }),
  /** Matches: a request matching any of them takes this rule (at most 64). @default unset (Kubernetes: every request) */
  matches: option(z.array(matchSchema()).check(z.minLength(1), z.maxLength(64)), {
    description: "Matches: a request matching any of them takes this rule (at most 64).",
    unset: "Kubernetes: every request",
    k8s: RULE,
  }),
  /**
   * Filters, each kind at most once: `{ requestHeaderModifier }`, `{ responseHeaderModifier }`, `{ requestRedirect }`
   * (no backends then), `{ urlRewrite }`. @default unset (none)
   */
  filters: option(z.array(filterSchema()).check(z.minLength(1), z.maxLength(16)), {
    description:
      "Filters, each kind at most once: `{ requestHeaderModifier }`, `{ responseHeaderModifier }`, `{ requestRedirect }` (no backends then), `{ urlRewrite }`.",
    unset: "none",
    k8s: FILTER,
  }),
  /** The Services that serve the rule (at most 16), with their port and weight. @default unset (none: a redirect rule) */
  backends: option(z.array(backendSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "The Services that serve the rule (at most 16), with their port and weight.",
    unset: "none: a redirect rule",
    k8s: gatewayApiSpec("httpbackendref"),
  }),
  /** Request timeouts, e.g. long ones for WebSockets. @default unset (the implementation's) */
  timeouts: option(timeoutsSchema(), {
    description: "Request timeouts, e.g. long ones for WebSockets.",
    unset: "the implementation's",
    k8s: gatewayApiSpec("httproutetimeouts"),
  }),
}));

/** The schema of {@link HTTPRouteOptions} (built on first use). */
export const HTTPRouteOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  ...routeShape(),
  /** The rules (1–16): matches, filters, backends and timeouts. */
  rules: required(z.array(ruleSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "The rules (1–16): matches, filters, backends and timeouts.",
    k8s: RULE,
  }),
  ...patchShape<HTTPRoute>(),
}));

/** Options of {@link httpRoute}. */
export type HTTPRouteOptions = z.input<typeof HTTPRouteOptionsSchema>;
type Parsed = z.output<typeof HTTPRouteOptionsSchema>;
type ParsedRule = Parsed["rules"][number];
type ParsedMatch = NonNullable<ParsedRule["matches"]>[number];
type ParsedFilter = NonNullable<ParsedRule["filters"]>[number];

/** A match of an HTTPRoute rule. */
export interface HTTPRouteMatch {
  path?: { type: "PathPrefix" | "Exact" | "RegularExpression"; value: string };
  headers?: GatewayHeaderMatch[];
  queryParams?: GatewayHeaderMatch[];
  method?: string;
}

/** A rule of an HTTPRoute. */
export interface HTTPRouteRule {
  name?: string;
  matches?: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendReference[];
  timeouts?: { request?: string; backendRequest?: string };
}

/** An HTTPRoute (gateway.networking.k8s.io/v1) as {@link httpRoute} builds it. */
export interface HTTPRoute {
  apiVersion: "gateway.networking.k8s.io/v1";
  kind: "HTTPRoute";
  metadata: GatewayApiMeta;
  spec: { parentRefs: ParentReference[]; hostnames?: string[]; rules: HTTPRouteRule[] };
}

const filterField = (f: ParsedFilter) => Object.keys(f)[0] as keyof ParsedFilter & string;

/** The rules of the options: each rule's (read as the object's are), header modifiers, backend ports, parents. */
function httpRouteRules(p: Parsed): RuleIssue[] {
  return routeOptionRules(p, (r, at) => {
    const filters = r.filters ?? [];
    return httpRuleRules(
      {
        matches: r.matches?.map((m) => ({
          path: m.path,
          headers: m.headers ?? [],
          queryParams: m.queryParams ?? [],
        })),
        filters: filters.map(filterField),
        prefixRewrites: filters.map((f) => {
          const modifier =
            "requestRedirect" in f
              ? f.requestRedirect.path
              : "urlRewrite" in f
                ? f.urlRewrite.path
                : undefined;
          return modifier !== undefined && "replacePrefixMatch" in modifier;
        }),
        backendsAt: "backends",
        backends: r.backends !== undefined,
        timeouts: r.timeouts,
      },
      at,
    );
  });
}

function match(m: ParsedMatch): HTTPRouteMatch {
  return {
    ...(m.path === undefined ? {} : { path: { type: m.path.type, value: m.path.value } }),
    ...(m.headers === undefined ? {} : { headers: m.headers.map(headerMatch) }),
    ...(m.queryParams === undefined ? {} : { queryParams: m.queryParams.map(headerMatch) }),
    ...(m.method === undefined ? {} : { method: m.method }),
  };
}

function rule(r: ParsedRule, namespace: string | undefined): HTTPRouteRule {
  const timeouts = r.timeouts;
  return {
    ...(r.name === undefined ? {} : { name: r.name }),
    ...(r.matches === undefined ? {} : { matches: r.matches.map(match) }),
    ...(r.filters === undefined ? {} : { filters: r.filters.map(filter) }),
    ...(r.backends === undefined ? {} : { backendRefs: r.backends.map((b) => backendRef(b, namespace)) }),
    ...(timeouts === undefined || (timeouts.request === undefined && timeouts.backendRequest === undefined)
      ? {}
      : {
          timeouts: {
            ...(timeouts.request === undefined ? {} : { request: timeouts.request }),
            ...(timeouts.backendRequest === undefined ? {} : { backendRequest: timeouts.backendRequest }),
          },
        }),
  };
}

/**
 * Builds an HTTPRoute.
 *
 * @example
 * httpRoute({ name: "api", namespace: "calls", parentRefs: [{ gateway: web, sectionName: "https" }],
 *   hostnames: ["calls.example.com"],
 *   rules: [{ matches: [{ path: { value: "/api" } }], backends: [{ service: apiService, port: "http" }],
 *     timeouts: { request: "30s" } }] });
 */
export function httpRoute(options: HTTPRouteOptions): HTTPRoute {
  const o = parseOptions("httpRoute", HTTPRouteOptionsSchema, options, httpRouteRules);
  const built: HTTPRoute = {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: objectMeta(o),
    spec: routeSpec(
      o,
      o.rules.map((r) => rule(r, o.namespace)),
    ),
  };
  return patched("httpRoute", built, o.patch, HTTP_ROUTE_CHECKS);
}
