/**
 * Regenerates the committed golden bundles from the example, on purpose: review the diff before committing.
 *   node scripts/update-golden.ts
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";

for (const env of ["production", "staging"]) {
  const yaml = execFileSync(process.execPath, ["examples/call-center.ts", "--env", env], {
    encoding: "utf8",
  });
  const file = `packages/call-center/test/__golden__/k8s.${env}.yaml`;
  writeFileSync(file, yaml);
  console.log(`wrote ${file} (${yaml.length} bytes)`);
}
