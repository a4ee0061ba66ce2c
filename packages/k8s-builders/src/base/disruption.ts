/**
 * When a PodDisruptionBudget blocks node drains: the one rule that `pdb`/`pdbFor`, the bundle check
 * (`PDB_BLOCKS_DRAINS`) and the call-center configuration all apply.
 */

/** The two ways to write a budget: a number of pods, or a percentage such as `50%`. */
export interface DisruptionBudget {
  readonly minAvailable?: number | string | undefined;
  readonly maxUnavailable?: number | string | undefined;
}

/** Why a budget allows no eviction: the field at fault, and the pods `minAvailable` keeps (when known). */
export interface DrainBlock {
  readonly field: "minAvailable" | "maxUnavailable";
  /** Pods `minAvailable` keeps available (a percentage rounded up, as Kubernetes does); unset when not known. */
  readonly required?: number;
}

function percent(v: number | string): number | undefined {
  const m = typeof v === "string" ? /^(\d+)%$/.exec(v) : null;
  return m === null ? undefined : Number(m[1]);
}

/**
 * Whether a budget lets no pod be evicted, so every node drain hangs, when it protects `pods` pods (undefined
 * when the count is not known): `maxUnavailable` 0 or `0%` and `minAvailable` `100%` always; another
 * `minAvailable` (a number, or a percentage rounded up) when it is not below the pods. Otherwise a budget over
 * no pods, and `minAvailable` 0, never block.
 *
 * @example
 * budgetBlocksDrains({ minAvailable: 2 }, 2); // { field: "minAvailable", required: 2 }
 * budgetBlocksDrains({ maxUnavailable: 1 }, 1); // undefined
 */
export function budgetBlocksDrains(
  budget: DisruptionBudget,
  pods: number | undefined,
): DrainBlock | undefined {
  const { minAvailable, maxUnavailable } = budget;
  if (maxUnavailable === 0 || (maxUnavailable !== undefined && percent(maxUnavailable) === 0)) {
    return { field: "maxUnavailable" };
  }
  if (minAvailable === undefined) return undefined;
  const pct = percent(minAvailable);
  if (pct === 100) return { field: "minAvailable", ...(pods === undefined ? {} : { required: pods }) };
  if (pods === undefined || pods === 0) return undefined;
  const required =
    typeof minAvailable === "number"
      ? minAvailable
      : pct === undefined
        ? undefined
        : Math.ceil((pct * pods) / 100);
  return required === undefined || required === 0 || required < pods
    ? undefined
    : { field: "minAvailable", required };
}
