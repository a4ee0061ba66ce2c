// Mutations shared by hpa/hpaFor and pdb/pdbFor.
import fc from "fast-check";
import { clone } from "./harness.ts";
import type { Lens, Mutator } from "./mutate.ts";
import { setValue } from "./mutations-common.ts";

/** Mutations shared by hpa and hpaFor. */
export function hpaMutations<I>(lens: Lens<I>): Mutator<I>[] {
  const mutators: Mutator<I>[] = [
    setValue(lens, "bad maxReplicas", ["maxReplicas"], [0, -1, 1.5, "3"]),
    setValue(lens, "bad minReplicas", ["minReplicas"], [0, -1, 1.5, "3"]),
    setValue(lens, "bad cpuUtilization", ["cpuUtilization"], [0, -5, 1.5, "70"]),
    setValue(lens, "bad memoryUtilization", ["memoryUtilization"], [0, 1.5, "70%"]),
    (input) => {
      const o = lens.get(input) as Record<string, unknown>;
      return fc.integer({ min: 2, max: 50 }).map((min) => ({
        mutation: `minReplicas ${min} above maxReplicas ${min - 1}`,
        input: lens.set(input, { ...o, minReplicas: min, maxReplicas: min - 1 }),
        path: "minReplicas",
        code: "min_above_max",
      }));
    },
    (input) => {
      const { cpuUtilization: _c, memoryUtilization: _m, ...o } = lens.get(input) as Record<string, unknown>;
      return fc.constant({
        mutation: "no utilization target",
        input: lens.set(input, o),
        path: "cpuUtilization",
        code: "required",
      });
    },
    setValue(
      lens,
      "bad stabilization window",
      ["behavior", "scaleUp", "stabilizationWindowSeconds"],
      [3601, -1, 1.5],
    ),
    setValue(lens, "bad selectPolicy", ["behavior", "scaleDown", "selectPolicy"], ["Maximum", ""]),
    setValue(lens, "bad policy", ["behavior", "scaleUp", "policies", 0, "periodSeconds"], [0, 1801, 1.5]),
    setValue(lens, "bad policy type", ["behavior", "scaleDown", "policies", 0, "type"], ["pods", "Absolute"]),
  ];
  return mutators.map((m) => fixPolicies(lens, m));
}

/** Mutations inside a policy need the policy's other fields: fill them in when the mutation created it. */
function fixPolicies<I>(lens: Lens<I>, m: Mutator<I>): Mutator<I> {
  return (input) =>
    m(input)?.map((mut) => {
      const copy = clone(mut.input);
      const o = lens.get(copy) as { behavior?: Record<string, { policies?: Record<string, unknown>[] }> };
      for (const dir of Object.values(o.behavior ?? {})) {
        if (dir.policies !== undefined) {
          dir.policies = dir.policies.map((p) => ({ type: "Pods", value: 1, periodSeconds: 60, ...p }));
        }
      }
      return { ...mut, input: copy };
    });
}

/** Mutations shared by pdb and pdbFor. */
export function budgetMutations<I>(lens: Lens<I>): Mutator<I>[] {
  const without = (o: Record<string, unknown>) => {
    const { minAvailable: _a, maxUnavailable: _b, ...rest } = o;
    return rest;
  };
  const set =
    (label: string, budget: Record<string, unknown>, path: string, code?: string): Mutator<I> =>
    (input) =>
      fc.constant({
        mutation: `${label}: ${JSON.stringify(budget)}`,
        input: lens.set(input, { ...without(lens.get(input) as Record<string, unknown>), ...budget }),
        path,
        ...(code === undefined ? {} : { code }),
      });
  return [
    set("both set", { minAvailable: 1, maxUnavailable: 1 }, "minAvailable", "exactly_one"),
    set("maxUnavailable 0", { maxUnavailable: 0 }, "maxUnavailable", "blocks_drains"),
    set("maxUnavailable 0%", { maxUnavailable: "0%" }, "maxUnavailable", "blocks_drains"),
    (input) =>
      fc.constantFrom<unknown>("101%", "-1", -1, 1.5, "50", "1.5%", "%", true).chain((v) =>
        fc.constantFrom("minAvailable", "maxUnavailable").map((field) => ({
          mutation: `${field} ${JSON.stringify(v)}`,
          input: lens.set(input, { ...without(lens.get(input) as Record<string, unknown>), [field]: v }),
          path: field,
        })),
      ),
    setValue(lens, "bad unhealthyPodEvictionPolicy", ["unhealthyPodEvictionPolicy"], ["Always", ""]),
  ];
}
