/** Workloads on their own: selectors that select their own pods, probe ports, a StatefulSet's headless Service. */
import { groupOf, kindFacts } from "../../base/kinds.ts";
import type { Bundle, ContainerRef } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, isRec, list, num, show, str, strMap } from "../read.ts";
import { isEmptySelector, labelSelectorMatches } from "../selectors.ts";

/**
 * A workload's `spec.selector`, where the API requires one (selector `required` in base/kinds.ts: the apps/v1
 * workloads), must be non-empty and select its own pod template, or the API refuses
 * the object (`selector does not match template labels`).
 */
export function workloadSelectorsMatch(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const e = pod.entry;
    const facts = kindFacts(e.kind);
    if (facts?.selector !== "required" || e.group !== groupOf(facts.apiVersion)) continue;
    const selector = get(e.obj, "spec", "selector");
    if (!isRec(selector)) {
      out.push(finding("WORKLOAD_SELECTOR_MISMATCH", e.ref, "spec.selector", "spec.selector is missing"));
    } else if (isEmptySelector(selector)) {
      out.push(
        finding(
          "WORKLOAD_SELECTOR_MISMATCH",
          e.ref,
          "spec.selector",
          "spec.selector is empty (it would select every pod)",
        ),
      );
    } else if (!labelSelectorMatches(selector, pod.labels)) {
      const wanted = strMap(selector.matchLabels);
      const off = Object.entries(wanted)
        .filter(([k, v]) => pod.labels[k] !== v)
        .map(([k, v]) => `${k}=${v} (template: ${show(pod.labels[k])})`);
      out.push(
        finding(
          "WORKLOAD_SELECTOR_MISMATCH",
          e.ref,
          "spec.selector",
          `spec.selector does not select the pod template's labels${off.length > 0 ? `: ${off.join(", ")}` : " (matchExpressions)"}`,
        ),
      );
    }
  }
  return out;
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["httpGet", "tcpSocket", "grpc"] as const;

function declared(c: ContainerRef): { names: string[]; numbers: number[] } {
  const names: string[] = [];
  const numbers: number[] = [];
  for (const p of arr(c.c.ports)) {
    const n = str(get(p, "name"));
    if (n !== undefined) names.push(n);
    const cp = num(get(p, "containerPort"));
    if (cp !== undefined) numbers.push(cp);
  }
  return { names, numbers };
}

/**
 * A probe's port (httpGet, tcpSocket, grpc) must be one the container declares: a name is resolved in the
 * container's own ports only, so an unknown name makes the probe fail forever; an undeclared number is the
 * same mistake made less visible.
 */
export function probePortsDeclared(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    for (const c of pod.containers) {
      const ports = declared(c);
      for (const probe of PROBES) {
        for (const handler of HANDLERS) {
          const port = get(c.c, probe, handler, "port");
          if (port === undefined) continue;
          const path = at(c.at, probe, handler, "port");
          if (typeof port === "string" && !ports.names.includes(port)) {
            out.push(
              finding(
                "PROBE_PORT_UNDECLARED",
                pod.entry.ref,
                path,
                `${probe} of container "${c.name}" uses port "${port}", but the container has no port of that name (names: ${list(ports.names)})`,
              ),
            );
          } else if (typeof port === "number" && !ports.numbers.includes(port)) {
            out.push(
              finding(
                "PROBE_PORT_UNDECLARED",
                pod.entry.ref,
                path,
                `${probe} of container "${c.name}" uses port ${port}, which the container does not declare (declared: ${list(ports.numbers)})`,
              ),
            );
          }
        }
      }
    }
  }
  return out;
}

/** A StatefulSet's `serviceName` must name a headless Service of the bundle: it gives the pods their DNS names. */
export function statefulSetServiceHeadless(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.ofKind("StatefulSet", "apps")) {
    const serviceName = str(get(e.obj, "spec", "serviceName"));
    if (serviceName === undefined || serviceName === "") continue;
    const svc = bundle.find("Service", e.ns, serviceName, "");
    if (svc === undefined) {
      out.push(
        finding(
          "STATEFULSET_SERVICE_MISSING",
          e.ref,
          "spec.serviceName",
          `spec.serviceName "${serviceName}" names no Service of the bundle in its namespace`,
        ),
      );
    } else if (get(svc.obj, "spec", "clusterIP") !== "None") {
      out.push(
        finding(
          "STATEFULSET_SERVICE_NOT_HEADLESS",
          e.ref,
          "spec.serviceName",
          `spec.serviceName "${serviceName}" names a Service with clusterIP ${show(get(svc.obj, "spec", "clusterIP"))}, not a headless one (clusterIP: None)`,
        ),
      );
    }
  }
  return out;
}
