/**
 * The shape of the bundle's configuration: one strict zod object, every field required (the defaults are the
 * `production` environment). The rules across fields are in `config-rules.ts`; `config.ts` joins both.
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
import { gatewayIngressShape } from "./config-gateway.ts";
import {
  AutoscalingSchema,
  BudgetSchema,
  CallBudgetSchema,
  ExternalSchema,
  GitOpsSchema,
  ProbesSchema,
  RunAsSchema,
  replicasSchema,
  SecretsSchema,
  secondsSchema,
} from "./config-parts.ts";

/** The complete configuration of the bundle: every field required, every default in `production`. */
export const ConfigObjectSchema = once(() =>
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
        securityContext: required(RunAsSchema(), {
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
        securityContext: required(RunAsSchema(), {
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
        /** Ingresses with ingress-nginx or Traefik annotations, or `gateway`: Gateway API HTTPRoutes instead. */
        controller: required(z.enum(["nginx", "traefik", "gateway"]), {
          description:
            "Ingresses with ingress-nginx or Traefik annotations, or `gateway`: Gateway API HTTPRoutes instead.",
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
        /** Namespace of the ingress controller's (or Gateway data plane's) pods, allowed through the NetworkPolicies. */
        controllerNamespace: required(DnsLabelSchema, {
          description:
            "Namespace of the ingress controller's (or Gateway data plane's) pods, allowed through the NetworkPolicies.",
        }),
        ...gatewayIngressShape(),
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
        /**
         * Grafana behind the Ingress on `https://<host><path>/`, with its own login (anonymous access and
         * sign-up off). Off (the default): no Ingress and no Service; reach Grafana with
         * `kubectl port-forward deployment/grafana 3000`, which needs cluster credentials.
         */
        grafanaRoute: required(
          z.strictObject({
            /** Route Grafana through the Ingress, reachable from wherever the Ingress is. */
            enabled: required(z.boolean(), {
              description: "Route Grafana through the Ingress, reachable from wherever the Ingress is.",
            }),
            /** Path of Grafana on `host`; not one of the apps' paths (`/api`, `/admin`, `/ws`) nor under one. */
            path: required(
              z.string().check(
                z.regex(/^(\/[A-Za-z0-9._~-]+)+$/, {
                  error: "expected a URL path without a trailing slash, such as /grafana",
                }),
              ),
              {
                description:
                  "Path of Grafana on `host`; not one of the apps' paths (`/api`, `/admin`, `/ws`) nor under one.",
              },
            ),
          }),
          {
            description:
              "Grafana behind the Ingress on `https://<host><path>/`, with its own login (anonymous access and sign-up off). Off (the default): no Ingress and no Service; reach Grafana with `kubectl port-forward deployment/grafana 3000`, which needs cluster credentials.",
          },
        ),
      }),
      { description: "Prometheus, Grafana and ServiceMonitors." },
    ),
    /** Where the real values of the apps' Secrets come from; the bundle never applies placeholders by default. */
    secrets: required(SecretsSchema(), {
      description:
        "Where the real values of the apps' Secrets come from; the bundle never applies placeholders by default.",
    }),
    /**
     * A GitOps controller that syncs the tree `--out` writes: `gitops.yml` beside it holds an Argo CD
     * `Application` or a Flux `GitRepository` + `Kustomization` pointing at `repoURL`/`path`@`targetRevision`.
     * @default unset (no gitops.yml: apply the tree yourself with kubectl apply -k)
     */
    gitops: option(GitOpsSchema(), {
      description:
        "A GitOps controller that syncs the tree `--out` writes: `gitops.yml` beside it holds an Argo CD `Application` or a Flux `GitRepository` + `Kustomization` pointing at `repoURL`/`path`@`targetRevision`.",
      unset: "no gitops.yml: apply the tree yourself with kubectl apply -k",
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
