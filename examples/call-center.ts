/**
 * Prints the call-center deployment as multi-document YAML:
 *
 *   node examples/call-center.ts > k8s.yaml            # production, the seed's numbers
 *   node examples/call-center.ts --env staging --values my-values.yaml
 *   node examples/call-center.ts --out k8s/            # a kustomize tree for `kubectl apply -k k8s/`
 *   node examples/call-center.ts --help
 *
 * The bundle is `callCenter(resolveConfig(env, values))` from @call-center/bundle, built only from the public
 * builders of @call-center/k8s-builders; this file is the command line around it.
 */
// First, on its own: one clear line on a Node.js too old for what follows (the check is package.json's engines).
import "../scripts/check-node.cjs";

const { runCli } = await import("@call-center/bundle");
process.exitCode = await runCli(process.argv.slice(2));
