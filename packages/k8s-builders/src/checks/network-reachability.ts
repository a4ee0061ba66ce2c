/**
 * `networkReachability(objects, options)`: which flows the bundle's NetworkPolicies allow, as plain data — every
 * endpoint (the pods of each workload, and the declared peers) and every allowed (source, destination, port)
 * with the policies that allow it. The same computation `validateBundle`'s network checks use (see
 * docs/network.md); it feeds pictures of the bundle.
 */
import type { Manifest } from "../base/manifest.ts";
import type { Finding, ObjectRef } from "./finding.ts";
import { buildNetwork, type EndpointPort, type NetworkEndpoint } from "./network/model.ts";
import { readBundle, type ValidateBundleOptions } from "./validate-bundle.ts";

/** A source or destination of the matrix. */
export interface ReachabilityEndpoint {
  /** `Deployment/shop/web` for a workload's pods; `peer:dns`, `peer:ingress`, `peer:prometheus`, `peer:<name>`. */
  readonly id: string;
  /** The workload, for workload endpoints. */
  readonly object?: ObjectRef;
  /** The peer's name (`dns`, `ingress`, `prometheus`, a key of `peers.external`), for peers. */
  readonly peer?: string;
  /** The namespace; unset for a peer outside the cluster. */
  readonly namespace?: string;
  /** The pods' labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The ports it serves (container ports, or the peer's declared ports). */
  readonly ports: readonly { readonly port: number; readonly protocol: string; readonly name?: string }[];
}

/** One allowed flow: `from` may open `port`/`protocol` on `to`. */
export interface NetworkFlow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: string;
  /** The name of the destination's port, when it has one. */
  readonly portName?: string;
  /** The policies (`namespace/name`) whose rules allow it: egress policies of the source, ingress ones of the destination. */
  readonly policies: readonly string[];
  /** The directions no policy restricts (the source's egress, the destination's ingress): open by default. */
  readonly unrestricted: readonly ("egress" | "ingress")[];
}

/** What {@link networkReachability} computes. */
export interface NetworkReachability {
  readonly endpoints: readonly ReachabilityEndpoint[];
  /** Allowed flows, by source, destination and port in endpoint order. */
  readonly flows: readonly NetworkFlow[];
  /** Problems with the input or the options (the same findings validateBundle reports for them). */
  readonly problems: readonly Finding[];
}

function plainEndpoint(ep: NetworkEndpoint): ReachabilityEndpoint {
  return {
    id: ep.id,
    ...(ep.object === undefined ? {} : { object: ep.object }),
    ...(ep.peer === undefined ? {} : { peer: ep.peer.name }),
    ...(ep.namespace === undefined ? {} : { namespace: ep.namespace }),
    labels: { ...ep.labels },
    ports: ep.ports.map((p) => ({ ...p })),
  };
}

/** What a verdict reads of an endpoint besides its ports: namespace, address, pod and namespace labels. */
function labelKey(ep: NetworkEndpoint): string {
  return JSON.stringify([
    ep.namespace ?? null,
    ep.address?.value.toString() ?? null,
    Object.entries(ep.labels).sort(),
    Object.entries(ep.namespaceLabels).sort(),
  ]);
}

/**
 * Each endpoint's class: the index of the first endpoint with the same namespace, address, pod labels and
 * namespace labels (endpoints of one class get the same verdicts; two peers may give one namespace different
 * labels). The label key is computed once per endpoint, not once per pair and port.
 */
function classesOf(endpoints: readonly NetworkEndpoint[]): Map<NetworkEndpoint, number> {
  const first = new Map<string, number>();
  const out = new Map<NetworkEndpoint, number>();
  endpoints.forEach((ep, i) => {
    const key = labelKey(ep);
    let c = first.get(key);
    if (c === undefined) {
      c = i;
      first.set(key, c);
    }
    out.set(ep, c);
  });
  return out;
}

/**
 * Every flow the bundle's NetworkPolicies allow between its workloads' pods and the declared peers, under
 * Kubernetes' semantics (default allow for pods no policy selects, union of policies, egress and ingress both
 * needed, named ports per destination, namespace selectors, `ipBlock` with `except`, `endPort`, protocols).
 * Flows between two peers are left out. Endpoints with the same namespace, pod labels, namespace labels and
 * address are evaluated once. Never throws.
 *
 * @example
 * const { flows } = networkReachability(callCenter(config), { peers: { ingress: { namespace: "ingress-nginx" } } });
 * const toDb = flows.filter((f) => f.to === "StatefulSet/call-center/postgresql");
 */
export function networkReachability(
  objects: readonly Manifest[],
  options: ValidateBundleOptions = {},
): NetworkReachability {
  const problems: Finding[] = [];
  const bundle = readBundle(objects, options, problems);
  const network = buildNetwork(bundle, bundle.options.network);
  const flows: NetworkFlow[] = [];
  const memo = new Map<string, { policies: string[]; unrestricted: ("egress" | "ingress")[] } | null>();
  const classes = classesOf(network.endpoints);
  for (const from of network.endpoints) {
    const fromClass = classes.get(from);
    for (const to of network.endpoints) {
      if (from.pod === undefined && to.pod === undefined) continue; // between two peers: not the bundle's
      const pair = `${fromClass}|${classes.get(to)}|`;
      for (const port of to.ports) {
        const key = `${pair}${port.port}|${port.protocol}|${port.name ?? ""}`;
        let hit = memo.get(key);
        if (hit === undefined) {
          const v = network.check(from, to, port);
          hit = v.allowed
            ? {
                policies: [...v.egress.allowedBy, ...v.ingress.allowedBy].map((p) => p.id),
                unrestricted: [
                  ...(v.egress.isolatedBy.length === 0 ? (["egress"] as const) : []),
                  ...(v.ingress.isolatedBy.length === 0 ? (["ingress"] as const) : []),
                ],
              }
            : null;
          memo.set(key, hit);
        }
        if (hit === null) continue;
        flows.push(flow(from, to, port, hit.policies, hit.unrestricted));
      }
    }
  }
  return { endpoints: network.endpoints.map(plainEndpoint), flows, problems };
}

function flow(
  from: NetworkEndpoint,
  to: NetworkEndpoint,
  port: EndpointPort,
  policies: readonly string[],
  unrestricted: readonly ("egress" | "ingress")[],
): NetworkFlow {
  return {
    from: from.id,
    to: to.id,
    port: port.port,
    protocol: port.protocol,
    ...(port.name === undefined ? {} : { portName: port.name }),
    policies: [...policies],
    unrestricted: [...unrestricted],
  };
}
