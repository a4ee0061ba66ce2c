/**
 * The rules of an HTTPRoute (the CRD's schema and CEL rules, and the library's), written once for the builder's
 * options and for a built or patched object: each side reads its rules into a view, and `httpRuleRules` judges it.
 */
import * as z from "zod/mini";
import { arr, obj } from "../base/object.ts";
import { port } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import {
  fieldCheck,
  gatewayDuration,
  gatewayDurationMs,
  headerName,
  preciseHostname,
} from "./gateway-api.ts";
import type { KindChecks } from "./object-checks.ts";
import {
  duplicateNames,
  objectFilters,
  onceFilters,
  routeFieldChecks,
  routeObjectRules,
} from "./route-checks.ts";

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

/** The filters the builder writes, each at most once in a rule. */
export const HTTP_FILTERS = [
  "requestHeaderModifier",
  "responseHeaderModifier",
  "requestRedirect",
  "urlRewrite",
];

/** A match of a rule, as the rules read it. */
export interface HTTPMatchView {
  readonly path: { readonly type: unknown; readonly value: unknown } | undefined;
  readonly headers: readonly { readonly name: unknown }[];
  readonly queryParams: readonly { readonly name: unknown }[];
}

/** A rule of an HTTPRoute, as the rules read it (from the options or from an object). */
export interface HTTPRuleView {
  readonly matches: readonly HTTPMatchView[] | undefined;
  /** The field each filter configures (`requestRedirect`…), in order. */
  readonly filters: readonly (string | undefined)[];
  /** Per filter: whether its path modifier replaces the prefix match. */
  readonly prefixRewrites: readonly boolean[];
  /** Where the backends are (`backends` in the options, `backendRefs` in the object), and whether there are any. */
  readonly backendsAt: string;
  readonly backends: boolean;
  readonly timeouts: { readonly request?: unknown; readonly backendRequest?: unknown } | undefined;
}

function matchRules(m: HTTPMatchView, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const path = m.path;
  if (path !== undefined && path.type !== "RegularExpression" && typeof path.value === "string") {
    const problem = httpPathProblem(path.value);
    if (problem !== undefined) {
      issues.push({
        path: [...at, "path", "value"],
        code: "invalid_format",
        message: `"${path.value}": a ${String(path.type ?? "PathPrefix")} path ${problem}`,
      });
    }
  }
  issues.push(...duplicateNames(m.headers, [...at, "headers"], "header", true));
  issues.push(...duplicateNames(m.queryParams, [...at, "queryParams"], "query parameter", false));
  return issues;
}

/** The rules of one rule of an HTTPRoute (header modifiers and backend ports aside), at `at`. */
export function httpRuleRules(r: HTTPRuleView, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  (r.matches ?? []).forEach((m, j) => {
    issues.push(...matchRules(m, [...at, "matches", j]));
  });
  issues.push(...onceFilters(r.filters, HTTP_FILTERS, [...at, "filters"]));
  // Kubernetes defaults a rule without matches to one PathPrefix `/` match, and a match without a path to a
  // PathPrefix `/` path: both are the one PathPrefix match that replacePrefixMatch needs.
  const matches = r.matches;
  const onePrefix =
    matches === undefined ||
    (matches.length === 1 && (matches[0]?.path === undefined || matches[0].path.type === "PathPrefix"));
  r.prefixRewrites.forEach((prefix, j) => {
    if (!prefix || onePrefix) return;
    issues.push({
      path: [...at, "filters", j, r.filters[j] ?? "", "path", "replacePrefixMatch"],
      code: "invalid_value",
      message: "replacePrefixMatch needs exactly one match, with a PathPrefix path",
    });
  });
  const redirects = r.filters.includes("requestRedirect");
  if (redirects && r.filters.includes("urlRewrite")) {
    issues.push({
      path: [...at, "filters"],
      code: "conflicting_options",
      message: "a rule either redirects (requestRedirect) or rewrites (urlRewrite), not both",
    });
  }
  if (redirects && r.backends) {
    issues.push({
      path: [...at, r.backendsAt],
      code: "conflicting_options",
      message: "a redirect rule answers the client itself: drop its backends",
    });
  }
  if (!redirects && !r.backends) {
    issues.push({
      path: [...at, r.backendsAt],
      code: "required",
      message:
        "a rule needs backends, or a requestRedirect filter (without either, every request gets a 500)",
    });
  }
  const t = r.timeouts;
  const ms = (v: unknown) => (typeof v === "string" ? gatewayDurationMs(v) : undefined);
  const request = ms(t?.request);
  const backend = ms(t?.backendRequest);
  if (request !== undefined && backend !== undefined && request !== 0 && backend > request) {
    issues.push({
      path: [...at, "timeouts", "backendRequest"],
      code: "min_above_max",
      message: `backendRequest ${String(t?.backendRequest)} is longer than request ${String(t?.request)}`,
    });
  }
  return issues;
}

/** A rule of an HTTPRoute object as the rules read it, with the problems of its filters' shapes. */
function objectRule(r: Record<string, unknown>, at: readonly PropertyKey[]): RuleIssue[] {
  const { fields, issues } = objectFilters(r.filters, HTTP_FILTERS, [...at, "filters"]);
  const matches = r.matches === undefined ? undefined : arr(r.matches).map(obj);
  const view: HTTPRuleView = {
    matches: matches?.map((m) => {
      const path = m.path === undefined ? undefined : obj(m.path);
      return {
        path: path === undefined ? undefined : { type: path.type ?? "PathPrefix", value: path.value },
        headers: arr(m.headers).map((h) => ({ name: obj(h).name })),
        queryParams: arr(m.queryParams).map((q) => ({ name: obj(q).name })),
      };
    }),
    filters: fields,
    prefixRewrites: arr(r.filters).map((f, j) => {
      const field = fields[j];
      const path = field === undefined ? {} : obj(obj(obj(f)[field]).path);
      return path.type === "ReplacePrefixMatch" || path.replacePrefixMatch !== undefined;
    }),
    backendsAt: "backendRefs",
    backends: arr(r.backendRefs).length > 0,
    timeouts: r.timeouts === undefined ? undefined : ({ ...obj(r.timeouts) } as HTTPRuleView["timeouts"]),
  };
  return [...issues, ...httpRuleRules(view, at)];
}

const R = "gateway/v1.HTTPRoute.spec.rules";

/**
 * What the checks of a built or patched HTTPRoute add to every object's: the grammar of the fields the builder
 * writes (as its options take them) and the route's rules.
 */
export const HTTP_ROUTE_CHECKS: KindChecks = {
  fields: {
    ...routeFieldChecks("gateway/v1.HTTPRoute"),
    [`${R}.matches.path.type`]: fieldCheck(() => z.enum(["PathPrefix", "Exact", "RegularExpression"])),
    [`${R}.matches.path.value`]: fieldCheck(() => z.string().check(z.minLength(1), z.maxLength(1024))),
    [`${R}.matches.queryParams.name`]: fieldCheck(() => headerName),
    [`${R}.matches.queryParams.value`]: fieldCheck(() => z.string().check(z.minLength(1), z.maxLength(1024))),
    [`${R}.matches.queryParams.type`]: fieldCheck(() => z.enum(["Exact", "RegularExpression"])),
    [`${R}.matches.method`]: fieldCheck(() =>
      z.enum(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]),
    ),
    [`${R}.filters.requestRedirect.scheme`]: fieldCheck(() => z.enum(["http", "https"])),
    [`${R}.filters.requestRedirect.hostname`]: fieldCheck(() => preciseHostname),
    [`${R}.filters.requestRedirect.port`]: fieldCheck(() => port),
    [`${R}.filters.requestRedirect.statusCode`]: fieldCheck(() =>
      z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]),
    ),
    [`${R}.filters.urlRewrite.hostname`]: fieldCheck(() => preciseHostname),
    [`${R}.timeouts.request`]: fieldCheck(() => gatewayDuration),
    [`${R}.timeouts.backendRequest`]: fieldCheck(() => gatewayDuration),
  },
  rules: (o) => routeObjectRules(o, objectRule),
};
