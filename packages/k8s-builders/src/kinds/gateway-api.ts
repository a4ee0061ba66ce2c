/**
 * What the Gateway API builders share (gateway.networking.k8s.io/v1): the value grammars of its CRDs (host names,
 * header names, durations), metadata and links, and the facts read from a Gateway object given to a route.
 * The rules are those of the standard-channel CRDs' OpenAPI schemas and CEL validations (recorded in
 * test/fixtures/crds/gateway.networking.k8s.io_*.yaml, which the API-server tests install).
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { once, primitive } from "../base/options.ts";
import { HOSTNAME } from "../base/primitives.ts";
import { metadataProblem } from "../base/source-object.ts";
import type { FieldCheck } from "../base/structure.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";

/** The Gateway API group. */
export const GATEWAY_GROUP = "gateway.networking.k8s.io";

/** A link into the Gateway API reference (`https://gateway-api.sigs.k8s.io/reference/spec/#…`). */
export function gatewayApiSpec(anchor: string): string {
  return `https://gateway-api.sigs.k8s.io/reference/spec/#${anchor}`;
}

/** The metadata the Gateway API builders write (name and labels always there). */
export type GatewayApiMeta = ObjectMeta & { name: string; labels: Record<string, string> };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * A host name as the Gateway API writes it: lower-case DNS labels, a wildcard only as the whole first label
 * (`*.example.com`), at most 253 characters, no IP address.
 */
export const gatewayHostname: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("host name", () =>
  z.string().check(
    z.refine((s) => s.length <= 253 && HOSTNAME.test(s) && !IPV4.test(s), {
      error: (i) =>
        `"${inputText(i.input)}" is not a host name (lower-case DNS labels, a wildcard only as the first label, no IP address: e.g. "calls.example.com" or "*.example.com")`,
    }),
  ),
);

/** A host name without wildcard (redirect and rewrite targets). */
export const preciseHostname: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("host name", () =>
  z.string().check(
    z.refine((s) => s.length <= 253 && HOSTNAME.test(s) && !s.startsWith("*"), {
      error: (i) => `"${inputText(i.input)}" is not a host name without wildcard (e.g. "calls.example.com")`,
    }),
  ),
);

/** An HTTP header (or query parameter) name: an RFC 7230 token, 1–256 characters. */
export const headerName: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("header name", () =>
  z.string().check(
    z.regex(/^[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,256}$/, {
      error: 'expected an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~, e.g. "X-Request-Id")',
    }),
  ),
);

/** An HTTP header value: 1–4096 characters. */
export const headerValue: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("header value", () =>
  z.string().check(z.minLength(1), z.maxLength(4096)),
);

const GATEWAY_DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Milliseconds of a Gateway API duration (`1h`, `30s`, `1m30s`, `500ms`); undefined when it is not one. */
export function gatewayDurationMs(s: string): number | undefined {
  if (!GATEWAY_DURATION.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return ms;
}

/** A Gateway API duration (GEP-2257): 1–4 parts of up to 5 digits and a unit h, m, s or ms, e.g. `1h`, `1m30s`. */
export const gatewayDuration: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("Gateway API duration", () =>
  z.string().check(
    z.regex(GATEWAY_DURATION, {
      error:
        "expected a Gateway API duration: up to 4 parts of 1–5 digits and a unit h, m, s or ms (e.g. 30s, 1m30s, 1h)",
    }),
  ),
);

/** What a route reads from a Gateway object it attaches to. */
export interface GatewayFacts {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly listeners: readonly { readonly name: string; readonly port: number; readonly protocol: string }[];
}

/**
 * Reads the facts of a Gateway; undefined when it is not a Gateway object with listeners and metadata a route can
 * copy (a name that is an object name, a namespace that is a DNS label: a route writes both into its parentRefs).
 */
export function gatewayFacts(g: unknown): GatewayFacts | undefined {
  if (g === null || typeof g !== "object") return undefined;
  const o = g as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
    spec?: { listeners?: unknown };
  };
  const name = o.metadata?.name;
  const listeners = o.spec?.listeners;
  if (o.kind !== "Gateway" || o.apiVersion !== `${GATEWAY_GROUP}/v1`) return undefined;
  if (typeof name !== "string" || !Array.isArray(listeners)) return undefined;
  if (metadataProblem(o.metadata) !== undefined) return undefined;
  const namespace = typeof o.metadata?.namespace === "string" ? o.metadata.namespace : undefined;
  return {
    name,
    namespace,
    // Array.from, not map: a sparse list (an object edited by hand) reads its holes as listeners without fields.
    listeners: Array.from(
      listeners,
      (l: { name?: unknown; port?: unknown; protocol?: unknown } | undefined) => ({
        name: String(l?.name),
        port: Number(l?.port),
        protocol: String(l?.protocol),
      }),
    ),
  };
}

/** A Gateway object passed in (from `gateway(...)`), so its name, namespace and listeners are not typed twice. */
export const gatewayObject: () => z.ZodMiniCustom<object, object> = once(() =>
  z.custom<object>((v) => gatewayFacts(v) !== undefined, {
    error: (i) => {
      const base =
        "expected a Gateway object (gateway.networking.k8s.io/v1 Gateway with metadata.name and spec.listeners), e.g. from gateway()";
      const o = i.input as { kind?: unknown; metadata?: unknown } | null;
      const problem =
        typeof o === "object" && o?.kind === "Gateway" ? metadataProblem(o.metadata) : undefined;
      return problem === undefined ? base : `${base}; this one has ${problem}`;
    },
  }),
);

/** The check of a patched object's field by a schema of the options, built on first use. */
export function fieldCheck(schema: () => z.ZodMiniType): FieldCheck {
  const get = once(schema);
  return (value, at) => valueIssues(get(), value, at);
}

/** The check of a patched object's list: `min`–`max` items, as the options take them. */
export function listLength(min: number, max: number): FieldCheck {
  return (value, at): RuleIssue[] => {
    if (!Array.isArray(value) || (value.length >= min && value.length <= max)) return [];
    return [
      {
        path: at,
        code: value.length < min ? "too_small" : "too_big",
        message: `expected ${min === max ? min : `${min}–${max}`} items, received ${value.length}`,
      },
    ];
  };
}
