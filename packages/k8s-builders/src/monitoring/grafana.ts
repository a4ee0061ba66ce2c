/**
 * Grafana with everything provisioned from files: the Prometheus datasource (its URL derived from the
 * Prometheus Service object), a dashboard provider, and one ConfigMap per dashboard, all mounted read-only.
 * The admin credentials come from a Secret, never from the manifest.
 */
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, PersistentVolumeClaim, Service } from "kubernetes-types/core/v1.js";
import { appMeta } from "../base/labels.ts";
import { MAX_OBJECT_BYTES, mapBytes } from "../base/limits.ts";
import { derivedName } from "../base/names.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { CHECKSUM_ANNOTATION, configChecksum } from "../compose/checksum.ts";
import { configMap } from "../kinds/config-map.ts";
import { deployment } from "../kinds/deployment.ts";
import { serviceFor } from "../kinds/service.ts";
import { portNames, serviceFacts } from "../kinds/service-facts.ts";
import { documentToYaml } from "../output/yaml.ts";
import type { VolumeOptions } from "../pod/volume.ts";
import { dashboardJson, type GrafanaDashboard } from "./dashboard.ts";
import { type GrafanaOptions, GrafanaOptionsSchema, type ParsedGrafana } from "./grafana-options.ts";
import { MONITORING_COMPONENT } from "./prometheus.ts";
import { buildStorage } from "./storage.ts";

/** The user (and group) `grafana` that the official Grafana image runs as. */
export const GRAFANA_UID = 472;
/** Port of the Grafana web UI, named `http`. */
export const GRAFANA_PORT = 3000;
/** The label by which the Grafana dashboard sidecar (kube-prometheus-stack) finds dashboard ConfigMaps. */
export const DASHBOARD_LABEL = "grafana_dashboard";

const DATA_DIR = "/var/lib/grafana";
const DATASOURCES_DIR = "/etc/grafana/provisioning/datasources";
const PROVIDERS_DIR = "/etc/grafana/provisioning/dashboards";
const DASHBOARDS_DIR = "/etc/grafana/dashboards";
/** Variables the builder sets itself, and the option they come from: `env` cannot set them. */
const RESERVED_ENV = new Map([
  ["GF_SECURITY_ADMIN_USER", "adminSecret"],
  ["GF_SECURITY_ADMIN_PASSWORD", "adminSecret"],
  ["GF_SECURITY_ADMIN_USER__FILE", "adminSecret"],
  ["GF_SECURITY_ADMIN_PASSWORD__FILE", "adminSecret"],
  // The probes follow the sub path of the root URL: set both with rootUrl.
  ["GF_SERVER_ROOT_URL", "rootUrl"],
  ["GF_SERVER_SERVE_FROM_SUB_PATH", "rootUrl"],
]);

/** The path of a root URL without its trailing slash: `""` when Grafana is served at the root. */
function subPathOf(rootUrl: string | undefined): string {
  if (rootUrl === undefined) return "";
  const path = rootUrl.replace(/^https?:\/\/[^/]+/, "");
  return path.replace(/\/+$/, "");
}
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY/;

/** Any object that {@link grafana} returns. */
export type GrafanaObject = ConfigMap | PersistentVolumeClaim | Deployment | Service;

/** Every object of a Grafana, by role, and all of them in apply order in `objects`. */
export interface GrafanaObjects {
  /** `datasources.yaml`: the Prometheus datasource. */
  readonly datasourcesConfigMap: ConfigMap;
  /** `dashboards.yaml`: the file provider that loads the dashboards; present when there are dashboards. */
  readonly dashboardProviderConfigMap?: ConfigMap;
  /** One ConfigMap per dashboard, in the order given. */
  readonly dashboardConfigMaps: readonly ConfigMap[];
  /** Grafana's data claim, when `storage` asks for one. */
  readonly persistentVolumeClaim?: PersistentVolumeClaim;
  readonly deployment: Deployment;
  readonly service: Service;
  readonly objects: readonly GrafanaObject[];
}

function dashboardKey(d: GrafanaDashboard): string {
  return `${d.uid}.json`;
}

function grafanaRules(p: ParsedGrafana): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const facts = serviceFacts(p.datasource.service);
  if (facts !== undefined) {
    if (p.datasource.port !== undefined && !facts.ports.some((sp) => sp.name === p.datasource.port)) {
      issues.push({
        path: ["datasource", "port"],
        code: "unknown_port",
        message: `Service "${facts.name}" has no port named "${p.datasource.port}" (has: ${portNames(facts)})`,
      });
    }
    if (p.datasource.port === undefined && facts.ports.length !== 1) {
      issues.push({
        path: ["datasource", "port"],
        code: "required",
        message: `Service "${facts.name}" has ${facts.ports.length} ports (${portNames(facts)}): name the one Grafana should use`,
      });
    }
  }
  const uid = p.datasource.uid;
  const seen = new Map<string, number>();
  p.dashboards.forEach((d, i) => {
    const first = seen.get(d.uid);
    if (first !== undefined) {
      issues.push({
        path: ["dashboards", i],
        code: "duplicate",
        message: `dashboard uid "${d.uid}" is also the uid of dashboards[${first}]`,
      });
    }
    seen.set(d.uid, i);
    const foreign = d.panels.flatMap((panel) =>
      [panel.datasource, ...panel.targets.map((t) => t.datasource)].filter((ds) => ds.uid !== uid),
    );
    if (foreign.length > 0) {
      issues.push({
        path: ["dashboards", i],
        code: "unknown_datasource",
        message: `dashboard "${d.title}" (${d.uid}) queries datasource "${foreign[0]?.uid}", but Grafana provisions "${uid}"`,
      });
    }
    const bytes = mapBytes({ [dashboardKey(d)]: dashboardJson(d) });
    if (bytes > MAX_OBJECT_BYTES) {
      issues.push({
        path: ["dashboards", i],
        code: "too_big",
        message: `dashboard "${d.title}" (${d.uid}) is ${bytes} bytes; its ConfigMap must stay under 1 MiB (${MAX_OBJECT_BYTES} bytes): split it`,
      });
    }
  });
  for (const [key, value] of Object.entries(p.env ?? {})) {
    const source = RESERVED_ENV.get(key);
    if (source !== undefined) {
      issues.push({
        path: ["env", key],
        code: "reserved_env",
        message: `${key} is set from ${source}: do not set it in env`,
      });
    } else if (typeof value === "string" && SECRET_NAME.test(key)) {
      issues.push({
        path: ["env", key],
        code: "inline_secret",
        message: `${key} looks like a secret: pass it with { secretKeyRef: { name, key } }, not inline`,
      });
    }
  }
  return issues;
}

/**
 * Builds Grafana: Deployment, Service, the datasource and dashboard-provider ConfigMaps and one ConfigMap per
 * dashboard, all mounted at Grafana's provisioning paths. The pod runs as `grafana` (472) with a read-only root
 * filesystem (writable `/var/lib/grafana` and `/tmp`) and logs to the console only. Liveness checks `/healthz`
 * (the web server runs), readiness `/api/health` (it also reaches its database), and a startup probe waits for
 * the database migrations of the first start, which can take minutes. A change to the datasource rolls the pod (a
 * checksum annotation); dashboards are re-read from their files without a restart.
 *
 * @example
 * const prom = prometheus(promOpts);
 * grafana({ namespace: "monitoring", adminSecret: { name: "grafana-admin" },
 *   datasource: { service: prom.service }, dashboards: [callCenterDashboard],
 *   resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "256Mi" } } });
 */
export function grafana(options: GrafanaOptions): GrafanaObjects {
  const o = parseOptions("grafana", GrafanaOptionsSchema, options, grafanaRules);
  const name = o.name;
  const subPath = subPathOf(o.rootUrl);
  // Every object carries the full set of recommended labels: the monitoring component, and the version of
  // the image it serves.
  const meta = appMeta(name, MONITORING_COMPONENT, o);
  const facts = serviceFacts(o.datasource.service);
  const port = facts?.ports.find((sp) =>
    o.datasource.port === undefined ? true : sp.name === o.datasource.port,
  );
  const url = `http://${facts?.name}.${facts?.namespace ?? o.namespace}.svc:${port?.port}`;
  const uid = o.datasource.uid;
  const datasourcesText = documentToYaml({
    apiVersion: 1,
    datasources: [
      {
        name: o.datasource.name,
        type: "prometheus",
        uid,
        access: "proxy",
        url,
        isDefault: true,
        editable: false,
      },
    ],
  });
  const datasourcesName = derivedName(name, "-datasources");
  const providersName = derivedName(name, "-dashboard-providers");
  const datasources = configMap({
    ...meta,
    name: datasourcesName,
    data: { "datasources.yaml": datasourcesText },
  });
  const dashboards = o.dashboards;
  const provider =
    dashboards.length === 0
      ? undefined
      : configMap({
          ...meta,
          name: providersName,
          data: {
            "dashboards.yaml": documentToYaml({
              apiVersion: 1,
              providers: [
                {
                  name: "dashboards",
                  orgId: 1,
                  type: "file",
                  ...(o.dashboardFolder === undefined ? {} : { folder: o.dashboardFolder }),
                  disableDeletion: true,
                  allowUiUpdates: false,
                  updateIntervalSeconds: 30,
                  options: { path: DASHBOARDS_DIR, foldersFromFilesStructure: false },
                },
              ],
            }),
          },
        });
  const dashboardMaps = dashboards.map((d) =>
    configMap({
      ...meta,
      name: derivedName(name, `-dashboard-${d.uid}`),
      labels: { ...(o.labels ?? {}), [DASHBOARD_LABEL]: "1" },
      data: { [dashboardKey(d)]: dashboardJson(d) },
    }),
  );
  const storage = buildStorage(o.storage, meta, "storage");
  const volumes: VolumeOptions[] = [
    { name: "datasources", configMap: { name: datasourcesName } },
    ...(provider === undefined
      ? []
      : [
          { name: "dashboard-providers", configMap: { name: providersName } },
          {
            name: "dashboards",
            projected: {
              sources: dashboards.map((d, i) => ({
                configMap: {
                  name: dashboardMaps[i]?.metadata?.name ?? "",
                  items: [{ key: dashboardKey(d), path: dashboardKey(d) }],
                },
              })),
            },
          },
        ]),
    storage.volume,
  ];
  const adminRef = (key: string) => ({ secretKeyRef: { name: o.adminSecret.name, key } });
  const workload = deployment({
    ...meta,
    replicas: 1,
    ...(storage.claim === undefined ? {} : { maxSurge: 0, maxUnavailable: 1 }),
    security: { runAsUser: GRAFANA_UID, runAsGroup: GRAFANA_UID, fsGroup: GRAFANA_UID },
    // Datasources are read at start-up only: a change must roll the pod (dashboards are re-read live).
    podAnnotations: { [CHECKSUM_ANNOTATION]: configChecksum([datasources]) },
    containers: [
      {
        name: "grafana",
        image: o.image,
        ports: [{ name: "http", containerPort: GRAFANA_PORT }],
        env: {
          GF_SECURITY_ADMIN_USER: adminRef(o.adminSecret.userKey),
          GF_SECURITY_ADMIN_PASSWORD: adminRef(o.adminSecret.passwordKey),
          GF_PATHS_DATA: DATA_DIR,
          GF_LOG_MODE: "console",
          ...(o.rootUrl === undefined ? {} : { GF_SERVER_ROOT_URL: o.rootUrl }),
          ...(subPath === "" ? {} : { GF_SERVER_SERVE_FROM_SUB_PATH: "true" }),
          ...(o.env ?? {}),
        },
        resources: o.resources,
        // Database migrations on first start can take minutes: the other probes wait for this one.
        startupProbe: {
          http: { path: `${subPath}/api/health`, port: "http" },
          periodSeconds: 10,
          failureThreshold: 30,
        },
        // Liveness: /healthz answers while the web server runs, without the database, so a slow or
        // unreachable database does not restart Grafana. Readiness: /api/health also runs a query on it, and
        // takes the pod out of the Service until it answers. Both under the sub path: the URL users and
        // the proxy reach (Grafana strips the sub path before its health handlers, so it answers there too).
        livenessProbe: { http: { path: `${subPath}/healthz`, port: "http" } },
        readinessProbe: { http: { path: `${subPath}/api/health`, port: "http" } },
        volumeMounts: [
          { name: "datasources", mountPath: DATASOURCES_DIR, readOnly: true },
          ...(provider === undefined
            ? []
            : [
                { name: "dashboard-providers", mountPath: PROVIDERS_DIR, readOnly: true },
                { name: "dashboards", mountPath: DASHBOARDS_DIR, readOnly: true },
              ]),
          { name: "storage", mountPath: DATA_DIR },
        ],
      },
    ],
    volumes,
  });
  const svc = serviceFor(workload, { ports: ["http"] });
  return {
    datasourcesConfigMap: datasources,
    ...(provider === undefined ? {} : { dashboardProviderConfigMap: provider }),
    dashboardConfigMaps: dashboardMaps,
    ...(storage.claim === undefined ? {} : { persistentVolumeClaim: storage.claim }),
    deployment: workload,
    service: svc,
    objects: [
      datasources,
      ...(provider === undefined ? [] : [provider]),
      ...dashboardMaps,
      ...(storage.claim === undefined ? [] : [storage.claim]),
      svc,
      workload,
    ],
  };
}
