import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { ContainerOptions } from "../pod/container.ts";
import { type DeploymentOptions, deployment } from "./deployment.ts";

const c0 = {
  name: "api",
  image: "ghcr.io/acme/api:1.4.2",
  ports: [{ name: "http", containerPort: 8080 }],
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
  livenessProbe: { http: { path: "/health", port: "http" } },
  readinessProbe: { http: { path: "/ready", port: "http" } },
} satisfies ContainerOptions;
const base = { name: "api", namespace: "shop", containers: [c0] } satisfies DeploymentOptions;

function build(extra: Partial<DeploymentOptions> = {}): Deployment {
  const d = deployment({ ...base, ...extra });
  assertSchemaValid(d);
  return d;
}

const pod = (d: Deployment) => d.spec?.template?.spec;
const container = (d: Deployment) => pod(d)?.containers[0];

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

describe("deployment: private images and native sidecars", () => {
  it("references registry credentials with imagePullSecrets", () => {
    const d = build({ imagePullSecrets: ["regcred", "mirror-cred"] });
    expect(pod(d)?.imagePullSecrets).toEqual([{ name: "regcred" }, { name: "mirror-cred" }]);
  });

  it("writes no imagePullSecrets when none are given", () => {
    expect(pod(build({ imagePullSecrets: [] }))).not.toHaveProperty("imagePullSecrets");
    expect(pod(build())).not.toHaveProperty("imagePullSecrets");
  });

  const sidecar = {
    name: "proxy",
    image: "ghcr.io/acme/proxy:2.1.0",
    restartPolicy: "Always",
    ports: [{ name: "proxy", containerPort: 15001 }],
    readinessProbe: { tcp: { port: "proxy" } },
    startupProbe: { http: { path: "/ready", port: 15001 } },
    livenessProbe: { exec: { command: ["/bin/health"] } },
    lifecycle: { preStop: { sleep: 5 } },
  } satisfies NonNullable<DeploymentOptions["initContainers"]>[number];

  it("runs a native sidecar: an init container with restartPolicy Always, probes and hooks", () => {
    const d = build({ initContainers: [sidecar] });
    const init = pod(d)?.initContainers?.[0];
    expect(init).toMatchObject({
      name: "proxy",
      restartPolicy: "Always",
      readinessProbe: { tcpSocket: { port: "proxy" } },
      startupProbe: { httpGet: { path: "/ready", port: 15001 } },
      livenessProbe: { exec: { command: ["/bin/health"] } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
    });
  });

  it("gives a sidecar the same restricted security context as the other containers", () => {
    const d = build({ initContainers: [sidecar] });
    expect(pod(d)?.initContainers?.[0]?.securityContext).toEqual(container(d)?.securityContext);
  });

  it("writes no restartPolicy on an init container that runs to completion", () => {
    const d = build({ initContainers: [{ name: "migrate", image: "ghcr.io/acme/migrate:1.0.0" }] });
    expect(pod(d)?.initContainers?.[0]).not.toHaveProperty("restartPolicy");
  });
});

describe("deployment: the rollout", () => {
  it("replaces every pod at once with strategy Recreate", () => {
    expect(build({ strategy: "Recreate" }).spec?.strategy).toEqual({ type: "Recreate" });
  });

  it("keeps the rolling update and its numbers by default", () => {
    expect(build().spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
  });

  it("writes the progress deadline", () => {
    expect(build({ progressDeadlineSeconds: 900, minReadySeconds: 10 }).spec).toMatchObject({
      progressDeadlineSeconds: 900,
      minReadySeconds: 10,
    });
  });
});

describe("deployment: pod and container options", () => {
  it("writes name resolution: DNS policy, settings and host aliases", () => {
    const p = pod(
      build({
        dnsPolicy: "None",
        dnsConfig: {
          nameservers: ["10.0.0.10", "fd00::a"],
          searches: ["svc.cluster.local", "example.com."],
          options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
        },
        hostAliases: [{ ip: "10.1.2.3", hostnames: ["legacy.internal", "db"] }],
      }),
    );
    expect(p?.dnsPolicy).toBe("None");
    expect(p?.dnsConfig).toEqual({
      nameservers: ["10.0.0.10", "fd00::a"],
      searches: ["svc.cluster.local", "example.com."],
      options: [{ name: "ndots", value: "2" }, { name: "edns0" }],
    });
    expect(p?.hostAliases).toEqual([{ ip: "10.1.2.3", hostnames: ["legacy.internal", "db"] }]);
  });

  it("writes scheduling and runtime choices", () => {
    expect(
      pod(
        build({
          runtimeClassName: "gvisor",
          schedulerName: "bin-packing",
          preemptionPolicy: "Never",
          shareProcessNamespace: true,
          enableServiceLinks: false,
          readinessGates: ["example.com/load-balancer-ready"],
        }),
      ),
    ).toMatchObject({
      runtimeClassName: "gvisor",
      schedulerName: "bin-packing",
      preemptionPolicy: "Never",
      shareProcessNamespace: true,
      enableServiceLinks: false,
      readinessGates: [{ conditionType: "example.com/load-balancer-ready" }],
    });
  });

  it("leaves every one of them out unless given", () => {
    const p = pod(build()) ?? {};
    for (const field of [
      "dnsPolicy",
      "dnsConfig",
      "hostAliases",
      "runtimeClassName",
      "schedulerName",
      "preemptionPolicy",
      "shareProcessNamespace",
      "enableServiceLinks",
      "readinessGates",
    ]) {
      expect(p).not.toHaveProperty(field);
    }
    const c = container(build()) ?? {};
    for (const field of ["terminationMessagePath", "terminationMessagePolicy", "stdin", "stdinOnce", "tty"]) {
      expect(c).not.toHaveProperty(field);
    }
  });

  it("writes the termination message and terminal settings of a container", () => {
    const c = container(
      build({
        containers: [
          {
            ...c0,
            terminationMessagePath: "/var/log/termination",
            terminationMessagePolicy: "FallbackToLogsOnError",
            stdin: true,
            stdinOnce: true,
            tty: true,
            workingDir: "/srv",
          },
        ],
      }),
    );
    expect(c).toMatchObject({
      terminationMessagePath: "/var/log/termination",
      terminationMessagePolicy: "FallbackToLogsOnError",
      stdin: true,
      stdinOnce: true,
      tty: true,
      workingDir: "/srv",
    });
  });

  it("writes ephemeral-storage requests and limits", () => {
    const c = container(
      build({
        containers: [
          {
            ...c0,
            resources: { requests: { ephemeralStorage: "1Gi" }, limits: { ephemeralStorage: "2Gi" } },
          },
        ],
      }),
    );
    expect(c?.resources).toEqual({
      requests: { "ephemeral-storage": "1Gi" },
      limits: { "ephemeral-storage": "2Gi" },
    });
  });

  it("passes container resources and pod fields through the downward API, as env and as files", () => {
    const d = build({
      containers: [
        {
          ...c0,
          env: {
            MEMORY_LIMIT: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
            POD_IP: { fieldRef: { fieldPath: "status.podIP" } },
          },
          volumeMounts: [{ name: "podinfo", mountPath: "/etc/podinfo" }],
        },
      ],
      volumes: [
        {
          name: "podinfo",
          downwardAPI: {
            items: [
              { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
              {
                path: "cpu",
                resourceFieldRef: { containerName: "api", resource: "requests.cpu", divisor: "1m" },
              },
            ],
          },
        },
        {
          name: "both",
          projected: {
            sources: [
              { configMap: { name: "api" } },
              {
                downwardAPI: {
                  items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" }, mode: 0o444 }],
                },
              },
            ],
          },
        },
      ],
    });
    expect(container(d)?.env).toEqual([
      {
        name: "MEMORY_LIMIT",
        valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } },
      },
      { name: "POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
    ]);
    expect(pod(d)?.volumes?.slice(0, 2)).toEqual([
      {
        name: "podinfo",
        downwardAPI: {
          items: [
            { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
            {
              path: "cpu",
              resourceFieldRef: { containerName: "api", resource: "requests.cpu", divisor: "1m" },
            },
          ],
        },
      },
      {
        name: "both",
        projected: {
          sources: [
            { configMap: { name: "api" } },
            {
              downwardAPI: {
                items: [{ path: "name", fieldRef: { fieldPath: "metadata.name" }, mode: 0o444 }],
              },
            },
          ],
        },
      },
    ]);
  });
});

describe("deployment: invalid options", () => {
  const table: { name: string; options: unknown; code: string; path: string }[] = [
    { name: "typo", options: { ...base, replicaz: 2 }, code: "unknown_option", path: "replicaz" },
    { name: "bad name", options: { ...base, name: "API" }, code: "invalid_format", path: "name" },
    { name: "long name", options: { ...base, name: "a".repeat(64) }, code: "invalid_format", path: "name" },
    { name: "no containers", options: { ...base, containers: [] }, code: "too_small", path: "containers" },
    {
      name: "latest image",
      options: { ...base, containers: [{ ...c0, image: "nginx:latest" }] },
      code: "invalid_format",
      path: "containers[0].image",
    },
    {
      name: "untagged image",
      options: { ...base, containers: [{ ...c0, image: "nginx" }] },
      code: "invalid_format",
      path: "containers[0].image",
    },
    {
      name: "MB quantity",
      options: { ...base, containers: [{ ...c0, resources: { limits: { memory: "512MB" } } }] },
      code: "invalid_format",
      path: "containers[0].resources.limits.memory",
    },
    {
      name: "millibytes",
      options: { ...base, containers: [{ ...c0, resources: { limits: { memory: "512m" } } }] },
      code: "memory_in_millibytes",
      path: "containers[0].resources.limits.memory",
    },
    {
      name: "half a byte of memory",
      options: { ...base, containers: [{ ...c0, resources: { limits: { memory: "0.5" } } }] },
      code: "invalid_format",
      path: "containers[0].resources.limits.memory",
    },
    {
      name: "ephemeral storage in a fraction of a byte",
      options: { ...base, containers: [{ ...c0, resources: { requests: { ephemeralStorage: "1500m" } } }] },
      code: "invalid_format",
      path: "containers[0].resources.requests.ephemeralStorage",
    },
    {
      name: "requests > limits",
      options: {
        ...base,
        containers: [{ ...c0, resources: { requests: { cpu: "2" }, limits: { cpu: "500m" } } }],
      },
      code: "requests_exceed_limits",
      path: "containers[0].resources.requests.cpu",
    },
    {
      name: "port 0",
      options: { ...base, containers: [{ ...c0, ports: [{ containerPort: 0 }] }] },
      code: "too_small",
      path: "containers[0].ports[0].containerPort",
    },
    {
      // The API server defaults progressDeadlineSeconds to 600 and refuses minReadySeconds ≥ it.
      name: "minReadySeconds at the progress deadline",
      options: { ...base, minReadySeconds: 600 },
      code: "too_big",
      path: "minReadySeconds",
    },
    {
      name: "port 70000",
      options: { ...base, containers: [{ ...c0, ports: [{ containerPort: 70000 }] }] },
      code: "too_big",
      path: "containers[0].ports[0].containerPort",
    },
    {
      name: "long port name",
      options: {
        ...base,
        containers: [{ ...c0, ports: [{ name: "a-very-long-port-name", containerPort: 80 }] }],
      },
      code: "invalid_format",
      path: "containers[0].ports[0].name",
    },
    {
      name: "probe on unknown name",
      options: { ...base, containers: [{ ...c0, livenessProbe: { http: { path: "/h", port: "web" } } }] },
      code: "unknown_port",
      path: "containers[0].livenessProbe.http.port",
    },
    {
      name: "probe on undeclared number",
      options: { ...base, containers: [{ ...c0, readinessProbe: { tcp: { port: 9999 } } }] },
      code: "unknown_port",
      path: "containers[0].readinessProbe.tcp.port",
    },
    {
      name: "two probe handlers",
      options: {
        ...base,
        containers: [{ ...c0, livenessProbe: { tcp: { port: 8080 }, exec: { command: ["x"] } } }],
      },
      code: "invalid_value",
      path: "containers[0].livenessProbe",
    },
    {
      name: "mount of unknown volume",
      options: { ...base, containers: [{ ...c0, volumeMounts: [{ name: "data", mountPath: "/data" }] }] },
      code: "unknown_volume",
      path: "containers[0].volumeMounts[0].name",
    },
    {
      name: "duplicate container",
      options: { ...base, containers: [c0, c0] },
      code: "duplicate",
      path: "containers[1].name",
    },
    {
      name: "preStop longer than grace",
      options: {
        ...base,
        terminationGracePeriodSeconds: 10,
        containers: [{ ...c0, lifecycle: { preStop: { sleep: 15 } } }],
      },
      code: "grace_period_too_short",
      path: "containers[0].lifecycle.preStop.sleep",
    },
    {
      name: "replicas with autoscaled",
      options: { ...base, replicas: 2, autoscaled: true },
      code: "conflicting_options",
      path: "replicas",
    },
    {
      name: "bad label key",
      options: { ...base, labels: { "bad key": "x" } },
      code: "invalid_key",
      path: 'labels["bad key"]',
    },
    {
      name: "bad label value",
      options: { ...base, labels: { team: "-x-" } },
      code: "invalid_format",
      path: "labels.team",
    },
    { name: "negative replicas", options: { ...base, replicas: -1 }, code: "too_small", path: "replicas" },
    { name: "string replicas", options: { ...base, replicas: "2" }, code: "invalid_type", path: "replicas" },
    { name: "missing name", options: { containers: base.containers }, code: "required", path: "name" },
    {
      name: "Recreate with maxSurge",
      options: { ...base, strategy: "Recreate", maxSurge: 1 },
      code: "conflicting_options",
      path: "maxSurge",
    },
    {
      name: "Recreate with maxUnavailable",
      options: { ...base, strategy: "Recreate", maxUnavailable: "50%" },
      code: "conflicting_options",
      path: "maxUnavailable",
    },
    {
      name: "unknown strategy",
      options: { ...base, strategy: "BlueGreen" },
      code: "invalid_value",
      path: "strategy",
    },
    {
      name: "progress deadline not above minReadySeconds",
      options: { ...base, minReadySeconds: 60, progressDeadlineSeconds: 60 },
      code: "too_small",
      path: "progressDeadlineSeconds",
    },
    {
      name: "dnsPolicy None without settings",
      options: { ...base, dnsPolicy: "None" },
      code: "required",
      path: "dnsConfig",
    },
    {
      name: "dnsPolicy None without nameservers",
      options: { ...base, dnsPolicy: "None", dnsConfig: { searches: ["example.com"] } },
      code: "required",
      path: "dnsConfig.nameservers",
    },
    {
      name: "four nameservers",
      options: { ...base, dnsConfig: { nameservers: ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"] } },
      code: "too_big",
      path: "dnsConfig.nameservers",
    },
    {
      name: "33 search domains",
      options: {
        ...base,
        dnsConfig: { searches: Array.from({ length: 33 }, (_, i) => `d${i}.example.com`) },
      },
      code: "too_big",
      path: "dnsConfig.searches",
    },
    {
      name: "a search list over 2048 characters",
      options: {
        ...base,
        dnsConfig: {
          searches: Array.from(
            { length: 12 },
            (_, i) => `${"a".repeat(60)}.${"b".repeat(60)}.${"c".repeat(60)}.d${i}`,
          ),
        },
      },
      code: "too_big",
      path: "dnsConfig.searches",
    },
    {
      name: "a nameserver that is not an IP",
      options: { ...base, dnsConfig: { nameservers: ["dns.example.com"] } },
      code: "invalid_format",
      path: "dnsConfig.nameservers[0]",
    },
    {
      name: "a search domain that is not a domain",
      options: { ...base, dnsConfig: { searches: ["Example_Com"] } },
      code: "invalid_format",
      path: "dnsConfig.searches[0]",
    },
    {
      name: "a host alias without host names",
      options: { ...base, hostAliases: [{ ip: "10.0.0.1", hostnames: [] }] },
      code: "too_small",
      path: "hostAliases[0].hostnames",
    },
    {
      name: "a host alias IP with leading zeros",
      options: { ...base, hostAliases: [{ ip: "10.0.0.01", hostnames: ["a"] }] },
      code: "invalid_format",
      path: "hostAliases[0].ip",
    },
    {
      name: "bad runtimeClassName",
      options: { ...base, runtimeClassName: "gVisor" },
      code: "invalid_format",
      path: "runtimeClassName",
    },
    {
      name: "bad schedulerName",
      options: { ...base, schedulerName: "my_scheduler" },
      code: "invalid_format",
      path: "schedulerName",
    },
    {
      name: "bad preemptionPolicy",
      options: { ...base, preemptionPolicy: "Always" },
      code: "invalid_value",
      path: "preemptionPolicy",
    },
    {
      name: "bad readiness gate",
      options: { ...base, readinessGates: ["-x"] },
      code: "invalid_format",
      path: "readinessGates[0]",
    },
    {
      name: "stdinOnce without stdin",
      options: { ...base, containers: [{ ...c0, stdinOnce: true }] },
      code: "conflicting_options",
      path: "containers[0].stdinOnce",
    },
    {
      name: "relative termination message path",
      options: { ...base, containers: [{ ...c0, terminationMessagePath: "termination-log" }] },
      code: "invalid_format",
      path: "containers[0].terminationMessagePath",
    },
    {
      name: "bad terminationMessagePolicy",
      options: { ...base, containers: [{ ...c0, terminationMessagePolicy: "Logs" }] },
      code: "invalid_value",
      path: "containers[0].terminationMessagePolicy",
    },
    {
      name: "an env resource that does not exist",
      options: {
        ...base,
        containers: [{ ...c0, env: { X: { resourceFieldRef: { resource: "limits.gpu" } } } }],
      },
      code: "invalid_value",
      path: "containers[0].env.X.resourceFieldRef.resource",
    },
    {
      name: "a CPU divisor in bytes",
      options: {
        ...base,
        containers: [{ ...c0, env: { X: { resourceFieldRef: { resource: "limits.cpu", divisor: "1Mi" } } } }],
      },
      code: "invalid_value",
      path: "containers[0].env.X.resourceFieldRef.divisor",
    },
    {
      name: "an env resource of another pod's container",
      options: {
        ...base,
        containers: [
          { ...c0, env: { X: { resourceFieldRef: { resource: "limits.cpu", containerName: "db" } } } },
        ],
      },
      code: "unknown_container",
      path: "containers[0].env.X.resourceFieldRef.containerName",
    },
    {
      name: "a downward API file of a resource without its container",
      options: {
        ...base,
        volumes: [
          {
            name: "podinfo",
            downwardAPI: { items: [{ path: "cpu", resourceFieldRef: { resource: "limits.cpu" } }] },
          },
        ],
      },
      code: "required",
      path: "volumes[0].downwardAPI.items[0].resourceFieldRef.containerName",
    },
    {
      name: "a downward API file of a field a volume cannot hold",
      options: {
        ...base,
        volumes: [
          {
            name: "podinfo",
            downwardAPI: { items: [{ path: "ip", fieldRef: { fieldPath: "status.podIP" } }] },
          },
        ],
      },
      code: "invalid_format",
      path: "volumes[0].downwardAPI.items[0].fieldRef.fieldPath",
    },
    {
      name: "a downward API file outside the volume",
      options: {
        ...base,
        volumes: [
          {
            name: "podinfo",
            downwardAPI: { items: [{ path: "../etc/x", fieldRef: { fieldPath: "metadata.name" } }] },
          },
        ],
      },
      code: "invalid_format",
      path: "volumes[0].downwardAPI.items[0].path",
    },
    {
      name: "a downward API file with both sources",
      options: {
        ...base,
        volumes: [
          {
            name: "podinfo",
            downwardAPI: {
              items: [
                {
                  path: "x",
                  fieldRef: { fieldPath: "metadata.name" },
                  resourceFieldRef: { containerName: "api", resource: "limits.cpu" },
                },
              ],
            },
          },
        ],
      },
      code: "invalid_value",
      path: "volumes[0].downwardAPI.items[0]",
    },
    {
      name: "a projected source with two sources",
      options: {
        ...base,
        volumes: [
          { name: "p", projected: { sources: [{ configMap: { name: "a" }, secret: { name: "b" } }] } },
        ],
      },
      code: "invalid_value",
      path: "volumes[0].projected.sources[0]",
    },
    {
      name: "init container with a probe",
      options: {
        ...base,
        initContainers: [{ name: "init", image: "busybox:1.36", readinessProbe: c0.readinessProbe }],
      },
      code: "conflicting_options",
      path: "initContainers[0].readinessProbe",
    },
    {
      name: "init container with a hook",
      options: {
        ...base,
        initContainers: [{ name: "init", image: "busybox:1.36", lifecycle: { preStop: { sleep: 1 } } }],
      },
      code: "conflicting_options",
      path: "initContainers[0].lifecycle",
    },
    {
      name: "init container restartPolicy other than Always",
      options: {
        ...base,
        initContainers: [{ name: "init", image: "busybox:1.36", restartPolicy: "OnFailure" }],
      },
      code: "invalid_value",
      path: "initContainers[0].restartPolicy",
    },
    {
      name: "sidecar probe on an undeclared port",
      options: {
        ...base,
        initContainers: [
          {
            name: "proxy",
            image: "envoy:1.30",
            restartPolicy: "Always",
            readinessProbe: { tcp: { port: 9901 } },
          },
        ],
      },
      code: "unknown_port",
      path: "initContainers[0].readinessProbe.tcp.port",
    },
    {
      name: "sidecar preStop longer than the grace period",
      options: {
        ...base,
        terminationGracePeriodSeconds: 5,
        initContainers: [
          {
            name: "proxy",
            image: "envoy:1.30",
            restartPolicy: "Always",
            lifecycle: { preStop: { sleep: 10 } },
          },
        ],
      },
      code: "grace_period_too_short",
      path: "initContainers[0].lifecycle.preStop.sleep",
    },
    {
      name: "bad image pull Secret name",
      options: { ...base, imagePullSecrets: ["Reg_Cred"] },
      code: "invalid_format",
      path: "imagePullSecrets[0]",
    },
    {
      name: "image pull Secret twice",
      options: { ...base, imagePullSecrets: ["regcred", "regcred"] },
      code: "duplicate",
      path: "imagePullSecrets[1]",
    },
  ];

  it.each(table)("$name → $code at $path", ({ options, code, path }) => {
    expectIssue(() => deployment(options as DeploymentOptions), code, path);
  });

  it("reports every problem at once, naming the object", () => {
    const err = builderError(() =>
      deployment({
        ...base,
        containers: [{ ...c0, image: "nginx", resources: { limits: { memory: "512MB" } } }],
      }),
    );
    expect(err.code).toBe("INVALID_OPTIONS");
    expect(err.builder).toBe("deployment");
    expect(err.objectName).toBe("api");
    expect(err.message).toMatchInlineSnapshot(`
      "deployment "api": 2 invalid options
        ✖ "nginx" is not pinned: give a tag other than "latest" or a digest (e.g. "redis:7.4.1") → at containers[0].image
        ✖ "512MB" is not a Kubernetes quantity (e.g. 512Mi, 1Gi, 250m) → at containers[0].resources.limits.memory"
    `);
  });

  it.each([null, undefined, 42, "api", [], true])(
    "refuses %s as options with the library error, never a TypeError",
    (input) => {
      const err = builderError(() => deployment(input as unknown as DeploymentOptions));
      expect(err.issues.length).toBeGreaterThan(0);
    },
  );

  it("rejects options that must not compile", () => {
    // @ts-expect-error unknown option
    expect(() => deployment({ ...base, replicaz: 1 })).toThrow();
    // @ts-expect-error probe handler must be one of http/tcp/exec/grpc
    expect(() => deployment({ ...base, containers: [{ ...c0, livenessProbe: { ftp: {} } }] })).toThrow();
    // @ts-expect-error an init container's restartPolicy can only be "Always" (a sidecar)
    expect(() => deployment({ ...base, initContainers: [{ ...c0, restartPolicy: "Never" }] })).toThrow();
    // @ts-expect-error imagePullSecrets are Secret names, not objects
    expect(() => deployment({ ...base, imagePullSecrets: [{ name: "regcred" }] })).toThrow();
  });
});
