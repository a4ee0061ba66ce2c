/**
 * The types of typed patches ({@link Patch}: a deep partial of an object's own type) and the lists whose items
 * merge by a key ({@link MERGE_KEYS}), which the types and the merge (patch.ts) both read. For the Gateway API
 * kinds, the object's type is the one of its CRD, derived from the field map (k8s-fields.ts).
 */
import type { CrdObject, CrdTypeName } from "./k8s-fields.ts";

/**
 * The list fields whose items merge by a key instead of being replaced: field name → the key of its items. A
 * list merges by key only where its items have that field (Service and container `ports` do; NetworkPolicy
 * `ports` do not, and are replaced). `volumeMounts` merge by `mountPath`, as in `kubectl patch`: one volume may be
 * mounted at several paths, and the API requires the paths of a container to be unique.
 */
export const MERGE_KEYS = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  volumes: "name",
  env: "name",
  ports: "name",
  imagePullSecrets: "name",
  resourceClaims: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  hostAliases: "ip",
  listeners: "name",
} as const;

/** The type of {@link MERGE_KEYS}. */
export type MergeKeys = typeof MERGE_KEYS;

/** An item of a list that merges by `Key`: a patch of the item with its key, or its removal. */
export type PatchItem<I, Key extends keyof I> =
  | (DeepPatch<I> & { [P in Key]-?: Exclude<I[P], undefined> })
  | ({ [P in Key]-?: Exclude<I[P], undefined> } & { $patch: "delete" });

type PatchOf<K, V> = V extends readonly (infer I)[]
  ? K extends keyof MergeKeys
    ? MergeKeys[K] extends keyof I
      ? PatchItem<I, MergeKeys[K]>[]
      : I[]
    : I[]
  : V extends object
    ? DeepPatch<V>
    : V;

/** Whether a field may be removed: an optional field, or an entry of a map (labels, annotations…). */
type Removable<T, K extends keyof T> = string extends K
  ? true
  : Partial<Pick<T, K>> extends Pick<T, K>
    ? true
    : false;

/** A deep partial of a type: any field, `null` for an optional one (removed), keyed list items by key. */
export type DeepPatch<T> = {
  [K in keyof T]?: PatchOf<K, Exclude<T[K], undefined>> | (Removable<T, K> extends true ? null : never);
};

/**
 * A deep partial of a Kubernetes object type (`apiVersion` and `kind` aside: a patch keeps the kind): any field may
 * be given, an optional one may be `null` (removed), lists of named items take items by key
 * ({@link MERGE_KEYS}), other lists are given whole.
 *
 * @example
 * const p: Patch<Deployment> = { spec: { template: { spec: { hostNetwork: true } } } };
 */
export type Patch<T> = DeepPatch<Omit<FullType<T>, "apiVersion" | "kind">>;

/** `gateway.networking.k8s.io/v1` + `HTTPRoute` → `gateway/v1.HTTPRoute` (as `fieldsRootOf`). */
type RootName<A extends string, K extends string> = A extends `${infer G}/${infer V}`
  ? G extends `${infer First}.${string}`
    ? `${First}/${V}.${K}`
    : `${G}/${V}.${K}`
  : `core/${A}.${K}`;

/**
 * The type a patch of `T` is a partial of: for a custom resource whose fields the map has from its CRD (the
 * Gateway API kinds), every field of the CRD, not only those the builder writes; else `T` itself.
 */
export type FullType<T> = T extends { apiVersion: infer A extends string; kind: infer K extends string }
  ? RootName<A, K> extends CrdTypeName
    ? CrdObject<RootName<A, K>>
    : T
  : T;
