import { describe, expect, it } from "vitest";
import { build, c0, container, pod } from "../../test/support/deployment.ts";

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
