import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { webContainer } from "../../test/support/fixtures.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { deployment } from "./deployment.ts";
import { type HpaOptions, hpa, hpaFor } from "./hpa.ts";

const base = {
  name: "app",
  scaleTargetRef: { kind: "Deployment", name: "app" },
  minReplicas: 2,
  maxReplicas: 10,
  cpuUtilization: 70,
} satisfies HpaOptions;

describe("hpa", () => {
  it("targets CPU and memory utilization in autoscaling/v2", () => {
    const h = hpa({ ...base, memoryUtilization: 80 });
    assertSchemaValid(h);
    expect(h.apiVersion).toBe("autoscaling/v2");
    expect(h.spec).toEqual({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "app" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
        {
          type: "Resource",
          resource: { name: "memory", target: { type: "Utilization", averageUtilization: 80 } },
        },
      ],
    });
  });

  it("writes scale-up and scale-down behaviour", () => {
    const h = hpa({
      ...base,
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 600,
          selectPolicy: "Min",
          policies: [{ type: "Pods", value: 1, periodSeconds: 300 }],
        },
        scaleUp: { policies: [{ type: "Percent", value: 100, periodSeconds: 60 }] },
      },
    });
    assertSchemaValid(h);
    expect(h.spec?.behavior).toEqual({
      scaleUp: { policies: [{ type: "Percent", value: 100, periodSeconds: 60 }] },
      scaleDown: {
        stabilizationWindowSeconds: 600,
        selectPolicy: "Min",
        policies: [{ type: "Pods", value: 1, periodSeconds: 300 }],
      },
    });
  });

  it.each([
    { options: { ...base, minReplicas: 11 }, code: "min_above_max", path: "minReplicas" },
    { options: { ...base, cpuUtilization: undefined }, code: "required", path: "cpuUtilization" },
    { options: { ...base, cpuUtilization: 0 }, code: "too_small", path: "cpuUtilization" },
    {
      options: { ...base, behavior: { scaleDown: { stabilizationWindowSeconds: 7200 } } },
      code: "too_big",
      path: "behavior.scaleDown.stabilizationWindowSeconds",
    },
    {
      options: { ...base, scaleTargetRef: { kind: "DaemonSet", name: "x" } },
      code: "invalid_value",
      path: "scaleTargetRef.kind",
    },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => hpa(options as HpaOptions), code, path);
  });

  it("quotes both fields when min is above max", () => {
    expect(builderError(() => hpa({ ...base, minReplicas: 11 })).issues[0]?.message).toBe(
      "minReplicas (11) is more than maxReplicas (10)",
    );
  });
});

describe("hpaFor", () => {
  const app = deployment({ name: "app", namespace: "ns", replicas: 3, containers: [webContainer] });

  it("targets the workload by kind and name, in its namespace, with its labels", () => {
    const h = hpaFor(app, { maxReplicas: 10, cpuUtilization: 70 });
    assertSchemaValid(h);
    expect(h.metadata).toMatchObject({ name: "app", namespace: "ns", labels: app.metadata?.labels });
    expect(h.spec?.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "app" });
  });

  it("takes minReplicas from the workload's replicas unless given", () => {
    expect(hpaFor(app, { maxReplicas: 10, cpuUtilization: 70 }).spec?.minReplicas).toBe(3);
    expect(hpaFor(app, { minReplicas: 2, maxReplicas: 10, cpuUtilization: 70 }).spec?.minReplicas).toBe(2);
  });

  it("refuses a workload whose replicas exceed maxReplicas", () => {
    expectIssue(() => hpaFor(app, { maxReplicas: 2, cpuUtilization: 70 }), "min_above_max", "minReplicas");
  });
});
