/** ServiceAccount (v1), with its token not mounted unless a pod asks for it. */
import type { ServiceAccount } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

export const ServiceAccountOptionsSchema = z.strictObject({
  ...metaShape(),
  /** Mount the account's API token into pods by default. Off: only pods that call the API opt in. @default false */
  automountServiceAccountToken: z.optional(z.boolean()),
  /** Registry credentials (Secret names) for pulling private images. */
  imagePullSecrets: z.optional(z.array(dnsSubdomain)),
});

/** Options of {@link serviceAccount}. */
export type ServiceAccountOptions = z.input<typeof ServiceAccountOptionsSchema>;

/**
 * Builds a ServiceAccount.
 *
 * @example
 * serviceAccount({ name: "prometheus", namespace: "monitoring" });
 */
export function serviceAccount(options: ServiceAccountOptions): ServiceAccount {
  const o = parseOptions("serviceAccount", ServiceAccountOptionsSchema, options);
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: objectMeta(o),
    automountServiceAccountToken: o.automountServiceAccountToken ?? false,
    ...(o.imagePullSecrets ? { imagePullSecrets: o.imagePullSecrets.map((name) => ({ name })) } : {}),
  };
}
