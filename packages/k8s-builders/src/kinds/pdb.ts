/** PodDisruptionBudget (policy/v1): how many pods voluntary disruptions (drains, upgrades) may take. */
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import * as z from "zod/mini";
import { budgetBlocksDrains } from "../base/disruption.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { nonEmptySelectorIssues } from "../base/meta-checks.ts";
import { type Json, obj } from "../base/object.ts";
import { k8sApi, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { INT32_MAX, labels } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";
import { sourceWorkload, type Workload } from "./workload.ts";

const SPEC = k8sApi("policy-resources/pod-disruption-budget-v1", "PodDisruptionBudgetSpec");

const intOrPercent = once(() =>
  z.union([
    z
      .number()
      .check(
        z.int({ error: "expected a whole number" }),
        z.gte(0, { error: "expected a number ≥ 0" }),
        z.lte(INT32_MAX, { error: `expected at most ${INT32_MAX} (a 32-bit field)` }),
      ),
    z
      .string()
      .check(z.regex(/^(100|[1-9]?\d)%$/, { error: "expected a whole number or a percentage such as 50%" })),
  ]),
);
const evictionPolicy = once(() => z.enum(["IfHealthyBudget", "AlwaysAllow"]));

/** The budget `pdb` and `pdbFor` share. */
function budgetShape() {
  return {
    ...patchShape<Built<PodDisruptionBudget, "spec">>(),
    /**
     * Pods that must stay available. Exactly one of `minAvailable` and `maxUnavailable`.
     * @default unset (`maxUnavailable` is given)
     */
    minAvailable: option(intOrPercent(), {
      description: "Pods that must stay available. Exactly one of `minAvailable` and `maxUnavailable`.",
      unset: "`maxUnavailable` is given",
      k8s: SPEC,
    }),
    /**
     * Pods that may be down at once; `1` never blocks a drain.
     * @default none when `minAvailable` is given; pdbFor: 1 when neither is
     */
    maxUnavailable: option(intOrPercent(), {
      description: "Pods that may be down at once; `1` never blocks a drain.",
      derived: "none when `minAvailable` is given; pdbFor: 1 when neither is",
      k8s: SPEC,
    }),
    /** `AlwaysAllow` lets drains evict pods that are not ready anyway. @default "AlwaysAllow" */
    unhealthyPodEvictionPolicy: option(evictionPolicy(), {
      description: "`AlwaysAllow` lets drains evict pods that are not ready anyway.",
      default: "AlwaysAllow",
      why: "A pod that is not ready serves nothing: keeping it would only block the drain.",
      k8s: SPEC,
    }),
  };
}

/** The schema of {@link PdbOptions} (built on first use). */
export const PdbOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  ...budgetShape(),
  /** Labels of the pods the budget protects (a workload's selector labels). */
  selector: required(labels, {
    description: "Labels of the pods the budget protects (a workload's selector labels).",
    k8s: SPEC,
  }),
}));

/** Options of {@link pdb}. */
export type PdbOptions = z.input<typeof PdbOptionsSchema>;
type Budget = z.output<z.ZodMiniObject<ReturnType<typeof budgetShape>>>;

/**
 * Exactly one of the two fields, and a budget that lets a drain evict a pod of the `pods` it protects; `at` is
 * where the two fields are (the options, or a PodDisruptionBudget's spec).
 */
function budgetRules(p: Budget, pods?: number, at: readonly PropertyKey[] = []): RuleIssue[] {
  if ((p.minAvailable === undefined) === (p.maxUnavailable === undefined)) {
    return [
      {
        path: [...at, "minAvailable"],
        code: "exactly_one",
        message:
          p.minAvailable === undefined
            ? "expected exactly one of minAvailable or maxUnavailable"
            : `minAvailable (${p.minAvailable}) and maxUnavailable (${p.maxUnavailable}) are both set: give only one`,
      },
    ];
  }
  const block = budgetBlocksDrains(p, pods);
  if (block === undefined) return [];
  return [
    {
      path: [...at, block.field],
      code: "blocks_drains",
      message:
        block.field === "maxUnavailable"
          ? "maxUnavailable 0 blocks every node drain: use at least 1"
          : p.minAvailable === "100%"
            ? "minAvailable 100% keeps every pod: no pod could ever be evicted"
            : `minAvailable (${p.minAvailable}) is not below the workload's replicas (${pods}): no pod could ever be evicted`,
    },
  ];
}

/** A budget's selector selects some pods: an empty one would protect every pod of the namespace. */
const selectorIssues = (selector: unknown, at: readonly PropertyKey[]): RuleIssue[] =>
  nonEmptySelectorIssues(
    selector,
    at,
    "an empty selector would protect every pod of the namespace: give the workload's selector labels",
  );

const pdbFields = once(
  (): FieldChecks => ({
    "policy/v1.PodDisruptionBudgetSpec.minAvailable": intOrPercent(),
    "policy/v1.PodDisruptionBudgetSpec.maxUnavailable": intOrPercent(),
    "policy/v1.PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy": evictionPolicy(),
  }),
);

/** What the checks of a built or patched PodDisruptionBudget add to every object's: its budget and selector. */
export const PDB_CHECKS: KindChecks = {
  get fields() {
    return pdbFields();
  },
  rules: (o: Json) => {
    const spec = obj(o.spec);
    const budget = { minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable } as Budget;
    return [
      ...budgetRules(budget, undefined, ["spec"]),
      ...selectorIssues(spec.selector, ["spec", "selector"]),
    ];
  },
};

function build(
  o: Budget & { name: string; namespace?: string | undefined; selector: Record<string, string> },
  meta: ReturnType<typeof objectMeta>,
): Built<PodDisruptionBudget, "spec"> {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta,
    spec: {
      ...(o.minAvailable === undefined ? {} : { minAvailable: o.minAvailable }),
      ...(o.maxUnavailable === undefined ? {} : { maxUnavailable: o.maxUnavailable }),
      selector: { matchLabels: { ...o.selector } },
      unhealthyPodEvictionPolicy: o.unhealthyPodEvictionPolicy,
    },
  };
}

/**
 * Builds a PodDisruptionBudget with exactly one of minAvailable / maxUnavailable.
 *
 * @example
 * pdb({ name: "api", selector: { "app.kubernetes.io/name": "api" }, maxUnavailable: 1 });
 */
export function pdb(options: PdbOptions): Built<PodDisruptionBudget, "spec"> {
  const o = parseOptions("pdb", PdbOptionsSchema, options, (p) => [
    ...budgetRules(p),
    ...selectorIssues({ matchLabels: p.selector }, ["selector"]),
  ]);
  return patched("pdb", build(o, objectMeta(o)), o.patch, PDB_CHECKS);
}

/** The schema of {@link PdbForOptions} (built on first use). */
export const PdbForOptionsSchema = lazyObject(() => {
  const { name, annotations } = metaShape();
  return {
    ...budgetShape(),
    /** Name of the PodDisruptionBudget. @default the workload's name */
    name: option(name, {
      description: "Name of the PodDisruptionBudget.",
      derived: "the workload's name",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    annotations,
  };
});

/** pdbFor's budget: one pod down at a time when neither count is given, which never blocks a drain. */
function forBudget<B extends Budget>(p: B): B {
  return p.minAvailable === undefined && p.maxUnavailable === undefined ? { ...p, maxUnavailable: 1 } : p;
}
/** Options of {@link pdbFor}. */
export type PdbForOptions = z.input<typeof PdbForOptionsSchema>;

/**
 * Derives a PodDisruptionBudget that selects exactly the workload's pods. With neither field given it allows
 * one pod down at a time (`maxUnavailable: 1`), which never blocks a drain. A `minAvailable` that is not below
 * the workload's replicas (a percentage rounded up, as Kubernetes does) is refused: it would block every drain.
 *
 * @example
 * pdbFor(deployment(opts), { minAvailable: 1 });
 */
export function pdbFor(workload: Workload, options: PdbForOptions = {}): Built<PodDisruptionBudget, "spec"> {
  const facts = sourceWorkload("pdbFor", workload, "replicated");
  const o = parseOptions("pdbFor", PdbForOptionsSchema, options, (p) => {
    return budgetRules(forBudget(p), facts.replicas);
  });
  const budget = forBudget(o);
  const name = o.name ?? facts.name;
  const meta = {
    name,
    ...(facts.namespace === undefined ? {} : { namespace: facts.namespace }),
    labels: { ...facts.labels },
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  return patched("pdbFor", build({ ...budget, name, selector: facts.selector }, meta), o.patch, PDB_CHECKS);
}
