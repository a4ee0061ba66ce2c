// The objects the patch property (patch.fuzz.test.ts) and the real API server's oracle (test/apiserver) patch: for
// every builder with a `patch` option, built objects (from the property tests' options where there are some, else
// a few hand-written ones), each with one change at any node (arb-patch.ts). One list, so a kind added here is
// checked against our model of the server and against the server itself.
import fc from "fast-check";
import {
  clusterRole,
  clusterRoleBinding,
  configMap,
  cronJob,
  daemonSet,
  deployment,
  hpa,
  ingress,
  job,
  namespace,
  networkPolicy,
  pdb,
  persistentVolumeClaim,
  role,
  roleBinding,
  secret,
  service,
  serviceAccount,
  serviceFor,
  statefulSet,
} from "../../src/index.ts";
import { cronJobOptions, jobOptions } from "./arb-batch.ts";
import { hpaOptions, pdbOptions } from "./arb-kinds.ts";
import { jobSpecAdditions, type Patched, patched, values } from "./arb-patch.ts";
import { daemonSetOptions, deploymentOptions, statefulSetOptions } from "./arb-pod.ts";

const ns = "shop";

const services = () =>
  fc.constantFrom<object>(
    service({
      name: "api",
      namespace: ns,
      selector: { "app.kubernetes.io/name": "api" },
      ports: [
        { name: "http", port: 80, targetPort: "http" },
        { name: "grpc", port: 9090, appProtocol: "grpc" },
      ],
    }),
    service({
      name: "db",
      namespace: ns,
      headless: true,
      selector: { "app.kubernetes.io/name": "db" },
      ports: [{ name: "pg", port: 5432 }],
    }),
    service({
      name: "edge",
      namespace: ns,
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      loadBalancerSourceRanges: ["10.0.0.0/8"],
      selector: { "app.kubernetes.io/name": "edge" },
      ports: [{ name: "https", port: 443, nodePort: 30443 }],
    }),
  );

const coreObjects = () =>
  fc.constantFrom<object>(
    namespace({ name: ns }),
    namespace({ name: "edge", podSecurity: "baseline" }),
    configMap({ name: "app", namespace: ns, data: { LOG_LEVEL: "info", "app.json": "{}" } }),
    secret({ name: "db", namespace: ns, stringData: { password: "<db-password>" } }),
    secret({
      name: "tls",
      namespace: ns,
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": "<tls-crt>", "tls.key": "<tls-key>" },
    }),
    serviceAccount({ name: "agent", namespace: ns, imagePullSecrets: ["regcred"] }),
  );

const rbacObjects = () =>
  fc.constantFrom<object>(
    role({
      name: "reader",
      namespace: ns,
      rules: [{ apiGroups: ["", "apps"], resources: ["pods", "deployments"], verbs: ["get", "list"] }],
    }),
    roleBinding({
      name: "reader",
      namespace: ns,
      roleRef: { name: "reader" },
      subjects: [
        { kind: "ServiceAccount", name: "agent", namespace: ns },
        { kind: "Group", name: "ops" },
      ],
    }),
    clusterRole({
      name: "reader",
      rules: [
        { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
        { nonResourceURLs: ["/metrics"], verbs: ["get"] },
      ],
    }),
    clusterRole({ name: "aggregate", aggregationRule: [{ "example.com/aggregate": "true" }] }),
    clusterRoleBinding({
      name: "reader",
      roleRef: { name: "reader" },
      subjects: [{ kind: "ServiceAccount", name: "agent", namespace: ns }],
    }),
  );

const networkingObjects = () =>
  fc.constantFrom<object>(
    ingress({
      name: "web",
      namespace: ns,
      controller: "nginx",
      tls: [{ hosts: ["shop.example.com", "*.shop.example.com"], secretName: "shop-tls" }],
      rules: [
        {
          host: "shop.example.com",
          paths: [
            { path: "/api", service: { name: "api", port: "http" } },
            { path: "/ws", pathType: "Exact", service: { name: "ws", port: 8080 } },
          ],
        },
        { host: "*.shop.example.com", paths: [{ path: "/", service: { name: "web", port: 80 } }] },
      ],
    }),
    ingress({
      name: "plain",
      namespace: ns,
      controller: "traefik",
      rules: [
        { paths: [{ path: "/", pathType: "ImplementationSpecific", service: { name: "web", port: 80 } }] },
      ],
    }),
    networkPolicy({ name: "default-deny", namespace: ns, podSelector: {}, ingress: [], egress: [] }),
    networkPolicy({
      name: "db",
      namespace: ns,
      podSelector: { "app.kubernetes.io/name": "db" },
      ingress: [
        {
          peers: [
            { pods: { "app.kubernetes.io/name": "api" } },
            { namespaces: { "kubernetes.io/metadata.name": "monitoring" }, pods: { app: "prom" } },
          ],
          ports: [{ port: 5432 }],
        },
      ],
      egress: [
        {
          peers: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
          ports: [{ port: 53, protocol: "UDP" }, { port: "dns-tcp" }],
        },
      ],
    }),
  );

type Addition = fc.Arbitrary<{ path: (string | number)[]; value: unknown }>;

/** A fragment merged into `at`: a few of `fields`, each a plausible value or (one in five) junk. */
function fragment(at: string[], fields: Record<string, fc.Arbitrary<unknown>>): Addition {
  return fc
    .shuffledSubarray(Object.keys(fields), {
      minLength: 1,
      maxLength: Math.min(4, Object.keys(fields).length),
    })
    .chain((keys) =>
      fc.record(
        Object.fromEntries(
          keys.map((k) => [
            k,
            fc.oneof(
              { weight: 4, arbitrary: fields[k] as fc.Arbitrary<unknown> },
              { weight: 1, arbitrary: values },
            ),
          ]),
        ),
      ),
    )
    .map((value) => ({ path: at, value }));
}

/** Fields of a Service's spec that the builders do not write (the server's rules on them are ours to mirror). */
const serviceSpecFields = (): Addition =>
  fragment(["spec"], {
    type: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
    clusterIP: fc.constantFrom("None", "", "10.0.0.1"),
    clusterIPs: fc.constantFrom(["None"], ["None", "None"], [], ["10.0.0.1"]),
    externalIPs: fc.array(
      fc.constantFrom(
        "203.0.113.1",
        "2001:db8::1",
        "127.0.0.1",
        "0.0.0.0",
        "fe80::1",
        "224.0.0.1",
        "010.0.0.1",
        "x",
      ),
      { maxLength: 2 },
    ),
    ipFamilies: fc.array(fc.constantFrom("IPv4", "IPv6", "IPv5"), { maxLength: 3 }),
    ipFamilyPolicy: fc.constantFrom("SingleStack", "PreferDualStack", "RequireDualStack", "Dual"),
    loadBalancerIP: fc.constantFrom("203.0.113.7", "x", "01.2.3.4"),
    loadBalancerClass: fc.constantFrom("a", "example.com/a", "a/b/c", ""),
    allocateLoadBalancerNodePorts: fc.boolean(),
    healthCheckNodePort: fc.constantFrom(0, 8080, 30443, 31000, 70000),
    externalTrafficPolicy: fc.constantFrom("Cluster", "Local", "Global"),
    internalTrafficPolicy: fc.constantFrom("Cluster", "Local", "Node"),
    trafficDistribution: fc.constantFrom("PreferClose", "PreferSameZone", "PreferSameNode", "Nearest"),
    sessionAffinity: fc.constantFrom("None", "ClientIP"),
    sessionAffinityConfig: fc.record(
      { clientIP: fc.record({ timeoutSeconds: fc.integer({ min: -1, max: 90000 }) }, { requiredKeys: [] }) },
      { requiredKeys: [] },
    ),
    externalName: fc.constantFrom("", "db.example.com"),
    loadBalancerSourceRanges: fc.constantFrom(["10.0.0.0/8"], ["10.1.2.3/8"]),
  });

const backend = fc.oneof(
  fc.record({
    service: fc.record({
      name: fc.constantFrom("web", "9web"),
      port: fc.constantFrom({ number: 80 }, { name: "http" }, {}, { name: "http", number: 80 }),
    }),
  }),
  fc.constant({ resource: { apiGroup: "k8s.example.com", kind: "StorageBucket", name: "static" } }),
  fc.constant({}),
);

/** Fields of an Ingress or a NetworkPolicy that the builders do not write, or write otherwise. */
const networkingFields = (object: object): Addition =>
  (object as { kind?: string }).kind === "Ingress"
    ? fc.oneof(
        fragment(["spec"], {
          defaultBackend: backend,
          ingressClassName: fc.constantFrom("nginx", "traefik", "Not_A_Class"),
        }),
        fragment(["metadata", "annotations"], {
          "kubernetes.io/ingress.class": fc.constantFrom("nginx", "traefik"),
        }),
      )
    : fragment(["spec"], {
        policyTypes: fc.constantFrom(
          ["Ingress"],
          ["Egress"],
          ["Ingress", "Egress"],
          ["Ingress", "Ingress"],
          [],
          ["Sideways"],
        ),
        ingress: fc.array(
          fc.record(
            {
              from: fc.array(
                fc.record(
                  {
                    podSelector: fc.constantFrom(
                      {},
                      { matchLabels: { app: "api" } },
                      { matchExpressions: [{ key: "app", operator: "In" }] },
                    ),
                    namespaceSelector: fc.constant({}),
                    ipBlock: fc.constantFrom(
                      { cidr: "10.0.0.0/8" },
                      { cidr: "10.0.0.0/8", except: ["10.0.0.0/8"] },
                    ),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 2 },
              ),
              ports: fc.array(
                fc.record(
                  {
                    protocol: fc.constantFrom("TCP", "UDP", "ICMP"),
                    port: fc.constantFrom(80, 443, "http", 0),
                    endPort: fc.constantFrom(80, 1024, 65535, 70000),
                  },
                  { requiredKeys: [] },
                ),
                { maxLength: 2 },
              ),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      });

/** The Services of `serviceFor` for the workloads with a named container port (what it exposes). */
const derivedServices = () =>
  deploymentOptions
    .map((o) => deployment(o))
    .filter((d) => d.spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name !== undefined)))
    .map((d): object => serviceFor(d, { name: "derived" }));

/** Every kind with a `patch` option, by a label for the test's name, with its patched objects. */
export function patchedKinds(): [string, fc.Arbitrary<Patched<object>>][] {
  return [
    ["Deployment", patched(deploymentOptions.map((o): object => deployment(o)))],
    ["StatefulSet", patched(statefulSetOptions.map((o): object => statefulSet(o)))],
    ["DaemonSet", patched(daemonSetOptions.map((o): object => daemonSet(o)))],
    [
      "Job",
      patched(
        jobOptions.map((o) => job(o)),
        jobSpecAdditions(["spec"]),
      ) as fc.Arbitrary<Patched<object>>,
    ],
    [
      "CronJob",
      patched(
        cronJobOptions.map((o) => cronJob(o)),
        jobSpecAdditions(["spec", "jobTemplate", "spec"]),
      ) as fc.Arbitrary<Patched<object>>,
    ],
    [
      "PersistentVolumeClaim",
      patched(
        fc
          .constantFrom("1Gi", "10Gi")
          .map((size): object => persistentVolumeClaim({ name: "data", namespace: ns, size })),
      ),
    ],
    ["HorizontalPodAutoscaler", patched(hpaOptions.map((o): object => hpa(o)))],
    ["PodDisruptionBudget", patched(pdbOptions.map((o): object => pdb(o)))],
    ["Namespace, ConfigMap, Secret and ServiceAccount", patched(coreObjects())],
    ["Role, RoleBinding, ClusterRole and ClusterRoleBinding", patched(rbacObjects())],
    ["Service", patched(services(), serviceSpecFields)],
    ["Service of serviceFor", patched(derivedServices())],
    ["Ingress and NetworkPolicy", patched(networkingObjects(), networkingFields)],
  ];
}
