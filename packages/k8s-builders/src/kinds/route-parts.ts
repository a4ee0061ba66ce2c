/**
 * The parts HTTPRoute and GRPCRoute share: parent references (a Gateway object, or its name), host names, backend
 * references by Service object (the port checked against the Service's, as `serviceFor` checks a workload's),
 * header matches and the header modifier filters; each with the CRDs' rules.
 */
import * as z from "zod/mini";
import { objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, dnsSubdomain, port, portName } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import {
  gatewayApiSpec,
  gatewayFacts,
  gatewayHostname,
  gatewayObject,
  headerName,
  headerValue,
} from "./gateway-api.ts";
import { portNames, serviceFacts, serviceObject } from "./service-facts.ts";

const PARENT = gatewayApiSpec("parentreference");
const BACKEND = gatewayApiSpec("httpbackendref");

const sectionOptions = () => ({
  /** The listener (by name) to attach to. @default unset (every listener that allows the route) */
  sectionName: option(dnsSubdomain, {
    description: "The listener (by name) to attach to.",
    unset: "every listener that allows the route",
    k8s: PARENT,
  }),
  /** The listener port to attach to. @default unset (every port) */
  port: option(port, { description: "The listener port to attach to.", unset: "every port", k8s: PARENT }),
});

const parentByObjectSchema = objectSchema(() => ({
  /** The Gateway object (from `gateway(...)`): its name and namespace are read from it. */
  gateway: required(gatewayObject(), {
    description: "The Gateway object (from `gateway(...)`): its name and namespace are read from it.",
    k8s: PARENT,
  }),
  ...sectionOptions(),
}));

const parentByNameSchema = objectSchema(() => ({
  /** Name of the Gateway (one the platform team runs). */
  name: required(dnsSubdomain, {
    description: "Name of the Gateway (one the platform team runs).",
    k8s: PARENT,
  }),
  /** Namespace of the Gateway. @default unset (the route's) */
  namespace: option(dnsLabel, {
    description: "Namespace of the Gateway.",
    unset: "the route's",
    k8s: PARENT,
  }),
  ...sectionOptions(),
}));

/** Route options shared by HTTPRoute and GRPCRoute: the Gateways and host names. */
export function routeShape() {
  return {
    /**
     * The Gateways (and listeners) the route attaches to: a Gateway object, `{ gateway, sectionName?, port? }`, or
     * `{ name, namespace?, sectionName?, port? }` for a Gateway made elsewhere.
     */
    parentRefs: required(
      z
        .array(z.union([gatewayObject(), parentByObjectSchema(), parentByNameSchema()]))
        .check(z.minLength(1), z.maxLength(32)),
      {
        description:
          "The Gateways (and listeners) the route attaches to: a Gateway object, `{ gateway, sectionName?, port? }`, or `{ name, namespace?, sectionName?, port? }` for a Gateway made elsewhere.",
        k8s: PARENT,
      },
    ),
    /** Host names the route serves (a wildcard only as the first label), at most 16. @default unset (the listeners') */
    hostnames: option(z.array(gatewayHostname).check(z.minLength(1), z.maxLength(16)), {
      description: "Host names the route serves (a wildcard only as the first label), at most 16.",
      unset: "the listeners'",
      k8s: gatewayApiSpec("hostname"),
    }),
  };
}

/** A backend: a Service object and one of its ports. */
export const backendSchema = objectSchema(() => ({
  /** The Service object (e.g. from `serviceFor`): name and namespace are read from it. */
  service: required(serviceObject(), {
    description: "The Service object (e.g. from `serviceFor`): name and namespace are read from it.",
    k8s: BACKEND,
  }),
  /** One of the Service's ports, by number or name. @default the Service's only port */
  port: option(z.union([port, portName]), {
    description: "One of the Service's ports, by number or name.",
    derived: "the Service's only port",
    k8s: BACKEND,
  }),
  /** Share of the requests relative to the other backends (0–1000000; 0: none). @default unset (Kubernetes: 1) */
  weight: option(z.number().check(z.int(), z.gte(0), z.lte(1_000_000)), {
    description: "Share of the requests relative to the other backends (0–1000000; 0: none).",
    unset: "Kubernetes: 1",
    k8s: BACKEND,
  }),
}));

/** A header match (or a query parameter match): name, value, exact or regular expression. */
export const headerMatchSchema = objectSchema(() => ({
  /** Header name (case-insensitive). */
  name: required(headerName, {
    description: "Header name (case-insensitive).",
    k8s: gatewayApiSpec("httpheadermatch"),
  }),
  /** The value to match. */
  value: required(headerValue, {
    description: "The value to match.",
    k8s: gatewayApiSpec("httpheadermatch"),
  }),
  /** `Exact` or `RegularExpression` (the implementation's dialect). @default unset (Kubernetes: Exact) */
  type: option(z.enum(["Exact", "RegularExpression"]), {
    description: "`Exact` or `RegularExpression` (the implementation's dialect).",
    unset: "Kubernetes: Exact",
    k8s: gatewayApiSpec("httpheadermatch"),
  }),
}));

/** Headers to set, add or remove, on the request or the response. */
export const headerModifierSchema = objectSchema(() => ({
  /** Headers to set (replacing a header of the same name). @default unset (none) */
  set: option(z.record(headerName, headerValue), {
    description: "Headers to set (replacing a header of the same name).",
    unset: "none",
    k8s: gatewayApiSpec("httpheaderfilter"),
  }),
  /** Headers to add (after any of the same name). @default unset (none) */
  add: option(z.record(headerName, headerValue), {
    description: "Headers to add (after any of the same name).",
    unset: "none",
    k8s: gatewayApiSpec("httpheaderfilter"),
  }),
  /** Names of headers to remove. @default unset (none) */
  remove: option(z.array(headerName).check(z.minLength(1), z.maxLength(16)), {
    description: "Names of headers to remove.",
    unset: "none",
    k8s: gatewayApiSpec("httpheaderfilter"),
  }),
}));

/** The filters both routes take: `{ requestHeaderModifier }` or `{ responseHeaderModifier }` (the union's branches). */
export const headerFilterSchemas = () =>
  [
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
  ] as const;

/** A parent reference of the options, or one of a route object (`{ name, namespace?, sectionName?, port? }`). */
export type Parent = z.output<ReturnType<typeof routeShape>["parentRefs"]>[number];
type Backend = z.output<ReturnType<typeof backendSchema>>;
type HeaderMatch = z.output<ReturnType<typeof headerMatchSchema>>;
/** A header-modifier filter of the options. */
export type HeaderFilter = z.output<ReturnType<typeof headerFilterSchemas>[number]>;
/** A header modifier of the options. */
export type HeaderModifier = z.output<ReturnType<typeof headerModifierSchema>>;

/** A parent reference as the Gateway API writes it. */
export interface ParentReference {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
  port?: number;
}

/** A backend reference as the Gateway API writes it. */
export interface BackendReference {
  name: string;
  namespace?: string;
  port: number;
  weight?: number;
}

/** A header match as the Gateway API writes it. */
export interface GatewayHeaderMatch {
  name: string;
  value: string;
  type?: "Exact" | "RegularExpression";
}

/** A header modifier filter's configuration as the Gateway API writes it. */
export interface HeaderModifierConfig {
  set?: { name: string; value: string }[];
  add?: { name: string; value: string }[];
  remove?: string[];
}

/** A header-modifier filter of a route rule, as written (the public types of both routes spell it out). */
type HeaderFilterConfig =
  | { type: "RequestHeaderModifier"; requestHeaderModifier: HeaderModifierConfig }
  | { type: "ResponseHeaderModifier"; responseHeaderModifier: HeaderModifierConfig };

interface ParentTarget {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
  /** The listeners, when a Gateway object was given. */
  readonly listeners: readonly { name: string; port: number }[] | undefined;
}

function parentTarget(p: Parent): ParentTarget {
  if ("gateway" in p) {
    const g = gatewayFacts(p.gateway);
    return {
      name: g?.name ?? "",
      namespace: g?.namespace,
      sectionName: p.sectionName,
      port: p.port,
      listeners: g?.listeners,
    };
  }
  if ("name" in p && typeof p.name === "string") {
    return {
      name: p.name,
      namespace: p.namespace,
      sectionName: p.sectionName,
      port: p.port,
      listeners: undefined,
    };
  }
  const g = gatewayFacts(p);
  return {
    name: g?.name ?? "",
    namespace: g?.namespace,
    sectionName: undefined,
    port: undefined,
    listeners: g?.listeners,
  };
}

/** The CRDs' parent rules: a listener named or a port that the Gateway object has; one reference per parent and section. */
export function parentRefRules(
  parents: readonly Parent[],
  routeNamespace: string | undefined,
  at: readonly PropertyKey[] = ["parentRefs"],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const targets = parents.map(parentTarget);
  const byParent = new Map<string, number[]>();
  targets.forEach((t, i) => {
    if (t.listeners !== undefined && t.sectionName !== undefined) {
      const l = t.listeners.find((x) => x.name === t.sectionName);
      if (l === undefined) {
        issues.push({
          path: [...at, i, "sectionName"],
          code: "unknown_listener",
          message: `Gateway "${t.name}" has no listener "${t.sectionName}" (has: ${t.listeners.map((x) => x.name).join(", ")})`,
        });
      } else if (t.port !== undefined && l.port !== t.port) {
        issues.push({
          path: [...at, i, "port"],
          code: "unknown_listener",
          message: `listener "${l.name}" of Gateway "${t.name}" listens on port ${l.port}, not ${t.port}`,
        });
      }
    } else if (
      t.listeners !== undefined &&
      t.port !== undefined &&
      !t.listeners.some((x) => x.port === t.port)
    ) {
      issues.push({
        path: [...at, i, "port"],
        code: "unknown_listener",
        message: `Gateway "${t.name}" has no listener on port ${t.port} (has: ${[...new Set(t.listeners.map((x) => x.port))].join(", ")})`,
      });
    }
    const key = `${t.namespace ?? routeNamespace ?? ""}/${t.name}`;
    byParent.set(key, [...(byParent.get(key) ?? []), i]);
  });
  for (const [key, indexes] of byParent) {
    if (indexes.length < 2) continue;
    const sections = new Map<string, number>();
    for (const i of indexes) {
      const t = targets[i] as ParentTarget;
      if (t.sectionName === undefined) {
        issues.push({
          path: [...at, i, "sectionName"],
          code: "required",
          message: `Gateway ${key} is referenced more than once: each reference needs its sectionName`,
        });
        continue;
      }
      const first = sections.get(t.sectionName);
      if (first !== undefined) {
        issues.push({
          path: [...at, i, "sectionName"],
          code: "duplicate",
          message: `listener "${t.sectionName}" of Gateway ${key} is referenced twice (also at parentRefs[${first}])`,
        });
      } else sections.set(t.sectionName, i);
    }
  }
  return issues;
}

/** The parent references as written: the namespace only when it is not the route's. */
export function parentRefs(
  parents: readonly Parent[],
  routeNamespace: string | undefined,
): ParentReference[] {
  return parents.map((p) => {
    const t = parentTarget(p);
    return {
      name: t.name,
      ...(t.namespace === undefined || t.namespace === routeNamespace ? {} : { namespace: t.namespace }),
      ...(t.sectionName === undefined ? {} : { sectionName: t.sectionName }),
      ...(t.port === undefined ? {} : { port: t.port }),
    };
  });
}

/** The backend's port must be one of the Service's (the only one when no port is named). */
export function backendRules(b: Backend, at: readonly PropertyKey[]): RuleIssue[] {
  const f = serviceFacts(b.service);
  if (f === undefined) return [];
  if (b.port === undefined) {
    return f.ports.length === 1
      ? []
      : [
          {
            path: [...at, "port"],
            code: "required",
            message: `Service "${f.name}" has ${f.ports.length} ports: name one (${portNames(f)})`,
          },
        ];
  }
  const found = f.ports.some((p) => (typeof b.port === "number" ? p.port === b.port : p.name === b.port));
  return found
    ? []
    : [
        {
          path: [...at, "port"],
          code: "unknown_port",
          message: `Service "${f.name}" has no port ${typeof b.port === "number" ? b.port : `named "${b.port}"`} (has: ${f.ports.map((p) => (p.name === undefined ? String(p.port) : `${p.name} ${p.port}`)).join(", ")})`,
        },
      ];
}

/** A backend reference as written: the Service's name, its namespace when not the route's, the port number. */
export function backendRef(b: Backend, routeNamespace: string | undefined): BackendReference {
  const f = serviceFacts(b.service);
  const p = f?.ports.find((sp) =>
    b.port === undefined ? true : typeof b.port === "number" ? sp.port === b.port : sp.name === b.port,
  );
  const namespace = f?.namespace;
  return {
    name: f?.name ?? "",
    ...(namespace === undefined || namespace === routeNamespace ? {} : { namespace }),
    port: p?.port ?? 0,
    ...(b.weight === undefined ? {} : { weight: b.weight }),
  };
}

/** A header match as written. */
export function headerMatch(h: HeaderMatch): GatewayHeaderMatch {
  return { name: h.name, value: h.value, ...(h.type === undefined ? {} : { type: h.type }) };
}

/** A header modifier as written. */
export function headerModifier(m: HeaderModifier): HeaderModifierConfig {
  const pairs = (r: Record<string, string>) => Object.entries(r).map(([name, value]) => ({ name, value }));
  return {
    ...(m.set === undefined ? {} : { set: pairs(m.set) }),
    ...(m.add === undefined ? {} : { add: pairs(m.add) }),
    ...(m.remove === undefined ? {} : { remove: [...m.remove] }),
  };
}

/** A header-modifier filter as written: its type and its headers. */
export function headerFilter(f: HeaderFilter): HeaderFilterConfig {
  return "requestHeaderModifier" in f
    ? { type: "RequestHeaderModifier", requestHeaderModifier: headerModifier(f.requestHeaderModifier) }
    : { type: "ResponseHeaderModifier", responseHeaderModifier: headerModifier(f.responseHeaderModifier) };
}
