import type { PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
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

/** Object metadata as every builder writes it: the name is always there. */
export type BuiltMeta = ObjectMeta & { name: string };

/**
 * An object of type `T` as a builder returns it: what the builder always writes is not optional in the type
 * (`metadata` with its `name`, and the top-level fields `K`, such as `spec`), so strict code needs no `!`. Still
 * a `T`: it is assignable wherever a `T` is expected. `metadata.namespace` stays optional: the option is.
 *
 * @example
 * const svc: Built<Service, "spec"> = service({ name: "api", selector, ports });
 * svc.spec.ports; // no `!`
 */
export type Built<T extends Manifest, K extends keyof T = never> = T & {
  metadata: BuiltMeta;
} & { [P in K]-?: Exclude<T[P], undefined> };

/** A pod template as the workload builders write it: its metadata and its spec are always there. */
export type BuiltPodTemplate = PodTemplateSpec & { metadata: ObjectMeta; spec: PodSpec };

/**
 * A workload as its builder returns it (`deployment`, `statefulSet`): `metadata.name`, `spec`, `spec.selector`,
 * `spec.template` with its metadata and spec are always there.
 */
export type BuiltWorkload<T extends Manifest & { spec?: { template: PodTemplateSpec } | undefined }> = Built<
  T,
  "spec"
> & { spec: { template: BuiltPodTemplate } };
