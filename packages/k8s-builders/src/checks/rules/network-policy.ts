/** NetworkPolicy coverage: once a bundle uses NetworkPolicies, no workload may be left outside them. */
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { get, isRec } from "../read.ts";
import { labelSelectorMatches } from "../selectors.ts";

/** Whether a policy restricts incoming traffic: `policyTypes` lists Ingress, or (unset) it always does. */
function restrictsIngress(policy: Entry): boolean {
  const types = get(policy.obj, "spec", "policyTypes");
  return Array.isArray(types) ? types.includes("Ingress") : true;
}

/**
 * When the bundle has any NetworkPolicy, every workload's pods must be selected by at least one policy of their
 * namespace with policyType Ingress; otherwise they accept traffic from anywhere while the rest is locked down.
 */
export function networkPoliciesCoverWorkloads(bundle: Bundle): Finding[] {
  const policies = bundle.ofKind("NetworkPolicy", "networking.k8s.io");
  if (policies.length === 0) return [];
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const inNamespace = policies.filter((p) => p.ns === pod.entry.ns);
    const covered = inNamespace.some((p) => {
      const selector = get(p.obj, "spec", "podSelector");
      // An absent podSelector is read as {} (every pod), as the API defaults it.
      return restrictsIngress(p) && labelSelectorMatches(isRec(selector) ? selector : {}, pod.labels);
    });
    if (covered) continue;
    const names = inNamespace.filter(restrictsIngress).map((p) => `"${p.name}"`);
    out.push(
      finding(
        "NETWORK_POLICY_NOT_COVERED",
        pod.entry.ref,
        pod.at === "" ? "metadata.labels" : `${pod.at}.metadata.labels`,
        `pod not covered: no NetworkPolicy with policyType Ingress in namespace "${pod.entry.ns}" selects its pods (Ingress policies there: ${names.length === 0 ? "none" : names.join(", ")})`,
      ),
    );
  }
  return out;
}
