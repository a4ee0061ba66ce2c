/**
 * The oracle of netpol.apiserver.test.ts: netpol/ (a Go module of its own, so that the API server's go.mod and
 * build stay as they are), which asks sigs.k8s.io/kube-network-policies (the SIG Network reference
 * implementation) for the verdict on each connection. Its packet evaluation is unexported, so the build copies
 * that package from the module cache, adds netpol/testdata/oracle.go to it and points the module at the copy
 * with a temporary go.mod (`-modfile`); netpol/go.mod stays as it is.
 *
 * `oracleCase` turns a bundle (and the peers of the options) into what the oracle reads: one pod per workload
 * (its template, with an address), one pod per in-cluster peer, an address per outside peer, the Namespaces
 * (with the labels the API server and the peers give them), and one query per (source, destination, port of
 * the destination) that networkReachability lists a flow for when it allows it.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Manifest, NetworkPeer } from "@call-center/k8s-builders";

const here = fileURLToPath(new URL("./netpol/", import.meta.url));
const MODULE = "sigs.k8s.io/kube-network-policies";

// biome-ignore lint/suspicious/noExplicitAny: API objects are read as the API server reads them
type Obj = Record<string, any>;

/** Builds netpol/ (netpolcheck) with the oracle file added to kube-network-policies; returns the binary's path. */
export function buildOracle(): string {
  const go = (args: string[]) => {
    const r = spawnSync("go", args, { cwd: here, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`go ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const { Dir, Version } = JSON.parse(go(["mod", "download", "-json", MODULE])) as Obj;
  // A fixed place per version, so that Go's build cache serves the next run.
  const work = join(tmpdir(), `netpolcheck-${Version}`);
  const pkg = join(work, "knp", "pkg", "networkpolicy");
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(work, "knp", "go.mod"), readFileSync(join(Dir, "go.mod")));
  for (const f of readdirSync(join(Dir, "pkg", "networkpolicy"))) {
    if (f.endsWith(".go") && !f.endsWith("_test.go"))
      writeFileSync(join(pkg, f), readFileSync(join(Dir, "pkg", "networkpolicy", f)));
  }
  copyFileSync(join(here, "testdata", "oracle.go"), join(pkg, "zz_oracle.go"));
  const mod = readFileSync(join(here, "go.mod"), "utf8");
  writeFileSync(join(work, "go.mod"), `${mod}\nreplace ${MODULE} => ${join(work, "knp")}\n`);
  copyFileSync(join(here, "go.sum"), join(work, "go.sum"));
  const bin = join(work, "netpolcheck");
  // -trimpath as scripts/apiserver.mjs builds the server: the two share the compiled k8s.io packages.
  go(["build", "-trimpath", `-modfile=${join(work, "go.mod")}`, "-o", bin, "."]);
  return bin;
}

export interface Query {
  readonly src: string;
  readonly dst: string;
  readonly port: number;
  readonly protocol: string;
  /** The flow networkReachability lists when it allows this connection. */
  readonly flow: string;
}

export interface OracleCase {
  readonly input: {
    namespaces: Obj[];
    pods: Obj[];
    policies: Obj[];
    queries: Omit<Query, "flow">[];
    services: Obj[];
    consumers: { src: string; service: string }[];
  };
  readonly queries: readonly Query[];
  /** `ns/name` of the Service of each consumer, in the order of `input.consumers`. */
  readonly consumed: readonly string[];
}

export interface OracleAnswer {
  /** Policies the API server would refuse (`ns/name: why`): they never exist, so they are left out. */
  readonly invalid: readonly string[];
  /** The flows the oracle allows, as networkReachability spells them. */
  readonly flows: readonly string[];
  /** The Services (`ns/name`) whose consumer cannot reach some pod on some target port. */
  readonly blocked: readonly string[];
}

export interface Peers {
  readonly dns?: NetworkPeer | false;
  readonly external?: Readonly<Record<string, NetworkPeer>>;
}

const DNS: NetworkPeer = {
  namespace: "kube-system",
  podLabels: { "k8s-app": "kube-dns" },
  ports: [
    { port: 53, protocol: "UDP", name: "dns" },
    { port: 53, protocol: "TCP", name: "dns-tcp" },
  ],
};

interface Endpoint {
  id: string;
  ip: string;
  peer: boolean;
  ports: { port: number; protocol: string }[];
}

/** A workload's pod template; one the shrinking took apart is a pod with no labels and no ports, as for the library. */
function templateOf(o: Obj): { metadata: Obj; spec: Obj } | undefined {
  const workload = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"].includes(o.kind);
  const t: Obj | undefined =
    o.kind === "Pod"
      ? o
      : o.kind === "CronJob"
        ? (o.spec?.jobTemplate?.spec?.template ?? {})
        : workload
          ? (o.spec?.template ?? {})
          : undefined;
  if (t === undefined) return undefined;
  return { metadata: t.metadata ?? {}, spec: { containers: [], ...(t.spec ?? {}) } };
}

/** The ports a pod serves: those of its containers and of its sidecars (init containers that keep running). */
function podPorts(spec: Obj): { port: number; protocol: string }[] {
  const containers = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []).filter((c: Obj) => c.restartPolicy === "Always"),
  ];
  return containers.flatMap((c: Obj) =>
    (c.ports ?? []).map((p: Obj) => ({ port: p.containerPort, protocol: p.protocol ?? "TCP" })),
  );
}

const peerPod = (name: string, p: NetworkPeer, ip: string): Obj => ({
  metadata: { name, namespace: p.namespace, labels: p.podLabels ?? {} },
  spec: {
    containers: [
      {
        name: "c",
        image: "x",
        ports: (p.ports ?? []).map((q) => ({
          containerPort: q.port,
          protocol: q.protocol ?? "TCP",
          ...(q.name === undefined ? {} : { name: q.name }),
        })),
      },
    ],
  },
  status: { podIPs: [{ ip }] },
});

/**
 * The oracle's input for a bundle, the peers and the consumers of the options (`ns/name` of a Service → the
 * `Kind/ns/name` of a workload or the name of a peer).
 */
export function oracleCase(
  objects: readonly Manifest[],
  peers: Peers,
  consumers: Readonly<Record<string, readonly string[]>> = {},
): OracleCase {
  const namespaces = new Map<string, Record<string, string>>();
  const addNs = (name: string, labels: Record<string, string> = {}) =>
    namespaces.set(name, { ...(namespaces.get(name) ?? {}), ...labels });
  const pods: Obj[] = [];
  const endpoints: Endpoint[] = [];
  const policies: Obj[] = [];
  const services: Obj[] = [];
  for (const o of objects as Obj[]) {
    if (o.kind === "Namespace") addNs(o.metadata.name, o.metadata.labels);
    if (o.kind === "NetworkPolicy") policies.push(o);
    if (o.kind === "Service") services.push(o);
    const t = templateOf(o);
    if (t === undefined) continue;
    const ns = o.metadata.namespace;
    addNs(ns);
    const ip = `10.244.0.${pods.length + 1}`;
    pods.push({
      metadata: { name: `${o.metadata.name}-0`, namespace: ns, labels: t.metadata.labels ?? {} },
      spec: t.spec,
      status: { podIPs: [{ ip }] },
    });
    endpoints.push({ id: `${o.kind}/${ns}/${o.metadata.name}`, ip, peer: false, ports: podPorts(t.spec) });
  }
  const declared: [string, NetworkPeer][] = [
    ...(peers.dns === false ? [] : [["dns", peers.dns ?? DNS] as [string, NetworkPeer]]),
    ...Object.entries(peers.external ?? {}),
  ];
  declared.forEach(([name, p], i) => {
    const ip = p.ip ?? `10.244.1.${i + 1}`;
    if (p.namespace !== undefined) {
      addNs(p.namespace, p.namespaceLabels);
      pods.push(peerPod(`peer-${name}`, p, ip));
    }
    const ports = (p.ports ?? []).map((q) => ({ port: q.port, protocol: q.protocol ?? "TCP" }));
    endpoints.push({ id: `peer:${name}`, ip, peer: true, ports });
  });
  const queries: Query[] = [];
  for (const from of endpoints)
    for (const to of endpoints) {
      if (from.peer && to.peer) continue;
      for (const { port, protocol } of to.ports)
        queries.push({
          src: from.ip,
          dst: to.ip,
          port,
          protocol,
          flow: `${from.id}→${to.id}:${port}/${protocol}`,
        });
    }
  const ipOf = (ref: string) => endpoints.find((e) => e.id === ref || e.id === `peer:${ref}`)?.ip;
  const uses = Object.entries(consumers).flatMap(([service, refs]) =>
    refs.flatMap((ref) => {
      const src = ipOf(ref);
      return src === undefined ? [] : [{ src, service }];
    }),
  );
  return {
    input: {
      namespaces: [...namespaces].map(([name, labels]) => ({ metadata: { name, labels } })),
      pods,
      policies,
      queries: queries.map(({ flow: _, ...q }) => q),
      services,
      consumers: uses,
    },
    queries,
    consumed: uses.map((u) => u.service),
  };
}

/** Asks the oracle about several cases at once (one process). */
export function askOracle(bin: string, cases: readonly OracleCase[]): OracleAnswer[] {
  const run = spawnSync(bin, {
    input: `${cases.map((c) => JSON.stringify(c.input)).join("\n")}\n`,
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`netpolcheck: ${run.stderr}`);
  const lines = run.stdout.trim().split("\n");
  return cases.map((c, i) => {
    const out = JSON.parse(lines[i] ?? "null") as {
      invalid: string[];
      allowed: boolean[];
      blocked: boolean[];
    };
    return {
      invalid: out.invalid,
      flows: c.queries.filter((_, j) => out.allowed[j]).map((q) => q.flow),
      blocked: [...new Set(c.consumed.filter((_, j) => out.blocked[j]))],
    };
  });
}
