/**
 * What the reachability rules share: the network of a bundle (built once), how an endpoint, a selector and a
 * port read in a message, and the collector that turns blocked flows into one finding per policy and pair.
 */
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import {
  buildNetwork,
  type EndpointPort,
  type Network,
  type NetworkEndpoint,
  type Verdict,
} from "../network/model.ts";
import type { Policy } from "../network/policies.ts";
import { arr, get, strMap } from "../read.ts";
import { mapSelects } from "../selectors.ts";

/** The most items a message lists; the rest are counted ("and 3 more"). */
export const LIST_CAP = 5;

/** `a, b, c and 4 more`. */
export function capped(items: readonly string[], cap = LIST_CAP): string {
  if (items.length <= cap) return items.join(", ");
  return `${items.slice(0, cap).join(", ")} and ${items.length - cap} more`;
}

const networks = new WeakMap<Bundle, Network>();

/** The network of a bundle, built once per validateBundle call. */
export function networkOf(bundle: Bundle): Network {
  let n = networks.get(bundle);
  if (n === undefined) {
    n = buildNetwork(bundle, bundle.options.network);
    networks.set(bundle, n);
  }
  return n;
}

export function hasPolicies(bundle: Bundle): boolean {
  return bundle.ofKind("NetworkPolicy", "networking.k8s.io").length > 0;
}

/** The policy to point a fix at: one that selects the pods by labels, else the first (a namespace-wide one). */
export function mostSpecific(policies: readonly Policy[]): Policy | undefined {
  return (
    policies.find((p) => Object.keys(p.podSelector).length > 0 && !isEmpty(p.podSelector)) ?? policies[0]
  );
}

export function isEmpty(selector: Record<string, unknown>): boolean {
  return (
    Object.keys(strMap(selector.matchLabels)).length === 0 && arr(selector.matchExpressions).length === 0
  );
}

export function endpointName(ep: NetworkEndpoint): string {
  if (ep.object !== undefined) return `${ep.object.kind} "${ep.object.namespace ?? ""}/${ep.object.name}"`;
  return `peer "${ep.peer?.name ?? ep.id}" (${ep.peer?.at ?? ""})`;
}

export function selectorText(ep: NetworkEndpoint): string {
  // A workload's own selector names its pods best (its template labels also carry version and component).
  const own = ep.pod === undefined ? {} : strMap(get(ep.pod.entry.obj, "spec", "selector", "matchLabels"));
  const shown = Object.keys(own).length > 0 && mapSelects(own, ep.labels) ? own : ep.labels;
  const labels = Object.entries(shown).map(([k, v]) => `${k}: ${v}`);
  const pods = labels.length === 0 ? "any pod" : `pods {${labels.join(", ")}}`;
  return ep.namespace === undefined
    ? `ipBlock containing ${ep.peer?.ip ?? "its address"}`
    : `${pods} in namespace "${ep.namespace}"`;
}

export const portText = (p: EndpointPort) => `${p.port}/${p.protocol}`;

export interface Blocked {
  readonly side: "egress" | "ingress";
  readonly policy: Policy;
  readonly from: NetworkEndpoint;
  readonly to: NetworkEndpoint;
  readonly ports: Set<string>;
  readonly targets: Set<string>;
  readonly reasons: Set<string>;
}

/** Collects blocked flows by (side, policy, source, destination) so one finding says it all. */
export class BlockedFlows {
  readonly byKey = new Map<string, Blocked>();
  add(from: NetworkEndpoint, to: NetworkEndpoint, port: EndpointPort, v: Verdict, reason = ""): void {
    for (const side of ["egress", "ingress"] as const) {
      const s = v[side];
      if (s.allowed) continue;
      const policy = mostSpecific(s.isolatedBy);
      if (policy === undefined) continue;
      const key = `${side}|${policy.id}|${from.id}|${side === "egress" ? to.id : ""}`;
      let b = this.byKey.get(key);
      if (b === undefined) {
        b = { side, policy, from, to, ports: new Set(), targets: new Set(), reasons: new Set() };
        this.byKey.set(key, b);
      }
      b.ports.add(portText(port));
      b.targets.add(endpointName(to));
      if (reason !== "") b.reasons.add(reason);
    }
  }
}

export function blockedFinding(
  code: "NETWORK_SERVICE_BLOCKED" | "NETWORK_SCRAPE_BLOCKED",
  b: Blocked,
  what: string,
  extraHint = "",
): Finding {
  const ports = capped([...b.ports]);
  const isolatedBy = b.policy.id.split("/")[1];
  if (b.side === "egress") {
    return finding(
      code,
      b.policy.entry.ref,
      "spec.egress",
      `${endpointName(b.from)} cannot open ${ports} to ${capped([...b.targets])} (${what}): no egress rule of the NetworkPolicies selecting it allows that (isolated by "${isolatedBy}")`,
      `Add an egress rule to NetworkPolicy "${b.policy.entry.name}": to ${selectorText(b.to)}, ports ${ports}.${extraHint}`,
    );
  }
  return finding(
    code,
    b.policy.entry.ref,
    "spec.ingress",
    `${capped([...b.targets])} accepts no ${ports} from ${endpointName(b.from)} (${what}): no ingress rule of the NetworkPolicies selecting it allows that (isolated by "${isolatedBy}")`,
    `Add an ingress rule to NetworkPolicy "${b.policy.entry.name}": from ${selectorText(b.from)}, ports ${ports}.${extraHint}`,
  );
}
