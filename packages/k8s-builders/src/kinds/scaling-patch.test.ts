// Patches of the HorizontalPodAutoscaler and PodDisruptionBudget builders (and of their objects through `patch`):
// the patched object meets the rules the builders apply, and a problem is reported at its path in the patch.
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { webContainer } from "../../test/support/fixtures.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { Built } from "../base/manifest.ts";
import type { Patch } from "../base/patch-types.ts";
import { patch } from "../patch.ts";
import { deployment } from "./deployment.ts";
import { type HpaOptions, hpa, hpaFor } from "./hpa.ts";
import { type PdbOptions, pdb, pdbFor } from "./pdb.ts";

const hpaOptions = {
  name: "app",
  scaleTargetRef: { kind: "Deployment", name: "app" },
  minReplicas: 2,
  maxReplicas: 10,
  cpuUtilization: 70,
} satisfies HpaOptions;
const selector = { "app.kubernetes.io/name": "app", "app.kubernetes.io/instance": "app" };
const pdbOptions = { name: "app", selector, maxUnavailable: 1 } satisfies PdbOptions;
const app = () => deployment({ name: "app", replicas: 3, containers: [webContainer] });

const queueMetric = {
  type: "External",
  external: {
    metric: { name: "queue_depth", selector: { matchLabels: { queue: "calls" } } },
    target: { type: "AverageValue", averageValue: "30" },
  },
} as const;

describe("hpa patch", () => {
  it("adds a metric the options do not model (an external queue depth)", () => {
    const h = hpa({ ...hpaOptions, patch: { spec: { metrics: [queueMetric] } } });
    assertSchemaValid(h);
    expect(h.spec.metrics).toEqual([queueMetric]);
  });

  it("hpaFor applies the patch after deriving", () => {
    const h = hpaFor(app(), { maxReplicas: 6, cpuUtilization: 60, patch: { spec: { minReplicas: 4 } } });
    expect(h.spec.minReplicas).toBe(4);
    expect(h.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "app" });
  });

  it("takes a typed partial of the HPA", () => {
    expectTypeOf<NonNullable<HpaOptions["patch"]>>().toEqualTypeOf<
      Patch<Built<HorizontalPodAutoscaler, "spec">>
    >();
  });

  it.each([
    { p: { spec: { minReplicas: 11 } }, code: "min_above_max", path: "patch.spec.minReplicas" },
    { p: { spec: { maxReplicas: 1 } }, code: "min_above_max", path: "patch.spec.minReplicas" },
    { p: { spec: { minReplicas: 0 } }, code: "too_small", path: "patch.spec.minReplicas" },
    { p: { spec: { metrics: [] } }, code: "required", path: "patch.spec.metrics" },
    {
      p: { spec: { scaleTargetRef: { kind: "DaemonSet" } } },
      code: "invalid_value",
      path: "patch.spec.scaleTargetRef.kind",
    },
    {
      p: { spec: { metrics: [{ type: "Pods", resource: { name: "cpu" } }] } },
      code: "conflicting_options",
      path: "patch.spec.metrics[0].resource",
    },
    {
      p: { spec: { metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Value" } } }] } },
      code: "invalid_value",
      path: "patch.spec.metrics[0].resource.target.type",
    },
    {
      p: {
        spec: { metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization" } } }] },
      },
      code: "required",
      path: "patch.spec.metrics[0].resource.target.averageUtilization",
    },
    {
      p: {
        spec: { metrics: [{ ...queueMetric, external: { ...queueMetric.external, metric: { name: "" } } }] },
      },
      code: "required",
      path: "patch.spec.metrics[0].external.metric.name",
    },
    {
      p: {
        spec: {
          metrics: [
            { ...queueMetric, external: { ...queueMetric.external, target: { type: "Value", value: "0" } } },
          ],
        },
      },
      code: "too_small",
      path: "patch.spec.metrics[0].external.target.value",
    },
    {
      p: {
        spec: { behavior: { scaleDown: { policies: [{ type: "Pods", value: 1, periodSeconds: 3600 }] } } },
      },
      code: "too_big",
      path: "patch.spec.behavior.scaleDown.policies[0].periodSeconds",
    },
    {
      p: { spec: { behavior: { scaleUp: { policies: [] } } } },
      code: "too_small",
      path: "patch.spec.behavior.scaleUp.policies",
    },
  ] as { p: Patch<Built<HorizontalPodAutoscaler, "spec">>; code: string; path: string }[])(
    "refuses $path ($code)",
    ({ p, code, path }) => {
      expectIssue(() => hpa({ ...hpaOptions, patch: p }), code, path);
    },
  );

  it("patch() checks an HPA as the builder does", () => {
    expectIssue(
      () => patch(hpa(hpaOptions), { spec: { minReplicas: 20 } }),
      "min_above_max",
      "spec.minReplicas",
    );
  });

  it("hpaFor reports its patch's problems under patch", () => {
    expectIssue(
      () => hpaFor(app(), { maxReplicas: 6, cpuUtilization: 60, patch: { spec: { maxReplicas: 2 } } }),
      "min_above_max",
      "patch.spec.minReplicas",
    );
  });
});

describe("pdb patch", () => {
  it("sets a field through the patch", () => {
    const p = pdb({ ...pdbOptions, patch: { spec: { unhealthyPodEvictionPolicy: "IfHealthyBudget" } } });
    assertSchemaValid(p);
    expect(p.spec.unhealthyPodEvictionPolicy).toBe("IfHealthyBudget");
  });

  it("swaps maxUnavailable for minAvailable with null", () => {
    const p = pdb({ ...pdbOptions, patch: { spec: { maxUnavailable: null, minAvailable: "50%" } } });
    expect(p.spec).toMatchObject({ minAvailable: "50%" });
    expect(p.spec).not.toHaveProperty("maxUnavailable");
  });

  it("pdbFor applies the patch after deriving", () => {
    const p = pdbFor(app(), { patch: { metadata: { annotations: { team: "calls" } } } });
    expect(p.metadata.annotations).toEqual({ team: "calls" });
    expect(p.spec.selector).toEqual(app().spec.selector);
  });

  it("takes a typed partial of the PodDisruptionBudget", () => {
    expectTypeOf<NonNullable<PdbOptions["patch"]>>().toEqualTypeOf<
      Patch<Built<PodDisruptionBudget, "spec">>
    >();
  });

  it.each([
    { p: { spec: { minAvailable: 1 } }, code: "exactly_one", path: "patch.spec.minAvailable" },
    { p: { spec: { maxUnavailable: null } }, code: "exactly_one", path: "patch.spec.minAvailable" },
    { p: { spec: { maxUnavailable: "150%" } }, code: "invalid_format", path: "patch.spec.maxUnavailable" },
    { p: { spec: { maxUnavailable: 0 } }, code: "blocks_drains", path: "patch.spec.maxUnavailable" },
    { p: { spec: { selector: { matchLabels: null } } }, code: "too_small", path: "patch.spec.selector" },
    {
      p: { spec: { unhealthyPodEvictionPolicy: "Never" } },
      code: "invalid_value",
      path: "patch.spec.unhealthyPodEvictionPolicy",
    },
  ] as { p: Patch<Built<PodDisruptionBudget, "spec">>; code: string; path: string }[])(
    "refuses $path ($code)",
    ({ p, code, path }) => {
      expectIssue(() => pdb({ ...pdbOptions, patch: p }), code, path);
    },
  );

  it("the builder refuses an empty selector, as it refuses a patched one", () => {
    expectIssue(() => pdb({ ...pdbOptions, selector: {} }), "too_small", "selector");
  });

  it("patch() checks a PodDisruptionBudget as the builder does", () => {
    expectIssue(
      () => patch(pdbFor(app()), { spec: { minAvailable: 1 } }),
      "exactly_one",
      "spec.minAvailable",
    );
  });
});
