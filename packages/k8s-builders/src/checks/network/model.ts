/**
 * The network of a bundle: its endpoints (the pod templates of its workloads and the declared peers) and its
 * NetworkPolicies, and the verdict on one flow (source, destination, port) under Kubernetes' semantics:
 *
 * - a direction of a pod is isolated when a policy of the pod's namespace selects it with that policy type;
 *   an isolated direction allows what the union of those policies' rules allows, a direction no policy
 *   isolates allows everything (the default);
 * - a flow needs both: the source's egress and the destination's ingress;
 * - an endpoint outside the cluster (a peer with only an `ip`) has no policies of its own, and no named ports
 *   (a named port is a pod's container port).
 *
 * Pods with the same namespace and labels behave the same, so the policies that select them are computed once
 * per label set: policies × label sets, never policies × pods.
 */

import { type IpAddress, inNetwork, parseIp } from "../../base/ip.ts";
import type { Bundle, PodSource } from "../context.ts";
import type { ObjectRef } from "../finding.ts";
import { labelSelectorMatches } from "../selectors.ts";
import type { ResolvedNetwork, ResolvedPeer } from "./peers.ts";
import { type Policy, type PolicyPeer, type PolicyPort, type PolicyRule, readPolicy } from "./policies.ts";

/** A port an endpoint serves. */
export interface EndpointPort {
  readonly port: number;
  readonly protocol: string;
  readonly name?: string;
}

/** A source or destination of traffic. */
export interface NetworkEndpoint {
  /** `Deployment/shop/web` for a workload's pods, `peer:dns` (…) for a declared peer. */
  readonly id: string;
  /** The workload whose pods these are; unset for peers. */
  readonly object?: ObjectRef;
  /** The pod template, for workloads. */
  readonly pod?: PodSource;
  /** The declared peer, for peers. */
  readonly peer?: ResolvedPeer;
  /** The namespace; undefined for a peer outside the cluster. */
  readonly namespace: string | undefined;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly address: IpAddress | undefined;
  readonly ports: readonly EndpointPort[];
}

/** The verdict of one direction of a flow. */
export interface SideVerdict {
  /** Policies that select the pod for this direction (empty: not isolated, everything is allowed). */
  readonly isolatedBy: readonly Policy[];
  /** The isolating policies with a rule that allows the flow. */
  readonly allowedBy: readonly Policy[];
  readonly allowed: boolean;
}

/** The verdict on a flow. */
export interface Verdict {
  readonly allowed: boolean;
  readonly egress: SideVerdict;
  readonly ingress: SideVerdict;
}

/** The network of a bundle. */
export interface Network {
  readonly endpoints: readonly NetworkEndpoint[];
  readonly policies: readonly Policy[];
  /** The endpoint of a workload's pods. */
  endpointOf(pod: PodSource): NetworkEndpoint | undefined;
  /** The policies that isolate a direction of an endpoint. */
  isolating(ep: NetworkEndpoint, direction: "ingress" | "egress"): readonly Policy[];
  /** The verdict on traffic from `from` to `to` on one of `to`'s ports. */
  check(from: NetworkEndpoint, to: NetworkEndpoint, port: EndpointPort): Verdict;
}

const NAME_LABEL = "kubernetes.io/metadata.name";

function labelKey(ns: string | undefined, labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  return JSON.stringify([ns ?? null, ...keys.map((k) => [k, labels[k]])]);
}

/** Does a rule's peer match an endpoint, for a policy in namespace `policyNs`? */
export function peerMatches(peer: PolicyPeer, policyNs: string, ep: NetworkEndpoint): boolean {
  switch (peer.type) {
    case "none":
      return false;
    case "ipBlock":
      return (
        ep.address !== undefined &&
        peer.cidr !== undefined &&
        inNetwork(peer.cidr, ep.address) &&
        !peer.except.some((r) => inNetwork(r, ep.address as IpAddress))
      );
    case "pods": {
      if (ep.namespace === undefined) return false;
      const nsOk =
        peer.namespaceSelector === undefined
          ? ep.namespace === policyNs
          : labelSelectorMatches(peer.namespaceSelector, ep.namespaceLabels);
      return nsOk && (peer.podSelector === undefined || labelSelectorMatches(peer.podSelector, ep.labels));
    }
  }
}

/** Does a rule's port match a destination port? Named ports are the destination's. */
export function portMatches(p: PolicyPort, port: EndpointPort): boolean {
  if (p.protocol !== port.protocol) return false;
  if (p.port === undefined) return true;
  if (typeof p.port === "string") return port.name !== undefined && port.name === p.port;
  if (p.endPort !== undefined) return port.port >= p.port && port.port <= p.endPort;
  return port.port === p.port;
}

function ruleAllows(rule: PolicyRule, policyNs: string, peer: NetworkEndpoint, port: EndpointPort): boolean {
  return (
    (rule.peers === undefined || rule.peers.some((p) => peerMatches(p, policyNs, peer))) &&
    (rule.ports === undefined || rule.ports.some((p) => portMatches(p, port)))
  );
}

/** The namespace labels Kubernetes and the bundle give each namespace. */
function namespaceLabelsOf(bundle: Bundle): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const ns of bundle.ofKind("Namespace", "")) out.set(ns.name, { ...ns.labels, [NAME_LABEL]: ns.name });
  return out;
}

function peerEndpoint(peer: ResolvedPeer, nsLabels: Map<string, Record<string, string>>): NetworkEndpoint {
  const ns = peer.namespace;
  return {
    id: peer.id,
    peer,
    namespace: ns,
    namespaceLabels:
      ns === undefined ? {} : { ...(nsLabels.get(ns) ?? {}), ...peer.namespaceLabels, [NAME_LABEL]: ns },
    labels: peer.podLabels,
    address: peer.ip === undefined ? undefined : parseIp(peer.ip),
    ports: peer.ports,
  };
}

/** The declared peers of the options, in a fixed order: dns, ingress, prometheus…, external…. */
export function declaredPeers(network: ResolvedNetwork): ResolvedPeer[] {
  return [
    ...(network.dns ? [network.dns] : []),
    ...(network.ingress ? [network.ingress] : []),
    ...network.prometheus,
    ...network.external,
  ];
}

/** Builds the network of a bundle: its endpoints and policies, with the per-label-set caches. */
export function buildNetwork(bundle: Bundle, network: ResolvedNetwork): Network {
  const nsLabels = namespaceLabelsOf(bundle);
  const byPod = new Map<PodSource, NetworkEndpoint>();
  const endpoints: NetworkEndpoint[] = [];
  for (const pod of bundle.pods) {
    const e = pod.entry;
    const ep: NetworkEndpoint = {
      id: `${e.kind}/${e.ns}/${e.name}`,
      object: e.ref,
      pod,
      namespace: e.ns,
      namespaceLabels: { ...(nsLabels.get(e.ns) ?? {}), [NAME_LABEL]: e.ns },
      labels: pod.labels,
      address: undefined,
      ports: pod.ports.map((p) =>
        p.name === undefined
          ? { port: p.containerPort, protocol: p.protocol }
          : { port: p.containerPort, protocol: p.protocol, name: p.name },
      ),
    };
    byPod.set(pod, ep);
    endpoints.push(ep);
  }
  for (const peer of declaredPeers(network)) endpoints.push(peerEndpoint(peer, nsLabels));

  const policies = bundle.ofKind("NetworkPolicy", "networking.k8s.io").map(readPolicy);
  const policiesIn = new Map<string, Policy[]>();
  for (const p of policies) {
    const l = policiesIn.get(p.namespace);
    if (l === undefined) policiesIn.set(p.namespace, [p]);
    else l.push(p);
  }
  const cache = new Map<string, { ingress: Policy[]; egress: Policy[] }>();
  // The label key once per endpoint object (check() runs for every pair and port); the cache by label key then
  // shares the result between endpoints with the same namespace and labels.
  const byEndpoint = new WeakMap<NetworkEndpoint, { ingress: Policy[]; egress: Policy[] }>();
  const selecting = (ep: NetworkEndpoint) => {
    const known = byEndpoint.get(ep);
    if (known !== undefined) return known;
    const key = labelKey(ep.namespace, ep.labels);
    let hit = cache.get(key);
    if (hit === undefined) {
      const here =
        ep.namespace === undefined
          ? []
          : (policiesIn.get(ep.namespace) ?? []).filter((p) =>
              labelSelectorMatches(p.podSelector, ep.labels),
            );
      hit = {
        ingress: here.filter((p) => p.ingress !== undefined),
        egress: here.filter((p) => p.egress !== undefined),
      };
      cache.set(key, hit);
    }
    byEndpoint.set(ep, hit);
    return hit;
  };
  const side = (
    isolatedBy: readonly Policy[],
    direction: "ingress" | "egress",
    peer: NetworkEndpoint,
    port: EndpointPort,
  ): SideVerdict => {
    if (isolatedBy.length === 0) return { isolatedBy, allowedBy: [], allowed: true };
    const allowedBy = isolatedBy.filter((p) =>
      (p[direction] ?? []).some((r) => ruleAllows(r, p.namespace, peer, port)),
    );
    return { isolatedBy, allowedBy, allowed: allowedBy.length > 0 };
  };
  return {
    endpoints,
    policies,
    endpointOf: (pod) => byPod.get(pod),
    isolating: (ep, direction) => selecting(ep)[direction],
    check(from, to, port) {
      // A named port is a pod's container port (NetworkPolicyPort: "a numerical or named port on a pod"): an
      // address outside the cluster has none, whatever name its declared port carries.
      const target = to.namespace === undefined ? { port: port.port, protocol: port.protocol } : port;
      const egress = side(selecting(from).egress, "egress", to, target);
      const ingress = side(selecting(to).ingress, "ingress", from, target);
      return { allowed: egress.allowed && ingress.allowed, egress, ingress };
    },
  };
}
