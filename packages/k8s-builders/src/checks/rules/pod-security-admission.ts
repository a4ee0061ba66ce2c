/**
 * What Pod Security Admission does with a Namespace's `pod-security.kubernetes.io/*` labels, predicted offline.
 * `enforce` refuses pods below its level; `warn` admits them, and the API server returns a warning that
 * `kubectl apply` prints ("Warning: would violate PodSecurity "restricted:latest": …"). `audit` only writes to the
 * server's audit log and is not read. For a bare Pod both modes judge the Pod. For a workload (Deployment, Job,
 * CronJob …) the API server checks its pod template at the warn level when the workload is applied (the warning
 * is printed for the workload), and enforces on the pods its controller creates later.
 * https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
import {
  isPodSecurityLevel,
  POD_SECURITY_LABEL_PREFIX,
  POLICY_VERSION_PIN,
  type PodSecurityLevel,
} from "../../base/pod-security-labels.ts";
import type { Bundle, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { levelOf, type PodSecurityViolation, podSecurityViolations, RANK } from "./pod-security.ts";
import { policyVersion } from "./pod-security-tables.ts";

const PSA = POD_SECURITY_LABEL_PREFIX;

/** A level a Namespace sets for one mode, and the version label it is read at (`undefined`: `latest`). */
interface ModePolicy {
  readonly level: PodSecurityLevel;
  readonly pin: string | undefined;
}

/** The enforce level and version of a Namespace's labels; none when the label is missing or not a level. */
function enforcePolicy(labels: Readonly<Record<string, string>>): ModePolicy | undefined {
  const level = labels[`${PSA}/enforce`];
  return isPodSecurityLevel(level) ? { level, pin: labels[`${PSA}/enforce-version`] } : undefined;
}

/**
 * The warn level and version, as the admission reads them (api.PolicyToEvaluate): a `warn` label that is not a
 * level warns about nothing; without one, warn takes a stricter enforce level, at `warn-version` if set, else at
 * `enforce-version`.
 */
function warnPolicy(labels: Readonly<Record<string, string>>): ModePolicy | undefined {
  const warn = labels[`${PSA}/warn`];
  const pin = labels[`${PSA}/warn-version`];
  if (warn !== undefined) return isPodSecurityLevel(warn) ? { level: warn, pin } : undefined;
  const enforce = enforcePolicy(labels);
  if (enforce === undefined || enforce.level === "privileged") return undefined;
  return { level: enforce.level, pin: pin ?? enforce.pin };
}

/** The level a pod template meets and the controls below `policy`'s level, or nothing when it meets the policy. */
function shortfall(
  pod: PodSource,
  policy: ModePolicy,
): { level: PodSecurityLevel; relevant: PodSecurityViolation[] } | undefined {
  const violations = podSecurityViolations(pod, policyVersion(policy.pin));
  const level = levelOf(violations);
  if (RANK[level] >= RANK[policy.level]) return undefined;
  return { level, relevant: violations.filter((v) => RANK[v.level] <= RANK[policy.level]) };
}

/** The Namespace labels of a pod template's Namespace, when the bundle holds that Namespace. */
function namespaceLabels(bundle: Bundle, pod: PodSource): Readonly<Record<string, string>> | undefined {
  if (pod.entry.namespace === undefined) return undefined;
  return bundle.find("Namespace", "", pod.entry.namespace, "")?.labels;
}

/**
 * A workload whose pods are below the level its Namespace enforces (`pod-security.kubernetes.io/enforce`) is
 * applied, but the cluster refuses to create its pods.
 */
export function podSecurityEnforced(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const policy = enforcePolicy(namespaceLabels(bundle, pod) ?? {});
    const short = policy === undefined ? undefined : shortfall(pod, policy);
    if (policy === undefined || short === undefined) continue;
    const { pin } = policy;
    out.push(
      finding(
        "POD_SECURITY_ENFORCE_VIOLATION",
        pod.entry.ref,
        short.relevant[0]?.path ?? pod.specAt,
        `its pods meet "${short.level}" but namespace "${pod.entry.namespace}" enforces "${policy.level}"${versionName(pin) === "latest" ? "" : ` at version ${pin}`}, so they would be refused: ${short.relevant.map((v) => v.message).join("; ")}`,
      ),
    );
  }
  return out;
}

/** The version as the admission names it in its warning: the pin when it is one, else `latest`. */
function versionName(pin: string | undefined): string {
  return pin !== undefined && POLICY_VERSION_PIN.test(pin) ? pin : "latest";
}

/**
 * A workload whose pods meet the level its Namespace enforces but not the level it warns at
 * (`pod-security.kubernetes.io/warn`): it is admitted, and `kubectl apply` prints the API server's warning. When
 * the pods fail enforce too, POD_SECURITY_ENFORCE_VIOLATION is the one finding.
 */
export function podSecurityWarned(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const labels = namespaceLabels(bundle, pod) ?? {};
    const policy = warnPolicy(labels);
    if (policy === undefined) continue;
    const enforce = enforcePolicy(labels);
    if (enforce !== undefined && shortfall(pod, enforce) !== undefined) continue;
    const short = shortfall(pod, policy);
    if (short === undefined) continue;
    const version = versionName(policy.pin);
    out.push(
      finding(
        "POD_SECURITY_WARN_VIOLATION",
        pod.entry.ref,
        short.relevant[0]?.path ?? pod.specAt,
        `its pods meet "${short.level}" but namespace "${pod.entry.namespace}" warns at "${policy.level}"${version === "latest" ? "" : ` at version ${version}`}, so applying it prints the warning "would violate PodSecurity "${policy.level}:${version}"" (the pods are still admitted): ${short.relevant.map((v) => v.message).join("; ")}`,
      ),
    );
  }
  return out;
}
