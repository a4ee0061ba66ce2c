/**
 * The directory tree of the seed (`k8s/…`) for `kubectl apply -k`: which object goes into which file, and the
 * README with deployment instructions. Pure: `writeTree` writes it.
 */
import { kindFileName, type Manifest, renderTree } from "@call-center/k8s-builders";
import { type CallCenterBundle, callCenterParts } from "./bundle.ts";
import type { CallCenterConfig } from "./config.ts";
import { deployReadme } from "./readme.ts";

function inDir(dir: string, o: Manifest): string {
  return `${dir}/${kindFileName(o.kind ?? "object")}.yml`;
}

/** The file of each object, by the component it belongs to. */
function placeParts(parts: CallCenterBundle): Map<Manifest, string> {
  const place = new Map<Manifest, string>();
  for (const o of parts.base) {
    place.set(
      o,
      o.kind === "Namespace" ? "namespace.yml" : o.kind === "Secret" ? "secrets.yml" : "configmap.yml",
    );
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
      // Every Secret template in one file, so the README's "create the real ones" step covers them all.
      o.kind === "Secret"
        ? "secrets.yml"
        : o.kind === "ServiceMonitor"
          ? "monitoring/servicemonitors.yml"
          : name.includes("grafana")
            ? "monitoring/grafana-deployment.yml"
            : "monitoring/prometheus-deployment.yml",
    );
  }
  for (const o of parts.networkPolicies) place.set(o, "network-policies.yml");
  return place;
}

/**
 * The seed's tree: `namespace.yml`, `secrets.yml`, `configmap.yml`, `call-processor/{deployment,service,hpa,pdb}.yml`,
 * `admin-api/…`, `postgresql/{statefulset,service,configmap}.yml`, `redis/…`, `ingress.yml`,
 * `monitoring/{prometheus,grafana}-deployment.yml`, `network-policies.yml`, `README.md` and `kustomization.yml`.
 *
 * @example
 * writeTree("k8s", callCenterTree(resolveConfig("production")));
 */
export function callCenterTree(config: CallCenterConfig): Map<string, string> {
  const parts = callCenterParts(config);
  const place = placeParts(parts);
  const objects = Object.values(parts).flat();
  return renderTree(objects, (o) => place.get(o) ?? "other.yml", {
    extraFiles: { "README.md": deployReadme(config) },
  });
}
