/**
 * networkReachability: Kubernetes' NetworkPolicy semantics, one behaviour per test. The property against a
 * brute-force evaluator written from the Kubernetes documentation is in network-reachability.property.test.ts.
 */
import { describe, expect, it } from "vitest";
import { allowed, ns, policy, workload } from "../../test/support/network.ts";
import { networkReachability } from "./network-reachability.ts";

const A = "Deployment/a/web";
const B = "Deployment/a/db";
const base = () => [
  ns("a"),
  workload("web", "a", { app: "web" }, [{ containerPort: 8080, name: "http" }]),
  workload("db", "a", { app: "db" }, [{ containerPort: 5432, name: "pg" }]),
];

describe("networkReachability: Kubernetes semantics", () => {
  it("allows everything when no policy selects a pod", () => {
    expect(allowed(base())).toEqual([
      `${A}→${A}:8080/TCP`,
      `${A}→${B}:5432/TCP`,
      `${B}→${A}:8080/TCP`,
      `${B}→${B}:5432/TCP`,
    ]);
    const r = networkReachability(base(), { peers: { dns: false } });
    expect(r.flows[1]).toEqual({
      from: A,
      to: B,
      port: 5432,
      protocol: "TCP",
      portName: "pg",
      policies: [],
      unrestricted: ["egress", "ingress"],
    });
  });

  it("isolates ingress with ingress: [] and with policyTypes [Ingress] and no rules", () => {
    for (const spec of [
      { podSelector: { matchLabels: { app: "db" } }, ingress: [] },
      { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress"] },
    ]) {
      expect(allowed([...base(), policy("p", "a", spec)])).not.toContain(`${A}→${B}:5432/TCP`);
    }
  });

  it("does not isolate egress for egress: [] without policyTypes (the API defaults policyTypes to Ingress only)", () => {
    const flows = allowed([...base(), policy("p", "a", { podSelector: {}, egress: [] })]);
    expect(flows).not.toContain(`${A}→${B}:5432/TCP`); // Ingress is isolated by every policy
    const egressOnly = allowed([
      ...base(),
      policy("p", "a", { podSelector: {}, policyTypes: ["Egress"], egress: [] }),
    ]);
    expect(egressOnly).toEqual([]);
    const ingressOpen = allowed([
      ...base(),
      policy("p", "a", { podSelector: {}, egress: [], ingress: [{}] }),
    ]);
    expect(ingressOpen).toContain(`${A}→${B}:5432/TCP`);
  });

  it("needs both the source's egress and the destination's ingress", () => {
    const ingressOnly = policy("db-in", "a", {
      podSelector: { matchLabels: { app: "db" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
    });
    const denyEgress = policy("deny-out", "a", { podSelector: {}, policyTypes: ["Egress"] });
    expect(allowed([...base(), ingressOnly])).toContain(`${A}→${B}:5432/TCP`);
    expect(allowed([...base(), ingressOnly, denyEgress])).not.toContain(`${A}→${B}:5432/TCP`);
    const webOut = policy("web-out", "a", {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: { matchLabels: { app: "db" } } }], ports: [{ port: 5432 }] }],
    });
    const r = networkReachability([...base(), ingressOnly, denyEgress, webOut], { peers: { dns: false } });
    expect(r.flows.find((f) => f.from === A && f.to === B)?.policies).toEqual(["a/web-out", "a/db-in"]);
  });

  it("takes the union of the policies that select a pod", () => {
    const deny = policy("deny", "a", { podSelector: {}, ingress: [] });
    const allowWeb = policy("allow", "a", {
      podSelector: { matchLabels: { app: "db" } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }] }],
    });
    expect(allowed([...base(), deny, allowWeb])).toEqual([`${A}→${B}:5432/TCP`]);
  });

  it("resolves a named port on each destination pod", () => {
    const objects = [
      ns("a"),
      workload("web", "a", { app: "web" }, [{ containerPort: 8080, name: "http" }]),
      workload("alt", "a", { app: "alt" }, [
        { containerPort: 9000, name: "http" },
        { containerPort: 8080, name: "other" },
      ]),
      policy("p", "a", { podSelector: {}, ingress: [{ ports: [{ port: "http" }] }] }),
    ];
    expect(allowed(objects)).toEqual([
      `${A}→${A}:8080/TCP`,
      `${A}→Deployment/a/alt:9000/TCP`,
      "Deployment/a/alt→Deployment/a/web:8080/TCP",
      "Deployment/a/alt→Deployment/a/alt:9000/TCP",
    ]);
  });

  it("resolves a named port only on pods: a peer outside the cluster has no named ports", () => {
    const objects = [
      ...base(),
      policy("p", "a", {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ ports: [{ port: "https" }] }],
      }),
    ];
    const external = {
      api: { ip: "203.0.113.7", ports: [{ port: 443, name: "https" }] },
      mesh: { namespace: "mesh", ports: [{ port: 443, name: "https" }] },
    };
    const toPeers = allowed(objects, { peers: { dns: false, external } }).filter((f) => f.includes("→peer:"));
    expect(toPeers).toEqual([`${A}→peer:mesh:443/TCP`, `${B}→peer:mesh:443/TCP`]);
  });

  it("matches namespaces by their labels, kubernetes.io/metadata.name among them", () => {
    const objects = [
      ...base(),
      ns("b", { team: "x" }),
      workload("client", "b", { app: "client" }, []),
      policy("p", "a", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "b" } } }] }],
      }),
    ];
    expect(allowed(objects).filter((f) => f.includes(`→${B}`))).toEqual([
      `Deployment/b/client→${B}:5432/TCP`,
    ]);
  });

  it("ANDs podSelector and namespaceSelector in one peer, ORs separate peers", () => {
    const objects = (from: unknown[]) => [
      ...base(),
      ns("b", { team: "x" }),
      workload("client", "b", { app: "client" }, []),
      workload("web", "b", { app: "web" }, []),
      policy("p", "a", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from }] }),
    ];
    const together = allowed(
      objects([
        { namespaceSelector: { matchLabels: { team: "x" } }, podSelector: { matchLabels: { app: "web" } } },
      ]),
    ).filter((f) => f.includes(`→${B}`));
    expect(together).toEqual([`Deployment/b/web→${B}:5432/TCP`]);
    const apart = allowed(
      objects([
        { namespaceSelector: { matchLabels: { team: "x" } } },
        { podSelector: { matchLabels: { app: "web" } } },
      ]),
    ).filter((f) => f.includes(`→${B}`));
    expect(apart).toEqual([
      `${A}→${B}:5432/TCP`,
      `Deployment/b/client→${B}:5432/TCP`,
      `Deployment/b/web→${B}:5432/TCP`,
    ]);
  });

  it("matches ipBlock cidr minus except, for peers with an address", () => {
    const objects = [
      ...base(),
      policy("p", "a", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] }],
      }),
    ];
    const external = {
      inside: { ip: "10.2.3.4" },
      excepted: { ip: "10.1.2.3" },
      outside: { ip: "192.168.0.1" },
    };
    expect(allowed(objects, { peers: { dns: false, external } }).filter((f) => f.includes(`→${B}`))).toEqual([
      `peer:inside→${B}:5432/TCP`,
    ]);
  });

  it("applies endPort ranges and protocols", () => {
    const objects = [
      ns("a"),
      workload("web", "a", { app: "web" }, []),
      workload("media", "a", { app: "media" }, [
        { containerPort: 10000, protocol: "UDP" },
        { containerPort: 10010, protocol: "UDP" },
        { containerPort: 10020, protocol: "UDP" },
        { containerPort: 10005 },
      ]),
      policy("p", "a", {
        podSelector: { matchLabels: { app: "media" } },
        ingress: [{ ports: [{ port: 10000, endPort: 10010, protocol: "UDP" }] }],
      }),
    ];
    expect(allowed(objects).filter((f) => f.startsWith("Deployment/a/web→"))).toEqual([
      "Deployment/a/web→Deployment/a/media:10000/UDP",
      "Deployment/a/web→Deployment/a/media:10010/UDP",
    ]);
  });

  it("lists the declared peers as endpoints, DNS by default", () => {
    const r = networkReachability(base());
    expect(r.endpoints.map((e) => e.id)).toEqual([A, B, "peer:dns"]);
    expect(r.endpoints[2]).toEqual({
      id: "peer:dns",
      peer: "dns",
      namespace: "kube-system",
      labels: { "k8s-app": "kube-dns" },
      ports: [
        { port: 53, protocol: "UDP", name: "dns" },
        { port: 53, protocol: "TCP", name: "dns-tcp" },
      ],
    });
  });

  it("reports options it cannot use and never throws", () => {
    const r = networkReachability(null as never, {
      peers: { dns: false, ingress: { podLabels: { a: "b" } } },
    });
    expect(r.flows).toEqual([]);
    expect(r.problems.map((p) => [p.code, p.path])).toEqual([
      ["INVALID_OPTION", "options.peers.ingress"],
      ["INVALID_BUNDLE", ""],
    ]);
  });
});

describe("networkReachability: peers told apart by their namespace's labels", () => {
  it("gives two peers with the same namespace, pod labels and address each their own namespace labels", () => {
    const peer = (team: string) => ({ namespace: "mon", namespaceLabels: { team }, podLabels: { app: "p" } });
    const flows = allowed(
      [
        ...base(),
        policy("p", "a", {
          podSelector: { matchLabels: { app: "db" } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "ops" } } }] }],
        }),
      ],
      { peers: { dns: false, external: { ops: peer("ops"), dev: peer("dev") } } },
    ).filter((f) => f.endsWith(`${B}:5432/TCP`) && !f.startsWith("Deployment/"));
    expect(flows).toHaveLength(1);
    expect(flows[0]).toContain("ops");
  });
});
