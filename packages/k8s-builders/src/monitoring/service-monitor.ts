/**
 * ServiceMonitor (monitoring.coreos.com/v1), the Prometheus Operator's description of what to scrape.
 * kubernetes-types has no CRD types, so the type below covers exactly the fields this builder emits.
 * `serviceMonitorFor` derives one from a Service object: it selects the Service by the Service's own labels and
 * names a port the Service has, so the two cannot drift apart.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import * as z from "zod/mini";
import { inputText, K8sBuilderError } from "../base/errors.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dnsLabel, dnsSubdomain, duration, labelKey, labels, portName } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { durationMs } from "./duration.ts";
import { relabelRegexProblem } from "./relabel-regex.ts";
import { portNames, serviceFacts } from "./service-facts.ts";

/** Relabeling actions, in the lowercase spelling Prometheus itself uses. */
export type RelabelAction =
  | "replace"
  | "keep"
  | "drop"
  | "hashmod"
  | "labelmap"
  | "labeldrop"
  | "labelkeep"
  | "lowercase"
  | "uppercase"
  | "keepequal"
  | "dropequal";

/** A relabeling rule as the Operator's CRD spells it (camelCase). */
export interface ServiceMonitorRelabeling {
  sourceLabels?: string[];
  targetLabel?: string;
  regex?: string;
  replacement?: string;
  action?: RelabelAction;
}

/** One scrape endpoint of a ServiceMonitor: a Service port, by name. */
export interface ServiceMonitorEndpoint {
  port: string;
  path: string;
  scheme: "http" | "https";
  interval?: string;
  scrapeTimeout?: string;
  relabelings?: ServiceMonitorRelabeling[];
  metricRelabelings?: ServiceMonitorRelabeling[];
}

/** The ServiceMonitor fields this library emits. */
export interface ServiceMonitor {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "ServiceMonitor";
  metadata: ObjectMeta;
  spec: {
    selector: { matchLabels: Record<string, string> };
    namespaceSelector?: { matchNames: string[] };
    endpoints: ServiceMonitorEndpoint[];
    jobLabel?: string;
  };
}

const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const promLabelName = z.string().check(
  z.regex(PROM_LABEL_NAME, {
    error: (i) =>
      `"${inputText(i.input)}" is not a Prometheus label name (letters, digits and '_', e.g. "pod")`,
  }),
);

/** A relabeling rule of a ServiceMonitor endpoint. */
export const RelabelingSchema = z.strictObject({
  /** Labels whose values (joined by `;`) are matched against `regex`. */
  sourceLabels: z.optional(
    z.array(promLabelName).check(z.minLength(1, { error: "expected at least one label" })),
  ),
  /** Label written by `replace`, `hashmod`, `lowercase` and `uppercase`. */
  targetLabel: z.optional(promLabelName),
  /**
   * RE2 regular expression (Go's syntax, as Prometheus compiles it), anchored at both ends by Prometheus: `foo`
   * matches the value `foo` only. Lookaheads and backreferences are refused; `(?i)` and `(?P<x>…)` are fine.
   * @default "(.*)"
   */
  regex: z.optional(
    z.string().check(
      z.refine((s) => relabelRegexProblem(s) === undefined, {
        error: (i) => relabelRegexProblem(inputText(i.input)) ?? "not an RE2 regular expression",
      }),
    ),
  ),
  /** Value written by `replace` (`$1` is the first group). @default "$1" */
  replacement: z.optional(z.string()),
  /** What the rule does with the matched labels or targets. @default "replace" */
  action: z.optional(
    z.enum([
      "replace",
      "keep",
      "drop",
      "hashmod",
      "labelmap",
      "labeldrop",
      "labelkeep",
      "lowercase",
      "uppercase",
      "keepequal",
      "dropequal",
    ]),
  ),
});

/** A relabeling rule of a ServiceMonitor endpoint. */
export type RelabelingOptions = z.input<typeof RelabelingSchema>;
type ParsedRelabeling = z.output<typeof RelabelingSchema>;

const endpointShape = {
  /** Name of the Service port to scrape: ServiceMonitors reference Service ports by name. */
  port: portName,
  /** HTTP path of the metrics. @default "/metrics" */
  path: z.optional(
    z.string().check(z.regex(/^\//, { error: "expected an absolute path starting with '/'" })),
  ),
  /** Scheme of the scrape requests. @default "http" */
  scheme: z.optional(z.enum(["http", "https"])),
  /** Scrape interval, a Prometheus duration such as `30s`. @default unset (the Prometheus's scrape interval) */
  interval: z.optional(duration),
  /** Scrape timeout; must not exceed `interval`. @default unset (the Prometheus's scrape timeout) */
  scrapeTimeout: z.optional(duration),
  /** Relabeling of targets before the scrape. */
  relabelings: z.optional(z.array(RelabelingSchema)),
  /** Relabeling of scraped samples (e.g. dropping expensive series). */
  metricRelabelings: z.optional(z.array(RelabelingSchema)),
};

/** One endpoint of a ServiceMonitor: a Service port by name, path, scheme, interval and relabelings. */
export const ServiceMonitorEndpointSchema = z.strictObject(endpointShape);

/** One endpoint of {@link serviceMonitor}. */
export type ServiceMonitorEndpointOptions = z.input<typeof ServiceMonitorEndpointSchema>;
type ParsedEndpoint = z.output<typeof ServiceMonitorEndpointSchema>;

const discoveryShape = {
  /**
   * Labels that the Operator's Prometheus selects ServiceMonitors by (its `serviceMonitorSelector`, e.g.
   * `release: kube-prometheus-stack`). Merged into `metadata.labels`: a ServiceMonitor without them is
   * silently ignored. @default unset
   */
  discoveryLabels: z.optional(labels),
  /** Service label whose value becomes the `job` label. @default unset (the Service's name) */
  jobLabel: z.optional(labelKey),
};

export const ServiceMonitorOptionsSchema = z.strictObject({
  ...metaShape(),
  ...discoveryShape,
  /** Labels of the Services to scrape (`spec.selector.matchLabels`); must not be empty (it would select every Service). */
  selector: labels,
  /** Namespaces to look for Services in. @default unset (the ServiceMonitor's own namespace) */
  namespaces: z.optional(
    z.array(dnsLabel).check(z.minLength(1, { error: "expected at least one namespace" })),
  ),
  /** Endpoints to scrape (at least one). */
  endpoints: z
    .array(ServiceMonitorEndpointSchema)
    .check(z.minLength(1, { error: "expected at least one endpoint" })),
});

/** Options of {@link serviceMonitor}. */
export type ServiceMonitorOptions = z.input<typeof ServiceMonitorOptionsSchema>;

const NEEDS_TARGET = new Set(["replace", "hashmod", "lowercase", "uppercase"]);
const NEEDS_SOURCE = new Set(["keep", "drop", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"]);

function relabelingRules(r: ParsedRelabeling, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const action = r.action ?? "replace";
  if (NEEDS_TARGET.has(action) && r.targetLabel === undefined) {
    issues.push({
      path: [...at, "targetLabel"],
      code: "required",
      message: `action "${action}" needs a targetLabel`,
    });
  }
  if (NEEDS_SOURCE.has(action) && r.sourceLabels === undefined) {
    issues.push({
      path: [...at, "sourceLabels"],
      code: "required",
      message: `action "${action}" needs sourceLabels`,
    });
  }
  return issues;
}

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

function mergeDiscovery(
  own: Record<string, string>,
  discovery: Record<string, string> | undefined,
): { labels: Record<string, string>; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  for (const [k, v] of Object.entries(discovery ?? {})) {
    if (k in own && own[k] !== v) {
      issues.push({
        path: ["discoveryLabels", k],
        code: "conflicting_options",
        message: `discovery label "${k}: ${v}" conflicts with the label "${k}: ${own[k]}"`,
      });
    }
  }
  return { labels: { ...own, ...discovery }, issues };
}

function buildRelabeling(r: ParsedRelabeling): ServiceMonitorRelabeling {
  return {
    ...(r.sourceLabels === undefined ? {} : { sourceLabels: [...r.sourceLabels] }),
    ...(r.targetLabel === undefined ? {} : { targetLabel: r.targetLabel }),
    ...(r.regex === undefined ? {} : { regex: r.regex }),
    ...(r.replacement === undefined ? {} : { replacement: r.replacement }),
    ...(r.action === undefined ? {} : { action: r.action }),
  };
}

function buildEndpoint(e: ParsedEndpoint): ServiceMonitorEndpoint {
  return {
    port: e.port,
    path: e.path ?? "/metrics",
    scheme: e.scheme ?? "http",
    ...(e.interval === undefined ? {} : { interval: e.interval }),
    ...(e.scrapeTimeout === undefined ? {} : { scrapeTimeout: e.scrapeTimeout }),
    ...(e.relabelings === undefined ? {} : { relabelings: e.relabelings.map(buildRelabeling) }),
    ...(e.metricRelabelings === undefined
      ? {}
      : { metricRelabelings: e.metricRelabelings.map(buildRelabeling) }),
  };
}

function build(
  metadata: ObjectMeta,
  selector: Record<string, string>,
  namespaces: readonly string[] | undefined,
  endpoints: readonly ParsedEndpoint[],
  jobLabel: string | undefined,
): ServiceMonitor {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata,
    spec: {
      ...(jobLabel === undefined ? {} : { jobLabel }),
      selector: { matchLabels: { ...selector } },
      ...(namespaces === undefined ? {} : { namespaceSelector: { matchNames: [...namespaces] } }),
      endpoints: endpoints.map(buildEndpoint),
    },
  };
}

/**
 * Builds a ServiceMonitor for the Prometheus Operator. Prefer {@link serviceMonitorFor}, which reads the
 * selector, namespace and port from the Service itself.
 *
 * @example
 * serviceMonitor({ name: "call-processor", namespace: "call-center", discoveryLabels: { release: "kps" },
 *   selector: { "app.kubernetes.io/name": "call-processor" }, endpoints: [{ port: "metrics", interval: "30s" }] });
 */
export function serviceMonitor(options: ServiceMonitorOptions): ServiceMonitor {
  const o = parseOptions("serviceMonitor", ServiceMonitorOptionsSchema, options, (p) => {
    const issues: RuleIssue[] = [];
    if (Object.keys(p.selector).length === 0) {
      issues.push({
        path: ["selector"],
        code: "too_small",
        message: "an empty selector would scrape every Service of the namespaces: give the Service's labels",
      });
    }
    const seen = new Set<string>();
    p.endpoints.forEach((e, i) => {
      const key = `${e.port} ${e.path ?? "/metrics"}`;
      if (seen.has(key)) {
        issues.push({
          path: ["endpoints", i],
          code: "duplicate_endpoint",
          message: `port "${e.port}" with path ${e.path ?? "/metrics"} is listed twice`,
        });
      }
      seen.add(key);
      issues.push(...endpointRules(e, ["endpoints", i]));
    });
    issues.push(...mergeDiscovery(objectMeta(p).labels, p.discoveryLabels).issues);
    return issues;
  });
  const meta = objectMeta(o);
  const metadata = { ...meta, labels: mergeDiscovery(meta.labels, o.discoveryLabels).labels };
  return build(metadata, o.selector, o.namespaces, o.endpoints, o.jobLabel);
}

export const ServiceMonitorForOptionsSchema = z.strictObject({
  /** Name of the ServiceMonitor. @default the Service's name */
  name: z.optional(dnsSubdomain),
  ...endpointShape,
  ...discoveryShape,
  /** Extra labels on the ServiceMonitor (besides the Service's labels and the discovery labels). */
  labels: metaShape().labels,
  annotations: metaShape().annotations,
});

/** Options of {@link serviceMonitorFor}. */
export type ServiceMonitorForOptions = z.input<typeof ServiceMonitorForOptionsSchema>;

const SELECTOR_KEYS = ["app.kubernetes.io/name", "app.kubernetes.io/instance"] as const;

/**
 * Derives the ServiceMonitor that scrapes one named port of a Service. It selects the Service by the Service's
 * own `app.kubernetes.io/name` and `instance` labels, looks in the Service's namespace, and refuses a port name
 * the Service does not have. Other Services carrying the same two labels (e.g. a headless twin) are selected
 * too when they have a port of that name.
 *
 * @example
 * serviceMonitorFor(serviceFor(callProcessor), { port: "metrics", discoveryLabels: { release: "kps" } });
 */
export function serviceMonitorFor(service: Service, options: ServiceMonitorForOptions): ServiceMonitor {
  const facts = serviceFacts(service);
  if (facts === undefined) {
    throw new K8sBuilderError("serviceMonitorFor", undefined, [
      {
        path: "service",
        code: "invalid_service",
        message: "expected a Service object (kind Service with metadata.name and spec.ports)",
      },
    ]);
  }
  const name = options?.name ?? facts.name;
  const selector: Record<string, string> = {};
  const missing = SELECTOR_KEYS.filter((k) => facts.labels[k] === undefined);
  if (missing.length > 0) {
    throw new K8sBuilderError("serviceMonitorFor", name, [
      {
        path: "service",
        code: "invalid_service",
        message: `Service "${facts.name}" has no ${missing.join(" / ")} label to select it by (build it with service or serviceFor)`,
      },
    ]);
  }
  for (const k of SELECTOR_KEYS) selector[k] = facts.labels[k] ?? "";
  const own = { ...facts.labels, ...(options?.labels ?? {}) };
  const o = parseOptions("serviceMonitorFor", ServiceMonitorForOptionsSchema, options, (p) => {
    const issues = endpointRules(p, []);
    if (!facts.ports.some((sp) => sp.name === p.port)) {
      issues.push({
        path: ["port"],
        code: "unknown_port",
        message: `Service "${facts.name}" has no port named "${p.port}" (has: ${portNames(facts)})`,
      });
    }
    issues.push(...mergeDiscovery(own, p.discoveryLabels).issues);
    return issues;
  });
  const metadata: ObjectMeta = {
    name,
    ...(facts.namespace === undefined ? {} : { namespace: facts.namespace }),
    labels: mergeDiscovery(own, o.discoveryLabels).labels,
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  return build(
    metadata,
    selector,
    facts.namespace === undefined ? undefined : [facts.namespace],
    [o],
    o.jobLabel,
  );
}
