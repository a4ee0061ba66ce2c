/** Environment variables: literal values, or references to ConfigMap/Secret keys and pod fields. */
import type { EnvFromSource, EnvVar } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { compact } from "../base/object.ts";
import { k8sApi, objectSchema, once, option, required } from "../base/options.ts";
import { dnsSubdomain, envVarName } from "../base/primitives.ts";

const ENV = k8sApi("workload-resources/pod-v1", "environment-variables");

const keyRefSchema = objectSchema(() => ({
  /** Name of the ConfigMap or Secret. */
  name: required(dnsSubdomain, { description: "Name of the ConfigMap or Secret.", k8s: ENV }),
  /** The key within it. */
  key: required(
    z
      .string()
      .check(z.regex(/^[-._a-zA-Z0-9]+$/, { error: "expected a key of letters, digits, '-', '_' or '.'" })),
    { description: "The key within it.", k8s: ENV },
  ),
  /** Start even when the object or key is missing. @default unset (the object and key must exist) */
  optional: option(z.boolean(), {
    description: "Start even when the object or key is missing.",
    unset: "the object and key must exist",
    k8s: ENV,
  }),
}));

const FIELD_PATH =
  /^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/;

const fieldRefSchema = objectSchema(() => ({
  /** Path of the field, e.g. `metadata.namespace`. */
  fieldPath: required(
    z.string().check(
      z.regex(FIELD_PATH, {
        error:
          "expected a supported field such as metadata.name, metadata.namespace, spec.nodeName or status.podIP",
      }),
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
const fromField = objectSchema(() => ({
  /** A field of the pod, e.g. `metadata.name` or `status.podIP`. */
  fieldRef: required(fieldRefSchema(), {
    description: "A field of the pod, e.g. `metadata.name` or `status.podIP`.",
    k8s: ENV,
  }),
}));

/** The value of a variable: a literal, or a reference to a ConfigMap key, a Secret key or a pod field. */
export const envValueSchema = once(() => z.union([z.string(), fromConfigMap(), fromSecret(), fromField()]));

/** Variables by name. */
export const envSchema = once(() => z.record(envVarName, envValueSchema()));

export const envFromSchema = objectSchema(
  () => ({
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
    prefix: option(z.string(), { description: "Prefix for every variable name.", unset: "none", k8s: ENV }),
    /** Start even when the object is missing. @default unset (the object must exist) */
    optional: option(z.boolean(), {
      description: "Start even when the object is missing.",
      unset: "the object must exist",
      k8s: ENV,
    }),
  }),
  z.refine((e) => (e.configMap === undefined) !== (e.secret === undefined), {
    error: "expected exactly one of configMap or secret",
  }),
);

/** Variables by name: a literal string, or a `configMapKeyRef` / `secretKeyRef` / `fieldRef`. */
export type EnvOptions = z.input<ReturnType<typeof envSchema>>;
/** Import every key of a ConfigMap or Secret. */
export type EnvFromOptions = z.input<ReturnType<typeof envFromSchema>>;

export function buildEnv(env: z.output<ReturnType<typeof envSchema>>): EnvVar[] {
  return Object.entries(env).map(([name, v]): EnvVar => {
    if (typeof v === "string") return { name, value: v };
    if ("configMapKeyRef" in v) return { name, valueFrom: { configMapKeyRef: compact(v.configMapKeyRef) } };
    if ("secretKeyRef" in v) return { name, valueFrom: { secretKeyRef: compact(v.secretKeyRef) } };
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
