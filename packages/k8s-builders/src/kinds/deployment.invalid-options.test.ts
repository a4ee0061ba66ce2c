import { describe, expect, it } from "vitest";
import { base, c0 } from "../../test/support/deployment.ts";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { type DeploymentOptions, deployment } from "./deployment.ts";

// The table's rows of the pod's fields (DNS, runtime, terminal settings, downward API, init containers, image
// pull Secrets) are in deployment.invalid-pod-options.test.ts.
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
