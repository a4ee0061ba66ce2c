/**
 * The directory tree of the seed (`k8s/…`) for `kubectl apply -k`: which object goes into which file, and the
 * README with deployment instructions. Pure: `writeTree` writes it.
 */
import { kindFileName, type Manifest, renderTree, toYaml } from "@call-center/k8s-builders";
import { type CallCenterBundle, callCenterParts, callCenterSecretTemplates } from "./bundle.ts";
import { callCenterGitOps } from "./components/gitops.ts";
import type { CallCenterConfig } from "./config.ts";
import { deployReadme } from "./readme.ts";

/**
 * The file of the tree that holds the Secret templates in `template` mode. Not a resource of the
 * kustomization, and not named `.yaml`/`.yml`, so that neither `kubectl apply -k` nor `kubectl apply -R -f`
 * on the directory picks it up.
 */
export const SECRET_TEMPLATES_FILE = "secrets.yaml.example";

/**
 * The file of the tree that holds the GitOps objects (`gitops` in the values): an Argo CD `Application`, or a Flux
 * `GitRepository` + `Kustomization`. Not a resource of the kustomization: the controller that syncs the tree
 * must not sync (or prune) its own definition, and the objects live in the controller's namespace.
 */
export const GITOPS_FILE = "gitops.yml";

/** `gitops.yml`: the GitOps objects with how to apply them, or undefined when `gitops` is unset. */
export function gitopsText(config: CallCenterConfig): string | undefined {
  const g = config.gitops;
  if (g === undefined) return undefined;
  const tool = g.tool === "argocd" ? "Argo CD" : "Flux";
  const header = [
    `# ${tool} objects that sync this tree (${config.environment}) from ${g.repoURL}, directory ${g.path}, revision ${g.targetRevision}.`,
    "# Not part of kustomization.yml: apply this file once, in the cluster where the controller runs:",
    `#   kubectl apply --server-side -f ${GITOPS_FILE}`,
    "# Then commit the tree at that path; the controller applies it (server-side, pruning what Git no longer has)",
    "# and never forces a change Kubernetes refuses as immutable: such a change fails the sync instead.",
  ];
  return `${header.join("\n")}\n${toYaml(callCenterGitOps(config))}`;
}

/** The file of each Secret-like object: placeholder Secrets (inline mode) or ExternalSecrets (external mode). */
function secretFile(o: Manifest): string | undefined {
  return o.kind === "Secret"
    ? "secrets.yml"
    : o.kind === "ExternalSecret"
      ? "external-secrets.yml"
      : undefined;
}

/**
 * The Secret templates with instructions, as written to `secrets.yaml.example` and printed by
 * `--secret-templates`: keys and placeholders only, to fill in outside version control and apply once.
 */
export function secretTemplatesText(config: CallCenterConfig): string {
  const templates = callCenterSecretTemplates(config);
  const names = templates.map((s) => s.metadata?.name).join(", ");
  const header = [
    `# Secret templates of the call-center bundle (${config.environment}, namespace ${config.namespace}): ${names}.`,
    "# The bundle never applies these: its pods read the Secrets by name, and you create the real ones once.",
    "# Copy this file outside version control, replace every <placeholder>, then:",
    "#   kubectl apply -f secrets.yaml && rm secrets.yaml",
    "# (or create them with `kubectl create secret generic …`, or use sealed-secrets or secrets.mode: external).",
    "# Re-generating and re-applying the bundle leaves the Secrets in the cluster as they are.",
  ];
  return `${header.join("\n")}\n${toYaml(templates)}`;
}

function inDir(dir: string, o: Manifest): string {
  return `${dir}/${kindFileName(o.kind ?? "object")}.yml`;
}

/** The file of each object, by the component it belongs to. */
function placeParts(parts: CallCenterBundle): Map<Manifest, string> {
  const place = new Map<Manifest, string>();
  for (const o of parts.base) {
    place.set(o, o.kind === "Namespace" ? "namespace.yml" : (secretFile(o) ?? "configmap.yml"));
  }
  for (const o of parts.callProcessor) place.set(o, inDir("call-processor", o));
  for (const o of parts.adminApi) place.set(o, inDir("admin-api", o));
  for (const o of parts.postgresql) place.set(o, inDir("postgresql", o));
  for (const o of parts.redis) place.set(o, inDir("redis", o));
  for (const o of parts.ingress) place.set(o, "ingress.yml");
  for (const o of parts.monitoring) {
    const name = o.metadata?.labels?.["app.kubernetes.io/name"] ?? "";
    place.set(
      o,
      // Grafana's Secret (or ExternalSecret) beside the apps' ones, so that one file holds them all.
      secretFile(o) ??
        (o.kind === "ServiceMonitor"
          ? "monitoring/servicemonitors.yml"
          : name.includes("grafana")
            ? "monitoring/grafana-deployment.yml"
            : "monitoring/prometheus-deployment.yml"),
    );
  }
  for (const o of parts.networkPolicies) place.set(o, "network-policies.yml");
  return place;
}

/**
 * The seed's tree: `namespace.yml`, `configmap.yml`, `call-processor/{deployment,service,hpa,pdb}.yml`,
 * `admin-api/…`, `postgresql/{statefulset,service,configmap}.yml`, `redis/…`, `ingress.yml`,
 * `monitoring/{prometheus,grafana}-deployment.yml`, `network-policies.yml`, `README.md` and `kustomization.yml`;
 * and by `secrets.mode`: `secrets.yaml.example` (template: the Secret templates, not a resource),
 * `external-secrets.yml` (external) or `secrets.yml` (inline: the placeholder Secrets, applied); with `gitops`,
 * `gitops.yml` (the Argo CD or Flux objects that sync the tree, not a resource).
 *
 * @example
 * writeTree("k8s", callCenterTree(resolveConfig("production")));
 */
export function callCenterTree(config: CallCenterConfig): Map<string, string> {
  const parts = callCenterParts(config);
  const place = placeParts(parts);
  const objects = Object.values(parts).flat();
  return renderTree(objects, (o) => place.get(o) ?? "other.yml", {
    extraFiles: {
      "README.md": deployReadme(config),
      ...(config.gitops === undefined ? {} : { [GITOPS_FILE]: gitopsText(config) ?? "" }),
      ...(config.secrets.mode === "template" ? { [SECRET_TEMPLATES_FILE]: secretTemplatesText(config) } : {}),
    },
  });
}
