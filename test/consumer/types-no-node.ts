/**
 * The public types without `@types/node` (a browser or edge project: `types: []`, DOM lib), compiled by
 * scripts/consumer-test.mjs with `skipLibCheck: false`: no declaration of the packages may need Node's types.
 * (zod's own declarations name `URL`, which the DOM lib provides.) Never run.
 */
import { callCenter, resolveConfig } from "@call-center/bundle";
import {
  deployment,
  K8sBuilderError,
  serviceFor,
  type TreeFs,
  toYaml,
  type WriteTreeResult,
  writeTree,
} from "@call-center/k8s-builders";

const api = deployment({
  name: "api",
  containers: [
    { name: "api", image: "ghcr.io/acme/api:1.4.2", ports: [{ name: "http", containerPort: 8080 }] },
  ],
});
export const yaml: string = toYaml([api, serviceFor(api), ...callCenter(resolveConfig("production"))]);
export const write: (dir: string, files: ReadonlyMap<string, string>) => WriteTreeResult = writeTree;
export const rename: TreeFs["renameSync"] = (_from: string, _to: string) => undefined;
export function issues(e: unknown): number {
  return K8sBuilderError.is(e) ? e.issues.length : 0;
}
