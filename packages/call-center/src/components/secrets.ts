/**
 * How the Secrets the apps read reach the cluster (`secrets.mode`). The placeholder templates are always built
 * (the pods' checksum covers their keys, and `template` mode hands them to the user), but only `inline` mode
 * puts them in the bundle: an apply of placeholders over real Secrets would wipe production credentials.
 * `external` mode applies an External Secrets Operator `ExternalSecret` per Secret instead, derived from the
 * template so that the keys cannot drift.
 */
import { type CustomResource, customResource } from "@call-center/k8s-builders";
import type { Secret } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";

/** The External Secrets Operator API version the bundle writes (served since ESO v0.17, which stopped v1beta1). */
export const EXTERNAL_SECRETS_API_VERSION = "external-secrets.io/v1";

/** The spec of an External Secrets Operator `ExternalSecret`, typed for the fields the bundle writes. */
export interface ExternalSecretSpec {
  /** How often the operator reads the store again. */
  refreshInterval: string;
  secretStoreRef: { name: string; kind: "SecretStore" | "ClusterSecretStore" };
  target: { name: string; creationPolicy: "Owner"; deletionPolicy: "Retain" };
  /** One entry per key of the Secret: `secretKey` ← `remoteRef.key` / `remoteRef.property`. */
  data: { secretKey: string; remoteRef: { key: string; property: string } }[];
}

/** An External Secrets Operator `ExternalSecret` (external-secrets.io/v1), built with `customResource`. */
export type ExternalSecret = CustomResource<
  ExternalSecretSpec,
  typeof EXTERNAL_SECRETS_API_VERSION,
  "ExternalSecret"
>;

/** The remote key of a Secret in the store: `secrets.remoteKeys[name]`, or `<namespace>/<name>`. */
export function remoteKeyOf(c: CallCenterConfig, name: string): string {
  return (c.secrets.remoteKeys as Record<string, string | undefined>)[name] ?? `${c.namespace}/${name}`;
}

/**
 * The `ExternalSecret` that makes the Secret of `template` in the cluster: same name and labels (ESO copies an
 * ExternalSecret's labels onto the Secret it creates), one `data` entry per key of the template, each read as
 * the property of the same name under the Secret's remote key.
 */
export function externalSecretFor(c: CallCenterConfig, template: Secret): ExternalSecret {
  const store = c.secrets.store;
  if (store === undefined) throw new Error("external secrets need secrets.store (checked by the config)");
  const name = template.metadata?.name ?? "";
  const labels = template.metadata?.labels ?? {};
  const key = remoteKeyOf(c, name);
  return customResource<ExternalSecretSpec, typeof EXTERNAL_SECRETS_API_VERSION, "ExternalSecret">({
    apiVersion: EXTERNAL_SECRETS_API_VERSION,
    kind: "ExternalSecret",
    name,
    ...(template.metadata?.namespace === undefined ? {} : { namespace: template.metadata.namespace }),
    // The template's labels, selector labels included: the operator copies them onto the Secret it makes.
    ...(labels["app.kubernetes.io/name"] === undefined ? {} : { app: labels["app.kubernetes.io/name"] }),
    ...(labels["app.kubernetes.io/instance"] === undefined
      ? {}
      : { instance: labels["app.kubernetes.io/instance"] }),
    labels,
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { name: store.name, kind: store.kind },
      // Owner: the Secret goes with its ExternalSecret. Retain: a key removed from the store keeps the last
      // value in the cluster instead of deleting the Secret under running calls.
      target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: Object.keys(template.stringData ?? {}).map((secretKey) => ({
        secretKey,
        remoteRef: { key, property: secretKey },
      })),
    },
  });
}

/** What the bundle applies for the Secrets `templates` in the configured mode. */
export function appliedSecrets(
  c: CallCenterConfig,
  templates: readonly Secret[],
): (Secret | ExternalSecret)[] {
  switch (c.secrets.mode) {
    case "inline":
      return [...templates];
    case "external":
      return templates.map((t) => externalSecretFor(c, t));
    case "template":
      return [];
  }
}
