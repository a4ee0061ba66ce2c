/** Environment variables: literal values, or references to ConfigMap/Secret keys and pod fields. */
import type { EnvFromSource, EnvVar } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import type { IssueParams } from "../base/issue-codes.ts";
import { compact } from "../base/object.ts";
import { exactlyOne, exclusiveUnion, k8sApi, objectSchema, once, option, required } from "../base/options.ts";
import {
  configMapKey,
  dnsLabel,
  dnsSubdomain,
  envVarName,
  envVarPrefix,
  isLabelKey,
} from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";

const ENV = k8sApi("workload-resources/pod-v1", "environment-variables");

const keyRefSchema = objectSchema(() => ({
  /** Name of the ConfigMap or Secret. */
  name: required(dnsSubdomain, { description: "Name of the ConfigMap or Secret.", k8s: ENV }),
  /** The key within it. */
  key: required(configMapKey, { description: "The key within it.", k8s: ENV }),
  /** Start even when the object or key is missing. @default unset (the object and key must exist) */
  optional: option(z.boolean(), {
    description: "Start even when the object or key is missing.",
    unset: "the object and key must exist",
    k8s: ENV,
  }),
}));

/** The pod fields an environment variable can take (`validEnvDownwardAPIFieldPathExpressions`, and a label or annotation). */
export const ENV_FIELD_PATH =
  /^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/;
const SUBSCRIPT = /^metadata\.(labels|annotations)\['([^']+)'\]$/;

/** A field path's label key must be a label key; an annotation's, once lowercased (as the API server checks). */
function subscriptIsKey(fieldPath: string): boolean {
  const m = SUBSCRIPT.exec(fieldPath);
  if (m === null) return true;
  const key = m[2] ?? "";
  return isLabelKey(m[1] === "annotations" ? key.toLowerCase() : key);
}

/** The check of a field path's `labels['…']` or `annotations['…']` key (env and downward API volumes). */
export const subscriptKeyCheck = (): z.core.$ZodCheck<string> =>
  z.refine(subscriptIsKey, {
    error: (i) =>
      `${inputText(i.input)}: the key in brackets is not a label key (e.g. metadata.labels['app.kubernetes.io/name'])`,
    params: { code: "invalid_format" } satisfies IssueParams,
  });

/** The container resources the downward API exposes (`validContainerResourceFieldPathExpressions`). */
export const RESOURCE_FIELDS = [
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
] as const;
const HUGEPAGES = /^(limits|requests)\.hugepages-/;
const CPU_DIVISORS = new Set(["1m", "1"]);
const BYTE_DIVISORS = new Set(
  ["", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].map((u) => `1${u}`),
);

/** A container resource: its name, and the unit it is given in. */
export const resourceFieldRefSchema = objectSchema(() => ({
  /** `limits.cpu`, `requests.memory`, `limits.ephemeral-storage`… */
  resource: required(z.enum(RESOURCE_FIELDS), {
    description: "`limits.cpu`, `requests.memory`, `limits.ephemeral-storage`…",
    k8s: ENV,
  }),
  /** The container whose resource it is. @default unset (this container; required in a volume) */
  containerName: option(dnsLabel, {
    description: "The container whose resource it is.",
    unset: "this container; required in a volume",
    k8s: ENV,
  }),
  /** The unit: `1m` or `1` for CPU, `1`, `1Ki`, `1Mi`, `1M`… for bytes. @default unset (Kubernetes: 1) */
  divisor: option(z.string(), {
    description: "The unit: `1m` or `1` for CPU, `1`, `1Ki`, `1Mi`, `1M`… for bytes.",
    unset: "Kubernetes: 1",
    k8s: ENV,
  }),
}));

/**
 * The API server's rules of a container resource reference (`validateContainerResourceFieldSelector`): a known
 * resource, a divisor in the resource's units, the container named in a volume; and, the library's own, a
 * container of the pod.
 */
export function resourceFieldRefRules(
  ref: { readonly resource?: unknown; readonly containerName?: unknown; readonly divisor?: unknown },
  at: readonly PropertyKey[],
  where: { readonly volume: boolean; readonly containers: ReadonlySet<string> },
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const resource = typeof ref.resource === "string" ? ref.resource : "";
  if (!(RESOURCE_FIELDS as readonly string[]).includes(resource) && !HUGEPAGES.test(resource)) {
    issues.push({
      path: [...at, "resource"],
      code: "invalid_value",
      message: `expected one of ${RESOURCE_FIELDS.join(", ")} (or a hugepages resource), received ${JSON.stringify(resource)}`,
    });
  }
  if (ref.containerName === undefined || ref.containerName === "") {
    if (where.volume) {
      issues.push({
        path: [...at, "containerName"],
        code: "required",
        message: "a volume file of a container resource names the container",
      });
    }
  } else if (typeof ref.containerName === "string" && !where.containers.has(ref.containerName)) {
    issues.push({
      path: [...at, "containerName"],
      code: "unknown_container",
      message: `the pod has no container "${ref.containerName}"`,
    });
  }
  const divisor = ref.divisor === undefined ? undefined : String(ref.divisor);
  if (divisor !== undefined) {
    const units = resource.endsWith(".cpu") ? CPU_DIVISORS : BYTE_DIVISORS;
    if (!units.has(divisor)) {
      issues.push({
        path: [...at, "divisor"],
        code: "invalid_value",
        message: `the divisor of ${resource || "a resource"} is one of ${[...units].join(", ")}, received ${JSON.stringify(divisor)}`,
      });
    }
  }
  return issues;
}

const fieldRefSchema = objectSchema(() => ({
  /** Path of the field, e.g. `metadata.namespace`. */
  fieldPath: required(
    z.string().check(
      z.regex(ENV_FIELD_PATH, {
        error:
          "expected a supported field such as metadata.name, metadata.namespace, spec.nodeName or status.podIP",
        abort: true,
      }),
      subscriptKeyCheck(),
    ),
    { description: "Path of the field, e.g. `metadata.namespace`.", k8s: ENV },
  ),
}));

const fromConfigMap = objectSchema(() => ({
  /** The value of a ConfigMap key. */
  configMapKeyRef: required(keyRefSchema(), { description: "The value of a ConfigMap key.", k8s: ENV }),
}));
const fromSecret = objectSchema(() => ({
  /** The value of a Secret key. */
  secretKeyRef: required(keyRefSchema(), { description: "The value of a Secret key.", k8s: ENV }),
}));
const fromResource = objectSchema(() => ({
  /** A resource (request or limit) of a container of the pod, e.g. `limits.memory`. */
  resourceFieldRef: required(resourceFieldRefSchema(), {
    description: "A resource (request or limit) of a container of the pod, e.g. `limits.memory`.",
    k8s: ENV,
  }),
}));
const fromField = objectSchema(() => ({
  /** A field of the pod, e.g. `metadata.name` or `status.podIP`. */
  fieldRef: required(fieldRefSchema(), {
    description: "A field of the pod, e.g. `metadata.name` or `status.podIP`.",
    k8s: ENV,
  }),
}));

/**
 * The value of a variable: a literal, or a reference to a ConfigMap key, a Secret key, a pod field or a container
 * resource (one of them: its type says so too, `{ secretKeyRef, configMapKeyRef }` does not compile).
 */
export const envValueSchema = once(() =>
  exclusiveUnion(z.union([z.string(), fromConfigMap(), fromSecret(), fromField(), fromResource()])),
);

/** Variables by name. */
export const envSchema = once(() => z.record(envVarName, envValueSchema()));

const envFromObject = objectSchema(() => ({
  /**
   * All keys of this ConfigMap become variables. Exactly one of `configMap` and `secret`.
   * @default unset (`secret`)
   */
  configMap: option(dnsSubdomain, {
    description: "All keys of this ConfigMap become variables. Exactly one of `configMap` and `secret`.",
    unset: "`secret`",
    k8s: ENV,
  }),
  /** All keys of this Secret become variables. @default unset (`configMap`) */
  secret: option(dnsSubdomain, {
    description: "All keys of this Secret become variables.",
    unset: "`configMap`",
    k8s: ENV,
  }),
  /** Prefix for every variable name. @default unset (none) */
  prefix: option(envVarPrefix, {
    description: "Prefix for every variable name.",
    unset: "none",
    k8s: ENV,
  }),
  /** Start even when the object is missing. @default unset (the object must exist) */
  optional: option(z.boolean(), {
    description: "Start even when the object is missing.",
    unset: "the object must exist",
    k8s: ENV,
  }),
}));

/** Every key of a ConfigMap or a Secret (exactly one of them: its type says so too). */
export const envFromSchema = once(() =>
  exactlyOne(envFromObject(), ["configMap", "secret"], "expected exactly one of configMap or secret"),
);

/** Variables by name: a literal string, or a `configMapKeyRef` / `secretKeyRef` / `fieldRef` / `resourceFieldRef`. */
export type EnvOptions = z.input<ReturnType<typeof envSchema>>;
/** Import every key of a ConfigMap or Secret. */
export type EnvFromOptions = z.input<ReturnType<typeof envFromSchema>>;

export function buildEnv(env: z.output<ReturnType<typeof envSchema>>): EnvVar[] {
  return Object.entries(env).map(([name, v]): EnvVar => {
    if (typeof v === "string") return { name, value: v };
    if ("configMapKeyRef" in v) return { name, valueFrom: { configMapKeyRef: compact(v.configMapKeyRef) } };
    if ("secretKeyRef" in v) return { name, valueFrom: { secretKeyRef: compact(v.secretKeyRef) } };
    if ("resourceFieldRef" in v)
      return { name, valueFrom: { resourceFieldRef: compact(v.resourceFieldRef) } };
    return { name, valueFrom: { fieldRef: { fieldPath: v.fieldRef.fieldPath } } };
  });
}

export function buildEnvFrom(e: z.output<ReturnType<typeof envFromSchema>>): EnvFromSource {
  const opt = e.optional === undefined ? {} : { optional: e.optional };
  return {
    ...(e.prefix === undefined ? {} : { prefix: e.prefix }),
    ...(e.configMap !== undefined
      ? { configMapRef: { name: e.configMap, ...opt } }
      : { secretRef: { name: e.secret ?? "", ...opt } }),
  };
}
