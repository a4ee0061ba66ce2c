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
import { k8sApi, lazyObject, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel, dnsSubdomain, labelKey, labels } from "../base/primitives.ts";
import { invalidSource, parseOptions, type RuleIssue } from "../base/validate.ts";
import { patched } from "../kinds/object-checks.ts";
import { portNames, serviceFacts, serviceObjectError } from "../kinds/service-facts.ts";
import { buildRelabeling, type ServiceMonitorRelabeling } from "./relabeling.ts";
import {
  endpointRules,
  endpointSchema,
  endpointShape,
  endpointsRules,
  type ParsedEndpoint,
  SERVICE_MONITOR_CHECKS,
  selectorIssues,
} from "./service-monitor-endpoint.ts";

export {
  SERVICE_MONITOR_CHECKS,
  type ServiceMonitorEndpointOptions,
  ServiceMonitorEndpointSchema,
} from "./service-monitor-endpoint.ts";

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
    ...patchShape<ServiceMonitor>(),
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
  const o = parseOptions("serviceMonitor", ServiceMonitorOptionsSchema, options, (p) => [
    ...selectorIssues({ matchLabels: p.selector }, ["selector"]),
    ...endpointsRules(p.endpoints, ["endpoints"]),
    ...mergeDiscovery(objectMeta(p).labels, p.discoveryLabels).issues,
  ]);
  const meta = objectMeta(o);
  const metadata = { ...meta, labels: mergeDiscovery(meta.labels, o.discoveryLabels).labels };
  const built = build(metadata, o.selector, o.namespaces, o.endpoints, o.jobLabel);
  return patched("serviceMonitor", built, o.patch, SERVICE_MONITOR_CHECKS);
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
  const built = build(
    metadata,
    selector,
    facts.namespace === undefined ? undefined : [facts.namespace],
    [o],
    o.jobLabel,
  );
  return patched("serviceMonitorFor", built, o.patch, SERVICE_MONITOR_CHECKS);
}
