/**
 * The benchmark's scale subject: the call-center bundle plus N extra call-processor-like services
 * (Deployment + Service + HPA + PDB each, distinct names), built with the public builders and printed with
 * `toYaml`, as a user's script would. Plain `.mjs` (no type stripping), like the floor it is paired with.
 *
 *   node bench/services.mjs 1000                          # YAML of the bundle's objects + 4 × 1000
 *   node bench/services.mjs 1000 --format json            # the same objects as a JSON array (the floor's source)
 *   node bench/services.mjs 1 --services-only --name x    # one service group named x (the Helm template's source)
 */
import { parseArgs } from "node:util";
import { callCenter, resolveConfig } from "@call-center/bundle";
import * as builders from "@call-center/k8s-builders";
import { serviceGroup, serviceName } from "./lib/service-group.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: "string", default: "yaml" },
    "services-only": { type: "boolean", default: false },
    name: { type: "string" },
  },
});
const n = Number(positionals[0] ?? "10");
if (!Number.isInteger(n) || n < 0)
  throw new Error(`expected a whole number of services, got ${positionals[0]}`);

const objects = values["services-only"] ? [] : callCenter(resolveConfig("production"));
for (let i = 1; i <= n; i++) objects.push(...serviceGroup(builders, values.name ?? serviceName(i)));
process.stdout.write(values.format === "json" ? `${JSON.stringify(objects)}\n` : builders.toYaml(objects));
