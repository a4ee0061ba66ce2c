/**
 * ServiceMonitors (monitoring.coreos.com/v1): they select Services by labels in some namespaces and scrape named
 * Service ports; the Prometheus Operator ignores a ServiceMonitor that its Prometheus does not select.
 */
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, isRec, show, str } from "../read.ts";
import { labelSelectorMatches } from "../selectors.ts";

function serviceMonitors(bundle: Bundle): readonly Entry[] {
  return bundle.ofKind("ServiceMonitor", "monitoring.coreos.com");
}

/** The bundle's Services a ServiceMonitor selects: `namespaceSelector` (any, matchNames) or its own namespace. */
export function selectedServices(bundle: Bundle, sm: Entry): Entry[] {
  const selector = get(sm.obj, "spec", "selector");
  if (!isRec(selector)) return [];
  const nsSelector = get(sm.obj, "spec", "namespaceSelector");
  const any = get(nsSelector, "any") === true;
  const names = arr(get(nsSelector, "matchNames")).filter((n): n is string => typeof n === "string");
  const inScope = (svc: Entry) => any || (names.length > 0 ? names.includes(svc.ns) : svc.ns === sm.ns);
  return bundle
    .ofKind("Service", "")
    .filter((svc) => inScope(svc) && labelSelectorMatches(selector, svc.labels));
}

function scope(sm: Entry): string {
  const nsSelector = get(sm.obj, "spec", "namespaceSelector");
  if (get(nsSelector, "any") === true) return "any namespace";
  const names = arr(get(nsSelector, "matchNames")).filter((n): n is string => typeof n === "string");
  return names.length > 0 ? `namespaces ${names.join(", ")}` : `namespace "${sm.ns}"`;
}

/**
 * A ServiceMonitor must select a Service of the bundle (its `selector.matchLabels` against the Services'
 * `metadata.labels`, in the namespaces it watches), and each endpoint's `port` must be a port name of one of them.
 */
export function serviceMonitorTargets(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const sm of serviceMonitors(bundle)) {
    const services = selectedServices(bundle, sm);
    if (services.length === 0) {
      out.push(
        finding(
          "SERVICE_MONITOR_SELECTS_NOTHING",
          sm.ref,
          "spec.selector",
          `selector ${show(get(sm.obj, "spec", "selector"))} matches the labels of no Service of the bundle in ${scope(sm)}`,
        ),
      );
      continue;
    }
    arr(get(sm.obj, "spec", "endpoints")).forEach((ep, i) => {
      const port = str(get(ep, "port"));
      if (port === undefined) return;
      const has = services.some((svc) =>
        arr(get(svc.obj, "spec", "ports")).some((p) => str(get(p, "name")) === port),
      );
      if (has) return;
      const names = services.map((svc) => {
        const ports = arr(get(svc.obj, "spec", "ports")).map((p) => str(get(p, "name")) ?? "(unnamed)");
        return `Service "${svc.name}" (${ports.join(", ") || "no ports"})`;
      });
      out.push(
        finding(
          "SERVICE_MONITOR_PORT_MISSING",
          sm.ref,
          at("spec", "endpoints", i, "port"),
          `endpoint port "${port}" is not a port name of the selected ${names.join(", ")}`,
        ),
      );
    });
  }
  return out;
}

/**
 * With `serviceMonitorSelector` (the labels the Prometheus selects ServiceMonitors by), every ServiceMonitor must
 * carry them. Without the option nothing is reported.
 */
export function serviceMonitorDiscovered(bundle: Bundle): Finding[] {
  const wanted = bundle.options.serviceMonitorSelector;
  if (wanted === undefined) return [];
  const out: Finding[] = [];
  for (const sm of serviceMonitors(bundle)) {
    const missing = Object.entries(wanted).filter(([k, v]) => sm.labels[k] !== v);
    if (missing.length === 0) continue;
    const [first] = missing;
    out.push(
      finding(
        "SERVICE_MONITOR_NOT_SELECTED",
        sm.ref,
        at("metadata", "labels", first?.[0] ?? ""),
        `the Prometheus selects ServiceMonitors by ${missing.map(([k, v]) => `${k}=${v}`).join(", ")}, which this one does not carry: it is ignored`,
      ),
    );
  }
  return out;
}
