/**
 * `bundleGraph(objects)`: the objects of a bundle and the references between them, as plain data — what routes
 * to what, which pods a Service, HPA, PDB or ServiceMonitor targets, what the pods read and run as — with the
 * `validateBundle` findings on the objects they are about. `toMermaid` and `toSvg` draw it.
 */
import type { Manifest } from "../base/manifest.ts";
import type { Bundle, Entry, PodSource } from "../checks/context.ts";
import type { Finding, ObjectRef } from "../checks/finding.ts";
import { type NetworkReachability, networkReachability } from "../checks/network-reachability.ts";
import { arr, at, get, isRec, num, str, strMap } from "../checks/read.ts";
import { isExternal, referencesOf } from "../checks/rules/references.ts";
import { labelSelectorMatches, mapSelects } from "../checks/selectors.ts";
import { readBundle, type ValidateBundleOptions, validateBundle } from "../checks/validate-bundle.ts";

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
  /** Stable and unique: `Kind/namespace/name` (`Kind//name` without a namespace); peers `peer:…`. */
  readonly id: string;
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

/** Options of {@link bundleGraph}. */
export interface BundleGraphOptions {
  /**
   * Options passed to `validateBundle`: objects listed there as made outside the bundle (`external`,
   * `externalSecrets`) are drawn as external, not as dangling references. @default {}
   */
  readonly validate?: ValidateBundleOptions;
}

function idOf(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ""}/${name}`;
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
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
class Builder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  readonly #findings: readonly Finding[];
  readonly #bundle: Bundle;

  constructor(bundle: Bundle, findings: readonly Finding[]) {
    this.#bundle = bundle;
    this.#findings = findings;
    for (const e of bundle.entries) {
      const id = idOf(e.kind, e.namespace, e.name);
      if (this.nodes.has(id)) continue;
      const pod = bundle.podOf(e);
      this.nodes.set(id, {
        id,
        kind: e.kind,
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
    const target = this.#bundle.find(kind, from.ns, name);
    const id =
      target === undefined
        ? idOf(kind, from.namespace, name)
        : idOf(target.kind, target.namespace, target.name);
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
    this.edge(idOf(from.kind, from.namespace, from.name), id, relation, label, path, dangling);
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
    const same = this.edges.find((e) => e.from === from && e.to === to && e.relation === relation);
    if (same !== undefined) {
      // One edge per pair and relation: the labels are joined (two keys of one ConfigMap, two ports).
      if (label !== "" && !same.label.split(", ").includes(label)) {
        this.edges[this.edges.indexOf(same)] = {
          ...same,
          label: same.label === "" ? label : `${same.label}, ${label}`,
        };
      }
      return;
    }
    this.edges.push({ from, to, relation, label, path, dangling });
  }
}

function nodeId(e: Entry): string {
  return idOf(e.kind, e.namespace, e.name);
}

function portLabel(port: unknown): string {
  if (!isRec(port)) return "";
  return String(str(port.name) ?? num(port.number) ?? "");
}

function ingressEdges(b: Builder, e: Entry): void {
  const backend = (v: unknown, path: string, where: string) => {
    const svc = get(v, "service");
    const name = str(get(svc, "name"));
    if (name === undefined) return;
    const port = portLabel(get(svc, "port"));
    b.ref(
      e,
      "routes",
      "Service",
      name,
      at(path, "service"),
      [where, port].filter((s) => s !== "").join(" → "),
    );
  };
  backend(get(e.obj, "spec", "defaultBackend"), "spec.defaultBackend", "default");
  arr(get(e.obj, "spec", "rules")).forEach((rule, i) => {
    arr(get(rule, "http", "paths")).forEach((p, j) => {
      const path = str(get(p, "path")) ?? "/";
      backend(get(p, "backend"), at("spec", "rules", i, "http", "paths", j, "backend"), path);
    });
  });
}

function httpRouteEdges(b: Builder, e: Entry): void {
  arr(get(e.obj, "spec", "rules")).forEach((rule, i) => {
    const matches = arr(get(rule, "matches"))
      .map((m) => str(get(m, "path", "value")))
      .filter((p): p is string => p !== undefined);
    arr(get(rule, "backendRefs")).forEach((ref, j) => {
      const kind = str(get(ref, "kind")) ?? "Service";
      const name = str(get(ref, "name"));
      if (name === undefined) return;
      const port = num(get(ref, "port"));
      const label = [matches.join(" "), port === undefined ? "" : String(port)]
        .filter((s) => s !== "")
        .join(" → ");
      b.ref(e, "routes", kind, name, at("spec", "rules", i, "backendRefs", j), label);
    });
  });
}

function servicePorts(e: Entry): string {
  return arr(get(e.obj, "spec", "ports"))
    .map((p) => {
      const port = num(get(p, "port"));
      const target = get(p, "targetPort");
      const protocol = str(get(p, "protocol")) ?? "TCP";
      const to = target === undefined || target === port ? "" : `→${String(target)}`;
      return `${port ?? "?"}${to}${protocol === "TCP" ? "" : `/${protocol}`}`;
    })
    .join(", ");
}

function serviceEdges(b: Builder, bundle: Bundle, e: Entry): void {
  const selector = strMap(get(e.obj, "spec", "selector"));
  if (Object.keys(selector).length === 0) return;
  const label = servicePorts(e);
  for (const pod of bundle.podsIn(e.ns)) {
    if (mapSelects(selector, pod.labels))
      b.edge(nodeId(e), nodeId(pod.entry), "selects", label, "spec.selector");
  }
}

function podEdges(b: Builder, pod: PodSource): void {
  const e = pod.entry;
  for (const r of referencesOf(pod)) {
    const how = r.at.includes(".volumes[") ? "volume" : r.at.includes(".envFrom[") ? "envFrom" : "env";
    b.ref(e, "reads", r.kind, r.name, r.at.replace(/\.(name|secretName)$/, ""), how);
  }
  const field = str(pod.spec.serviceAccountName) !== undefined ? "serviceAccountName" : "serviceAccount";
  const account = str(pod.spec[field]);
  if (account !== undefined && account !== "" && account !== "default") {
    b.ref(e, "runs-as", "ServiceAccount", account, at(pod.specAt, field), "");
  }
  arr(pod.spec.volumes).forEach((v, i) => {
    const claim = str(get(v, "persistentVolumeClaim", "claimName"));
    if (claim !== undefined)
      b.ref(
        e,
        "claims",
        "PersistentVolumeClaim",
        claim,
        at(pod.specAt, "volumes", i),
        str(get(v, "name")) ?? "",
      );
  });
  if (e.kind === "StatefulSet") {
    const service = str(get(e.obj, "spec", "serviceName"));
    if (service !== undefined && service !== "")
      b.ref(e, "governs", "Service", service, "spec.serviceName", "serviceName");
  }
}

function selectedPods(bundle: Bundle, e: Entry, selector: unknown): PodSource[] {
  return isRec(selector) ? bundle.podsIn(e.ns).filter((p) => labelSelectorMatches(selector, p.labels)) : [];
}

function scalingEdges(b: Builder, bundle: Bundle, e: Entry): void {
  if (e.kind === "HorizontalPodAutoscaler") {
    const kind = str(get(e.obj, "spec", "scaleTargetRef", "kind"));
    const name = str(get(e.obj, "spec", "scaleTargetRef", "name"));
    if (kind !== undefined && name !== undefined) b.ref(e, "scales", kind, name, "spec.scaleTargetRef", "");
  } else if (e.kind === "PodDisruptionBudget") {
    for (const pod of selectedPods(bundle, e, get(e.obj, "spec", "selector"))) {
      b.edge(nodeId(e), nodeId(pod.entry), "protects", "", "spec.selector");
    }
  }
}

function monitorEdges(b: Builder, bundle: Bundle, e: Entry): void {
  const selector = get(e.obj, "spec", "selector");
  const ports = arr(get(e.obj, "spec", "endpoints"))
    .map((p) => str(get(p, "port")) ?? str(get(p, "targetPort")) ?? "")
    .filter((p) => p !== "");
  if (e.kind === "ServiceMonitor") {
    for (const svc of bundle.ofKind("Service", "")) {
      // Prometheus scrapes the Services selected that have a port of an endpoint (named ports).
      const named = arr(get(svc.obj, "spec", "ports")).map((p) => str(get(p, "name")));
      const scraped = ports.length === 0 || ports.some((p) => named.includes(p));
      if (scraped && svc.ns === e.ns && isRec(selector) && labelSelectorMatches(selector, svc.labels)) {
        b.edge(nodeId(e), nodeId(svc), "monitors", ports.join(", "), "spec.selector");
      }
    }
  } else if (e.kind === "PodMonitor") {
    for (const pod of selectedPods(bundle, e, selector)) {
      b.edge(nodeId(e), nodeId(pod.entry), "monitors", ports.join(", "), "spec.selector");
    }
  }
}

function rbacEdges(b: Builder, e: Entry): void {
  const roleKind = str(get(e.obj, "roleRef", "kind"));
  const roleName = str(get(e.obj, "roleRef", "name"));
  if (roleKind !== undefined && roleName !== undefined)
    b.ref(e, "binds", roleKind, roleName, "roleRef", "role");
  arr(get(e.obj, "subjects")).forEach((s, i) => {
    const name = str(get(s, "name"));
    const ns = str(get(s, "namespace")) ?? e.namespace;
    if (get(s, "kind") === "ServiceAccount" && name !== undefined && ns === e.namespace) {
      b.ref(e, "binds", "ServiceAccount", name, at("subjects", i), "subject");
    }
  });
}

/**
 * The flows the NetworkPolicies allow (`networkReachability`, the matrix of validateBundle's network checks), as
 * `allows` edges between workloads and peers. Flows no policy restricts in either direction (open by default)
 * are left out: without policies every pod reaches every other, which is no picture.
 */
function flowEdges(b: Builder, reach: NetworkReachability): void {
  const endpoints = new Map(reach.endpoints.map((e) => [e.id, e]));
  for (const f of reach.flows) {
    if (f.policies.length === 0) continue;
    const ends = [endpoints.get(f.from), endpoints.get(f.to)];
    for (const e of ends) if (e?.peer !== undefined) b.peer(e.id, e.peer, e.namespace);
    if (!b.nodes.has(f.from) || !b.nodes.has(f.to)) continue;
    b.edge(f.from, f.to, "allows", `${f.port}/${f.protocol}`, "");
  }
}

/**
 * The objects of a bundle and their references as data: Ingress/HTTPRoute → Service → the pods of a workload →
 * ConfigMaps, Secrets, ServiceAccount and claims; HPA, PDB and ServiceMonitor → their targets; RoleBindings →
 * Role and ServiceAccounts. A reference to an object that is not in the bundle becomes a `missing` node (a
 * dangling reference, with the `validateBundle` finding about it), or an `external` one when the `validate`
 * options say it is made outside. Pure and deterministic; never throws on odd objects (they are left out, as
 * `validateBundle` reports them).
 *
 * @example
 * const graph = bundleGraph(objects, { validate: { externalSecrets: ["tls"] } });
 * process.stdout.write(toMermaid(graph));
 */
export function bundleGraph(objects: readonly Manifest[], options: BundleGraphOptions = {}): BundleGraph {
  const report = validateBundle(objects, options.validate);
  const findings = [...report.errors, ...report.warnings];
  const bundle = readBundle(objects, options.validate, []);
  const b = new Builder(bundle, findings);
  for (const e of bundle.entries) {
    if (e.kind === "Ingress") ingressEdges(b, e);
    else if (e.kind === "HTTPRoute") httpRouteEdges(b, e);
    else if (e.kind === "Service") serviceEdges(b, bundle, e);
    else if (e.kind === "RoleBinding") rbacEdges(b, e);
    else if (e.kind === "ServiceMonitor" || e.kind === "PodMonitor") monitorEdges(b, bundle, e);
    else scalingEdges(b, bundle, e);
    const pod = bundle.podOf(e);
    if (pod !== undefined) podEdges(b, pod);
  }
  flowEdges(b, networkReachability(objects, options.validate));
  return { nodes: [...b.nodes.values()], edges: b.edges, findings };
}
