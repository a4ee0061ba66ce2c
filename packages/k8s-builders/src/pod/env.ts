/** Environment variables: literal values, or references to ConfigMap/Secret keys and pod fields. */
import type { EnvFromSource, EnvVar } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { compact } from "../base/object.ts";
import { dnsSubdomain, envVarName } from "../base/primitives.ts";

const KeyRef = z.strictObject({
  /** Name of the ConfigMap or Secret. */
  name: dnsSubdomain,
  /** The key within it. */
  key: z
    .string()
    .check(z.regex(/^[-._a-zA-Z0-9]+$/, { error: "expected a key of letters, digits, '-', '_' or '.'" })),
  /** Start even when the object or key is missing. @default unset (the object and key must exist) */
  optional: z.optional(z.boolean()),
});

export const EnvValueSchema = z.union([
  z.string(),
  z.strictObject({
    /** The value of a ConfigMap key. */
    configMapKeyRef: KeyRef,
  }),
  z.strictObject({
    /** The value of a Secret key. */
    secretKeyRef: KeyRef,
  }),
  z.strictObject({
    /** A field of the pod, e.g. `metadata.name` or `status.podIP`. */
    fieldRef: z.strictObject({
      /** Path of the field, e.g. `metadata.namespace`. */
      fieldPath: z.string().check(
        z.regex(
          /^(metadata\.(name|namespace|uid|labels\['[^']+'\]|annotations\['[^']+'\])|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/,
          {
            error:
              "expected a supported field such as metadata.name, metadata.namespace, spec.nodeName or status.podIP",
          },
        ),
      ),
    }),
  }),
]);

export const EnvSchema = z.record(envVarName, EnvValueSchema);

export const EnvFromSchema = z
  .strictObject({
    /** All keys of this ConfigMap become variables. */
    configMap: z.optional(dnsSubdomain),
    /** All keys of this Secret become variables. */
    secret: z.optional(dnsSubdomain),
    /** Prefix for every variable name. */
    prefix: z.optional(z.string()),
    /** Start even when the object is missing. @default unset (the object must exist) */
    optional: z.optional(z.boolean()),
  })
  .check(
    z.refine((e) => (e.configMap === undefined) !== (e.secret === undefined), {
      error: "expected exactly one of configMap or secret",
    }),
  );

/** Variables by name: a literal string, or a `configMapKeyRef` / `secretKeyRef` / `fieldRef`. */
export type EnvOptions = z.input<typeof EnvSchema>;
/** Import every key of a ConfigMap or Secret. */
export type EnvFromOptions = z.input<typeof EnvFromSchema>;

export function buildEnv(env: z.output<typeof EnvSchema>): EnvVar[] {
  return Object.entries(env).map(([name, v]): EnvVar => {
    if (typeof v === "string") return { name, value: v };
    if ("configMapKeyRef" in v) return { name, valueFrom: { configMapKeyRef: compact(v.configMapKeyRef) } };
    if ("secretKeyRef" in v) return { name, valueFrom: { secretKeyRef: compact(v.secretKeyRef) } };
    return { name, valueFrom: { fieldRef: { fieldPath: v.fieldRef.fieldPath } } };
  });
}

export function buildEnvFrom(e: z.output<typeof EnvFromSchema>): EnvFromSource {
  const opt = e.optional === undefined ? {} : { optional: e.optional };
  return {
    ...(e.prefix === undefined ? {} : { prefix: e.prefix }),
    ...(e.configMap !== undefined
      ? { configMapRef: { name: e.configMap, ...opt } }
      : { secretRef: { name: e.secret ?? "", ...opt } }),
  };
}
