import { describe, it } from "vitest";
import { base, c0 } from "../../test/support/deployment.ts";
import { expectIssue } from "../../test/support/errors.ts";
import { type DeploymentOptions, deployment } from "./deployment.ts";

// The rows of the pod's fields; the others, and the tests of the error itself, are in
// deployment.invalid-options.test.ts.
describe("deployment: invalid options", () => {
  const table: { name: string; options: unknown; code: string; path: string }[] = [
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
});
