/**
 * The call-center bundle's configuration: one strict zod schema, its shape (`config-shape.ts`) checked by the
 * rules across fields (`config-rules.ts`). Every field is required here; the defaults (the seed's numbers) are
 * the `production` environment (`production.ts`), and users override any field with a deep-partial values file
 * validated by {@link CallCenterValuesSchema}.
 */
import { once, z } from "@call-center/k8s-builders";
import type * as zt from "zod/mini";
import { configRules } from "./config-rules.ts";
import { type CallCenterConfig, ConfigObjectSchema } from "./config-shape.ts";
import { lazySchema } from "./lazy-schema.ts";

export type { CallCenterConfig } from "./config-shape.ts";

/** zod's code for an issue a check raises itself; the bundle's code travels in `params.code`. */
const ZOD_CUSTOM = "custom";

/** The complete configuration of the bundle, with the rules across its fields (the bundle's own use). */
export const configSchema: () => ReturnType<typeof ConfigObjectSchema> = once(() =>
  ConfigObjectSchema().check(
    z.superRefine((c, ctx) => {
      for (const issue of configRules(c)) {
        ctx.addIssue({
          code: ZOD_CUSTOM,
          input: c,
          path: [...issue.path],
          message: issue.message,
          params: { code: issue.code },
        });
      }
    }),
  ),
);

/**
 * The complete configuration of the bundle, with the rules across its fields (built on first use: importing the
 * package builds no schema and loads no zod).
 */
export const CallCenterConfigSchema: zt.ZodMiniLazy<ReturnType<typeof ConfigObjectSchema>> = lazySchema(() =>
  z.lazy(configSchema),
);

/**
 * Makes every object field optional, recursively (arrays and records are replaced, not merged), keeping each
 * field's metadata (its description in values.schema.json).
 */
// biome-ignore lint/suspicious/noExplicitAny: zod's schema types are walked generically here
function deepPartial(schema: any): any {
  const def = schema?._zod?.def;
  if (def?.type === "lazy") return deepPartial(def.getter());
  if (def?.type === "object") {
    const shape: Record<string, zt.ZodMiniType> = {};
    for (const [k, v] of Object.entries(def.shape as Record<string, zt.ZodMiniType>)) {
      const inner = (v as { _zod: { def: { type: string; innerType?: zt.ZodMiniType } } })._zod.def;
      const partial = z.optional(deepPartial(inner.type === "optional" ? inner.innerType : v));
      const meta = z.globalRegistry.get(v);
      if (meta !== undefined) z.globalRegistry.add(partial, meta);
      shape[k] = partial;
    }
    return z.strictObject(shape);
  }
  return schema;
}

/** A deep-partial configuration: the shape of an environment overlay or a user's values file. */
export type CallCenterValues = DeepPartial<CallCenterConfig>;
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/** The schema of a values file (the bundle's own use). */
export const valuesSchema: () => zt.ZodMiniType<CallCenterValues> = once(() => deepPartial(configSchema()));

/**
 * Validates a values file: any subset of the configuration, every field checked as in the full schema (built on
 * first use).
 */
export const CallCenterValuesSchema: zt.ZodMiniType<CallCenterValues> = lazySchema(() =>
  z.lazy(valuesSchema),
);
