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
  liveness: z.strictObject({ path, periodSeconds: seconds }),
  /** Readiness: `GET <path>` every `periodSeconds`; failing takes the pod out of its Services. */
  readiness: z.strictObject({ path, periodSeconds: seconds }),
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
  minReplicas: replicas,
  maxReplicas: replicas,
  /** Target average CPU utilization, percent of the request. */
  cpuUtilization: z.number().check(z.int(), z.gte(1), z.lte(100)),
});

const ExternalSchema = z.strictObject({
  /** Host name of the managed service (RDS, ElastiCache…). */
  host: HostSchema,
  port: PortSchema,
});

export const CallCenterConfigSchema = z.strictObject({
  /** Namespace of every object. */
  namespace: DnsLabelSchema,
  /** Environment name, written as the `environment` label. */
  environment: DnsLabelSchema,
  /** Public host of the admin UI, API and WebSocket. */
  host: HostSchema,
  /** Extra labels on every object (never in selectors). */
  labels: LabelsSchema,
  images: z.strictObject({
    callProcessor: ImageSchema,
    adminApi: ImageSchema,
    postgres: ImageSchema,
    redis: ImageSchema,
    prometheus: ImageSchema,
    grafana: ImageSchema,
  }),
  /** Application settings, as environment variables in the `app-config` ConfigMap. */
  appConfig: z.record(
    z.string().check(z.regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an env var name such as LOG_LEVEL" })),
    z.string(),
  ),
  callProcessor: z.strictObject({
    replicas,
    resources: ResourcesSchema,
    /** HTTP API (and WebSocket) port. */
    httpPort: PortSchema,
    /** Asterisk AudioSocket (raw TCP) port. */
    audioSocketPort: PortSchema,
    probes: ProbesSchema,
    autoscaling: AutoscalingSchema,
    disruptionBudget: CallBudgetSchema,
    /** How AudioSocket is exposed outside the cluster: raw TCP needs an L4 Service, an Ingress cannot carry it. */
    audioSocket: z.strictObject({
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
  adminApi: z.strictObject({
    replicas,
    resources: ResourcesSchema,
    httpPort: PortSchema,
    probes: ProbesSchema,
    disruptionBudget: BudgetSchema,
  }),
  postgres: z.strictObject({
    /** Use a managed database instead of the StatefulSet: the StatefulSet and its Services are left out. */
    external: z.optional(ExternalSchema),
    /** Database name. */
    database: DnsLabelSchema,
    /** PersistentVolumeClaim size. */
    storage: QuantitySchema,
    /** Storage class of the claim; unset uses the cluster's default. */
    storageClassName: z.optional(DnsSubdomainSchema),
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
  redis: z.strictObject({
    external: z.optional(ExternalSchema),
    storage: QuantitySchema,
    storageClassName: z.optional(DnsSubdomainSchema),
    resources: ResourcesSchema,
  }),
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
  monitoring: z.strictObject({
    enabled: z.boolean(),
    /** Also emit ServiceMonitors (clusters running the Prometheus Operator). */
    serviceMonitors: z.boolean(),
    /** Labels the Operator's Prometheus selects ServiceMonitors by (e.g. `release: kube-prometheus-stack`). */
    discoveryLabels: LabelsSchema,
    scrapeInterval: DurationSchema,
    retention: DurationSchema,
    prometheusResources: ResourcesSchema,
    grafanaResources: ResourcesSchema,
  }),
  networkPolicies: z.strictObject({
    enabled: z.boolean(),
    /** Let the apps call HTTPS APIs outside the cluster (speech, LLM, webhooks). */
    allowExternalHttps: z.boolean(),
  }),
});

/** The complete, validated configuration. */
export type CallCenterConfig = z.output<typeof CallCenterConfigSchema>;

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
