/**
 * The directory tree of the seed (`k8s/…`) for `kubectl apply -k`: which object goes into which file, and the
 * README with deployment instructions. Pure: `writeTree` writes it.
 */
import { kindFileName, type Manifest, renderTree, toYaml } from "@call-center/k8s-builders";
import { type CallCenterBundle, callCenterParts, callCenterSecretTemplates } from "./bundle.ts";
import type { CallCenterConfig } from "./config.ts";
import { deployReadme } from "./readme.ts";

/**
 * The file of the tree that holds the Secret templates in `template` mode. Not a resource of the
 * kustomization, and not named `.yaml`/`.yml`, so that neither `kubectl apply -k` nor `kubectl apply -R -f`
 * on the directory picks it up.
 */
export const SECRET_TEMPLATES_FILE = "secrets.yaml.example";

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
 * `external-secrets.yml` (external) or `secrets.yml` (inline: the placeholder Secrets, applied).
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
      ...(config.secrets.mode === "template" ? { [SECRET_TEMPLATES_FILE]: secretTemplatesText(config) } : {}),
    },
  });
}
