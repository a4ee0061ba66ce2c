/** A finding of the bundle checks, and the one helper that builds them so every message reads the same way. */
import { FINDING_CODES, type FindingCode, type FindingSeverity } from "./codes.ts";

/** Which object a finding is about. `namespace` is absent for cluster-scoped objects and unset namespaces. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** One problem found by `validateBundle`. Match on `code` and `path`, not on `message`. */
export interface Finding {
  /** Stable code, a key of `FINDING_CODES`. */
  readonly code: FindingCode;
  readonly severity: FindingSeverity;
  /** The object the problem is in. */
  readonly object: ObjectRef;
  /** Dotted path of the bad field in the object, e.g. `spec.template.spec.containers[0].livenessProbe.httpGet.port`. */
  readonly path: string;
  /** What is wrong, naming the object and the values involved. */
  readonly message: string;
  /** What usually fixes it. */
  readonly hint: string;
  /** For secret findings: the rule(s) of the secret corpus that matched, e.g. `k8s-builders/jwt`. */
  readonly rule?: string;
}

/** `Deployment "call-center/api"`, or `Namespace "call-center"` for objects without a namespace. */
export function describeRef(ref: ObjectRef): string {
  if (ref.kind === "" && ref.name === "") return "bundle";
  const name = ref.name === "" ? "(unnamed)" : ref.name;
  return `${ref.kind === "" ? "object" : ref.kind} "${ref.namespace === undefined ? "" : `${ref.namespace}/`}${name}"`;
}

/**
 * Builds a finding: the severity comes from the code, the message starts with the object, and the hint defaults
 * to the code's hint.
 */
export function finding(
  code: FindingCode,
  object: ObjectRef,
  path: string,
  detail: string,
  hint?: string,
): Finding {
  const info = FINDING_CODES[code];
  return {
    code,
    severity: info.severity,
    object,
    path,
    message: `${describeRef(object)}: ${detail}`,
    hint: hint ?? info.hint,
  };
}
