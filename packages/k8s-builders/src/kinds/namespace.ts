/** Namespace (v1), labelled for Pod Security Admission so the cluster enforces what the manifests promise. */
import type { Namespace } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, k8sDocs, lazyObject, option, required } from "../base/options.ts";
import { dnsLabel } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

const PSA = k8sDocs(
  "concepts/security/pod-security-admission",
  "pod-security-admission-labels-for-namespaces",
);

/** The schema of {@link NamespaceOptions} (built on first use). */
export const NamespaceOptionsSchema = lazyObject(() => {
  const { namespace: _cluster, ...meta } = metaShape();
  return {
    ...meta,
    /** Namespace name (DNS label). */
    name: required(dnsLabel, {
      description: "Namespace name (DNS label).",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    /**
     * Pod Security Admission level enforced in the namespace (`pod-security.kubernetes.io/enforce`), so a pod
     * that weakens the defaults is refused by the cluster, not just discouraged. `false` leaves the labels
     * out.
     * @default "restricted"
     */
    podSecurity: option(z.union([z.enum(["restricted", "baseline", "privileged"]), z.literal(false)]), {
      description:
        "Pod Security Admission level enforced in the namespace (`pod-security.kubernetes.io/enforce`), so a pod that weakens the defaults is refused by the cluster, not just discouraged. `false` leaves the labels out.",
      default: "restricted",
      why: "The cluster itself then refuses a pod that runs as root, escalates privileges or keeps capabilities.",
      k8s: PSA,
    }),
  };
});

/** Options of {@link namespace}. */
export type NamespaceOptions = z.input<typeof NamespaceOptionsSchema>;

/**
 * Builds a Namespace that enforces the restricted Pod Security Standard by default.
 *
 * @example
 * namespace({ name: "call-center" });
 */
export function namespace(options: NamespaceOptions): Built<Namespace> {
  const o = parseOptions("namespace", NamespaceOptionsSchema, options);
  const level = o.podSecurity;
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
