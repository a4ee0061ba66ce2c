/**
 * The bundle itself: every pod runs as a numeric non-root user, so `runAsNonRoot` can be verified whatever the
 * image's USER says.
 */
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../k8s-builders/src/base/errors.ts";
import { callCenter, resolveConfig } from "../src/index.ts";

type Workload = Deployment | StatefulSet;
const workloads = (values: unknown = {}): Workload[] =>
  callCenter(resolveConfig("production", values)).filter(
    (o): o is Workload => o.kind === "Deployment" || o.kind === "StatefulSet",
  );
const workload = (name: string, values: unknown = {}) => {
  const w = workloads(values).find((o) => o.metadata?.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
};

describe("numeric user ids", () => {
  it("gives every pod that must not run as root a numeric user, group and fsGroup", () => {
    const ws = workloads();
    expect(ws.length).toBeGreaterThanOrEqual(6);
    for (const w of ws) {
      const psc = w.spec?.template.spec?.securityContext;
      expect(psc?.runAsNonRoot, w.metadata?.name).toBe(true);
      expect(psc?.runAsUser, w.metadata?.name).toEqual(expect.any(Number));
      expect(psc?.runAsUser, w.metadata?.name).toBeGreaterThan(0);
      expect(psc?.runAsGroup, w.metadata?.name).toEqual(expect.any(Number));
      expect(psc?.fsGroup, w.metadata?.name).toEqual(expect.any(Number));
    }
  });

  it.each(["call-processor", "admin-api"])("runs %s as 10001:10001 by default", (name) => {
    expect(workload(name).spec?.template.spec?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
    });
  });

  it("takes the ids from the values file", () => {
    const values = { adminApi: { securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000 } } };
    expect(workload("admin-api", values).spec?.template.spec?.securityContext).toMatchObject({
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 2000,
    });
    expect(workload("call-processor", values).spec?.template.spec?.securityContext?.runAsUser).toBe(10001);
  });

  it("refuses user 0 (root) at its values path", () => {
    try {
      resolveConfig("production", { callProcessor: { securityContext: { runAsUser: 0 } } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      expect((e as K8sBuilderError).issues.map((i) => i.path)).toContain(
        "callProcessor.securityContext.runAsUser",
      );
    }
  });
});
