/**
 * The recommended `app.kubernetes.io/*` labels, in two sets: selector labels (name + instance) are stable,
 * because selectors are immutable in Kubernetes; the other recommended labels (version, component, part-of,
 * managed-by) go on objects and pod templates but never into a selector.
 */

import { k8sApi, k8sDocs, option, required } from "./options.ts";
import {
  annotations,
  dnsLabel,
  dnsSubdomainLabelSized,
  isLabelValue,
  labels,
  labelValue,
  parseImage,
} from "./primitives.ts";

export const MANAGED_BY = "k8s-builders";

const OBJECT_META = k8sApi("common-definitions/object-meta", "ObjectMeta");
const COMMON_LABELS = k8sDocs("concepts/overview/working-with-objects/common-labels");

/** Metadata options shared by every builder. */
export function metaShape() {
  return {
    /** The object's name; at most 63 characters, since it is also the default `app.kubernetes.io/name` label value. */
    name: required(dnsSubdomainLabelSized, {
      description:
        "The object's name; at most 63 characters, since it is also the default `app.kubernetes.io/name` label value.",
      k8s: OBJECT_META,
    }),
    /** The namespace of a namespaced object; leave it out for cluster-scoped kinds. @default unset (the namespace `kubectl apply` uses) */
    namespace: option(dnsLabel, {
      description: "The namespace of a namespaced object; leave it out for cluster-scoped kinds.",
      unset: "the namespace `kubectl apply` uses",
      k8s: OBJECT_META,
    }),
    /** `app.kubernetes.io/name`: the application's name. @default the object's name */
    app: option(labelValue, {
      description: "`app.kubernetes.io/name`: the application's name.",
      derived: "the object's name",
      k8s: COMMON_LABELS,
    }),
    /** `app.kubernetes.io/instance`: the instance of the application. @default the `app` label */
    instance: option(labelValue, {
      description: "`app.kubernetes.io/instance`: the instance of the application.",
      derived: "the `app` label",
      k8s: COMMON_LABELS,
    }),
    /** `app.kubernetes.io/component`: the role within the architecture, e.g. `database`. @default unset (none) */
    component: option(labelValue, {
      description: "`app.kubernetes.io/component`: the role within the architecture, e.g. `database`.",
      unset: "none",
      k8s: COMMON_LABELS,
    }),
    /** `app.kubernetes.io/part-of`: the higher-level application, e.g. `call-center`. @default unset (none) */
    partOf: option(labelValue, {
      description: "`app.kubernetes.io/part-of`: the higher-level application, e.g. `call-center`.",
      unset: "none",
      k8s: COMMON_LABELS,
    }),
    /** `app.kubernetes.io/version`: the version of the application. @default the image tag, when it is a valid label value */
    version: option(labelValue, {
      description: "`app.kubernetes.io/version`: the version of the application.",
      derived: "the image tag, when it is a valid label value",
      k8s: COMMON_LABELS,
    }),
    /** Extra labels on the object (never in selectors). @default unset (none) */
    labels: option(labels, {
      description: "Extra labels on the object (never in selectors).",
      unset: "none",
      k8s: OBJECT_META,
    }),
    /** Annotations on the object. @default unset (none) */
    annotations: option(annotations, {
      description: "Annotations on the object.",
      unset: "none",
      k8s: OBJECT_META,
    }),
  };
}

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

/**
 * The metadata of an app named after itself (Prometheus, Grafana) that every object of it carries: its name,
 * namespace, component, the version of the image it runs, part-of and labels.
 */
export function appMeta(
  name: string,
  component: string,
  o: {
    image: string;
    namespace?: string | undefined;
    partOf?: string | undefined;
    labels?: Record<string, string> | undefined;
  },
): MetaInput {
  const version = imageVersion(o.image);
  return {
    name,
    namespace: o.namespace,
    app: name,
    component,
    ...(version === undefined ? {} : { version }),
    ...(o.partOf === undefined ? {} : { partOf: o.partOf }),
    ...(o.labels === undefined ? {} : { labels: o.labels }),
  };
}

/** The stable labels that select the pods of a workload. */
export function selectorLabels(meta: MetaInput): Record<string, string> {
  const app = meta.app ?? meta.name;
  return { "app.kubernetes.io/name": app, "app.kubernetes.io/instance": meta.instance ?? app };
}

/** The default `app.kubernetes.io/version` for an image tag: the tag, when it is a valid label value. */
function versionOfTag(tag: string | undefined): string | undefined {
  return tag !== undefined && isLabelValue(tag) ? tag : undefined;
}

/**
 * The `app.kubernetes.io/version` that the workload builders derive from an image: its tag, when it is a valid
 * label value; `undefined` for an image pinned by digest only. Give it as `version` to the other objects of the
 * same component (ConfigMaps, Secrets, RBAC, NetworkPolicies) so that they carry the version too.
 *
 * @example
 * imageVersion("postgres:16.10"); // "16.10"
 */
export function imageVersion(image: string): string | undefined {
  return versionOfTag(parseImage(image)?.tag);
}

/** Every recommended label of an object: selector labels, then the descriptive ones, then the caller's. */
export function objectLabels(meta: MetaInput, imageTag?: string): Record<string, string> {
  const out: Record<string, string> = { ...selectorLabels(meta) };
  const version = meta.version ?? versionOfTag(imageTag);
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
