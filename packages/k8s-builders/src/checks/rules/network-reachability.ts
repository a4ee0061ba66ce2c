/**
 * What the bundle's NetworkPolicies let through, checked against what the bundle needs: every consumer of a
 * Service reaches its pods on the target ports, every egress-isolated pod reaches DNS, Prometheus reaches every
 * scrape target, every policy selects pods and allows ports they serve, and no pod's egress is left open while
 * its neighbours' is locked down. The semantics are in `network/model.ts`.
 */
import type { Bundle, Entry, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { serviceNames, serviceUses } from "../network/consumers.ts";
import {
  buildNetwork,
  type EndpointPort,
  type Network,
  type NetworkEndpoint,
  type Verdict,
} from "../network/model.ts";
import type { Policy } from "../network/policies.ts";
import { arr, at, get, isRec, num, str, strMap } from "../read.ts";
import { labelSelectorMatches, mapSelects } from "../selectors.ts";
import { backends, ingresses } from "./ingress.ts";
import { selectedServices } from "./monitoring.ts";
import {
  podsOfService,
  type ServicePortView,
  selectingServices,
  servedBy,
  servicePorts,
} from "./services.ts";

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

function hasPolicies(bundle: Bundle): boolean {
  return bundle.ofKind("NetworkPolicy", "networking.k8s.io").length > 0;
}

/** The policy to point a fix at: one that selects the pods by labels, else the first (a namespace-wide one). */
function mostSpecific(policies: readonly Policy[]): Policy | undefined {
  return (
    policies.find((p) => Object.keys(p.podSelector).length > 0 && !isEmpty(p.podSelector)) ?? policies[0]
  );
}

function isEmpty(selector: Record<string, unknown>): boolean {
  return (
    Object.keys(strMap(selector.matchLabels)).length === 0 && arr(selector.matchExpressions).length === 0
  );
}

function endpointName(ep: NetworkEndpoint): string {
  if (ep.object !== undefined) return `${ep.object.kind} "${ep.object.namespace ?? ""}/${ep.object.name}"`;
  return `peer "${ep.peer?.name ?? ep.id}" (${ep.peer?.at ?? ""})`;
}

function selectorText(ep: NetworkEndpoint): string {
  // A workload's own selector names its pods best (its template labels also carry version and component).
  const own = ep.pod === undefined ? {} : strMap(get(ep.pod.entry.obj, "spec", "selector", "matchLabels"));
  const shown = Object.keys(own).length > 0 && mapSelects(own, ep.labels) ? own : ep.labels;
  const labels = Object.entries(shown).map(([k, v]) => `${k}: ${v}`);
  const pods = labels.length === 0 ? "any pod" : `pods {${labels.join(", ")}}`;
  return ep.namespace === undefined
    ? `ipBlock containing ${ep.peer?.ip ?? "its address"}`
    : `${pods} in namespace "${ep.namespace}"`;
}

const portText = (p: EndpointPort) => `${p.port}/${p.protocol}`;

interface Blocked {
  readonly side: "egress" | "ingress";
  readonly policy: Policy;
  readonly from: NetworkEndpoint;
  readonly to: NetworkEndpoint;
  readonly ports: Set<string>;
  readonly targets: Set<string>;
  readonly reasons: Set<string>;
}

/** Collects blocked flows by (side, policy, source, destination) so one finding says it all. */
class BlockedFlows {
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

function blockedFinding(
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
    for (const pp of servedBy(sp, pod)) {
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

/** A scrape target: pods and a port Prometheus must reach, and why. */
interface ScrapeTarget {
  readonly pod: PodSource;
  readonly port: EndpointPort;
  readonly why: string;
}

function podPort(
  pod: PodSource,
  pred: (p: { name: string | undefined; containerPort: number; protocol: string }) => boolean,
): EndpointPort[] {
  return pod.ports
    .filter(pred)
    .map((p) =>
      p.name === undefined
        ? { port: p.containerPort, protocol: p.protocol }
        : { port: p.containerPort, protocol: p.protocol, name: p.name },
    );
}

/** ServiceMonitor endpoints, PodMonitor endpoints and `prometheus.io/scrape` pods and Services. */
function scrapeTargets(bundle: Bundle): ScrapeTarget[] {
  const out: ScrapeTarget[] = [];
  for (const sm of bundle.ofKind("ServiceMonitor", "monitoring.coreos.com")) {
    const services = selectedServices(bundle, sm);
    arr(get(sm.obj, "spec", "endpoints")).forEach((ep) => {
      const portName = str(get(ep, "port"));
      const targetPort = get(ep, "targetPort");
      for (const svc of services) {
        const selector = strMap(get(svc.obj, "spec", "selector"));
        if (Object.keys(selector).length === 0) continue;
        const pods = podsOfService(bundle, svc, selector);
        const why = `ServiceMonitor "${sm.name}"`;
        if (portName !== undefined) {
          for (const sp of servicePorts(svc).filter((p) => p.name === portName))
            for (const pod of pods)
              for (const pp of servedBy(sp, pod))
                out.push({ pod, port: podPort(pod, (p) => p === pp)[0] as EndpointPort, why });
        } else if (typeof targetPort === "number" || typeof targetPort === "string") {
          for (const pod of pods)
            for (const port of podPort(pod, (p) =>
              typeof targetPort === "number" ? p.containerPort === targetPort : p.name === targetPort,
            ))
              out.push({ pod, port, why });
        }
      }
    });
  }
  for (const pm of bundle.ofKind("PodMonitor", "monitoring.coreos.com")) {
    const selector = get(pm.obj, "spec", "selector");
    if (!isRec(selector)) continue;
    const nsSelector = get(pm.obj, "spec", "namespaceSelector");
    const any = get(nsSelector, "any") === true;
    const names = arr(get(nsSelector, "matchNames")).filter((n): n is string => typeof n === "string");
    const pods = bundle.pods.filter(
      (p) =>
        (any || (names.length > 0 ? names.includes(p.entry.ns) : p.entry.ns === pm.ns)) &&
        labelSelectorMatches(selector, p.labels),
    );
    for (const ep of arr(get(pm.obj, "spec", "podMetricsEndpoints"))) {
      const name = str(get(ep, "port"));
      const number = num(get(ep, "portNumber"));
      for (const pod of pods)
        for (const port of podPort(pod, (p) =>
          name !== undefined ? p.name === name : number !== undefined && p.containerPort === number,
        ))
          out.push({ pod, port, why: `PodMonitor "${pm.name}"` });
    }
  }
  for (const pod of bundle.pods) {
    if (pod.annotations["prometheus.io/scrape"] !== "true") continue;
    const wanted = Number(pod.annotations["prometheus.io/port"]);
    for (const port of podPort(
      pod,
      (p) =>
        p.protocol === "TCP" && (Number.isInteger(wanted) && wanted > 0 ? p.containerPort === wanted : true),
    ))
      out.push({ pod, port, why: "annotation prometheus.io/scrape on its pods" });
    if (Number.isInteger(wanted) && wanted > 0 && !pod.ports.some((p) => p.containerPort === wanted))
      out.push({
        pod,
        port: { port: wanted, protocol: "TCP" },
        why: "annotation prometheus.io/port on its pods",
      });
  }
  for (const { svc, selector } of selectingServices(bundle)) {
    const annotations = strMap(get(svc.obj, "metadata", "annotations"));
    if (annotations["prometheus.io/scrape"] !== "true") continue;
    const wanted = Number(annotations["prometheus.io/port"]);
    for (const pod of podsOfService(bundle, svc, selector)) {
      for (const sp of servicePorts(svc)) {
        for (const pp of servedBy(sp, pod)) {
          if (Number.isInteger(wanted) && wanted > 0 && pp.containerPort !== wanted) continue;
          out.push({
            pod,
            port: podPort(pod, (p) => p === pp)[0] as EndpointPort,
            why: `annotation prometheus.io/scrape on Service "${svc.name}"`,
          });
        }
      }
    }
  }
  return out;
}

/** Each declared Prometheus reaches every scrape target (ServiceMonitor, PodMonitor, `prometheus.io/scrape`). */
export function prometheusScrapes(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const scrapers = network.endpoints.filter((e) => e.peer !== undefined && e.peer.name === "prometheus");
  if (scrapers.length === 0) return [];
  const out: Finding[] = [];
  const targets = scrapeTargets(bundle);
  for (const prom of scrapers) {
    const blocked = new BlockedFlows();
    for (const t of targets) {
      const ep = network.endpointOf(t.pod);
      if (ep === undefined || ep === prom) continue;
      const v = network.check(prom, ep, t.port);
      if (!v.allowed) blocked.add(prom, ep, t.port, v, t.why);
    }
    for (const b of blocked.byKey.values())
      out.push(blockedFinding("NETWORK_SCRAPE_BLOCKED", b, `scrape target of ${capped([...b.reasons])}`));
  }
  return out;
}

function selectsAnything(network: Network, policy: Policy): boolean {
  return network.endpoints.some(
    (e) => e.namespace === policy.namespace && labelSelectorMatches(policy.podSelector, e.labels),
  );
}

/** A NetworkPolicy must select the pods of some workload (or declared peer) of its namespace. */
export function networkPolicySelectsPods(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const out: Finding[] = [];
  for (const p of network.policies) {
    if (isEmpty(p.podSelector) || selectsAnything(network, p)) continue;
    out.push(
      finding(
        "NETWORK_POLICY_SELECTS_NOTHING",
        p.entry.ref,
        "spec.podSelector",
        `podSelector ${JSON.stringify(p.podSelector)} matches the pod labels of no workload in namespace "${p.namespace}": the policy protects nothing`,
      ),
    );
  }
  return out;
}

/**
 * The numbered and named ports of a policy's ingress rules must be ports its selected pods serve; a Service's
 * port number where the pods serve another (its targetPort) is the classic case.
 */
export function networkPolicyPortsServed(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const services = selectingServices(bundle);
  const out: Finding[] = [];
  for (const p of network.policies) {
    const selected = network.endpoints.filter(
      (e) =>
        e.pod !== undefined && e.namespace === p.namespace && labelSelectorMatches(p.podSelector, e.labels),
    );
    if (selected.length === 0) continue;
    for (const rule of p.ingress ?? []) {
      (rule.ports ?? []).forEach((q, j) => {
        if (q.port === undefined || q.endPort !== undefined) return;
        const served = selected.some((e) =>
          e.ports.some(
            (sp) =>
              sp.protocol === q.protocol &&
              (typeof q.port === "string" ? sp.name === q.port : sp.port === q.port),
          ),
        );
        if (served) return;
        const svcPort = services
          .filter(({ svc }) => svc.ns === p.namespace)
          .flatMap(({ svc }) => servicePorts(svc).map((sp) => ({ svc, sp })))
          .find(({ sp }) => sp.port === q.port && sp.protocol === q.protocol);
        const have = capped(
          selected.map(
            (e) =>
              `${endpointName(e)} (${e.ports.map((x) => (x.name ? `${x.name}=${portText(x)}` : portText(x))).join(", ") || "no ports"})`,
          ),
        );
        out.push(
          finding(
            "NETWORK_POLICY_PORT_UNKNOWN",
            p.entry.ref,
            at("spec", "ingress", rule.index, "ports", j, "port"),
            `port ${typeof q.port === "string" ? `"${q.port}"` : q.port}/${q.protocol} is not a container port of the pods it selects: ${have}`,
            svcPort === undefined
              ? undefined
              : `${q.port} is the port of Service "${svcPort.svc.name}"; NetworkPolicies see the pod's port: use its targetPort (${String(svcPort.sp.target)}).`,
          ),
        );
      });
    }
  }
  return out;
}

/**
 * Once a namespace isolates the egress of some pods, a workload whose egress no policy selects can open any
 * connection: the lock-down has a hole.
 */
export function egressPoliciesCoverWorkloads(bundle: Bundle): Finding[] {
  if (!hasPolicies(bundle)) return [];
  const network = networkOf(bundle);
  const egressIn = new Set(network.policies.filter((p) => p.egress !== undefined).map((p) => p.namespace));
  const out: Finding[] = [];
  for (const ep of network.endpoints) {
    const pod = ep.pod;
    if (pod === undefined || !egressIn.has(pod.entry.ns) || network.isolating(ep, "egress").length > 0)
      continue;
    out.push(
      finding(
        "NETWORK_EGRESS_NOT_COVERED",
        pod.entry.ref,
        pod.at === "" ? "metadata.labels" : `${pod.at}.metadata.labels`,
        `no NetworkPolicy with policyType Egress selects its pods, while others in namespace "${pod.entry.ns}" restrict egress: these pods may connect anywhere`,
      ),
    );
  }
  return out;
}
