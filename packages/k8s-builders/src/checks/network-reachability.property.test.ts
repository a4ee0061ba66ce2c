/**
 * networkReachability against a brute-force evaluator written straight from the Kubernetes documentation (one pod
 * at a time, no caches): a property over generated workloads, NetworkPolicies, namespace labels and external peers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allowed, type Labels, ns, policy, workload } from "../../test/support/network.ts";
import { labelArb, NAMESPACES, type Sel, specArb } from "../../test/support/network-arbitraries.ts";
import type { Manifest } from "../base/manifest.ts";

/** A label selector, from the documentation: matchLabels and matchExpressions, all must hold. */
function bruteSelects(sel: Sel, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === "In" && !(has && (e.values ?? []).includes(labels[e.key] as string))) return false;
    if (e.operator === "NotIn" && has && (e.values ?? []).includes(labels[e.key] as string)) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

const ip4 = (s: string) => s.split(".").reduce((a, b) => a * 256 + Number(b), 0);
function inCidr(cidr: string, ip: string): boolean {
  const [net, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ip4(net as string) / size) === Math.floor(ip4(ip) / size);
}

interface Pod {
  id: string;
  ns?: string;
  labels: Labels;
  ip?: string;
  ports: { port: number; protocol: string; name?: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: the generated policies are plain API objects
type Spec = Record<string, any>;

function brute(
  pods: Pod[],
  policies: { ns: string; spec: Spec }[],
  nsLabels: Record<string, Labels>,
): string[] {
  const types = (spec: Spec): string[] =>
    spec.policyTypes?.length ? spec.policyTypes : ["Ingress", ...(spec.egress?.length ? ["Egress"] : [])];
  const peerOk = (peer: Spec, policyNs: string, p: Pod): boolean => {
    if (peer.ipBlock) {
      return (
        p.ip !== undefined &&
        inCidr(peer.ipBlock.cidr, p.ip) &&
        !(peer.ipBlock.except ?? []).some((e: string) => inCidr(e, p.ip as string))
      );
    }
    if (!peer.podSelector && !peer.namespaceSelector) return false;
    if (p.ns === undefined) return false;
    const nsOk = peer.namespaceSelector
      ? bruteSelects(peer.namespaceSelector, { ...nsLabels[p.ns], "kubernetes.io/metadata.name": p.ns })
      : p.ns === policyNs;
    return nsOk && (!peer.podSelector || bruteSelects(peer.podSelector, p.labels));
  };
  const portOk = (q: Spec, port: Pod["ports"][number]): boolean => {
    if ((q.protocol ?? "TCP") !== port.protocol) return false;
    if (q.port === undefined) return true;
    if (typeof q.port === "string") return q.port === port.name;
    return q.endPort !== undefined ? port.port >= q.port && port.port <= q.endPort : port.port === q.port;
  };
  const sideOk = (dir: "Ingress" | "Egress", self: Pod, other: Pod, port: Pod["ports"][number]): boolean => {
    if (self.ns === undefined) return true;
    const mine = policies.filter(
      (p) =>
        p.ns === self.ns &&
        bruteSelects(p.spec.podSelector ?? {}, self.labels) &&
        types(p.spec).includes(dir),
    );
    if (mine.length === 0) return true;
    const field = dir === "Ingress" ? "ingress" : "egress";
    const peers = dir === "Ingress" ? "from" : "to";
    return mine.some((p) =>
      (p.spec[field] ?? []).some(
        (r: Spec) =>
          (!r[peers]?.length || r[peers].some((x: Spec) => peerOk(x, p.ns, other))) &&
          (!r.ports?.length || r.ports.some((q: Spec) => portOk(q, port))),
      ),
    );
  };
  const out: string[] = [];
  for (const from of pods)
    for (const to of pods)
      for (const port of from.ip !== undefined && to.ip !== undefined ? [] : to.ports)
        if (sideOk("Egress", from, to, port) && sideOk("Ingress", to, from, port))
          out.push(`${from.id}→${to.id}:${port.port}/${port.protocol}`);
  return out;
}

const podPortsArb = fc
  .uniqueArray(
    fc.record({
      port: fc.constantFrom(80, 8080, 53, 9000),
      protocol: fc.constantFrom("TCP", "UDP"),
      name: fc.option(fc.constantFrom("http", "dns"), { nil: undefined }),
    }),
    { maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` },
  )
  .map((ps) => {
    const seen = new Set<string>();
    return ps.map((p): { port: number; protocol: string; name?: string } => {
      if (p.name === undefined || seen.has(p.name)) return { port: p.port, protocol: p.protocol };
      seen.add(p.name);
      return { port: p.port, protocol: p.protocol, name: p.name };
    });
  });

describe("networkReachability against a brute-force evaluator", () => {
  it("allows exactly the flows the documented semantics allow", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ ns: fc.constantFrom(...NAMESPACES), labels: labelArb, ports: podPortsArb }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.record({ ns: fc.constantFrom(...NAMESPACES), spec: specArb }), { maxLength: 4 }),
        fc.record({ a: labelArb, b: labelArb }),
        fc.array(fc.constantFrom("10.1.2.3", "10.2.0.1", "192.168.1.1"), { maxLength: 2 }),
        (workloads, policies, nsLabels, ips) => {
          const objects: Manifest[] = [
            ...NAMESPACES.map((n) => ns(n, nsLabels[n as "a" | "b"])),
            ...workloads.map((w, i) =>
              workload(
                `w${i}`,
                w.ns,
                w.labels,
                w.ports.map((p) => ({
                  containerPort: p.port,
                  protocol: p.protocol,
                  ...(p.name ? { name: p.name } : {}),
                })),
              ),
            ),
            ...policies.map((p, i) => policy(`p${i}`, p.ns, p.spec)),
          ];
          const external = Object.fromEntries(ips.map((ip, i) => [`x${i}`, { ip, ports: [{ port: 80 }] }]));
          const pods: Pod[] = [
            ...workloads.map((w, i) => ({
              id: `Deployment/${w.ns}/w${i}`,
              ns: w.ns,
              labels: w.labels,
              ports: w.ports,
            })),
            ...ips.map((ip, i) => ({
              id: `peer:x${i}`,
              labels: {},
              ip,
              ports: [{ port: 80, protocol: "TCP" }],
            })),
          ];
          const expected = brute(pods, policies, nsLabels);
          expect(allowed(objects, { peers: { dns: false, external } })).toEqual(expected);
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
