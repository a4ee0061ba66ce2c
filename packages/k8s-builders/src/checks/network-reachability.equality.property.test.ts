/**
 * networkReachability against the plain computation it caches: every (source, destination, port) evaluated with
 * a network built afresh for each flow (no per-endpoint or per-label-set cache survives between flows), with
 * the whole result compared (policies, unrestricted directions, port names), on generated bundles where several
 * workloads and peers share namespaces and labels. The caches must never change a result.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Labels, ns, policy, workload } from "../../test/support/network.ts";
import { labelArb, NAMESPACES, specArb } from "../../test/support/network-arbitraries.ts";
import type { Manifest } from "../base/manifest.ts";
import { buildNetwork } from "./network/model.ts";
import { type NetworkFlow, networkReachability } from "./network-reachability.ts";
import { readBundle } from "./validate-bundle.ts";

/** Every flow, one fresh network per verdict. */
function uncached(objects: Manifest[], options: Record<string, unknown>): NetworkFlow[] {
  const bundle = readBundle(objects, options, []);
  const { endpoints } = buildNetwork(bundle, bundle.options.network);
  const flows: NetworkFlow[] = [];
  endpoints.forEach((from, i) => {
    endpoints.forEach((to, j) => {
      if (from.pod === undefined && to.pod === undefined) return;
      to.ports.forEach((port, k) => {
        const fresh = buildNetwork(bundle, bundle.options.network);
        const [f, t, p] = [fresh.endpoints[i], fresh.endpoints[j], fresh.endpoints[j]?.ports[k]];
        if (f === undefined || t === undefined || p === undefined) throw new Error("endpoints differ");
        const v = fresh.check(f, t, p);
        if (!v.allowed) return;
        flows.push({
          from: from.id,
          to: to.id,
          port: port.port,
          protocol: port.protocol,
          ...(port.name === undefined ? {} : { portName: port.name }),
          policies: [...v.egress.allowedBy, ...v.ingress.allowedBy].map((x) => x.id),
          unrestricted: [
            ...(v.egress.isolatedBy.length === 0 ? (["egress"] as const) : []),
            ...(v.ingress.isolatedBy.length === 0 ? (["ingress"] as const) : []),
          ],
        });
      });
    });
  });
  return flows;
}

const containerPortsArb = fc
  .subarray([
    { containerPort: 80, name: "http" },
    { containerPort: 8080 },
    { containerPort: 80, protocol: "UDP" },
  ])
  .map((ps) => ps.map((p) => ({ ...p })));
const peerOptionArb = fc.record(
  {
    namespace: fc.constantFrom(...NAMESPACES),
    // Two peers may label one namespace differently: each must be matched with its own labels.
    namespaceLabels: labelArb,
    podLabels: labelArb,
    ip: fc.constantFrom("10.1.2.3", "10.2.0.1", "192.168.1.1"),
    ports: fc.constant([{ port: 80, name: "http" }, { port: 8080 }]),
  },
  { requiredKeys: ["ip", "ports"] },
);

describe("networkReachability against the uncached computation", () => {
  it("gives the same flows, policies and unrestricted directions", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ ns: fc.constantFrom(...NAMESPACES), labels: labelArb, ports: containerPortsArb }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.array(fc.record({ ns: fc.constantFrom(...NAMESPACES), spec: specArb }), { maxLength: 3 }),
        fc.record({ a: labelArb, b: labelArb }),
        fc.array(peerOptionArb, { maxLength: 3 }),
        (workloads, policies, nsLabels, peers) => {
          const objects: Manifest[] = [
            ...NAMESPACES.map((n) => ns(n, nsLabels[n] as Labels)),
            ...workloads.map((w, i) => workload(`w${i}`, w.ns, w.labels, w.ports)),
            ...policies.map((p, i) => policy(`p${i}`, p.ns, p.spec)),
          ];
          const options = {
            peers: { dns: false as const, external: Object.fromEntries(peers.map((p, i) => [`x${i}`, p])) },
          };
          expect(networkReachability(objects, options).flows).toEqual(uncached(objects, options));
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  });
});
