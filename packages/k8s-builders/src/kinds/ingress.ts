/**
 * Ingress (networking.k8s.io/v1): TLS, host/path rules to Services, and annotation presets for ingress-nginx and
 * Traefik. Raw TCP (e.g. AudioSocket) cannot go through an Ingress: use a LoadBalancer or NodePort Service.
 */
import type { Ingress, IngressBackend, IngressRule } from "kubernetes-types/networking/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, k8sDocs, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dns1035Label, dnsSubdomain, INT32_MAX, port, portName } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  HostSchema,
  INGRESS_CHECKS,
  ingressPath,
  ingressSpecRules,
  OPTION_PATHS,
  pathType,
} from "./ingress-rules.ts";
import { patched } from "./object-checks.ts";

export { HostSchema } from "./ingress-rules.ts";

const SPEC = k8sApi("service-resources/ingress-v1", "IngressSpec");

const backendSchema = objectSchema(() => ({
  /** Service name. */
  name: required(dns1035Label, { description: "Service name.", k8s: SPEC }),
  /** Service port, by number or name. */
  port: required(z.union([port, portName]), { description: "Service port, by number or name.", k8s: SPEC }),
}));

const ingressPathSchema = objectSchema(() => ({
  /** URL path, e.g. `/api`. `Prefix` matches `/api` and `/api/…` by path element. */
  path: required(ingressPath(), {
    description: "URL path, e.g. `/api`. `Prefix` matches `/api` and `/api/…` by path element.",
    k8s: SPEC,
  }),
  /** How `path` matches: `Prefix` by path element, `Exact` the whole path. @default "Prefix" */
  pathType: option(pathType(), {
    description: "How `path` matches: `Prefix` by path element, `Exact` the whole path.",
    default: "Prefix",
    k8s: SPEC,
  }),
  /** The Service and port that serve this path. */
  service: required(backendSchema(), {
    description: "The Service and port that serve this path.",
    k8s: SPEC,
  }),
}));

const tlsSchema = objectSchema(() => ({
  /** Host names the certificate covers. */
  hosts: required(z.array(HostSchema).check(z.minLength(1)), {
    description: "Host names the certificate covers.",
    k8s: SPEC,
  }),
  /** The `kubernetes.io/tls` Secret with the certificate and key (from cert-manager or made by hand). */
  secretName: required(dnsSubdomain, {
    description:
      "The `kubernetes.io/tls` Secret with the certificate and key (from cert-manager or made by hand).",
    k8s: SPEC,
  }),
}));

const ruleSchema = objectSchema(() => ({
  /** Host name the rule applies to, e.g. `calls.example.com`. @default unset (every host) */
  host: option(HostSchema, {
    description: "Host name the rule applies to, e.g. `calls.example.com`.",
    unset: "every host",
    k8s: SPEC,
  }),
  /** Paths and the Services that serve them (at least one). */
  paths: required(z.array(ingressPathSchema()).check(z.minLength(1)), {
    description: "Paths and the Services that serve them (at least one).",
    k8s: SPEC,
  }),
}));

/** The ingress controllers with an annotation preset. */
const CONTROLLERS = ["nginx", "traefik"] as const;
/** An ingress controller with an annotation preset: `nginx` (ingress-nginx) or `traefik`. */
export type IngressController = (typeof CONTROLLERS)[number];

/** The schema of {@link IngressOptions} (built on first use). */
export const IngressOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /**
   * Controller preset: sets `ingressClassName` and its annotations (TLS redirect, timeouts).
   * @default unset (no preset)
   */
  controller: option(z.enum(CONTROLLERS), {
    description: "Controller preset: sets `ingressClassName` and its annotations (TLS redirect, timeouts).",
    unset: "no preset",
    k8s: k8sDocs("concepts/services-networking/ingress-controllers"),
  }),
  /** IngressClass to use. @default the controller's name, when `controller` is set */
  ingressClassName: option(dnsSubdomain, {
    description: "IngressClass to use.",
    derived: "the controller's name, when `controller` is set",
    k8s: SPEC,
  }),
  /** TLS termination: hosts and the Secret holding their certificate. @default unset (plain HTTP) */
  tls: option(z.array(tlsSchema()), {
    description: "TLS termination: hosts and the Secret holding their certificate.",
    unset: "plain HTTP",
    k8s: SPEC,
  }),
  /** Routing rules. */
  rules: required(z.array(ruleSchema()).check(z.minLength(1)), { description: "Routing rules.", k8s: SPEC }),
  /**
   * Long-lived connections (WebSockets): proxy read/send timeouts in seconds. ingress-nginx applies them to
   * every path of this Ingress, so put WebSocket paths in an Ingress of their own.
   * @default unset (the controller's, 60 s for nginx)
   */
  websocketTimeoutSeconds: option(z.number().check(z.int(), z.gte(1), z.lte(INT32_MAX)), {
    description:
      "Long-lived connections (WebSockets): proxy read/send timeouts in seconds. ingress-nginx applies them to every path of this Ingress, so put WebSocket paths in an Ingress of their own.",
    unset: "the controller's, 60 s for nginx",
    k8s: k8sDocs("concepts/services-networking/ingress-controllers"),
  }),
  /** Largest request body for ingress-nginx, e.g. `10m`. @default unset (the controller's) */
  maxBodySize: option(z.string().check(z.regex(/^\d+[kmg]?$/, { error: "expected a size such as 10m" })), {
    description: "Largest request body for ingress-nginx, e.g. `10m`.",
    unset: "the controller's",
    k8s: k8sDocs("concepts/services-networking/ingress-controllers"),
  }),
  ...patchShape<Built<Ingress, "spec">>(),
}));

/** Options of {@link ingress}. */
export type IngressOptions = z.input<typeof IngressOptionsSchema>;

/** The annotations a controller needs for TLS redirects and long-lived connections. */
export function ingressAnnotations(
  controller: IngressController,
  opts: { tls: boolean; websocketTimeoutSeconds?: number | undefined; maxBodySize?: string | undefined },
): Record<string, string> {
  if (controller === "nginx") {
    const out: Record<string, string> = {};
    if (opts.tls) out["nginx.ingress.kubernetes.io/ssl-redirect"] = "true";
    if (opts.maxBodySize !== undefined) out["nginx.ingress.kubernetes.io/proxy-body-size"] = opts.maxBodySize;
    if (opts.websocketTimeoutSeconds !== undefined) {
      const t = String(opts.websocketTimeoutSeconds);
      out["nginx.ingress.kubernetes.io/proxy-read-timeout"] = t;
      out["nginx.ingress.kubernetes.io/proxy-send-timeout"] = t;
    }
    return out;
  }
  // Traefik passes WebSocket upgrades through natively; its timeouts live on the entrypoint, not the Ingress.
  return opts.tls
    ? {
        "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
        "traefik.ingress.kubernetes.io/router.tls": "true",
      }
    : { "traefik.ingress.kubernetes.io/router.entrypoints": "web" };
}

function ingressRules(p: z.output<typeof IngressOptionsSchema>): RuleIssue[] {
  const issues = ingressSpecRules(
    {
      ingressClassName: p.ingressClassName ?? p.controller,
      annotations: p.annotations,
      tls: p.tls,
      rules: p.rules,
    },
    OPTION_PATHS,
  );
  if (p.websocketTimeoutSeconds !== undefined && p.controller === "traefik") {
    issues.push({
      path: ["websocketTimeoutSeconds"],
      code: "conflicting_options",
      message: "Traefik has no per-Ingress timeouts: set them on the entrypoint (respondingTimeouts) instead",
    });
  }
  return issues;
}

function backend(s: z.output<ReturnType<typeof backendSchema>>): IngressBackend {
  return {
    service: { name: s.name, port: typeof s.port === "number" ? { number: s.port } : { name: s.port } },
  };
}

/**
 * Builds an Ingress.
 *
 * @example
 * ingress({ name: "web", controller: "nginx", tls: [{ hosts: ["a.example.com"], secretName: "a-tls" }],
 *   rules: [{ host: "a.example.com", paths: [{ path: "/api", service: { name: "api", port: "http" } }] }] });
 */
export function ingress(options: IngressOptions): Built<Ingress, "spec"> {
  const o = parseOptions("ingress", IngressOptionsSchema, options, ingressRules);
  const preset = o.controller
    ? ingressAnnotations(o.controller, {
        tls: (o.tls?.length ?? 0) > 0,
        websocketTimeoutSeconds: o.websocketTimeoutSeconds,
        maxBodySize: o.maxBodySize,
      })
    : {};
  const rules: IngressRule[] = o.rules.map((r) => ({
    ...(r.host === undefined ? {} : { host: r.host }),
    http: {
      paths: r.paths.map((p) => ({
        path: p.path,
        pathType: p.pathType,
        backend: backend(p.service),
      })),
    },
  }));
  const className = o.ingressClassName ?? o.controller;
  const built: Built<Ingress, "spec"> = {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: objectMeta({ ...o, annotations: { ...preset, ...o.annotations } }),
    spec: {
      ...(className === undefined ? {} : { ingressClassName: className }),
      ...(o.tls ? { tls: o.tls.map((t) => ({ hosts: t.hosts, secretName: t.secretName })) } : {}),
      rules,
    },
  };
  return patched("ingress", built, o.patch, INGRESS_CHECKS);
}
