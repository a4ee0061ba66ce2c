/**
 * The endpoints of a ServiceMonitor (their options, schema and rules) and the checks of a built or patched
 * ServiceMonitor, which the builders in service-monitor.ts and `patch` share.
 */
import * as z from "zod/mini";
import { nonEmptySelectorIssues } from "../base/meta-checks.ts";
import { isObj, type Json, obj } from "../base/object.ts";
import { objectSchema, option, required } from "../base/options.ts";
import { duration, portName } from "../base/primitives.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";
import type { KindChecks } from "../kinds/object-checks.ts";
import { durationMs } from "./duration.ts";
import { relabelingRules, relabelingSchema } from "./relabeling.ts";

const ENDPOINT = "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint";

export function endpointShape() {
  return {
    /** Name of the Service port to scrape: ServiceMonitors reference Service ports by name. */
    port: required(portName, {
      description: "Name of the Service port to scrape: ServiceMonitors reference Service ports by name.",
      k8s: ENDPOINT,
    }),
    /** HTTP path of the metrics. @default "/metrics" */
    path: option(z.string().check(z.regex(/^\//, { error: "expected an absolute path starting with '/'" })), {
      description: "HTTP path of the metrics.",
      default: "/metrics",
      k8s: ENDPOINT,
    }),
    /** Scheme of the scrape requests. @default "http" */
    scheme: option(z.enum(["http", "https"]), {
      description: "Scheme of the scrape requests.",
      default: "http",
      k8s: ENDPOINT,
    }),
    /**
     * Scrape interval, a Prometheus duration such as `30s`.
     * @default unset (the Prometheus's scrape interval)
     */
    interval: option(duration, {
      description: "Scrape interval, a Prometheus duration such as `30s`.",
      unset: "the Prometheus's scrape interval",
      k8s: ENDPOINT,
    }),
    /** Scrape timeout; must not exceed `interval`. @default unset (the Prometheus's scrape timeout) */
    scrapeTimeout: option(duration, {
      description: "Scrape timeout; must not exceed `interval`.",
      unset: "the Prometheus's scrape timeout",
      k8s: ENDPOINT,
    }),
    /** Relabeling of targets before the scrape. @default unset (none) */
    relabelings: option(z.array(relabelingSchema()), {
      description: "Relabeling of targets before the scrape.",
      unset: "none",
      k8s: ENDPOINT,
    }),
    /** Relabeling of scraped samples (e.g. dropping expensive series). @default unset (none) */
    metricRelabelings: option(z.array(relabelingSchema()), {
      description: "Relabeling of scraped samples (e.g. dropping expensive series).",
      unset: "none",
      k8s: ENDPOINT,
    }),
  };
}

export const endpointSchema = objectSchema(endpointShape);

/** The schema of one endpoint of a ServiceMonitor: a Service port by name, path, scheme, interval, relabelings. */
export const ServiceMonitorEndpointSchema = z.lazy(endpointSchema);

/** One endpoint of {@link serviceMonitor}. */
export type ServiceMonitorEndpointOptions = z.input<typeof ServiceMonitorEndpointSchema>;
export type ParsedEndpoint = z.output<typeof ServiceMonitorEndpointSchema>;

/** Endpoint rules: scrapeTimeout ≤ interval, a non-zero interval, complete relabelings. */
export function endpointRules(e: ParsedEndpoint, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const interval = e.interval === undefined ? undefined : durationMs(e.interval);
  const timeout = e.scrapeTimeout === undefined ? undefined : durationMs(e.scrapeTimeout);
  if (interval === 0) {
    issues.push({
      path: [...at, "interval"],
      code: "invalid_value",
      message: "the scrape interval must be above 0",
    });
  }
  if (timeout === 0) {
    issues.push({
      path: [...at, "scrapeTimeout"],
      code: "invalid_value",
      message: "the scrape timeout must be above 0",
    });
  }
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    issues.push({
      path: [...at, "scrapeTimeout"],
      code: "timeout_exceeds_interval",
      message: `scrapeTimeout (${e.scrapeTimeout}) is longer than interval (${e.interval}): Prometheus refuses such a config`,
    });
  }
  for (const list of ["relabelings", "metricRelabelings"] as const) {
    (e[list] ?? []).forEach((r, i) => {
      issues.push(...relabelingRules(r, [...at, list, i]));
    });
  }
  return issues;
}

/** Endpoints: each with the builder's rules, no port and path twice. `at` is where the list is. */
export function endpointsRules(
  endpoints: readonly ParsedEndpoint[],
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Set<string>();
  endpoints.forEach((e, i) => {
    const key = `${e.port} ${e.path}`;
    if (seen.has(key)) {
      issues.push({
        path: [...at, i],
        code: "duplicate",
        message: `port "${e.port}" with path ${e.path} is listed twice`,
      });
    }
    seen.add(key);
    issues.push(...endpointRules(e, [...at, i]));
  });
  return issues;
}

/** A selector that selects some Services: an empty one would scrape every Service of the namespaces. */
export const selectorIssues = (selector: unknown, at: readonly PropertyKey[]): RuleIssue[] =>
  nonEmptySelectorIssues(
    selector,
    at,
    "an empty selector would scrape every Service of the namespaces: give the Service's labels",
  );

const ENDPOINT_FIELDS = [
  "port",
  "path",
  "scheme",
  "interval",
  "scrapeTimeout",
  "relabelings",
  "metricRelabelings",
] as const;

/**
 * What the checks of a built or patched ServiceMonitor add to every object's: a selector that is not empty, and
 * endpoints as the builder takes them (a port by name, an absolute path, the scheme, durations, relabelings),
 * with the builder's rules. An endpoint's other fields (TLS, authorization…) are the CRD's.
 */
export const SERVICE_MONITOR_CHECKS: KindChecks = {
  rules: (o: Json) => {
    const spec = obj(o.spec);
    const issues = selectorIssues(spec.selector, ["spec", "selector"]);
    const list = spec.endpoints;
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({
        path: ["spec", "endpoints"],
        code: "required",
        message: "expected at least one endpoint",
      });
      return issues;
    }
    const parsed: ParsedEndpoint[] = [];
    list.forEach((e, i) => {
      const at = ["spec", "endpoints", i];
      if (!isObj(e)) {
        issues.push({ path: at, code: "invalid_type", message: "expected an endpoint object" });
        return;
      }
      const known = Object.fromEntries(
        ENDPOINT_FIELDS.filter((f) => e[f] !== undefined).map((f) => [f, e[f]]),
      );
      const problems = valueIssues(endpointSchema(), known, at);
      issues.push(...problems);
      if (problems.length === 0)
        parsed.push({ path: "/metrics", scheme: "http", ...known } as ParsedEndpoint);
    });
    if (parsed.length === list.length) issues.push(...endpointsRules(parsed, ["spec", "endpoints"]));
    return issues;
  },
};
