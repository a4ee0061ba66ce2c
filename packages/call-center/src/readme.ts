/** `k8s/README.md`: how to deploy the tree, step by step. */

import { GRAFANA_ADMIN_SECRET, grafanaUrl } from "./components/monitoring.ts";
import { remoteKeyOf } from "./components/secrets.ts";
import type { CallCenterConfig } from "./config.ts";
import { NAMES } from "./names.ts";

/** Where Grafana is: behind the Ingress, or through a port-forward. */
function grafanaSection(c: CallCenterConfig): string {
  if (!c.monitoring.enabled) return "";
  return c.monitoring.grafanaRoute.enabled
    ? `
Grafana: ${grafanaUrl(c)} — log in with the \`${GRAFANA_ADMIN_SECRET}\` Secret's user and password (anonymous access
and sign-up are off).
`
    : `
Grafana has no route (\`monitoring.grafanaRoute.enabled: false\`): open it through a port-forward, then
http://localhost:3000/ (log in with the \`${GRAFANA_ADMIN_SECRET}\` Secret's user and password):

\`\`\`sh
kubectl -n ${c.namespace} port-forward deployment/grafana 3000
\`\`\`
`;
}

/** The TLS Secret of the Ingress: made by cert-manager or by hand, in every mode. */
function tlsLine(c: CallCenterConfig): string {
  return `kubectl -n ${c.namespace} create secret tls ${c.ingress.tlsSecretName} --cert=tls.crt --key=tls.key   # or let cert-manager issue it`;
}

/** Step 2 of the README: how the real Secrets get into the cluster, by \`secrets.mode\`. */
function secretsSection(c: CallCenterConfig): string {
  const ns = c.namespace;
  const names = [
    NAMES.dbCredentials,
    NAMES.apiKeys,
    NAMES.jwtSecret,
    ...(c.monitoring.enabled ? [GRAFANA_ADMIN_SECRET] : []),
  ];
  const list = names.map((n) => `\`${n}\``).join(", ");
  switch (c.secrets.mode) {
    case "template":
      return `## 2. Create the namespace and the real Secrets (once)

This tree applies no Secrets (\`secrets.mode: template\`): the pods read ${list} by name, and you create
them once, outside version control. Re-generating and re-applying the tree never touches them.
\`secrets.yaml.example\` holds their templates (every key, placeholder values); it is not listed in
\`kustomization.yml\` and not named \`.yaml\`, so no apply picks it up.

\`\`\`sh
kubectl apply -f namespace.yml
kubectl -n ${ns} create secret generic ${NAMES.dbCredentials} --from-literal=username=callcenter --from-literal=password="$(openssl rand -base64 24)"
kubectl -n ${ns} create secret generic ${NAMES.apiKeys} --from-literal=ADMIN_API_KEY=… --from-literal=SPEECH_API_KEY=… --from-literal=LLM_API_KEY=…
kubectl -n ${ns} create secret generic ${NAMES.jwtSecret} --from-literal=JWT_SECRET="$(openssl rand -base64 48)"
${c.monitoring.enabled ? `kubectl -n ${ns} create secret generic ${GRAFANA_ADMIN_SECRET} --from-literal=admin-user=admin --from-literal=admin-password="$(openssl rand -base64 24)"\n` : ""}${tlsLine(c)}
\`\`\`

`;
    case "external": {
      const store = c.secrets.store;
      const rows = names.map((n) => `| \`${n}\` | \`${remoteKeyOf(c, n)}\` |`).join("\n");
      return `## 2. Put the Secrets in the store

This tree applies an External Secrets Operator \`ExternalSecret\` per Secret (\`external-secrets.yml\`):
the operator (v0.17 or newer, \`external-secrets.io/v1\`) creates ${list} from the
${store?.kind ?? "SecretStore"} \`${store?.name ?? ""}\` and refreshes them every hour. Put each Secret in
the store under its key, one property per Secret key (the keys are those of \`--secret-templates\`):

| Secret | remote key |
| --- | --- |
${rows}

\`\`\`sh
kubectl apply -f namespace.yml
${tlsLine(c)}
\`\`\`

After step 3, \`kubectl -n ${ns} get externalsecrets\` shows \`SecretSynced\` for each.

`;
    }
    case "inline":
      return `## 2. Secrets: inline placeholders (scratch clusters only)

\`secrets.yml\` holds ${list} with \`<placeholder>\` values and is applied with the tree
(\`secrets.mode: inline\`): **every apply replaces their values with the placeholders**. Use this on a
scratch cluster only; anywhere else, use \`secrets.mode: template\` or \`external\`.

\`\`\`sh
${tlsLine(c)}
\`\`\`

`;
  }
}

/** With `gitops`: how the controller deploys the tree, and what its settings mean. */
function gitopsSection(c: CallCenterConfig): string {
  const g = c.gitops;
  if (g === undefined) return "";
  const what =
    g.tool === "argocd"
      ? `an Argo CD \`Application\` (namespace \`argocd\`) with automated sync, prune and self-heal, and the sync
options \`ServerSideApply=true\`, \`PruneLast=true\` and \`PrunePropagationPolicy=foreground\``
      : `a Flux \`GitRepository\` and \`Kustomization\` (namespace \`flux-system\`) with \`prune: true\`,
\`force: false\` and \`wait: true\` (Flux applies server-side)`;
  return `## 3. Deploy with ${g.tool === "argocd" ? "Argo CD" : "Flux"} (GitOps)

\`gitops.yml\` holds ${what}. It syncs \`${g.path}\` of ${g.repoURL} at \`${g.targetRevision}\`: commit this
tree there. \`gitops.yml\` is not in \`kustomization.yml\` (the controller never syncs or prunes its own
definition); apply it once, after step 2:

\`\`\`sh
kubectl apply --server-side -f gitops.yml
\`\`\`

Nothing forces a change that Kubernetes refuses as immutable (a selector, a StatefulSet's volume claims): such a
change fails the sync, visibly, instead of deleting and re-creating the object under live calls. Check a change
before committing it with \`--diff-against\`. The Secrets you created in step 2 are not in Git, so the
controller never prunes them. Or deploy by hand:
`;
}

/** The `README.md` of the `--out` tree: how to deploy it, step by step, for this configuration. */
export function deployReadme(c: CallCenterConfig): string {
  const ns = c.namespace;
  return `# Call-center deployment (${c.environment})

Generated by \`node examples/call-center.ts --out <dir>\`; do not edit by hand (re-generate instead).
Files of your own in this folder (notes, overlays) are kept when it is re-generated. While a run writes, a
\`.<dir>.k8s-builders-lock\` and a \`.<dir>.k8s-builders-new\` folder sit beside this one. If a run is killed
between its two renames, \`.<dir>.k8s-builders-old\` holds the previous tree with your files: the next run puts
it back and says so; do not delete it while this folder is missing.

## 1. Prerequisites

- A cluster running Kubernetes 1.30 or newer (the call-processor's preStop hook uses the \`sleep\` action).
- ${c.ingress.controller === "gateway" ? "A Gateway API implementation" : `An ingress controller: ${c.ingress.controller === "nginx" ? "ingress-nginx" : "Traefik"}`} (pods in namespace \`${c.ingress.controllerNamespace}\`).
- A CNI that enforces NetworkPolicies (Calico, Cilium, …) if you rely on them.
- For AudioSocket (raw TCP ${c.callProcessor.audioSocketPort}): a ${c.callProcessor.audioSocket.type} Service; your Asterisk servers connect to its external address.
${c.secrets.mode === "external" ? `- The External Secrets Operator (v0.17 or newer) with the ${c.secrets.store?.kind} \`${c.secrets.store?.name}\`.\n` : ""}
${secretsSection(c)}
${
  c.monitoring.enabled && c.monitoring.serviceMonitors
    ? `The ServiceMonitors in \`monitoring/servicemonitors.yml\` need the Prometheus Operator's CRDs. Without the
Operator, set \`monitoring.serviceMonitors: false\` in your values file and re-generate (the bundled Prometheus
scrapes the apps either way).

`
    : ""
}${gitopsSection(c)}${c.gitops === undefined ? "## 3. Deploy everything\n" : ""}
\`\`\`sh
kubectl apply -k .
kubectl -n ${ns} rollout status deployment/${NAMES.callProcessor}
kubectl -n ${ns} rollout status deployment/${NAMES.adminApi}
\`\`\`

## 4. Check

\`\`\`sh
kubectl -n ${ns} get pods,svc,ingress,hpa,pdb
kubectl -n ${ns} get svc ${NAMES.audioSocketService}   # the external address for AudioSocket clients
\`\`\`

Routes on https://${c.host}: \`/api\` and \`/admin\` → ${NAMES.adminApi}, \`/ws\` (WebSocket) → ${NAMES.callProcessor}.
${grafanaSection(c)}
## Managed databases

For production, managed PostgreSQL and Redis are recommended. Set \`postgres.external\` / \`redis.external\`
(host and port) in a values file and re-generate: the StatefulSets are left out and the apps point at those hosts.
`;
}
