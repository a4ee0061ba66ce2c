/**
 * Reachability the bundle needs for its Services: every consumer of a Service (by env, config, Ingress or route)
 * reaches the Service's pods on their target ports, and every egress-isolated pod reaches the cluster DNS.
 * The semantics are in `network/model.ts`.
 */
import type { Bundle, Entry, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { serviceNames, serviceUses } from "../network/consumers.ts";
import type { EndpointPort, Network, NetworkEndpoint } from "../network/model.ts";
import type { Policy } from "../network/policies.ts";
import { get, strMap } from "../read.ts";
import { mapSelects } from "../selectors.ts";
import { backends, ingresses } from "./ingress.ts";
import {
  BlockedFlows,
  blockedFinding,
  capped,
  endpointName,
  hasPolicies,
  mostSpecific,
  networkOf,
  portText,
  selectorText,
} from "./network-common.ts";
import {
  podsOfService,
  type ServicePortView,
  selectingServices,
  servedBy,
  servicePorts,
} from "./services.ts";

/** The container ports of a Service's pods that a Service port reaches: where the policies must let traffic in. */
function targetsOf(
  network: Network,
  pods: readonly PodSource[],
  sp: ServicePortView,
): { ep: NetworkEndpoint; port: EndpointPort }[] {
  const out: { ep: NetworkEndpoint; port: EndpointPort }[] = [];
  for (const pod of pods) {
    const ep = network.endpointOf(pod);
    if (ep === undefined) continue;
    const served = servedBy(sp, pod);
    // A numeric targetPort is where the traffic goes, declared as a container port or not.
    if (served.length === 0 && typeof sp.target === "number")
      out.push({ ep, port: { port: sp.target, protocol: sp.protocol } });
    for (const pp of served) {
      out.push({
        ep,
        port:
          pp.name === undefined
            ? { port: pp.containerPort, protocol: pp.protocol }
            : { port: pp.containerPort, protocol: pp.protocol, name: pp.name },
      });
    }
  }
  return out;
}

/** Hint when a policy allows the Service's port number but the pods serve another (the container port). */
function servicePortHint(
  network: Network,
  to: NetworkEndpoint,
  sp: ServicePortView,
  target: EndpointPort,
): string {
  if (sp.port === undefined || sp.port === target.port) return "";
  const mentions = network
    .isolating(to, "ingress")
    .some((p) => (p.ingress ?? []).some((r) => (r.ports ?? []).some((q) => q.port === sp.port)));
  return mentions
    ? ` Port ${sp.port} is the Service's port: NetworkPolicies see the pod's port ${target.port} (the targetPort), so allow that one.`
    : "";
}

interface Consumer {
  readonly ep: NetworkEndpoint;
  readonly why: string;
  readonly port: number | undefined;
}

function consumerRefMatches(ref: string, ep: NetworkEndpoint): boolean {
  if (ep.peer !== undefined) return ref === ep.peer.name;
  const o = ep.object;
  if (o === undefined) return false;
  return ref === `${o.kind}/${o.name}` || ref === `${o.kind}/${o.namespace ?? ""}/${o.name}`;
}

/**
 * Every consumer of a Service reaches the Service's pods on each target port (the container port, resolved per
 * pod). Consumers: workloads whose configuration names the Service (see `network/consumers.ts`), the ingress peer
 * for Services behind an Ingress of the bundle, and `options.consumers`.
 */
export function serviceConsumersReach(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const consumers = new Map<number, Consumer[]>();
  const add = (svc: Entry, c: Consumer) => {
    const l = consumers.get(svc.index);
    if (l === undefined) consumers.set(svc.index, [c]);
    else if (!l.some((x) => x.ep === c.ep && x.port === c.port)) l.push(c);
  };
  const names = serviceNames(bundle);
  for (const pod of bundle.pods) {
    const ep = network.endpointOf(pod);
    if (ep === undefined) continue;
    for (const use of serviceUses(bundle, pod, names)) {
      const selector = strMap(get(use.service.obj, "spec", "selector"));
      if (
        use.service.ns === pod.entry.ns &&
        Object.keys(selector).length > 0 &&
        mapSelects(selector, pod.labels)
      )
        continue;
      add(use.service, { ep, why: `named in ${use.where}`, port: use.port });
    }
  }
  const ingressPeer = network.endpoints.find((e) => e.id === "peer:ingress");
  if (ingressPeer !== undefined) {
    for (const ing of ingresses(bundle)) {
      for (const b of backends(ing)) {
        const svc = bundle.find("Service", ing.ns, b.service, "");
        if (svc === undefined) continue;
        const port =
          typeof b.port === "number" ? b.port : servicePorts(svc).find((p) => p.name === b.port)?.port;
        add(svc, { ep: ingressPeer, why: `backend of Ingress "${ing.name}"`, port });
      }
    }
  }
  for (const [key, refs] of bundle.options.network.consumers) {
    const svc = bundle.ofKind("Service", "").find((s) => key === s.name || key === `${s.ns}/${s.name}`);
    if (svc === undefined) continue;
    for (const ref of refs) {
      for (const ep of network.endpoints.filter((e) => consumerRefMatches(ref, e)))
        add(svc, { ep, why: "declared in options.consumers", port: undefined });
    }
  }
  const out: Finding[] = [];
  for (const { svc, selector } of selectingServices(bundle)) {
    const list = consumers.get(svc.index);
    if (list === undefined) continue;
    const pods = podsOfService(bundle, svc, selector);
    for (const c of list) {
      const blocked = new BlockedFlows();
      let hint = "";
      for (const sp of servicePorts(svc)) {
        if (c.port !== undefined && sp.port !== c.port) continue;
        for (const t of targetsOf(network, pods, sp)) {
          if (t.ep === c.ep) continue;
          const v = network.check(c.ep, t.ep, t.port);
          if (v.allowed) continue;
          blocked.add(c.ep, t.ep, t.port, v);
          if (!v.ingress.allowed && hint === "") hint = servicePortHint(network, t.ep, sp, t.port);
        }
      }
      for (const b of blocked.byKey.values()) {
        out.push(
          blockedFinding(
            "NETWORK_SERVICE_BLOCKED",
            b,
            `a consumer of Service "${svc.ns}/${svc.name}", ${c.why}`,
            b.side === "ingress" ? hint : "",
          ),
        );
      }
    }
  }
  return out;
}

/** Every pod an egress policy selects reaches the cluster DNS on each of its ports (53/UDP and 53/TCP). */
export function dnsReachable(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const dns = network.endpoints.find((e) => e.id === "peer:dns");
  if (dns === undefined) return [];
  const byPolicy = new Map<
    string,
    { policy: Policy; workloads: string[]; ports: Set<string>; side: "egress" | "ingress" }
  >();
  for (const ep of network.endpoints) {
    if (ep.pod === undefined || network.isolating(ep, "egress").length === 0) continue;
    for (const port of dns.ports) {
      const v = network.check(ep, dns, port);
      if (v.allowed) continue;
      const side = v.egress.allowed ? "ingress" : "egress";
      const policy = mostSpecific(v[side].isolatedBy);
      if (policy === undefined) continue;
      let hit = byPolicy.get(`${side}|${policy.id}`);
      if (hit === undefined) {
        hit = { policy, workloads: [], ports: new Set(), side };
        byPolicy.set(`${side}|${policy.id}`, hit);
      }
      if (!hit.workloads.includes(endpointName(ep))) hit.workloads.push(endpointName(ep));
      hit.ports.add(portText(port));
    }
  }
  return [...byPolicy.values()].map((h) =>
    finding(
      "NETWORK_DNS_BLOCKED",
      h.policy.entry.ref,
      h.side === "egress" ? "spec.egress" : "spec.ingress",
      `${capped(h.workloads)} cannot resolve names: ${capped([...h.ports])} to the cluster DNS (${selectorText(dns)}) is not allowed by the NetworkPolicies selecting it (isolated by "${h.policy.entry.name}")`,
      h.side === "egress"
        ? `Allow egress to the cluster DNS on 53/UDP and 53/TCP: a rule in NetworkPolicy "${h.policy.entry.name}", or a namespace-wide policy (podSelector: {}) such as allow-dns with to: ${selectorText(dns)}.`
        : `The DNS pods' own policy "${h.policy.entry.name}" must allow ingress on 53/UDP and 53/TCP from the bundle's pods.`,
    ),
  );
}
