import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../test/support/errors.ts";
import { assertSchemaValid } from "../test/support/schema.ts";
import type { BuiltWorkload } from "./base/manifest.ts";
import type { Patch } from "./base/patch-types.ts";
import { validateBundle } from "./checks/validate-bundle.ts";
import { deployment } from "./kinds/deployment.ts";
import { namespace } from "./kinds/namespace.ts";
import { persistentVolumeClaim } from "./kinds/persistent-volume-claim.ts";
import { serviceFor } from "./kinds/service.ts";
import { statefulSet } from "./kinds/stateful-set.ts";
import { patch } from "./patch.ts";

const app = {
  name: "api",
  image: "ghcr.io/acme/api:1.4.2",
  ports: [{ name: "http", containerPort: 8080 }],
  readinessProbe: { http: { path: "/ready", port: "http" } },
};
const api = () => deployment({ name: "api", namespace: "shop", containers: [app] });
const podSpec = (d: Deployment) => d.spec?.template?.spec;
const S = "spec.template.spec";

describe("patch: the three things users ask for first", () => {
  it("sets a field the options do not model", () => {
    const d = patch(api(), {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "api", resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] },
            ],
          },
        },
      },
    });
    assertSchemaValid(d);
    expect(podSpec(d)?.containers[0]?.resizePolicy).toEqual([
      { resourceName: "cpu", restartPolicy: "NotRequired" },
    ]);
    expect(podSpec(d)?.containers[0]?.image).toBe("ghcr.io/acme/api:1.4.2");
  });

  it("puts a vendor annotation on a nested object (the pod template)", () => {
    const d = patch(api(), {
      spec: { template: { metadata: { annotations: { "vendor.example.com/inject": "true" } } } },
    });
    assertSchemaValid(d);
    expect(d.spec?.template?.metadata?.annotations).toEqual({ "vendor.example.com/inject": "true" });
    expect(d.spec?.template?.metadata?.labels).toEqual(api().spec?.template?.metadata?.labels);
  });

  it("removes a default with null", () => {
    const d = patch(api(), {
      metadata: { labels: { "app.kubernetes.io/managed-by": null } },
      spec: { template: { metadata: { labels: { "app.kubernetes.io/managed-by": null } } } },
    });
    assertSchemaValid(d);
    expect(d.metadata?.labels).not.toHaveProperty("app.kubernetes.io/managed-by");
    expect(d.spec?.template?.metadata?.labels).not.toHaveProperty("app.kubernetes.io/managed-by");
  });
});

describe("patch: the result", () => {
  it("returns a new object and leaves the one it was given as it was", () => {
    const d = api();
    const before = JSON.stringify(d);
    const p = patch(d, { spec: { replicas: 3 } });
    expect(JSON.stringify(d)).toBe(before);
    expect(p.spec?.replicas).toBe(3);
    expect(p.spec?.template).not.toBe(d.spec?.template);
  });

  it("keeps its type", () => {
    expectTypeOf(patch(api(), {})).toEqualTypeOf<BuiltWorkload<Deployment>>();
    expectTypeOf(patch<Deployment>)
      .parameter(1)
      .toEqualTypeOf<Patch<Deployment>>();
  });

  it("is what derivations read: serviceFor sees a port the patch added", () => {
    const d = patch(api(), {
      spec: {
        template: {
          spec: { containers: [{ name: "api", ports: [{ name: "admin", containerPort: 9000 }] }] },
        },
      },
    });
    expect(serviceFor(d).spec?.ports?.map((p) => p.name)).toEqual(["http", "admin"]);
  });

  it("shows a loosened security default in validateBundle's Pod Security level", () => {
    const d = patch(api(), { spec: { template: { spec: { hostNetwork: true } } } });
    const report = validateBundle([namespace({ name: "shop", podSecurity: false }), d]).podSecurity;
    expect(report).toEqual([
      expect.objectContaining({
        level: "privileged",
        reasons: [`baseline: host namespaces: hostNetwork=true → at ${S}.hostNetwork`],
      }),
    ]);
  });

  it("is refused by a namespace that enforces the restricted level", () => {
    const d = patch(api(), { spec: { template: { spec: { hostPID: true } } } });
    const result = validateBundle([namespace({ name: "shop" }), d]);
    expect(result.errors.map((f) => f.code)).toContain("POD_SECURITY_ENFORCE_VIOLATION");
  });
});

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

describe("the patch option of the builders", () => {
  it("applies the patch after building, and reports its problems under patch", () => {
    const d = deployment({
      name: "api",
      containers: [app],
      patch: { spec: { template: { spec: { containers: [{ name: "api", stdin: true }] } } } },
    });
    expect(podSpec(d)?.containers[0]?.stdin).toBe(true);
    expectIssue(
      () => deployment({ name: "api", containers: [app], patch: { spec: { replicas: -1 } } }),
      "too_small",
      "patch.spec.replicas",
    );
  });

  it("refuses a patch that is not an object", () => {
    expectIssue(
      () =>
        deployment({
          name: "api",
          containers: [app],
          patch: [] as unknown as Patch<BuiltWorkload<Deployment>>,
        }),
      "invalid_value",
      "patch",
    );
  });

  it("checks a StatefulSet's claim templates and mounts", () => {
    const sts = (p: Parameters<typeof statefulSet>[0]["patch"]) =>
      statefulSet({
        name: "db",
        containers: [{ ...app, volumeMounts: [{ name: "data", mountPath: "/data" }] }],
        volumeClaimTemplates: [{ name: "data", storage: "1Gi" }],
        patch: p,
      });
    expect(
      sts({
        spec: {
          volumeClaimTemplates: [
            // Not a list of named items (its items' names are in metadata): replaced whole.
            {
              metadata: { name: "data" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } },
            },
          ],
        },
      }).spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage,
    ).toBe("2Gi");
    expectIssue(
      () => sts({ spec: { volumeClaimTemplates: null } }),
      "unknown_volume",
      "patch.spec.template.spec.containers[0].volumeMounts[0].name",
    );
    expectIssue(
      () => sts({ spec: { updateStrategy: { type: "OnDelete", rollingUpdate: { partition: 1 } } } }),
      "conflicting_options",
      "patch.spec.updateStrategy.rollingUpdate",
    );
  });

  it("checks a PersistentVolumeClaim's size", () => {
    const pvc = persistentVolumeClaim({
      name: "data",
      size: "1Gi",
      patch: { spec: { volumeMode: "Block" } },
    });
    expect(pvc.spec?.volumeMode).toBe("Block");
    expectIssue(
      () =>
        persistentVolumeClaim({
          name: "data",
          size: "1Gi",
          patch: { spec: { resources: { requests: { storage: "0" } } } },
        }),
      "invalid_format",
      "patch.spec.resources.requests.storage",
    );
  });
});
