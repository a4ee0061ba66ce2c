/**
 * The schemas of the parts the bundle's configuration nests or repeats: probes, pod user ids, disruption
 * budgets, autoscaling, managed services and the Secrets' source. The whole configuration is in
 * `config-shape.ts`.
 */
import {
  DnsSubdomainSchema,
  HostSchema,
  once,
  option,
  PortSchema,
  required,
  z,
} from "@call-center/k8s-builders";

export const replicasSchema = once(() =>
  z.number().check(z.int(), z.gte(1, { error: "expected at least 1 replica" })),
);
export const urlPathSchema = once(() =>
  z.string().check(z.regex(/^\/[^\s]*$/, { error: "expected an absolute URL path such as /health" })),
);
export const secondsSchema = once(() => z.number().check(z.int(), z.gte(1)));

export const ProbesSchema = once(() =>
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

const id32 = once(() => z.number().check(z.int(), z.lte(2147483647)));

/**
 * Numeric user and group ids of an app's processes. The pods run with `runAsNonRoot`, which the kubelet can only
 * verify for a numeric user: an image whose `USER` is a name would not start ("cannot verify user is
 * non-root") without `runAsUser`. Set them to your image's numeric user if it has one.
 */
export const RunAsSchema = once(() =>
  z.strictObject({
    /** User id of the processes (`runAsUser`); 0 (root) is refused. */
    runAsUser: required(
      id32().check(z.gte(1, { error: "expected a non-root user id (≥ 1): the pods run with runAsNonRoot" })),
      { description: "User id of the processes (`runAsUser`); 0 (root) is refused." },
    ),
    /** Group id of the processes (`runAsGroup`). */
    runAsGroup: required(id32().check(z.gte(0)), {
      description: "Group id of the processes (`runAsGroup`).",
    }),
    /** Group that owns the pod's writable volumes (`fsGroup`). */
    fsGroup: required(id32().check(z.gte(0)), {
      description: "Group that owns the pod's writable volumes (`fsGroup`).",
    }),
  }),
);

export const BudgetSchema = once(() =>
  z.strictObject({
    /** PodDisruptionBudget: pods that must stay up during voluntary disruptions; 0 leaves the PDB out. */
    minAvailable: required(z.number().check(z.int(), z.gte(0)), {
      description:
        "PodDisruptionBudget: pods that must stay up during voluntary disruptions; 0 leaves the PDB out.",
    }),
  }),
);

export const CallBudgetSchema = once(() =>
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

export const AutoscalingSchema = once(() =>
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

export const ExternalSchema = once(() =>
  z.strictObject({
    /** Host name of the managed service (RDS, ElastiCache…). */
    host: required(HostSchema, { description: "Host name of the managed service (RDS, ElastiCache…)." }),
    /** Port of the managed service. */
    port: required(PortSchema, { description: "Port of the managed service." }),
  }),
);

/** The Secrets the apps read, by name: what `secrets.remoteKeys` may map. */
export const SecretNameSchema = once(() =>
  z.enum(["db-credentials", "api-keys", "jwt-secret", "grafana-admin"]),
);

export const SecretsSchema = once(() =>
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

/**
 * Where a GitOps controller finds the tree that `--out` writes: the repository, the directory in it and the
 * revision. `gitops.yml` beside the tree then holds the controller's object (an Argo CD `Application`, or a Flux
 * `GitRepository` + `Kustomization`) that syncs it.
 */
export const GitOpsSchema = once(() =>
  z.strictObject({
    /** `argocd`: an Argo CD `Application` (namespace `argocd`); `flux`: a Flux `GitRepository` and `Kustomization` (namespace `flux-system`). */
    tool: required(z.enum(["argocd", "flux"]), {
      description:
        "`argocd`: an Argo CD `Application` (namespace `argocd`); `flux`: a Flux `GitRepository` and `Kustomization` (namespace `flux-system`).",
    }),
    /** URL of the Git repository that holds the tree (`https://…`, `ssh://…` or `git@host:owner/repo.git`). */
    repoURL: required(
      z.string().check(
        z.maxLength(2048),
        z.regex(/^(https:\/\/|http:\/\/|ssh:\/\/|git@)[^\s]+$/, {
          error: "expected a Git URL: https://…, ssh://… or git@host:owner/repo.git",
        }),
      ),
      {
        description:
          "URL of the Git repository that holds the tree (`https://…`, `ssh://…` or `git@host:owner/repo.git`).",
      },
    ),
    /** Directory of the tree in the repository, relative to its root (the `--out` directory, e.g. `k8s/production`; `.` for the root). */
    path: required(
      z.string().check(
        z.maxLength(1024),
        z.regex(/^(\.|[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)$/, {
          error:
            "expected a directory of the repository relative to its root, such as k8s/production (or . for the root): no leading or trailing /, no segment starting with a dot",
        }),
      ),
      {
        description:
          "Directory of the tree in the repository, relative to its root (the `--out` directory, e.g. `k8s/production`; `.` for the root).",
      },
    ),
    /** Branch the controller follows (`main`), or a tag or commit: `refs/tags/v1.4.2`, a 40-hex commit SHA. */
    targetRevision: required(
      z
        .string()
        .check(
          z.maxLength(255),
          z.regex(/^[A-Za-z0-9._\-/]+$/, { error: "expected a branch, refs/tags/<tag> or a commit SHA" }),
        ),
      {
        description:
          "Branch the controller follows (`main`), or a tag or commit: `refs/tags/v1.4.2`, a 40-hex commit SHA.",
      },
    ),
  }),
);
