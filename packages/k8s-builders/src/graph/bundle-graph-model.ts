import { groupOf, groupsOf } from "../base/kinds.ts";
import type { Bundle, Entry, PodSource } from "../checks/context.ts";
import type { Finding, ObjectRef } from "../checks/finding.ts";
import { arr, get, num, str } from "../checks/read.ts";
import { isExternal } from "../checks/rules/references.ts";

/**
 * What a node is: an object of the bundle (`workload` for those with pods), an object the bundle references but
 * does not hold — `external` when `validate` options say it is made outside, else `missing` (a dangling
 * reference) — or a `peer` of a network flow outside the bundle (a namespace, a CIDR).
 */
export type GraphNodeRole = "workload" | "object" | "external" | "missing" | "peer";

/** A `validateBundle` finding, as the graph shows it. */
export interface GraphFinding {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly message: string;
}

/** One node of a {@link BundleGraph}. */
export interface GraphNode {
  /**
   * Stable and unique: `Kind/namespace/name` (`Kind//name` without a namespace; `Kind.group/…` for an object of a
   * built-in kind's name in another API group, such as a Knative Service); peers `peer:…`.
   */
  readonly id: string;
  /** The kind (`Kind.group` as in {@link id} for an object of a built-in kind's name in another API group). */
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** The `app.kubernetes.io/component` label (of the referring object for missing and external nodes); `""` when none. */
  readonly component: string;
  readonly role: GraphNodeRole;
  /** Short facts worth a look in a picture (`2 replicas`, `ClusterIP`, `3–10 replicas`); may be empty. */
  readonly detail: string;
  /** The findings about this object (for a missing node: those of the references to it). */
  readonly findings: readonly GraphFinding[];
}

/** What an edge means. `routes`, `selects` and `allows` carry traffic; the others are references. */
export type GraphRelation =
  | "routes"
  | "selects"
  | "allows"
  | "reads"
  | "runs-as"
  | "claims"
  | "governs"
  | "scales"
  | "protects"
  | "monitors"
  | "binds";

/** One reference or traffic flow of a {@link BundleGraph}, from the object that names it to its target. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly relation: GraphRelation;
  /** What a person reads on the edge: ports, paths, keys, the replica range. */
  readonly label: string;
  /** The field of `from` that makes the reference (`spec.rules[0].http.paths[0].backend.service`). */
  readonly path: string;
  /** The target is not in the bundle and not made outside: a dangling reference. */
  readonly dangling: boolean;
}

/** The objects of a bundle and their references; see {@link bundleGraph}. */
export interface BundleGraph {
  /** In bundle order, then the nodes outside the bundle (missing, external, peers) in the order first referenced. */
  readonly nodes: readonly GraphNode[];
  /** In the order of their source objects in the bundle. */
  readonly edges: readonly GraphEdge[];
  /** Every finding of `validateBundle` (errors, then warnings). */
  readonly findings: readonly Finding[];
}

export function idOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}

/**
 * The kind as the picture names an object: its kind, or `Kind.group` (kubectl's spelling) for an object whose
 * kind is a built-in one's in another API group — a Knative `Service.serving.knative.dev` — so that it is
 * neither taken for the built-in object of the same name nor left out as its duplicate.
 */
function kindOf(e: Entry): string {
  const groups = groupsOf(e.kind);
  if (groups.length === 0 || groups.includes(e.group)) return e.kind;
  // The core group has no name: kubectl spells its kinds `Kind` alone; here `Kind.core`, not `Kind.`.
  return `${e.kind}.${e.group === "" ? "core" : e.group}`;
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return (
    a.kind === b.kind &&
    a.name === b.name &&
    (a.namespace ?? "") === (b.namespace ?? "") &&
    groupOf(a.apiVersion) === groupOf(b.apiVersion)
  );
}

/** The finding is about the field at `path` (or a field in it, or the object holding it). */
function aboutPath(f: Finding, path: string): boolean {
  return (
    f.path === path ||
    f.path.startsWith(`${path}.`) ||
    f.path.startsWith(`${path}[`) ||
    path.startsWith(`${f.path}.`)
  );
}

function toGraphFinding(f: Finding): GraphFinding {
  return { code: f.code, severity: f.severity, message: f.message };
}

function detailOf(e: Entry, pod: PodSource | undefined): string {
  if (e.kind === "HorizontalPodAutoscaler") {
    return `${num(get(e.obj, "spec", "minReplicas")) ?? 1}–${num(get(e.obj, "spec", "maxReplicas")) ?? "?"} replicas`;
  }
  if (e.kind === "PodDisruptionBudget") {
    const min = get(e.obj, "spec", "minAvailable");
    const max = get(e.obj, "spec", "maxUnavailable");
    return min !== undefined
      ? `minAvailable ${String(min)}`
      : max !== undefined
        ? `maxUnavailable ${String(max)}`
        : "";
  }
  if (e.kind === "Ingress") {
    const hosts = arr(get(e.obj, "spec", "rules")).map((r) => str(get(r, "host")) ?? "*");
    return [...new Set(hosts)].join(", ");
  }
  if (e.kind === "Service") {
    const type = str(get(e.obj, "spec", "type")) ?? "ClusterIP";
    return get(e.obj, "spec", "clusterIP") === "None" ? "headless" : type;
  }
  if (pod !== undefined && pod.replicas !== undefined)
    return `${pod.replicas} replica${pod.replicas === 1 ? "" : "s"}`;
  return "";
}

/** Builds nodes and edges; references to objects outside the bundle make missing or external nodes. */
export class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  /** Where the edge of a pair and relation is in {@link edges}. */
  readonly #edgeAt = new Map<string, number>();
  readonly #findings: readonly Finding[];
  readonly #bundle: Bundle;

  constructor(bundle: Bundle, findings: readonly Finding[]) {
    this.#bundle = bundle;
    this.#findings = findings;
    for (const e of bundle.entries) {
      const id = nodeId(e);
      if (this.nodes.has(id)) continue;
      const pod = bundle.podOf(e);
      this.nodes.set(id, {
        id,
        kind: kindOf(e),
        name: e.name,
        namespace: e.namespace,
        component: e.labels["app.kubernetes.io/component"] ?? "",
        role: pod === undefined ? "object" : "workload",
        detail: detailOf(e, pod),
        findings: findings.filter((f) => sameRef(f.object, e.ref)).map(toGraphFinding),
      });
    }
  }

  /** An edge from `from` to the object `kind`/`name` in `from`'s namespace, whether or not it is in the bundle. */
  ref(from: Entry, relation: GraphRelation, kind: string, name: string, path: string, label: string): void {
    // The object of the built-in kind when there is one (a Service, not a Knative Service of the same name).
    const target =
      groupsOf(kind)
        .map((group) => this.#bundle.find(kind, from.ns, name, group))
        .find((t) => t !== undefined) ?? this.#bundle.find(kind, from.ns, name);
    const id = target === undefined ? idOf(kind, from.namespace, name) : nodeId(target);
    let dangling = false;
    if (!this.nodes.has(id)) {
      const external = isExternal(this.#bundle, kind, name);
      dangling = !external;
      this.nodes.set(id, {
        id,
        kind,
        name,
        namespace: from.namespace,
        component: from.labels["app.kubernetes.io/component"] ?? "",
        role: external ? "external" : "missing",
        detail: external ? "made outside the bundle" : "not in the bundle",
        findings: [],
      });
    } else {
      dangling = this.nodes.get(id)?.role === "missing";
    }
    if (dangling) this.#attach(id, from, path);
    this.edge(nodeId(from), id, relation, label, path, dangling);
  }

  /** The findings of the referring object about the reference, shown beside the missing node. */
  #attach(id: string, from: Entry, path: string): void {
    const node = this.nodes.get(id);
    if (node === undefined) return;
    const mine = this.#findings
      .filter((f) => sameRef(f.object, from.ref) && aboutPath(f, path))
      .map(toGraphFinding)
      .filter((f) => !node.findings.some((g) => g.message === f.message));
    if (mine.length > 0) this.nodes.set(id, { ...node, findings: [...node.findings, ...mine] });
  }

  /** A node for a network peer outside the bundle's workloads (`peer:dns`, `peer:ingress`…), once. */
  peer(id: string, name: string, namespace: string | undefined): void {
    if (this.nodes.has(id)) return;
    this.nodes.set(id, {
      id,
      kind: "peer",
      name,
      namespace,
      component: "",
      role: "peer",
      detail: namespace === undefined ? "outside the cluster" : `namespace ${namespace}`,
      findings: [],
    });
  }

  edge(
    from: string,
    to: string,
    relation: GraphRelation,
    label: string,
    path: string,
    dangling = false,
  ): void {
    const key = JSON.stringify([from, to, relation]);
    const index = this.#edgeAt.get(key);
    const same = index === undefined ? undefined : this.edges[index];
    if (index !== undefined && same !== undefined) {
      // One edge per pair and relation: the labels are joined (two keys of one ConfigMap, two ports).
      if (label !== "" && !same.label.split(", ").includes(label)) {
        this.edges[index] = { ...same, label: same.label === "" ? label : `${same.label}, ${label}` };
      }
      return;
    }
    this.#edgeAt.set(key, this.edges.length);
    this.edges.push({ from, to, relation, label, path, dangling });
  }
}

export function nodeId(e: Entry): string {
  return idOf(kindOf(e), e.namespace, e.name);
}
