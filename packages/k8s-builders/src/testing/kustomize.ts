/** `kubectl kustomize` on a directory, for tests of trees (`renderTree`, `writeTree`). */
import { spawnSync } from "node:child_process";

/** Options of {@link kustomizeBuild}. */
export interface KustomizeBuildOptions {
  /** The kubectl to run. @default the `KUBECTL` environment variable, else `kubectl` on the PATH */
  readonly kubectl?: string;
}

/**
 * Runs `kubectl kustomize <dir>` offline (`KUBECONFIG=/dev/null`) and returns the rendered YAML; throws with
 * kubectl's message when it fails.
 *
 * @example
 * writeTree("out", renderTree(objects, "default"));
 * const yaml = kustomizeBuild("out");
 */
export function kustomizeBuild(dir: string, options: KustomizeBuildOptions = {}): string {
  const kubectl = options.kubectl ?? process.env.KUBECTL ?? "kubectl";
  const result = spawnSync(kubectl, ["kustomize", dir], {
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
