/**
 * What the bundle's NetworkPolicies let through, checked against what the bundle needs: every consumer of a
 * Service reaches its pods on the target ports, every egress-isolated pod reaches DNS, Prometheus reaches every
 * scrape target, every policy selects pods and allows ports they serve, and no pod's egress is left open while
 * its neighbours' is locked down. The semantics are in `network/model.ts`.
 */
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import type { Network } from "../network/model.ts";
import type { Policy } from "../network/policies.ts";
import { at } from "../read.ts";
import { labelSelectorMatches } from "../selectors.ts";
import { capped, endpointName, hasPolicies, isEmpty, networkOf, portText } from "./network-common.ts";
import { selectingServices, servicePorts } from "./services.ts";

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
