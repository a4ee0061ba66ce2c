/**
 * The realistic bundle mistakes of issue 12: the call-center bundle (from the public API), one mistake applied
 * each, and the finding validateBundle must report — its code and the object it names. Every mistake here once
 * went through silently or must never again.
 */
import { validateBundle } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

// Inline mode: the Secrets are in the bundle, so mistakes in them are visible to the checks.
const config = resolveConfig("production", { secrets: { mode: "inline" } });
const options = callCenterCheckOptions(config);

// biome-ignore lint/suspicious/noExplicitAny: mistakes write shapes the types forbid
type Loose = Record<string, any>;
const find = (objects: Loose[], kind: string, name: string): Loose => {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (o === undefined) throw new Error(`${kind} ${name} missing`);
  return o;
};
const remove = (objects: Loose[], kind: string, name: string) => {
  objects.splice(objects.indexOf(find(objects, kind, name)), 1);
};
const pod = (objects: Loose[], kind: string, name: string): Loose =>
  find(objects, kind, name).spec.template.spec;
const policy = (objects: Loose[], name: string): Loose => find(objects, "NetworkPolicy", name).spec;

interface Mistake {
  readonly mistake: string;
  readonly apply: (objects: Loose[]) => void;
  readonly code: string;
  readonly kind: string;
  readonly name: string;
}

const MISTAKES: readonly Mistake[] = [
  // ── NetworkPolicies ──────────────────────────────────────────────────────────────────────────────────
  {
    mistake: "call-processor's egress to PostgreSQL 5432 removed",
    apply: (o) => {
      const p = policy(o, "call-processor");
      p.egress = p.egress.filter((r: Loose) => !r.ports?.some((x: Loose) => x.port === 5432));
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "call-processor",
  },
  {
    mistake: "PostgreSQL's policy with ingress: []",
    apply: (o) => {
      policy(o, "postgresql").ingress = [];
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "postgresql",
  },
  {
    mistake: "allow-dns removed",
    apply: (o) => remove(o, "NetworkPolicy", "allow-dns"),
    code: "NETWORK_DNS_BLOCKED",
    kind: "NetworkPolicy",
    name: "call-processor",
  },
  {
    mistake: "allow-dns allows UDP only (large answers fall back to TCP)",
    apply: (o) => {
      policy(o, "allow-dns").egress[0].ports.pop();
    },
    code: "NETWORK_DNS_BLOCKED",
    kind: "NetworkPolicy",
    name: "admin-api",
  },
  {
    mistake: "Redis's policy selects no pods (a typo in its podSelector)",
    apply: (o) => {
      policy(o, "redis").podSelector.matchLabels["app.kubernetes.io/name"] = "rediss";
    },
    code: "NETWORK_POLICY_SELECTS_NOTHING",
    kind: "NetworkPolicy",
    name: "redis",
  },
  {
    mistake: "Prometheus blocked from admin-api's metrics",
    apply: (o) => {
      policy(o, "admin-api").ingress[0].from.pop();
    },
    code: "NETWORK_SCRAPE_BLOCKED",
    kind: "NetworkPolicy",
    name: "admin-api",
  },
  {
    mistake: "the Service port 80 used in a policy where the container port 8080 was needed",
    apply: (o) => {
      find(o, "Service", "admin-api").spec.ports[0].port = 80;
      policy(o, "admin-api").ingress[0].ports[0].port = 80;
    },
    code: "NETWORK_POLICY_PORT_UNKNOWN",
    kind: "NetworkPolicy",
    name: "admin-api",
  },
  {
    mistake: "the same, seen from the ingress controller: the backend is unreachable",
    apply: (o) => {
      find(o, "Service", "admin-api").spec.ports[0].port = 80;
      policy(o, "admin-api").ingress[0].ports[0].port = 80;
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "admin-api",
  },
  {
    mistake: "Grafana's egress to Prometheus removed (its datasource names prometheus.call-center.svc)",
    apply: (o) => {
      policy(o, "grafana").egress = [];
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "grafana",
  },
  {
    mistake: "the ingress controller's namespace misspelt in call-processor's policy",
    apply: (o) => {
      policy(o, "call-processor").ingress[0].from[0].namespaceSelector.matchLabels[
        "kubernetes.io/metadata.name"
      ] = "ingress-ngnix";
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "call-processor",
  },
  {
    mistake: "admin-api's egress to Redis on the wrong port",
    apply: (o) => {
      const r = policy(o, "admin-api").egress.find((x: Loose) => x.ports?.[0]?.port === 6379);
      r.ports[0].port = 6380;
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "admin-api",
  },
  {
    mistake: "Redis's policy selects the pods by a podSelector in the wrong peer namespace",
    apply: (o) => {
      policy(o, "redis").ingress[0].from = [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "default" } },
          podSelector: policy(o, "redis").ingress[0].from[0].podSelector,
        },
      ];
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "redis",
  },
  {
    mistake: "the AudioSocket clients' ipBlock narrowed to the cluster's private range",
    apply: (o) => {
      const rule = policy(o, "call-processor").ingress.find((r: Loose) => r.from?.[0]?.ipBlock !== undefined);
      rule.from[0].ipBlock.cidr = "10.0.0.0/8";
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "call-processor",
  },
  {
    mistake: "allow-dns points at kube-dns in the default namespace",
    apply: (o) => {
      policy(o, "allow-dns").egress[0].to[0].namespaceSelector.matchLabels["kubernetes.io/metadata.name"] =
        "default";
    },
    code: "NETWORK_DNS_BLOCKED",
    kind: "NetworkPolicy",
    name: "redis",
  },
  {
    mistake: "Prometheus's own egress to the apps' metrics port removed",
    apply: (o) => {
      policy(o, "prometheus").egress.shift();
    },
    code: "NETWORK_SCRAPE_BLOCKED",
    kind: "NetworkPolicy",
    name: "prometheus",
  },
  // ── References between objects ─────────────────────────────────────────────────────────────────────
  {
    mistake: "a Secret the apps read is renamed",
    apply: (o) => {
      find(o, "Secret", "jwt-secret").metadata.name = "jwt";
    },
    code: "SECRET_MISSING",
    kind: "Deployment",
    name: "call-processor",
  },
  {
    mistake: "a key of db-credentials is removed",
    apply: (o) => {
      delete find(o, "Secret", "db-credentials").stringData.password;
    },
    code: "CONFIG_KEY_MISSING",
    kind: "Deployment",
    name: "call-processor",
  },
  {
    mistake: "the app ConfigMap is renamed",
    apply: (o) => {
      find(o, "ConfigMap", "app-config").metadata.name = "app-settings";
    },
    code: "CONFIG_MAP_MISSING",
    kind: "Deployment",
    name: "admin-api",
  },
  {
    mistake: "Prometheus's ServiceAccount is left out",
    apply: (o) => remove(o, "ServiceAccount", "prometheus"),
    code: "SERVICE_ACCOUNT_MISSING",
    kind: "Deployment",
    name: "prometheus",
  },
  {
    mistake: "the Ingress points at a port the Service does not have",
    apply: (o) => {
      find(o, "Ingress", "call-center-ws").spec.rules[0].http.paths[0].backend.service.port = { name: "web" };
    },
    code: "INGRESS_SERVICE_PORT_MISSING",
    kind: "Ingress",
    name: "call-center-ws",
  },
  {
    mistake: "the Ingress points at a Service that does not exist",
    apply: (o) => {
      find(o, "Ingress", "call-center").spec.rules[0].http.paths[0].backend.service.name = "admin";
    },
    code: "INGRESS_SERVICE_MISSING",
    kind: "Ingress",
    name: "call-center",
  },
  {
    mistake: "a Service's selector selects no pod",
    apply: (o) => {
      find(o, "Service", "admin-api").spec.selector["app.kubernetes.io/name"] = "admin";
    },
    code: "SERVICE_SELECTS_NOTHING",
    kind: "Service",
    name: "admin-api",
  },
  {
    mistake: "a Service's targetPort names no container port",
    apply: (o) => {
      find(o, "Service", "redis").spec.ports[0].targetPort = "redis-port";
    },
    code: "SERVICE_TARGET_PORT_UNKNOWN",
    kind: "Service",
    name: "redis",
  },
  {
    mistake: "the headless Service of PostgreSQL is gone",
    apply: (o) => remove(o, "Service", "postgresql-headless"),
    code: "STATEFULSET_SERVICE_MISSING",
    kind: "StatefulSet",
    name: "postgresql",
  },
  {
    mistake: "Redis's StatefulSet points at its ClusterIP Service",
    apply: (o) => {
      find(o, "StatefulSet", "redis").spec.serviceName = "redis";
    },
    code: "STATEFULSET_SERVICE_NOT_HEADLESS",
    kind: "StatefulSet",
    name: "redis",
  },
  {
    mistake: "the HPA targets a Deployment that does not exist",
    apply: (o) => {
      find(o, "HorizontalPodAutoscaler", "call-processor").spec.scaleTargetRef.name = "call-processr";
    },
    code: "HPA_TARGET_MISSING",
    kind: "HorizontalPodAutoscaler",
    name: "call-processor",
  },
  {
    mistake: "the HPA scales on CPU but the CPU request is removed",
    apply: (o) => {
      const { resources } = pod(o, "Deployment", "call-processor").containers[0];
      delete resources.requests.cpu;
      delete resources.limits.cpu; // a limit alone would default the request
    },
    code: "HPA_MISSING_RESOURCE_REQUEST",
    kind: "Deployment",
    name: "call-processor",
  },
  {
    mistake: "replicas set on the autoscaled Deployment",
    apply: (o) => {
      find(o, "Deployment", "call-processor").spec.replicas = 3;
    },
    code: "WORKLOAD_REPLICAS_WITH_HPA",
    kind: "Deployment",
    name: "call-processor",
  },
  {
    mistake: "a PDB's selector selects no pod",
    apply: (o) => {
      find(o, "PodDisruptionBudget", "admin-api").spec.selector.matchLabels["app.kubernetes.io/name"] =
        "admin";
    },
    code: "PDB_SELECTS_NOTHING",
    kind: "PodDisruptionBudget",
    name: "admin-api",
  },
  {
    mistake: "a PDB's minAvailable equals the replicas",
    apply: (o) => {
      find(o, "PodDisruptionBudget", "admin-api").spec.minAvailable = 2;
    },
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "admin-api",
  },
  {
    mistake: "a ServiceMonitor's endpoint names a port the Service does not have",
    apply: (o) => {
      find(o, "ServiceMonitor", "admin-api").spec.endpoints[0].port = "metrics";
    },
    code: "SERVICE_MONITOR_PORT_MISSING",
    kind: "ServiceMonitor",
    name: "admin-api",
  },
  {
    mistake: "a ServiceMonitor's selector selects no Service",
    apply: (o) => {
      find(o, "ServiceMonitor", "admin-api").spec.selector.matchLabels["app.kubernetes.io/name"] = "admin";
    },
    code: "SERVICE_MONITOR_SELECTS_NOTHING",
    kind: "ServiceMonitor",
    name: "admin-api",
  },
  {
    mistake: "a ServiceMonitor without the label the Prometheus selects by",
    apply: (o) => {
      delete find(o, "ServiceMonitor", "call-processor").metadata.labels.release;
    },
    code: "SERVICE_MONITOR_NOT_SELECTED",
    kind: "ServiceMonitor",
    name: "call-processor",
  },
  // ── Workloads ─────────────────────────────────────────────────────────────────────────────────────
  {
    mistake: "a Deployment's selector no longer matches its pod labels",
    apply: (o) => {
      find(o, "Deployment", "admin-api").spec.selector.matchLabels["app.kubernetes.io/instance"] = "admin";
    },
    code: "WORKLOAD_SELECTOR_MISMATCH",
    kind: "Deployment",
    name: "admin-api",
  },
  {
    mistake: "a probe names a port the container does not declare",
    apply: (o) => {
      pod(o, "Deployment", "admin-api").containers[0].readinessProbe.httpGet.port = "web";
    },
    code: "PROBE_PORT_UNDECLARED",
    kind: "Deployment",
    name: "admin-api",
  },
  {
    mistake: "the readiness probe is removed from a container behind a Service",
    apply: (o) => {
      delete pod(o, "Deployment", "admin-api").containers[0].readinessProbe;
    },
    code: "WORKLOAD_NO_READINESS_PROBE",
    kind: "Deployment",
    name: "admin-api",
  },
  {
    mistake: "the memory limit is removed",
    apply: (o) => {
      delete pod(o, "StatefulSet", "redis").containers[0].resources.limits.memory;
    },
    code: "CONTAINER_NO_LIMITS",
    kind: "StatefulSet",
    name: "redis",
  },
  {
    mistake: "a container runs privileged in a namespace enforcing restricted",
    apply: (o) => {
      pod(o, "Deployment", "grafana").containers[0].securityContext.privileged = true;
    },
    code: "POD_SECURITY_ENFORCE_VIOLATION",
    kind: "Deployment",
    name: "grafana",
  },
  // ── Identity, namespaces, versions, sizes ──────────────────────────────────────────────────────────
  {
    mistake: "a Service listed twice",
    apply: (o) => {
      o.push(structuredClone(find(o, "Service", "redis")));
    },
    code: "DUPLICATE_OBJECT",
    kind: "Service",
    name: "redis",
  },
  {
    mistake: "an object in a misspelt namespace",
    apply: (o) => {
      find(o, "ConfigMap", "postgresql-initdb").metadata.namespace = "call-centre";
    },
    code: "NAMESPACE_UNDEFINED",
    kind: "ConfigMap",
    name: "postgresql-initdb",
  },
  {
    mistake: "an Ingress on a removed apiVersion",
    apply: (o) => {
      find(o, "Ingress", "call-center").apiVersion = "extensions/v1beta1";
    },
    code: "API_VERSION_REMOVED",
    kind: "Ingress",
    name: "call-center",
  },
  {
    mistake: "a dashboard ConfigMap over 1 MiB",
    apply: (o) => {
      find(o, "ConfigMap", "grafana-dashboard-call-center").data["big.json"] = "x".repeat(1024 * 1024 + 1);
    },
    code: "OBJECT_TOO_LARGE",
    kind: "ConfigMap",
    name: "grafana-dashboard-call-center",
  },
  {
    mistake: "pod annotations over 256 KiB",
    apply: (o) => {
      find(o, "Deployment", "admin-api").spec.template.metadata.annotations.notes = "x".repeat(262145);
    },
    code: "ANNOTATIONS_TOO_LARGE",
    kind: "Deployment",
    name: "admin-api",
  },
  // ── Secrets ──────────────────────────────────────────────────────────────────────────────────────
  {
    mistake: "a real password in the db-credentials Secret",
    apply: (o) => {
      find(o, "Secret", "db-credentials").stringData.password = "S3cure-Passw0rd!2024";
    },
    code: "SECRET_VALUE_NOT_PLACEHOLDER",
    kind: "Secret",
    name: "db-credentials",
  },
  {
    mistake: "a Secret's data value that is not base64",
    apply: (o) => {
      find(o, "Secret", "jwt-secret").data = { EXTRA: "not base64!" };
    },
    code: "SECRET_DATA_NOT_BASE64",
    kind: "Secret",
    name: "jwt-secret",
  },
  {
    mistake: "a password key in the app ConfigMap",
    apply: (o) => {
      find(o, "ConfigMap", "app-config").data.DB_PASSWORD = "<db-password>";
    },
    code: "CONFIG_MAP_SENSITIVE_KEY",
    kind: "ConfigMap",
    name: "app-config",
  },
  {
    mistake: "a database URL with a password in the app ConfigMap",
    apply: (o) => {
      find(o, "ConfigMap", "app-config").data.DATABASE_URL =
        "postgres://app:hunter2secret@postgresql:5432/callcenter";
    },
    code: "CONFIG_MAP_CREDENTIAL_URL",
    kind: "ConfigMap",
    name: "app-config",
  },
  {
    mistake: "a literal API key in a Deployment's env",
    apply: (o) => {
      pod(o, "Deployment", "admin-api").containers[0].env.push({
        name: "ADMIN_API_KEY",
        value: "sk_live_51Habc123def456ghi789",
      });
    },
    code: "LITERAL_CREDENTIAL",
    kind: "Deployment",
    name: "admin-api",
  },
  // ── References and overlaps in hand-edited objects ──────────────────────────────────────────────────
  {
    mistake: "Prometheus's RoleBinding names a Role that does not exist",
    apply: (o) => {
      find(o, "RoleBinding", "prometheus").roleRef.name = "prometheus-reader";
    },
    code: "RBAC_ROLE_MISSING",
    kind: "RoleBinding",
    name: "prometheus",
  },
  {
    mistake: "Prometheus's RoleBinding binds a misspelt ServiceAccount",
    apply: (o) => {
      find(o, "RoleBinding", "prometheus").subjects[0].name = "prometheuss";
    },
    code: "RBAC_SUBJECT_MISSING",
    kind: "RoleBinding",
    name: "prometheus",
  },
  {
    mistake: "Grafana's data moved to a PersistentVolumeClaim that nothing creates",
    apply: (o) => {
      const spec = pod(o, "Deployment", "grafana");
      const data =
        spec.volumes.find((v: Loose) => v.emptyDir !== undefined && v.name !== "tmp") ?? spec.volumes[0];
      delete data.emptyDir;
      data.persistentVolumeClaim = { claimName: "grafana-data" };
    },
    code: "PVC_MISSING",
    kind: "Deployment",
    name: "grafana",
  },
  {
    mistake: "a volume mount whose volume was deleted",
    apply: (o) => {
      pod(o, "Deployment", "admin-api").containers[0].volumeMounts.push({
        name: "uploads",
        mountPath: "/uploads",
      });
    },
    code: "VOLUME_MOUNT_UNDEFINED",
    kind: "Deployment",
    name: "admin-api",
  },
  {
    mistake: "two Ingresses route the same host and path",
    apply: (o) => {
      const ws = find(o, "Ingress", "call-center-ws");
      ws.spec.rules[0].http.paths[0].path = "/api";
    },
    code: "INGRESS_PATH_CONFLICT",
    kind: "Ingress",
    name: "call-center-ws",
  },
  {
    mistake: "the TLS Secret created as an Opaque Secret",
    apply: (o) => {
      o.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "call-center-tls", namespace: "call-center" },
        type: "Opaque",
        stringData: { "tls.crt": "<certificate>", "tls.key": "<private-key>" },
      });
    },
    code: "INGRESS_TLS_SECRET_TYPE",
    kind: "Ingress",
    name: "call-center",
  },
  {
    mistake: "a second PodDisruptionBudget over admin-api's pods",
    apply: (o) => {
      const extra = structuredClone(find(o, "PodDisruptionBudget", "admin-api"));
      extra.metadata.name = "admin-api-extra";
      o.push(extra);
    },
    code: "PDB_OVERLAP",
    kind: "PodDisruptionBudget",
    name: "admin-api-extra",
  },
  {
    mistake: "a canary Deployment selecting admin-api's pods",
    apply: (o) => {
      const canary = structuredClone(find(o, "Deployment", "admin-api"));
      canary.metadata.name = "admin-api-canary";
      canary.spec.selector.matchLabels = { "app.kubernetes.io/name": "admin-api" };
      o.push(canary);
    },
    code: "WORKLOAD_SELECTOR_OVERLAP",
    kind: "Deployment",
    name: "admin-api-canary",
  },
  {
    mistake: "the HPA's minReplicas above its maxReplicas",
    apply: (o) => {
      find(o, "HorizontalPodAutoscaler", "call-processor").spec.minReplicas = 12;
    },
    code: "HPA_MIN_ABOVE_MAX",
    kind: "HorizontalPodAutoscaler",
    name: "call-processor",
  },
  {
    mistake: "two ports of a Service named alike",
    apply: (o) => {
      const svc = find(o, "Service", "call-processor");
      svc.spec.ports.push({ ...svc.spec.ports[0], port: 9092, targetPort: "audiosocket" });
    },
    code: "SERVICE_PORT_NAME_DUPLICATE",
    kind: "Service",
    name: "call-processor",
  },
  {
    mistake: "externalTrafficPolicy: Local on a ClusterIP Service",
    apply: (o) => {
      find(o, "Service", "call-processor").spec.externalTrafficPolicy = "Local";
    },
    code: "SERVICE_EXTERNAL_TRAFFIC_POLICY",
    kind: "Service",
    name: "call-processor",
  },
];

describe("the realistic bundle mistakes", () => {
  it("the bundle itself has no finding", () => {
    const r = validateBundle(callCenter(config), options);
    expect([...r.errors, ...r.warnings].filter((f) => f.code !== "SECRET_PLACEHOLDER_APPLIED")).toEqual([]);
  });

  it.each(MISTAKES.map((m, i) => ({ ...m, n: i + 1 })))("#$n $mistake → $code on $kind $name", (m) => {
    const objects = structuredClone(callCenter(config)) as Loose[];
    m.apply(objects);
    const r = validateBundle(objects as never, options);
    const found = [...r.errors, ...r.warnings].map((f) => ({
      code: f.code,
      kind: f.object.kind,
      name: f.object.name,
    }));
    expect(found).toContainEqual({ code: m.code, kind: m.kind, name: m.name });
  });
});
