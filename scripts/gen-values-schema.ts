/** Writes packages/call-center/values.schema.json from the zod schema. Run: node scripts/gen-values-schema.ts */
import { writeFileSync } from "node:fs";
import { valuesJsonSchemaText } from "../packages/call-center/src/values-schema.ts";

writeFileSync("packages/call-center/values.schema.json", valuesJsonSchemaText());
console.log("wrote packages/call-center/values.schema.json");
