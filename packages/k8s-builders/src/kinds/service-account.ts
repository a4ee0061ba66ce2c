/** ServiceAccount (v1), with its token not mounted unless a pod asks for it. */
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, option } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { patched } from "./object-checks.ts";

const SERVICE_ACCOUNT = k8sApi("authentication-resources/service-account-v1", "ServiceAccount");

/** The schema of {@link ServiceAccountOptions} (built on first use). */
export const ServiceAccountOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /**
   * Mount the account's API token into pods by default. Off: only pods that call the API opt in.
   * @default false
   */
  automountServiceAccountToken: option(z.boolean(), {
    description:
      "Mount the account's API token into pods by default. Off: only pods that call the API opt in.",
    default: false,
    why: "A token in every pod lets whoever compromises one pod call the API with its rights.",
    k8s: SERVICE_ACCOUNT,
  }),
  /** Registry credentials (Secret names) for pulling private images. @default unset (none) */
  imagePullSecrets: option(z.array(dnsSubdomain), {
    description: "Registry credentials (Secret names) for pulling private images.",
    unset: "none",
    k8s: SERVICE_ACCOUNT,
  }),
  ...patchShape<Built<ServiceAccount>>(),
}));

/** Options of {@link serviceAccount}. */
export type ServiceAccountOptions = z.input<typeof ServiceAccountOptionsSchema>;

/**
 * Builds a ServiceAccount.
 *
 * @example
 * serviceAccount({ name: "prometheus", namespace: "monitoring" });
 */
export function serviceAccount(options: ServiceAccountOptions): Built<ServiceAccount> {
  const o = parseOptions("serviceAccount", ServiceAccountOptionsSchema, options);
  const built: Built<ServiceAccount> = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: objectMeta(o),
    automountServiceAccountToken: o.automountServiceAccountToken,
    ...(o.imagePullSecrets ? { imagePullSecrets: o.imagePullSecrets.map((name) => ({ name })) } : {}),
  };
  // Its rules are every object's: names, labels, and the Secret names of imagePullSecrets and secrets.
  return patched("serviceAccount", built, o.patch, {});
}
