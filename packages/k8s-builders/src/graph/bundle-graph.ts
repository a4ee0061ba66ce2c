/**
 * `bundleGraph(objects)`: the objects of a bundle and the references between them, as plain data — what routes
 * to what, which pods a Service, HPA, PDB or ServiceMonitor targets, what the pods read and run as — with the
 * `validateBundle` findings on the objects they are about. `toMermaid` and `toSvg` draw it.
 */
import type { Manifest } from "../base/manifest.ts";
import type { Bundle, Entry, PodSource } from "../checks/context.ts";
import { type NetworkReachability, networkReachability } from "../checks/network-reachability.ts";
import { arr, at, get, isRec, num, str, strMap } from "../checks/read.ts";
import { hasPolicies } from "../checks/rules/network-common.ts";
import { referencesOf } from "../checks/rules/references.ts";
import { labelSelectorMatches, mapSelects } from "../checks/selectors.ts";
import { readBundle, type ValidateBundleOptions, validateBundle } from "../checks/validate-bundle.ts";
import { Builder, type BundleGraph, nodeId } from "./bundle-graph-model.ts";

/** Options of {@link bundleGraph}. */
export interface BundleGraphOptions {
  /**
   * Options passed to `validateBundle`: objects listed there as made outside the bundle (`external`,
   * `externalSecrets`) are drawn as external, not as dangling references. @default {}
   */
  readonly validate?: ValidateBundleOptions;
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
  // Flows no policy restricts are not drawn, so without a NetworkPolicy there is nothing to draw: the matrix of
  // flows (every pair of workloads) is not computed, which keeps a large bundle without policies fast.
  if (hasPolicies(bundle)) flowEdges(b, networkReachability(objects, options.validate));
  return { nodes: [...b.nodes.values()], edges: b.edges, findings };
}
