/**
 * NetworkPolicies read as Kubernetes reads them (networking.k8s.io/v1), into plain data the reachability
 * computation evaluates. The rules of the API, each applied here:
 *
 * - `policyTypes` unset (or empty): `Ingress` always, plus `Egress` when `spec.egress` has at least one rule
 *   (the API server's defaulting; `egress: []` without policyTypes does not isolate egress).
 * - A policy isolates the pods its `podSelector` selects in its own namespace, for each of its policy types;
 *   a rule list that is unset or empty then allows nothing in that direction.
 * - A rule with `from`/`to` unset or empty matches every peer; with `ports` unset or empty, every port.
 * - A peer with `podSelector` alone selects pods of the policy's namespace; `namespaceSelector` alone every pod
 *   of the selected namespaces; both in one peer, the selected pods of the selected namespaces (AND), whereas
 *   two peers are ORed. `ipBlock` matches addresses in `cidr` outside every `except` range.
 * - A port with no `port` matches every port of its protocol (TCP when unset); `endPort` makes a range; a named
 *   port is the destination pod's container port of that name and protocol.
 */

import type { IpNetwork } from "../../base/ip.ts";
import type { Entry } from "../context.ts";
import { arr, get, isRec, num, type Rec, str } from "../read.ts";
import { parseRange } from "./ip.ts";

/** A peer of a rule. */
export type PolicyPeer =
  | {
      readonly type: "pods";
      /** The LabelSelector for pods; undefined: any pod of the namespaces. */
      readonly podSelector: Rec | undefined;
      /** The LabelSelector for namespaces; undefined: the policy's own namespace. */
      readonly namespaceSelector: Rec | undefined;
    }
  | { readonly type: "ipBlock"; readonly cidr: IpNetwork | undefined; readonly except: readonly IpNetwork[] }
  /** A peer with no selector and no ipBlock (the API refuses it): it matches nothing. */
  | { readonly type: "none" };

/** A port of a rule. */
export interface PolicyPort {
  readonly protocol: string;
  /** undefined: every port of the protocol. */
  readonly port: number | string | undefined;
  readonly endPort: number | undefined;
}

/** One ingress or egress rule. */
export interface PolicyRule {
  /** Its index in `spec.ingress` / `spec.egress`. */
  readonly index: number;
  /** undefined: every peer. */
  readonly peers: readonly PolicyPeer[] | undefined;
  /** undefined: every port. */
  readonly ports: readonly PolicyPort[] | undefined;
}

/** A NetworkPolicy as the computation uses it. */
export interface Policy {
  readonly entry: Entry;
  /** `namespace/name`. */
  readonly id: string;
  readonly namespace: string;
  /** The pod selector (`{}` when unset: the API requires it, and `{}` selects every pod). */
  readonly podSelector: Rec;
  /** The ingress rules when the policy isolates ingress, else undefined. */
  readonly ingress: readonly PolicyRule[] | undefined;
  /** The egress rules when the policy isolates egress, else undefined. */
  readonly egress: readonly PolicyRule[] | undefined;
}

function readPeer(v: unknown): PolicyPeer {
  if (!isRec(v)) return { type: "none" };
  if (isRec(v.ipBlock)) {
    const cidr = str(v.ipBlock.cidr);
    return {
      type: "ipBlock",
      cidr: cidr === undefined ? undefined : parseRange(cidr),
      except: arr(v.ipBlock.except)
        .map((e) => (typeof e === "string" ? parseRange(e) : undefined))
        .filter((r): r is IpNetwork => r !== undefined),
    };
  }
  const podSelector = isRec(v.podSelector) ? v.podSelector : undefined;
  const namespaceSelector = isRec(v.namespaceSelector) ? v.namespaceSelector : undefined;
  if (podSelector === undefined && namespaceSelector === undefined) return { type: "none" };
  return { type: "pods", podSelector, namespaceSelector };
}

function readPort(v: unknown): PolicyPort {
  const raw = get(v, "port");
  return {
    protocol: str(get(v, "protocol")) ?? "TCP",
    port: typeof raw === "string" ? raw : num(raw),
    endPort: num(get(v, "endPort")),
  };
}

function readRules(v: unknown, peersField: "from" | "to"): PolicyRule[] {
  return arr(v).map((r, index) => {
    const peers = arr(get(r, peersField));
    const ports = arr(get(r, "ports"));
    return {
      index,
      peers: peers.length === 0 ? undefined : peers.map(readPeer),
      ports: ports.length === 0 ? undefined : ports.map(readPort),
    };
  });
}

/** The policy types in effect: `spec.policyTypes`, or the API server's default when it is unset or empty. */
export function policyTypesOf(spec: unknown): { ingress: boolean; egress: boolean } {
  const types = arr(get(spec, "policyTypes"));
  if (types.length === 0) return { ingress: true, egress: arr(get(spec, "egress")).length > 0 };
  return { ingress: types.includes("Ingress"), egress: types.includes("Egress") };
}

/** Reads one NetworkPolicy. */
export function readPolicy(entry: Entry): Policy {
  const spec = get(entry.obj, "spec");
  const types = policyTypesOf(spec);
  const podSelector = get(spec, "podSelector");
  return {
    entry,
    id: `${entry.ns}/${entry.name}`,
    namespace: entry.ns,
    podSelector: isRec(podSelector) ? podSelector : {},
    ingress: types.ingress ? readRules(get(spec, "ingress"), "from") : undefined,
    egress: types.egress ? readRules(get(spec, "egress"), "to") : undefined,
  };
}
