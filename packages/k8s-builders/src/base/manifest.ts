import type { ObjectMeta } from "kubernetes-types/meta/v1.js";

/**
 * Any Kubernetes object: what bundles, `toYaml` and the bundle checks take. The fields are optional because
 * kubernetes-types declares them so; every builder of this library sets all three.
 */
export interface Manifest {
  apiVersion?: string | undefined;
  kind?: string | undefined;
  metadata?: ObjectMeta | undefined;
}
