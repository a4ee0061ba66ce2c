import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { build, c0, container, pod } from "../../test/support/deployment.ts";
import { deployment } from "./deployment.ts";

describe("deployment", () => {
  it("returns the type from kubernetes-types", () => {
    expectTypeOf(deployment).returns.toExtend<Deployment>();
  });

  it("selects its pods by the stable selector labels only", () => {
    const d = build();
    const selector = { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api" };
    expect(d.spec?.selector).toEqual({ matchLabels: selector });
    expect(d.spec?.template?.metadata?.labels).toMatchObject(selector);
  });

  it("puts version and managed-by on objects and pods, never in the selector", () => {
    const d = build({ component: "backend", partOf: "shop" });
    expect(d.metadata?.labels).toEqual({
      "app.kubernetes.io/name": "api",
      "app.kubernetes.io/instance": "api",
      "app.kubernetes.io/version": "1.4.2",
      "app.kubernetes.io/component": "backend",
      "app.kubernetes.io/part-of": "shop",
      "app.kubernetes.io/managed-by": "k8s-builders",
    });
    expect(Object.keys(d.spec?.selector?.matchLabels ?? {})).toEqual([
      "app.kubernetes.io/name",
      "app.kubernetes.io/instance",
    ]);
  });

  it("keeps a caller's label from overriding a selector label", () => {
    const d = build({ labels: { "app.kubernetes.io/name": "other", team: "payments" } });
    expect(d.metadata?.labels?.["app.kubernetes.io/name"]).toBe("api");
    expect(d.metadata?.labels?.team).toBe("payments");
  });

  it("writes the restricted Pod Security Standard settings into the pod", () => {
    const d = build();
    expect(pod(d)?.securityContext).toEqual({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod(d)?.automountServiceAccountToken).toBe(false);
    expect(container(d)?.securityContext).toEqual({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("adds a writable /tmp emptyDir when the root filesystem is read-only", () => {
    const d = build();
    expect(pod(d)?.volumes).toEqual([{ name: "tmp", emptyDir: {} }]);
    expect(container(d)?.volumeMounts).toEqual([{ name: "tmp", mountPath: "/tmp" }]);
  });

  it("switches each security default off one field at a time", () => {
    const d = build({ security: { readOnlyRootFilesystem: false } });
    expect(container(d)?.securityContext?.readOnlyRootFilesystem).toBe(false);
    expect(container(d)?.securityContext?.allowPrivilegeEscalation).toBe(false);
    expect(pod(d)?.volumes).toBeUndefined();
    const e = build({ security: { dropAllCapabilities: false, addCapabilities: ["NET_BIND_SERVICE"] } });
    expect(container(e)?.securityContext?.capabilities).toEqual({ add: ["NET_BIND_SERVICE"] });
    const f = build({ security: { automountServiceAccountToken: true, runAsUser: 1000, fsGroup: 2000 } });
    expect(pod(f)?.automountServiceAccountToken).toBe(true);
    expect(pod(f)?.securityContext).toMatchObject({ runAsUser: 1000, fsGroup: 2000 });
  });

  it("rolls out without taking a serving pod down", () => {
    expect(build().spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
  });

  it("leaves replicas to the HPA when autoscaled", () => {
    expect(build().spec?.replicas).toBe(1);
    expect(build({ replicas: 3 }).spec?.replicas).toBe(3);
    expect(build({ autoscaled: true }).spec).not.toHaveProperty("replicas");
  });

  it("writes probes with every threshold explicit", () => {
    expect(container(build())?.livenessProbe).toEqual({
      httpGet: { path: "/health", port: "http" },
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 3,
      failureThreshold: 3,
      successThreshold: 1,
    });
  });

  it("builds tcp, exec and grpc probes", () => {
    const c = {
      ...c0,
      ports: [
        { name: "http", containerPort: 8080 },
        { name: "grpc", containerPort: 9000 },
      ],
    };
    const d = build({
      containers: [
        {
          ...c,
          livenessProbe: { tcp: { port: 8080 }, periodSeconds: 30 },
          readinessProbe: { exec: { command: ["true"] } },
          startupProbe: { grpc: { port: 9000 }, failureThreshold: 30 },
        },
      ],
    });
    expect(container(d)?.livenessProbe).toMatchObject({ tcpSocket: { port: 8080 }, periodSeconds: 30 });
    expect(container(d)?.readinessProbe).toMatchObject({ exec: { command: ["true"] } });
    expect(container(d)?.startupProbe).toMatchObject({ grpc: { port: 9000 }, failureThreshold: 30 });
  });

  it("writes env values and references in the given order, and envFrom", () => {
    const d = build({
      containers: [
        {
          ...c0,
          env: {
            LOG_LEVEL: "info",
            DB_PASSWORD: { secretKeyRef: { name: "db", key: "password" } },
            MODE: { configMapKeyRef: { name: "cfg", key: "mode", optional: true } },
            POD_IP: { fieldRef: { fieldPath: "status.podIP" } },
          },
          envFrom: [{ configMap: "app-config" }, { secret: "api-keys", prefix: "KEY_" }],
        },
      ],
    });
    expect(container(d)?.env).toEqual([
      { name: "LOG_LEVEL", value: "info" },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db", key: "password" } } },
      { name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "mode", optional: true } } },
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ]);
    expect(container(d)?.envFrom).toEqual([
      { configMapRef: { name: "app-config" } },
      { prefix: "KEY_", secretRef: { name: "api-keys" } },
    ]);
  });

  it("mounts volumes of every source", () => {
    const d = build({
      volumes: [
        { name: "cfg", configMap: { name: "app-config", items: [{ key: "a", path: "a.conf" }] } },
        { name: "creds", secret: { name: "db", defaultMode: 0o400 } },
        { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } },
        { name: "data", persistentVolumeClaim: { claimName: "data" } },
        { name: "all", projected: { sources: [{ configMap: { name: "a" } }, { secret: { name: "b" } }] } },
      ],
      containers: [{ ...c0, volumeMounts: [{ name: "cfg", mountPath: "/etc/app", readOnly: true }] }],
    });
    expect(pod(d)?.volumes?.map((v) => v.name)).toEqual(["cfg", "creds", "cache", "data", "all", "tmp"]);
    expect(pod(d)?.volumes?.[1]).toEqual({ name: "creds", secret: { secretName: "db", defaultMode: 0o400 } });
    expect(container(d)?.volumeMounts).toEqual([
      { name: "cfg", mountPath: "/etc/app", readOnly: true },
      { name: "tmp", mountPath: "/tmp" },
    ]);
  });

  it("spreads replicas with anti-affinity and topology spread over the selector labels", () => {
    const d = build({ antiAffinity: "required", topologySpread: [{}] });
    const selector = {
      matchLabels: { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api" },
    };
    expect(pod(d)?.affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: selector, topologyKey: "kubernetes.io/hostname" },
        ],
      },
    });
    expect(pod(d)?.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: selector,
      },
    ]);
  });

  it("writes lifecycle hooks and the grace period", () => {
    const d = build({
      terminationGracePeriodSeconds: 120,
      containers: [{ ...c0, lifecycle: { preStop: { sleep: 20 } } }],
    });
    expect(pod(d)?.terminationGracePeriodSeconds).toBe(120);
    expect(container(d)?.lifecycle).toEqual({ preStop: { sleep: { seconds: 20 } } });
  });

  it("passes every other pod option through", () => {
    const d = build({
      serviceAccountName: "api",
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "dedicated", operator: "Equal", value: "api", effect: "NoSchedule" }],
      priorityClassName: "high",
      podAnnotations: { "example.com/a": "b" },
      initContainers: [{ name: "init", image: "busybox:1.36", command: ["true"] }],
      revisionHistoryLimit: 5,
      minReadySeconds: 10,
    });
    expect(pod(d)).toMatchObject({
      serviceAccountName: "api",
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: "high",
      initContainers: [{ name: "init", image: "busybox:1.36" }],
    });
    expect(d.spec?.template?.metadata?.annotations).toEqual({ "example.com/a": "b" });
    expect(d.spec).toMatchObject({ revisionHistoryLimit: 5, minReadySeconds: 10 });
  });
});
