/**
 * Pod Security Standards, evaluated offline as Pod Security Admission does: every Baseline and Restricted control,
 * over init, regular and ephemeral containers, at the policy version a Namespace pins
 * (`pod-security.kubernetes.io/enforce-version: v1.24`) or else at `latest` (Kubernetes 1.35). The findings about a
 * Namespace's labels are in pod-security-admission.ts.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import type { PodSecurityLevel } from "../../base/pod-security-labels.ts";
import type { Bundle, ContainerRef, PodSource } from "../context.ts";
import type { ObjectRef } from "../finding.ts";
import { arr, at, get, isRec, type Rec, rec, str } from "../read.ts";
import {
  APPARMOR_ANNOTATION,
  allowedSince,
  BASELINE_CAPABILITIES,
  GOOD_PROFILES,
  LATEST,
  RESTRICTED_VOLUMES,
  SAFE_SYSCTLS,
  SECCOMP_CONTAINER_ANNOTATION,
  SECCOMP_POD_ANNOTATION,
  SELINUX_TYPES,
} from "./pod-security-tables.ts";

/** The highest Pod Security Standard level a workload's pods meet, and why not higher. */
export interface PodSecurityReport {
  readonly object: ObjectRef;
  readonly level: PodSecurityLevel;
  /** Every control the pods fail, as `level: reason → at path`; empty for `restricted`. */
  readonly reasons: readonly string[];
}

/** One failed control. `level` is the lowest level that forbids it. */
export interface PodSecurityViolation {
  readonly level: "baseline" | "restricted";
  readonly path: string;
  readonly message: string;
}

/** The levels in order: a pod meets a level when its rank is at least the level's. */
export const RANK: Readonly<Record<PodSecurityLevel, number>> = { privileged: 0, baseline: 1, restricted: 2 };

type Add = (level: PodSecurityViolation["level"], path: string, message: string) => void;

function sc(c: ContainerRef): Rec {
  return rec(c.c.securityContext) ?? {};
}

function baselineControls(pod: PodSource, psc: Rec, version: number, add: Add): void {
  const spec = pod.spec;
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (spec[field] === true) add("baseline", at(pod.specAt, field), `host namespaces: ${field}=true`);
  }
  const pscAt = at(pod.specAt, "securityContext");
  if (get(psc, "windowsOptions", "hostProcess") === true) {
    add("baseline", at(pscAt, "windowsOptions", "hostProcess"), "hostProcess: the pod sets hostProcess=true");
  }
  for (const field of version >= 19 ? ["appArmorProfile", "seccompProfile"] : ["appArmorProfile"]) {
    if (get(psc, field, "type") === "Unconfined") {
      add("baseline", at(pscAt, field, "type"), `${field}: the pod sets type=Unconfined`);
    }
  }
  seLinux(rec(psc.seLinuxOptions), at(pscAt, "seLinuxOptions"), "the pod", version, add);
  arr(psc.sysctls).forEach((s, i) => {
    const name = str(get(s, "name")) ?? "";
    if (!allowedSince(SAFE_SYSCTLS, name, version))
      add("baseline", at(pscAt, "sysctls", i, "name"), `forbidden sysctl "${name}"`);
  });
  arr(spec.volumes).forEach((v, i) => {
    const hostPath = get(v, "hostPath");
    if (hostPath !== undefined && hostPath !== null) {
      add(
        "baseline",
        at(pod.specAt, "volumes", i, "hostPath"),
        `hostPath volume "${str(get(v, "name")) ?? i}"`,
      );
    }
  });
  for (const [key, value] of Object.entries(pod.annotations)) {
    if (!key.startsWith(APPARMOR_ANNOTATION)) continue;
    if (value === "" || value === "runtime/default" || value.startsWith("localhost/")) continue;
    add("baseline", at(pod.at, "metadata", "annotations", key), `AppArmor annotation ${key}=${value}`);
  }
  if (version < 19) seccompAnnotations(pod, add);
  for (const c of pod.containers) containerBaseline(pod, c, version, add);
}

/** Policy versions before 1.19 read seccomp from the alpha annotations of the pod and of each container. */
function seccompAnnotations(pod: PodSource, add: Add): void {
  const keys = [
    SECCOMP_POD_ANNOTATION,
    ...pod.containers.map((c) => `${SECCOMP_CONTAINER_ANNOTATION}${c.name}`),
  ];
  for (const key of keys) {
    const value = pod.annotations[key];
    if (value === undefined) continue;
    if (value === "runtime/default" || value === "docker/default" || value.startsWith("localhost/")) continue;
    add("baseline", at(pod.at, "metadata", "annotations", key), `seccomp annotation ${key}=${value}`);
  }
}

function seLinux(options: Rec | undefined, where: string, who: string, version: number, add: Add): void {
  if (options === undefined) return;
  const type = str(options.type);
  if (type !== undefined && !allowedSince(SELINUX_TYPES, type, version))
    add("baseline", at(where, "type"), `seLinuxOptions: ${who} sets type "${type}"`);
  for (const f of ["user", "role"]) {
    const v = str(options[f]);
    if (v !== undefined && v !== "") add("baseline", at(where, f), `seLinuxOptions: ${who} sets ${f} "${v}"`);
  }
}

function containerBaseline(pod: PodSource, c: ContainerRef, version: number, add: Add): void {
  const s = sc(c);
  const sAt = at(c.at, "securityContext");
  const who = `container "${c.name}"`;
  if (s.privileged === true)
    add("baseline", at(sAt, "privileged"), `privileged: ${who} sets privileged=true`);
  if (get(s, "windowsOptions", "hostProcess") === true) {
    add("baseline", at(sAt, "windowsOptions", "hostProcess"), `hostProcess: ${who} sets hostProcess=true`);
  }
  const extra = arr(get(s, "capabilities", "add")).filter(
    (x) => typeof x !== "string" || !BASELINE_CAPABILITIES.has(x),
  );
  if (extra.length > 0) {
    add(
      "baseline",
      at(sAt, "capabilities", "add"),
      `non-default capabilities: ${who} adds ${extra.map(String).join(", ")}`,
    );
  }
  arr(c.c.ports).forEach((p, i) => {
    const hostPort = get(p, "hostPort");
    if (typeof hostPort === "number" && hostPort !== 0) {
      add("baseline", at(c.at, "ports", i, "hostPort"), `hostPort: ${who} uses hostPort ${hostPort}`);
    }
  });
  if (get(s, "appArmorProfile", "type") === "Unconfined") {
    add("baseline", at(sAt, "appArmorProfile", "type"), `appArmorProfile: ${who} sets type=Unconfined`);
  }
  if (version >= 19 && get(s, "seccompProfile", "type") === "Unconfined") {
    add("baseline", at(sAt, "seccompProfile", "type"), `seccompProfile: ${who} sets type=Unconfined`);
  }
  seLinux(rec(s.seLinuxOptions), at(sAt, "seLinuxOptions"), who, version, add);
  const procMount = str(s.procMount);
  if (procMount !== undefined && procMount !== "Default") {
    // Since v1.35 Baseline relaxes /proc for user-namespace pods (hostUsers: false); Restricted never does.
    add(
      version >= 35 && pod.spec.hostUsers === false ? "restricted" : "baseline",
      at(sAt, "procMount"),
      `procMount: ${who} sets procMount=${procMount}`,
    );
  }
  if (version >= 34) hostProbes(c, who, add); // probe and lifecycle hosts are checked since v1.34
}

function hostProbes(c: ContainerRef, who: string, add: Add): void {
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    for (const handler of ["httpGet", "tcpSocket"]) {
      const host = str(get(c.c, probe, handler, "host"));
      if (host !== undefined && host !== "")
        add("baseline", at(c.at, probe, handler, "host"), `probe host: ${who} ${probe} sets host "${host}"`);
    }
  }
  for (const hook of ["postStart", "preStop"]) {
    for (const handler of ["httpGet", "tcpSocket"]) {
      const host = str(get(c.c, "lifecycle", hook, handler, "host"));
      if (host !== undefined && host !== "") {
        add(
          "baseline",
          at(c.at, "lifecycle", hook, handler, "host"),
          `lifecycle host: ${who} ${hook} sets host "${host}"`,
        );
      }
    }
  }
}

function restrictedControls(pod: PodSource, psc: Rec, version: number, add: Add): void {
  const spec = pod.spec;
  const pscAt = at(pod.specAt, "securityContext");
  // Since v1.25 the Linux-only controls skip Windows pods; since v1.35 the root controls skip user-namespace pods.
  const windows = version >= 25 && get(spec, "os", "name") === "windows";
  const userNamespace = version >= 35 && spec.hostUsers === false;
  arr(spec.volumes).forEach((v, i) => {
    if (!isRec(v)) return;
    const sources = Object.keys(v).filter((k) => k !== "name" && v[k] !== undefined && v[k] !== null);
    for (const s of sources) {
      if (RESTRICTED_VOLUMES.has(s) || s === "hostPath") continue; // hostPath is a Baseline violation already
      add(
        "restricted",
        at(pod.specAt, "volumes", i, s),
        `restricted volume types: volume "${str(v.name) ?? i}" uses ${s}`,
      );
    }
  });
  const containers = pod.containers;
  if (!windows && version >= 8) {
    for (const c of containers) {
      if (sc(c).allowPrivilegeEscalation !== false) {
        add(
          "restricted",
          at(c.at, "securityContext", "allowPrivilegeEscalation"),
          `allowPrivilegeEscalation != false: container "${c.name}" must set securityContext.allowPrivilegeEscalation=false`,
        );
      }
    }
  }
  if (!userNamespace) {
    const podNonRoot = psc.runAsNonRoot;
    if (podNonRoot === false)
      add("restricted", at(pscAt, "runAsNonRoot"), "runAsNonRoot != true: the pod sets runAsNonRoot=false");
    const unset: string[] = [];
    for (const c of containers) {
      const v = sc(c).runAsNonRoot;
      if (v === false) {
        add(
          "restricted",
          at(c.at, "securityContext", "runAsNonRoot"),
          `runAsNonRoot != true: container "${c.name}" sets runAsNonRoot=false`,
        );
      } else if (v !== true && podNonRoot !== true) {
        unset.push(c.name);
      }
    }
    if (unset.length > 0 && podNonRoot !== false) {
      add(
        "restricted",
        at(pscAt, "runAsNonRoot"),
        `runAsNonRoot != true: the pod or containers ${unset.map((n) => `"${n}"`).join(", ")} must set securityContext.runAsNonRoot=true`,
      );
    }
    if (version >= 23 && psc.runAsUser === 0)
      add("restricted", at(pscAt, "runAsUser"), "runAsUser=0: the pod runs as root");
    for (const c of containers) {
      if (version >= 23 && sc(c).runAsUser === 0)
        add(
          "restricted",
          at(c.at, "securityContext", "runAsUser"),
          `runAsUser=0: container "${c.name}" runs as root`,
        );
    }
  }
  if (!windows && version >= 19) {
    const podProfile = str(get(psc, "seccompProfile", "type"));
    if (podProfile !== undefined && !GOOD_PROFILES.has(podProfile) && podProfile !== "Unconfined") {
      add(
        "restricted",
        at(pscAt, "seccompProfile", "type"),
        `seccompProfile: the pod sets type=${podProfile}`,
      );
    }
    const unset: string[] = [];
    for (const c of containers) {
      const t = str(get(sc(c), "seccompProfile", "type"));
      if (t === undefined) {
        if (podProfile === undefined || !GOOD_PROFILES.has(podProfile)) unset.push(c.name);
      } else if (!GOOD_PROFILES.has(t) && t !== "Unconfined") {
        add(
          "restricted",
          at(c.at, "securityContext", "seccompProfile", "type"),
          `seccompProfile: container "${c.name}" sets type=${t}`,
        );
      }
    }
    if (unset.length > 0) {
      add(
        "restricted",
        at(pscAt, "seccompProfile", "type"),
        `seccompProfile: the pod or containers ${unset.map((n) => `"${n}"`).join(", ")} must set securityContext.seccompProfile.type to RuntimeDefault or Localhost`,
      );
    }
  }
  if (!windows && version >= 22) {
    for (const c of containers) {
      const capsAt = at(c.at, "securityContext", "capabilities");
      const drop = arr(get(sc(c), "capabilities", "drop"));
      if (!drop.includes("ALL")) {
        add(
          "restricted",
          at(capsAt, "drop"),
          `unrestricted capabilities: container "${c.name}" must set securityContext.capabilities.drop=["ALL"]`,
        );
      }
      const added = arr(get(sc(c), "capabilities", "add")).filter(
        (x): x is string => typeof x === "string" && x !== "NET_BIND_SERVICE" && BASELINE_CAPABILITIES.has(x),
      );
      if (added.length > 0) {
        add(
          "restricted",
          at(capsAt, "add"),
          `unrestricted capabilities: container "${c.name}" adds ${added.join(", ")} (only NET_BIND_SERVICE is allowed)`,
        );
      }
    }
  }
}

/** Every Pod Security Standard control a pod template fails at a policy version (the minor of v1.x). */
export function podSecurityViolations(pod: PodSource, version: number = LATEST): PodSecurityViolation[] {
  const out: PodSecurityViolation[] = [];
  const add: Add = (level, path, message) => out.push({ level, path, message });
  const psc = rec(pod.spec.securityContext) ?? {};
  baselineControls(pod, psc, version, add);
  restrictedControls(pod, psc, version, add);
  return out;
}

/** The highest level met: any Baseline violation leaves `privileged`, any Restricted one `baseline`. */
export function levelOf(violations: readonly PodSecurityViolation[]): PodSecurityLevel {
  if (violations.some((v) => v.level === "baseline")) return "privileged";
  return violations.length > 0 ? "baseline" : "restricted";
}

function reason(v: PodSecurityViolation): string {
  return `${v.level}: ${v.message} → at ${v.path}`;
}

/** The Pod Security Standard report of every workload of the bundle. */
export function podSecurityReports(bundle: Bundle): PodSecurityReport[] {
  return bundle.pods.map((pod) => {
    const violations = podSecurityViolations(pod);
    return { object: pod.entry.ref, level: levelOf(violations), reasons: violations.map(reason) };
  });
}
