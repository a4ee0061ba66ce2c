// Valid options of the pod part of workloads: containers whose ports are unique in the pod, probes on declared
// ports, mounts of declared volumes at unique paths, preStop sleeps shorter than the grace period, and
// tolerations and spread constraints the API server accepts.
import fc from "fast-check";
import type {
  ContainerOptions,
  DaemonSetOptions,
  DeploymentOptions,
  InitContainerOptions,
  ProbeOptions,
  SecurityOptions,
  StatefulSetOptions,
  VolumeOptions,
} from "../../src/index.ts";
import {
  ALNUM,
  absPath,
  annotations,
  chars,
  dataKey,
  dict,
  dnsLabel,
  dnsSubdomain,
  envVarName,
  image,
  ipv6Address,
  labelKey,
  labels,
  labelValue,
  labelValueNonEmpty,
  metaExtras,
  namespaceName,
  port,
  portName,
  protocol,
  rec,
  relPath,
  resources,
  shortLabel,
  statefulSetName,
  storageSize,
  text,
} from "./arb-base.ts";

/** A declared container port. */
interface PortDecl {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol?: "TCP" | "UDP" | "SCTP";
}

const seconds = (max: number) => fc.integer({ min: 0, max });
const atLeast1 = (max: number) => fc.integer({ min: 1, max });

// ------------------------------------------------------------------------------------------------------
// Probes and handlers

const httpHeaderName = chars(`${ALNUM}ABCXYZ-`, 1, 12);

/** A probe whose port (if any) is one of `ports`; `liveness` keeps successThreshold at 1. */
function probe(ports: readonly PortDecl[], liveness: boolean): fc.Arbitrary<ProbeOptions> {
  const execHandler = fc
    .array(text, { minLength: 1, maxLength: 3 })
    .map((command) => ({ exec: { command } }) as ProbeOptions);
  const handlers: fc.Arbitrary<ProbeOptions>[] = [execHandler];
  if (ports.length > 0) {
    const ref = fc
      .constantFrom(...ports)
      .chain((p) =>
        p.name === undefined
          ? fc.constant<number | string>(p.containerPort)
          : fc.constantFrom<number | string>(p.name, p.containerPort),
      );
    const num = fc.constantFrom(...ports.map((p) => p.containerPort));
    handlers.push(
      fc
        .tuple(
          absPath,
          ref,
          fc.option(fc.constantFrom("HTTP", "HTTPS" as const), { nil: undefined }),
          fc.option(dict(httpHeaderName, text, 2), { nil: undefined }),
        )
        .map(([path, p, scheme, headers]) => ({
          http: {
            path,
            port: p,
            ...(scheme === undefined ? {} : { scheme }),
            ...(headers === undefined ? {} : { headers }),
          },
        })),
      ref.map((p) => ({ tcp: { port: p } })),
      fc.tuple(num, fc.option(text, { nil: undefined })).map(([p, service]) => ({
        grpc: { port: p, ...(service === undefined ? {} : { service }) },
      })),
    );
  }
  return fc
    .tuple(
      fc.oneof(...handlers),
      rec({
        initialDelaySeconds: seconds(600),
        periodSeconds: atLeast1(300),
        timeoutSeconds: atLeast1(60),
        failureThreshold: atLeast1(30),
        successThreshold: liveness ? fc.constant(1) : atLeast1(10),
      }),
    )
    .map(([h, t]) => ({ ...h, ...t }));
}

/** A lifecycle handler; a sleep shorter than `grace`. */
function handler(ports: readonly PortDecl[], grace: number) {
  const forms: fc.Arbitrary<
    { exec: { command: string[] } } | { http: { path: string; port: number | string } } | { sleep: number }
  >[] = [fc.array(text, { minLength: 1, maxLength: 2 }).map((command) => ({ exec: { command } }))];
  if (grace >= 2) forms.push(fc.integer({ min: 1, max: grace - 1 }).map((sleep) => ({ sleep })));
  if (ports.length > 0) {
    forms.push(
      fc
        .tuple(absPath, fc.constantFrom(...ports))
        .map(([path, p]) => ({ http: { path, port: p.name ?? p.containerPort } })),
    );
  }
  return fc.oneof(...forms);
}

// ------------------------------------------------------------------------------------------------------
// Environment

const FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.podIP",
  "status.podIPs",
  "metadata.labels['app.kubernetes.io/name']",
];
const keyRef = rec({ name: dnsSubdomain(), key: dataKey, optional: fc.boolean() }, ["name", "key"]);
const CPU_DIVISORS = ["1", "1m"];
const BYTE_DIVISORS = ["1", "1k", "1M", "1G", "1Ki", "1Mi", "1Gi"];
/** A container resource of the downward API, in one of its units; `containerName` one of `names` if given. */
function resourceRef(names: readonly string[] = []) {
  return fc
    .tuple(
      fc.constantFrom("limits", "requests"),
      fc.constantFrom("cpu", "memory", "ephemeral-storage"),
      fc.boolean(),
      fc.nat(),
      names.length === 0 ? fc.constant(undefined) : fc.constantFrom(...names),
    )
    .map(([side, r, withDivisor, n, containerName]) => {
      const units = r === "cpu" ? CPU_DIVISORS : BYTE_DIVISORS;
      return {
        resource: `${side}.${r}` as const,
        ...(containerName === undefined ? {} : { containerName }),
        ...(withDivisor ? { divisor: units[n % units.length] as string } : {}),
      };
    });
}
const envValue = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 1, arbitrary: keyRef.map((configMapKeyRef) => ({ configMapKeyRef })) },
  { weight: 1, arbitrary: keyRef.map((secretKeyRef) => ({ secretKeyRef })) },
  { weight: 1, arbitrary: fc.constantFrom(...FIELD_PATHS).map((fieldPath) => ({ fieldRef: { fieldPath } })) },
  { weight: 1, arbitrary: resourceRef().map((resourceFieldRef) => ({ resourceFieldRef })) },
);
export const env = dict(envVarName, envValue, 3);
const envFrom = fc
  .tuple(
    fc.constantFrom("configMap", "secret"),
    dnsSubdomain(),
    rec({ prefix: envVarName, optional: fc.boolean() }),
  )
  .map(([kind, name, rest]) =>
    kind === "configMap" ? { configMap: name, ...rest } : { secret: name, ...rest },
  );

// ------------------------------------------------------------------------------------------------------
// Security

/**
 * Writable paths whose derived emptyDir names are unique valid DNS labels: lowercase alphanumeric segments
 * (BUG-07: other paths can give duplicate or invalid volume names).
 */
export const safeWritablePaths: fc.Arbitrary<string[]> = fc.uniqueArray(
  fc.array(chars(ALNUM, 1, 8), { minLength: 1, maxLength: 3 }).map((segs) => `/${segs.join("/")}`),
  { maxLength: 3 },
);

/** Capabilities; CAP_SYS_ADMIN with allowPrivilegeEscalation false is refused (a mutation of mutations-pod-api.ts). */
const capability = fc.constantFrom("NET_BIND_SERVICE", "CHOWN", "NET_ADMIN", "SYS_TIME", "KILL");
const id = fc.integer({ min: 0, max: 2_147_483_647 });

const securityModel = {
  runAsNonRoot: fc.boolean(),
  runAsUser: id,
  runAsGroup: id,
  fsGroup: id,
  readOnlyRootFilesystem: fc.boolean(),
  writablePaths: safeWritablePaths,
  allowPrivilegeEscalation: fc.boolean(),
  dropAllCapabilities: fc.boolean(),
  addCapabilities: fc.uniqueArray(capability, { maxLength: 2 }),
  seccompProfile: fc.constantFrom("RuntimeDefault" as const, "Unconfined" as const),
  automountServiceAccountToken: fc.boolean(),
};
export const podSecurity: fc.Arbitrary<SecurityOptions> = rec(securityModel);
/** Container overrides. writablePaths is left out: a container's own writablePaths are ignored (BUG-07). */
const containerSecurity = rec({
  runAsNonRoot: securityModel.runAsNonRoot,
  runAsUser: id,
  runAsGroup: id,
  readOnlyRootFilesystem: securityModel.readOnlyRootFilesystem,
  allowPrivilegeEscalation: securityModel.allowPrivilegeEscalation,
  dropAllCapabilities: securityModel.dropAllCapabilities,
  addCapabilities: securityModel.addCapabilities,
});

// ------------------------------------------------------------------------------------------------------
// Volumes

const mode = fc.integer({ min: 0, max: 0o777 });
const items = fc.uniqueArray(rec({ key: dataKey, path: relPath, mode }, ["key", "path"]), {
  maxLength: 2,
  selector: (i) => i.path,
});
const configSource = rec({ name: dnsSubdomain(), items, optional: fc.boolean() }, ["name"]);
const VOLUME_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "metadata.labels",
  "metadata.annotations",
  "metadata.labels['app.kubernetes.io/name']",
];
/** Downward API files at unique paths: pod fields, and resources of the containers `names`. */
const downwardItems = (names: readonly string[]) =>
  fc.uniqueArray(
    fc
      .tuple(
        relPath,
        fc.oneof(
          fc.constantFrom(...VOLUME_FIELD_PATHS).map((fieldPath) => ({ fieldRef: { fieldPath } })),
          resourceRef(names).map((resourceFieldRef) => ({ resourceFieldRef })),
        ),
        fc.option(mode, { nil: undefined }),
      )
      .map(([path, source, m]) => ({ path, ...source, ...(m === undefined ? {} : { mode: m }) })),
    { minLength: 1, maxLength: 3, selector: (i) => i.path },
  );
/** Whether no two sources of a projected volume write the same path (the API server refuses it). */
function uniqueProjectedPaths(sources: readonly Record<string, { items?: readonly { path: string }[] }>[]) {
  const paths = sources.flatMap((s) =>
    Object.values(s).flatMap((src) => (src.items ?? []).map((i) => i.path)),
  );
  return new Set(paths).size === paths.length;
}
const volumeSource = (names: readonly string[]) =>
  fc.oneof(
    rec({ items: downwardItems(names), defaultMode: mode }, ["items"]).map((downwardAPI) => ({
      downwardAPI,
    })),
    rec({ name: dnsSubdomain(), items, optional: fc.boolean(), defaultMode: mode }, ["name"]).map(
      (configMap) => ({
        configMap,
      }),
    ),
    rec({ name: dnsSubdomain(), items, optional: fc.boolean(), defaultMode: mode }, ["name"]).map(
      (secret) => ({
        secret,
      }),
    ),
    rec({ medium: fc.constant("Memory" as const), sizeLimit: storageSize }).map((emptyDir) => ({ emptyDir })),
    rec({ claimName: dnsSubdomain(), readOnly: fc.boolean() }, ["claimName"]).map(
      (persistentVolumeClaim) => ({
        persistentVolumeClaim,
      }),
    ),
    rec(
      {
        sources: fc
          .array(
            fc.oneof(
              configSource.map((configMap) => ({ configMap })),
              configSource.map((secret) => ({ secret })),
              downwardItems(names).map((items) => ({
                downwardAPI: { items: items.map(({ mode: _m, ...i }) => i) },
              })),
            ),
            { minLength: 1, maxLength: 2 },
          )
          .filter(uniqueProjectedPaths),
        defaultMode: mode,
      },
      ["sources"],
    ).map((projected) => ({ projected })),
  );

// ------------------------------------------------------------------------------------------------------
// Containers

interface PodPlan {
  /** Container names, unique in the pod: the first `initCount` are init containers. */
  readonly names: readonly string[];
  readonly initCount: number;
  /** Declared ports per container (unique numbers and names in the pod). */
  readonly ports: readonly (readonly PortDecl[])[];
  /** Names a container may mount. */
  readonly mountable: readonly string[];
  readonly grace: number | undefined;
}

/** Probes and hooks of a regular container or a sidecar. */
function lifecycleAndProbes(ports: readonly PortDecl[], grace: number) {
  return rec({
    livenessProbe: probe(ports, true),
    readinessProbe: probe(ports, false),
    startupProbe: probe(ports, true),
    lifecycle: rec({ preStop: handler(ports, grace), postStart: handler(ports, grace) }),
  });
}

function container(plan: PodPlan, i: number): fc.Arbitrary<InitContainerOptions> {
  const ports = plan.ports[i] ?? [];
  const grace = plan.grace ?? 30;
  const mounts =
    plan.mountable.length === 0
      ? fc.constant(undefined)
      : fc.option(
          fc.uniqueArray(
            rec(
              {
                name: fc.constantFrom(...plan.mountable),
                mountPath: absPath,
                readOnly: fc.boolean(),
                subPath: relPath,
              },
              ["name", "mountPath"],
            ),
            { minLength: 1, maxLength: 3, selector: (m) => m.mountPath },
          ),
          { nil: undefined },
        );
  const init = i < plan.initCount;
  return fc
    .tuple(
      rec({
        imagePullPolicy: fc.constantFrom("Always" as const, "IfNotPresent" as const, "Never" as const),
        command: fc.array(text, { maxLength: 3 }),
        args: fc.array(text, { maxLength: 3 }),
        workingDir: absPath,
        terminationMessagePath: absPath,
        terminationMessagePolicy: fc.constantFrom("File" as const, "FallbackToLogsOnError" as const),
        tty: fc.boolean(),
        env,
        envFrom: fc.array(envFrom, { maxLength: 2 }),
        resources,
        security: containerSecurity,
      }),
      // Init containers may not have lifecycle hooks or liveness/readiness/startup probes (API server rule),
      // unless they are native sidecars (restartPolicy Always).
      init
        ? fc.oneof(
            fc.constant({}),
            fc
              .tuple(fc.constant({ restartPolicy: "Always" as const }), lifecycleAndProbes(ports, grace))
              .map(([r, p]) => ({ ...r, ...p })),
          )
        : lifecycleAndProbes(ports, grace),
      image,
      mounts,
      // stdinOnce only with stdin (the library refuses it alone: it would be ignored).
      fc.constantFrom({}, { stdin: false }, { stdin: true }, { stdin: true, stdinOnce: true }),
    )
    .map(
      ([extras, probes, img, volumeMounts, attach]): InitContainerOptions => ({
        ...attach,
        name: plan.names[i] ?? "app",
        image: img,
        ...(ports.length > 0 ? { ports: ports.map((p) => ({ ...p })) } : {}),
        ...extras,
        ...probes,
        ...(volumeMounts === undefined ? {} : { volumeMounts }),
      }),
    );
}

// ------------------------------------------------------------------------------------------------------
// Pod

const ipAddress = fc.oneof(fc.ipV4(), ipv6Address);
/** DNS settings within the API's limits; dnsPolicy None comes with a nameserver. */
const dnsOptions = fc
  .tuple(
    fc.option(
      fc.constantFrom(
        "ClusterFirst" as const,
        "ClusterFirstWithHostNet" as const,
        "Default" as const,
        "None" as const,
      ),
      {
        nil: undefined,
      },
    ),
    fc.option(
      rec({
        nameservers: fc.array(ipAddress, { minLength: 1, maxLength: 3 }),
        searches: fc.array(dnsSubdomain(60), { maxLength: 4 }),
        options: fc.array(rec({ name: chars(ALNUM, 1, 8), value: chars(ALNUM, 0, 4) }, ["name"]), {
          maxLength: 2,
        }),
      }),
      { nil: undefined },
    ),
  )
  .map(([dnsPolicy, dnsConfig]) => {
    const config =
      dnsPolicy === "None" && (dnsConfig?.nameservers ?? []).length === 0
        ? { ...dnsConfig, nameservers: ["10.0.0.10"] }
        : dnsConfig;
    return {
      ...(dnsPolicy === undefined ? {} : { dnsPolicy }),
      ...(config === undefined ? {} : { dnsConfig: config }),
    };
  });

const toleration = fc.oneof(
  // Exists: no value; without a key it tolerates everything.
  fc
    .tuple(
      fc.option(labelKey, { nil: undefined }),
      fc.option(fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute" as const), { nil: undefined }),
      seconds(3600),
    )
    .map(([key, effect, s]) => ({
      ...(key === undefined ? {} : { key }),
      operator: "Exists" as const,
      ...(effect === undefined ? {} : { effect }),
      ...(effect === "NoExecute" ? { tolerationSeconds: s } : {}),
    })),
  // Equal (the default): a key, and a value that is a label value.
  fc
    .tuple(
      labelKey,
      fc.boolean(),
      labelValue,
      fc.option(fc.constantFrom("NoSchedule", "PreferNoSchedule", "NoExecute" as const), { nil: undefined }),
      fc.option(seconds(3600), { nil: undefined }),
    )
    .map(([key, explicit, value, effect, s]) => ({
      key,
      ...(explicit ? { operator: "Equal" as const } : {}),
      value,
      ...(effect === undefined ? {} : { effect }),
      ...(effect === "NoExecute" && s !== undefined ? { tolerationSeconds: s } : {}),
    })),
);

const topologyKey = fc.constantFrom(
  "topology.kubernetes.io/zone",
  "kubernetes.io/hostname",
  "example.com/rack",
);
/** Spread constraints with unique (topologyKey, whenUnsatisfiable) pairs (duplicates: BUG-11). */
const topologySpread = fc.uniqueArray(
  rec({
    topologyKey,
    maxSkew: atLeast1(5),
    whenUnsatisfiable: fc.constantFrom("ScheduleAnyway" as const, "DoNotSchedule" as const),
  }),
  {
    maxLength: 3,
    selector: (t) =>
      `${t.topologyKey ?? "topology.kubernetes.io/zone"}|${t.whenUnsatisfiable ?? "ScheduleAnyway"}`,
  },
);
const antiAffinity = fc.oneof(
  fc.constantFrom("preferred" as const, "required" as const),
  rec(
    {
      mode: fc.constantFrom("preferred" as const, "required" as const),
      topologyKey,
      weight: fc.integer({ min: 1, max: 100 }),
    },
    ["mode"],
  ),
);

export type PodOptions = Omit<DeploymentOptions, "name" | "patch" | keyof DeploymentOnly>;
type DeploymentOnly = Pick<
  DeploymentOptions,
  | "replicas"
  | "autoscaled"
  | "strategy"
  | "maxSurge"
  | "maxUnavailable"
  | "minReadySeconds"
  | "revisionHistoryLimit"
  | "progressDeadlineSeconds"
>;

/** The emptyDir volume name the library gives a writable path (`/var/run` → `var-run`). */
function slugOf(path: string): string {
  const slug = path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/, "");
  return slug === "" ? "writable-root" : slug;
}

/**
 * The pod options of a workload. `claims` are extra mountable names (StatefulSet claim templates); `volumes`
 * and claims together have unique names.
 */
export function podOptions(claimCount: fc.Arbitrary<number> = fc.constant(0)): fc.Arbitrary<{
  pod: PodOptions;
  claims: string[];
}> {
  return fc
    .record({
      names: fc.uniqueArray(shortLabel, { minLength: 1, maxLength: 3 }),
      initFlags: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      portNumbers: fc.uniqueArray(fc.tuple(port, protocol), { maxLength: 4, selector: ([n]) => n }),
      portNames: fc.uniqueArray(portName, { minLength: 5, maxLength: 5 }),
      namedFlags: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      protocolFlags: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
      volumeNames: fc.uniqueArray(shortLabel, { maxLength: 3 }),
      claimCount,
      // terminationGracePeriodSeconds 0 is refused even without a preStop hook (BUG-27).
      grace: fc.option(fc.oneof(fc.constantFrom(1, 2, 30), atLeast1(3600)), { nil: undefined }),
    })
    .chain((s) => {
      // At least one regular container; init containers come first in `names`.
      const initCount = Math.min(s.initFlags.filter(Boolean).length, s.names.length - 1);
      const regular = s.names.length - initCount;
      const decls: PortDecl[] = s.portNumbers.map(([n, proto], j) => ({
        ...(s.namedFlags[j] ? { name: s.portNames[j] as string } : {}),
        containerPort: n,
        ...(s.protocolFlags[j] ? { protocol: proto } : {}),
      }));
      const ports: PortDecl[][] = s.names.map(() => []);
      decls.forEach((d, j) => {
        ports[initCount + (j % regular)]?.push(d);
      });
      const claimCount = Math.min(s.claimCount, s.volumeNames.length);
      const claims = s.volumeNames.slice(0, claimCount);
      const volumeNames = s.volumeNames.slice(claimCount);
      const plan: PodPlan = { names: s.names, initCount, ports, mountable: s.volumeNames, grace: s.grace };
      const containers = s.names.map((_, i) => container(plan, i));
      return fc
        .tuple(
          fc.tuple(...containers),
          fc.tuple(
            ...volumeNames.map((name) =>
              volumeSource(s.names).map((src): VolumeOptions => ({ name, ...src })),
            ),
          ),
          rec({
            security: podSecurity,
            serviceAccountName: dnsSubdomain(),
            imagePullSecrets: fc.uniqueArray(dnsSubdomain(), { maxLength: 2 }),
            runtimeClassName: dnsSubdomain(),
            schedulerName: dnsSubdomain(),
            preemptionPolicy: fc.constantFrom("PreemptLowerPriority" as const, "Never" as const),
            shareProcessNamespace: fc.boolean(),
            enableServiceLinks: fc.boolean(),
            readinessGates: fc.uniqueArray(labelKey, { maxLength: 2 }),
            hostAliases: fc.array(
              fc.record({
                ip: ipAddress,
                hostnames: fc.array(dnsSubdomain(), { minLength: 1, maxLength: 2 }),
              }),
              { maxLength: 2 },
            ),
            antiAffinity,
            topologySpread,
            nodeSelector: labels,
            tolerations: fc.array(toleration, { maxLength: 3 }),
            priorityClassName: dnsSubdomain(),
            podAnnotations: annotations,
          }),
          dnsOptions,
        )
        .map(([cs, generated, extras, dns]) => {
          // A volume named like a writable path's emptyDir (`tmp` for `/tmp`) must be that emptyDir.
          const sec = extras.security;
          const writable = new Set(
            (sec?.writablePaths ?? (sec?.readOnlyRootFilesystem === false ? [] : ["/tmp"])).map(slugOf),
          );
          const volumes = generated.map((v) =>
            writable.has(v.name) && v.emptyDir === undefined ? { name: v.name, emptyDir: {} } : v,
          );
          const pod: PodOptions = {
            ...dns,
            containers: cs.slice(initCount) as ContainerOptions[],
            ...(initCount > 0 ? { initContainers: cs.slice(0, initCount) } : {}),
            ...(volumes.length > 0 ? { volumes } : {}),
            ...(s.grace === undefined ? {} : { terminationGracePeriodSeconds: s.grace }),
            ...extras,
          };
          // A claim template named like a writable path's emptyDir is refused (the controller would put the
          // claim in its place): the name stays the emptyDir's, which the containers may mount as well.
          return { pod, claims: claims.filter((c) => !writable.has(c)) };
        });
    });
}

// ------------------------------------------------------------------------------------------------------
// Workloads

const meta = rec({ namespace: namespaceName, ...metaExtras });

/** maxSurge / maxUnavailable: ints or percentages, never both zero, maxUnavailable ≤ 100% (BUG-08). */
const intOrPercent = (maxPercent: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: 10 }),
    fc.integer({ min: 0, max: maxPercent }).map((n) => `${n}%`),
  );
const isZero = (v: number | string | undefined) => v === 0 || (typeof v === "string" && /^0+%$/.test(v));

export const deploymentOptions: fc.Arbitrary<DeploymentOptions> = fc
  .tuple(
    dnsLabel,
    meta,
    podOptions(),
    fc.oneof(
      rec({ replicas: fc.integer({ min: 0, max: 50 }) }),
      fc.constant({ autoscaled: true }),
      fc.constant({ autoscaled: false }),
    ),
    rec({
      maxSurge: intOrPercent(200),
      maxUnavailable: intOrPercent(100),
      // Below the progress deadline (600 s, the server's default).
      minReadySeconds: seconds(599),
      revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
      progressDeadlineSeconds: seconds(3600),
    }),
    fc.boolean(),
  )
  .map(([name, m, { pod }, scale, rollout, recreate]): DeploymentOptions => {
    const { maxSurge, maxUnavailable, progressDeadlineSeconds, ...r } = rollout;
    // Recreate takes no rolling-update numbers; the defaults are maxSurge 25%, maxUnavailable 0.
    const numbers = recreate
      ? { strategy: "Recreate" as const }
      : {
          ...(maxSurge === undefined ? {} : { maxSurge }),
          ...(maxUnavailable === undefined
            ? {}
            : { maxUnavailable: isZero(maxSurge) && isZero(maxUnavailable) ? 1 : maxUnavailable }),
          ...(isZero(maxSurge) && maxUnavailable === undefined ? { maxUnavailable: 1 } : {}),
        };
    // The progress deadline is more than minReadySeconds.
    const deadline =
      progressDeadlineSeconds === undefined
        ? {}
        : { progressDeadlineSeconds: progressDeadlineSeconds + (r.minReadySeconds ?? 0) + 1 };
    return { name, ...m, ...pod, ...scale, ...r, ...numbers, ...deadline };
  });

const claimTemplate = (name: string) =>
  rec(
    {
      storage: storageSize,
      storageClassName: dnsSubdomain(),
      accessModes: fc.oneof(
        fc.constant(0).map((): "ReadWriteOncePod"[] => ["ReadWriteOncePod"]),
        fc.uniqueArray(
          fc.constantFrom("ReadWriteOnce" as const, "ReadOnlyMany" as const, "ReadWriteMany" as const),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
      ),
    },
    ["storage"],
  ).map((c) => ({ name, ...c }));

export const statefulSetOptions: fc.Arbitrary<StatefulSetOptions> = fc
  .tuple(statefulSetName, meta, podOptions(fc.nat(2)))
  .chain(([name, m, { pod, claims }]) =>
    fc
      .tuple(
        fc.tuple(...claims.map(claimTemplate)),
        rec({
          replicas: fc.integer({ min: 0, max: 10 }),
          serviceName: dnsLabel,
          pvcRetention: rec({
            whenDeleted: fc.constantFrom("Retain" as const, "Delete" as const),
            whenScaled: fc.constantFrom("Retain" as const, "Delete" as const),
          }),
          podManagementPolicy: fc.constantFrom("OrderedReady" as const, "Parallel" as const),
          minReadySeconds: seconds(600),
          revisionHistoryLimit: fc.integer({ min: 0, max: 20 }),
        }),
        fc.oneof(
          fc.constant({}),
          fc.constant({ updateStrategy: "OnDelete" as const }),
          rec({
            updateStrategy: fc.constant("RollingUpdate" as const),
            partition: fc.integer({ min: 0, max: 20 }),
            maxUnavailable: fc.oneof(
              fc.integer({ min: 1, max: 10 }),
              fc.integer({ min: 1, max: 100 }).map((n) => `${n}%`),
            ),
          }),
        ),
      )
      .map(
        ([templates, extras, update]): StatefulSetOptions => ({
          name,
          ...m,
          ...pod,
          ...(templates.length > 0 ? { volumeClaimTemplates: templates } : {}),
          ...extras,
          ...update,
        }),
      ),
  );

/** Labels of workloads' selectors must be non-empty values for derivations that select by them. */
export const selectorSafeMeta = rec({ app: labelValueNonEmpty, instance: labelValueNonEmpty });

const nonZero = (maxPercent: number) => intOrPercent(maxPercent).filter((v) => !isZero(v));

export const daemonSetOptions: fc.Arbitrary<DaemonSetOptions> = fc
  .tuple(
    dnsLabel,
    meta,
    podOptions(),
    fc.oneof(
      fc.constant({}),
      fc.constant({ updateStrategy: "OnDelete" as const }),
      // The API takes exactly one of the two above 0 (maxUnavailable defaults to 1, maxSurge to 0).
      rec({ updateStrategy: fc.constant("RollingUpdate" as const), maxUnavailable: nonZero(100) }),
      fc
        .tuple(nonZero(100), fc.boolean())
        .map(([maxSurge, explicit]) => ({ maxSurge, ...(explicit ? { maxUnavailable: 0 } : {}) })),
    ),
    rec({ minReadySeconds: seconds(3600), revisionHistoryLimit: fc.integer({ min: 0, max: 20 }) }),
  )
  .map(([name, m, { pod }, rollout, r]): DaemonSetOptions => ({ name, ...m, ...pod, ...rollout, ...r }));
