/**
 * Gateway (gateway.networking.k8s.io/v1): listeners (HTTP, HTTPS, TLS) with their host names, TLS certificates
 * from Secrets, and which routes may attach (namespaces, kinds). The rules are the CRD's (schema and CEL).
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel, dnsSubdomain, dnsSubdomainLabelSized, labels, port } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  fieldCheck,
  GATEWAY_GROUP,
  type GatewayApiMeta,
  gatewayApiSpec,
  gatewayHostname,
  listLength,
} from "./gateway-api.ts";
import { type KindChecks, patched } from "./object-checks.ts";

const LISTENER = gatewayApiSpec("listener");

/** The listener protocols the builder writes. */
const PROTOCOLS = ["HTTP", "HTTPS", "TLS"] as const;
/** How a listener handles TLS. */
const TLS_MODES = ["Terminate", "Passthrough"] as const;
/** The route kinds of the standard channel a listener can allow. */
const ROUTE_KINDS = ["HTTPRoute", "GRPCRoute", "TLSRoute"] as const;
/** Which route kinds can attach to a listener of each protocol. */
const KINDS_FOR: Record<(typeof PROTOCOLS)[number], readonly string[]> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute"],
};

const certificateRefSchema = objectSchema(() => ({
  /** Name of the `kubernetes.io/tls` Secret. */
  name: required(dnsSubdomain, { description: "Name of the `kubernetes.io/tls` Secret.", k8s: LISTENER }),
  /** Namespace of the Secret (another namespace needs a ReferenceGrant there). @default unset (the Gateway's) */
  namespace: option(dnsLabel, {
    description: "Namespace of the Secret (another namespace needs a ReferenceGrant there).",
    unset: "the Gateway's",
    k8s: LISTENER,
  }),
}));

const tlsSchema = objectSchema(() => ({
  /** `Terminate`: the Gateway decrypts with the certificates; `Passthrough` (TLS listeners only): the backend does. @default "Terminate" */
  mode: option(z.enum(TLS_MODES), {
    description:
      "`Terminate`: the Gateway decrypts with the certificates; `Passthrough` (TLS listeners only): the backend does.",
    default: "Terminate",
    k8s: LISTENER,
  }),
  /** The `kubernetes.io/tls` Secrets with the certificate and key, by name (or name and namespace). @default unset (none: required with Terminate) */
  certificateRefs: option(
    z.array(z.union([dnsSubdomain, certificateRefSchema()])).check(z.minLength(1), z.maxLength(64)),
    {
      description:
        "The `kubernetes.io/tls` Secrets with the certificate and key, by name (or name and namespace).",
      unset: "none: required with Terminate",
      k8s: LISTENER,
    },
  ),
}));

const allowedRoutesSchema = objectSchema(() => ({
  /** Which namespaces' routes may attach: `Same`, `All`, or `{ selector }` (namespace labels). @default unset (Kubernetes: Same) */
  namespaces: option(
    z.union([
      z.enum(["Same", "All"]),
      z.strictObject({
        /** Labels of the namespaces whose routes may attach. */
        selector: required(labels, {
          description: "Labels of the namespaces whose routes may attach.",
          k8s: gatewayApiSpec("routenamespaces"),
        }),
      }),
    ]),
    {
      description:
        "Which namespaces' routes may attach: `Same`, `All`, or `{ selector }` (namespace labels).",
      unset: "Kubernetes: Same",
      k8s: gatewayApiSpec("allowedroutes"),
    },
  ),
  /** Route kinds that may attach. @default unset (every kind the protocol supports) */
  kinds: option(z.array(z.enum(ROUTE_KINDS)).check(z.minLength(1), z.maxLength(8)), {
    description: "Route kinds that may attach.",
    unset: "every kind the protocol supports",
    k8s: gatewayApiSpec("allowedroutes"),
  }),
}));

const listenerSchema = objectSchema(() => ({
  /** Listener name, unique in the Gateway: routes attach to it by `sectionName`. */
  name: required(dnsSubdomain, {
    description: "Listener name, unique in the Gateway: routes attach to it by `sectionName`.",
    k8s: LISTENER,
  }),
  /** `HTTP`, `HTTPS` (TLS terminated by the Gateway) or `TLS` (SNI routing). */
  protocol: required(z.enum(PROTOCOLS), {
    description: "`HTTP`, `HTTPS` (TLS terminated by the Gateway) or `TLS` (SNI routing).",
    k8s: LISTENER,
  }),
  /** Port the Gateway listens on. @default 80 for HTTP, 443 for HTTPS and TLS */
  port: option(port, {
    description: "Port the Gateway listens on.",
    derived: "80 for HTTP, 443 for HTTPS and TLS",
    k8s: LISTENER,
  }),
  /** Host name the listener serves (a wildcard only as the first label, e.g. `*.example.com`). @default unset (every host name) */
  hostname: option(gatewayHostname, {
    description: "Host name the listener serves (a wildcard only as the first label, e.g. `*.example.com`).",
    unset: "every host name",
    k8s: LISTENER,
  }),
  /** TLS: required for HTTPS and TLS, refused for HTTP. @default unset (no TLS) */
  tls: option(tlsSchema(), {
    description: "TLS: required for HTTPS and TLS, refused for HTTP.",
    unset: "no TLS",
    k8s: LISTENER,
  }),
  /** Which routes may attach (namespaces and kinds). @default unset (Kubernetes: routes of the Gateway's namespace) */
  allowedRoutes: option(allowedRoutesSchema(), {
    description: "Which routes may attach (namespaces and kinds).",
    unset: "Kubernetes: routes of the Gateway's namespace",
    k8s: gatewayApiSpec("allowedroutes"),
  }),
}));

/** The schema of {@link GatewayOptions} (built on first use). */
export const GatewayOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** The GatewayClass (the implementation: Envoy Gateway, Istio, Cilium, NGINX Gateway Fabric…). */
  gatewayClassName: required(dnsSubdomain, {
    description:
      "The GatewayClass (the implementation: Envoy Gateway, Istio, Cilium, NGINX Gateway Fabric…).",
    k8s: gatewayApiSpec("gatewayspec"),
  }),
  /** The listeners (1–64): protocol, port, host name, TLS and the routes allowed. */
  listeners: required(z.array(listenerSchema()).check(z.minLength(1), z.maxLength(64)), {
    description: "The listeners (1–64): protocol, port, host name, TLS and the routes allowed.",
    k8s: LISTENER,
  }),
  ...patchShape<Gateway>(),
}));

/** Options of {@link gateway}. */
export type GatewayOptions = z.input<typeof GatewayOptionsSchema>;
type Parsed = z.output<typeof GatewayOptionsSchema>;
type ParsedListener = Parsed["listeners"][number];

/** A reference to a Secret or another object, as the Gateway API writes it. */
export interface GatewaySecretRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/** One listener of a Gateway. */
export interface GatewayListener {
  name: string;
  protocol: string;
  port: number;
  hostname?: string;
  tls?: { mode?: "Terminate" | "Passthrough"; certificateRefs?: GatewaySecretRef[] };
  allowedRoutes?: {
    namespaces?: { from?: "Same" | "All" | "Selector"; selector?: { matchLabels?: Record<string, string> } };
    kinds?: { group?: string; kind: string }[];
  };
}

/** A Gateway (gateway.networking.k8s.io/v1) as {@link gateway} builds it. */
export interface Gateway {
  apiVersion: "gateway.networking.k8s.io/v1";
  kind: "Gateway";
  metadata: GatewayApiMeta;
  spec: { gatewayClassName: string; listeners: GatewayListener[] };
}

const listenerPort = (l: ParsedListener) => l.port ?? (l.protocol === "HTTP" ? 80 : 443);

/** A listener as the rules read it: from the options, or from a (patched) Gateway object. */
interface ListenerView {
  readonly name: unknown;
  readonly protocol: unknown;
  readonly port: unknown;
  readonly hostname: unknown;
  /** The TLS mode (Kubernetes' default Terminate when unset) and whether certificates are named. */
  readonly tls: { readonly mode: unknown; readonly certificateRefs: boolean } | undefined;
  /** The route kinds allowed, when listed. */
  readonly kinds: readonly unknown[];
}

function listenerRules(l: ListenerView, at: readonly PropertyKey[], kindsAt: PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (l.protocol === "HTTP" && l.tls !== undefined) {
    issues.push({
      path: [...at, "tls"],
      code: "conflicting_options",
      message: "an HTTP listener has no TLS: use protocol HTTPS to terminate TLS",
    });
  }
  if ((l.protocol === "HTTPS" || l.protocol === "TLS") && l.tls === undefined) {
    issues.push({
      path: [...at, "tls"],
      code: "required",
      message: `a ${l.protocol} listener needs tls (the certificate Secrets${l.protocol === "TLS" ? ", or mode Passthrough" : ""})`,
    });
  }
  if (l.tls !== undefined && l.protocol !== "HTTP") {
    if (l.protocol === "HTTPS" && l.tls.mode === "Passthrough") {
      issues.push({
        path: [...at, "tls", "mode"],
        code: "invalid_value",
        message: "an HTTPS listener terminates TLS: use protocol TLS for Passthrough",
      });
    }
    if (l.tls.mode === "Terminate" && !l.tls.certificateRefs) {
      issues.push({
        path: [...at, "tls", "certificateRefs"],
        code: "required",
        message: "TLS mode Terminate needs the certificate Secrets",
      });
    }
    if (l.tls.mode === "Passthrough" && l.tls.certificateRefs) {
      issues.push({
        path: [...at, "tls", "certificateRefs"],
        code: "conflicting_options",
        message: "with mode Passthrough the backend holds the certificate: drop certificateRefs",
      });
    }
  }
  const served = typeof l.protocol === "string" ? KINDS_FOR[l.protocol as keyof typeof KINDS_FOR] : undefined;
  const seen = new Set<unknown>();
  l.kinds.forEach((k, j) => {
    const path = [...at, ...kindsAt, j];
    if (seen.has(k)) issues.push({ path, code: "duplicate", message: `route kind ${k} is listed twice` });
    seen.add(k);
    if (served !== undefined && typeof k === "string" && !served.includes(k)) {
      issues.push({
        path,
        code: "invalid_value",
        message: `a ${l.protocol} listener cannot serve ${k} (it serves: ${served.join(", ")})`,
      });
    }
  });
  return issues;
}

/** The rules of a Gateway's listeners, at `at` (`listeners` in the options, `spec.listeners` in the object). */
function listenersRules(listeners: readonly ListenerView[], at: readonly PropertyKey[]): RuleIssue[] {
  const issues = listeners.flatMap((l, i) => listenerRules(l, [...at, i], ["allowedRoutes", "kinds"]));
  const names = new Map<unknown, number>();
  const bindings = new Map<string, number>();
  listeners.forEach((l, i) => {
    const first = names.get(l.name);
    if (first !== undefined) {
      issues.push({
        path: [...at, i, "name"],
        code: "duplicate",
        message: `listener name "${String(l.name)}" is used twice (also at listeners[${first}])`,
      });
    } else names.set(l.name, i);
    const key = `${String(l.port)} ${String(l.protocol)} ${String(l.hostname ?? "")}`;
    const other = bindings.get(key);
    if (other !== undefined) {
      issues.push({
        path: [...at, i],
        code: "duplicate",
        message: `port ${String(l.port)}, protocol ${String(l.protocol)} and host name ${String(l.hostname ?? "(any)")} are those of listeners[${other}]: each combination once`,
      });
    } else bindings.set(key, i);
  });
  return issues;
}

function gatewayRules(p: Parsed): RuleIssue[] {
  return listenersRules(
    p.listeners.map((l) => ({
      name: l.name,
      protocol: l.protocol,
      port: listenerPort(l),
      hostname: l.hostname,
      tls:
        l.tls === undefined
          ? undefined
          : { mode: l.tls.mode, certificateRefs: l.tls.certificateRefs !== undefined },
      kinds: l.allowedRoutes?.kinds ?? [],
    })),
    ["listeners"],
  );
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

/** A listener of a Gateway object, as the rules read it. */
function listenerView(v: unknown): ListenerView {
  const l = obj(v);
  const tls = l.tls === undefined ? undefined : obj(l.tls);
  return {
    name: l.name,
    protocol: l.protocol,
    port: l.port,
    hostname: l.hostname,
    tls:
      tls === undefined
        ? undefined
        : { mode: tls.mode ?? "Terminate", certificateRefs: tls.certificateRefs !== undefined },
    kinds: list(obj(l.allowedRoutes).kinds).map((k) => obj(k).kind),
  };
}

const G = "gateway/v1.Gateway.spec";

/**
 * What the checks of a built or patched Gateway add to every object's: the grammar of the fields the builder
 * writes (as its options take them) and the listener rules.
 */
export const GATEWAY_CHECKS: KindChecks = {
  name: dnsSubdomainLabelSized,
  fields: {
    [`${G}.gatewayClassName`]: fieldCheck(() => dnsSubdomain),
    [`${G}.listeners`]: listLength(1, 64),
    [`${G}.listeners.name`]: fieldCheck(() => dnsSubdomain),
    [`${G}.listeners.protocol`]: fieldCheck(() => z.enum(PROTOCOLS)),
    [`${G}.listeners.port`]: fieldCheck(() => port),
    [`${G}.listeners.hostname`]: fieldCheck(() => gatewayHostname),
    [`${G}.listeners.tls.mode`]: fieldCheck(() => z.enum(TLS_MODES)),
    [`${G}.listeners.tls.certificateRefs`]: listLength(1, 64),
    [`${G}.listeners.tls.certificateRefs.name`]: fieldCheck(() => dnsSubdomain),
    [`${G}.listeners.tls.certificateRefs.namespace`]: fieldCheck(() => dnsLabel),
    [`${G}.listeners.allowedRoutes.kinds`]: listLength(1, 8),
    [`${G}.listeners.allowedRoutes.kinds.kind`]: fieldCheck(() => z.enum(ROUTE_KINDS)),
  },
  rules: (o) => listenersRules(list(obj(o.spec).listeners).map(listenerView), ["spec", "listeners"]),
};

function listener(l: ParsedListener): GatewayListener {
  const ns = l.allowedRoutes?.namespaces;
  const allowed =
    l.allowedRoutes === undefined
      ? undefined
      : {
          ...(ns === undefined
            ? {}
            : {
                namespaces:
                  typeof ns === "string"
                    ? { from: ns }
                    : { from: "Selector" as const, selector: { matchLabels: { ...ns.selector } } },
              }),
          ...(l.allowedRoutes.kinds === undefined
            ? {}
            : { kinds: l.allowedRoutes.kinds.map((kind) => ({ kind })) }),
        };
  return {
    name: l.name,
    protocol: l.protocol,
    port: listenerPort(l),
    ...(l.hostname === undefined ? {} : { hostname: l.hostname }),
    ...(l.tls === undefined
      ? {}
      : {
          tls: {
            mode: l.tls.mode,
            ...(l.tls.certificateRefs === undefined
              ? {}
              : {
                  certificateRefs: l.tls.certificateRefs.map((r) =>
                    typeof r === "string"
                      ? { name: r }
                      : { name: r.name, ...(r.namespace === undefined ? {} : { namespace: r.namespace }) },
                  ),
                }),
          },
        }),
    ...(allowed === undefined ? {} : { allowedRoutes: allowed }),
  };
}

/**
 * Builds a Gateway.
 *
 * @example
 * gateway({ name: "web", namespace: "edge", gatewayClassName: "envoy", listeners: [
 *   { name: "http", protocol: "HTTP", hostname: "calls.example.com" },
 *   { name: "https", protocol: "HTTPS", hostname: "calls.example.com", tls: { certificateRefs: ["calls-tls"] },
 *     allowedRoutes: { namespaces: "All", kinds: ["HTTPRoute"] } },
 * ] });
 */
export function gateway(options: GatewayOptions): Gateway {
  const o = parseOptions("gateway", GatewayOptionsSchema, options, gatewayRules);
  const built: Gateway = {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "Gateway",
    metadata: objectMeta(o),
    spec: { gatewayClassName: o.gatewayClassName, listeners: o.listeners.map(listener) },
  };
  return patched("gateway", built, o.patch, GATEWAY_CHECKS);
}
