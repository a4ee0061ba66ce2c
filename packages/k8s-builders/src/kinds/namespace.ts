/** Namespace (v1), labelled for Pod Security Admission so the cluster enforces what the manifests promise. */
import type { Namespace } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { isObj } from "../base/object.ts";
import { k8sApi, k8sDocs, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import {
  POD_SECURITY_LABEL_PREFIX,
  POD_SECURITY_LEVELS,
  POLICY_VERSION_PIN,
} from "../base/pod-security-labels.ts";
import { dnsLabel } from "../base/primitives.ts";
import { parseOptions, type RuleIssue, valueIssues } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";

const PSA = k8sDocs(
  "concepts/security/pod-security-admission",
  "pod-security-admission-labels-for-namespaces",
);

/** The Pod Security Standard levels, as the `pod-security.kubernetes.io/<mode>` labels take them. */
const podSecurityLevel = once(() => z.enum(POD_SECURITY_LEVELS));

/** The modes of Pod Security Admission, each a label of the Namespace. */
const PSA_MODES = ["enforce", "warn", "audit"] as const;

/**
 * The Pod Security labels of a Namespace (in its `labels` option, or of a built or patched one): a level each (Pod
 * Security Admission refuses a Namespace whose label is not one), and a version `latest` or `v1.<minor>`.
 */
function podSecurityLabelIssues(labels: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (!isObj(labels)) return [];
  return PSA_MODES.flatMap((mode): RuleIssue[] => {
    const key = `${POD_SECURITY_LABEL_PREFIX}/${mode}`;
    const version = `${key}-version`;
    return [
      ...(labels[key] === undefined ? [] : valueIssues(podSecurityLevel(), labels[key], [...at, key])),
      ...(labels[version] === undefined ||
      labels[version] === "latest" ||
      POLICY_VERSION_PIN.test(String(labels[version]))
        ? []
        : [
            {
              path: [...at, version],
              code: "invalid_value" as const,
              message: `expected "latest" or a Kubernetes version such as "v1.33", received ${JSON.stringify(labels[version])}`,
            },
          ]),
    ];
  });
}

/** What the checks of a built or patched Namespace add to every object's: a DNS label name, its Pod Security labels. */
export const NAMESPACE_CHECKS: KindChecks = {
  name: dnsLabel,
  rules: (o) =>
    podSecurityLabelIssues(isObj(o.metadata) ? o.metadata.labels : undefined, ["metadata", "labels"]),
};

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
    podSecurity: option(z.union([podSecurityLevel(), z.literal(false)]), {
      description:
        "Pod Security Admission level enforced in the namespace (`pod-security.kubernetes.io/enforce`), so a pod that weakens the defaults is refused by the cluster, not just discouraged. `false` leaves the labels out.",
      default: "restricted",
      why: "The cluster itself then refuses a pod that runs as root, escalates privileges or keeps capabilities.",
      k8s: PSA,
    }),
    ...patchShape<Built<Namespace>>(),
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
  const o = parseOptions("namespace", NamespaceOptionsSchema, options, (p) =>
    podSecurityLabelIssues(p.labels, ["labels"]),
  );
  const level = o.podSecurity;
  const psa =
    level === false
      ? {}
      : {
          [`${POD_SECURITY_LABEL_PREFIX}/enforce`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}/warn`]: level,
          [`${POD_SECURITY_LABEL_PREFIX}/audit`]: level,
        };
  const built: Built<Namespace> = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: objectMeta({ ...o, labels: { ...psa, ...o.labels } }),
  };
  return patched("namespace", built, o.patch, NAMESPACE_CHECKS);
}
