/**
 * The facts of the Pod Security Standards that change with the policy version (Kubernetes 1.x), as
 * k8s.io/pod-security-admission/policy has them: the allowed values, and which version a value is allowed from.
 */
import { POLICY_VERSION_PIN } from "../../base/pod-security-labels.ts";

export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);
/** The policy version (Kubernetes 1.x) that `latest` means here; a newer pin is read as this one. */
export const LATEST: number = 35;
/** The safe sysctls, by the policy version that first allows them. */
export const SAFE_SYSCTLS: ReadonlyMap<string, number> = new Map([
  ["kernel.shm_rmid_forced", 0],
  ["net.ipv4.ip_local_port_range", 0],
  ["net.ipv4.ip_unprivileged_port_start", 0],
  ["net.ipv4.tcp_syncookies", 0],
  ["net.ipv4.ping_group_range", 0],
  ["net.ipv4.ip_local_reserved_ports", 27],
  ["net.ipv4.tcp_keepalive_time", 29],
  ["net.ipv4.tcp_fin_timeout", 29],
  ["net.ipv4.tcp_keepalive_intvl", 29],
  ["net.ipv4.tcp_keepalive_probes", 29],
  ["net.ipv4.tcp_rmem", 32],
  ["net.ipv4.tcp_wmem", 32],
]);
/** The allowed SELinux types, by the policy version that first allows them. */
export const SELINUX_TYPES: ReadonlyMap<string, number> = new Map([
  ["", 0],
  ["container_t", 0],
  ["container_init_t", 0],
  ["container_kvm_t", 0],
  ["container_engine_t", 31],
]);
export const RESTRICTED_VOLUMES: ReadonlySet<string> = new Set([
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "image",
  "persistentVolumeClaim",
  "projected",
  "secret",
]);
export const GOOD_PROFILES: ReadonlySet<string> = new Set(["RuntimeDefault", "Localhost"]);
export const APPARMOR_ANNOTATION: string = "container.apparmor.security.beta.kubernetes.io/";
/** Before policy v1.19, seccomp is read from these annotations, not from the fields. */
export const SECCOMP_POD_ANNOTATION: string = "seccomp.security.alpha.kubernetes.io/pod";
export const SECCOMP_CONTAINER_ANNOTATION: string = "container.seccomp.security.alpha.kubernetes.io/";

/**
 * The policy version of a `pod-security.kubernetes.io/<mode>-version` label as Pod Security Admission reads it: the
 * minor of `v1.<minor>`. `latest`, no label or a malformed one (which admission reads as `latest`) and versions newer
 * than the rule knows give LATEST.
 */
export function policyVersion(label: string | undefined): number {
  const m = POLICY_VERSION_PIN.exec(label ?? "");
  return m?.[1] === undefined ? LATEST : Math.min(Number(m[1]), LATEST);
}

/** Whether `value` is in `table` at policy version `version`. */
export function allowedSince(table: ReadonlyMap<string, number>, value: string, version: number): boolean {
  const since = table.get(value);
  return since !== undefined && since <= version;
}
