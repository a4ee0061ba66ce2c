/**
 * The generated cases of netpol.apiserver.test.ts: Namespaces (one name without a Namespace object), workloads of
 * every kind with container and sidecar ports (with and without names and protocols), NetworkPolicies (every
 * policyTypes form, missing and empty lists, `{}` selectors, matchLabels with matchExpressions, namespace and pod
 * selectors in one peer or two, ipBlock with except, named ports, endPort, SCTP) and peers in and outside the
 * cluster. Some policies are ones the API server refuses; the oracle says which.
 */
import type { Manifest } from "@call-center/k8s-builders";
import fc from "fast-check";
import type { Peers } from "./netpol-oracle.ts";

// biome-ignore lint/suspicious/noExplicitAny: API objects as the API takes them, odd shapes included
export type Obj = Record<string, any>;
export interface Case {
  objects: Manifest[];
  peers: Peers;
  /** options.consumers: `ns/name` of a Service → one workload (`Kind/ns/name`) or peer name. */
  consumers?: Record<string, string[]>;
}

const NAMESPACES = ["a", "b", "c"]; // "c" has no Namespace object: only its name label
const labels = fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("x", "y"), { maxKeys: 2 });
const selector = (keys: string[], values: string[]) => {
  const matchLabels = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 2 });
  const matchExpressions = fc.array(
    fc.oneof(
      fc.record({
        key: fc.constantFrom(...keys),
        operator: fc.constantFrom("In", "NotIn"),
        values: fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 2 }),
      }),
      fc.record({ key: fc.constantFrom(...keys), operator: fc.constantFrom("Exists", "DoesNotExist") }),
    ),
    { minLength: 1, maxLength: 2 },
  );
  return fc.oneof(
    fc.constant({}),
    fc.record({ matchLabels }),
    fc.record({ matchExpressions }),
    fc.record({ matchLabels, matchExpressions }),
  );
};
const podSel = selector(["app", "tier", "k8s-app"], ["x", "y", "kube-dns"]);
const nsSel = selector(
  ["kubernetes.io/metadata.name", "env", "team"],
  ["a", "b", "c", "kube-system", "prod", "x"],
);
const CIDRS = [
  "203.0.113.0/24",
  "203.0.113.0/28",
  "203.0.113.9/28",
  "198.51.100.0/24",
  "2001:db8::/32",
  "2001:db8::/64",
];
const EXCEPTS = ["203.0.113.0/28", "203.0.113.7/32", "198.51.100.128/25", "2001:db8::/64", "2001:db8::7/128"];
const peer = fc.oneof(
  fc.record({ podSelector: podSel }),
  fc.record({ namespaceSelector: nsSel }),
  fc.record({ podSelector: podSel, namespaceSelector: nsSel }),
  fc.record({
    ipBlock: fc.record(
      { cidr: fc.constantFrom(...CIDRS), except: fc.array(fc.constantFrom(...EXCEPTS), { maxLength: 2 }) },
      { requiredKeys: ["cidr"] },
    ),
  }),
);
const PORT_NAMES = ["http", "metrics", "dns", "dns-tcp"];
const PORTS = [53, 80, 443, 8080, 8443, 9090];
const protocol = { protocol: fc.constantFrom("TCP", "UDP", "SCTP") };
const policyPort = fc.oneof(
  fc.record(protocol, { requiredKeys: [] }),
  fc.record({ ...protocol, port: fc.constantFrom(...PORTS) }, { requiredKeys: ["port"] }),
  fc.record({ ...protocol, port: fc.constantFrom(...PORT_NAMES) }, { requiredKeys: ["port"] }),
  fc.record(
    { ...protocol, port: fc.constantFrom(...PORTS), endPort: fc.constantFrom(80, 443, 8443, 9090) },
    { requiredKeys: ["port", "endPort"] },
  ),
);
/** `undefined`, `[]` or a short list: the API treats missing and empty alike in some places and not in others. */
const list = <T>(arb: fc.Arbitrary<T>, max: number) =>
  fc.oneof(fc.constant(undefined), fc.constant([]), fc.array(arb, { minLength: 1, maxLength: max }));
const rule = (peers: "from" | "to") => fc.record({ [peers]: list(peer, 2), ports: list(policyPort, 2) });
const spec = fc.record({
  podSelector: podSel,
  policyTypes: fc.oneof(
    fc.constant(undefined),
    fc.constant([]),
    fc.subarray(["Ingress", "Egress"], { minLength: 1 }),
  ),
  ingress: list(rule("from"), 2),
  egress: list(rule("to"), 2),
});
const containerPorts = fc
  .uniqueArray(
    fc.record({
      containerPort: fc.constantFrom(...PORTS),
      protocol: fc.constantFrom(undefined, "TCP", "UDP", "SCTP"),
      name: fc.constantFrom(undefined, ...PORT_NAMES),
      sidecar: fc.boolean(),
    }),
    { maxLength: 4, selector: (p) => `${p.containerPort}/${p.protocol ?? "TCP"}` },
  )
  .map((ports) => {
    const seen = new Set<string>();
    // Named ports are unique in a pod; a sidecar's port has no name (see the table at the end).
    return ports.map(({ name, protocol, sidecar, ...p }) => {
      const named = name !== undefined && !sidecar && !seen.has(name);
      if (named) seen.add(name);
      return { sidecar, ...p, ...(protocol === undefined ? {} : { protocol }), ...(named ? { name } : {}) };
    });
  });
const KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"];

export function workload(
  kind: string,
  name: string,
  namespace: string,
  podLabels: Obj,
  ports: Obj[],
  extra: Obj = {},
): Manifest {
  const strip = (ps: Obj[]) => ps.map(({ sidecar: _, ...p }) => p);
  const main = strip(ports.filter((p) => !p.sidecar));
  const side = strip(ports.filter((p) => p.sidecar));
  const podSpec = {
    ...extra,
    containers: [{ name: "app", image: "x", ports: main }],
    ...(side.length === 0
      ? {}
      : { initContainers: [{ name: "side", image: "x", restartPolicy: "Always", ports: side }] }),
  };
  const template = { metadata: { labels: podLabels }, spec: podSpec };
  const selector = { matchLabels: podLabels };
  const specOf: Record<string, Obj> = {
    Deployment: { selector, template },
    StatefulSet: { selector, template, serviceName: name },
    DaemonSet: { selector, template },
    Job: { template: { ...template, spec: { ...podSpec, restartPolicy: "Never" } } },
    CronJob: {
      schedule: "* * * * *",
      jobTemplate: { spec: { template: { ...template, spec: { ...podSpec, restartPolicy: "Never" } } } },
    },
  };
  const apiVersion = { Pod: "v1", Job: "batch/v1", CronJob: "batch/v1" }[kind] ?? "apps/v1";
  if (kind === "Pod")
    return { apiVersion, kind, metadata: { name, namespace, labels: podLabels }, spec: podSpec } as Manifest;
  return { apiVersion, kind, metadata: { name, namespace }, spec: specOf[kind] } as Manifest;
}

const EXTERNAL_IPS = ["203.0.113.7", "203.0.113.100", "198.51.100.200", "2001:db8::7", "2001:db8:1::7"];
export const caseArb: fc.Arbitrary<Case> = fc
  .record({
    nsLabels: fc.tuple(
      ...NAMESPACES.slice(0, 2).map(() =>
        fc.dictionary(fc.constantFrom("env", "team"), fc.constantFrom("prod", "x"), { maxKeys: 2 }),
      ),
    ),
    workloads: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        ns: fc.constantFrom(...NAMESPACES),
        labels,
        ports: containerPorts,
      }),
      { minLength: 1, maxLength: 4 },
    ),
    policies: fc.array(fc.record({ ns: fc.constantFrom(...NAMESPACES, "kube-system", "monitoring"), spec }), {
      maxLength: 4,
    }),
    dns: fc.boolean(),
    monitoring: fc.option(
      fc.record({
        namespace: fc.constantFrom("monitoring", "a"),
        // Not the workloads' keys: a peer is never a backend of the bundle's Services (see the test's table).
        podLabels: fc.dictionary(fc.constantFrom("k8s-app"), fc.constantFrom("x", "y", "kube-dns"), {
          maxKeys: 1,
        }),
        namespaceLabels: fc.dictionary(fc.constantFrom("env", "team"), fc.constantFrom("prod", "x"), {
          maxKeys: 1,
        }),
      }),
      { nil: undefined },
    ),
    ips: fc.uniqueArray(fc.constantFrom(...EXTERNAL_IPS), { maxLength: 2 }),
    // Services over a workload's pods (by index), each with one consumer (a workload by index, or a peer).
    services: fc.array(
      fc.record({
        of: fc.nat(3),
        ports: fc.array(
          fc.record(
            {
              port: fc.constantFrom(80, 5432, 8080),
              targetPort: fc.oneof(fc.constantFrom(...PORTS), fc.constantFrom(...PORT_NAMES)),
              protocol: fc.constantFrom("TCP", "UDP"),
            },
            { requiredKeys: ["port"] },
          ),
          { minLength: 1, maxLength: 2 },
        ),
        consumer: fc.oneof(fc.nat(3), fc.constantFrom("x0", "mon")),
      }),
      { maxLength: 2 },
    ),
  })
  .map((g) => {
    const objects: Manifest[] = [
      ...g.nsLabels.map(
        (l, i) =>
          ({ apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACES[i], labels: l } }) as Manifest,
      ),
      ...g.workloads.map((w, i) => workload(w.kind, `w${i}`, w.ns, w.labels, w.ports)),
      ...g.policies.map(
        (p, i) =>
          ({
            apiVersion: "networking.k8s.io/v1",
            kind: "NetworkPolicy",
            metadata: { name: `p${i}`, namespace: p.ns },
            spec: JSON.parse(JSON.stringify(p.spec)),
          }) as Manifest,
      ),
    ];
    const external: Record<string, Obj> = Object.fromEntries(
      g.ips.map((ip, i) => [
        `x${i}`,
        {
          ip,
          ports: [
            { port: 443, name: "http" },
            { port: 53, protocol: "UDP", name: "dns" },
          ],
        },
      ]),
    );
    if (g.monitoring)
      external.mon = {
        ...g.monitoring,
        ...(g.monitoring.namespace === "a" ? { namespaceLabels: {} } : {}),
        ports: [{ port: 9090, name: "metrics" }],
      };
    const consumers: Record<string, string[]> = {};
    g.services.forEach((svc, i) => {
      const w = g.workloads[svc.of % g.workloads.length] as (typeof g.workloads)[number];
      objects.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: `s${i}`, namespace: w.ns },
        spec: { selector: w.labels, ports: svc.ports.map((p, j) => ({ name: `p${j}`, ...p })) },
      } as Manifest);
      const c = typeof svc.consumer === "string" ? undefined : g.workloads[svc.consumer % g.workloads.length];
      const index = typeof svc.consumer === "string" ? -1 : svc.consumer % g.workloads.length;
      consumers[`${w.ns}/s${i}`] = [
        c === undefined ? (svc.consumer as string) : `${c.kind}/${c.ns}/w${index}`,
      ];
    });
    return { objects, peers: { dns: g.dns ? undefined : false, external }, consumers } as Case;
  });
