import { describe, expect, it } from "vitest";
import { appContainer, base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { deployment } from "../../kinds/deployment.ts";
import { namespace } from "../../kinds/namespace.ts";
import { validateBundle } from "../validate-bundle.ts";

const S = "spec.template.spec";
const C = `${S}.containers[0]`;

describe("Pod Security enforcement", () => {
  const rows: Row[] = [
    {
      title: "privilege escalation in a restricted namespace",
      objects: () => [
        base().ns,
        deployment({
          name: "web",
          namespace: NS,
          containers: [appContainer],
          security: { allowPrivilegeEscalation: true },
        }),
      ],
      code: "POD_SECURITY_ENFORCE_VIOLATION",
      kind: "Deployment",
      name: "web",
      path: `${C}.securityContext.allowPrivilegeEscalation`,
    },
    {
      title: "a privileged container in a baseline namespace",
      objects: () => [
        namespace({ name: NS, podSecurity: "baseline" }),
        edit(base().web, (d) => {
          d.spec.template.spec.containers[0].securityContext.privileged = true;
        }),
      ],
      code: "POD_SECURITY_ENFORCE_VIOLATION",
      kind: "Deployment",
      name: "web",
      path: `${C}.securityContext.privileged`,
    },
  ];
  it.each(rows)("$code: $title", expectRow);

  it.each([
    { title: "a baseline pod in a baseline namespace", podSecurity: "baseline" as const },
    { title: "a baseline pod in a namespace without Pod Security labels", podSecurity: false as const },
  ])("accepts $title", ({ podSecurity }) => {
    const web = deployment({
      name: "web",
      namespace: NS,
      containers: [appContainer],
      security: { runAsNonRoot: false },
    });
    expect(findings([namespace({ name: NS, podSecurity }), web])).toEqual([]);
  });

  it("lists the controls that the enforced level refuses", () => {
    const web = deployment({
      name: "web",
      namespace: NS,
      containers: [appContainer],
      security: { allowPrivilegeEscalation: true, dropAllCapabilities: false },
    });
    expect(findings([base().ns, web])[0]?.message).toBe(
      'Deployment "shop/web": its pods meet "baseline" but namespace "shop" enforces "restricted", so they would be refused: ' +
        'allowPrivilegeEscalation != false: container "app" must set securityContext.allowPrivilegeEscalation=false; ' +
        'unrestricted capabilities: container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
  });
});

// biome-ignore lint/suspicious/noExplicitAny: rows write pod-spec shapes the types forbid
type Pod = Record<string, any>;
interface LevelRow {
  readonly title: string;
  readonly change: (spec: Pod, template: Pod) => void;
  readonly level: "privileged" | "baseline" | "restricted";
  /** Path of the first reason; unset for `restricted`. */
  readonly path?: string;
}

const c0 = (s: Pod): Pod => s.containers[0];
const levels: LevelRow[] = [
  { title: "the builder's defaults", change: () => {}, level: "restricted" },
  {
    title: "hostNetwork",
    change: (s) => {
      s.hostNetwork = true;
    },
    level: "privileged",
    path: `${S}.hostNetwork`,
  },
  {
    title: "hostPID",
    change: (s) => {
      s.hostPID = true;
    },
    level: "privileged",
    path: `${S}.hostPID`,
  },
  {
    title: "a privileged container",
    change: (s) => {
      c0(s).securityContext.privileged = true;
    },
    level: "privileged",
    path: `${C}.securityContext.privileged`,
  },
  {
    title: "Windows hostProcess",
    change: (s) => {
      c0(s).securityContext.windowsOptions = { hostProcess: true };
    },
    level: "privileged",
    path: `${C}.securityContext.windowsOptions.hostProcess`,
  },
  {
    title: "adding SYS_ADMIN",
    change: (s) => {
      c0(s).securityContext.capabilities.add = ["SYS_ADMIN"];
    },
    level: "privileged",
    path: `${C}.securityContext.capabilities.add`,
  },
  {
    title: "adding CHOWN (baseline's default set)",
    change: (s) => {
      c0(s).securityContext.capabilities.add = ["CHOWN"];
    },
    level: "baseline",
    path: `${C}.securityContext.capabilities.add`,
  },
  {
    title: "adding NET_BIND_SERVICE",
    change: (s) => {
      c0(s).securityContext.capabilities.add = ["NET_BIND_SERVICE"];
    },
    level: "restricted",
  },
  {
    title: "a hostPath volume",
    change: (s) => void s.volumes.push({ name: "host", hostPath: { path: "/var/run" } }),
    level: "privileged",
    path: `${S}.volumes[1].hostPath`,
  },
  {
    title: "a hostPort",
    change: (s) => {
      c0(s).ports[0].hostPort = 80;
    },
    level: "privileged",
    path: `${C}.ports[0].hostPort`,
  },
  {
    title: "seccomp Unconfined",
    change: (s) => {
      s.securityContext.seccompProfile.type = "Unconfined";
    },
    level: "privileged",
    path: `${S}.securityContext.seccompProfile.type`,
  },
  {
    title: "no seccomp profile",
    change: (s) => {
      delete s.securityContext.seccompProfile;
    },
    level: "baseline",
    path: `${S}.securityContext.seccompProfile.type`,
  },
  {
    title: "seccomp Localhost on every container instead of the pod",
    change: (s) => {
      delete s.securityContext.seccompProfile;
      c0(s).securityContext.seccompProfile = { type: "Localhost", localhostProfile: "app.json" };
    },
    level: "restricted",
  },
  {
    title: "a container with runAsNonRoot false",
    change: (s) => {
      c0(s).securityContext.runAsNonRoot = false;
    },
    level: "baseline",
    path: `${C}.securityContext.runAsNonRoot`,
  },
  {
    title: "runAsNonRoot set nowhere",
    change: (s) => {
      delete s.securityContext.runAsNonRoot;
      delete c0(s).securityContext.runAsNonRoot;
    },
    level: "baseline",
    path: `${S}.securityContext.runAsNonRoot`,
  },
  {
    title: "runAsUser 0",
    change: (s) => {
      s.securityContext.runAsUser = 0;
    },
    level: "baseline",
    path: `${S}.securityContext.runAsUser`,
  },
  {
    title: "capabilities not dropped",
    change: (s) => {
      delete c0(s).securityContext.capabilities;
    },
    level: "baseline",
    path: `${C}.securityContext.capabilities.drop`,
  },
  {
    title: "privilege escalation allowed",
    change: (s) => {
      delete c0(s).securityContext.allowPrivilegeEscalation;
    },
    level: "baseline",
    path: `${C}.securityContext.allowPrivilegeEscalation`,
  },
  {
    title: "an NFS volume",
    change: (s) => void s.volumes.push({ name: "share", nfs: { server: "nfs", path: "/" } }),
    level: "baseline",
    path: `${S}.volumes[1].nfs`,
  },
  {
    title: "an image volume",
    change: (s) => void s.volumes.push({ name: "model", image: { reference: "ghcr.io/acme/model:1" } }),
    level: "restricted",
  },
  {
    title: "an unsafe sysctl",
    change: (s) => {
      s.securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }];
    },
    level: "privileged",
    path: `${S}.securityContext.sysctls[0].name`,
  },
  {
    title: "a safe sysctl",
    change: (s) => {
      s.securityContext.sysctls = [{ name: "net.ipv4.tcp_keepalive_time", value: "60" }];
    },
    level: "restricted",
  },
  {
    title: "an unconfined AppArmor annotation",
    change: (_s, t) => {
      t.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" };
    },
    level: "privileged",
    path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
  },
  {
    title: "an unconfined AppArmor profile",
    change: (s) => {
      c0(s).securityContext.appArmorProfile = { type: "Unconfined" };
    },
    level: "privileged",
    path: `${C}.securityContext.appArmorProfile.type`,
  },
  {
    title: "SELinux type spc_t",
    change: (s) => {
      s.securityContext.seLinuxOptions = { type: "spc_t" };
    },
    level: "privileged",
    path: `${S}.securityContext.seLinuxOptions.type`,
  },
  {
    title: "SELinux type container_engine_t",
    change: (s) => {
      s.securityContext.seLinuxOptions = { type: "container_engine_t" };
    },
    level: "restricted",
  },
  {
    title: "an unmasked /proc",
    change: (s) => {
      c0(s).securityContext.procMount = "Unmasked";
    },
    level: "privileged",
    path: `${C}.securityContext.procMount`,
  },
  {
    title: "an unmasked /proc in a user namespace",
    change: (s) => {
      s.hostUsers = false;
      c0(s).securityContext.procMount = "Unmasked";
    },
    level: "baseline",
    path: `${C}.securityContext.procMount`,
  },
  {
    title: "a probe sent to another host",
    change: (s) => {
      c0(s).livenessProbe.httpGet.host = "10.0.0.1";
    },
    level: "privileged",
    path: `${C}.livenessProbe.httpGet.host`,
  },
  {
    title: "a preStop hook sent to another host",
    change: (s) => {
      c0(s).lifecycle = { preStop: { tcpSocket: { port: 80, host: "node" } } };
    },
    level: "privileged",
    path: `${C}.lifecycle.preStop.tcpSocket.host`,
  },
  {
    title: "root in a user namespace",
    change: (s) => {
      s.hostUsers = false;
      s.securityContext.runAsNonRoot = false;
      c0(s).securityContext.runAsNonRoot = false;
      s.securityContext.runAsUser = 0;
    },
    level: "restricted",
  },
  {
    title: "a Windows pod without Linux-only settings",
    change: (s) => {
      s.os = { name: "windows" };
      delete s.securityContext.seccompProfile;
      delete c0(s).securityContext.allowPrivilegeEscalation;
      delete c0(s).securityContext.capabilities;
    },
    level: "restricted",
  },
  {
    title: "an init container without a security context",
    change: (s) => {
      s.initContainers = [{ name: "migrate", image: "ghcr.io/acme/migrate:1" }];
    },
    level: "baseline",
    path: `${S}.initContainers[0].securityContext.allowPrivilegeEscalation`,
  },
];

describe("Pod Security report", () => {
  it.each(levels)("$level: $title", ({ change, level, path }) => {
    const web = edit(base().web, (d) => change(d.spec.template.spec, d.spec.template));
    const [report] = validateBundle([web]).podSecurity;
    expect(report?.level).toBe(level);
    if (path === undefined) expect(report?.reasons).toEqual([]);
    else
      expect(report?.reasons[0]).toMatch(new RegExp(` → at ${path.replace(/[[\].*+?^${}()|\\]/g, "\\$&")}$`));
  });

  it("reports every workload kind with its pod template", () => {
    const template = base().web.spec?.template;
    const job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "migrate", namespace: NS },
      spec: { template },
    };
    const cron = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly", namespace: NS },
      spec: { schedule: "@daily", jobTemplate: { spec: { template } } },
    };
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "debug", namespace: NS, labels: { a: "b" } },
      spec: { ...template?.spec, hostNetwork: true },
    };
    const report = validateBundle([base().web, job, cron, pod]).podSecurity;
    expect(report.map((r) => [r.object.kind, r.level])).toEqual([
      ["Deployment", "restricted"],
      ["Job", "restricted"],
      ["CronJob", "restricted"],
      ["Pod", "privileged"],
    ]);
    expect(report[3]?.reasons).toEqual(["baseline: host namespaces: hostNetwork=true → at spec.hostNetwork"]);
  });
});
