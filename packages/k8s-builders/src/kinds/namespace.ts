/** Namespace (v1), labelled for Pod Security Admission so the cluster enforces what the manifests promise. */
import type { Namespace } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dnsLabel } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

export const NamespaceOptionsSchema = z.strictObject({
  ...z.omit(z.object(metaShape()), { namespace: true }).shape,
  /** Namespace name (DNS label). */
  name: dnsLabel,
  /**
   * Pod Security Admission level enforced in the namespace (`pod-security.kubernetes.io/enforce`), so a pod that
   * weakens the defaults is refused by the cluster, not just discouraged. `false` leaves the labels out.
   * @default "restricted"
   */
  podSecurity: z.optional(z.union([z.enum(["restricted", "baseline", "privileged"]), z.literal(false)])),
});

/** Options of {@link namespace}. */
export type NamespaceOptions = z.input<typeof NamespaceOptionsSchema>;

/**
 * Builds a Namespace that enforces the restricted Pod Security Standard by default.
 *
 * @example
 * namespace({ name: "call-center" });
 */
export function namespace(options: NamespaceOptions): Namespace {
  const o = parseOptions("namespace", NamespaceOptionsSchema, options);
  const level = o.podSecurity ?? "restricted";
  const psa =
    level === false
      ? {}
      : {
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/warn": level,
          "pod-security.kubernetes.io/audit": level,
        };
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: objectMeta({ ...o, labels: { ...psa, ...o.labels } }),
  };
}
