/**
 * A Prometheus that works without the Prometheus Operator: ServiceAccount, a read-only Role and RoleBinding in
 * each namespace it scrapes, a `prometheus.yml` generated from the Service objects it is given, a Deployment,
 * its storage and its Service. The scrape jobs read names, namespaces and ports from the Services, so a
 * renamed port or Service fails the build instead of silently scraping nothing.
 */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, PersistentVolumeClaim, Service, ServiceAccount } from "kubernetes-types/core/v1.js";
import type { Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import { appMeta } from "../base/labels.ts";
import { derivedName } from "../base/names.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { CHECKSUM_ANNOTATION, configChecksum } from "../compose/checksum.ts";
import { configMap } from "../kinds/config-map.ts";
import { deployment } from "../kinds/deployment.ts";
import { role, roleBindingFor } from "../kinds/rbac.ts";
import { serviceFor } from "../kinds/service.ts";
import { serviceAccount } from "../kinds/service-account.ts";
import { portNames, serviceFacts } from "../kinds/service-facts.ts";
import { documentToYaml } from "../output/yaml.ts";
import { durationMs } from "./duration.ts";
import { PROMETHEUS_DISCOVERY_RULES } from "./prometheus-discovery.ts";
import {
  type ParsedPrometheus,
  type ParsedTarget,
  type PrometheusOptions,
  PrometheusOptionsSchema,
} from "./prometheus-options.ts";
import { prometheusRegexQuote } from "./relabel-regex.ts";
import { buildStorage } from "./storage.ts";

/** The user and group `nobody` that the official Prometheus image runs as. */
export const PROMETHEUS_UID = 65534;
/** The `app.kubernetes.io/component` of every object of Prometheus and Grafana. */
export const MONITORING_COMPONENT = "monitoring";
/** Port of the Prometheus web UI and API, named `web`. */
export const PROMETHEUS_PORT = 9090;

const CONFIG_DIR = "/etc/prometheus";
const CONFIG_FILE = "prometheus.yml";
const DATA_DIR = "/prometheus";
const SELF_JOB = "prometheus";

/** Any object that {@link prometheus} returns. */
export type PrometheusObject =
  | ServiceAccount
  | Role
  | RoleBinding
  | ConfigMap
  | PersistentVolumeClaim
  | Deployment
  | Service;

/** Every object of a Prometheus, by role, and all of them in apply order in `objects`. */
export interface PrometheusObjects {
  readonly serviceAccount: ServiceAccount;
  /** One read-only Role per namespace scraped. */
  readonly roles: readonly Role[];
  /** One RoleBinding per Role, granting it to the ServiceAccount. */
  readonly roleBindings: readonly RoleBinding[];
  /** `prometheus.yml`. */
  readonly configMap: ConfigMap;
  /** The TSDB claim, when `storage` asks for one. */
  readonly persistentVolumeClaim?: PersistentVolumeClaim;
  readonly deployment: Deployment;
  /** The Prometheus Service (port `web`): what Grafana's datasource points at. */
  readonly service: Service;
  readonly objects: readonly PrometheusObject[];
}

interface ResolvedTarget {
  readonly target: ParsedTarget;
  readonly service: string;
  readonly namespace: string;
  readonly job: string;
}

function resolveTargets(o: ParsedPrometheus): ResolvedTarget[] {
  return o.targets.map((t) => {
    const f = serviceFacts(t.service);
    const service = f?.name ?? "";
    return { target: t, service, namespace: f?.namespace ?? o.namespace, job: t.job ?? service };
  });
}

/** Rules of a scrape target list: the port exists on the Service, timeouts fit intervals, job names unique. */
export function targetRules(
  o: Pick<ParsedPrometheus, "targets" | "namespace" | "scrapeInterval" | "scrapeTimeout" | "scrapeSelf">,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const globalInterval = durationMs(o.scrapeInterval);
  const globalTimeout = durationMs(o.scrapeTimeout);
  if (globalInterval === 0) {
    issues.push({
      path: ["scrapeInterval"],
      code: "invalid_value",
      message: "the scrape interval must be above 0",
    });
  }
  if (globalInterval !== undefined && globalTimeout !== undefined && globalTimeout > globalInterval) {
    issues.push({
      path: ["scrapeTimeout"],
      code: "timeout_exceeds_interval",
      message: `scrapeTimeout (${o.scrapeTimeout}) is longer than scrapeInterval (${o.scrapeInterval})`,
    });
  }
  const jobs = new Map<string, number>();
  if (o.scrapeSelf) jobs.set(SELF_JOB, -1);
  o.targets.forEach((t, i) => {
    const f = serviceFacts(t.service);
    if (f === undefined) return;
    if (!f.ports.some((p) => p.name === t.port)) {
      issues.push({
        path: ["targets", i, "port"],
        code: "unknown_port",
        message: `Service "${f.name}" has no port named "${t.port}" (has: ${portNames(f)})`,
      });
    }
    const interval = t.interval === undefined ? globalInterval : durationMs(t.interval);
    if (t.interval !== undefined && interval === 0) {
      issues.push({
        path: ["targets", i, "interval"],
        code: "invalid_value",
        message: "the scrape interval must be above 0",
      });
    }
    const timeout = t.scrapeTimeout === undefined ? undefined : durationMs(t.scrapeTimeout);
    if (timeout !== undefined && interval !== undefined && timeout > interval) {
      issues.push({
        path: ["targets", i, "scrapeTimeout"],
        code: "timeout_exceeds_interval",
        message: `scrapeTimeout (${t.scrapeTimeout}) is longer than the target's interval (${t.interval ?? o.scrapeInterval})`,
      });
    }
    const job = t.job ?? f.name;
    const first = jobs.get(job);
    if (first !== undefined) {
      issues.push({
        path: ["targets", i, t.job === undefined ? "service" : "job"],
        code: "duplicate",
        message:
          first === -1
            ? `job "${job}" is Prometheus's own scrape job: give this target another job name or set scrapeSelf: false`
            : `job "${job}" is already the job of targets[${first}]: give one of them another job name`,
      });
    } else {
      jobs.set(job, i);
    }
  });
  return issues;
}

function scrapeJob(r: ResolvedTarget, discoveryRole: "endpointslice" | "endpoints"): Record<string, unknown> {
  const t = r.target;
  const portLabel =
    discoveryRole === "endpointslice"
      ? "__meta_kubernetes_endpointslice_port_name"
      : "__meta_kubernetes_endpoint_port_name";
  return {
    job_name: r.job,
    ...(t.interval === undefined ? {} : { scrape_interval: t.interval }),
    ...(t.scrapeTimeout === undefined ? {} : { scrape_timeout: t.scrapeTimeout }),
    metrics_path: t.path,
    scheme: t.scheme,
    kubernetes_sd_configs: [{ role: discoveryRole, namespaces: { names: [r.namespace] } }],
    relabel_configs: [
      // Quoted, so the name matches itself only (Prometheus anchors the regex); DNS and port names come out unchanged.
      {
        source_labels: ["__meta_kubernetes_service_name"],
        regex: prometheusRegexQuote(r.service),
        action: "keep",
      },
      { source_labels: [portLabel], regex: prometheusRegexQuote(t.port), action: "keep" },
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace", action: "replace" },
      { source_labels: ["__meta_kubernetes_service_name"], target_label: "service", action: "replace" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod", action: "replace" },
    ],
  };
}

/** The text of `prometheus.yml` for parsed options (deterministic: same options, same bytes). */
function configText(o: ParsedPrometheus, targets: readonly ResolvedTarget[]): string {
  const role = o.discoveryRole;
  return documentToYaml({
    global: { scrape_interval: o.scrapeInterval, scrape_timeout: o.scrapeTimeout },
    scrape_configs: [
      ...(!o.scrapeSelf
        ? []
        : [{ job_name: SELF_JOB, static_configs: [{ targets: [`localhost:${PROMETHEUS_PORT}`] }] }]),
      ...targets.map((t) => scrapeJob(t, role)),
    ],
  });
}

/**
 * Builds every object of a Prometheus that needs no Operator. It discovers the endpoints of the given
 * Services with `kubernetes_sd_configs`, limited to their namespaces, and keeps only each Service's named
 * metrics port; the labels `namespace`, `service` and `pod` are added to every series. The pod runs as
 * `nobody` (65534) with a read-only root filesystem, and mounts its ServiceAccount token because discovery
 * calls the Kubernetes API; the Roles grant only get/list/watch on services, endpoints, endpointslices and pods.
 * With a persistentVolumeClaim, rollouts replace the pod instead of surging (a ReadWriteOnce volume and the
 * TSDB lock allow one pod at a time).
 *
 * @example
 * const api = serviceFor(callProcessor, { ports: ["http", "metrics"] });
 * prometheus({ namespace: "monitoring", targets: [{ service: api, port: "metrics" }],
 *   resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } } });
 */
export function prometheus(options: PrometheusOptions): PrometheusObjects {
  const o = parseOptions("prometheus", PrometheusOptionsSchema, options, targetRules);
  const name = o.name;
  // Every object carries the full set of recommended labels: the monitoring component, and the version of
  // the image it serves.
  const meta = appMeta(name, MONITORING_COMPONENT, o);
  const targets = resolveTargets(o);
  const account = serviceAccount({ ...meta, automountServiceAccountToken: false });
  const namespaces = [...new Set(targets.map((t) => t.namespace))];
  const roles = namespaces.map((ns) =>
    role({ ...meta, namespace: ns, rules: PROMETHEUS_DISCOVERY_RULES.map((r) => ({ ...r })) }),
  );
  const roleBindings = roles.map((r) => roleBindingFor(r, { serviceAccounts: [account] }));
  const text = configText(o, targets);
  const config = configMap({
    ...meta,
    name: o.configMapName ?? derivedName(name, "-config"),
    data: { [CONFIG_FILE]: text },
  });
  const storage = buildStorage(o.storage, meta, "data");
  const args = [
    `--config.file=${CONFIG_DIR}/${CONFIG_FILE}`,
    `--storage.tsdb.path=${DATA_DIR}`,
    `--storage.tsdb.retention.time=${o.retention}`,
    ...(o.retentionSize === undefined ? [] : [`--storage.tsdb.retention.size=${o.retentionSize}`]),
  ];
  const workload = deployment({
    ...meta,
    replicas: 1,
    ...(storage.claim === undefined ? {} : { maxSurge: 0, maxUnavailable: 1 }),
    serviceAccountName: account.metadata?.name ?? name,
    security: {
      runAsUser: PROMETHEUS_UID,
      runAsGroup: PROMETHEUS_UID,
      fsGroup: PROMETHEUS_UID,
      automountServiceAccountToken: true,
    },
    podAnnotations: { [CHECKSUM_ANNOTATION]: configChecksum([config]) },
    containers: [
      {
        name: "prometheus",
        image: o.image,
        args,
        ports: [{ name: "web", containerPort: PROMETHEUS_PORT }],
        resources: o.resources,
        livenessProbe: { http: { path: "/-/healthy", port: "web" } },
        readinessProbe: { http: { path: "/-/ready", port: "web" } },
        volumeMounts: [
          { name: "config", mountPath: CONFIG_DIR, readOnly: true },
          { name: "data", mountPath: DATA_DIR },
        ],
      },
    ],
    volumes: [{ name: "config", configMap: { name: config.metadata?.name ?? "" } }, storage.volume],
  });
  const svc = serviceFor(workload, { ports: ["web"] });
  return {
    serviceAccount: account,
    roles,
    roleBindings,
    configMap: config,
    ...(storage.claim === undefined ? {} : { persistentVolumeClaim: storage.claim }),
    deployment: workload,
    service: svc,
    objects: [
      account,
      ...roles,
      ...roleBindings,
      config,
      ...(storage.claim === undefined ? [] : [storage.claim]),
      svc,
      workload,
    ],
  };
}
