/**
 * Gateway (gateway.networking.k8s.io/v1): listeners (HTTP, HTTPS, TLS) with their host names, TLS certificates
 * from Secrets, and which routes may attach (namespaces, kinds). The rules are the CRD's (schema and CEL).
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, dnsSubdomain, labels, port } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { GATEWAY_GROUP, type GatewayApiMeta, gatewayApiSpec, gatewayHostname } from "./gateway-api.ts";

const LISTENER = gatewayApiSpec("listener");

/** The listener protocols the builder writes. */
const PROTOCOLS = ["HTTP", "HTTPS", "TLS"] as const;
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
  mode: option(z.enum(["Terminate", "Passthrough"]), {
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

function listenerRules(l: ParsedListener, i: number): RuleIssue[] {
  const at = ["listeners", i];
  const issues: RuleIssue[] = [];
  if (l.protocol === "HTTP" && l.tls !== undefined) {
    issues.push({
      path: [...at, "tls"],
      code: "conflicting_options",
      message: "an HTTP listener has no TLS: use protocol HTTPS to terminate TLS",
    });
  }
  if (l.protocol !== "HTTP" && l.tls === undefined) {
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
    if (l.tls.mode === "Terminate" && l.tls.certificateRefs === undefined) {
      issues.push({
        path: [...at, "tls", "certificateRefs"],
        code: "required",
        message: "TLS mode Terminate needs the certificate Secrets",
      });
    }
    if (l.tls.mode === "Passthrough" && l.tls.certificateRefs !== undefined) {
      issues.push({
        path: [...at, "tls", "certificateRefs"],
        code: "conflicting_options",
        message: "with mode Passthrough the backend holds the certificate: drop certificateRefs",
      });
    }
  }
  const kinds = l.allowedRoutes?.kinds ?? [];
  const seen = new Set<string>();
  kinds.forEach((k, j) => {
    const path = [...at, "allowedRoutes", "kinds", j];
    if (seen.has(k)) issues.push({ path, code: "duplicate", message: `route kind ${k} is listed twice` });
    seen.add(k);
    if (!KINDS_FOR[l.protocol].includes(k)) {
      issues.push({
        path,
        code: "invalid_value",
        message: `a ${l.protocol} listener cannot serve ${k} (it serves: ${KINDS_FOR[l.protocol].join(", ")})`,
      });
    }
  });
  return issues;
}

function gatewayRules(p: Parsed): RuleIssue[] {
  const issues = p.listeners.flatMap(listenerRules);
  const names = new Map<string, number>();
  const bindings = new Map<string, number>();
  p.listeners.forEach((l, i) => {
    const first = names.get(l.name);
    if (first !== undefined) {
      issues.push({
        path: ["listeners", i, "name"],
        code: "duplicate",
        message: `listener name "${l.name}" is used twice (also at listeners[${first}])`,
      });
    } else names.set(l.name, i);
    const key = `${listenerPort(l)} ${l.protocol} ${l.hostname ?? ""}`;
    const other = bindings.get(key);
    if (other !== undefined) {
      issues.push({
        path: ["listeners", i],
        code: "duplicate",
        message: `port ${listenerPort(l)}, protocol ${l.protocol} and host name ${l.hostname ?? "(any)"} are those of listeners[${other}]: each combination once`,
      });
    } else bindings.set(key, i);
  });
  return issues;
}

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
  return {
    apiVersion: `${GATEWAY_GROUP}/v1`,
    kind: "Gateway",
    metadata: objectMeta(o),
    spec: { gatewayClassName: o.gatewayClassName, listeners: o.listeners.map(listener) },
  };
}
