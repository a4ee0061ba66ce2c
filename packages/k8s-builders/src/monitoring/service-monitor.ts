/**
 * ServiceMonitor (monitoring.coreos.com/v1), the Prometheus Operator's description of what to scrape.
 * kubernetes-types has no CRD types, so the type below covers exactly the fields this builder emits.
 * `serviceMonitorFor` derives one from a Service object: it selects the Service by the Service's own labels and
 * names a port the Service has, so the two cannot drift apart.
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, dnsSubdomain, duration, labelKey, labels, portName } from "../base/primitives.ts";
import { invalidSource, parseOptions, type RuleIssue } from "../base/validate.ts";
import { portNames, serviceFacts, serviceObjectError } from "../kinds/service-facts.ts";
import { durationMs } from "./duration.ts";
import {
  buildRelabeling,
  relabelingRules,
  relabelingSchema,
  type ServiceMonitorRelabeling,
} from "./relabeling.ts";

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

const CRD =
  "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.ServiceMonitorSpec";
const ENDPOINT = "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Endpoint";

function endpointShape() {
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

const endpointSchema = objectSchema(endpointShape);

/** The schema of one endpoint of a ServiceMonitor: a Service port by name, path, scheme, interval, relabelings. */
export const ServiceMonitorEndpointSchema = z.lazy(endpointSchema);

/** One endpoint of {@link serviceMonitor}. */
export type ServiceMonitorEndpointOptions = z.input<typeof ServiceMonitorEndpointSchema>;
type ParsedEndpoint = z.output<typeof ServiceMonitorEndpointSchema>;

function discoveryShape() {
  return {
    /**
     * Labels that the Operator's Prometheus selects ServiceMonitors by (its `serviceMonitorSelector`, e.g.
     * `release: kube-prometheus-stack`). Merged into `metadata.labels`: a ServiceMonitor without them is
     * silently ignored.
     * @default unset (none)
     */
    discoveryLabels: option(labels, {
      description:
        "Labels that the Operator's Prometheus selects ServiceMonitors by (its `serviceMonitorSelector`, e.g. `release: kube-prometheus-stack`). Merged into `metadata.labels`: a ServiceMonitor without them is silently ignored.",
      unset: "none",
      k8s: "https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec",
    }),
    /** Service label whose value becomes the `job` label. @default unset (the Service's name) */
    jobLabel: option(labelKey, {
      description: "Service label whose value becomes the `job` label.",
      unset: "the Service's name",
      k8s: CRD,
    }),
  };
}

/** The schema of {@link ServiceMonitorOptions} (built on first use). */
export const ServiceMonitorOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  ...discoveryShape(),
  /**
   * Labels of the Services to scrape (`spec.selector.matchLabels`); must not be empty (it would select every
   * Service).
   */
  selector: required(labels, {
    description:
      "Labels of the Services to scrape (`spec.selector.matchLabels`); must not be empty (it would select every Service).",
    k8s: CRD,
  }),
  /** Namespaces to look for Services in. @default unset (the ServiceMonitor's own namespace) */
  namespaces: option(z.array(dnsLabel).check(z.minLength(1, { error: "expected at least one namespace" })), {
    description: "Namespaces to look for Services in.",
    unset: "the ServiceMonitor's own namespace",
    k8s: CRD,
  }),
  /** Endpoints to scrape (at least one). */
  endpoints: required(
    z.array(endpointSchema()).check(z.minLength(1, { error: "expected at least one endpoint" })),
    { description: "Endpoints to scrape (at least one).", k8s: CRD },
  ),
}));

/** Options of {@link serviceMonitor}. */
export type ServiceMonitorOptions = z.input<typeof ServiceMonitorOptionsSchema>;

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

function buildEndpoint(e: ParsedEndpoint): ServiceMonitorEndpoint {
  return {
    port: e.port,
    path: e.path,
    scheme: e.scheme,
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
      const key = `${e.port} ${e.path}`;
      if (seen.has(key)) {
        issues.push({
          path: ["endpoints", i],
          code: "duplicate",
          message: `port "${e.port}" with path ${e.path} is listed twice`,
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

/** The schema of {@link ServiceMonitorForOptions} (built on first use). */
export const ServiceMonitorForOptionsSchema = lazyObject(() => {
  const { annotations } = metaShape();
  return {
    /** Name of the ServiceMonitor. @default the Service's name */
    name: option(dnsSubdomain, {
      description: "Name of the ServiceMonitor.",
      derived: "the Service's name",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...endpointShape(),
    ...discoveryShape(),
    /**
     * Extra labels on the ServiceMonitor (besides the Service's labels and the discovery labels).
     * @default unset (none)
     */
    labels: option(labels, {
      description:
        "Extra labels on the ServiceMonitor (besides the Service's labels and the discovery labels).",
      unset: "none",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    annotations,
  };
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
    throw invalidSource("serviceMonitorFor", "service", serviceObjectError(service));
  }
  const name = options?.name ?? facts.name;
  const selector: Record<string, string> = {};
  const missing = SELECTOR_KEYS.filter((k) => facts.labels[k] === undefined);
  if (missing.length > 0) {
    throw invalidSource(
      "serviceMonitorFor",
      "service",
      `Service "${facts.name}" has no ${missing.join(" / ")} label to select it by (build it with service or serviceFor)`,
      name,
    );
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
