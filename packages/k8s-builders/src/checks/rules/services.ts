/** Services: a selector that selects some workload's pods, and target ports those pods serve. */
import type { Bundle, Entry, PodPort, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, num, show, str, strMap } from "../read.ts";
import { mapSelects } from "../selectors.ts";

/** The Services whose pods come from a selector (not ExternalName, not selector-less). */
export function selectingServices(bundle: Bundle): { svc: Entry; selector: Record<string, string> }[] {
  return bundle
    .ofKind("Service", "")
    .filter((svc) => get(svc.obj, "spec", "type") !== "ExternalName")
    .map((svc) => ({ svc, selector: strMap(get(svc.obj, "spec", "selector")) }))
    .filter((s) => Object.keys(s.selector).length > 0);
}

/** The pod templates of the bundle that a Service selects. */
export function podsOfService(bundle: Bundle, svc: Entry, selector: Record<string, string>): PodSource[] {
  return bundle.podsIn(svc.ns).filter((p) => mapSelects(selector, p.labels));
}

export interface ServicePortView {
  readonly index: number;
  readonly name: string | undefined;
  readonly port: number | undefined;
  /** `targetPort`, defaulting to `port` as Kubernetes does. */
  readonly target: number | string | undefined;
  /** Path of the field that decides the target port. */
  readonly targetAt: string;
  readonly protocol: string;
}

export function servicePorts(svc: Entry): ServicePortView[] {
  return arr(get(svc.obj, "spec", "ports")).map((p, index) => {
    const port = num(get(p, "port"));
    const raw = get(p, "targetPort");
    const target = typeof raw === "string" || typeof raw === "number" ? raw : port;
    return {
      index,
      name: str(get(p, "name")),
      port,
      target,
      targetAt: at("spec", "ports", index, raw === undefined ? "port" : "targetPort"),
      protocol: str(get(p, "protocol")) ?? "TCP",
    };
  });
}

/** The pod ports a Service port reaches (by container-port name or number, same protocol). */
export function servedBy(sp: ServicePortView, pod: PodSource): PodPort[] {
  return pod.ports.filter(
    (pp) =>
      pp.protocol === sp.protocol &&
      (typeof sp.target === "string" ? pp.name === sp.target : pp.containerPort === sp.target),
  );
}

/** A Service with a selector must select the pods of some workload of the bundle in its namespace. */
export function serviceSelectsPods(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { svc, selector } of selectingServices(bundle)) {
    if (podsOfService(bundle, svc, selector).length > 0) continue;
    out.push(
      finding(
        "SERVICE_SELECTS_NOTHING",
        svc.ref,
        "spec.selector",
        `selector ${show(selector)} matches the pod labels of no workload in namespace "${svc.ns}"`,
      ),
    );
  }
  return out;
}

/** Each target port of a Service (by name or number) must be a container port of every workload it selects. */
export function serviceTargetPortsExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const { svc, selector } of selectingServices(bundle)) {
    const pods = podsOfService(bundle, svc, selector);
    if (pods.length === 0) continue;
    for (const sp of servicePorts(svc)) {
      if (sp.target === undefined) continue;
      const lacking = pods.filter((p) => servedBy(sp, p).length === 0);
      if (lacking.length === 0) continue;
      const target = typeof sp.target === "string" ? `"${sp.target}"` : String(sp.target);
      const names = lacking.map((p) => {
        const have = p.ports.map((pp) =>
          pp.name === undefined ? `${pp.containerPort}` : `${pp.name}=${pp.containerPort}`,
        );
        return `${p.entry.kind} "${p.entry.name}" (ports: ${have.length === 0 ? "none" : have.join(", ")})`;
      });
      out.push(
        finding(
          "SERVICE_TARGET_PORT_UNKNOWN",
          svc.ref,
          sp.targetAt,
          `targetPort ${target}/${sp.protocol} is not a container port of ${names.join(", ")}`,
        ),
      );
    }
  }
  return out;
}
