/** PodDisruptionBudget (policy/v1): how many pods voluntary disruptions (drains, upgrades) may take. */
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import * as z from "zod/mini";
import { budgetBlocksDrains } from "../base/disruption.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, option, required } from "../base/options.ts";
import { INT32_MAX, labels } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { sourceWorkload, type Workload } from "./workload.ts";

const SPEC = k8sApi("policy-resources/pod-disruption-budget-v1", "PodDisruptionBudgetSpec");

const intOrPercent = () =>
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
  ]);

/** The budget `pdb` and `pdbFor` share. */
function budgetShape() {
  return {
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
    unhealthyPodEvictionPolicy: option(z.enum(["IfHealthyBudget", "AlwaysAllow"]), {
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

/** Exactly one of the two fields, and a budget that lets a drain evict a pod of the `pods` it protects. */
function budgetRules(p: Budget, pods?: number): RuleIssue[] {
  if ((p.minAvailable === undefined) === (p.maxUnavailable === undefined)) {
    return [
      {
        path: ["minAvailable"],
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
      path: [block.field],
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
  const o = parseOptions("pdb", PdbOptionsSchema, options, (p) => budgetRules(p));
  return build(o, objectMeta(o));
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
  return build({ ...budget, name, selector: facts.selector }, meta);
}
