/** Services: a selector that selects some workload's pods, and target ports those pods serve. */
import { type Bundle, type Entry, identityKey, type PodPort, type PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { podIndex } from "../label-index.ts";
import { arr, at, get, num, show, str, strMap } from "../read.ts";

/** The Services whose pods come from a selector (not ExternalName, not selector-less). */
export function selectingServices(bundle: Bundle): { svc: Entry; selector: Record<string, string> }[] {
  // A Service listed again is DUPLICATE_OBJECT's: its first listing is checked, once.
  const seen = new Set<string>();
  return bundle
    .ofKind("Service", "")
    .filter((svc) => !seen.has(identityKey(svc)) && seen.add(identityKey(svc)) !== undefined)
    .filter((svc) => get(svc.obj, "spec", "type") !== "ExternalName")
    .map((svc) => ({ svc, selector: strMap(get(svc.obj, "spec", "selector")) }))
    .filter((s) => Object.keys(s.selector).length > 0);
}

/** The pod templates of the bundle that a Service selects. */
export function podsOfService(bundle: Bundle, svc: Entry, selector: Record<string, string>): PodSource[] {
  return [...podIndex(bundle).byMap(svc.ns, selector)];
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

/** How many pods a message lists by name; the rest are counted ("and 1,997 more"). */
const LISTED_PODS = 3;

/** The key of a Service target (a port name or number) with its protocol. */
export function targetKey(protocol: string, target: number | string): string {
  return `${protocol}|${typeof target}|${target}`;
}

/** The targets a pod port answers to: its name (if any) and its number. */
export function servedKeys(pp: PodPort): string[] {
  return [
    targetKey(pp.protocol, pp.containerPort),
    ...(pp.name === undefined ? [] : [targetKey(pp.protocol, pp.name)]),
  ];
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
    // How many selected pods serve each target (by name or number, with its protocol): a port's lacking pods are
    // then found without testing every pod against every port (a Service may have thousands of ports).
    const serving = new Map<string, number>();
    for (const p of pods) {
      const keys = new Set(p.ports.flatMap((pp) => servedKeys(pp)));
      for (const k of keys) serving.set(k, (serving.get(k) ?? 0) + 1);
    }
    for (const sp of servicePorts(svc)) {
      if (sp.target === undefined) continue;
      if ((serving.get(targetKey(sp.protocol, sp.target)) ?? 0) === pods.length) continue;
      const lacking: PodSource[] = [];
      let count = 0;
      for (const p of pods) {
        if (servedBy(sp, p).length > 0) continue;
        count++;
        if (lacking.length < LISTED_PODS) lacking.push(p);
      }
      const target = typeof sp.target === "string" ? `"${sp.target}"` : String(sp.target);
      const names = lacking.map((p) => {
        const have = p.ports.map((pp) =>
          pp.name === undefined ? `${pp.containerPort}` : `${pp.name}=${pp.containerPort}`,
        );
        return `${p.entry.kind} "${p.entry.name}" (ports: ${have.length === 0 ? "none" : have.join(", ")})`;
      });
      const more = count > lacking.length ? ` and ${count - lacking.length} more` : "";
      out.push(
        finding(
          "SERVICE_TARGET_PORT_UNKNOWN",
          svc.ref,
          sp.targetAt,
          `targetPort ${target}/${sp.protocol} is not a container port of ${names.join(", ")}${more}`,
        ),
      );
    }
  }
  return out;
}
