import { describe, expect, it } from "vitest";
import {
  appContainer,
  base,
  database,
  edit,
  expectRow,
  findings,
  NS,
  type Row,
  selectorOf,
  summary,
} from "../../../test/support/checks.ts";
import { ns, policy, service, workload } from "../../../test/support/network.ts";
import type { Manifest } from "../../base/manifest.ts";
import { deployment } from "../../kinds/deployment.ts";
import { type NetworkPolicyOptions, networkPolicy } from "../../kinds/network-policy.ts";
import { serviceFor } from "../../kinds/service.ts";
import type { ValidateBundleOptions } from "../validate-bundle.ts";
import { validateBundle } from "../validate-bundle.ts";
import { capped } from "./network-common.ts";

const np = (o: Omit<NetworkPolicyOptions, "namespace">) => networkPolicy({ namespace: NS, ...o });
const DNS = {
  peers: [{ namespaces: { "kubernetes.io/metadata.name": "kube-system" }, pods: { "k8s-app": "kube-dns" } }],
  ports: [
    { port: 53, protocol: "UDP" as const },
    { port: 53, protocol: "TCP" as const },
  ],
};
const PROMETHEUS = {
  namespaces: { "kubernetes.io/metadata.name": "monitoring" },
  pods: { app: "prometheus" },
};

/** web (reads DB_HOST=db.shop.svc, scraped by annotation on 9100) → db (Service db, port http=8080), locked down. */
function locked() {
  const { ns, web: plain, svc } = base();
  const web = edit(plain, (d) => {
    d.spec.template.metadata.annotations = { "prometheus.io/scrape": "true", "prometheus.io/port": "9100" };
    d.spec.template.spec.containers[0].env = [{ name: "DB_HOST", value: "db.shop.svc" }];
  });
  const { db, headless } = database();
  const dbSvc = serviceFor(db, { name: "db", ports: ["http"] });
  const policies = {
    deny: np({ name: "default-deny", podSelector: {}, ingress: [], egress: [] }),
    dns: np({ name: "allow-dns", podSelector: {}, egress: [DNS] }),
    web: np({
      name: "web",
      podSelector: selectorOf("web"),
      ingress: [
        {
          peers: [{ namespaces: { "kubernetes.io/metadata.name": "ingress-nginx" } }],
          ports: [{ port: 8080 }],
        },
        { peers: [PROMETHEUS], ports: [{ port: "metrics" }] },
      ],
      egress: [{ peers: [{ pods: selectorOf("db") }], ports: [{ port: 8080 }] }],
    }),
    db: np({
      name: "db",
      podSelector: selectorOf("db"),
      ingress: [{ peers: [{ pods: selectorOf("web") }], ports: [{ port: "http" }] }],
      egress: [],
    }),
  };
  const objects = (p = policies): Manifest[] => [ns, web, svc, db, headless, dbSvc, ...Object.values(p)];
  return { web, db, dbSvc, policies, objects };
}

const options: ValidateBundleOptions = {
  peers: {
    ingress: { namespace: "ingress-nginx" },
    prometheus: { namespace: "monitoring", podLabels: { app: "prometheus" } },
  },
  consumers: { web: ["ingress"] },
};

const row = (r: Omit<Row, "options">): Row => ({ ...r, options });

const rows: Row[] = [
  row({
    title: "the consumer's egress to the database removed",
    objects: () => {
      const l = locked();
      return l.objects({ ...l.policies, web: edit(l.policies.web, (p) => p.spec.egress.pop()) });
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "web",
    path: "spec.egress",
  }),
  row({
    title: "the database's policy with ingress: []",
    objects: () => {
      const l = locked();
      return l.objects({ ...l.policies, db: edit(l.policies.db, (p) => (p.spec.ingress = [])) });
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "db",
    path: "spec.ingress",
  }),
  row({
    title: "allow-dns removed",
    objects: () => {
      const { dns: _, ...rest } = locked().policies;
      return locked().objects(rest as never);
    },
    code: "NETWORK_DNS_BLOCKED",
    kind: "NetworkPolicy",
    name: "web",
    path: "spec.egress",
  }),
  row({
    title: "a policy that selects no pods",
    objects: () => {
      const l = locked();
      return l.objects({
        ...l.policies,
        db: edit(l.policies.db, (p) => (p.spec.podSelector.matchLabels["app.kubernetes.io/name"] = "dbb")),
      });
    },
    code: "NETWORK_POLICY_SELECTS_NOTHING",
    kind: "NetworkPolicy",
    name: "db",
    path: "spec.podSelector",
    also: ["NETWORK_SERVICE_BLOCKED"],
  }),
  row({
    title: "Prometheus blocked",
    objects: () => {
      const l = locked();
      return l.objects({ ...l.policies, web: edit(l.policies.web, (p) => p.spec.ingress.pop()) });
    },
    code: "NETWORK_SCRAPE_BLOCKED",
    kind: "NetworkPolicy",
    name: "web",
    path: "spec.ingress",
  }),
  row({
    title: "the Service's port where the container port was needed",
    objects: () => {
      const l = locked();
      const objects = l.objects({
        ...l.policies,
        db: edit(l.policies.db, (p) => (p.spec.ingress[0].ports[0].port = 80)),
      });
      return objects.map((o) => (o === l.dbSvc ? edit(l.dbSvc, (s) => (s.spec.ports[0].port = 80)) : o));
    },
    code: "NETWORK_POLICY_PORT_UNKNOWN",
    kind: "NetworkPolicy",
    name: "db",
    path: "spec.ingress[0].ports[0].port",
    also: ["NETWORK_SERVICE_BLOCKED"],
  }),
  row({
    title: "a workload no egress policy selects while the namespace restricts egress",
    objects: () => {
      const l = locked();
      return l.objects({
        ...l.policies,
        deny: np({ name: "default-deny", podSelector: {}, ingress: [] }),
        dns: np({ name: "allow-dns", podSelector: selectorOf("db"), egress: [DNS] }),
        web: edit(l.policies.web, (p) => {
          p.spec.policyTypes = ["Ingress"];
          delete p.spec.egress;
        }),
      });
    },
    code: "NETWORK_EGRESS_NOT_COVERED",
    kind: "Deployment",
    name: "web",
    path: "spec.template.metadata.labels",
  }),
  {
    title: "a declared consumer outside the cluster that no ipBlock admits",
    objects: () => locked().objects(),
    options: {
      ...options,
      peers: { ...options.peers, external: { sip: { ip: "203.0.113.7" } } },
      consumers: { web: ["ingress", "sip"] },
    },
    code: "NETWORK_SERVICE_BLOCKED",
    kind: "NetworkPolicy",
    name: "web",
    path: "spec.ingress",
  },
  {
    title: "an option of the peers misspelt",
    objects: () => locked().objects(),
    options: { ...options, peers: { ...options.peers, prometheuss: {} } as never },
    code: "INVALID_OPTION",
    kind: "",
    name: "",
    path: "options.peers.prometheuss",
  },
];

describe("NetworkPolicy reachability", () => {
  it("accepts the locked-down bundle: every consumer, DNS and Prometheus get through", () => {
    expect(findings(locked().objects(), options).map(summary)).toEqual([]);
  });

  it.each(rows)("$code: $title", expectRow);

  it("names the blocked flow, the policy and the fix", () => {
    const l = locked();
    const [f] = findings(
      l.objects({ ...l.policies, db: edit(l.policies.db, (p) => (p.spec.ingress = [])) }),
      options,
    );
    expect(f?.message).toBe(
      'NetworkPolicy "shop/db": StatefulSet "shop/db" accepts no 8080/TCP from Deployment "shop/web" (a consumer of Service "shop/db", named in env DB_HOST): no ingress rule of the NetworkPolicies selecting it allows that (isolated by "db")',
    );
    expect(f?.hint).toBe(
      'Add an ingress rule to NetworkPolicy "db": from pods {app.kubernetes.io/name: web, app.kubernetes.io/instance: web} in namespace "shop", ports 8080/TCP.',
    );
  });

  it("finds consumers by the Service's bare name in the same namespace, as a whole value or a URL host", () => {
    const l = locked();
    const noEgress = { ...l.policies, web: edit(l.policies.web, (p) => p.spec.egress.pop()) };
    const withEnv = (value: string) =>
      l
        .objects(noEgress)
        .map((o) =>
          o === l.web
            ? edit(l.web, (d) => (d.spec.template.spec.containers[0].env = [{ name: "DB", value }]))
            : o,
        );
    const blocked = (value: string) =>
      findings(withEnv(value), options).some((f) => f.code === "NETWORK_SERVICE_BLOCKED");
    expect(blocked("db")).toBe(true);
    expect(blocked("http://user@db:8080/path")).toBe(true);
    expect(blocked("db.shop.svc.cluster.local:8080")).toBe(true);
    expect(blocked("the db is elsewhere")).toBe(false);
    expect(blocked("db.other.svc")).toBe(false);
    // A port that is not the Service's: no Service port is needed through the policies.
    expect(blocked("db:5432")).toBe(false);
  });

  it("checks nothing of the network in a bundle without NetworkPolicies", () => {
    const l = locked();
    expect(findings(l.objects({} as never), options)).toEqual([]);
  });

  it("lists at most five items in a message", () => {
    expect(capped(["a", "b"])).toBe("a, b");
    expect(capped(["1", "2", "3", "4", "5", "6", "7"])).toBe("1, 2, 3, 4, 5 and 2 more");
  });

  it("keeps one finding per policy for many blocked workloads", () => {
    const l = locked();
    const many = Array.from({ length: 40 }, (_, i) =>
      deployment({
        name: `w${i}`,
        namespace: NS,
        containers: [appContainer],
      }),
    );
    const { dns: _, ...rest } = l.policies;
    const dns = findings([...l.objects(rest as never), ...many], options).filter(
      (f) => f.code === "NETWORK_DNS_BLOCKED",
    );
    expect(dns.map((f) => f.object.name)).toEqual(["web", "db", "default-deny"]);
    expect(dns[2]?.message).toContain("and 35 more");
  });

  it("checks a numeric targetPort on the pods even when no container declares it (traffic goes there all the same)", () => {
    const objects = [
      ns("a"),
      workload("web", "a", { app: "web" }, []),
      workload("db", "a", { app: "db" }, [{ containerPort: 5432 }]),
      service("db", "a", { app: "db" }, [{ port: 80, targetPort: 8080 }]),
      policy("db", "a", {
        podSelector: { matchLabels: { app: "db" } },
        ingress: [{ from: [{ podSelector: { matchLabels: { app: "web" } } }], ports: [{ port: 5432 }] }],
      }),
    ];
    const r = validateBundle(objects, { peers: { dns: false }, consumers: { "a/db": ["Deployment/a/web"] } });
    const blocked = [...r.errors, ...r.warnings].filter((f) => f.code === "NETWORK_SERVICE_BLOCKED");
    expect(blocked.map((f) => [f.object.name, f.path])).toEqual([["db", "spec.ingress"]]);
    expect(blocked[0]?.message).toContain("8080/TCP");
  });
});
