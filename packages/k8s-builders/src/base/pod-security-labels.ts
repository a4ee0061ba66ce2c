/**
 * The Namespace labels of Pod Security Admission (`pod-security.kubernetes.io/<mode>` and `<mode>-version`), read
 * by `namespace()` when it writes and checks them and by `validateBundle` when it predicts what admission does.
 */

/** The prefix of every Pod Security Admission label. */
export const POD_SECURITY_LABEL_PREFIX = "pod-security.kubernetes.io";

/** The Pod Security Standard levels, as the labels take them. */
export const POD_SECURITY_LEVELS = ["restricted", "baseline", "privileged"] as const;

/** A Pod Security Standard level: `"restricted"`, `"baseline"` or `"privileged"`. */
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

/** Whether a label value is a level. */
export function isPodSecurityLevel(v: unknown): v is PodSecurityLevel {
  return (POD_SECURITY_LEVELS as readonly unknown[]).includes(v);
}

/** A pinned policy version, `v1.<minor>` (the minor is group 1); `latest` is the only other value admission takes. */
export const POLICY_VERSION_PIN = /^v1\.(0|[1-9][0-9]*)$/;
