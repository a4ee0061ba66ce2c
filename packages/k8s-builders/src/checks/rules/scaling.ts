/** HorizontalPodAutoscalers and PodDisruptionBudgets: what they point at, and whether drains can progress. */
import { budgetBlocksDrains } from "../../base/disruption.ts";
import { groupOf, kindFacts } from "../../base/kinds.ts";
import { scalesByReplicas } from "../../base/scale-target.ts";
import type { Bundle, Entry, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { podIndex } from "../label-index.ts";
import { arr, at, get, isRec, num, show, str } from "../read.ts";

interface HpaTarget {
  readonly hpa: Entry;
  readonly target: Entry | undefined;
  readonly minReplicas: number;
}

const targetsOf = new WeakMap<Bundle, { all: HpaTarget[]; byTarget: Map<number, HpaTarget> }>();

/** The HPAs of a bundle with the workloads they scale, read once per bundle. */
function hpaTargets(bundle: Bundle): HpaTarget[] {
  return hpaIndex(bundle).all;
}

function hpaIndex(bundle: Bundle): { all: HpaTarget[]; byTarget: Map<number, HpaTarget> } {
  let index = targetsOf.get(bundle);
  if (index === undefined) {
    const all = readHpaTargets(bundle);
    const byTarget = new Map<number, HpaTarget>();
    for (const t of all)
      if (t.target !== undefined && !byTarget.has(t.target.index)) byTarget.set(t.target.index, t);
    index = { all, byTarget };
    targetsOf.set(bundle, index);
  }
  return index;
}

function readHpaTargets(bundle: Bundle): HpaTarget[] {
  return bundle.ofKind("HorizontalPodAutoscaler", "autoscaling").map((hpa) => {
    const ref = get(hpa.obj, "spec", "scaleTargetRef");
    const kind = str(get(ref, "kind"));
    const name = str(get(ref, "name"));
    const apiVersion = str(get(ref, "apiVersion"));
    const target =
      kind === undefined || name === undefined
        ? undefined
        : bundle.find(kind, hpa.ns, name, apiVersion === undefined ? undefined : groupOf(apiVersion));
    return { hpa, target, minReplicas: num(get(hpa.obj, "spec", "minReplicas")) ?? 1 };
  });
}

/** The HPA that scales a workload, if the bundle has one. */
function hpaOf(bundle: Bundle, workload: Entry): HpaTarget | undefined {
  return hpaIndex(bundle).byTarget.get(workload.index);
}

/** An HPA's `scaleTargetRef` must name a workload of that kind in the HPA's namespace. */
export function hpaTargetExists(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { hpa, target } of hpaTargets(bundle)) {
    if (target !== undefined) continue;
    const ref = get(hpa.obj, "spec", "scaleTargetRef");
    out.push(
      finding(
        "HPA_TARGET_MISSING",
        hpa.ref,
        isRec(ref) ? "spec.scaleTargetRef.name" : "spec.scaleTargetRef",
        `scaleTargetRef ${str(get(ref, "kind")) ?? "(no kind)"} "${str(get(ref, "name")) ?? ""}" is not in the bundle's namespace "${hpa.ns}"`,
      ),
    );
  }
  return out;
}

/**
 * An HPA scales its target through the target's replicas (the scale subresource): a kind of the table of kinds
 * without them (a DaemonSet, a Job, a CronJob, a Pod…) is never scaled; the API server takes the HPA all the same.
 * Kinds the table does not know (custom resources, which may have a scale subresource) are left alone.
 */
export function hpaTargetScalable(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { hpa, target } of hpaTargets(bundle)) {
    if (target === undefined) continue;
    if (scalesByReplicas(target.kind) !== false) continue;
    out.push(
      finding(
        "HPA_TARGET_NOT_SCALABLE",
        hpa.ref,
        "spec.scaleTargetRef.kind",
        `scaleTargetRef ${target.kind} "${target.name}" has no replicas to scale: a HorizontalPodAutoscaler scales a Deployment or StatefulSet`,
      ),
    );
  }
  return out;
}

/** The resources an HPA computes utilization of: `Resource` metrics with a Utilization target, or v1's CPU. */
function utilizationResources(hpa: Entry): { resource: string; path: string }[] {
  const out: { resource: string; path: string }[] = [];
  if (num(get(hpa.obj, "spec", "targetCPUUtilizationPercentage")) !== undefined) {
    out.push({ resource: "cpu", path: "spec.targetCPUUtilizationPercentage" });
  }
  arr(get(hpa.obj, "spec", "metrics")).forEach((m, i) => {
    const resource = str(get(m, "resource", "name"));
    const target =
      get(m, "resource", "target", "type") ??
      (num(get(m, "resource", "targetAverageUtilization")) !== undefined ? "Utilization" : undefined);
    if (get(m, "type") === "Resource" && resource !== undefined && target === "Utilization") {
      out.push({ resource, path: at("spec", "metrics", i, "resource", "name") });
    }
  });
  return out;
}

/**
 * Utilization is a share of the request, so the HPA cannot compute it (and does not scale) when a container of
 * its target has no request for the resource. A limit alone counts: the request then defaults to it.
 */
export function hpaResourceRequests(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { hpa, target } of hpaTargets(bundle)) {
    const pod = target === undefined ? undefined : bundle.podOf(target);
    if (pod === undefined) continue;
    for (const { resource } of utilizationResources(hpa)) {
      for (const c of pod.containers) {
        if (c.group !== "containers" && !c.sidecar) continue;
        const requests =
          get(c.c, "resources", "requests", resource) ?? get(c.c, "resources", "limits", resource);
        if (requests !== undefined) continue;
        out.push(
          finding(
            "HPA_MISSING_RESOURCE_REQUEST",
            pod.entry.ref,
            at(c.at, "resources", "requests", resource),
            `HorizontalPodAutoscaler "${hpa.name}" scales on ${resource} utilization, but container "${c.name}" has no ${resource} request`,
          ),
        );
      }
    }
  }
  return out;
}

/** A workload that an HPA scales should leave `spec.replicas` out, or each apply resets what the HPA chose. */
export function replicasWithHpa(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { hpa, target } of hpaTargets(bundle)) {
    if (target === undefined || num(get(target.obj, "spec", "replicas")) === undefined) continue;
    out.push(
      finding(
        "WORKLOAD_REPLICAS_WITH_HPA",
        target.ref,
        "spec.replicas",
        `spec.replicas is ${show(get(target.obj, "spec", "replicas"))} and HorizontalPodAutoscaler "${hpa.name}" scales it: each apply resets the replica count`,
      ),
    );
  }
  return out;
}

function pdbPods(bundle: Bundle, pdb: Entry): PodSource[] | undefined {
  const selector = get(pdb.obj, "spec", "selector");
  if (!isRec(selector)) return undefined;
  return [...podIndex(bundle).bySelector(pdb.ns, selector)];
}

/** A PDB's selector must select the pods of some workload in its namespace (a missing selector selects none). */
export function pdbSelectsPods(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pdb of bundle.ofKind("PodDisruptionBudget", "policy")) {
    const pods = pdbPods(bundle, pdb);
    if (pods !== undefined && pods.length > 0) continue;
    out.push(
      finding(
        "PDB_SELECTS_NOTHING",
        pdb.ref,
        "spec.selector",
        pods === undefined
          ? "spec.selector is missing: the budget selects no pods"
          : `selector ${show(get(pdb.obj, "spec", "selector"))} matches the pod labels of no workload in namespace "${pdb.ns}"`,
      ),
    );
  }
  return out;
}

/** The fewest pods a workload runs: the HPA's minReplicas when an HPA scales it, else its replicas (default 1). */
function lowestReplicas(bundle: Bundle, pod: PodSource): number | undefined {
  const e = pod.entry;
  const facts = kindFacts(e.kind);
  // The object is the pod itself.
  if (facts?.podTemplate?.length === 0) return 1;
  if (facts?.replicated !== true) return undefined;
  const hpa = hpaOf(bundle, e);
  return hpa === undefined ? (pod.replicas ?? 1) : hpa.minReplicas;
}

/**
 * A budget that allows no eviction at the lowest replica count blocks every node drain (the rule of
 * base/disruption.ts, which the builders share): the pods counted are the replicas of the workloads it selects,
 * the HPA's minReplicas when an HPA scales one.
 */
export function pdbAllowsDrains(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pdb of bundle.ofKind("PodDisruptionBudget", "policy")) {
    const maxUnavailable = get(pdb.obj, "spec", "maxUnavailable");
    const minAvailable = get(pdb.obj, "spec", "minAvailable");
    const pods = pdbPods(bundle, pdb) ?? [];
    const counts = pods.map((p) => lowestReplicas(bundle, p));
    const total = counts.some((c) => c === undefined)
      ? undefined
      : counts.reduce<number>((a, c) => a + (c ?? 0), 0);
    const block = budgetBlocksDrains(
      { minAvailable: intOrString(minAvailable), maxUnavailable: intOrString(maxUnavailable) },
      total,
    );
    if (block === undefined) continue;
    if (block.field === "maxUnavailable") {
      out.push(
        finding(
          "PDB_BLOCKS_DRAINS",
          pdb.ref,
          "spec.maxUnavailable",
          `maxUnavailable ${show(maxUnavailable)} allows no pod to be evicted: every node drain blocks`,
        ),
      );
      continue;
    }
    if (total === undefined) {
      out.push(
        finding(
          "PDB_BLOCKS_DRAINS",
          pdb.ref,
          "spec.minAvailable",
          `minAvailable ${show(minAvailable)} keeps every pod: no pod could be evicted`,
        ),
      );
      continue;
    }
    const whose = pods
      .map((p) => {
        const hpa = hpaOf(bundle, p.entry);
        return hpa === undefined
          ? `${p.entry.kind} "${p.entry.name}" replicas ${lowestReplicas(bundle, p)}`
          : `${p.entry.kind} "${p.entry.name}" scaled down to ${hpa.minReplicas} by HorizontalPodAutoscaler "${hpa.hpa.name}"`;
      })
      .join(", ");
    out.push(
      finding(
        "PDB_BLOCKS_DRAINS",
        pdb.ref,
        "spec.minAvailable",
        `minAvailable ${show(minAvailable)} is not below the ${total} pod${total === 1 ? "" : "s"} it protects (${whose}): no pod could be evicted`,
      ),
    );
  }
  return out;
}

function intOrString(v: unknown): number | string | undefined {
  return typeof v === "number" || typeof v === "string" ? v : undefined;
}
