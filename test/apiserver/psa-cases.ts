/**
 * The pod templates of psa.apiserver.test.ts: the output of our builders (Deployment, StatefulSet, DaemonSet, Job,
 * CronJob, and a ReplicaSet, ReplicationController and bare Pod cut from a Deployment), with up to three hostile
 * edits each, in a Namespace with random `pod-security.kubernetes.io/*` labels: enforce, warn and audit, each with or
 * without a level and a version (audit must change nothing: it only writes the audit log).
 */
import { cronJob, daemonSet, deployment, job, statefulSet } from "@call-center/k8s-builders";
import fc from "fast-check";

// biome-ignore lint/suspicious/noExplicitAny: the cases write pod shapes the types forbid
export type J = Record<string, any>;
type Level = "privileged" | "baseline" | "restricted";

export const NS = "shop";
const LEVELS: readonly Level[] = ["privileged", "baseline", "restricted"];
const app = { name: "app", image: "ghcr.io/acme/app:2.0.1", ports: [{ name: "http", containerPort: 8080 }] };

/** The objects whose pod template is tested, each with the path of its template. */
const KINDS = {
  Deployment: () => ({
    obj: deployment({ name: "w", namespace: NS, containers: [app] }),
    path: ["spec", "template"],
  }),
  StatefulSet: () => ({
    obj: statefulSet({ name: "w", namespace: NS, serviceName: "h", containers: [app] }),
    path: ["spec", "template"],
  }),
  DaemonSet: () => ({
    obj: daemonSet({ name: "w", namespace: NS, containers: [app] }),
    path: ["spec", "template"],
  }),
  Job: () => ({ obj: job({ name: "w", namespace: NS, containers: [app] }), path: ["spec", "template"] }),
  CronJob: () => ({
    obj: cronJob({ name: "w", namespace: NS, schedule: "0 * * * *", containers: [app] }),
    path: ["spec", "jobTemplate", "spec", "template"],
  }),
  ReplicaSet: () => {
    const d = deployment({ name: "w", namespace: NS, containers: [app] });
    return { obj: { ...d, kind: "ReplicaSet" }, path: ["spec", "template"] };
  },
  ReplicationController: () => {
    const d = deployment({ name: "w", namespace: NS, containers: [app] });
    const { template, replicas } = d.spec;
    const spec = { replicas, selector: template.metadata.labels, template };
    return {
      obj: { apiVersion: "v1", kind: "ReplicationController", metadata: d.metadata, spec },
      path: ["spec", "template"],
    };
  },
  Pod: () => {
    const t = deployment({ name: "w", namespace: NS, containers: [app] }).spec.template;
    return {
      obj: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...t.metadata, name: "w", namespace: NS },
        spec: t.spec,
      },
      path: [],
    };
  },
} satisfies Record<string, () => { obj: J; path: string[] }>;

/** A JSON null written into the object (an edit's `null` removes the field instead). */
const NULL = "<json null>";
const CAPS = [
  "ALL",
  "all",
  "NET_BIND_SERVICE",
  "net_bind_service",
  "CAP_SYS_ADMIN",
  "SYS_ADMIN",
  "CHOWN",
  "NET_RAW",
];
const caps = fc.subarray(CAPS, { maxLength: 2 });
const SECCOMP = [
  null,
  { type: "RuntimeDefault" },
  { type: "Localhost", localhostProfile: "p.json" },
  { type: "Unconfined" },
];
const APPARMOR = [
  null,
  { type: "RuntimeDefault" },
  { type: "Localhost", localhostProfile: "p" },
  { type: "Unconfined" },
];
const SELINUX = [
  { type: "container_t" },
  { type: "container_engine_t" },
  { type: "spc_t" },
  { type: "" },
  { user: "system_u" },
  { role: "system_r" },
  { level: "s0:c1,c2" },
];
const WINDOWS = [{ hostProcess: true }, { hostProcess: false }];
const SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_slow_start_after_idle",
  "net.ipv4.tcp_notsent_lowat",
  "kernel.msgmax",
  "net.core.somaxconn",
];
const VOLUMES: J[] = [
  { hostPath: { path: "/var/log" } },
  { nfs: { server: "nfs", path: "/x" } },
  { gitRepo: { repository: "https://example.com/r.git" } },
  { csi: { driver: "d" } },
  { ephemeral: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"] } } } },
  { image: { reference: "ghcr.io/acme/data:1" } },
  { downwardAPI: { items: [] } },
  { configMap: { name: "c" } },
  { persistentVolumeClaim: { claimName: "c" } },
  { configMap: { name: "c" }, hostPath: NULL, nfs: NULL },
];
const ANNOTATIONS = [
  "container.apparmor.security.beta.kubernetes.io/app=unconfined",
  "container.apparmor.security.beta.kubernetes.io/app=runtime/default",
  "container.apparmor.security.beta.kubernetes.io/other=localhost/p",
  "container.apparmor.security.beta.kubernetes.io/init=unconfined",
  "seccomp.security.alpha.kubernetes.io/pod=unconfined",
  "container.seccomp.security.alpha.kubernetes.io/app=runtime/default",
];

/** One hostile change: at `path` under the pod spec (`pod`), the template's annotations or a container, set `value` (null removes). */
interface Edit {
  readonly at: "pod" | "annotations" | "app" | "init" | "debug";
  readonly path: readonly string[];
  readonly value: unknown;
}
const edit = (at: Edit["at"], path: string[], values: fc.Arbitrary<unknown>): fc.Arbitrary<Edit> =>
  values.map((value) => ({ at, path, value }));
const one = (...values: unknown[]) => fc.constantFrom(...values);
const containerEdit = fc
  .constantFrom<Edit["at"]>("app", "init", "debug")
  .chain((c) =>
    fc.oneof(
      edit(c, ["securityContext", "privileged"], one(true, false)),
      edit(c, ["securityContext", "allowPrivilegeEscalation"], one(true, null)),
      edit(c, ["securityContext", "runAsNonRoot"], one(false, null, true)),
      edit(c, ["securityContext", "runAsUser"], one(0, 1000)),
      edit(
        c,
        ["securityContext", "capabilities"],
        fc.option(fc.record({ add: caps, drop: caps }, { requiredKeys: [] })),
      ),
      edit(c, ["securityContext", "capabilities", "drop"], one(NULL)),
      edit(c, ["securityContext"], one(NULL, null)),
      edit(c, ["restartPolicy"], one("Always")),
      edit(c, ["securityContext", "seccompProfile"], one(...SECCOMP)),
      edit(c, ["securityContext", "appArmorProfile"], one(...APPARMOR)),
      edit(c, ["securityContext", "seLinuxOptions"], one(...SELINUX)),
      edit(c, ["securityContext", "procMount"], one("Default", "Unmasked")),
      edit(c, ["securityContext", "windowsOptions"], one(...WINDOWS)),
      edit(
        c,
        ["ports"],
        one([{ containerPort: 8443, hostPort: 8443 }], [{ containerPort: 8443, hostPort: 0 }]),
      ),
      edit(
        c,
        ["readinessProbe"],
        one({ tcpSocket: { port: 8080, host: "10.0.0.1" } }, { httpGet: { port: 8080, host: "" } }),
      ),
      edit(c, ["lifecycle"], one({ preStop: { httpGet: { port: 8080, host: "10.0.0.1" } } })),
    ),
  );
const podEdit = fc.oneof(
  edit("pod", ["hostNetwork"], one(true, false)),
  edit("pod", ["hostPID"], one(true)),
  edit("pod", ["hostIPC"], one(true)),
  edit("pod", ["hostUsers"], one(false, true)),
  edit("pod", ["os"], one({ name: "windows" }, { name: "linux" })),
  edit("pod", ["securityContext", "runAsNonRoot"], one(false, null)),
  edit("pod", ["securityContext", "runAsUser"], one(0, 1000)),
  edit("pod", ["securityContext", "seccompProfile"], one(...SECCOMP)),
  edit("pod", ["securityContext", "appArmorProfile"], one(...APPARMOR)),
  edit("pod", ["securityContext", "seLinuxOptions"], one(...SELINUX)),
  edit("pod", ["securityContext", "windowsOptions"], one(...WINDOWS)),
  edit(
    "pod",
    ["securityContext", "sysctls"],
    fc.subarray(SYSCTLS, { minLength: 1, maxLength: 2 }).map((n) => n.map((name) => ({ name, value: "1" }))),
  ),
  edit("pod", ["volumes"], fc.subarray(VOLUMES, { minLength: 1, maxLength: 2 })),
  edit("annotations", [], fc.subarray(ANNOTATIONS, { minLength: 1, maxLength: 2 })),
);
const version = fc.constantFrom(
  undefined,
  "latest",
  "v1.18",
  "v1.22",
  "v1.24",
  "v1.28",
  "v1.30",
  "v1.34",
  "v1.35",
  "v1.37",
);
const labels = fc.record(
  {
    enforce: fc.constantFrom(...LEVELS),
    "enforce-version": version,
    warn: fc.constantFrom(...LEVELS),
    "warn-version": version,
    audit: fc.constantFrom(...LEVELS),
    "audit-version": version,
  },
  { requiredKeys: [] },
);
export const caseArb = fc.record({
  kind: fc.constantFrom(...(Object.keys(KINDS) as (keyof typeof KINDS)[])),
  edits: fc.array(fc.oneof(containerEdit, podEdit), { maxLength: 3 }),
  labels,
});
export type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function setAt(target: J, path: readonly string[], value: unknown): void {
  const [last] = path.slice(-1);
  if (last === undefined) return;
  const parent = path.slice(0, -1).reduce((o, k) => (o[k] ??= {}), target);
  if (value === null) delete parent[last];
  else parent[last] = JSON.parse(JSON.stringify(value).replaceAll(`"${NULL}"`, "null"));
}

/** The object of the case: its builder's output, made hostile in its pod template. */
export function build(c: Case): { obj: J; template: J } {
  const { obj, path }: { obj: J; path: string[] } = KINDS[c.kind]();
  const copy = structuredClone(obj);
  const template = path.reduce((o, k) => o[k], copy);
  const spec = template.spec;
  const container = (name: string): J => {
    if (name === "app") return spec.containers[0];
    const group = name === "init" ? "initContainers" : "ephemeralContainers";
    spec[group] ??= [
      {
        name,
        image: "ghcr.io/acme/tool:1.0.0",
        securityContext: structuredClone(spec.containers[0].securityContext),
      },
    ];
    return spec[group][0];
  };
  for (const e of c.edits) {
    if (e.at === "annotations") {
      template.metadata.annotations = Object.fromEntries((e.value as string[]).map((a) => a.split("=")));
    } else if (e.at === "pod" && e.path[0] === "volumes") {
      const added = (e.value as J[]).map((v, i) => ({ name: `v${i}`, ...v }));
      spec.volumes = [...spec.volumes, ...JSON.parse(JSON.stringify(added).replaceAll(`"${NULL}"`, "null"))];
    } else setAt(e.at === "pod" ? spec : container(e.at), e.path, e.value);
  }
  return { obj: copy, template };
}
