/**
 * The recommended `app.kubernetes.io/*` labels, in two sets: selector labels (name + instance) are stable,
 * because selectors are immutable in Kubernetes; the other recommended labels (version, component, part-of,
 * managed-by) go on objects and pod templates but never into a selector.
 */
import * as z from "zod/mini";
import {
  annotations,
  dnsLabel,
  dnsSubdomainLabelSized,
  isLabelValue,
  labels,
  labelValue,
} from "./primitives.ts";

export const MANAGED_BY = "k8s-builders";

/** Metadata options shared by every builder. */
export const metaShape = {
  /**
   * The object's name. At most 63 characters, since it is also the default `app.kubernetes.io/name` label value.
   */
  name: dnsSubdomainLabelSized,
  /** The namespace of a namespaced object. Leave unset for cluster-scoped kinds or to let the applier choose. */
  namespace: z.optional(dnsLabel),
  /** `app.kubernetes.io/name`: the application's name. @default the object's name */
  app: z.optional(labelValue),
  /** `app.kubernetes.io/instance`: the instance of the application. @default the `app` label */
  instance: z.optional(labelValue),
  /** `app.kubernetes.io/component`: the role within the architecture, e.g. `database`. */
  component: z.optional(labelValue),
  /** `app.kubernetes.io/part-of`: the higher-level application, e.g. `call-center`. */
  partOf: z.optional(labelValue),
  /** `app.kubernetes.io/version`: the version of the application. @default the image tag, when it is a valid label value */
  version: z.optional(labelValue),
  /** Extra labels on the object (never in selectors). */
  labels: z.optional(labels),
  /** Annotations on the object. */
  annotations: z.optional(annotations),
};

export interface MetaInput {
  name: string;
  namespace?: string | undefined;
  app?: string | undefined;
  instance?: string | undefined;
  component?: string | undefined;
  partOf?: string | undefined;
  version?: string | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}

/** The stable labels that select the pods of a workload. */
export function selectorLabels(meta: MetaInput): Record<string, string> {
  const app = meta.app ?? meta.name;
  return { "app.kubernetes.io/name": app, "app.kubernetes.io/instance": meta.instance ?? app };
}

/** Every recommended label of an object: selector labels, then the descriptive ones, then the caller's. */
export function objectLabels(meta: MetaInput, imageTag?: string): Record<string, string> {
  const out: Record<string, string> = { ...selectorLabels(meta) };
  const version = meta.version ?? (imageTag !== undefined && isLabelValue(imageTag) ? imageTag : undefined);
  if (version !== undefined) out["app.kubernetes.io/version"] = version;
  if (meta.component !== undefined) out["app.kubernetes.io/component"] = meta.component;
  if (meta.partOf !== undefined) out["app.kubernetes.io/part-of"] = meta.partOf;
  out["app.kubernetes.io/managed-by"] = MANAGED_BY;
  // A caller's labels never replace the selector labels: selectors are immutable and must keep matching.
  return { ...out, ...meta.labels, ...selectorLabels(meta) };
}

/** ObjectMeta for a builder's options; unset fields stay unset. */
export function objectMeta(
  meta: MetaInput,
  imageTag?: string,
): {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
} {
  return {
    name: meta.name,
    ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
    labels: objectLabels(meta, imageTag),
    ...(meta.annotations === undefined || Object.keys(meta.annotations).length === 0
      ? {}
      : { annotations: meta.annotations }),
  };
}
