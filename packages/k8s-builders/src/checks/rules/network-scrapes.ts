/** Reachability the bundle needs for monitoring: each declared Prometheus reaches every scrape target. */
import type { Bundle, PodSource } from "../context.ts";
import type { Finding } from "../finding.ts";
import type { EndpointPort } from "../network/model.ts";
import { arr, get, isRec, num, str, strMap } from "../read.ts";
import { labelSelectorMatches } from "../selectors.ts";
import { selectedServices } from "./monitoring.ts";
import { BlockedFlows, blockedFinding, capped, hasPolicies, networkOf } from "./network-common.ts";
import { podsOfService, selectingServices, servedBy, servicePorts } from "./services.ts";

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
