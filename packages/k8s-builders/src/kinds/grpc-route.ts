/**
 * GRPCRoute (gateway.networking.k8s.io/v1): gRPC routing from Gateway listeners to Services — service/method and
 * header matches, header modifiers, weighted backends. The rules are the CRD's (schema and CEL); backends are
 * Service objects whose ports are checked.
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { arr, obj } from "../base/object.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { fieldCheck, GATEWAY_GROUP, type GatewayApiMeta, gatewayApiSpec } from "./gateway-api.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import {
  duplicateNames,
  objectFilters,
  onceFilters,
  routeFieldChecks,
  routeObjectRules,
  routeOptionRules,
  routeSpec,
} from "./route-checks.ts";
import {
  type BackendReference,
  backendRef,
  backendSchema,
  type GatewayHeaderMatch,
  type HeaderModifierConfig,
  headerFilter,
  headerFilterSchemas,
  headerMatch,
  headerMatchSchema,
  type ParentReference,
  routeShape,
} from "./route-parts.ts";

const RULE = gatewayApiSpec("grpcrouterule");
const MATCH = gatewayApiSpec("grpcroutematch");
const METHOD = gatewayApiSpec("grpcmethodmatch");

const methodMatchSchema = objectSchema(() => ({
  /** The gRPC service, with its package (`calls.v1.Calls`). @default unset (any service) */
  service: option(z.string().check(z.minLength(1), z.maxLength(1024)), {
    description: "The gRPC service, with its package (`calls.v1.Calls`).",
    unset: "any service",
    k8s: METHOD,
  }),
  /** The method (`Dial`). @default unset (any method) */
  method: option(z.string().check(z.minLength(1), z.maxLength(1024)), {
    description: "The method (`Dial`).",
    unset: "any method",
    k8s: METHOD,
  }),
  /** `Exact` or `RegularExpression`. @default unset (Kubernetes: Exact) */
  type: option(z.enum(["Exact", "RegularExpression"]), {
    description: "`Exact` or `RegularExpression`.",
    unset: "Kubernetes: Exact",
    k8s: METHOD,
  }),
}));

const matchSchema = objectSchema(() => ({
  /** The service and method to match (at least one of the two). @default unset (any) */
  method: option(methodMatchSchema(), {
    description: "The service and method to match (at least one of the two).",
    unset: "any",
    k8s: MATCH,
  }),
  /** Headers (metadata) that must all match (at most 16). @default unset (any headers) */
  headers: option(z.array(headerMatchSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "Headers (metadata) that must all match (at most 16).",
    unset: "any headers",
    k8s: MATCH,
  }),
}));

const filterSchema = () => z.union(headerFilterSchemas());

const ruleSchema = objectSchema(() => ({
  /** Rule name, unique in the route. @default unset (none) */
  name: option(dnsSubdomain, { description: "Rule name, unique in the route.", unset: "none", k8s: RULE }),
  /** Matches: a call matching any of them takes this rule (at most 64). @default unset (Kubernetes: every call) */
  matches: option(z.array(matchSchema()).check(z.minLength(1), z.maxLength(64)), {
    description: "Matches: a call matching any of them takes this rule (at most 64).",
    unset: "Kubernetes: every call",
    k8s: RULE,
  }),
  /** Filters, each kind at most once: `{ requestHeaderModifier }`, `{ responseHeaderModifier }`. @default unset (none) */
  filters: option(z.array(filterSchema()).check(z.minLength(1), z.maxLength(16)), {
    description:
      "Filters, each kind at most once: `{ requestHeaderModifier }`, `{ responseHeaderModifier }`.",
    unset: "none",
    k8s: gatewayApiSpec("grpcroutefilter"),
  }),
  /** The Services that serve the rule (1–16), with their port and weight. */
  backends: required(z.array(backendSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "The Services that serve the rule (1–16), with their port and weight.",
    k8s: gatewayApiSpec("grpcbackendref"),
  }),
}));

/** The schema of {@link GRPCRouteOptions} (built on first use). */
export const GRPCRouteOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  ...routeShape(),
  /** The rules (1–16): matches, filters and backends. */
  rules: required(z.array(ruleSchema()).check(z.minLength(1), z.maxLength(16)), {
    description: "The rules (1–16): matches, filters and backends.",
    k8s: RULE,
  }),
  ...patchShape<GRPCRoute>(),
}));

/** Options of {@link grpcRoute}. */
export type GRPCRouteOptions = z.input<typeof GRPCRouteOptionsSchema>;
type Parsed = z.output<typeof GRPCRouteOptionsSchema>;
type ParsedRule = Parsed["rules"][number];

/** A rule of a GRPCRoute. */
export interface GRPCRouteRule {
  name?: string;
  matches?: {
    method?: { service?: string; method?: string; type?: "Exact" | "RegularExpression" };
    headers?: GatewayHeaderMatch[];
  }[];
  filters?: (
    | { type: "RequestHeaderModifier"; requestHeaderModifier: HeaderModifierConfig }
    | { type: "ResponseHeaderModifier"; responseHeaderModifier: HeaderModifierConfig }
  )[];
  backendRefs: BackendReference[];
}

/** A GRPCRoute (gateway.networking.k8s.io/v1) as {@link grpcRoute} builds it. */
export interface GRPCRoute {
  apiVersion: "gateway.networking.k8s.io/v1";
  kind: "GRPCRoute";
  metadata: GatewayApiMeta;
  spec: { parentRefs: ParentReference[]; hostnames?: string[]; rules: GRPCRouteRule[] };
}

const SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const METHOD_NAME = /^[A-Za-z_][A-Za-z_0-9]*$/;
/** The filters the builder writes, each at most once in a rule. */
const GRPC_FILTERS = ["requestHeaderModifier", "responseHeaderModifier"];

/** A match as the rules read it (from the options or from an object). */
interface MatchView {
  readonly headers: readonly { readonly name: unknown }[];
  readonly method:
    | { readonly service?: unknown; readonly method?: unknown; readonly type?: unknown }
    | undefined;
}

function matchRules(m: MatchView, at: readonly PropertyKey[]): RuleIssue[] {
  const issues = duplicateNames(m.headers, [...at, "headers"], "header", true);
  const mm = m.method;
  if (mm === undefined) return issues;
  if (mm.service === undefined && mm.method === undefined) {
    issues.push({ path: [...at, "method"], code: "required", message: "give service, method or both" });
  }
  if (mm.type !== "RegularExpression") {
    if (typeof mm.service === "string" && !SERVICE.test(mm.service)) {
      issues.push({
        path: [...at, "method", "service"],
        code: "invalid_format",
        message: `"${mm.service}" is not a gRPC service name (package and service: "calls.v1.Calls")`,
      });
    }
    if (typeof mm.method === "string" && !METHOD_NAME.test(mm.method)) {
      issues.push({
        path: [...at, "method", "method"],
        code: "invalid_format",
        message: `"${mm.method}" is not a gRPC method name (letters, digits and _: "Dial")`,
      });
    }
  }
  return issues;
}

/** The rules of one rule's matches and filters (header modifiers and backend ports aside), at `at`. */
function grpcRuleRules(
  matches: readonly MatchView[],
  filters: readonly (string | undefined)[],
  at: readonly PropertyKey[],
): RuleIssue[] {
  return [
    ...matches.flatMap((m, j) => matchRules(m, [...at, "matches", j])),
    ...onceFilters(filters, GRPC_FILTERS, [...at, "filters"]),
  ];
}

function grpcRouteRules(p: Parsed): RuleIssue[] {
  return routeOptionRules(p, (r, at) =>
    grpcRuleRules(
      (r.matches ?? []).map((m) => ({ headers: m.headers ?? [], method: m.method })),
      (r.filters ?? []).map((f) =>
        "requestHeaderModifier" in f ? "requestHeaderModifier" : "responseHeaderModifier",
      ),
      at,
    ),
  );
}

/** A rule of a GRPCRoute object: its filters' shapes, its matches and filters, and its backends. */
function objectRule(r: Record<string, unknown>, at: readonly PropertyKey[]): RuleIssue[] {
  const { fields, issues } = objectFilters(r.filters, GRPC_FILTERS, [...at, "filters"]);
  const matches = arr(r.matches).map((v) => {
    const m = obj(v);
    const method = m.method === undefined ? undefined : obj(m.method);
    return {
      headers: arr(m.headers).map((h) => ({ name: obj(h).name })),
      method:
        method === undefined
          ? undefined
          : { service: method.service, method: method.method, type: method.type },
    };
  });
  issues.push(...grpcRuleRules(matches, fields, at));
  if (arr(r.backendRefs).length === 0) {
    issues.push({
      path: [...at, "backendRefs"],
      code: "required",
      message: "a rule needs backends (the Services that serve it)",
    });
  }
  return issues;
}

const R = "gateway/v1.GRPCRoute.spec.rules";

/**
 * What the checks of a built or patched GRPCRoute add to every object's: the grammar of the fields the builder
 * writes (as its options take them) and the route's rules.
 */
export const GRPC_ROUTE_CHECKS: KindChecks = {
  fields: {
    ...routeFieldChecks("gateway/v1.GRPCRoute"),
    [`${R}.matches.method.service`]: fieldCheck(() => z.string().check(z.minLength(1), z.maxLength(1024))),
    [`${R}.matches.method.method`]: fieldCheck(() => z.string().check(z.minLength(1), z.maxLength(1024))),
    [`${R}.matches.method.type`]: fieldCheck(() => z.enum(["Exact", "RegularExpression"])),
  },
  rules: (o) => routeObjectRules(o, objectRule),
};

function rule(r: ParsedRule, namespace: string | undefined): GRPCRouteRule {
  return {
    ...(r.name === undefined ? {} : { name: r.name }),
    ...(r.matches === undefined
      ? {}
      : {
          matches: r.matches.map((m) => ({
            ...(m.method === undefined
              ? {}
              : {
                  method: {
                    ...(m.method.service === undefined ? {} : { service: m.method.service }),
                    ...(m.method.method === undefined ? {} : { method: m.method.method }),
                    ...(m.method.type === undefined ? {} : { type: m.method.type }),
                  },
                }),
            ...(m.headers === undefined ? {} : { headers: m.headers.map(headerMatch) }),
          })),
        }),
    ...(r.filters === undefined ? {} : { filters: r.filters.map(headerFilter) }),
    backendRefs: r.backends.map((b) => backendRef(b, namespace)),
  };
}

/**
 * Builds a GRPCRoute.
 *
 * @example
 * grpcRoute({ name: "dialer", namespace: "calls", parentRefs: [{ gateway: web, sectionName: "https" }],
 *   hostnames: ["grpc.example.com"],
 *   rules: [{ matches: [{ method: { service: "calls.v1.Dialer" } }], backends: [{ service: dialerService }] }] });
 */
export function grpcRoute(options: GRPCRouteOptions): GRPCRoute {
  const o = parseOptions("grpcRoute", GRPCRouteOptionsSchema, options, grpcRouteRules);
  const built: GRPCRoute = {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "GRPCRoute",
    metadata: objectMeta(o),
    spec: routeSpec(
      o,
      o.rules.map((r) => rule(r, o.namespace)),
    ),
  };
  return patched("grpcRoute", built, o.patch, GRPC_ROUTE_CHECKS);
}
