// Valid options of the builders other than the workloads, and lean workloads for the derivations
// (serviceFor, hpaFor, pdbFor): the full pod is fuzzed by the workload suites.
import fc from "fast-check";
import type {
  ConfigMapOptions,
  HpaForOptions,
  HpaOptions,
  IngressOptions,
  NamespaceOptions,
  NetworkPolicyOptions,
  PdbForOptions,
  PdbOptions,
  SecretOptions,
  SelectingWorkload,
  ServiceAccountOptions,
  ServiceForOptions,
  ServiceOptions,
  Workload,
} from "../../src/index.ts";
import { daemonSet, deployment, dockerConfigJsonPlaceholder, statefulSet } from "../../src/index.ts";
import {
  annotations,
  cidr,
  dataKey,
  dict,
  dns1035Label,
  dnsLabel,
  dnsSubdomain,
  host,
  image,
  ipv4Cidr,
  labels,
  metaExtras,
  namespaceName,
  nonEmptyLabels,
  objectName,
  port,
  portName,
  protocol,
  rec,
  statefulSetName,
  statefulSetServiceName,
  text,
} from "./arb-base.ts";

const meta = rec({ namespace: namespaceName, ...metaExtras });

// ------------------------------------------------------------------------------------------------------
// Lean workloads for derivations

export interface WorkloadPlan<W extends SelectingWorkload = Workload> {
  readonly workload: W;
  /** Named container ports of the workload, in order. */
  readonly named: readonly { name: string; containerPort: number; protocol: "TCP" | "UDP" | "SCTP" }[];
  /** `spec.replicas`, undefined when autoscaled. */
  readonly replicas: number | undefined;
}

interface WorkloadShape {
  readonly named?: boolean;
  readonly serviceName?: boolean;
  readonly replicas?: fc.Arbitrary<number>;
}

/**
 * A Deployment or StatefulSet (or a DaemonSet when `daemon`) with 1–2 containers and pod-wide unique ports (at
 * least one named when `named`). Names start with a letter when `serviceName`: serviceFor names its Service
 * after the workload, and a Service name must start with a letter (a digit first is BUG-13).
 */
export function workload(
  opts: WorkloadShape & { daemon: true },
): fc.Arbitrary<WorkloadPlan<SelectingWorkload>>;
export function workload(opts?: WorkloadShape): fc.Arbitrary<WorkloadPlan>;
export function workload(
  opts: WorkloadShape & { daemon?: boolean } = {},
): fc.Arbitrary<WorkloadPlan<SelectingWorkload>> {
  return fc
    .record({
      kind: fc.constantFrom(
        ...(["Deployment", "StatefulSet", ...(opts.daemon === true ? ["DaemonSet"] : [])] as const),
      ),
      // Names up to 52 characters for both kinds: a longer StatefulSet name is refused (its pods never start).
      name: opts.serviceName === true ? statefulSetServiceName : statefulSetName,
      meta,
      containers: fc.uniqueArray(dnsLabel, { minLength: 1, maxLength: 2 }),
      ports: fc.uniqueArray(fc.tuple(port, protocol, fc.option(portName, { nil: undefined })), {
        minLength: opts.named === true ? 1 : 0,
        maxLength: 4,
        selector: ([n]) => n,
      }),
      images: fc.array(image, { minLength: 2, maxLength: 2 }),
      replicas: fc.option(opts.replicas ?? fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    })
    .map(({ kind, name, meta: m, containers, ports, images, replicas }): WorkloadPlan<SelectingWorkload> => {
      // Unique port names; the first port is named when a named port is required.
      const seen = new Set<string>();
      const decls = ports.map(([containerPort, proto, pname], j) => {
        const n = pname ?? (opts.named === true && j === 0 ? `p${containerPort}` : undefined);
        const unique = n !== undefined && !seen.has(n) ? n : undefined;
        if (unique !== undefined) seen.add(unique);
        return { containerPort, protocol: proto, ...(unique === undefined ? {} : { name: unique }) };
      });
      const cs = containers.map((cname, i) => ({
        name: cname,
        image: images[i] ?? "app:1",
        ports: decls.filter((_p, j) => j % containers.length === i),
      }));
      const autoscaled = kind === "Deployment" && replicas === undefined;
      const w: SelectingWorkload =
        kind === "Deployment"
          ? deployment({
              name,
              ...m,
              containers: cs,
              ...(autoscaled ? { autoscaled: true } : { replicas: replicas ?? 1 }),
            })
          : kind === "DaemonSet"
            ? daemonSet({ name, ...m, containers: cs })
            : statefulSet({ name, ...m, containers: cs, ...(replicas === undefined ? {} : { replicas }) });
      return {
        workload: w,
        named: decls.filter((d): d is typeof d & { name: string } => d.name !== undefined),
        replicas: w.kind === "DaemonSet" ? undefined : (w as Workload).spec?.replicas,
      };
    });
}

// ------------------------------------------------------------------------------------------------------
// Small kinds

export const namespaceOptions: fc.Arbitrary<NamespaceOptions> = fc
  .tuple(
    dnsLabel,
    rec(metaExtras),
    fc.option(
      fc.constantFrom("restricted" as const, "baseline" as const, "privileged" as const, false as const),
      { nil: undefined },
    ),
  )
  .map(([name, m, podSecurity]) => ({ name, ...m, ...(podSecurity === undefined ? {} : { podSecurity }) }));

export const configMapOptions: fc.Arbitrary<ConfigMapOptions> = fc
  .tuple(
    objectName,
    meta,
    dict(dataKey, fc.oneof(text, fc.string({ maxLength: 2000 })), 5),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .map(([name, m, data, immutable]) => ({
    name,
    ...m,
    data,
    ...(immutable === undefined ? {} : { immutable }),
  }));

/** A word of a placeholder: letters with at most two digits, at most 16 characters. */
const placeholderWord = fc.stringMatching(/^[a-zA-Z]{1,12}[0-9]{0,2}$/);
/** A value `isPlaceholder` accepts: `<words>`, `${VAR}`, `CHANGE_ME` and kin with up to four short words. */
export const placeholder: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      placeholderWord,
      fc.array(fc.tuple(fc.constantFrom(" ", "-", "_", "."), placeholderWord), { maxLength: 4 }),
    )
    .map(([w, rest]) => `<${w}${rest.map(([sep, x]) => sep + x).join("")}>`),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/).map((s) => `\${${s}}`),
  fc
    .tuple(
      fc.constantFrom("CHANGE_ME", "CHANGEME", "REPLACE_ME", "REPLACEME", "PLACEHOLDER"),
      fc.array(fc.tuple(fc.constantFrom("-", "_", ":", "."), placeholderWord), { maxLength: 3 }),
    )
    .map(([a, rest]) => a + rest.map(([sep, x]) => sep + x).join("")),
);

export const secretOptions: fc.Arbitrary<SecretOptions> = fc
  .tuple(
    objectName,
    meta,
    fc.constantFrom(
      undefined,
      "Opaque" as const,
      "kubernetes.io/tls" as const,
      "kubernetes.io/basic-auth" as const,
      "kubernetes.io/ssh-auth" as const,
      "kubernetes.io/dockerconfigjson" as const,
    ),
    dict(dataKey, placeholder, 4),
    fc.boolean(),
    dict(dataKey, text, 3),
  )
  .map(([name, m, type, placeholders, real, reals]) => {
    // The keys a typed Secret needs (the API server checks them after merging stringData into data).
    const stringData: Record<string, string> = { ...placeholders };
    if (type === "kubernetes.io/tls")
      Object.assign(stringData, { "tls.crt": "<tls-crt>", "tls.key": "<tls-key>" });
    if (type === "kubernetes.io/basic-auth") stringData.password = "<password>";
    if (type === "kubernetes.io/ssh-auth") stringData["ssh-privatekey"] = "<ssh-private-key>";
    const allowReal = real;
    if (real) Object.assign(stringData, reals);
    // A template the API server accepts: JSON whose credentials are placeholders.
    if (type === "kubernetes.io/dockerconfigjson")
      stringData[".dockerconfigjson"] = dockerConfigJsonPlaceholder(["ghcr.io", "registry.example.com:5000"]);
    return {
      name,
      ...m,
      ...(type === undefined ? {} : { type }),
      stringData,
      ...(allowReal ? { allowRealValues: true } : real ? {} : {}),
    };
  });

export const serviceAccountOptions: fc.Arbitrary<ServiceAccountOptions> = fc
  .tuple(
    objectName,
    meta,
    rec({
      automountServiceAccountToken: fc.boolean(),
      imagePullSecrets: fc.array(dnsSubdomain(), { maxLength: 3 }),
    }),
  )
  .map(([name, m, rest]) => ({ name, ...m, ...rest }));

// ------------------------------------------------------------------------------------------------------
// Services

const serviceType = fc.constantFrom(
  undefined,
  "ClusterIP" as const,
  "NodePort" as const,
  "LoadBalancer" as const,
);
const nodePort = fc.integer({ min: 30000, max: 32767 });
const appProtocol = fc.constantFrom("http", "https", "kubernetes.io/h2c", "kubernetes.io/ws", "tcp");

/** Type-dependent Service options that are consistent with the type. */
function serviceShape(type: "ClusterIP" | "NodePort" | "LoadBalancer" | undefined) {
  const external = type === "NodePort" || type === "LoadBalancer";
  return rec({
    ...(type === undefined || type === "ClusterIP" ? { headless: fc.boolean() } : {}),
    ...(external ? { externalTrafficPolicy: fc.constantFrom("Cluster" as const, "Local" as const) } : {}),
    ...(type === "LoadBalancer" ? { loadBalancerSourceRanges: fc.array(cidr, { maxLength: 3 }) } : {}),
    sessionAffinity: fc.constantFrom("None" as const, "ClientIP" as const),
    publishNotReadyAddresses: fc.boolean(),
  }).map((s) =>
    // ClientIP affinity has no effect on a headless Service (the API server warns).
    s.headless === true && s.sessionAffinity === "ClientIP" ? { ...s, sessionAffinity: "None" as const } : s,
  );
}

export const serviceOptions: fc.Arbitrary<ServiceOptions> = serviceType.chain((type) => {
  const external = type === "NodePort" || type === "LoadBalancer";
  return fc
    .tuple(
      dns1035Label,
      meta,
      serviceShape(type),
      labels,
      fc.uniqueArray(fc.tuple(port, protocol), {
        minLength: 1,
        maxLength: 4,
        selector: ([p, pr]) => `${p}/${pr}`,
      }),
      fc.uniqueArray(portName, { minLength: 4, maxLength: 4 }),
      fc.uniqueArray(nodePort, { minLength: 4, maxLength: 4 }),
      fc.array(
        rec({
          targetPort: fc.oneof(port, portName),
          explicitProtocol: fc.boolean(),
          appProtocol,
          withNodePort: fc.boolean(),
          named: fc.boolean(),
        }),
        { minLength: 4, maxLength: 4 },
      ),
    )
    .map(([name, m, shape, selector, ports, names, nodePorts, extras]) => ({
      name,
      ...m,
      ...(type === undefined ? {} : { type }),
      ...shape,
      selector,
      ports: ports.map(([p, pr], i) => {
        const x = extras[i] ?? {};
        return {
          // Every port is named when there are several.
          ...(ports.length > 1 || x.named === true ? { name: names[i] as string } : {}),
          port: p,
          ...(x.targetPort === undefined ? {} : { targetPort: x.targetPort }),
          ...(pr !== "TCP" || x.explicitProtocol === true ? { protocol: pr } : {}),
          ...(external && x.withNodePort === true ? { nodePort: nodePorts[i] as number } : {}),
          ...(x.appProtocol === undefined ? {} : { appProtocol: x.appProtocol }),
        };
      }),
    }));
});

export interface Derived<O, W extends SelectingWorkload = Workload> {
  readonly source: W;
  readonly options: O;
}

/** serviceFor: a workload (a DaemonSet too) with named ports, and options choosing some of them. */
export const serviceForInput: fc.Arbitrary<Derived<ServiceForOptions, SelectingWorkload>> = fc
  .tuple(workload({ named: true, daemon: true }), serviceType)
  .chain(([plan, type]) => {
    const external = type === "NodePort" || type === "LoadBalancer";
    const n = plan.named.length;
    const startsWithDigit = /^[0-9]/.test(plan.workload.metadata?.name ?? "");
    return fc
      .tuple(
        serviceShape(type),
        // Service name: required when the workload's name starts with a digit (BUG-13).
        startsWithDigit
          ? dns1035Label.map((s) => s as string | undefined)
          : fc.option(dns1035Label, { nil: undefined }),
        fc.option(fc.subarray([...plan.named.keys()], { minLength: 1 }), { nil: undefined }),
        fc.uniqueArray(nodePort, { minLength: n, maxLength: n }),
        fc.array(fc.tuple(fc.nat(3), fc.option(appProtocol, { nil: undefined })), {
          minLength: n,
          maxLength: n,
        }),
        rec({ labels, annotations }),
      )
      .map(([shape, name, chosen, nodePorts, forms, meta2]) => {
        // Explicit Service ports must stay unique: numbers no container port of the workload uses.
        const used = new Set(plan.named.map((p) => p.containerPort));
        const fresh: number[] = [];
        for (let p = 40000; fresh.length < n; p++) if (!used.has(p)) fresh.push(p);
        const ports = chosen?.map((i) => {
          const p = plan.named[i] as WorkloadPlan["named"][number];
          const [form, ap] = forms[i] ?? [0, undefined];
          if (form === 0) return p.name;
          return {
            name: p.name,
            ...(form >= 2 ? { port: fresh[i] as number } : {}),
            ...(external && form === 3 ? { nodePort: nodePorts[i] as number } : {}),
            ...(ap === undefined ? {} : { appProtocol: ap }),
          };
        });
        const options: ServiceForOptions = {
          ...(name === undefined ? {} : { name }),
          ...(type === undefined ? {} : { type }),
          ...shape,
          ...(ports === undefined ? {} : { ports }),
          ...meta2,
        };
        return { source: plan.workload, options };
      });
  });

// ------------------------------------------------------------------------------------------------------
// Scaling

const policy = rec(
  {
    type: fc.constantFrom("Pods" as const, "Percent" as const),
    value: fc.integer({ min: 1, max: 100 }),
    periodSeconds: fc.integer({ min: 1, max: 1800 }),
  },
  ["type", "value", "periodSeconds"],
);
/** Scaling rules; `policies` is never empty (empty is BUG-15). */
const scalingRules = rec({
  stabilizationWindowSeconds: fc.integer({ min: 0, max: 3600 }),
  selectPolicy: fc.constantFrom("Max" as const, "Min" as const, "Disabled" as const),
  policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
});
const targets = fc
  .tuple(
    fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    fc.option(fc.integer({ min: 1, max: 200 }), { nil: undefined }),
    fc.integer({ min: 1, max: 200 }),
  )
  .map(([cpu, mem, fallback]) => ({
    ...(cpu === undefined && mem === undefined ? { cpuUtilization: fallback } : {}),
    ...(cpu === undefined ? {} : { cpuUtilization: cpu }),
    ...(mem === undefined ? {} : { memoryUtilization: mem }),
  }));
const behavior = rec({ behavior: rec({ scaleUp: scalingRules, scaleDown: scalingRules }) });

export const hpaOptions: fc.Arbitrary<HpaOptions> = fc
  .tuple(
    objectName,
    meta,
    fc.integer({ min: 1, max: 50 }),
    fc.integer({ min: 0, max: 50 }),
    fc.boolean(),
    targets,
    behavior,
    fc.constantFrom("Deployment" as const, "StatefulSet" as const),
    dnsLabel,
  )
  .map(([name, m, min, extra, explicitMin, t, b, kind, target]) => ({
    name,
    ...m,
    ...(explicitMin ? { minReplicas: min } : {}),
    maxReplicas: (explicitMin ? min : 1) + extra,
    ...t,
    ...b,
    scaleTargetRef: { kind, name: target },
  }));

/** hpaFor: minReplicas defaults to the workload's replicas, so maxReplicas is at least that (and ≥ 1). */
export const hpaForInput: fc.Arbitrary<Derived<HpaForOptions>> = workload().chain((plan) =>
  fc
    .tuple(
      fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      fc.integer({ min: 0, max: 50 }),
      targets,
      behavior,
      rec({ name: dnsLabel, annotations }),
    )
    .map(([explicitMin, extra, t, b, rest]) => {
      // A workload with 0 replicas and no minReplicas gives minReplicas 0 (BUG-14): give one then.
      const min = explicitMin ?? (plan.replicas === 0 ? 1 : undefined);
      const effectiveMin = min ?? plan.replicas ?? 1;
      return {
        source: plan.workload,
        options: {
          ...(min === undefined ? {} : { minReplicas: min }),
          maxReplicas: effectiveMin + extra,
          ...t,
          ...b,
          ...rest,
        },
      };
    }),
);

const percent = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}%`);

export const pdbOptions: fc.Arbitrary<PdbOptions> = fc
  .tuple(
    objectName,
    meta,
    nonEmptyLabels,
    fc.oneof(
      fc.oneof(fc.integer({ min: 0, max: 50 }), percent(0, 99)).map((minAvailable) => ({ minAvailable })),
      fc
        .oneof(fc.integer({ min: 1, max: 50 }), percent(1, 100))
        .map((maxUnavailable) => ({ maxUnavailable })),
    ),
    fc.option(fc.constantFrom("IfHealthyBudget" as const, "AlwaysAllow" as const), { nil: undefined }),
  )
  .map(([name, m, selector, budget, policy]) => ({
    name,
    ...m,
    selector,
    ...budget,
    ...(policy === undefined ? {} : { unhealthyPodEvictionPolicy: policy }),
  }));

/**
 * pdbFor: minAvailable below the replicas, percentages rounded up as Kubernetes does (100% always blocks: BUG-19);
 * any minAvailable when there are no pods to protect.
 */
export const pdbForInput: fc.Arbitrary<Derived<PdbForOptions>> = workload().chain((plan) => {
  const r = plan.replicas;
  // The largest percentage p with ceil(p * r / 100) < r.
  const maxPercent = r === undefined || r === 0 ? 99 : Math.floor((100 * (r - 1)) / r);
  const budgets: fc.Arbitrary<PdbForOptions>[] = [
    fc.constant({}),
    fc.oneof(fc.integer({ min: 1, max: 50 }), percent(1, 100)).map((maxUnavailable) => ({ maxUnavailable })),
    percent(0, maxPercent).map((minAvailable) => ({ minAvailable })),
  ];
  if (plan.replicas === undefined || plan.replicas === 0)
    budgets.push(fc.integer({ min: 0, max: 50 }).map((minAvailable) => ({ minAvailable })));
  else if (plan.replicas > 0)
    budgets.push(fc.integer({ min: 0, max: plan.replicas - 1 }).map((minAvailable) => ({ minAvailable })));
  return fc
    .tuple(
      fc.oneof(...budgets),
      rec({
        name: objectName,
        annotations,
        unhealthyPodEvictionPolicy: fc.constantFrom("IfHealthyBudget" as const, "AlwaysAllow" as const),
      }),
    )
    .map(([budget, rest]) => ({ source: plan.workload, options: { ...budget, ...rest } }));
});

// ------------------------------------------------------------------------------------------------------
// Networking

const ingressPath = fc
  .array(
    fc.stringMatching(/^[A-Za-z0-9_~.-]{1,8}$/).filter((s) => s !== "." && s !== ".."),
    { maxLength: 3 },
  )
  .map((segs) => `/${segs.join("/")}`);

export const ingressOptions: fc.Arbitrary<IngressOptions> = fc
  .tuple(
    objectName,
    meta,
    fc.option(fc.constantFrom("nginx" as const, "traefik" as const), { nil: undefined }),
    fc.option(dnsSubdomain(), { nil: undefined }),
    fc.uniqueArray(fc.option(host, { nil: undefined }), { minLength: 1, maxLength: 3 }),
    fc.array(
      fc.uniqueArray(
        fc.record({
          path: ingressPath,
          pathType: fc.option(
            fc.constantFrom("Prefix" as const, "Exact" as const, "ImplementationSpecific" as const),
            { nil: undefined },
          ),
          service: fc.record({ name: dns1035Label, port: fc.oneof(port, portName) }),
        }),
        { minLength: 1, maxLength: 3, selector: (p) => `${p.path} ${p.pathType ?? "Prefix"}` },
      ),
      { minLength: 3, maxLength: 3 },
    ),
    fc.boolean(),
    dnsSubdomain(),
    rec({
      websocketTimeoutSeconds: fc.integer({ min: 1, max: 86400 }),
      maxBodySize: fc.stringMatching(/^\d{1,4}[kmg]?$/),
    }),
  )
  .map(([name, m, controller, ingressClassName, hosts, pathSets, withTls, secretName, extras]) => {
    const rules = hosts.map((h, i) => ({
      ...(h === undefined ? {} : { host: h }),
      paths: (pathSets[i] ?? []).map((p) => ({
        path: p.path,
        ...(p.pathType === undefined ? {} : { pathType: p.pathType }),
        service: p.service,
      })),
    }));
    const tlsHosts = hosts.filter((h): h is string => h !== undefined);
    const { websocketTimeoutSeconds, ...rest } = extras;
    return {
      name,
      ...m,
      ...(controller === undefined ? {} : { controller }),
      ...(ingressClassName === undefined ? {} : { ingressClassName }),
      ...(withTls && tlsHosts.length > 0 ? { tls: [{ hosts: tlsHosts, secretName }] } : {}),
      rules,
      // Traefik has no per-Ingress timeouts (the builder refuses them).
      ...(websocketTimeoutSeconds === undefined || controller === "traefik"
        ? {}
        : { websocketTimeoutSeconds }),
      ...rest,
    };
  });

/** An IPv4 block and subnets of it to except. */
const ipBlock = fc
  .tuple(
    ipv4Cidr.filter((c) => Number(c.split("/")[1]) <= 28),
    fc.array(fc.tuple(fc.nat(255), fc.integer({ min: 1, max: 4 })), { maxLength: 2 }),
  )
  .map(([c, subs]) => {
    const [addr = "0.0.0.0", len = "0"] = c.split("/");
    const bits = Number(len);
    const base = addr.split(".").reduce((a, o) => a * 256 + Number(o), 0);
    const except = [
      ...new Set(
        subs.map(([k, extra]) => {
          const sub = bits + extra;
          const ip = base + (k % 2 ** extra) * 2 ** (32 - sub);
          return `${[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".")}/${sub}`;
        }),
      ),
    ];
    return { cidr: c, ...(except.length > 0 ? { except } : {}) };
  });
const peer = fc.oneof(
  rec({ pods: labels, namespaces: labels }).filter((p) => p.pods !== undefined || p.namespaces !== undefined),
  ipBlock.map((b) => ({ ipBlock: b })),
);
const npRule = rec({
  peers: fc.array(peer, { maxLength: 3 }),
  ports: fc.array(rec({ port: fc.oneof(port, portName), protocol }, ["port"]), { maxLength: 3 }),
});

export const networkPolicyOptions: fc.Arbitrary<NetworkPolicyOptions> = fc
  .tuple(
    objectName,
    meta,
    labels,
    fc.option(fc.array(npRule, { maxLength: 3 }), { nil: undefined }),
    fc.option(fc.array(npRule, { maxLength: 3 }), { nil: undefined }),
    fc.array(npRule, { maxLength: 2 }),
  )
  .map(([name, m, podSelector, ingress, egress, fallback]) => ({
    name,
    ...m,
    podSelector,
    ...(ingress === undefined && egress === undefined ? { ingress: fallback } : {}),
    ...(ingress === undefined ? {} : { ingress }),
    ...(egress === undefined ? {} : { egress }),
  }));
