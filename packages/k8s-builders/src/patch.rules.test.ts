import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../test/support/errors.ts";
import { api, S } from "../test/support/patch.ts";
import type { Patch } from "./base/patch-types.ts";
import { patch } from "./patch.ts";

describe("patch: a patched object meets the rules of a built one", () => {
  // Found by the patch property test: the DNS search-list length was counted with String(), which threw.
  it("refuses a search domain that is not a string with the library error, not a TypeError", () => {
    const partial = {
      spec: { template: { spec: { dnsConfig: { searches: ["a.example", { toString: false }] } } } },
    };
    expectIssue(
      () => patch(api(), partial as Patch<Deployment>),
      "invalid_type",
      `${S}.dnsConfig.searches[1]`,
    );
  });

  const table: { name: string; partial: Patch<Deployment>; code: string; path: string }[] = [
    {
      name: "an unpinned image",
      partial: { spec: { template: { spec: { containers: [{ name: "api", image: "nginx:latest" }] } } } },
      code: "invalid_format",
      path: `${S}.containers[0].image`,
    },
    {
      name: "a probe on an undeclared port, in an added container",
      partial: {
        spec: {
          template: {
            spec: {
              containers: [
                { name: "proxy", image: "envoy:1.30", readinessProbe: { tcpSocket: { port: 9901 } } },
              ],
            },
          },
        },
      },
      code: "unknown_port",
      path: `${S}.containers[0].readinessProbe.tcpSocket.port`,
    },
    {
      name: "an exec handler whose command is removed (the API requires one)",
      partial: {
        spec: {
          template: {
            spec: {
              containers: [{ name: "api", readinessProbe: { httpGet: null, exec: {} } }],
            },
          },
        },
      },
      code: "required",
      path: `${S}.containers[0].readinessProbe.exec.command`,
    },
    {
      name: "a spread constraint whose labelSelector is removed (it would match no pod)",
      partial: {
        spec: {
          template: {
            spec: {
              topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule" },
              ],
            },
          },
        },
      },
      code: "required",
      path: `${S}.topologySpreadConstraints[0].labelSelector`,
    },
    {
      name: "a preferred anti-affinity term without a labelSelector (it would match no pod)",
      partial: {
        spec: {
          template: {
            spec: {
              affinity: {
                podAntiAffinity: {
                  preferredDuringSchedulingIgnoredDuringExecution: [
                    { weight: 10, podAffinityTerm: { topologyKey: "kubernetes.io/hostname" } },
                  ],
                },
              },
            },
          },
        },
      },
      code: "required",
      path: `${S}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector`,
    },
    {
      name: "a selector label removed from the template",
      partial: { spec: { template: { metadata: { labels: { "app.kubernetes.io/name": null } } } } },
      code: "selector_mismatch",
      path: `${S.replace(".spec", "")}.metadata.labels`,
    },
    {
      name: "a label value Kubernetes refuses",
      partial: { metadata: { labels: { team: "-payments-" } } },
      code: "invalid_format",
      path: "metadata.labels.team",
    },
    {
      name: "a name that is not a DNS label",
      partial: { metadata: { name: "API" } },
      code: "invalid_format",
      path: "metadata.name",
    },
    {
      name: "a quantity with a unit Kubernetes does not know",
      partial: {
        spec: {
          template: { spec: { containers: [{ name: "api", resources: { limits: { memory: "512MB" } } }] } },
        },
      },
      code: "invalid_format",
      path: `${S}.containers[0].resources.limits.memory`,
    },
    {
      name: "requests above limits",
      partial: {
        spec: {
          template: {
            spec: {
              containers: [{ name: "api", resources: { requests: { cpu: "2" }, limits: { cpu: "1" } } }],
            },
          },
        },
      },
      code: "requests_exceed_limits",
      path: `${S}.containers[0].resources.requests.cpu`,
    },
    {
      name: "a port out of range",
      partial: {
        spec: {
          template: {
            spec: { containers: [{ name: "api", ports: [{ name: "http", containerPort: 70000 }] }] },
          },
        },
      },
      code: "too_big",
      path: `${S}.containers[0].ports[0].containerPort`,
    },
    {
      name: "a second container of the same name as an init container",
      partial: { spec: { template: { spec: { initContainers: [{ name: "api", image: "busybox:1.36" }] } } } },
      code: "duplicate",
      path: `${S}.containers[0].name`,
    },
    {
      name: "probes on an init container that is not a sidecar",
      partial: {
        spec: {
          template: {
            spec: {
              initContainers: [
                { name: "init", image: "busybox:1.36", livenessProbe: { exec: { command: ["true"] } } },
              ],
            },
          },
        },
      },
      code: "conflicting_options",
      path: `${S}.initContainers[0].livenessProbe`,
    },
    {
      name: "dnsPolicy None without nameservers",
      partial: { spec: { template: { spec: { dnsPolicy: "None" } } } },
      code: "required",
      path: `${S}.dnsConfig`,
    },
    {
      name: "a host alias that is not an IP address",
      partial: { spec: { template: { spec: { hostAliases: [{ ip: "db.local", hostnames: ["db"] }] } } } },
      code: "invalid_format",
      path: `${S}.hostAliases[0].ip`,
    },
    {
      name: "Recreate with rolling-update numbers",
      partial: { spec: { strategy: { type: "Recreate" } } },
      code: "conflicting_options",
      path: "spec.strategy.rollingUpdate",
    },
    {
      name: "a progress deadline not above minReadySeconds",
      partial: { spec: { minReadySeconds: 30, progressDeadlineSeconds: 30 } },
      code: "too_small",
      path: "spec.progressDeadlineSeconds",
    },
    {
      name: "an activeDeadlineSeconds, which Deployments refuse",
      partial: { spec: { template: { spec: { activeDeadlineSeconds: 60 } } } },
      code: "invalid_value",
      path: `${S}.activeDeadlineSeconds`,
    },
    {
      name: "a restartPolicy other than Always",
      partial: { spec: { template: { spec: { restartPolicy: "Never" } } } },
      code: "invalid_value",
      path: `${S}.restartPolicy`,
    },
    {
      name: "a Windows pod with the Linux security settings",
      partial: { spec: { template: { spec: { os: { name: "windows" } } } } },
      code: "conflicting_options",
      path: `${S}.securityContext.seccompProfile`,
    },
    {
      name: "a downward-API resource of a container that does not exist",
      partial: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "api",
                  env: [
                    {
                      name: "MEM",
                      valueFrom: { resourceFieldRef: { resource: "limits.memory", containerName: "db" } },
                    },
                  ],
                },
              ],
            },
          },
        },
      },
      code: "unknown_container",
      path: `${S}.containers[0].env[0].valueFrom.resourceFieldRef.containerName`,
    },
  ];

  it.each(table)("$name → $code at $path", ({ partial, code, path }) => {
    expectIssue(() => patch(api(), partial), code, path);
  });

  it.each([
    {
      name: "an unknown field",
      partial: { spec: { template: { spec: { containers: [{ name: "api", imagee: "a:1" }] } } } },
      code: "unknown_option",
      path: `${S}.containers[0].imagee`,
    },
    {
      name: "a wrong type",
      partial: { spec: { replicas: "3" } },
      code: "invalid_type",
      path: "spec.replicas",
    },
    {
      name: "a required field removed",
      partial: { spec: { template: { spec: { containers: [{ name: "api", image: null }] } } } },
      code: "required",
      path: `${S}.containers[0].image`,
    },
    { name: "a status", partial: { status: { replicas: 1 } }, code: "unknown_option", path: "status" },
    { name: "a change of kind", partial: { kind: "StatefulSet" }, code: "invalid_value", path: "kind" },
  ])("refuses $name (what types would catch) → $code at $path", ({ partial, code, path }) => {
    expectIssue(() => patch(api(), partial as Patch<Deployment>), code, path);
  });

  it("says where a problem the patch caused elsewhere lies in the patched object", () => {
    const err = builderError(() => patch(api(), { spec: { template: { spec: { volumes: null } } } }));
    expect(err.builder).toBe("patch");
    expect(err.objectName).toBe("api");
    expect(err.issues).toEqual([
      {
        path: `${S}.containers[0].volumeMounts[0].name`,
        code: "unknown_volume",
        message: `volumeMounts uses volume "tmp", but the pod has no volume of that name (in the patched object at ${S}.containers[0].volumeMounts[0].name)`,
      },
    ]);
  });

  it.each([null, 42, "api", [], () => ({})])("refuses %s as the object with the library error", (object) => {
    expect(builderError(() => patch(object as unknown as Deployment, {})).code).toBe("INVALID_OPTIONS");
  });
});
