// Regression properties for bugs found by fuzzing, each with its minimal counterexample in a comment and its
// BUG number. Every one is fixed: these are ordinary properties, each aimed at the narrow slice of input where
// the bug was (the main properties in the other *.fuzz.test.ts files draw from wider generators, and some of
// them still leave such a slice out, saying which BUG covers it here). A bug found from now on gets its
// property here, failing first, with its fix.
//
// Runs: BUG_RUNS (RUNS / 10, at least 50): each property aims at one narrow slice of the input space.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type ConfigMapOptions,
  configMap,
  type DeploymentOptions,
  deployment,
  type HpaForOptions,
  type HpaOptions,
  hpa,
  hpaFor,
  type PdbForOptions,
  type PersistentVolumeClaimOptions,
  type PrometheusOptions,
  pdbFor,
  persistentVolumeClaim,
  prometheus,
  type SecretOptions,
  type SelectingWorkload,
  type ServiceForOptions,
  type ServiceOptions,
  type StatefulSetOptions,
  secret,
  service,
  serviceFor,
  serviceMonitorFor,
  statefulSet,
  type Workload,
} from "../../src/index.ts";
import { writableVolumeName } from "../../src/pod/volume-build.ts";
import { ALNUM, chars, DIGIT, dnsSubdomain, shortLabel, UPPER } from "./arb-base.ts";
import {
  configMapOptions,
  type Derived,
  hpaOptions,
  pdbForInput,
  secretOptions,
  serviceForInput,
  serviceOptions,
  workload,
} from "./arb-kinds.ts";
import { prometheusOptions } from "./arb-monitoring.ts";
import { deploymentOptions, statefulSetOptions } from "./arb-pod.ts";
import {
  checkInvalid,
  checkJunk,
  checkValid,
  holds,
  junkAtNode,
  junkWithNullPrototypes,
  type Mutant,
  nodes,
  pathOf,
  RUNS,
  type Segment,
  type Subject,
  TIMEOUT,
} from "./harness.ts";
import { identity, type Lens, missingRequired, mutants, wrongType } from "./mutate.ts";
import { podShape } from "./mutations-pod.ts";
import { k8s } from "./suite.ts";

const BUG_RUNS = Math.max(50, Math.ceil(RUNS / 10));

const subject = <I>(
  builder: string,
  build: (i: I) => unknown,
  judge: Pick<Subject<I>, "schema" | "rules"> = k8s,
): Subject<I> => ({
  builder,
  build,
  ...judge,
});
const D = subject<DeploymentOptions>("deployment", (o) => deployment(o));
const S = subject<StatefulSetOptions>("statefulSet", (o) => statefulSet(o));

/** A property over mutants of valid inputs: the builder must refuse each with an issue at its path. */
const refuses =
  <I>(s: Subject<I>, arb: fc.Arbitrary<Mutant<I>>) =>
  () =>
    holds(arb, (m) => checkInvalid(s, m), BUG_RUNS);
/** A property over valid inputs: the builder must build a valid object. */
const builds =
  <I>(s: Subject<I>, arb: fc.Arbitrary<I>) =>
  () =>
    holds(arb, (i) => checkValid(s, i), BUG_RUNS);
/** For inputs the API server would refuse: the builder refuses them, or builds something valid. */
const refusesOrFixes =
  <I>(s: Subject<I>, arb: fc.Arbitrary<I>) =>
  () =>
    holds(
      arb,
      (i) => {
        let built: unknown;
        try {
          built = s.build(i);
        } catch {
          checkJunk(s, i); // throws unless the error is a K8sBuilderError
          return;
        }
        checkValid(s, i);
        void built;
      },
      BUG_RUNS,
    );

/** One mutant per input: `make` returns the changed options, the issue path and the code. */
function mutant<I>(
  valid: fc.Arbitrary<I>,
  make: (
    input: I,
  ) => fc.Arbitrary<{ input: I; path: Segment[]; code?: string; mutation: string }> | undefined,
): fc.Arbitrary<Mutant<I>> {
  return mutants(valid, [(i) => make(i)?.map((m) => ({ ...m, path: pathOf(m.path) }))]);
}

type Obj = Record<string, unknown>;
const firstContainer = (o: DeploymentOptions) => o.containers[0] as DeploymentOptions["containers"][number];
const withContainer = (o: DeploymentOptions, patch: Obj): DeploymentOptions => ({
  ...o,
  containers: [{ ...firstContainer(o), ...patch }, ...o.containers.slice(1)],
});

describe("regressions (fuzz): bugs found by fuzzing stay fixed", () => {
  // BUG-01 — An issue inside an object branch of a union is reported at the union, not at the bad field, and
  // for antiAffinity with the enum branch's message. validate.ts picks the first branch whose issues are not
  // invalid_type, and a z.enum reports invalid_value for any non-member (also for objects).
  //   deployment({ ...base, antiAffinity: { mode: "preferred", weight: "x" } })
  //     → antiAffinity (invalid_value) "expected one of "preferred", "required", received an object"; want antiAffinity.weight
  //   deployment({ ...base, containers: [{ ...c, env: { A: { configMapKeyRef: { name: 5, key: "k" } } } }] })
  //     → containers[0].env.A; want containers[0].env.A.configMapKeyRef.name
  //   serviceFor(w, { ports: [{ name: "http", port: "x" }] }) → ports[0]; want ports[0].port
  it(
    "BUG-01: an issue inside a union's object branch is reported at the bad field",
    refuses(
      D,
      mutants(
        deploymentOptions.map((o) => ({
          ...withContainer(o, {
            env: { ...firstContainer(o).env, REF: { configMapKeyRef: { name: "cm", key: "k" } } },
          }),
          antiAffinity: { mode: "preferred" as const, topologyKey: "kubernetes.io/hostname", weight: 50 },
        })),
        [
          wrongType(podShape(), identity as Lens<DeploymentOptions>, true),
          missingRequired(podShape(), identity as Lens<DeploymentOptions>, true),
        ],
      ),
    ),
    TIMEOUT,
  );
  it(
    "BUG-01: serviceFor reports a bad field of a port object at the field",
    refuses(
      subject<Derived<ServiceForOptions, SelectingWorkload>>("serviceFor", (i) =>
        serviceFor(i.source, i.options),
      ),
      mutant(serviceForInput, (i) => {
        const named = (i.source.spec?.template?.spec?.containers ?? [])
          .flatMap((c) => c.ports ?? [])
          .find((p) => p.name !== undefined);
        if (named?.name === undefined) return undefined;
        return fc
          .constantFrom<[Obj, string]>(
            [{ port: "x" }, "port"],
            [{ port: true }, "port"],
            [{ appProtocol: 1 }, "appProtocol"],
          )
          .map(([patch, field]) => ({
            mutation: `ports[0] ${JSON.stringify(patch)}`,
            input: {
              ...i,
              options: { ...i.options, ports: [{ name: named.name as string, ...patch } as never] },
            },
            path: ["ports", 0, field],
          }));
      }),
    ),
    TIMEOUT,
  );

  // BUG-02 — An object name longer than 63 characters is a valid name (DNS subdomain, ≤ 253) but becomes the
  // default app.kubernetes.io/name and instance label values, which are limited to 63: the API server refuses.
  //   configMap({ name: "a".repeat(64), data: {} }) → metadata.labels["app.kubernetes.io/name"] is 64 characters
  // Same for every builder whose name is a subdomain (secret, serviceAccount, hpa, pdb, ingress, networkPolicy,
  // persistentVolumeClaim, role, roleBinding, serviceMonitor).
  // (Fixed in 7ed871e by refusing names over 63 characters: the property accepts a refusal.)
  it(
    "BUG-02: a name longer than 63 characters is refused, or gives valid labels",
    refusesOrFixes(
      subject<ConfigMapOptions>("configMap", (o) => configMap(o)),
      fc
        .tuple(
          configMapOptions,
          dnsSubdomain().filter((n) => n.length > 63),
        )
        .map(([o, name]) => ({ ...o, name })),
    ),
    TIMEOUT,
  );

  // BUG-03 — `namespace` accepts DNS subdomains, but namespace names are DNS-1123 labels (no dots, ≤ 63).
  //   configMap({ name: "c", namespace: "a.b", data: {} }) → metadata.namespace "a.b" is refused by the API server
  it(
    "BUG-03: a namespace with a dot is refused",
    refuses(
      subject<ConfigMapOptions>("configMap", (o) => configMap(o)),
      mutant(configMapOptions, (o) =>
        fc.constantFrom("a.b", "team.prod", "x.y.z").map((namespace) => ({
          mutation: `namespace ${namespace}`,
          input: { ...o, namespace },
          path: ["namespace"],
        })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-05 — ConfigMap and Secret keys ".", ".." and keys starting with ".." are accepted; the API server refuses
  // them (IsConfigMapKey).   configMap({ name: "c", data: { "..": "x" } }) → builds
  it(
    "BUG-05: the keys '.', '..' and '..x' are refused",
    refuses(
      subject<SecretOptions>("secret", (o) => secret(o)),
      mutant(secretOptions, (o) =>
        fc.constantFrom(".", "..", "..data", "...").map((k) => ({
          mutation: `key ${k}`,
          input: { ...o, stringData: { ...o.stringData, [k]: "<v>" } },
          path: ["stringData", k],
        })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-06 — requests ≤ limits is checked in floating point, so equal quantities written differently are refused.
  //   deployment({ ...base, containers: [{ ...c, resources: { requests: { cpu: "9m" }, limits: { cpu: "0.009" } } }] })
  //     → requests_exceed_limits at containers[0].resources.requests.cpu (9 × 0.001 = 0.009000000000000001)
  //   memory: requests "1001k", limits "1.001M" → refused the same way
  it(
    "BUG-06: a request equal to its limit is accepted however both are written",
    builds(
      D,
      fc.tuple(deploymentOptions, fc.integer({ min: 1, max: 100_000 }), fc.boolean()).map(([o, n, cpu]) =>
        withContainer(o, {
          resources: cpu
            ? { requests: { cpu: `${n}m` }, limits: { cpu: String(n / 1000) } }
            : { requests: { memory: `${n}k` }, limits: { memory: `${n / 1000}M` } },
        }),
      ),
    ),
    TIMEOUT,
  );

  // BUG-07 — Writable paths become emptyDir volumes named by a slug of the path, which can collide or be invalid:
  //   deployment({ ...base, security: { writablePaths: ["/tmp", "/tmp"] } })   → two volumes named "tmp"
  //   deployment({ ...base, security: { writablePaths: ["/a-b", "/a/b"] } })  → two volumes named "a-b"
  //   deployment({ ...base, security: { writablePaths: ["/.cache"] } })       → a volume named "-cache"
  it(
    "BUG-07: any absolute writable paths give unique, valid volume names",
    builds(
      D,
      fc
        .tuple(
          deploymentOptions,
          // Distinct paths: a path listed twice is refused (writable path … is listed twice).
          fc.uniqueArray(
            fc
              .array(chars(`${ALNUM}${UPPER}._-`, 1, 6), { minLength: 1, maxLength: 2 })
              .map((s) => `/${s.join("/")}`),
            // Distinct volume names too: /k and /K, or /a and /a-, would both become the volume "a" (refused);
            // the slug trims dashes at both ends, as the builder's does.
            {
              minLength: 1,
              maxLength: 3,
              selector: (p) =>
                p
                  .toLowerCase()
                  .replace(/[^a-z0-9]+/g, "-")
                  .replace(/^-+|-+$/g, ""),
            },
          ),
        )
        // A volume of the options named like a writable path's emptyDir is refused (conflicting_options).
        .filter(([o, paths]) => {
          const writable = new Set(paths.map(writableVolumeName));
          return !(o.volumes ?? []).some((v) => writable.has(v.name));
        })
        .map(([o, writablePaths]) => ({
          ...o,
          security: { ...o.security, readOnlyRootFilesystem: true, writablePaths },
        })),
    ),
    TIMEOUT,
  );

  // BUG-08 — The rollout rule misses zeros written as percentages, and maxUnavailable above 100%:
  //   deployment({ ...base, maxSurge: "0%" }) (maxUnavailable defaults to 0) → builds; the API server refuses
  //   ("may not be 0 when maxSurge is 0"). deployment({ ...base, maxUnavailable: "150%" }) → builds; refused.
  it(
    "BUG-08: maxSurge and maxUnavailable both zero (in any spelling) or maxUnavailable > 100% are refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) =>
        fc.oneof(
          fc
            .tuple(
              fc.constantFrom<number | string>(0, "0%", "00%"),
              fc.constantFrom<number | string>(0, "0%"),
            )
            .filter(([a, b]) => a !== 0 || b !== 0)
            .map(([maxSurge, maxUnavailable]) => ({
              mutation: `maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}`,
              input: { ...o, strategy: "RollingUpdate" as const, maxSurge, maxUnavailable },
              path: ["maxUnavailable"],
              code: "rollout_blocked",
            })),
          fc.integer({ min: 101, max: 999 }).map((n) => ({
            mutation: `maxUnavailable ${n}%`,
            input: { ...o, strategy: "RollingUpdate" as const, maxSurge: 1, maxUnavailable: `${n}%` },
            path: ["maxUnavailable"],
          })),
        ),
      ),
    ),
    TIMEOUT,
  );

  // BUG-09 — Negative quantities written as strings are accepted (negative numbers are refused):
  //   deployment({ ...base, containers: [{ ...c, resources: { limits: { memory: "-1Gi" } } }] }) → builds
  it(
    "BUG-09: negative quantities are refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) =>
        fc
          .tuple(
            fc.constantFrom("requests", "limits"),
            fc.constantFrom("cpu", "memory", "ephemeralStorage"),
            fc.constantFrom("-1", "-100m", "-1Gi", "-0.5", "-1e3"),
          )
          .filter(([, name, q]) => !(name === "memory" && q.endsWith("m")))
          .map(([side, name, q]) => ({
            mutation: `${side}.${name} ${q}`,
            input: withContainer(o, { resources: { [side]: { [name]: q } } }),
            path: ["containers", 0, "resources", side, name],
          })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-10 — Tolerations the API server refuses are accepted:
  //   { key: "k", operator: "Exists", value: "v" }          → value must be empty with Exists
  //   { value: "v" }                                        → operator must be Exists when key is empty
  //   { key: "k", effect: "NoSchedule", tolerationSeconds: 5 } → effect must be NoExecute with tolerationSeconds
  //   { key: "k", value: "a b" }                            → value must be a label value
  it(
    "BUG-10: tolerations the API server refuses are refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) => {
        const n = o.tolerations?.length ?? 0;
        return fc
          .constantFrom<[Obj, string]>(
            [{ key: "k", operator: "Exists", value: "v" }, "value"],
            [{ value: "v" }, "operator"],
            [{ operator: "Equal", value: "" }, "operator"],
            [{ key: "k", effect: "NoSchedule", tolerationSeconds: 5 }, "tolerationSeconds"],
            [{ key: "k", tolerationSeconds: 5 }, "tolerationSeconds"],
            [{ key: "k", value: "a b" }, "value"],
          )
          .map(([t, field]) => ({
            mutation: `toleration ${JSON.stringify(t)}`,
            input: { ...o, tolerations: [...(o.tolerations ?? []), t as never] },
            path: ["tolerations", n, field],
          }));
      }),
    ),
    TIMEOUT,
  );

  // BUG-11 — Two spread constraints with the same topologyKey and whenUnsatisfiable are accepted; the API server
  // refuses the duplicate.   deployment({ ...base, topologySpread: [{}, {}] }) → builds
  it(
    "BUG-11: a duplicate topology spread constraint is refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) => {
        const list = o.topologySpread ?? [];
        return fc
          .constantFrom<Obj>(...(list.length > 0 ? list.map((t) => ({ ...t, maxSkew: 2 })) : [{}]))
          .map((t) => {
            const all = [...(list.length > 0 ? list : [{}]), t];
            return {
              mutation: `constraint ${JSON.stringify(t)} twice`,
              input: { ...o, topologySpread: all as never },
              path: ["topologySpread", all.length - 1],
            };
          });
      }),
    ),
    TIMEOUT,
  );

  // BUG-12 — Two mounts at the same path in one container are accepted; the API server refuses them.
  //   deployment({ ...base, volumes: [{ name: "v", emptyDir: {} }], containers: [{ ...c, volumeMounts:
  //     [{ name: "v", mountPath: "/x" }, { name: "v", mountPath: "/x" }] }] }) → builds
  it(
    "BUG-12: a duplicate mountPath in a container is refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) => {
        const mounts = firstContainer(o).volumeMounts ?? [];
        const volumes = [...(o.volumes ?? []), { name: "zz-v", emptyDir: {} }];
        // A second mount at an existing mount path, or two new mounts at one path.
        const paths = mounts.length > 0 ? mounts.map((m) => m.mountPath) : ["/zz-data"];
        return fc.constantFrom(...paths).map((mountPath) => {
          const added =
            mounts.length > 0
              ? [{ name: "zz-v", mountPath }]
              : [
                  { name: "zz-v", mountPath },
                  { name: "zz-v", mountPath },
                ];
          const all = [...mounts, ...added];
          return {
            mutation: `mount path ${mountPath} twice`,
            input: { ...withContainer(o, { volumeMounts: all }), volumes },
            path: ["containers", 0, "volumeMounts", all.length - 1, "mountPath"],
          };
        });
      }),
    ),
    TIMEOUT,
  );

  // BUG-13 — A Service name must start with a letter (RFC 1035), but names taken from a DNS-1123 label may start
  // with a digit: serviceFor's default name (the workload's) and the `name` of prometheus, grafana, monitoring.
  //   serviceFor(deployment({ name: "1api", containers: [{ ...c, ports: [{ name: "http", containerPort: 80 }] }] }))
  //     → a Service named "1api"
  //   prometheus({ name: "1p", namespace: "m", targets, resources: {} }) → a Service named "1p"
  // (serviceFor now refuses such a workload without a `name` option: the property accepts a refusal.)
  it(
    "BUG-13: serviceFor refuses, or names validly, a Service for a workload whose name starts with a digit",
    refusesOrFixes(
      subject<Derived<ServiceForOptions, SelectingWorkload>>("serviceFor", (i) =>
        serviceFor(i.source, i.options),
      ),
      fc
        .tuple(fc.constantFrom(...DIGIT), shortLabel, fc.integer({ min: 1, max: 65535 }))
        .map(([d, rest, p]) => ({
          source: deployment({
            name: `${d}${rest}`.slice(0, 63),
            containers: [{ name: "c", image: "c:1", ports: [{ name: "http", containerPort: p }] }],
          }) as Workload,
          options: {},
        })),
    ),
    TIMEOUT,
  );
  it(
    "BUG-13: prometheus names its Service validly when its name starts with a digit",
    refusesOrFixes(
      subject<PrometheusOptions>("prometheus", (o) => prometheus(o), {
        schema: (r) => (r as { objects: object[] }).objects.flatMap(k8s.schema),
        rules: (r) => (r as { objects: object[] }).objects.flatMap(k8s.rules),
      }),
      fc
        .tuple(prometheusOptions, fc.constantFrom(...DIGIT), shortLabel)
        .map(([o, d, rest]) => ({ ...o, name: `${d}${rest}`.slice(0, 63) })),
    ),
    TIMEOUT,
  );

  // BUG-14 — hpaFor takes minReplicas from the workload's replicas, also when that is 0: minReplicas 0 is refused
  // by the API server.   hpaFor(deployment({ name: "d", replicas: 0, containers: [c] }), { maxReplicas: 3, cpuUtilization: 70 })
  it(
    "BUG-14: hpaFor on a workload with 0 replicas gives minReplicas ≥ 1",
    builds(
      subject<Derived<HpaForOptions>>("hpaFor", (i) => hpaFor(i.source, i.options)),
      fc
        .tuple(
          workload({ replicas: fc.constant(0) }),
          fc.integer({ min: 1, max: 20 }),
          fc.integer({ min: 1, max: 100 }),
        )
        .map(([plan, max, cpu]) => ({
          source:
            plan.workload.kind === "Deployment"
              ? deployment({
                  name: plan.workload.metadata?.name ?? "d",
                  replicas: 0,
                  containers: [{ name: "c", image: "c:1" }],
                })
              : plan.workload,
          options: { maxReplicas: max, cpuUtilization: cpu },
        })),
    ),
    TIMEOUT,
  );

  // BUG-15 — An HPA scaling rule with `policies: []` is accepted; the API server requires at least one policy.
  //   hpa({ ...base, behavior: { scaleUp: { policies: [] } } }) → builds
  it(
    "BUG-15: empty HPA scaling policies are refused",
    refuses(
      subject<HpaOptions>("hpa", (o) => hpa(o)),
      mutant(hpaOptions, (o) =>
        fc.constantFrom("scaleUp", "scaleDown").map((dir) => ({
          mutation: `${dir}.policies []`,
          input: { ...o, behavior: { ...o.behavior, [dir]: { policies: [] } } },
          path: ["behavior", dir, "policies"],
        })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-16 — Two ports of a Service with the same nodePort are accepted; the API server refuses the duplicate.
  //   service({ name: "s", type: "NodePort", selector: {}, ports: [{ name: "a", port: 1, nodePort: 30001 },
  //     { name: "b", port: 2, nodePort: 30001 }] }) → builds
  it(
    "BUG-16: a duplicate nodePort is refused",
    refuses(
      subject<ServiceOptions>("service", (o) => service(o)),
      mutant(serviceOptions, (o) =>
        fc.integer({ min: 30000, max: 32767 }).map((nodePort) => ({
          mutation: `nodePort ${nodePort} twice`,
          input: {
            ...o,
            type: "NodePort" as const,
            headless: undefined,
            loadBalancerSourceRanges: undefined,
            ports: [
              { name: "a", port: 1, nodePort },
              { name: "b", port: 2, nodePort },
            ],
          } as ServiceOptions,
          path: ["ports", 1, "nodePort"],
        })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-19 — pdbFor refuses a numeric minAvailable that blocks every drain, but not minAvailable "100%".
  //   pdbFor(deployment({ name: "d", replicas: 3, containers: [c] }), { minAvailable: "100%" }) → builds
  it(
    "BUG-19: pdbFor refuses minAvailable 100%",
    refuses(
      subject<Derived<PdbForOptions>>("pdbFor", (i) => pdbFor(i.source, i.options)),
      mutant(pdbForInput, (i) =>
        fc.constant({
          mutation: "minAvailable 100%",
          input: {
            ...i,
            options: { ...(({ maxUnavailable: _m, ...rest }) => rest)(i.options), minAvailable: "100%" },
          },
          path: ["minAvailable"],
          code: "blocks_drains",
        }),
      ),
    ),
    TIMEOUT,
  );

  // BUG-20 — Error messages call String() on the input, which throws on null-prototype objects: zod runs the
  // maxLength check of dnsSubdomain on any value with a `length`, and serviceMonitorFor puts options.name into
  // the error as is.
  //   configMap({ name: Object.assign(Object.create(null), { length: 300 }), data: {} }) → TypeError: Cannot convert object to primitive value
  //   serviceMonitorFor({ ...svc, metadata: { name: "x" } }, { name: Object.create(null), port: "m" }) → TypeError
  it(
    "BUG-20: null-prototype junk gives a K8sBuilderError, never a TypeError",
    () =>
      holds(
        junkAtNode(
          configMapOptions,
          (i) => nodes(i).map((n) => n.path),
          fc.oneof(
            junkWithNullPrototypes,
            fc.nat(1000).map((length) => Object.assign(Object.create(null) as object, { length })),
          ),
        ),
        ({ input }) =>
          checkJunk(
            subject<ConfigMapOptions>("configMap", (o) => configMap(o)),
            input,
          ),
        BUG_RUNS,
      ),
    TIMEOUT,
  );
  it(
    "BUG-20: serviceMonitorFor with a null-prototype name gives a K8sBuilderError",
    () =>
      holds(
        fc.constantFrom(
          Object.create(null) as object,
          Object.assign(Object.create(null) as object, { a: 1 }),
        ),
        (name) =>
          checkJunk(
            subject<object>("serviceMonitorFor", (n) =>
              serviceMonitorFor(
                {
                  apiVersion: "v1",
                  kind: "Service",
                  metadata: { name: "x" },
                  spec: { ports: [{ name: "m", port: 1 }] },
                },
                { name: n as never, port: "m" },
              ),
            ),
            name,
          ),
        BUG_RUNS,
      ),
    TIMEOUT,
  );

  // BUG-22 — Typed Secrets without the keys their type requires are accepted; the API server refuses them:
  //   secret({ name: "s", type: "kubernetes.io/tls", stringData: { a: "<a>" } })  → no tls.crt / tls.key
  //   secret({ name: "s", type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": "<json>" } })
  //     → the value must be JSON, which a placeholder never is
  it(
    "BUG-22: a typed Secret without its required keys is refused (or completed)",
    refusesOrFixes(
      subject<SecretOptions>("secret", (o) => secret(o)),
      fc
        .tuple(
          secretOptions,
          fc.constantFrom(
            "kubernetes.io/tls" as const,
            "kubernetes.io/basic-auth" as const,
            "kubernetes.io/dockerconfigjson" as const,
          ),
        )
        .map(([o, type]) => ({
          ...o,
          type,
          stringData: Object.fromEntries(
            Object.entries(o.stringData).filter(
              ([k]) => !["tls.crt", "tls.key", "username", "password", ".dockerconfigjson"].includes(k),
            ),
          ),
        })),
    ),
    TIMEOUT,
  );

  // BUG-24 — env fieldRef.fieldPath accepts any text; the API server supports only a fixed list.
  //   containers: [{ ...c, env: { A: { fieldRef: { fieldPath: "spec.foo" } } } }] → builds
  it(
    "BUG-24: an unsupported fieldRef.fieldPath is refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) =>
        fc.constantFrom("spec.foo", "metadata", "status.phase", "metadata.labels").map((fieldPath) => ({
          mutation: `fieldPath ${fieldPath}`,
          input: withContainer(o, {
            env: { ...firstContainer(o).env, ZZ_FIELD: { fieldRef: { fieldPath } } },
          }),
          path: ["containers", 0, "env", "ZZ_FIELD", "fieldRef", "fieldPath"],
        })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-26 — Claims the API server refuses are accepted: a zero size, no access modes (StatefulSet claim
  // templates), ReadWriteOncePod with another mode.
  //   statefulSet({ name: "s", containers: [c], volumeClaimTemplates: [{ name: "data", storage: "0" }] })
  //   persistentVolumeClaim({ name: "p", size: "1Gi", accessModes: ["ReadWriteOncePod", "ReadWriteOnce"] })
  it(
    "BUG-26: claim templates with size 0, no access modes or ReadWriteOncePod with another mode are refused",
    refuses(
      S,
      mutant(statefulSetOptions, (o) =>
        fc
          .constantFrom<[Obj, string]>(
            [{ storage: "0" }, "storage"],
            [{ storage: 0 }, "storage"],
            [{ storage: "1Gi", accessModes: [] }, "accessModes"],
            [{ storage: "1Gi", accessModes: ["ReadWriteOncePod", "ReadOnlyMany"] }, "accessModes"],
          )
          .map(([c, field]) => {
            const list = [...(o.volumeClaimTemplates ?? []), { name: "zz-claim", ...c } as never];
            return {
              mutation: `claim ${JSON.stringify(c)}`,
              input: { ...o, volumeClaimTemplates: list },
              path: ["volumeClaimTemplates", list.length - 1, field],
            };
          }),
      ),
    ),
    TIMEOUT,
  );
  it(
    "BUG-26: persistentVolumeClaim with size 0 or ReadWriteOncePod with another mode is refused",
    refuses(
      subject<PersistentVolumeClaimOptions>("persistentVolumeClaim", (o) => persistentVolumeClaim(o)),
      mutant(fc.constant<PersistentVolumeClaimOptions>({ name: "p", size: "1Gi" }), (o) =>
        fc
          .constantFrom<[Obj, string]>(
            [{ size: 0 }, "size"],
            [{ size: "0Gi" }, "size"],
            [{ accessModes: ["ReadWriteOncePod", "ReadWriteOnce"] }, "accessModes"],
          )
          .map(([c, field]) => ({
            mutation: JSON.stringify(c),
            input: { ...o, ...c } as PersistentVolumeClaimOptions,
            path: [field],
          })),
      ),
    ),
    TIMEOUT,
  );

  // BUG-27 — terminationGracePeriodSeconds: 0 is always refused: a container without a preStop hook counts as a
  // 0 s sleep, and the rule refuses sleep ≥ grace.
  //   deployment({ name: "d", containers: [{ name: "app", image: "app:1" }], terminationGracePeriodSeconds: 0 })
  //     → grace_period_too_short at containers[0].lifecycle.preStop.sleep
  it(
    "BUG-27: terminationGracePeriodSeconds 0 without preStop sleeps is accepted",
    builds(
      D,
      deploymentOptions.map((o) => ({
        ...o,
        terminationGracePeriodSeconds: 0,
        containers: o.containers.map(({ lifecycle: _l, ...c }) => c),
        ...(o.initContainers ? { initContainers: o.initContainers.map(({ lifecycle: _l, ...c }) => c) } : {}),
      })),
    ),
    TIMEOUT,
  );

  // BUG-28 — A missing required field is reported with code `required`, except an enum or a z.custom field,
  // whose absence is `invalid_value` ("expected one of …, received undefined").
  //   hpa({ name: "h", maxReplicas: 2, cpuUtilization: 50, scaleTargetRef: { name: "d" } }) → scaleTargetRef.kind (invalid_value)
  //   prometheus({ namespace: "m", targets: [{ port: "metrics" }], resources: {} }) → targets[0].service (invalid_value)
  it(
    "BUG-28: a missing enum or object field is reported as required",
    refuses(
      subject<HpaOptions>("hpa", (o) => hpa(o)),
      mutants(hpaOptions, [
        missingRequired(
          {
            records: [],
            unions: [],
            required: ["scaleTargetRef.kind", "behavior.*.policies.*.type"],
            enums: ["scaleTargetRef.kind", "behavior.*.policies.*.type"],
          },
          identity as Lens<HpaOptions>,
          false,
          true,
        ),
      ]),
    ),
    TIMEOUT,
  );

  // BUG-29 — Whole numbers beyond int32 are accepted for int32 fields and give schema-invalid objects:
  //   deployment({ ...base, replicas: 2147483648 }) → spec.replicas must match format "int32"
  //   hpa({ ...base, maxReplicas: 2147483648 }) → spec.maxReplicas must match format "int32"
  it(
    "BUG-29: integers beyond int32 are refused",
    refuses(
      D,
      mutant(deploymentOptions, (o) =>
        fc
          .tuple(
            fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER }),
            fc.constantFrom("replicas", "minReadySeconds", "revisionHistoryLimit", "probe"),
          )
          .map(([n, field]) => {
            if (field === "probe")
              return {
                mutation: `periodSeconds ${n}`,
                input: withContainer(o, {
                  readinessProbe: { exec: { command: ["true"] }, periodSeconds: n },
                }),
                path: ["containers", 0, "readinessProbe", "periodSeconds"],
              };
            const { autoscaled: _a, ...rest } = o;
            return {
              mutation: `${field} ${n}`,
              input: { ...rest, [field]: n } as DeploymentOptions,
              path: [field],
            };
          }),
      ),
    ),
    TIMEOUT,
  );
});
