/**
 * Objects that step on each other or contradict themselves: two routes for one host and path, two
 * PodDisruptionBudgets over the same pods, two workloads selecting each other's pods, an HPA whose minimum is above
 * its maximum, Service ports with the same name, `externalTrafficPolicy` on a Service that is not external.
 */
import { kindFacts } from "../../base/kinds.ts";
import { type Bundle, type Entry, identityKey, type PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { podIndex } from "../label-index.ts";
import { arr, at, get, num, str, strMap } from "../read.ts";
import { ingresses } from "./ingress.ts";

/** A host and path an object routes traffic for. */
export interface RouteClaim {
  readonly owner: Entry;
  /** Who serves it: the ingress class (or the Gateway, for routes); claims of different scopes never conflict. */
  readonly scope: string;
  readonly host: string;
  readonly path: string;
  /** Path of the field, for the finding. */
  readonly at: string;
}

/** The claims of the bundle's Ingresses: `host` (`*` when unset) and path of each rule path. */
export function ingressClaims(bundle: Bundle): RouteClaim[] {
  const out: RouteClaim[] = [];
  for (const ing of ingresses(bundle)) {
    const scope =
      str(get(ing.obj, "spec", "ingressClassName")) ??
      strMap(get(ing.obj, "metadata", "annotations"))["kubernetes.io/ingress.class"] ??
      "";
    arr(get(ing.obj, "spec", "rules")).forEach((r, i) => {
      const host = str(get(r, "host")) ?? "*";
      arr(get(r, "http", "paths")).forEach((p, j) => {
        out.push({
          owner: ing,
          scope: `${ing.ns}|${scope}`,
          host,
          path: str(get(p, "path")) ?? "/",
          at: at("spec", "rules", i, "http", "paths", j, "path"),
        });
      });
    });
  }
  return out;
}

/**
 * No two Ingresses of one ingress class may claim the same host and path: the controller picks one silently.
 * (HTTPRoutes have their own rule, ROUTE_MATCH_CONFLICT, in rules/gateway-api.ts.)
 */
export function ingressPathsDoNotConflict(bundle: Bundle): Finding[] {
  const seen = new Map<string, RouteClaim>();
  const out: Finding[] = [];
  for (const claim of ingressClaims(bundle)) {
    const key = JSON.stringify([claim.scope, claim.host, claim.path]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, claim);
      continue;
    }
    const where =
      first.owner === claim.owner ? "earlier in this object" : `${first.owner.kind} "${first.owner.name}"`;
    out.push(
      finding(
        "INGRESS_PATH_CONFLICT",
        claim.owner.ref,
        claim.at,
        `host "${claim.host}" path "${claim.path}" is already routed by ${where} (${first.at}): the controller serves only one of them`,
      ),
    );
  }
  return out;
}

/** A pod may be covered by one PodDisruptionBudget only: with two, the eviction API refuses to evict it. */
export function pdbsDoNotOverlap(bundle: Bundle): Finding[] {
  const index = podIndex(bundle);
  const firstPdb = new Map<number, Entry>();
  const reported = new Set<string>();
  const out: Finding[] = [];
  for (const pdb of bundle.ofKind("PodDisruptionBudget", "policy")) {
    for (const pod of index.bySelector(pdb.ns, get(pdb.obj, "spec", "selector"))) {
      const first = firstPdb.get(pod.entry.index);
      if (first !== undefined && sameObject(first, pdb)) continue;
      if (first === undefined) {
        firstPdb.set(pod.entry.index, pdb);
        continue;
      }
      const key = `${first.index}|${pdb.index}`;
      if (reported.has(key)) continue;
      reported.add(key);
      out.push(
        finding(
          "PDB_OVERLAP",
          pdb.ref,
          "spec.selector",
          `selects the pods of ${pod.entry.kind} "${pod.entry.name}", which PodDisruptionBudget "${first.name}" already covers: evictions of those pods fail ("more than one PodDisruptionBudget")`,
        ),
      );
    }
  }
  return out;
}

/** The same object listed twice (DUPLICATE_OBJECT reports it): not an overlap of two objects. */
function sameObject(a: Entry, b: Entry): boolean {
  return a.kind === b.kind && a.ns === b.ns && a.name === b.name;
}

function isController(kind: string): boolean {
  const shape = kindFacts(kind)?.selector;
  return shape === "required" || shape === "map";
}

/**
 * Two workloads must not select each other's pods: their controllers fight over them. Reported on the workload
 * whose selector reaches the other's pods; when both do, on the later one in the bundle.
 */
export function workloadSelectorsDisjoint(bundle: Bundle): Finding[] {
  const index = podIndex(bundle);
  const edges: [PodSource, PodSource][] = [];
  const directed = new Set<string>();
  // An object listed again (DUPLICATE_OBJECT) is the same object: only its first listing is compared, so that
  // thousands of copies cost their number, not its square.
  const seen = new Set<string>();
  const first = new Set<PodSource>();
  for (const pod of bundle.pods) {
    const key = identityKey(pod.entry);
    if (seen.has(key)) continue;
    seen.add(key);
    first.add(pod);
  }
  for (const pod of first) {
    if (!isController(pod.entry.kind)) continue;
    const raw = get(pod.entry.obj, "spec", "selector");
    const selected =
      kindFacts(pod.entry.kind)?.selector === "map"
        ? index.byMap(pod.entry.ns, strMap(raw))
        : index.bySelector(pod.entry.ns, raw);
    // Pods of Jobs and bare Pods are not adopted: only other controllers with selectors fight.
    for (const other of selected) {
      if (other === pod || !first.has(other) || !isController(other.entry.kind)) continue;
      edges.push([pod, other]);
      directed.add(`${pod.entry.index}|${other.entry.index}`);
    }
  }
  const out: Finding[] = [];
  for (const [pod, other] of edges) {
    if (directed.has(`${other.entry.index}|${pod.entry.index}`) && pod.entry.index < other.entry.index)
      continue;
    out.push(
      finding(
        "WORKLOAD_SELECTOR_OVERLAP",
        pod.entry.ref,
        "spec.selector",
        `the selector also selects the pods of ${other.entry.kind} "${other.entry.name}": both controllers count and replace the same pods`,
      ),
    );
  }
  return out;
}

/** An HPA's minReplicas (default 1) must not exceed its maxReplicas: the API refuses it. */
export function hpaBoundsOrdered(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const hpa of bundle.ofKind("HorizontalPodAutoscaler", "autoscaling")) {
    const min = num(get(hpa.obj, "spec", "minReplicas")) ?? 1;
    const max = num(get(hpa.obj, "spec", "maxReplicas"));
    if (max === undefined || min <= max) continue;
    out.push(
      finding(
        "HPA_MIN_ABOVE_MAX",
        hpa.ref,
        "spec.minReplicas",
        `minReplicas ${min} is above maxReplicas ${max}`,
      ),
    );
  }
  return out;
}

/** The port names of a Service must be unique: the API refuses duplicates (and EndpointSlices name ports by them). */
export function servicePortNamesUnique(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const svc of bundle.ofKind("Service", "")) {
    const seen = new Map<string, number>();
    arr(get(svc.obj, "spec", "ports")).forEach((p, i) => {
      const name = str(get(p, "name"));
      if (name === undefined) return;
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, i);
        return;
      }
      out.push(
        finding(
          "SERVICE_PORT_NAME_DUPLICATE",
          svc.ref,
          at("spec", "ports", i, "name"),
          `port name "${name}" is already used by spec.ports[${first}]`,
        ),
      );
    });
  }
  return out;
}

/** `externalTrafficPolicy` belongs to NodePort and LoadBalancer Services: the API refuses it elsewhere. */
export function externalTrafficPolicyOnExternal(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const svc of bundle.ofKind("Service", "")) {
    const policy = get(svc.obj, "spec", "externalTrafficPolicy");
    if (policy === undefined || policy === null || policy === "") continue;
    const type = str(get(svc.obj, "spec", "type")) ?? "ClusterIP";
    if (type === "NodePort" || type === "LoadBalancer") continue;
    out.push(
      finding(
        "SERVICE_EXTERNAL_TRAFFIC_POLICY",
        svc.ref,
        "spec.externalTrafficPolicy",
        `externalTrafficPolicy is set on a Service of type ${type}: it applies to NodePort and LoadBalancer Services only`,
      ),
    );
  }
  return out;
}
