/**
 * The peers outside the bundle's workloads that the network checks reason about (the cluster DNS, the ingress
 * controller or Gateway data plane, Prometheus, other named peers), and the declared consumers of Services:
 * the `peers` and `consumers` options of `validateBundle` and `networkReachability`, read and checked.
 */

import { PROTOCOLS } from "../../base/primitives.ts";
import { isRec, num, str, strMap } from "../read.ts";

/** A port a peer serves. */
export interface NetworkPeerPort {
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP" | "SCTP" | undefined;
  /**
   * Its name, for policies that allow it by name: a container port's name, so only for a peer in the cluster
   * (with a `namespace`); a peer with only an `ip` is no pod, and policies never match it by port name.
   */
  readonly name?: string | undefined;
}

/**
 * A pod (or address) outside the bundle's workloads. In the cluster: a `namespace` and the `podLabels` its pods
 * carry (NetworkPolicy pod and namespace selectors match it). Outside the cluster: an `ip` only (only `ipBlock`
 * rules match it). Both may be given: `ipBlock` rules then match it too.
 */
export interface NetworkPeer {
  /** Namespace of the peer's pods; unset: the peer is outside the cluster. @default unset */
  readonly namespace?: string | undefined;
  /** Labels of that namespace besides `kubernetes.io/metadata.name`, which Kubernetes always sets. @default {} */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  /** Labels of the peer's pods. @default {} */
  readonly podLabels?: Readonly<Record<string, string>> | undefined;
  /** An address of the peer (`203.0.113.7`), for `ipBlock` rules. @default unset */
  readonly ip?: string | undefined;
  /** Ports the peer serves, for flows towards it. @default [] */
  readonly ports?: readonly NetworkPeerPort[] | undefined;
}

/** The peers the network checks know about. */
export interface NetworkPeers {
  /**
   * The cluster DNS: every pod an egress policy selects must reach it on 53/UDP and 53/TCP. `false`: not
   * checked. @default `{ namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }` (kube-dns and
   * CoreDNS both carry that label), ports 53/UDP and 53/TCP
   */
  readonly dns?: NetworkPeer | false | undefined;
  /**
   * The ingress controller's pods (or a Gateway's data plane): a consumer of every Service an Ingress of the
   * bundle routes to. Unset: Ingress backends are not checked for reachability. @default unset
   */
  readonly ingress?: NetworkPeer | undefined;
  /**
   * The Prometheus server(s) that scrape the bundle: each must reach every ServiceMonitor and PodMonitor target
   * and every pod or Service annotated `prometheus.io/scrape: "true"`. Unset: scraping is not checked. @default unset
   */
  readonly prometheus?: NetworkPeer | readonly NetworkPeer[] | undefined;
  /** Other peers by name (e.g. `{ "sip-clients": { ip: "203.0.113.7" } }`), usable in `consumers`. @default {} */
  readonly external?: Readonly<Record<string, NetworkPeer>> | undefined;
}

/** A resolved peer. */
export interface ResolvedPeer {
  /** `peer:dns`, `peer:ingress`, `peer:prometheus` (`peer:prometheus.1` for a second one), `peer:<name>`. */
  readonly id: string;
  /** The name consumers use: `dns`, `ingress`, `prometheus`, or the key of `external`. */
  readonly name: string;
  /** The option path it comes from, for findings. */
  readonly at: string;
  readonly namespace: string | undefined;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ip: string | undefined;
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly name?: string }[];
}

/** The network options after defaulting. */
export interface ResolvedNetwork {
  readonly dns: ResolvedPeer | undefined;
  readonly ingress: ResolvedPeer | undefined;
  readonly prometheus: readonly ResolvedPeer[];
  readonly external: readonly ResolvedPeer[];
  /** Declared consumers: Service (`name` or `namespace/name`) → workloads (`Kind/name`, `Kind/ns/name`) or peers. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
}

/** The DNS peer when `peers.dns` is unset. */
export const DEFAULT_DNS_PEER: NetworkPeer = {
  namespace: "kube-system",
  podLabels: { "k8s-app": "kube-dns" },
  ports: [
    { port: 53, protocol: "UDP", name: "dns" },
    { port: 53, protocol: "TCP", name: "dns-tcp" },
  ],
};

/** Reports a bad option value: the path (`options.peers.dns.ip`) and what is wrong. */
export type Report = (path: string, detail: string) => void;

const PEER_KEYS = new Set(["namespace", "namespaceLabels", "podLabels", "ip", "ports"]);
const KNOWN_PROTOCOLS: ReadonlySet<string> = new Set(PROTOCOLS);

function labelMap(v: unknown, path: string, report: Report): Record<string, string> {
  if (v === undefined) return {};
  if (!isRec(v) || Object.values(v).some((x) => typeof x !== "string")) {
    report(path, `${path} must map label keys to string values; it is ignored`);
    return {};
  }
  return strMap(v);
}

function resolvePeer(
  v: unknown,
  id: string,
  name: string,
  path: string,
  report: Report,
): ResolvedPeer | undefined {
  if (!isRec(v)) {
    report(path, `${path} must be an object ({ namespace, podLabels } or { ip }); it is ignored`);
    return undefined;
  }
  for (const k of Object.keys(v))
    if (!PEER_KEYS.has(k)) report(`${path}.${k}`, `unknown option "${k}" in ${path} (check the spelling)`);
  const namespace = str(v.namespace);
  if (v.namespace !== undefined && (namespace === undefined || namespace === ""))
    report(`${path}.namespace`, `${path}.namespace must be a namespace name; it is ignored`);
  const ip = str(v.ip);
  if (v.ip !== undefined && ip === undefined)
    report(`${path}.ip`, `${path}.ip must be a string; it is ignored`);
  const ports: { port: number; protocol: string; name?: string }[] = [];
  if (v.ports !== undefined && !Array.isArray(v.ports))
    report(`${path}.ports`, `${path}.ports must be an array of { port, protocol }; it is ignored`);
  (Array.isArray(v.ports) ? v.ports : []).forEach((p, i) => {
    const port = num(isRec(p) ? p.port : undefined);
    const protocol = isRec(p) && p.protocol !== undefined ? p.protocol : "TCP";
    const portName = isRec(p) ? str(p.name) : undefined;
    if (port === undefined || typeof protocol !== "string" || !KNOWN_PROTOCOLS.has(protocol)) {
      report(
        `${path}.ports[${i}]`,
        `${path}.ports[${i}] must be { port: number, protocol?: TCP|UDP|SCTP }; it is ignored`,
      );
      return;
    }
    ports.push(portName === undefined ? { port, protocol } : { port, protocol, name: portName });
  });
  const ns = namespace === "" ? undefined : namespace;
  if (ns === undefined && ip === undefined) {
    report(
      path,
      `${path} needs a namespace (a pod in the cluster) or an ip (an address outside); it is ignored`,
    );
    return undefined;
  }
  return {
    id,
    name,
    at: path,
    namespace: ns,
    namespaceLabels: labelMap(v.namespaceLabels, `${path}.namespaceLabels`, report),
    podLabels: labelMap(v.podLabels, `${path}.podLabels`, report),
    ip,
    ports,
  };
}

const PEERS_KEYS = new Set(["dns", "ingress", "prometheus", "external"]);

/** Reads `options.peers` and `options.consumers`, reporting what is ignored and why. */
export function resolveNetwork(
  peersOption: unknown,
  consumersOption: unknown,
  report: Report,
): ResolvedNetwork {
  let peers: Record<string, unknown> = {};
  if (peersOption !== undefined) {
    if (isRec(peersOption)) peers = peersOption;
    else report("options.peers", "options.peers must be an object; the defaults are used");
  }
  for (const k of Object.keys(peers))
    if (!PEERS_KEYS.has(k))
      report(`options.peers.${k}`, `unknown option "${k}" in options.peers (check the spelling)`);
  const dns =
    peers.dns === false
      ? undefined
      : resolvePeer(peers.dns ?? DEFAULT_DNS_PEER, "peer:dns", "dns", "options.peers.dns", report);
  const ingress =
    peers.ingress === undefined
      ? undefined
      : resolvePeer(peers.ingress, "peer:ingress", "ingress", "options.peers.ingress", report);
  const promList =
    peers.prometheus === undefined
      ? []
      : Array.isArray(peers.prometheus)
        ? peers.prometheus
        : [peers.prometheus];
  const prometheus = promList
    .map((p, i) =>
      resolvePeer(
        p,
        i === 0 ? "peer:prometheus" : `peer:prometheus.${i}`,
        "prometheus",
        Array.isArray(peers.prometheus) ? `options.peers.prometheus[${i}]` : "options.peers.prometheus",
        report,
      ),
    )
    .filter((p): p is ResolvedPeer => p !== undefined);
  const external: ResolvedPeer[] = [];
  if (peers.external !== undefined && !isRec(peers.external))
    report("options.peers.external", "options.peers.external must map names to peers; it is ignored");
  for (const [name, p] of Object.entries(isRec(peers.external) ? peers.external : {})) {
    const path = `options.peers.external.${name}`;
    if (PEERS_KEYS.has(name)) {
      report(path, `the peer name "${name}" is taken by options.peers.${name}; this one is ignored`);
      continue;
    }
    const r = resolvePeer(p, `peer:${name}`, name, path, report);
    if (r !== undefined) external.push(r);
  }
  const consumers = new Map<string, string[]>();
  if (consumersOption !== undefined && !isRec(consumersOption))
    report(
      "options.consumers",
      "options.consumers must map Service names to lists of consumers; it is ignored",
    );
  for (const [svc, list] of Object.entries(isRec(consumersOption) ? consumersOption : {})) {
    if (!Array.isArray(list) || list.some((c) => typeof c !== "string")) {
      report(`options.consumers.${svc}`, `options.consumers.${svc} must be an array of names; it is ignored`);
      continue;
    }
    consumers.set(svc, list as string[]);
  }
  return { dns, ingress, prometheus, external, consumers };
}
