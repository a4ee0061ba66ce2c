/**
 * The bundle as the rules see it: every valid object once, with its reference and namespace, lookups by kind and
 * name, and the pod templates of every workload kind. Built once per `validateBundle` call; never throws.
 */
import { groupOf, groupsOf, isClusterScoped, kindFacts } from "../base/kinds.ts";
import type { Finding, ObjectRef } from "./finding.ts";
import type { ResolvedNetwork } from "./network/peers.ts";
import { arr, at, get, isRec, num, type Rec, rec, str, strMap } from "./read.ts";

/** `validateBundle` options after defaulting and type checks. */
export interface ResolvedOptions {
  readonly targetVersion: readonly [major: number, minor: number];
  readonly external: ReadonlySet<string>;
  readonly externalSecrets: ReadonlySet<string>;
  readonly externalNamespaces: ReadonlySet<string>;
  readonly serviceMonitorSelector: Readonly<Record<string, string>> | undefined;
  readonly allowSecretValues: boolean;
  /** What the bundle is for: `apply` (placeholder Secrets are reported) or `template`. */
  readonly purpose: "apply" | "template";
  /** The peers and consumers of the network checks. */
  readonly network: ResolvedNetwork;
}

/** One valid object of the bundle. */
export interface Entry {
  /** Position in the input array. */
  readonly index: number;
  readonly obj: Rec;
  readonly ref: ObjectRef;
  readonly apiVersion: string;
  /** API group (`` for core). */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** The namespace, or undefined for cluster-scoped objects and objects that leave it to the applier. */
  readonly namespace: string | undefined;
  /** `namespace ?? ""`: objects without a namespace are compared with each other. */
  readonly ns: string;
  readonly clusterScoped: boolean;
  readonly labels: Record<string, string>;
}

/** A container of a pod template, with its path. */
export interface ContainerRef {
  readonly c: Rec;
  readonly at: string;
  readonly group: "initContainers" | "containers" | "ephemeralContainers";
  readonly name: string;
  /** An init container with `restartPolicy: Always` (a native sidecar): it runs and serves like a container. */
  readonly sidecar: boolean;
}

/** A port a pod serves on. */
export interface PodPort {
  readonly name: string | undefined;
  readonly containerPort: number;
  readonly protocol: string;
  readonly container: ContainerRef;
}

/** The pod template of a workload (or a bare Pod). */
export interface PodSource {
  readonly entry: Entry;
  /** Path of the pod template in the object (`spec.template`; `` for a Pod). */
  readonly at: string;
  /** Path of the pod spec (`spec.template.spec`). */
  readonly specAt: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly spec: Rec;
  readonly containers: readonly ContainerRef[];
  /** Ports served: those of containers and native sidecars. */
  readonly ports: readonly PodPort[];
  /** `spec.replicas` of a replicated kind when set. */
  readonly replicas: number | undefined;
}

/** What every rule reads. */
export interface Bundle {
  readonly entries: readonly Entry[];
  readonly pods: readonly PodSource[];
  readonly options: ResolvedOptions;
  /** Objects of a kind (and API group, when given: `""` for core), in bundle order. */
  ofKind(kind: string, group?: string): readonly Entry[];
  /** The first object of a kind (and group) with that namespace (`""` for none) and name. */
  find(kind: string, ns: string, name: string, group?: string): Entry | undefined;
  /** The pod templates in a namespace. */
  podsIn(ns: string): readonly PodSource[];
  /** The pod template of an object, if it has one. */
  podOf(entry: Entry): PodSource | undefined;
}

/** A named check over the whole bundle. */
export type Rule = (bundle: Bundle) => Finding[];

const CONTAINER_GROUPS = ["initContainers", "containers", "ephemeralContainers"] as const;

/** The identity Kubernetes stores an object under: group, kind, namespace (namespaced kinds only), name. */
export function identityKey(e: Pick<Entry, "group" | "kind" | "clusterScoped" | "ns" | "name">): string {
  return `${e.group}|${e.kind}|${e.clusterScoped ? "" : e.ns}|${e.name}`;
}

function refOf(apiVersion: string, kind: string, name: string, namespace: string | undefined): ObjectRef {
  return namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, namespace, name };
}

/** The best reference that can be made for an entry that is not a valid object. */
export function looseRef(v: unknown): ObjectRef {
  const apiVersion = str(get(v, "apiVersion")) ?? "";
  const kind = str(get(v, "kind")) ?? "";
  const name = str(get(v, "metadata", "name")) ?? "";
  return refOf(apiVersion, kind, name, str(get(v, "metadata", "namespace")));
}

/** Reads one input entry, or says why it is not a usable object (and which field is at fault). */
export function toEntry(v: unknown, index: number): Entry | { problem: string; path: string } {
  if (!isRec(v)) {
    return {
      problem: `objects[${index}] is ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v}, not an object`,
      path: "",
    };
  }
  const apiVersion = str(v.apiVersion);
  const kind = str(v.kind);
  const metadata = v.metadata;
  const name = str(get(metadata, "name"));
  if (apiVersion === undefined || apiVersion === "")
    return { problem: `objects[${index}] has no apiVersion`, path: "apiVersion" };
  if (kind === undefined || kind === "") return { problem: `objects[${index}] has no kind`, path: "kind" };
  if (!isRec(metadata)) return { problem: `objects[${index}] has no metadata`, path: "metadata" };
  if (name === undefined || name === "")
    return {
      problem: `objects[${index}] has no metadata.name (kubectl apply cannot use generateName)`,
      path: "metadata.name",
    };
  const clusterScoped = isClusterScoped(kind);
  const rawNs = str(metadata.namespace);
  const namespace = clusterScoped || rawNs === "" ? undefined : rawNs;
  return {
    index,
    obj: v,
    ref: refOf(apiVersion, kind, name, namespace),
    apiVersion,
    group: groupOf(apiVersion),
    kind,
    name,
    namespace,
    ns: namespace ?? "",
    clusterScoped,
    labels: strMap(metadata.labels),
  };
}

function containersOf(spec: Rec, specAt: string): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const group of CONTAINER_GROUPS) {
    arr(spec[group]).forEach((c, i) => {
      if (!isRec(c)) return;
      out.push({
        c,
        at: at(specAt, group, i),
        group,
        name: str(c.name) ?? `${group}[${i}]`,
        sidecar: group === "initContainers" && c.restartPolicy === "Always",
      });
    });
  }
  return out;
}

function portsOf(containers: readonly ContainerRef[]): PodPort[] {
  const out: PodPort[] = [];
  for (const container of containers) {
    if (container.group !== "containers" && !container.sidecar) continue;
    for (const p of arr(container.c.ports)) {
      const containerPort = num(get(p, "containerPort"));
      if (containerPort === undefined) continue;
      out.push({
        name: str(get(p, "name")),
        containerPort,
        protocol: str(get(p, "protocol")) ?? "TCP",
        container,
      });
    }
  }
  return out;
}

/** The pod template of an object of a workload kind (or of a Pod). */
export function podSourceOf(entry: Entry): PodSource | undefined {
  const facts = kindFacts(entry.kind);
  const path = facts?.podTemplate;
  if (path === undefined || !groupsOf(entry.kind).includes(entry.group)) return undefined;
  const template = get(entry.obj, ...path);
  const templateAt = at("", ...path);
  const spec = rec(get(template, "spec")) ?? {};
  const specAt = at(templateAt, "spec");
  const containers = containersOf(spec, specAt);
  return {
    entry,
    at: templateAt,
    specAt,
    labels: strMap(get(template, "metadata", "labels")),
    annotations: strMap(get(template, "metadata", "annotations")),
    spec,
    containers,
    ports: portsOf(containers),
    replicas: facts?.replicated === true ? num(get(entry.obj, "spec", "replicas")) : undefined,
  };
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l === undefined) m.set(k, [v]);
  else l.push(v);
}

/** Indexes valid entries for the rules; an entry whose pod template cannot be read is passed to `onError`. */
export function makeBundle(
  entries: readonly Entry[],
  options: ResolvedOptions,
  onError: (entry: Entry, error: unknown) => void = () => {},
): Bundle {
  const byKind = new Map<string, Entry[]>();
  for (const e of entries) push(byKind, e.kind, e);
  const pods: PodSource[] = [];
  const podByIndex = new Map<number, PodSource>();
  for (const e of entries) {
    try {
      const p = podSourceOf(e);
      if (p !== undefined) {
        pods.push(p);
        podByIndex.set(e.index, p);
      }
    } catch (err) {
      onError(e, err);
    }
  }
  // Indexes built once, so that a rule's look-ups cost the size of the answer, not of the bundle.
  const byName = new Map<string, Entry[]>();
  for (const e of entries) push(byName, `${e.kind}\0${e.name}`, e);
  const podsByNs = new Map<string, PodSource[]>();
  for (const p of pods) push(podsByNs, p.entry.ns, p);
  return {
    entries,
    pods,
    options,
    ofKind: (kind, group) => (byKind.get(kind) ?? []).filter((e) => group === undefined || e.group === group),
    find: (kind, ns, name, group) =>
      (byName.get(`${kind}\0${name}`) ?? []).find(
        (e) => (group === undefined || e.group === group) && (e.clusterScoped || e.ns === ns),
      ),
    podsIn: (ns) => podsByNs.get(ns) ?? [],
    podOf: (entry) => podByIndex.get(entry.index),
  };
}
