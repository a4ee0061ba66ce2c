// Mutations of the pod options of deployment and statefulSet, each with the issue path (and rule code) the
// builder must report.
import fc from "fast-check";
import { getAt, type Segment } from "./harness.ts";
import { identity, type Lens, type Mutator, type Shape, setField } from "./mutate.ts";
import { BAD_LABEL_NAMES, BAD_SUBDOMAINS, badValue, setValue } from "./mutations-common.ts";
import { podApiServerMutations } from "./mutations-pod-api.ts";

type Obj = Record<string, unknown>;
const list = (o: unknown, path: readonly Segment[]): Obj[] => {
  const v = getAt(o, path);
  return Array.isArray(v) ? (v as Obj[]) : [];
};
const GROUPS = ["initContainers", "containers"] as const;
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;

/** Every container as [group, index, container], in the order the pod rules visit them. */
function containersOf(o: unknown): [(typeof GROUPS)[number], number, Obj][] {
  return GROUPS.flatMap((g) => list(o, [g]).map((c, i): [(typeof GROUPS)[number], number, Obj] => [g, i, c]));
}
const regular = (o: unknown) => containersOf(o).filter(([g]) => g === "containers");

/** The shape of pod options, for the generic mutations. */
export function podShape(extra: Partial<Shape> = {}): Shape {
  const perContainer = (suffixes: string[]) => GROUPS.flatMap((g) => suffixes.map((s) => `${g}.*.${s}`));
  return {
    records: [
      "labels",
      "annotations",
      "podAnnotations",
      "nodeSelector",
      ...perContainer(["env", ...PROBES.map((p) => `${p}.http.headers`)]),
      ...(extra.records ?? []),
    ],
    unions: ["antiAffinity", ...perContainer(["env.*"]), ...(extra.unions ?? [])],
    required: [
      "name",
      "containers",
      ...perContainer([
        "name",
        "image",
        "ports.*.containerPort",
        "volumeMounts.*.name",
        "volumeMounts.*.mountPath",
        "envFrom.*.configMap",
        ...PROBES.flatMap((p) => [
          `${p}.http.path`,
          `${p}.http.port`,
          `${p}.tcp.port`,
          `${p}.grpc.port`,
          `${p}.exec.command`,
        ]),
        ...["preStop", "postStart"].flatMap((h) => [
          `lifecycle.${h}.exec.command`,
          `lifecycle.${h}.http.path`,
          `lifecycle.${h}.http.port`,
        ]),
      ]).filter((p) => !p.endsWith("envFrom.*.configMap")),
      "volumes.*.name",
      ...["configMap", "secret"].flatMap((s) => [
        `volumes.*.${s}.name`,
        `volumes.*.${s}.items.*.key`,
        `volumes.*.${s}.items.*.path`,
      ]),
      "volumes.*.persistentVolumeClaim.claimName",
      "volumes.*.projected.sources",
      ...(extra.required ?? []),
    ],
  };
}

/** Mutations of pod options (`lens` reaches the options). */
export function podMutations<I>(lens: Lens<I> = identity as Lens<I>): Mutator<I>[] {
  const C = GROUPS.map((g) => `${g}.*`);
  const at = (suffix: string) => C.map((c) => `${c}.${suffix}`);
  return [
    setValue(lens, "no containers", ["containers"], [[]], "too_small"),
    badValue(lens, "bad container name", at("name"), BAD_LABEL_NAMES),
    // A container named like an earlier one: the later of the two (init containers come first) is reported.
    setField(
      lens,
      "duplicate container name",
      (o) => {
        const all = containersOf(o);
        if (all.length < 2) return undefined;
        return fc
          .tuple(fc.nat(all.length - 1), fc.nat(all.length - 1))
          .filter(([a, b]) => a !== b)
          .map(([a, b]) => {
            const [tg, ti] = all[a] as [string, number, Obj];
            const [, , source] = all[b] as [string, number, Obj];
            const later = all[Math.max(a, b)] as [string, number, Obj];
            const laterIsTarget = a > b;
            return {
              path: [tg, ti, "name"],
              value: source.name,
              issuePath: laterIsTarget ? [tg, ti, "name"] : [later[0], later[1], "name"],
            };
          });
      },
      "duplicate",
    ),
    badValue(lens, "bad image", at("image"), [
      "nginx",
      "nginx:latest",
      "ghcr.io/acme/app:latest",
      "NGINX:1.2",
      "nginx:",
      ":1.2",
      "a b:1",
      "nginx@sha256:123",
      "",
    ]),
    addPort(
      lens,
      "bad port number",
      [0, 70000, 1.5, "x", -1, 65536, Number.NaN, Number.POSITIVE_INFINITY, "80"],
      "containerPort",
    ),
    addPort(
      lens,
      "bad port name",
      ["HTTP", "a-very-long-name", "1234", "-http", "http-", "a--b", "", "a_b"],
      "name",
    ),
    badValue(lens, "bad protocol", at("ports.*.protocol"), ["tcp", "HTTP", ""]),
    // A second port with the name of an existing one (ports of the same container).
    setField(
      lens,
      "duplicate port name",
      (o) => {
        const named = containersOf(o).flatMap(([g, i, c]) =>
          list(c, ["ports"])
            .filter((p) => typeof p.name === "string")
            .map((p) => ({ g, i, name: p.name as string, count: list(c, ["ports"]).length })),
        );
        if (named.length === 0) return undefined;
        return fc.constantFrom(...named).map(({ g, i, name, count }) => ({
          path: [g, i, "ports", count],
          value: { name, containerPort: 65000 },
          issuePath: [g, i, "ports", count, "name"],
        }));
      },
      "duplicate",
    ),
    probeOnUndeclaredPort(lens),
    setField(lens, "probe with two handlers or none", (o) => {
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      return fc
        .tuple(
          fc.constantFrom(...cs),
          fc.constantFrom(...PROBES),
          fc.constantFrom<Obj>(
            { exec: { command: ["true"] }, tcp: { port: 1 } },
            { exec: { command: ["true"] }, http: { path: "/", port: 1 } },
            { periodSeconds: 5 },
            {},
          ),
        )
        .map(([[g, i], probe, value]) => ({ path: [g, i, probe], value }));
    }),
    setField(
      lens,
      "liveness/startup successThreshold ≠ 1",
      (o) => {
        const cs = regular(o);
        if (cs.length === 0) return undefined;
        return fc
          .tuple(
            fc.constantFrom(...cs),
            fc.constantFrom("livenessProbe", "startupProbe"),
            fc.integer({ min: 2, max: 10 }),
          )
          .map(([[g, i], probe, n]) => ({
            path: [g, i, probe],
            value: { exec: { command: ["true"] }, successThreshold: n },
            issuePath: [g, i, probe, "successThreshold"],
          }));
      },
      "invalid_value",
    ),
    badValue(
      lens,
      "bad probe threshold",
      PROBES.flatMap((p) =>
        ["periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold"].flatMap((f) =>
          at(`${p}.${f}`),
        ),
      ),
      [0, -1, 1.5, "3"],
    ),
    badValue(
      lens,
      "bad probe initialDelaySeconds",
      PROBES.flatMap((p) => at(`${p}.initialDelaySeconds`)),
      [-1, 1.5, "3"],
    ),
    badValue(
      lens,
      "bad probe HTTP path",
      PROBES.flatMap((p) => at(`${p}.http.path`)),
      ["health", "", "http://x/"],
    ),
    badValue(lens, "bad mount path", at("volumeMounts.*.mountPath"), ["relative", "", "data/x"]),
    badValue(
      lens,
      "bad quantity",
      ["requests", "limits"].flatMap((s) =>
        ["cpu", "memory", "ephemeralStorage"].flatMap((n) => at(`resources.${s}.${n}`)),
      ),
      [
        "512MB",
        "1.5.5",
        "Mi",
        "",
        "1 Gi",
        "0x10",
        "1Kb",
        "e3",
        "1e",
        "--1",
        -1,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        "ten",
      ],
    ),
    setField(
      lens,
      "memory in millibytes",
      (o) => {
        const cs = containersOf(o);
        return fc.tuple(fc.constantFrom(...cs), fc.integer({ min: 1, max: 4096 })).map(([[g, i], n]) => ({
          path: [g, i, "resources"],
          value: { requests: { memory: `${n}m` } },
          issuePath: [g, i, "resources", "requests", "memory"],
        }));
      },
      "memory_in_millibytes",
    ),
    setField(
      lens,
      "requests > limits",
      (o) => {
        const cs = containersOf(o);
        return fc
          .tuple(
            fc.constantFrom(...cs),
            fc.constantFrom(["cpu", "m"], ["memory", "Mi"], ["ephemeralStorage", "Gi"]),
            fc.integer({ min: 1, max: 10_000 }),
            fc.integer({ min: 1, max: 10_000 }),
          )
          .map(([[g, i], [name, unit], lo, extra]) => ({
            path: [g, i, "resources"],
            value: {
              requests: { [name as string]: `${lo + extra}${unit}` },
              limits: { [name as string]: `${lo}${unit}` },
            },
            issuePath: [g, i, "resources", "requests", name as string],
          }));
      },
      "requests_exceed_limits",
    ),
    setField(
      lens,
      "mount of an undeclared volume",
      (o) => {
        const cs = containersOf(o);
        return fc.constantFrom(...cs).map(([g, i, c]) => {
          const n = list(c, ["volumeMounts"]).length;
          return {
            path: [g, i, "volumeMounts", n],
            value: { name: "zz-undeclared-volume", mountPath: "/zz-undeclared" },
            issuePath: [g, i, "volumeMounts", n, "name"],
          };
        });
      },
      "unknown_volume",
    ),
    setField(
      lens,
      "duplicate volume name",
      (o) => {
        const vs = list(o, ["volumes"]);
        const n = vs.length;
        if (n === 0) {
          return fc.constant({
            path: ["volumes"],
            value: [
              { name: "dup", emptyDir: {} },
              { name: "dup", emptyDir: {} },
            ],
            issuePath: ["volumes", 1, "name"],
          });
        }
        return fc.constantFrom(...vs).map((v) => ({
          path: ["volumes", n],
          value: { name: v.name, emptyDir: {} },
          issuePath: ["volumes", n, "name"],
        }));
      },
      "duplicate",
    ),
    setField(lens, "volume with two sources or none", (o) => {
      const n = list(o, ["volumes"]).length;
      return fc
        .constantFrom<Obj>(
          { name: "zz-two", emptyDir: {}, persistentVolumeClaim: { claimName: "c" } },
          { name: "zz-two", configMap: { name: "c" }, secret: { name: "s" } },
          { name: "zz-none" },
        )
        .map((value) => ({ path: ["volumes", n], value }));
    }),
    badValue(
      lens,
      "bad volume mode",
      ["volumes.*.configMap.defaultMode", "volumes.*.secret.defaultMode"],
      [0o1000, -1, 1.5],
    ),
    setField(
      lens,
      "preStop sleep not shorter than the grace period",
      (o) => {
        const cs = regular(o);
        if (cs.length === 0) return undefined;
        return fc
          .tuple(fc.constantFrom(...cs), fc.integer({ min: 1, max: 120 }), fc.nat(30))
          .map(([[g, i, c], grace, extra]) => ({
            path: [],
            value: {
              ...(o as Obj),
              terminationGracePeriodSeconds: grace,
              [g]: list(o, [g]).map((x, j) =>
                j === i ? { ...c, lifecycle: { preStop: { sleep: grace + extra } } } : x,
              ),
            },
            issuePath: [g, i, "lifecycle", "preStop", "sleep"],
          }));
      },
      "grace_period_too_short",
    ),
    setField(lens, "bad env var name", (o) =>
      fc
        .tuple(fc.constantFrom(...containersOf(o)), fc.constantFrom("1BAD", "A B", "a=b", "", "ü", "$X"))
        .map(([[g, i, c], key]) => ({
          path: [g, i, "env"],
          value: { ...(c.env as object | undefined), [key]: "v" },
          issuePath: [g, i, "env", key],
        })),
    ),
    setField(lens, "envFrom with both sources or none", (o) =>
      fc
        .tuple(
          fc.constantFrom(...containersOf(o)),
          fc.constantFrom<Obj>({ configMap: "a", secret: "b" }, {}, { prefix: "X_" }),
        )
        .map(([[g, i, c], value]) => {
          const n = list(c, ["envFrom"]).length;
          return { path: [g, i, "envFrom", n], value };
        }),
    ),
    setField(lens, "relative writable path", (o) =>
      fc.constantFrom("tmp", "", " /x", "/a b", "./tmp").map((p) => {
        const current = (getAt(o, ["security", "writablePaths"]) as string[] | undefined) ?? [];
        return {
          path: ["security"],
          value: { ...(getAt(o, ["security"]) as object | undefined), writablePaths: [...current, p] },
          issuePath: ["security", "writablePaths", current.length],
        };
      }),
    ),
    badValue(
      lens,
      "bad security id",
      ["security.runAsUser", "security.runAsGroup", "security.fsGroup", ...at("security.runAsUser")],
      [-1, 1.5, "1000"],
    ),
    setValue(
      lens,
      "bad seccomp profile",
      ["security", "seccompProfile"],
      ["Localhost", "runtime/default", ""],
    ),
    setField(lens, "bad capability", (o) =>
      fc.constantFrom("net_admin", "NET ADMIN", "", "CAP-X").map((cap) => ({
        path: ["security"],
        value: { ...(getAt(o, ["security"]) as object | undefined), addCapabilities: ["CHOWN", cap] },
        issuePath: ["security", "addCapabilities", 1],
      })),
    ),
    setField(
      lens,
      "probe or hook on an init container that is not a sidecar",
      (o) => {
        const inits = containersOf(o).filter(
          ([g, , c]) => g === "initContainers" && c.restartPolicy !== "Always",
        );
        if (inits.length === 0) return undefined;
        return fc
          .tuple(fc.constantFrom(...inits), fc.constantFrom(...PROBES, "lifecycle" as const))
          .map(([[g, i], field]) => ({
            path: [g, i, field],
            value:
              field === "lifecycle"
                ? { preStop: { exec: { command: ["true"] } } }
                : { exec: { command: ["true"] } },
            issuePath: [g, i, field],
          }));
      },
      "conflicting_options",
    ),
    setField(lens, "init container restartPolicy other than Always", (o) => {
      const inits = containersOf(o).filter(([g]) => g === "initContainers");
      if (inits.length === 0) return undefined;
      return fc
        .tuple(fc.constantFrom(...inits), fc.constantFrom("Never", "OnFailure", "always", ""))
        .map(([[g, i], value]) => ({ path: [g, i, "restartPolicy"], value }));
    }),
    setField(lens, "bad image pull Secret", (o) =>
      fc.constantFrom(...BAD_SUBDOMAINS).map((bad) => {
        const current = list(o, ["imagePullSecrets"]);
        return {
          path: ["imagePullSecrets"],
          value: [...current, bad],
          issuePath: ["imagePullSecrets", current.length],
        };
      }),
    ),
    setField(
      lens,
      "dnsPolicy None without a nameserver",
      (o) => {
        const config = getAt(o, ["dnsConfig"]) as Obj | undefined;
        return fc.constant({
          path: [],
          value: {
            ...(o as Obj),
            dnsPolicy: "None",
            ...(config ? { dnsConfig: { ...config, nameservers: [] } } : {}),
          },
          issuePath: config ? ["dnsConfig", "nameservers"] : ["dnsConfig"],
        });
      },
      "required",
    ),
    setField(
      lens,
      "more nameservers or search domains than libc takes",
      () =>
        fc
          .constantFrom<[string, unknown[]]>(
            ["nameservers", ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"]],
            ["searches", Array.from({ length: 33 }, (_, i) => `s${i}.example.com`)],
          )
          .map(([field, value]) => ({
            path: ["dnsConfig"],
            value: { [field]: value },
            issuePath: ["dnsConfig", field],
          })),
      "too_big",
    ),
    setField(lens, "bad nameserver or host alias address", (o) =>
      fc
        .constantFrom(
          "10.0.0.256",
          "10.0.0.01",
          "dns.local",
          "",
          "::g",
          "05d::1",
          "FD00::A",
          "fd00:0::1",
          "::ffff:10.0.0.1",
        )
        .chain((ip) =>
          fc.constantFrom(
            { path: ["dnsConfig"], value: { nameservers: [ip] }, issuePath: ["dnsConfig", "nameservers", 0] },
            {
              path: ["hostAliases"],
              value: [...list(o, ["hostAliases"]), { ip, hostnames: ["a"] }],
              issuePath: ["hostAliases", list(o, ["hostAliases"]).length, "ip"],
            },
          ),
        ),
    ),
    setField(
      lens,
      "stdinOnce without stdin",
      (o) =>
        fc.constantFrom(...containersOf(o)).map(([g, i, c]) => {
          const { stdin: _s, ...rest } = c;
          return { path: [g, i], value: { ...rest, stdinOnce: true }, issuePath: [g, i, "stdinOnce"] };
        }),
      "conflicting_options",
    ),
    setField(lens, "bad downward API resource or divisor", (o) =>
      fc
        .tuple(
          fc.constantFrom(...containersOf(o)),
          fc.constantFrom<[Obj, string]>(
            [{ resource: "limits.gpu" }, "resource"],
            [{ resource: "limits.cpu", divisor: "1Mi" }, "divisor"],
            [{ resource: "requests.memory", divisor: "1m" }, "divisor"],
            [{ resource: "limits.cpu", containerName: "zz-no-such-container" }, "containerName"],
          ),
        )
        .map(([[g, i, c], [ref, field]]) => ({
          path: [g, i, "env"],
          value: { ...(c.env as object | undefined), ZZ_RES: { resourceFieldRef: ref } },
          issuePath: [g, i, "env", "ZZ_RES", "resourceFieldRef", field],
        })),
    ),
    setValue(lens, "bad dnsPolicy", ["dnsPolicy"], ["ClusterLast", "none", ""]),
    setValue(lens, "bad preemptionPolicy", ["preemptionPolicy"], ["Always", ""]),
    setValue(lens, "bad runtimeClassName", ["runtimeClassName"], BAD_SUBDOMAINS),
    setValue(lens, "bad schedulerName", ["schedulerName"], BAD_SUBDOMAINS),
    setValue(lens, "bad serviceAccountName", ["serviceAccountName"], BAD_SUBDOMAINS),
    setValue(lens, "bad priorityClassName", ["priorityClassName"], BAD_SUBDOMAINS),
    setValue(lens, "bad terminationGracePeriodSeconds", ["terminationGracePeriodSeconds"], [-1, 1.5, "30"]),
    setField(lens, "bad toleration", (o) => {
      const n = list(o, ["tolerations"]).length;
      return fc
        .constantFrom<[Obj, string]>(
          [{ key: "k", operator: "In" }, "operator"],
          [{ key: "k", effect: "NoRun" }, "effect"],
          [{ key: "k", effect: "NoExecute", tolerationSeconds: -1 }, "tolerationSeconds"],
          [{ key: "-bad", operator: "Exists" }, "key"],
        )
        .map(([value, field]) => ({
          path: ["tolerations", n],
          value,
          issuePath: ["tolerations", n, field],
        }));
    }),
    setField(lens, "bad topology spread", (o) => {
      const n = list(o, ["topologySpread"]).length;
      return fc
        .constantFrom<[Obj, string]>(
          [{ maxSkew: 0 }, "maxSkew"],
          [{ whenUnsatisfiable: "Never" }, "whenUnsatisfiable"],
          [{ topologyKey: "-bad" }, "topologyKey"],
        )
        .map(([value, field]) => ({
          path: ["topologySpread", n],
          value,
          issuePath: ["topologySpread", n, field],
        }));
    }),
    setValue(lens, "bad antiAffinity", ["antiAffinity"], ["sometimes", "", 1, true]),
    setField(lens, "bad nodeSelector", () =>
      fc
        .constantFrom("-x", "a b")
        .map((k) => ({ path: ["nodeSelector"], value: { [k]: "v" }, issuePath: ["nodeSelector", k] })),
    ),
    ...podApiServerMutations(lens),
  ];
}

/** Adds a port to a container with one bad field (`containerPort` or `name`). */
function addPort<I>(
  lens: Lens<I>,
  mutation: string,
  values: readonly unknown[],
  field: "containerPort" | "name",
): Mutator<I> {
  return setField(lens, mutation, (o) =>
    fc.tuple(fc.constantFrom(...containersOf(o)), fc.constantFrom(...values)).map(([[g, i, c], value]) => {
      const n = list(c, ["ports"]).length;
      const port =
        field === "containerPort" ? { containerPort: value } : { name: value, containerPort: 64999 };
      return { path: [g, i, "ports", n], value: port, issuePath: [g, i, "ports", n, field] };
    }),
  );
}

/** A probe (tcp, http or grpc) on a port that the container does not declare. */
function probeOnUndeclaredPort<I>(lens: Lens<I>): Mutator<I> {
  return setField(
    lens,
    "probe on an undeclared port",
    (o) => {
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      return fc
        .tuple(
          fc.constantFrom(...cs),
          fc.constantFrom(...PROBES),
          fc.constantFrom("tcp", "http", "grpc"),
          fc.oneof(fc.integer({ min: 1, max: 65535 }), fc.constantFrom("nope", "zz-undeclared")),
        )
        .filter(([[, , c], , kind, p]) => {
          const ports = list(c, ["ports"]);
          if (kind === "grpc" && typeof p === "string") return false;
          return !ports.some((d) => d.containerPort === p || d.name === p);
        })
        .map(([[g, i], probe, kind, p]) => ({
          path: [g, i, probe],
          value: kind === "http" ? { http: { path: "/", port: p } } : { [kind]: { port: p } },
          issuePath: [g, i, probe, kind, "port"],
        }));
    },
    "unknown_port",
  );
}
