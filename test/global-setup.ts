/**
 * Runs once before any test file (vitest `globalSetup`):
 * - extracts the pinned kubectl and hands it to every worker as `KUBECTL` (`kustomizeBuild` of the testing entry);
 * - builds the packages when a source is newer than their build, and copies the build aside for this run: every
 *   Node process a test starts (the example, the README's commands) loads that copy (test/support/dist-hooks.mjs
 *   through NODE_OPTIONS), so a build running beside the tests cannot replace what they run.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = ["k8s-builders", "call-center"];

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    t = Math.max(t, statSync(join(dir, entry)).mtimeMs);
  }
  return t;
}

/** Whether a package's build is missing or older than its sources. */
function stale(pkg: string): boolean {
  const built = join(root, "packages", pkg, "dist/index.js");
  if (!existsSync(built)) return true;
  const sources = Math.max(
    newest(join(root, "packages", pkg, "src")),
    ...["package.json", "tsup.config.ts", "lazy-facades.ts"]
      .map((f) => join(root, "packages", pkg, f))
      .filter((f) => existsSync(f))
      .map((f) => statSync(f).mtimeMs),
  );
  return sources > statSync(built).mtimeMs;
}

export default function setup(): () => void {
  const bin = execFileSync(process.execPath, [join(root, "scripts/fetch-kubectl.mjs")], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  process.env.KUBECTL = join(bin, "kubectl");

  if (PACKAGES.some(stale)) {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  }
  // Inside node_modules, so that the copies resolve their dependencies (yaml, re2js…) from the repository's.
  const cache = join(root, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const snapshot = mkdtempSync(join(cache, "test-dist-"));
  for (const pkg of PACKAGES) {
    cpSync(join(root, "packages", pkg, "dist"), join(snapshot, pkg, "dist"), { recursive: true });
  }
  process.env.CALL_CENTER_TEST_DIST = snapshot;
  const hooks = pathToFileURL(join(root, "test/support/dist-hooks.mjs")).href;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${hooks}`.trim();
  return () => rmSync(snapshot, { recursive: true, force: true });
}
