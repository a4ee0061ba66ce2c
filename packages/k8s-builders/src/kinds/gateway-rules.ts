/**
 * The rules of a Gateway's listeners, written once for the builder's options and for a built or patched Gateway
 * object (each side reads its listeners into a view), and the checks of a Gateway object's fields.
 */
import * as z from "zod/mini";
import { arr, obj } from "../base/object.ts";
import { dnsLabel, dnsSubdomain, dnsSubdomainLabelSized, port } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { fieldCheck, gatewayHostname, listLength } from "./gateway-api.ts";
import type { KindChecks } from "./object-checks.ts";

/** The listener protocols the builder writes. */
export const PROTOCOLS = ["HTTP", "HTTPS", "TLS"] as const;
/** How a listener handles TLS. */
export const TLS_MODES = ["Terminate", "Passthrough"] as const;
/** The route kinds of the standard channel a listener can allow. */
export const ROUTE_KINDS = ["HTTPRoute", "GRPCRoute", "TLSRoute"] as const;
/** Which route kinds can attach to a listener of each protocol. */
export const KINDS_FOR: Record<(typeof PROTOCOLS)[number], readonly string[]> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute"],
};

/** A listener as the rules read it: from the options, or from a (patched) Gateway object. */
export interface ListenerView {
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
export function listenersRules(listeners: readonly ListenerView[], at: readonly PropertyKey[]): RuleIssue[] {
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
    kinds: arr(obj(l.allowedRoutes).kinds).map((k) => obj(k).kind),
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
  rules: (o) => listenersRules(arr(obj(o.spec).listeners).map(listenerView), ["spec", "listeners"]),
};
