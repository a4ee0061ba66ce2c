import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { patch } from "../patch.ts";
import { cronJob } from "./cron-job.ts";
import { type DaemonSetOptions, daemonSet } from "./daemon-set.ts";
import { hpaFor } from "./hpa.ts";
import { job } from "./job.ts";
import { pdbFor } from "./pdb.ts";
import { serviceFor } from "./service.ts";
import { selectorLabels, type Workload } from "./workload.ts";

const base = {
  name: "log-shipper",
  namespace: "logging",
  containers: [
    {
      name: "shipper",
      image: "ghcr.io/acme/shipper:3.0.1",
      ports: [{ name: "metrics", containerPort: 9100 }],
    },
  ],
} satisfies DaemonSetOptions;

function build(extra: Partial<DaemonSetOptions> = {}): BuiltWorkload<DaemonSet> {
  const d = daemonSet({ ...base, ...extra } as DaemonSetOptions);
  assertSchemaValid(d);
  return d;
}

describe("daemonSet", () => {
  it("returns a DaemonSet of kubernetes-types with its spec and pod template always there", () => {
    expectTypeOf(daemonSet).returns.toEqualTypeOf<BuiltWorkload<DaemonSet>>();
    expectTypeOf(daemonSet).returns.toExtend<DaemonSet>();
  });

  it("writes apps/v1 DaemonSet with the selector labels, a rolling update and nothing else unasked", () => {
    const d = build();
    expect(d.apiVersion).toBe("apps/v1");
    expect(d.kind).toBe("DaemonSet");
    expect(Object.keys(d.spec)).toEqual(["selector", "updateStrategy", "template"]);
    expect(d.spec.selector).toEqual({
      matchLabels: { "app.kubernetes.io/name": "log-shipper", "app.kubernetes.io/instance": "log-shipper" },
    });
    expect(d.spec.updateStrategy).toEqual({ type: "RollingUpdate" });
    expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels ?? {});
  });

  it("writes the restricted security of the shared pod template", () => {
    const pod = build().spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.containers[0]?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it("writes tolerations, a node selector and a priority class as deployment does", () => {
    const pod = build({
      tolerations: [{ operator: "Exists" }],
      nodeSelector: { "kubernetes.io/os": "linux" },
      priorityClassName: "system-node-critical",
    }).spec.template.spec;
    expect(pod.tolerations).toEqual([{ operator: "Exists" }]);
    expect(pod.nodeSelector).toEqual({ "kubernetes.io/os": "linux" });
    expect(pod.priorityClassName).toBe("system-node-critical");
  });

  it("writes maxUnavailable, minReadySeconds and revisionHistoryLimit as given", () => {
    const d = build({ maxUnavailable: "10%", minReadySeconds: 5, revisionHistoryLimit: 3 });
    expect(d.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "10%" },
    });
    expect(d.spec.minReadySeconds).toBe(5);
    expect(d.spec.revisionHistoryLimit).toBe(3);
  });

  it("writes maxUnavailable 0 with a maxSurge, since the API takes only one of the two", () => {
    expect(build({ maxSurge: 1 }).spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
  });

  it("writes OnDelete with no rolling update", () => {
    expect(build({ updateStrategy: "OnDelete" }).spec.updateStrategy).toEqual({ type: "OnDelete" });
  });

  it("takes a patch, checked like a built DaemonSet", () => {
    const d = build({ patch: { spec: { template: { spec: { hostNetwork: true } } } } });
    expect(d.spec.template.spec.hostNetwork).toBe(true);
    expectIssue(
      () => patch(build(), { spec: { updateStrategy: { rollingUpdate: { maxSurge: 1 } } } }),
      "conflicting_options",
      "spec.updateStrategy.rollingUpdate.maxSurge",
    );
    expectIssue(
      () => daemonSet({ ...base, patch: { spec: { template: { spec: { restartPolicy: "Never" } } } } }),
      "invalid_value",
      "patch.spec.template.spec.restartPolicy",
    );
  });

  it.each([
    { options: { ...base, maxUnavailable: 1, maxSurge: 1 }, code: "conflicting_options", path: "maxSurge" },
    { options: { ...base, maxUnavailable: 0 }, code: "rollout_blocked", path: "maxUnavailable" },
    {
      options: { ...base, maxUnavailable: 0, maxSurge: "0%" },
      code: "rollout_blocked",
      path: "maxUnavailable",
    },
    { options: { ...base, maxUnavailable: "101%" }, code: "too_big", path: "maxUnavailable" },
    { options: { ...base, maxSurge: "150%" }, code: "too_big", path: "maxSurge" },
    { options: { ...base, maxUnavailable: -1 }, code: "too_small", path: "maxUnavailable" },
    {
      options: { ...base, updateStrategy: "OnDelete", maxUnavailable: 1 },
      code: "conflicting_options",
      path: "maxUnavailable",
    },
    { options: { ...base, updateStrategy: "Recreate" }, code: "invalid_value", path: "updateStrategy" },
    { options: { ...base, minReadySeconds: -1 }, code: "too_small", path: "minReadySeconds" },
    { options: { ...base, name: "Log_Shipper" }, code: "invalid_format", path: "name" },
    { options: { ...base, replicas: 2 }, code: "unknown_option", path: "replicas" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => daemonSet(options as DaemonSetOptions), code, path);
  });
});

describe("derivations from a DaemonSet and from Jobs", () => {
  const ds = daemonSet(base);
  const j = job({ name: "migrate", containers: [{ name: "m", image: "ghcr.io/acme/m:1.0.0" }] });
  const cj = cronJob({
    name: "report",
    schedule: "@daily",
    containers: [{ name: "r", image: "ghcr.io/acme/r:1.0.0" }],
  });

  it("serviceFor(daemonSet) selects its pods and exposes its named ports", () => {
    const svc = serviceFor(ds);
    assertSchemaValid(svc);
    expect(svc.spec.selector).toEqual(ds.spec.selector.matchLabels);
    expect(svc.spec.ports).toEqual([{ name: "metrics", port: 9100, targetPort: "metrics", protocol: "TCP" }]);
    expect(svc.metadata.namespace).toBe("logging");
  });

  it("selectorLabels(daemonSet) gives its selector labels", () => {
    expect(selectorLabels(ds)).toEqual(ds.spec.selector.matchLabels);
  });

  it.each([
    ["pdbFor", () => pdbFor(ds as unknown as Workload)],
    ["hpaFor", () => hpaFor(ds as unknown as Workload, { maxReplicas: 3 })],
  ])("%s refuses a DaemonSet (one pod per node, no replicas) with invalid_object", (_name, derive) => {
    const err = builderError(derive);
    expect(err.issues).toEqual([
      expect.objectContaining({
        code: "invalid_object",
        path: "workload",
        message: expect.stringContaining("DaemonSet"),
      }),
    ]);
  });

  it.each([
    ["a Job", j],
    ["a CronJob", cj],
  ])("pdbFor and serviceFor refuse %s with invalid_object", (_what, o) => {
    for (const derive of [
      () => pdbFor(o as unknown as Workload),
      () => serviceFor(o as unknown as Workload),
    ]) {
      expect(builderError(derive).issues).toEqual([
        expect.objectContaining({
          code: "invalid_object",
          path: "workload",
          message: expect.stringContaining(o.kind ?? ""),
        }),
      ]);
    }
  });

  it("the types refuse a DaemonSet where a replicated workload is needed", () => {
    // @ts-expect-error a DaemonSet is not a Workload (Deployment | StatefulSet)
    expect(() => pdbFor(ds)).toThrow();
  });
});
