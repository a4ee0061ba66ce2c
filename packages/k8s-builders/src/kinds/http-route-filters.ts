/**
 * The filters of an HTTPRoute rule: their options (header modifiers, redirects, URL rewrites) and how they are
 * written.
 */
import * as z from "zod/mini";
import { objectSchema, option, required } from "../base/options.ts";
import { port } from "../base/primitives.ts";
import { gatewayApiSpec, preciseHostname } from "./gateway-api.ts";
import { type HeaderModifierConfig, headerFilter, headerFilterSchemas } from "./route-parts.ts";

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

/** A filter of a rule: one of the four kinds, by its field. */
export const filterSchema = () =>
  z.union([
    ...headerFilterSchemas(),
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

type ParsedFilter = z.output<ReturnType<typeof filterSchema>>;

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

function pathModifier(m: { replaceFullPath: string } | { replacePrefixMatch: string }): HTTPPathModifier {
  return "replaceFullPath" in m
    ? { type: "ReplaceFullPath", replaceFullPath: m.replaceFullPath }
    : { type: "ReplacePrefixMatch", replacePrefixMatch: m.replacePrefixMatch };
}

/** A filter as written: its type and its configuration. */
export function filter(f: ParsedFilter): HTTPRouteFilter {
  if ("requestHeaderModifier" in f || "responseHeaderModifier" in f) return headerFilter(f);
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
