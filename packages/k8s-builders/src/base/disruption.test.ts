import { describe, expect, it } from "vitest";
import { budgetBlocksDrains } from "./disruption.ts";

describe("budgetBlocksDrains: the one rule of pdb, pdbFor, PDB_BLOCKS_DRAINS and the bundle configuration", () => {
  it.each([
    { budget: { maxUnavailable: 0 }, pods: 3, block: { field: "maxUnavailable" } },
    { budget: { maxUnavailable: "0%" }, pods: undefined, block: { field: "maxUnavailable" } },
    { budget: { maxUnavailable: 0 }, pods: 0, block: { field: "maxUnavailable" } },
    { budget: { minAvailable: "100%" }, pods: undefined, block: { field: "minAvailable" } },
    { budget: { minAvailable: "100%" }, pods: 0, block: { field: "minAvailable", required: 0 } },
    { budget: { minAvailable: 2 }, pods: 2, block: { field: "minAvailable", required: 2 } },
    { budget: { minAvailable: 3 }, pods: 2, block: { field: "minAvailable", required: 3 } },
    // Kubernetes rounds a percentage of minAvailable up: 50% of 1 pod keeps that pod.
    { budget: { minAvailable: "50%" }, pods: 1, block: { field: "minAvailable", required: 1 } },
    { budget: { minAvailable: "67%" }, pods: 3, block: { field: "minAvailable", required: 3 } },
  ])("blocks with $budget over $pods pods", ({ budget, pods, block }) => {
    expect(budgetBlocksDrains(budget, pods)).toEqual(block);
  });

  it.each([
    { budget: { maxUnavailable: 1 }, pods: 1 },
    { budget: { maxUnavailable: "10%" }, pods: 1 },
    { budget: { minAvailable: 1 }, pods: 2 },
    { budget: { minAvailable: "66%" }, pods: 3 },
    { budget: { minAvailable: 0 }, pods: 0 },
    { budget: { minAvailable: 0 }, pods: 1 },
    { budget: { minAvailable: "0%" }, pods: 1 },
    { budget: { minAvailable: 5 }, pods: 0 },
    { budget: { minAvailable: 5 }, pods: undefined },
    { budget: {}, pods: 1 },
  ])("lets a drain evict a pod with $budget over $pods pods", ({ budget, pods }) => {
    expect(budgetBlocksDrains(budget, pods)).toBeUndefined();
  });
});
