/**
 * What derivations (`serviceFor`, `hpaFor`, `pdbFor`, `selectorLabels`) read from a workload they were given, and
 * which workloads each takes: the one rule, read from the table of kinds (base/kinds.ts). A workload whose
 * selector the API requires (Deployment, StatefulSet, DaemonSet) has selector labels and can be a Service's
 * backend; only a replicated one (its pods counted by `spec.replicas`) can be scaled or budgeted.
 */
import type { DaemonSet, Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { ContainerPort } from "kubernetes-types/core/v1.js";
import { kindFacts } from "../base/kinds.ts";
import { workloadProblem } from "../base/source-object.ts";
import { invalidSource } from "../base/validate.ts";

/** A replicated workload: what `hpaFor` and `pdbFor` derive from. */
export type Workload = Deployment | StatefulSet;

/** A workload with selector labels: what `serviceFor` and `selectorLabels` derive from. */
export type SelectingWorkload = Deployment | StatefulSet | DaemonSet;

export interface WorkloadFacts {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly replicas: number | undefined;
  /** Whether `spec.replicas` counts its pods (from the table of kinds). */
  readonly replicated: boolean;
  readonly ports: readonly ContainerPort[];
}

/** What a derivation needs of its workload: selector labels, or also a replica count. */
export type WorkloadNeed = "selector" | "replicated";

/**
 * The facts of the workload a derivation (`builder`) was given; anything else is its `invalid_object` error. With
 * `need: "replicated"`, a workload that is not replicated (a DaemonSet, a Job's or CronJob's pods) is refused too.
 */
export function sourceWorkload(builder: string, w: unknown, need: WorkloadNeed = "selector"): WorkloadFacts {
  const kind = w !== null && typeof w === "object" ? (w as { kind?: unknown }).kind : undefined;
  if (typeof kind === "string" && kindFacts(kind)?.selector === "required") {
    // Whatever the derivation copies must be valid: the workload may have been patched or written by hand.
    const problem = workloadProblem(w as Record<string, unknown>);
    if (problem !== undefined) throw invalidSource(builder, "workload", `the ${kind} has ${problem}`);
  }
  const facts = workloadFacts(w);
  if (facts === undefined) {
    const kind = (w as { kind?: unknown } | null)?.kind;
    const what =
      need === "replicated" ? "a Deployment or StatefulSet" : "a Deployment, StatefulSet or DaemonSet";
    throw invalidSource(
      builder,
      "workload",
      typeof kind === "string" && kindFacts(kind)?.podTemplate !== undefined
        ? `a ${kind} has no selector labels of its own: ${builder} takes ${what}`
        : `expected ${what} built by this library (with metadata.name and spec.selector.matchLabels)`,
    );
  }
  if (need === "replicated" && !facts.replicated) {
    throw invalidSource(
      builder,
      "workload",
      `a ${facts.kind} runs one pod per node, not a number of replicas: ${builder} takes a Deployment or StatefulSet`,
      facts.name,
    );
  }
  return facts;
}

/**
 * Reads the facts of a workload; undefined when it is not one this library can derive from: a kind whose
 * selector the API requires, with a name and selector labels.
 */
export function workloadFacts(w: unknown): WorkloadFacts | undefined {
  if (w === null || typeof w !== "object") return undefined;
  const o = w as Partial<Deployment>;
  const facts = typeof o.kind === "string" ? kindFacts(o.kind) : undefined;
  if (facts?.selector !== "required" || o.kind === undefined) return undefined;
  if (workloadProblem(o as Record<string, unknown>) !== undefined) return undefined;
  const name = o.metadata?.name;
  const selector = o.spec?.selector?.matchLabels;
  if (typeof name !== "string" || selector === undefined) return undefined;
  return {
    kind: o.kind,
    name,
    namespace: o.metadata?.namespace,
    labels: { ...(o.metadata?.labels ?? {}) },
    selector: { ...selector },
    replicas: o.spec?.replicas,
    replicated: facts.replicated === true,
    ports: (o.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
  };
}

/**
 * A workload's selector labels (`spec.selector.matchLabels`, a copy), for the selectors written by hand — a
 * NetworkPolicy's `podSelector`, a PodMonitor's `selector` — so that they select exactly its pods. It reads the
 * object, so labels set by a patch are the ones it gives. Anything but a Deployment, StatefulSet or DaemonSet with
 * selector labels is refused (`invalid_object`).
 *
 * @example
 * networkPolicy({ name: "api-from-web", podSelector: selectorLabels(api), ingress: [{ peers: [{ pods: selectorLabels(web) }] }] });
 */
export function selectorLabels(workload: SelectingWorkload): Record<string, string> {
  return sourceWorkload("selectorLabels", workload).selector;
}
