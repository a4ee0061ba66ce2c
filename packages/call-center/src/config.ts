/**
 * The call-center bundle's configuration: one strict zod schema. Every field is required here; the defaults
 * (the seed's numbers) live in `environments.ts` as the `production` environment, and users override any field
 * with a deep-partial values file validated by {@link CallCenterValuesSchema}.
 */
import {
  DnsLabelSchema,
  DnsSubdomainSchema,
  DurationSchema,
  HostSchema,
  ImageSchema,
  LabelsSchema,
  PortSchema,
  QuantitySchema,
  ResourcesSchema,
} from "@call-center/k8s-builders";
import * as z from "zod/mini";

const replicas = z.number().check(z.int(), z.gte(1, { error: "expected at least 1 replica" }));
const path = z
  .string()
  .check(z.regex(/^\/[^\s]*$/, { error: "expected an absolute URL path such as /health" }));
const seconds = z.number().check(z.int(), z.gte(1));

const ProbesSchema = z.strictObject({
  /** Liveness: `GET <path>` every `periodSeconds`; failing restarts the container. */
  liveness: z.strictObject({
    /** Path of the health endpoint, on the `http` port. */
    path,
    /** Seconds between two checks. */
    periodSeconds: seconds,
  }),
  /** Readiness: `GET <path>` every `periodSeconds`; failing takes the pod out of its Services. */
  readiness: z.strictObject({
    /** Path of the readiness endpoint, on the `http` port. */
    path,
    /** Seconds between two checks. */
    periodSeconds: seconds,
  }),
});

const BudgetSchema = z.strictObject({
  /** PodDisruptionBudget: pods that must stay up during voluntary disruptions; 0 leaves the PDB out. */
  minAvailable: z.number().check(z.int(), z.gte(0)),
});

const CallBudgetSchema = z.strictObject({
  /**
   * PodDisruptionBudget: pods a drain may take at once. 1 never takes more than one pod (and its calls) at a
   * time; at the seed's 2 replicas it is the seed's `minAvailable: 1`, and it stays 1 when the HPA scales out.
   */
  maxUnavailable: z.number().check(z.int(), z.gte(1)),
});

const AutoscalingSchema = z.strictObject({
  /** HPA on or off. */
  enabled: z.boolean(),
  /** Fewest replicas the HPA keeps, also through quiet hours. */
  minReplicas: replicas,
  /** Most replicas the HPA may start. */
  maxReplicas: replicas,
  /** Target average CPU utilization, percent of the request. */
  cpuUtilization: z.number().check(z.int(), z.gte(1), z.lte(100)),
});

const ExternalSchema = z.strictObject({
  /** Host name of the managed service (RDS, ElastiCache…). */
  host: HostSchema,
  /** Port of the managed service. */
  port: PortSchema,
});

/** The Secrets the apps read, by name: what `secrets.remoteKeys` may map. */
const SecretNameSchema = z.enum(["db-credentials", "api-keys", "jwt-secret", "grafana-admin"]);

const SecretsSchema = z.strictObject({
  /**
   * How the Secrets the apps read (`db-credentials`, `api-keys`, `jwt-secret`, `grafana-admin`) reach the
   * cluster. `template`: the bundle applies none; their placeholder templates go to `secrets.yaml.example`
   * (or `--secret-templates`) and you create the real ones once. `external`: the bundle applies External
   * Secrets Operator `ExternalSecret`s that fetch them from `secrets.store`. `inline`: the placeholder Secrets
   * are part of the bundle, and every apply replaces the real values with placeholders (scratch clusters only).
   */
  mode: z.enum(["template", "external", "inline"]),
  /** The External Secrets store the `ExternalSecret`s read from (`external` mode only). */
  store: z.optional(
    z.strictObject({
      /** Name of the SecretStore (in the bundle's namespace) or ClusterSecretStore. */
      name: DnsSubdomainSchema,
      /** `SecretStore` (namespaced) or `ClusterSecretStore`. */
      kind: z.enum(["SecretStore", "ClusterSecretStore"]),
    }),
  ),
  /**
   * Key of each Secret in the store (`external` mode), e.g. `prod/call-center/db-credentials`; each Secret key
   * is read as the property of the same name. Unset: `<namespace>/<secret name>`.
   */
  remoteKeys: z.partialRecord(SecretNameSchema, z.string().check(z.minLength(1), z.maxLength(1024))),
});

/** The complete configuration of the bundle: every field required, every default in `production`. */
const ConfigObjectSchema = z.strictObject({
  /** Namespace of every object. */
  namespace: DnsLabelSchema,
  /** Environment name, written as the `environment` label. */
  environment: DnsLabelSchema,
  /** Public host of the admin UI, API and WebSocket. */
  host: HostSchema,
  /** Extra labels on every object (never in selectors). */
  labels: LabelsSchema,
  /** Container images, each pinned by tag or digest. */
  images: z.strictObject({
    /** The call engine. */
    callProcessor: ImageSchema,
    /** The admin UI's API. */
    adminApi: ImageSchema,
    /** PostgreSQL 16 (the official image, uid 999). */
    postgres: ImageSchema,
    /** Redis 7 (the official image, uid 999). */
    redis: ImageSchema,
    /** Prometheus. */
    prometheus: ImageSchema,
    /** Grafana. */
    grafana: ImageSchema,
  }),
  /** Application settings, as environment variables in the `app-config` ConfigMap. */
  appConfig: z.record(
    z.string().check(z.regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an env var name such as LOG_LEVEL" })),
    z.string(),
  ),
  /** call-processor: the call engine (HTTP API and WebSocket, Asterisk AudioSocket). */
  callProcessor: z.strictObject({
    /** Replicas when autoscaling is off (with autoscaling on, the HPA owns the count). */
    replicas,
    /** Requests and limits of the container. */
    resources: ResourcesSchema,
    /** HTTP API (and WebSocket) port. */
    httpPort: PortSchema,
    /** Asterisk AudioSocket (raw TCP) port. */
    audioSocketPort: PortSchema,
    /** Health checks on the `http` port. */
    probes: ProbesSchema,
    /** The HorizontalPodAutoscaler on CPU. */
    autoscaling: AutoscalingSchema,
    /** The PodDisruptionBudget. */
    disruptionBudget: CallBudgetSchema,
    /** How AudioSocket is exposed outside the cluster: raw TCP needs an L4 Service, an Ingress cannot carry it. */
    audioSocket: z.strictObject({
      /** Service type: a cloud load balancer, or a port on every node. */
      type: z.enum(["LoadBalancer", "NodePort"]),
      /** Fixed node port (NodePort type), 30000–32767. */
      nodePort: z.optional(z.number().check(z.int(), z.gte(30000), z.lte(32767))),
      /** `Local` keeps the caller's (Asterisk's) source IP and avoids a second hop. */
      externalTrafficPolicy: z.enum(["Cluster", "Local"]),
      /** CIDRs allowed to connect (LoadBalancer). Empty: anyone. */
      sourceRanges: z.array(z.string()),
    }),
    /** Long calls: how long a pod may take to finish its calls after it is told to stop. */
    shutdown: z.strictObject({
      /** Seconds between SIGTERM and SIGKILL: the longest call you let finish. */
      terminationGracePeriodSeconds: seconds,
      /** Seconds the preStop hook waits so endpoints and the load balancer stop sending new calls first. */
      preStopDelaySeconds: seconds,
    }),
  }),
  /** admin-api: the admin UI's API. */
  adminApi: z.strictObject({
    /** Replicas (no autoscaling). */
    replicas,
    /** Requests and limits of the container. */
    resources: ResourcesSchema,
    /** HTTP port. */
    httpPort: PortSchema,
    /** Health checks on the `http` port. */
    probes: ProbesSchema,
    /** The PodDisruptionBudget. */
    disruptionBudget: BudgetSchema,
  }),
  /** PostgreSQL: a StatefulSet, or a managed database. */
  postgres: z.strictObject({
    /** Use a managed database instead of the StatefulSet: the StatefulSet and its Services are left out. */
    external: z.optional(ExternalSchema),
    /** Database name. */
    database: DnsLabelSchema,
    /** PersistentVolumeClaim size. */
    storage: QuantitySchema,
    /** Storage class of the claim; unset uses the cluster's default. */
    storageClassName: z.optional(DnsSubdomainSchema),
    /** Requests and limits of the container. */
    resources: ResourcesSchema,
    /** SQL or shell scripts run once on an empty data directory (file name → content). */
    initScripts: z.record(
      z.string().check(
        z.regex(/^[-._a-zA-Z0-9]+\.(sql|sh|sql\.gz)$/, {
          error: "expected a file name ending in .sql, .sql.gz or .sh",
        }),
      ),
      z.string(),
    ),
  }),
  /** Redis: a StatefulSet, or a managed Redis. */
  redis: z.strictObject({
    /** Use a managed Redis instead of the StatefulSet: the StatefulSet and its Services are left out. */
    external: z.optional(ExternalSchema),
    /** PersistentVolumeClaim size (the append-only file). */
    storage: QuantitySchema,
    /** Storage class of the claim; unset uses the cluster's default. */
    storageClassName: z.optional(DnsSubdomainSchema),
    /** Requests and limits of the container. */
    resources: ResourcesSchema,
  }),
  /** The public HTTP entry: `/api` and `/admin` to admin-api, `/ws` to call-processor. */
  ingress: z.strictObject({
    /** Which controller's annotations to write: ingress-nginx or Traefik. */
    controller: z.enum(["nginx", "traefik"]),
    /** IngressClass; unset uses the controller's name. */
    className: z.optional(DnsSubdomainSchema),
    /** Secret with the TLS certificate for `host` (created by cert-manager or by hand). */
    tlsSecretName: DnsSubdomainSchema,
    /** Proxy timeout for the `/ws` WebSocket path, seconds (ingress-nginx). */
    websocketTimeoutSeconds: seconds,
    /** Namespace of the ingress controller's pods, allowed through the NetworkPolicies. */
    controllerNamespace: DnsLabelSchema,
  }),
  /** Prometheus, Grafana and ServiceMonitors. */
  monitoring: z.strictObject({
    /** Deploy Prometheus and Grafana. */
    enabled: z.boolean(),
    /** Also emit ServiceMonitors (clusters running the Prometheus Operator). */
    serviceMonitors: z.boolean(),
    /** Labels the Operator's Prometheus selects ServiceMonitors by (e.g. `release: kube-prometheus-stack`). */
    discoveryLabels: LabelsSchema,
    /** How often Prometheus scrapes the apps. */
    scrapeInterval: DurationSchema,
    /** How long Prometheus keeps samples. */
    retention: DurationSchema,
    /** Requests and limits of Prometheus: its memory grows with the series scraped. */
    prometheusResources: ResourcesSchema,
    /** Requests and limits of Grafana. */
    grafanaResources: ResourcesSchema,
  }),
  /** Where the real values of the apps' Secrets come from; the bundle never applies placeholders by default. */
  secrets: SecretsSchema,
  /** NetworkPolicies: deny all, then allow exactly what the application needs. */
  networkPolicies: z.strictObject({
    /** Emit the NetworkPolicies (they need a CNI that enforces them). */
    enabled: z.boolean(),
    /** Let the apps call HTTPS APIs outside the cluster (speech, LLM, webhooks). */
    allowExternalHttps: z.boolean(),
  }),
});

/** The complete, validated configuration. */
export type CallCenterConfig = z.output<typeof ConfigObjectSchema>;

/** A problem across fields of the configuration, at the values-file path the user should change. */
interface ConfigRuleIssue {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

/**
 * Combinations the bundle would otherwise drop or override without a word: each is refused with the path of
 * the field to change.
 */
function configRules(c: CallCenterConfig): ConfigRuleIssue[] {
  const issues: ConfigRuleIssue[] = [];
  const s = c.secrets;
  if (s.mode === "external" && s.store === undefined) {
    issues.push({
      path: ["secrets", "store"],
      code: "required",
      message: "secrets.mode is external: name the External Secrets store ({ name, kind })",
    });
  }
  if (s.mode !== "external" && s.store !== undefined) {
    issues.push({
      path: ["secrets", "store"],
      code: "conflicting_options",
      message: `secrets.store is set but secrets.mode is ${s.mode}: only external mode reads a store`,
    });
  }
  const remote = Object.keys(s.remoteKeys);
  if (s.mode !== "external" && remote.length > 0) {
    issues.push({
      path: ["secrets", "remoteKeys"],
      code: "conflicting_options",
      message: `secrets.remoteKeys is set but secrets.mode is ${s.mode}: only external mode reads remote keys`,
    });
  }
  if (!c.monitoring.enabled && remote.includes("grafana-admin")) {
    issues.push({
      path: ["secrets", "remoteKeys", "grafana-admin"],
      code: "conflicting_options",
      message: "monitoring is off: there is no grafana-admin Secret",
    });
  }
  return issues;
}

/** zod's code for an issue a check raises itself; the bundle's code travels in `params.code`. */
const ZOD_CUSTOM = "custom";

/** The complete configuration of the bundle, with the rules across its fields. */
export const CallCenterConfigSchema = ConfigObjectSchema.check(
  z.superRefine((c, ctx) => {
    for (const issue of configRules(c)) {
      ctx.addIssue({
        code: ZOD_CUSTOM,
        input: c,
        path: [...issue.path],
        message: issue.message,
        params: { code: issue.code },
      });
    }
  }),
);

/** Makes every object field optional, recursively; arrays and records are replaced, not merged. */
// biome-ignore lint/suspicious/noExplicitAny: zod's schema types are walked generically here
function deepPartial(schema: any): any {
  if (schema?._zod?.def?.type === "object") {
    const shape: Record<string, z.ZodMiniType> = {};
    for (const [k, v] of Object.entries(schema._zod.def.shape as Record<string, z.ZodMiniType>)) {
      const inner = (v as { _zod: { def: { type: string; innerType?: z.ZodMiniType } } })._zod.def;
      shape[k] = z.optional(deepPartial(inner.type === "optional" ? inner.innerType : v));
    }
    return z.strictObject(shape);
  }
  return schema;
}

/** A deep-partial configuration: the shape of an environment overlay or a user's values file. */
export type CallCenterValues = DeepPartial<CallCenterConfig>;
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** Validates a values file: any subset of the configuration, every field checked as in the full schema. */
export const CallCenterValuesSchema: z.ZodMiniType<CallCenterValues> = deepPartial(CallCenterConfigSchema);
