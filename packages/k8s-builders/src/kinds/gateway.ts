/**
 * Gateway (gateway.networking.k8s.io/v1): listeners (HTTP, HTTPS, TLS) with their host names, TLS certificates
 * from Secrets, and which routes may attach (namespaces, kinds). The rules are the CRD's (schema and CEL).
 */
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel, dnsSubdomain, labels, port } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { GATEWAY_GROUP, type GatewayApiMeta, gatewayApiSpec, gatewayHostname } from "./gateway-api.ts";
import { GATEWAY_CHECKS, listenersRules, PROTOCOLS, ROUTE_KINDS, TLS_MODES } from "./gateway-rules.ts";
import { patched } from "./object-checks.ts";

const LISTENER = gatewayApiSpec("listener");

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
