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
  once,
  option,
  PortSchema,
  QuantitySchema,
  ResourcesSchema,
  required,
  z,
} from "@call-center/k8s-builders";
import type * as zt from "zod/mini";
import { NAMES } from "./names.ts";

const replicasSchema = once(() =>
  z.number().check(z.int(), z.gte(1, { error: "expected at least 1 replica" })),
);
const urlPathSchema = once(() =>
  z.string().check(z.regex(/^\/[^\s]*$/, { error: "expected an absolute URL path such as /health" })),
);
const secondsSchema = once(() => z.number().check(z.int(), z.gte(1)));

const ProbesSchema = once(() =>
  z.strictObject({
    /** Liveness: `GET <path>` every `periodSeconds`; failing restarts the container. */
    liveness: required(
      z.strictObject({
        /** Path of the health endpoint, on the `http` port. */
        path: required(urlPathSchema(), { description: "Path of the health endpoint, on the `http` port." }),
        /** Seconds between two checks. */
        periodSeconds: required(secondsSchema(), { description: "Seconds between two checks." }),
      }),
      { description: "Liveness: `GET <path>` every `periodSeconds`; failing restarts the container." },
    ),
    /** Readiness: `GET <path>` every `periodSeconds`; failing takes the pod out of its Services. */
    readiness: required(
      z.strictObject({
        /** Path of the readiness endpoint, on the `http` port. */
        path: required(urlPathSchema(), {
          description: "Path of the readiness endpoint, on the `http` port.",
        }),
        /** Seconds between two checks. */
        periodSeconds: required(secondsSchema(), { description: "Seconds between two checks." }),
      }),
      {
        description:
          "Readiness: `GET <path>` every `periodSeconds`; failing takes the pod out of its Services.",
      },
    ),
  }),
);

const id32 = z.number().check(z.int(), z.lte(2147483647));

/**
 * Numeric user and group ids of an app's processes. The pods run with `runAsNonRoot`, which the kubelet can only
 * verify for a numeric user: an image whose `USER` is a name would not start ("cannot verify user is
 * non-root") without `runAsUser`. Set them to your image's numeric user if it has one.
 */
const RunAsSchema = z.strictObject({
  /** User id of the processes (`runAsUser`); 0 (root) is refused. */
  runAsUser: required(
    id32.check(z.gte(1, { error: "expected a non-root user id (≥ 1): the pods run with runAsNonRoot" })),
    { description: "User id of the processes (`runAsUser`); 0 (root) is refused." },
  ),
  /** Group id of the processes (`runAsGroup`). */
  runAsGroup: required(id32.check(z.gte(0)), { description: "Group id of the processes (`runAsGroup`)." }),
  /** Group that owns the pod's writable volumes (`fsGroup`). */
  fsGroup: required(id32.check(z.gte(0)), {
    description: "Group that owns the pod's writable volumes (`fsGroup`).",
  }),
});

const BudgetSchema = once(() =>
  z.strictObject({
    /** PodDisruptionBudget: pods that must stay up during voluntary disruptions; 0 leaves the PDB out. */
    minAvailable: required(z.number().check(z.int(), z.gte(0)), {
      description:
        "PodDisruptionBudget: pods that must stay up during voluntary disruptions; 0 leaves the PDB out.",
    }),
  }),
);

const CallBudgetSchema = once(() =>
  z.strictObject({
    /**
     * PodDisruptionBudget: pods a drain may take at once. 1 never takes more than one pod (and its calls) at a
     * time; at the seed's 2 replicas it is the seed's `minAvailable: 1`, and it stays 1 when the HPA scales out.
     */
    maxUnavailable: required(z.number().check(z.int(), z.gte(1)), {
      description:
        "PodDisruptionBudget: pods a drain may take at once. 1 never takes more than one pod (and its calls) at a time; at the seed's 2 replicas it is the seed's `minAvailable: 1`, and it stays 1 when the HPA scales out.",
    }),
  }),
);

const AutoscalingSchema = once(() =>
  z.strictObject({
    /** HPA on or off. */
    enabled: required(z.boolean(), { description: "HPA on or off." }),
    /** Fewest replicas the HPA keeps, also through quiet hours. */
    minReplicas: required(replicasSchema(), {
      description: "Fewest replicas the HPA keeps, also through quiet hours.",
    }),
    /** Most replicas the HPA may start. */
    maxReplicas: required(replicasSchema(), { description: "Most replicas the HPA may start." }),
    /** Target average CPU utilization, percent of the request. */
    cpuUtilization: required(z.number().check(z.int(), z.gte(1), z.lte(100)), {
      description: "Target average CPU utilization, percent of the request.",
    }),
  }),
);

const ExternalSchema = once(() =>
  z.strictObject({
    /** Host name of the managed service (RDS, ElastiCache…). */
    host: required(HostSchema, { description: "Host name of the managed service (RDS, ElastiCache…)." }),
    /** Port of the managed service. */
    port: required(PortSchema, { description: "Port of the managed service." }),
  }),
);

/** The Secrets the apps read, by name: what `secrets.remoteKeys` may map. */
const SecretNameSchema = once(() => z.enum(["db-credentials", "api-keys", "jwt-secret", "grafana-admin"]));

const SecretsSchema = once(() =>
  z.strictObject({
    /**
     * How the Secrets the apps read (`db-credentials`, `api-keys`, `jwt-secret`, `grafana-admin`) reach the
     * cluster. `template`: the bundle applies none; their placeholder templates go to `secrets.yaml.example`
     * (or `--secret-templates`) and you create the real ones once. `external`: the bundle applies External
     * Secrets Operator `ExternalSecret`s that fetch them from `secrets.store`. `inline`: the placeholder Secrets
     * are part of the bundle, and every apply replaces the real values with placeholders (scratch clusters only).
     */
    mode: required(z.enum(["template", "external", "inline"]), {
      description:
        "How the Secrets the apps read (`db-credentials`, `api-keys`, `jwt-secret`, `grafana-admin`) reach the cluster. `template`: the bundle applies none; their placeholder templates go to `secrets.yaml.example` (or `--secret-templates`) and you create the real ones once. `external`: the bundle applies External Secrets Operator `ExternalSecret`s that fetch them from `secrets.store`. `inline`: the placeholder Secrets are part of the bundle, and every apply replaces the real values with placeholders (scratch clusters only).",
    }),
    /**
     * The External Secrets store the `ExternalSecret`s read from (`external` mode only).
     * @default unset (none (template and inline modes))
     */
    store: option(
      z.strictObject({
        /** Name of the SecretStore (in the bundle's namespace) or ClusterSecretStore. */
        name: required(DnsSubdomainSchema, {
          description: "Name of the SecretStore (in the bundle's namespace) or ClusterSecretStore.",
        }),
        /** `SecretStore` (namespaced) or `ClusterSecretStore`. */
        kind: required(z.enum(["SecretStore", "ClusterSecretStore"]), {
          description: "`SecretStore` (namespaced) or `ClusterSecretStore`.",
        }),
      }),
      {
        description: "The External Secrets store the `ExternalSecret`s read from (`external` mode only).",
        unset: "none (template and inline modes)",
      },
    ),
    /**
     * Key of each Secret in the store (`external` mode), e.g. `prod/call-center/db-credentials`; each Secret key
     * is read as the property of the same name. Unset: `<namespace>/<secret name>`.
     */
    remoteKeys: required(
      z.partialRecord(SecretNameSchema(), z.string().check(z.minLength(1), z.maxLength(1024))),
      {
        description:
          "Key of each Secret in the store (`external` mode), e.g. `prod/call-center/db-credentials`; each Secret key is read as the property of the same name. Unset: `<namespace>/<secret name>`.",
      },
    ),
  }),
);

/** The complete configuration of the bundle: every field required, every default in `production`. */
const ConfigObjectSchema = once(() =>
  z.strictObject({
    /** Namespace of every object. */
    namespace: required(DnsLabelSchema, { description: "Namespace of every object." }),
    /** Environment name, written as the `environment` label. */
    environment: required(DnsLabelSchema, {
      description: "Environment name, written as the `environment` label.",
    }),
    /** Public host of the admin UI, API and WebSocket. */
    host: required(HostSchema, { description: "Public host of the admin UI, API and WebSocket." }),
    /**
     * Extra labels on every object (never in selectors). Keys the bundle sets itself (`environment`,
     * `app.kubernetes.io/*`, the Namespace's `pod-security.kubernetes.io/*`) and other `kubernetes.io`/`k8s.io`
     * keys are refused.
     */
    labels: required(LabelsSchema, {
      description:
        "Extra labels on every object (never in selectors). Keys the bundle sets itself (`environment`, `app.kubernetes.io/*`, the Namespace's `pod-security.kubernetes.io/*`) and other `kubernetes.io`/`k8s.io` keys are refused.",
    }),
    /** Container images, each pinned by tag or digest. */
    images: required(
      z.strictObject({
        /** The call engine. */
        callProcessor: required(ImageSchema, { description: "The call engine." }),
        /** The admin UI's API. */
        adminApi: required(ImageSchema, { description: "The admin UI's API." }),
        /** PostgreSQL 16 (the official image, uid 999). */
        postgres: required(ImageSchema, { description: "PostgreSQL 16 (the official image, uid 999)." }),
        /** Redis 7 (the official image, uid 999). */
        redis: required(ImageSchema, { description: "Redis 7 (the official image, uid 999)." }),
        /** Prometheus. */
        prometheus: required(ImageSchema, { description: "Prometheus." }),
        /** Grafana. */
        grafana: required(ImageSchema, { description: "Grafana." }),
      }),
      { description: "Container images, each pinned by tag or digest." },
    ),
    /**
     * Application settings, as environment variables in the `app-config` ConfigMap. The keys the bundle writes
     * (`DB_HOST`, `DB_PORT`, `DB_NAME`, `REDIS_HOST`, `REDIS_PORT`, `AUDIOSOCKET_PORT`, `ENVIRONMENT`, `HTTP_PORT`)
     * are refused: set the fields they come from.
     */
    appConfig: required(
      z.record(
        z
          .string()
          .check(z.regex(/^[A-Z_][A-Z0-9_]*$/, { error: "expected an env var name such as LOG_LEVEL" })),
        z.string(),
      ),
      {
        description:
          "Application settings, as environment variables in the `app-config` ConfigMap. The keys the bundle writes (`DB_HOST`, `DB_PORT`, `DB_NAME`, `REDIS_HOST`, `REDIS_PORT`, `AUDIOSOCKET_PORT`, `ENVIRONMENT`, `HTTP_PORT`) are refused: set the fields they come from.",
      },
    ),
    /** call-processor: the call engine (HTTP API and WebSocket, Asterisk AudioSocket). */
    callProcessor: required(
      z.strictObject({
        /** Replicas when autoscaling is off (with autoscaling on, the HPA owns the count). */
        replicas: required(replicasSchema(), {
          description: "Replicas when autoscaling is off (with autoscaling on, the HPA owns the count).",
        }),
        /** Requests and limits of the container. */
        resources: required(ResourcesSchema, { description: "Requests and limits of the container." }),
        /** HTTP API (and WebSocket) port. */
        httpPort: required(PortSchema, { description: "HTTP API (and WebSocket) port." }),
        /** Asterisk AudioSocket (raw TCP) port; must differ from `httpPort`. */
        audioSocketPort: required(PortSchema, {
          description: "Asterisk AudioSocket (raw TCP) port; must differ from `httpPort`.",
        }),
        /** Health checks on the `http` port. */
        probes: required(ProbesSchema(), { description: "Health checks on the `http` port." }),
        /** Numeric user and group ids of the pods (non-root). */
        securityContext: required(RunAsSchema, {
          description: "Numeric user and group ids of the pods (non-root).",
        }),
        /** The HorizontalPodAutoscaler on CPU. */
        autoscaling: required(AutoscalingSchema(), { description: "The HorizontalPodAutoscaler on CPU." }),
        /** The PodDisruptionBudget. */
        disruptionBudget: required(CallBudgetSchema(), { description: "The PodDisruptionBudget." }),
        /** How AudioSocket is exposed outside the cluster: raw TCP needs an L4 Service, an Ingress cannot carry it. */
        audioSocket: required(
          z.strictObject({
            /** Service type: a cloud load balancer, or a port on every node. */
            type: required(z.enum(["LoadBalancer", "NodePort"]), {
              description: "Service type: a cloud load balancer, or a port on every node.",
            }),
            /** Fixed node port (NodePort type), 30000–32767. @default unset (assigned by Kubernetes) */
            nodePort: option(z.number().check(z.int(), z.gte(30000), z.lte(32767)), {
              description: "Fixed node port (NodePort type), 30000–32767.",
              unset: "assigned by Kubernetes",
            }),
            /** `Local` keeps the caller's (Asterisk's) source IP and avoids a second hop. */
            externalTrafficPolicy: required(z.enum(["Cluster", "Local"]), {
              description: "`Local` keeps the caller's (Asterisk's) source IP and avoids a second hop.",
            }),
            /** CIDRs allowed to connect (LoadBalancer only: refused with NodePort). Empty: anyone. */
            sourceRanges: required(z.array(z.string()), {
              description:
                "CIDRs allowed to connect (LoadBalancer only: refused with NodePort). Empty: anyone.",
            }),
          }),
          {
            description:
              "How AudioSocket is exposed outside the cluster: raw TCP needs an L4 Service, an Ingress cannot carry it.",
          },
        ),
        /** Long calls: how long a pod may take to finish its calls after it is told to stop. */
        shutdown: required(
          z.strictObject({
            /** Seconds between SIGTERM and SIGKILL: the longest call you let finish. */
            terminationGracePeriodSeconds: required(secondsSchema(), {
              description: "Seconds between SIGTERM and SIGKILL: the longest call you let finish.",
            }),
            /** Seconds the preStop hook waits so endpoints and the load balancer stop sending new calls first. */
            preStopDelaySeconds: required(secondsSchema(), {
              description:
                "Seconds the preStop hook waits so endpoints and the load balancer stop sending new calls first.",
            }),
          }),
          {
            description: "Long calls: how long a pod may take to finish its calls after it is told to stop.",
          },
        ),
      }),
      { description: "call-processor: the call engine (HTTP API and WebSocket, Asterisk AudioSocket)." },
    ),
    /** admin-api: the admin UI's API. */
    adminApi: required(
      z.strictObject({
        /** Replicas (no autoscaling). */
        replicas: required(replicasSchema(), { description: "Replicas (no autoscaling)." }),
        /** Requests and limits of the container. */
        resources: required(ResourcesSchema, { description: "Requests and limits of the container." }),
        /** HTTP port. */
        httpPort: required(PortSchema, { description: "HTTP port." }),
        /** Health checks on the `http` port. */
        probes: required(ProbesSchema(), { description: "Health checks on the `http` port." }),
        /** Numeric user and group ids of the pods (non-root). */
        securityContext: required(RunAsSchema, {
          description: "Numeric user and group ids of the pods (non-root).",
        }),
        /** The PodDisruptionBudget. */
        disruptionBudget: required(BudgetSchema(), { description: "The PodDisruptionBudget." }),
      }),
      { description: "admin-api: the admin UI's API." },
    ),
    /** PostgreSQL: a StatefulSet, or a managed database. */
    postgres: required(
      z.strictObject({
        /**
         * Use a managed database instead of the StatefulSet: the StatefulSet and its Services are left out.
         * @default unset (the bundle's PostgreSQL StatefulSet)
         */
        external: option(ExternalSchema(), {
          description:
            "Use a managed database instead of the StatefulSet: the StatefulSet and its Services are left out.",
          unset: "the bundle's PostgreSQL StatefulSet",
        }),
        /** Database name. */
        database: required(DnsLabelSchema, { description: "Database name." }),
        /** PersistentVolumeClaim size. */
        storage: required(QuantitySchema, { description: "PersistentVolumeClaim size." }),
        /** Storage class of the claim. @default unset (the cluster's default class) */
        storageClassName: option(DnsSubdomainSchema, {
          description: "Storage class of the claim.",
          unset: "the cluster's default class",
        }),
        /** Requests and limits of the container. */
        resources: required(ResourcesSchema, { description: "Requests and limits of the container." }),
        /** SQL or shell scripts run once on an empty data directory (file name → content). */
        initScripts: required(
          z.record(
            z.string().check(
              z.regex(/^[-._a-zA-Z0-9]+\.(sql|sh|sql\.gz)$/, {
                error: "expected a file name ending in .sql, .sql.gz or .sh",
              }),
            ),
            z.string(),
          ),
          { description: "SQL or shell scripts run once on an empty data directory (file name → content)." },
        ),
      }),
      { description: "PostgreSQL: a StatefulSet, or a managed database." },
    ),
    /** Redis: a StatefulSet, or a managed Redis. */
    redis: required(
      z.strictObject({
        /**
         * Use a managed Redis instead of the StatefulSet: the StatefulSet and its Services are left out.
         * @default unset (the bundle's Redis StatefulSet)
         */
        external: option(ExternalSchema(), {
          description:
            "Use a managed Redis instead of the StatefulSet: the StatefulSet and its Services are left out.",
          unset: "the bundle's Redis StatefulSet",
        }),
        /** PersistentVolumeClaim size (the append-only file). */
        storage: required(QuantitySchema, {
          description: "PersistentVolumeClaim size (the append-only file).",
        }),
        /** Storage class of the claim. @default unset (the cluster's default class) */
        storageClassName: option(DnsSubdomainSchema, {
          description: "Storage class of the claim.",
          unset: "the cluster's default class",
        }),
        /** Requests and limits of the container. */
        resources: required(ResourcesSchema, { description: "Requests and limits of the container." }),
      }),
      { description: "Redis: a StatefulSet, or a managed Redis." },
    ),
    /** The public HTTP entry: `/api` and `/admin` to admin-api, `/ws` to call-processor. */
    ingress: required(
      z.strictObject({
        /** Which controller's annotations to write: ingress-nginx or Traefik. */
        controller: required(z.enum(["nginx", "traefik"]), {
          description: "Which controller's annotations to write: ingress-nginx or Traefik.",
        }),
        /** IngressClass. @default unset (the controller's name) */
        className: option(DnsSubdomainSchema, {
          description: "IngressClass.",
          unset: "the controller's name",
        }),
        /** Secret with the TLS certificate for `host` (created by cert-manager or by hand). */
        tlsSecretName: required(DnsSubdomainSchema, {
          description: "Secret with the TLS certificate for `host` (created by cert-manager or by hand).",
        }),
        /** Proxy timeout for the `/ws` WebSocket path, seconds (ingress-nginx). */
        websocketTimeoutSeconds: required(secondsSchema(), {
          description: "Proxy timeout for the `/ws` WebSocket path, seconds (ingress-nginx).",
        }),
        /** Namespace of the ingress controller's pods, allowed through the NetworkPolicies. */
        controllerNamespace: required(DnsLabelSchema, {
          description: "Namespace of the ingress controller's pods, allowed through the NetworkPolicies.",
        }),
      }),
      { description: "The public HTTP entry: `/api` and `/admin` to admin-api, `/ws` to call-processor." },
    ),
    /** Prometheus, Grafana and ServiceMonitors. */
    monitoring: required(
      z.strictObject({
        /** Deploy Prometheus and Grafana. */
        enabled: required(z.boolean(), { description: "Deploy Prometheus and Grafana." }),
        /** Also emit ServiceMonitors (clusters running the Prometheus Operator). */
        serviceMonitors: required(z.boolean(), {
          description: "Also emit ServiceMonitors (clusters running the Prometheus Operator).",
        }),
        /** Labels the Operator's Prometheus selects ServiceMonitors by (e.g. `release: kube-prometheus-stack`). */
        discoveryLabels: required(LabelsSchema, {
          description:
            "Labels the Operator's Prometheus selects ServiceMonitors by (e.g. `release: kube-prometheus-stack`).",
        }),
        /** How often Prometheus scrapes the apps. */
        scrapeInterval: required(DurationSchema, { description: "How often Prometheus scrapes the apps." }),
        /** How long Prometheus keeps samples. */
        retention: required(DurationSchema, { description: "How long Prometheus keeps samples." }),
        /** Requests and limits of Prometheus: its memory grows with the series scraped. */
        prometheusResources: required(ResourcesSchema, {
          description: "Requests and limits of Prometheus: its memory grows with the series scraped.",
        }),
        /** Requests and limits of Grafana. */
        grafanaResources: required(ResourcesSchema, { description: "Requests and limits of Grafana." }),
      }),
      { description: "Prometheus, Grafana and ServiceMonitors." },
    ),
    /** Where the real values of the apps' Secrets come from; the bundle never applies placeholders by default. */
    secrets: required(SecretsSchema(), {
      description:
        "Where the real values of the apps' Secrets come from; the bundle never applies placeholders by default.",
    }),
    /** NetworkPolicies: deny all, then allow exactly what the application needs. */
    networkPolicies: required(
      z.strictObject({
        /** Emit the NetworkPolicies (they need a CNI that enforces them). */
        enabled: required(z.boolean(), {
          description: "Emit the NetworkPolicies (they need a CNI that enforces them).",
        }),
        /** Let the apps call HTTPS APIs outside the cluster (speech, LLM, webhooks). */
        allowExternalHttps: required(z.boolean(), {
          description: "Let the apps call HTTPS APIs outside the cluster (speech, LLM, webhooks).",
        }),
      }),
      { description: "NetworkPolicies: deny all, then allow exactly what the application needs." },
    ),
  }),
);

/** The complete, validated configuration. */
export type CallCenterConfig = zt.output<ReturnType<typeof ConfigObjectSchema>>;

/**
 * The keys of the `app-config` ConfigMap that the bundle writes itself, each with the field it comes from:
 * `appConfig` cannot set them (it would silently override the bundle's value).
 */
export const GENERATED_APP_CONFIG = {
  DB_HOST: "postgres.external.host",
  DB_PORT: "postgres.external.port",
  DB_NAME: "postgres.database",
  REDIS_HOST: "redis.external.host",
  REDIS_PORT: "redis.external.port",
  AUDIOSOCKET_PORT: "callProcessor.audioSocketPort",
  ENVIRONMENT: "environment",
  HTTP_PORT: "callProcessor.httpPort and adminApi.httpPort (set on each container)",
} as const;

/** A key of {@link GENERATED_APP_CONFIG}. */
export type GeneratedAppConfigKey = keyof typeof GENERATED_APP_CONFIG;

/** Label keys the bundle sets itself or that Kubernetes reserves: `labels` cannot set them. */
function reservedLabel(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? "" : key.slice(0, slash);
  if (prefix === "pod-security.kubernetes.io")
    return "the bundle's Namespace enforces the restricted Pod Security Standard; a label cannot relax it";
  if (prefix === "app.kubernetes.io")
    return "the bundle sets the recommended app.kubernetes.io labels itself";
  if (/(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix))
    return "the kubernetes.io and k8s.io prefixes are reserved for Kubernetes";
  if (key === "environment") return "the bundle sets it from `environment`";
  return undefined;
}

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
  const audio = c.callProcessor.audioSocket;
  if (audio.type !== "LoadBalancer" && audio.sourceRanges.length > 0) {
    issues.push({
      path: ["callProcessor", "audioSocket", "sourceRanges"],
      code: "conflicting_options",
      message: `sourceRanges restrict a LoadBalancer only, but audioSocket.type is ${audio.type}: restrict the nodes' firewall instead, or use type LoadBalancer`,
    });
  }
  if (c.callProcessor.audioSocketPort === c.callProcessor.httpPort) {
    issues.push({
      path: ["callProcessor", "audioSocketPort"],
      code: "duplicate",
      message: `audioSocketPort (${c.callProcessor.audioSocketPort}) is also httpPort: AudioSocket and HTTP need a port each`,
    });
  }
  for (const key of Object.keys(c.appConfig)) {
    if (Object.hasOwn(GENERATED_APP_CONFIG, key)) {
      issues.push({
        path: ["appConfig", key],
        code: "reserved_env",
        message: `${key} is written by the bundle (from ${GENERATED_APP_CONFIG[key as GeneratedAppConfigKey]}): set that instead`,
      });
    }
  }
  for (const key of Object.keys(c.labels)) {
    const why = reservedLabel(key);
    if (why !== undefined) {
      issues.push({ path: ["labels", key], code: "reserved_label", message: `label ${key}: ${why}` });
    }
  }
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
const configSchema = once(() =>
  ConfigObjectSchema().check(
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
  ),
);

/** The complete configuration of the bundle, with the rules across its fields (built on first use). */
export const CallCenterConfigSchema: zt.ZodMiniLazy<ReturnType<typeof ConfigObjectSchema>> =
  z.lazy(configSchema);

/**
 * Makes every object field optional, recursively (arrays and records are replaced, not merged), keeping each
 * field's metadata (its description in values.schema.json).
 */
// biome-ignore lint/suspicious/noExplicitAny: zod's schema types are walked generically here
function deepPartial(schema: any): any {
  const def = schema?._zod?.def;
  if (def?.type === "lazy") return deepPartial(def.getter());
  if (def?.type === "object") {
    const shape: Record<string, zt.ZodMiniType> = {};
    for (const [k, v] of Object.entries(def.shape as Record<string, zt.ZodMiniType>)) {
      const inner = (v as { _zod: { def: { type: string; innerType?: zt.ZodMiniType } } })._zod.def;
      const partial = z.optional(deepPartial(inner.type === "optional" ? inner.innerType : v));
      const meta = z.globalRegistry.get(v);
      if (meta !== undefined) z.globalRegistry.add(partial, meta);
      shape[k] = partial;
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
export const CallCenterValuesSchema: zt.ZodMiniType<CallCenterValues> = z.lazy(
  once(() => deepPartial(CallCenterConfigSchema)),
);

/**
 * Which configuration field feeds which builder option. A problem a builder finds is reported at the
 * configuration path it came from — the user's values-file path (`callProcessor.resources.requests.memory`),
 * never the builder's (`containers[0].resources.requests.memory`). First match wins; a rule without `object`
 * matches every object of its builder.
 */
const BUILDER_PATHS: readonly { builder: string; object?: string; from: string; to: string }[] = [
  ...app("deployment", NAMES.callProcessor, "callProcessor", "callProcessor"),
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "terminationGracePeriodSeconds",
    to: "callProcessor.shutdown.terminationGracePeriodSeconds",
  },
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "containers[0].lifecycle.preStop.sleep",
    to: "callProcessor.shutdown.preStopDelaySeconds",
  },
  {
    builder: "deployment",
    object: NAMES.callProcessor,
    from: "containers[0].ports[1].containerPort",
    to: "callProcessor.audioSocketPort",
  },
  ...app("deployment", NAMES.adminApi, "adminApi", "adminApi"),
  { builder: "hpaFor", from: "", to: "callProcessor.autoscaling" },
  { builder: "pdbFor", from: "maxUnavailable", to: "callProcessor.disruptionBudget.maxUnavailable" },
  { builder: "pdbFor", from: "minAvailable", to: "adminApi.disruptionBudget.minAvailable" },
  { builder: "serviceFor", from: "type", to: "callProcessor.audioSocket.type" },
  {
    builder: "serviceFor",
    from: "externalTrafficPolicy",
    to: "callProcessor.audioSocket.externalTrafficPolicy",
  },
  { builder: "serviceFor", from: "ports[0].nodePort", to: "callProcessor.audioSocket.nodePort" },
  { builder: "serviceFor", from: "loadBalancerSourceRanges", to: "callProcessor.audioSocket.sourceRanges" },
  ...store(NAMES.postgres, "postgres"),
  {
    builder: "statefulSet",
    object: NAMES.postgres,
    from: "containers[0].env.POSTGRES_DB",
    to: "postgres.database",
  },
  ...store(NAMES.redis, "redis"),
  { builder: "configMap", object: NAMES.postgresInit, from: "data", to: "postgres.initScripts" },
  { builder: "configMap", object: NAMES.appConfig, from: "data", to: "appConfig" },
  { builder: "monitoring", from: "prometheus.containers[0].resources", to: "monitoring.prometheusResources" },
  { builder: "monitoring", from: "prometheus.resources", to: "monitoring.prometheusResources" },
  { builder: "monitoring", from: "prometheus.scrapeInterval", to: "monitoring.scrapeInterval" },
  { builder: "monitoring", from: "prometheus.scrapeTimeout", to: "monitoring.scrapeInterval" },
  { builder: "monitoring", from: "prometheus.retention", to: "monitoring.retention" },
  { builder: "monitoring", from: "prometheus.image", to: "images.prometheus" },
  { builder: "monitoring", from: "grafana.containers[0].resources", to: "monitoring.grafanaResources" },
  { builder: "monitoring", from: "grafana.resources", to: "monitoring.grafanaResources" },
  { builder: "monitoring", from: "grafana.image", to: "images.grafana" },
  { builder: "monitoring", from: "serviceMonitors.discoveryLabels", to: "monitoring.discoveryLabels" },
  { builder: "ingress", from: "rules[0].host", to: "host" },
  { builder: "ingress", from: "host", to: "host" },
  { builder: "ingress", from: "tls", to: "ingress.tlsSecretName" },
  { builder: "ingress", from: "className", to: "ingress.className" },
  { builder: "ingress", from: "websocketTimeoutSeconds", to: "ingress.websocketTimeoutSeconds" },
  // Every object: its namespace and the user's labels.
  { builder: "namespace", from: "name", to: "namespace" },
  { builder: "*", from: "namespace", to: "namespace" },
  { builder: "*", from: "labels", to: "labels" },
];

function app(builder: string, object: string, section: string, image: string) {
  return [
    { builder, object, from: "replicas", to: `${section}.replicas` },
    { builder, object, from: "containers[0].resources", to: `${section}.resources` },
    { builder, object, from: "containers[0].image", to: `images.${image}` },
    { builder, object, from: "containers[0].ports[0].containerPort", to: `${section}.httpPort` },
    { builder, object, from: "containers[0].livenessProbe.http.path", to: `${section}.probes.liveness.path` },
    {
      builder,
      object,
      from: "containers[0].livenessProbe.periodSeconds",
      to: `${section}.probes.liveness.periodSeconds`,
    },
    {
      builder,
      object,
      from: "containers[0].readinessProbe.http.path",
      to: `${section}.probes.readiness.path`,
    },
    {
      builder,
      object,
      from: "containers[0].readinessProbe.periodSeconds",
      to: `${section}.probes.readiness.periodSeconds`,
    },
  ];
}

function store(object: string, section: string) {
  return [
    { builder: "statefulSet", object, from: "containers[0].resources", to: `${section}.resources` },
    { builder: "statefulSet", object, from: "containers[0].image", to: `images.${section}` },
    { builder: "statefulSet", object, from: "volumeClaimTemplates[0].storage", to: `${section}.storage` },
    {
      builder: "statefulSet",
      object,
      from: "volumeClaimTemplates[0].storageClassName",
      to: `${section}.storageClassName`,
    },
  ];
}

/** The configuration section each object is built from, for a builder problem no rule above maps. */
const SECTION_OF_OBJECT: Readonly<Record<string, string>> = {
  [NAMES.callProcessor]: "callProcessor",
  [NAMES.audioSocketService]: "callProcessor.audioSocket",
  [NAMES.adminApi]: "adminApi",
  [NAMES.postgres]: "postgres",
  [NAMES.postgresInit]: "postgres.initScripts",
  [NAMES.redis]: "redis",
  [NAMES.ingress]: "ingress",
  [NAMES.websocketIngress]: "ingress",
  [NAMES.appConfig]: "appConfig",
};

/** The rest of `path` after `prefix` (with its leading `.` or `[`), or `undefined` when it is not under it. */
function under(path: string, prefix: string): string | undefined {
  if (prefix === "") return path === "" || path.startsWith("[") ? path : `.${path}`;
  if (path === prefix) return "";
  return path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)
    ? path.slice(prefix.length)
    : undefined;
}

/**
 * The configuration path (= values-file path) of a problem a builder found while building the bundle, and
 * whether it is exact: for an option no rule maps, the section of the object (or the root) and `false`.
 *
 * @example
 * configPathOf("deployment", "call-processor", "containers[0].resources.requests.memory");
 * // { path: "callProcessor.resources.requests.memory", exact: true }
 */
export function configPathOf(
  builder: string,
  objectName: string | undefined,
  path: string,
): { path: string; exact: boolean } {
  for (const rule of BUILDER_PATHS) {
    if (rule.builder !== "*" && rule.builder !== builder) continue;
    if (rule.object !== undefined && rule.object !== objectName) continue;
    const rest = under(path, rule.from);
    if (rest === undefined) continue;
    return { path: `${rule.to}${rest}`, exact: true };
  }
  return { path: SECTION_OF_OBJECT[objectName ?? ""] ?? "", exact: false };
}
