/** Operational hygiene of containers: memory limits, and readiness probes where a Service sends traffic. */
import type { Bundle, ContainerRef, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { at, get, isRec } from "../read.ts";
import { podsOfService, selectingServices, servedKeys, servicePorts, targetKey } from "./services.ts";

/**
 * Every container (and init container) should have a memory limit. CPU limits are left to the caller on purpose:
 * CPU over a limit is throttled, not fatal, and many teams set none.
 */
export function containerLimits(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    for (const c of pod.containers) {
      if (c.group === "ephemeralContainers") continue;
      const limits = get(c.c, "resources", "limits");
      if (isRec(limits) && limits.memory !== undefined) continue;
      const none = !isRec(limits) || Object.keys(limits).length === 0;
      out.push(
        finding(
          "CONTAINER_NO_LIMITS",
          pod.entry.ref,
          none ? at(c.at, "resources", "limits") : at(c.at, "resources", "limits", "memory"),
          none ? `container "${c.name}" has no resource limits` : `container "${c.name}" has no memory limit`,
        ),
      );
    }
  }
  return out;
}

/**
 * A container that serves a Service's port needs a readiness probe, or it receives traffic from the moment it
 * starts. Headless Services that publish not-ready addresses (peer discovery) do not count.
 */
export function readinessProbes(bundle: Bundle): Finding[] {
  const serving = new Map<string, { pod: PodSource; c: ContainerRef; services: Set<string> }>();
  for (const { svc, selector } of selectingServices(bundle)) {
    if (
      get(svc.obj, "spec", "clusterIP") === "None" &&
      get(svc.obj, "spec", "publishNotReadyAddresses") === true
    ) {
      continue;
    }
    // The Service's targets once; then each pod's few ports are looked up in them (not every port × every pod).
    const targets = new Set(
      servicePorts(svc).flatMap((sp) => (sp.target === undefined ? [] : [targetKey(sp.protocol, sp.target)])),
    );
    for (const pod of podsOfService(bundle, svc, selector)) {
      for (const pp of pod.ports) {
        if (!servedKeys(pp).some((k) => targets.has(k))) continue;
        const key = `${pod.entry.index}|${pp.container.at}`;
        const s = serving.get(key) ?? { pod, c: pp.container, services: new Set<string>() };
        s.services.add(svc.name);
        serving.set(key, s);
      }
    }
  }
  const out: Finding[] = [];
  for (const { pod, c, services } of serving.values()) {
    if (get(c.c, "readinessProbe") !== undefined) continue;
    out.push(
      finding(
        "WORKLOAD_NO_READINESS_PROBE",
        pod.entry.ref,
        at(c.at, "readinessProbe"),
        `container "${c.name}" serves Service ${[...services].map((s) => `"${s}"`).join(", ")} but has no readinessProbe`,
      ),
    );
  }
  return out;
}
