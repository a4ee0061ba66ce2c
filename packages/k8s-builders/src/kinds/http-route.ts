/**
 * HTTPRoute (gateway.networking.k8s.io/v1): HTTP routing from Gateway listeners to Services — path, header,
 * query and method matches, header modifiers, redirects (HTTP→HTTPS among them), URL rewrites, weighted backends
 * and timeouts. The rules are the CRD's (schema and CEL); backends are Service objects whose ports are checked.
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsSubdomain, port } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  GATEWAY_GROUP,
  type GatewayApiMeta,
  gatewayApiSpec,
  gatewayDuration,
  gatewayDurationMs,
  headerName,
  preciseHostname,
} from "./gateway-api.ts";
import {
  type BackendReference,
  backendRef,
  backendRules,
  backendSchema,
  duplicateNames,
  type GatewayHeaderMatch,
  type HeaderModifierConfig,
  headerMatch,
  headerMatchSchema,
  headerModifier,
  headerModifierRules,
  headerModifierSchema,
  type ParentReference,
  parentRefRules,
  parentRefs,
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

const pathModifierSchema = () =>
  z.union([
    z.strictObject({
      /** The whole path to use instead of the request's. */
      replaceFullPath: required(z.string().check(z.maxLength(1024)), {
        description: "The whole path to use instead of the request's.",
        k8s: gatewayApiSpec("httppathmodifier"),
      }),
    }),
    z.strictObject({
      /** What replaces the matched PathPrefix (the rest of the path is kept). */
      replacePrefixMatch: required(z.string().check(z.maxLength(1024)), {
        description: "What replaces the matched PathPrefix (the rest of the path is kept).",
        k8s: gatewayApiSpec("httppathmodifier"),
      }),
    }),
  ]);

const redirectSchema = objectSchema(() => ({
  /** Scheme of the redirect: `https` for HTTP→HTTPS. @default unset (the request's) */
  scheme: option(z.enum(["http", "https"]), {
    description: "Scheme of the redirect: `https` for HTTP→HTTPS.",
    unset: "the request's",
    k8s: gatewayApiSpec("httprequestredirectfilter"),
  }),
  /** Host name of the redirect. @default unset (the request's) */
  hostname: option(preciseHostname, {
    description: "Host name of the redirect.",
    unset: "the request's",
    k8s: gatewayApiSpec("httprequestredirectfilter"),
  }),
  /** Port of the redirect. @default unset (the scheme's well-known port, or the listener's) */
  port: option(port, {
    description: "Port of the redirect.",
    unset: "the scheme's well-known port, or the listener's",
    k8s: gatewayApiSpec("httprequestredirectfilter"),
  }),
  /** `{ replaceFullPath }` or `{ replacePrefixMatch }` (the latter with exactly one PathPrefix match). @default unset (the request's path) */
  path: option(pathModifierSchema(), {
    description:
      "`{ replaceFullPath }` or `{ replacePrefixMatch }` (the latter with exactly one PathPrefix match).",
    unset: "the request's path",
    k8s: gatewayApiSpec("httppathmodifier"),
  }),
  /** HTTP status code: 301 (permanent) … 308. @default unset (Kubernetes: 302) */
  statusCode: option(
    z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]),
    {
      description: "HTTP status code: 301 (permanent) … 308.",
      unset: "Kubernetes: 302",
      k8s: gatewayApiSpec("httprequestredirectfilter"),
    },
  ),
}));

const rewriteSchema = objectSchema(() => ({
  /** Host header sent to the backend. @default unset (unchanged) */
  hostname: option(preciseHostname, {
    description: "Host header sent to the backend.",
    unset: "unchanged",
    k8s: gatewayApiSpec("httpurlrewritefilter"),
  }),
  /** `{ replaceFullPath }` or `{ replacePrefixMatch }` (the latter with exactly one PathPrefix match). @default unset (unchanged) */
  path: option(pathModifierSchema(), {
    description:
      "`{ replaceFullPath }` or `{ replacePrefixMatch }` (the latter with exactly one PathPrefix match).",
    unset: "unchanged",
    k8s: gatewayApiSpec("httppathmodifier"),
  }),
}));

const filterSchema = () =>
  z.union([
    z.strictObject({
      /** Headers to change on the request. */
      requestHeaderModifier: required(headerModifierSchema(), {
        description: "Headers to change on the request.",
        k8s: gatewayApiSpec("httpheaderfilter"),
      }),
    }),
    z.strictObject({
      /** Headers to change on the response. */
      responseHeaderModifier: required(headerModifierSchema(), {
        description: "Headers to change on the response.",
        k8s: gatewayApiSpec("httpheaderfilter"),
      }),
    }),
    z.strictObject({
      /** Answer with a redirect (e.g. HTTP→HTTPS) instead of forwarding. */
      requestRedirect: required(redirectSchema(), {
        description: "Answer with a redirect (e.g. HTTP→HTTPS) instead of forwarding.",
        k8s: gatewayApiSpec("httprequestredirectfilter"),
      }),
    }),
    z.strictObject({
      /** Rewrite the host and path before forwarding. */
      urlRewrite: required(rewriteSchema(), {
        description: "Rewrite the host and path before forwarding.",
        k8s: gatewayApiSpec("httpurlrewritefilter"),
      }),
    }),
  ]);

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
}));

/** Options of {@link httpRoute}. */
export type HTTPRouteOptions = z.input<typeof HTTPRouteOptionsSchema>;
type Parsed = z.output<typeof HTTPRouteOptionsSchema>;
type ParsedRule = Parsed["rules"][number];
type ParsedMatch = NonNullable<ParsedRule["matches"]>[number];
type ParsedFilter = NonNullable<ParsedRule["filters"]>[number];

/** A path modifier as the Gateway API writes it. */
export type HTTPPathModifier =
  | { type: "ReplaceFullPath"; replaceFullPath: string }
  | { type: "ReplacePrefixMatch"; replacePrefixMatch: string };

/** A filter of an HTTPRoute rule. */
export type HTTPRouteFilter =
  | { type: "RequestHeaderModifier"; requestHeaderModifier: HeaderModifierConfig }
  | { type: "ResponseHeaderModifier"; responseHeaderModifier: HeaderModifierConfig }
  | {
      type: "RequestRedirect";
      requestRedirect: {
        scheme?: "http" | "https";
        hostname?: string;
        port?: number;
        path?: HTTPPathModifier;
        statusCode?: number;
      };
    }
  | { type: "URLRewrite"; urlRewrite: { hostname?: string; path?: HTTPPathModifier } };

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

const CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|%[0-9a-fA-F]{2})+$/;

/** Why a PathPrefix or Exact path value is refused by the CRD (its CEL rules), or undefined. */
export function httpPathProblem(value: string): string | undefined {
  if (!value.startsWith("/")) return "must be an absolute path starting with '/'";
  if (!CHARS.test(value))
    return "may only hold the characters of a URL path (letters, digits, -._~!$&'()*+,;=:@/ and %XX)";
  for (const bad of ["//", "/./", "/../", "%2f", "%2F", "#"]) {
    if (value.includes(bad)) return `must not contain '${bad}'`;
  }
  for (const end of ["/.", "/.."]) if (value.endsWith(end)) return `must not end with '${end}'`;
  return undefined;
}

const filterType = (f: ParsedFilter) => Object.keys(f)[0] as keyof ParsedFilter & string;

function matchRules(m: ParsedMatch, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (m.path !== undefined && m.path.type !== "RegularExpression") {
    const problem = httpPathProblem(m.path.value);
    if (problem !== undefined) {
      issues.push({
        path: [...at, "path", "value"],
        code: "invalid_format",
        message: `"${m.path.value}": a ${m.path.type} path ${problem}`,
      });
    }
  }
  issues.push(...duplicateNames(m.headers ?? [], [...at, "headers"], "header", true));
  issues.push(...duplicateNames(m.queryParams ?? [], [...at, "queryParams"], "query parameter", false));
  return issues;
}

function prefixRewriteRules(r: ParsedRule, at: readonly PropertyKey[], j: number, kind: string): RuleIssue[] {
  const onePrefix = r.matches?.length === 1 && r.matches[0]?.path?.type === "PathPrefix";
  return onePrefix
    ? []
    : [
        {
          path: [...at, "filters", j, kind, "path", "replacePrefixMatch"],
          code: "invalid_value",
          message: "replacePrefixMatch needs exactly one match, with a PathPrefix path",
        },
      ];
}

function ruleRules(r: ParsedRule, i: number): RuleIssue[] {
  const at = ["rules", i];
  const issues: RuleIssue[] = [];
  (r.matches ?? []).forEach((m, j) => {
    issues.push(...matchRules(m, [...at, "matches", j]));
  });
  const seen = new Set<string>();
  (r.filters ?? []).forEach((f, j) => {
    const type = filterType(f);
    if (seen.has(type)) {
      issues.push({
        path: [...at, "filters", j],
        code: "duplicate",
        message: `a rule has at most one ${type} filter`,
      });
    }
    seen.add(type);
    if ("requestHeaderModifier" in f)
      issues.push(...headerModifierRules(f.requestHeaderModifier, [...at, "filters", j, type]));
    if ("responseHeaderModifier" in f)
      issues.push(...headerModifierRules(f.responseHeaderModifier, [...at, "filters", j, type]));
    const modifier =
      "requestRedirect" in f ? f.requestRedirect.path : "urlRewrite" in f ? f.urlRewrite.path : undefined;
    if (modifier !== undefined && "replacePrefixMatch" in modifier)
      issues.push(...prefixRewriteRules(r, at, j, type));
  });
  if (seen.has("requestRedirect") && seen.has("urlRewrite")) {
    issues.push({
      path: [...at, "filters"],
      code: "conflicting_options",
      message: "a rule either redirects (requestRedirect) or rewrites (urlRewrite), not both",
    });
  }
  if (seen.has("requestRedirect") && r.backends !== undefined) {
    issues.push({
      path: [...at, "backends"],
      code: "conflicting_options",
      message: "a redirect rule answers the client itself: drop its backends",
    });
  }
  if (!seen.has("requestRedirect") && r.backends === undefined) {
    issues.push({
      path: [...at, "backends"],
      code: "required",
      message:
        "a rule needs backends, or a requestRedirect filter (without either, every request gets a 500)",
    });
  }
  (r.backends ?? []).forEach((b, j) => {
    issues.push(...backendRules(b, [...at, "backends", j]));
  });
  const request = r.timeouts?.request === undefined ? undefined : gatewayDurationMs(r.timeouts.request);
  const backend =
    r.timeouts?.backendRequest === undefined ? undefined : gatewayDurationMs(r.timeouts.backendRequest);
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    issues.push({
      path: [...at, "timeouts", "backendRequest"],
      code: "min_above_max",
      message: `backendRequest ${r.timeouts?.backendRequest} is longer than request ${r.timeouts?.request}`,
    });
  }
  return issues;
}

function httpRouteRules(p: Parsed): RuleIssue[] {
  const issues = [...parentRefRules(p.parentRefs, p.namespace), ...p.rules.flatMap(ruleRules)];
  const names = new Set<string>();
  p.rules.forEach((r, i) => {
    if (r.name === undefined) return;
    if (names.has(r.name)) {
      issues.push({
        path: ["rules", i, "name"],
        code: "duplicate",
        message: `rule name "${r.name}" is used twice`,
      });
    }
    names.add(r.name);
  });
  const matches = p.rules.reduce((n, r) => n + (r.matches?.length ?? 0), 0);
  if (matches >= 128) {
    issues.push({
      path: ["rules"],
      code: "too_big",
      message: `${matches} matches in all: fewer than 128 per route`,
    });
  }
  return issues;
}

function pathModifier(m: { replaceFullPath: string } | { replacePrefixMatch: string }): HTTPPathModifier {
  return "replaceFullPath" in m
    ? { type: "ReplaceFullPath", replaceFullPath: m.replaceFullPath }
    : { type: "ReplacePrefixMatch", replacePrefixMatch: m.replacePrefixMatch };
}

function filter(f: ParsedFilter): HTTPRouteFilter {
  if ("requestHeaderModifier" in f) {
    return { type: "RequestHeaderModifier", requestHeaderModifier: headerModifier(f.requestHeaderModifier) };
  }
  if ("responseHeaderModifier" in f) {
    return {
      type: "ResponseHeaderModifier",
      responseHeaderModifier: headerModifier(f.responseHeaderModifier),
    };
  }
  if ("requestRedirect" in f) {
    const r = f.requestRedirect;
    return {
      type: "RequestRedirect",
      requestRedirect: {
        ...(r.scheme === undefined ? {} : { scheme: r.scheme }),
        ...(r.hostname === undefined ? {} : { hostname: r.hostname }),
        ...(r.port === undefined ? {} : { port: r.port }),
        ...(r.path === undefined ? {} : { path: pathModifier(r.path) }),
        ...(r.statusCode === undefined ? {} : { statusCode: r.statusCode }),
      },
    };
  }
  const w = f.urlRewrite;
  return {
    type: "URLRewrite",
    urlRewrite: {
      ...(w.hostname === undefined ? {} : { hostname: w.hostname }),
      ...(w.path === undefined ? {} : { path: pathModifier(w.path) }),
    },
  };
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
  return {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "HTTPRoute",
    metadata: objectMeta(o),
    spec: {
      parentRefs: parentRefs(o.parentRefs, o.namespace),
      ...(o.hostnames === undefined ? {} : { hostnames: [...o.hostnames] }),
      rules: o.rules.map((r) => rule(r, o.namespace)),
    },
  };
}
