/**
 * The JSON Schema of a values file, generated from {@link CallCenterValuesSchema} so editors complete and check
 * values files (`# yaml-language-server: $schema=…/values.schema.json`). Shipped in the package as
 * `values.schema.json`; a test regenerates it and compares.
 */
import { CallCenterValuesSchema } from "./config.ts";

/** The JSON Schema of a values file (`values.schema.json`), with its `$id`, title and description. */
export function valuesJsonSchema(): Record<string, unknown> {
  // zod's JSON Schema writer, loaded only here: the bundle itself uses the builders' copy of zod/mini and never
  // loads the package's own. Both copies share zod's global registry, where the descriptions are.
  const { toJSONSchema } = process.getBuiltinModule("node:module").createRequire(import.meta.url)(
    "zod/mini",
  ) as typeof import("zod/mini");
  const schema = toJSONSchema(CallCenterValuesSchema, {
    io: "input",
    unrepresentable: "any",
    // The options' metadata (k8s-builders `option()`): what leaving a field out means joins its description;
    // the reference link and the why are for the docs.
    override: ({ jsonSchema }) => {
      const { unset, derived } = jsonSchema;
      const otherwise = typeof unset === "string" ? unset : typeof derived === "string" ? derived : undefined;
      if (otherwise !== undefined && otherwise !== "none" && typeof jsonSchema.description === "string") {
        jsonSchema.description = `${jsonSchema.description} Left out: ${otherwise}.`;
      }
      for (const key of ["k8s", "why", "unset", "derived"]) delete jsonSchema[key];
    },
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://unpkg.com/@call-center/bundle/values.schema.json",
    title: "Call-center bundle values",
    description:
      "Overrides merged over an environment (production or staging) by `node examples/call-center.ts --values`.",
  };
}

/** The file's text: stable key order, two-space indent, trailing newline. */
export function valuesJsonSchemaText(): string {
  return `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`;
}
