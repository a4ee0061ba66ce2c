/**
 * Regenerates the committed modules of the CRD fixtures (test/crd/generated/) after a change to the generator or
 * to a fixture: `npm run build && node packages/k8s-builders/test/crd/update-generated.ts`. The test
 * crd-import.test.ts fails while they are stale.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { importCrds } from "../../src/crd-import/index.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const fixtures = fileURLToPath(new URL("../fixtures/crds/", import.meta.url));
const out = join(here, "generated");
rmSync(out, { recursive: true, force: true });
const files = readdirSync(fixtures)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => join(fixtures, f));
const result = importCrds({ files, out });
for (const p of result.written) process.stdout.write(`wrote ${p}\n`);
