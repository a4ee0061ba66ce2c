/**
 * Every number of the seed (../shared/seed/phase-4-kubernetes.en.md), pinned by an explicit assertion on the
 * built objects of the production bundle.
 */
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { ConfigMap, Container, Namespace, Secret, Service } from "kubernetes-types/core/v1.js";
import type { Ingress } from "kubernetes-types/networking/v1.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterSecretTemplates, resolveConfig } from "../src/index.ts";

const objects = callCenter(resolveConfig("production"));

function find<T>(kind: string, name: string): T {
  const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
  if (o === undefined) throw new Error(`${kind} ${name} is not in the bundle`);
  return o as T;
}
const container = (w: Deployment | StatefulSet): Container => {
  const c = w.spec?.template?.spec?.containers[0];
  if (c === undefined) throw new Error("no container");
  return c;
};

describe("the seed's requirements in the production bundle", () => {
  it("puts every namespaced object in the call-center namespace", () => {
    expect(find<Namespace>("Namespace", "call-center").metadata?.name).toBe("call-center");
    for (const o of objects.filter((x) => x.kind !== "Namespace"))
      expect(o.metadata?.namespace, `${o.kind} ${o.metadata?.name}`).toBe("call-center");
  });

  it("has the Secret templates db-credentials, api-keys and jwt-secret with placeholder values only", () => {
    // Templates, never applied with the bundle (secrets.mode: template): the real values are created once.
    expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
    const templates = callCenterSecretTemplates(resolveConfig("production"));
    for (const name of ["db-credentials", "api-keys", "jwt-secret"]) {
      const s = templates.find((t) => t.metadata?.name === name) as Secret;
      expect(Object.keys(s.stringData ?? {}).length).toBeGreaterThan(0);
      for (const v of Object.values(s.stringData ?? {})) expect(v).toMatch(/^<[^<>]+>$/);
      expect(s).not.toHaveProperty("data");
    }
  });

  it("has the ConfigMaps app-config and prometheus-config", () => {
    expect(find<ConfigMap>("ConfigMap", "app-config").data).toMatchObject({
      DB_HOST: "postgresql.call-center.svc",
      REDIS_HOST: "redis.call-center.svc",
    });
    expect(find<ConfigMap>("ConfigMap", "prometheus-config").data).toHaveProperty(["prometheus.yml"]);
  });

  describe("call-processor", () => {
    const d = find<Deployment>("Deployment", "call-processor");
    const c = container(d);
    it("requests 256Mi / 250m and is limited to 512Mi / 500m", () => {
      expect(c.resources).toEqual({
        requests: { memory: "256Mi", cpu: "250m" },
        limits: { memory: "512Mi", cpu: "500m" },
      });
    });
    it("checks liveness on /health every 30 s and readiness on /health/ready every 10 s", () => {
      expect(c.livenessProbe).toMatchObject({
        httpGet: { path: "/health", port: "http" },
        periodSeconds: 30,
      });
      expect(c.readinessProbe).toMatchObject({
        httpGet: { path: "/health/ready", port: "http" },
        periodSeconds: 10,
      });
    });
    it("listens on 8080 (API) and 9092 (AudioSocket)", () => {
      expect(c.ports).toEqual([
        { name: "http", containerPort: 8080, protocol: "TCP" },
        { name: "audiosocket", containerPort: 9092, protocol: "TCP" },
      ]);
    });
    it("takes its environment from app-config and the Secrets", () => {
      expect(c.envFrom).toEqual([
        { configMapRef: { name: "app-config" } },
        { secretRef: { name: "api-keys" } },
        { secretRef: { name: "jwt-secret" } },
      ]);
      expect(c.env?.map((e) => e.valueFrom?.secretKeyRef?.name)).toEqual([
        "db-credentials",
        "db-credentials",
        undefined,
      ]);
      expect(c.env?.[2]).toEqual({ name: "HTTP_PORT", value: "8080" });
    });
    it("runs at least 2 replicas, scaling 2–10 on 70 % CPU (replicas left to the HPA)", () => {
      const h = find<HorizontalPodAutoscaler>("HorizontalPodAutoscaler", "call-processor");
      expect(h.spec).toMatchObject({
        minReplicas: 2,
        maxReplicas: 10,
        scaleTargetRef: { kind: "Deployment", name: "call-processor" },
      });
      expect(h.spec?.metrics).toEqual([
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ]);
      expect(d.spec).not.toHaveProperty("replicas");
    });
    it("keeps at least one of its 2 pods up in disruptions, and never takes more than one at a time", () => {
      expect(find<PodDisruptionBudget>("PodDisruptionBudget", "call-processor").spec).toMatchObject({
        maxUnavailable: 1,
        selector: d.spec?.selector,
      });
    });
    it("spreads its pods with anti-affinity", () => {
      expect(d.spec?.template?.spec?.affinity?.podAntiAffinity).toBeDefined();
    });
    it("exposes the API on a ClusterIP Service and AudioSocket TCP 9092 on a LoadBalancer", () => {
      expect(find<Service>("Service", "call-processor").spec).toMatchObject({
        type: "ClusterIP",
        ports: [{ name: "http", port: 8080 }],
      });
      expect(find<Service>("Service", "call-processor-audiosocket").spec).toMatchObject({
        type: "LoadBalancer",
        ports: [{ name: "audiosocket", port: 9092, protocol: "TCP", targetPort: "audiosocket" }],
      });
    });
  });

  describe("admin-api", () => {
    const d = find<Deployment>("Deployment", "admin-api");
    it("has probes on the health endpoints, resources, a PDB and anti-affinity", () => {
      const c = container(d);
      expect(c.livenessProbe?.httpGet?.path).toBe("/health");
      expect(c.readinessProbe?.httpGet?.path).toBe("/health/ready");
      expect(c.resources?.limits).toEqual({ memory: "256Mi", cpu: "250m" });
      expect(find<PodDisruptionBudget>("PodDisruptionBudget", "admin-api").spec?.minAvailable).toBe(1);
      expect(d.spec?.template?.spec?.affinity?.podAntiAffinity).toBeDefined();
      expect(find<Service>("Service", "admin-api").spec?.type).toBe("ClusterIP");
    });
  });

  describe("PostgreSQL", () => {
    const s = find<StatefulSet>("StatefulSet", "postgresql");
    const c = container(s);
    it("runs PostgreSQL 16 with a 10Gi claim", () => {
      expect(c.image).toMatch(/^postgres:16\./);
      expect(s.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests).toEqual({ storage: "10Gi" });
    });
    it("requests 256Mi / 250m and is limited to 1Gi / 1000m", () => {
      expect(c.resources).toEqual({
        requests: { memory: "256Mi", cpu: "250m" },
        limits: { memory: "1Gi", cpu: "1000m" },
      });
    });
    it("checks liveness with pg_isready", () => {
      expect(c.livenessProbe?.exec?.command?.join(" ")).toContain("pg_isready");
    });
    it("mounts the initdb scripts from a ConfigMap where the official image runs them", () => {
      expect(c.volumeMounts).toContainEqual({
        name: "initdb",
        mountPath: "/docker-entrypoint-initdb.d",
        readOnly: true,
      });
      expect(s.spec?.template?.spec?.volumes).toContainEqual({
        name: "initdb",
        configMap: { name: "postgresql-initdb" },
      });
      expect(find<ConfigMap>("ConfigMap", "postgresql-initdb").data).toBeTruthy();
    });
    it("has a ClusterIP Service", () => {
      expect(find<Service>("Service", "postgresql").spec).toMatchObject({
        type: "ClusterIP",
        ports: [{ port: 5432 }],
      });
    });
  });

  describe("Redis", () => {
    const s = find<StatefulSet>("StatefulSet", "redis");
    const c = container(s);
    it("runs Redis 7 with a 1Gi claim, 128Mi / 100m → 256Mi / 250m, liveness redis-cli ping", () => {
      expect(c.image).toMatch(/^redis:7\./);
      expect(s.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests).toEqual({ storage: "1Gi" });
      expect(c.resources).toEqual({
        requests: { memory: "128Mi", cpu: "100m" },
        limits: { memory: "256Mi", cpu: "250m" },
      });
      expect(c.livenessProbe?.exec?.command).toEqual(["redis-cli", "ping"]);
      expect(find<Service>("Service", "redis").spec?.type).toBe("ClusterIP");
    });
  });

  describe("Ingress", () => {
    it("terminates TLS and routes /api and /admin to admin-api, /ws to call-processor", () => {
      const routes = objects
        .filter((o): o is Ingress => o.kind === "Ingress")
        .flatMap((i) => {
          expect(i.spec?.tls).toEqual([{ hosts: ["calls.example.com"], secretName: "call-center-tls" }]);
          return (i.spec?.rules ?? []).flatMap((r) =>
            (r.http?.paths ?? []).map((p) => [p.path, p.backend.service?.name]),
          );
        });
      expect(routes).toEqual([
        ["/api", "admin-api"],
        ["/admin", "admin-api"],
        ["/ws", "call-processor"],
      ]);
    });
    it("writes nginx annotations, with WebSocket timeouts on the /ws Ingress only", () => {
      expect(find<Ingress>("Ingress", "call-center-ws").metadata?.annotations).toMatchObject({
        "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
      });
      expect(find<Ingress>("Ingress", "call-center").metadata?.annotations).not.toHaveProperty([
        "nginx.ingress.kubernetes.io/proxy-read-timeout",
      ]);
    });
    it("writes Traefik annotations when asked", () => {
      const t = callCenter(resolveConfig("production", { ingress: { controller: "traefik" } }));
      const i = t.find((o) => o.kind === "Ingress") as Ingress;
      expect(i.spec?.ingressClassName).toBe("traefik");
      expect(i.metadata?.annotations).toHaveProperty(["traefik.ingress.kubernetes.io/router.tls"], "true");
    });
  });

  it("sets resource limits, readiness and liveness probes on every container of every pod", () => {
    const workloads = objects.filter(
      (o): o is Deployment => o.kind === "Deployment" || o.kind === "StatefulSet",
    );
    expect(workloads.length).toBeGreaterThanOrEqual(4);
    for (const w of workloads) {
      for (const c of w.spec?.template?.spec?.containers ?? []) {
        expect(c.resources?.limits, `${w.metadata?.name}/${c.name}`).toBeTruthy();
        expect(c.livenessProbe, `${w.metadata?.name}/${c.name}`).toBeTruthy();
        expect(c.readinessProbe, `${w.metadata?.name}/${c.name}`).toBeTruthy();
      }
    }
  });

  it("pins every image by tag, never latest", () => {
    const images = objects.flatMap((o) =>
      ((o as Deployment).spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const i of images) expect(i).toMatch(/:[\w][\w.-]*$/);
    for (const i of images) expect(i).not.toMatch(/:latest$/);
  });
});
