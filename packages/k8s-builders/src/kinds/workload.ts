/** What derivations (`serviceFor`, `hpaFor`, `pdbFor`) read from a workload they were given. */
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { ContainerPort } from "kubernetes-types/core/v1.js";
import { invalidSource } from "../base/validate.ts";

/** A workload that derivations read from. */
export type Workload = Deployment | StatefulSet;

export interface WorkloadFacts {
  readonly kind: "Deployment" | "StatefulSet";
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly replicas: number | undefined;
  readonly ports: readonly ContainerPort[];
}

/** The facts of the workload a derivation (`builder`) was given; anything else is its `invalid_object` error. */
export function sourceWorkload(builder: string, w: unknown): WorkloadFacts {
  const facts = workloadFacts(w);
  if (facts === undefined) {
    throw invalidSource(
      builder,
      "workload",
      "expected a Deployment or StatefulSet built by this library (with metadata.name and spec.selector.matchLabels)",
    );
  }
  return facts;
}

/** Reads the facts of a workload; undefined when it is not one this library can derive from. */
export function workloadFacts(w: unknown): WorkloadFacts | undefined {
  if (w === null || typeof w !== "object") return undefined;
  const o = w as Partial<Deployment>;
  if (o.kind !== "Deployment" && o.kind !== "StatefulSet") return undefined;
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
    ports: (o.spec?.template?.spec?.containers ?? []).flatMap((c) => c.ports ?? []),
  };
}

/**
 * A workload's selector labels (`spec.selector.matchLabels`, a copy), for the selectors written by hand — a
 * NetworkPolicy's `podSelector`, a PodMonitor's `selector` — so that they select exactly its pods. It reads the
 * object, so labels set by a patch are the ones it gives. Anything but a Deployment or StatefulSet with selector
 * labels is refused (`invalid_object`).
 *
 * @example
 * networkPolicy({ name: "api-from-web", podSelector: selectorLabels(api), ingress: [{ peers: [{ pods: selectorLabels(web) }] }] });
 */
export function selectorLabels(workload: Workload): Record<string, string> {
  return sourceWorkload("selectorLabels", workload).selector;
}
