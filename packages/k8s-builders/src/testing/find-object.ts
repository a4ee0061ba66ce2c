/** `findObject(objects, kind, name)`: one object of a bundle, typed by its kind, for tests. */
import { AssertionError } from "node:assert";
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { CronJob, Job } from "kubernetes-types/batch/v1.js";
import type {
  ConfigMap,
  LimitRange,
  Namespace,
  PersistentVolumeClaim,
  Pod,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from "kubernetes-types/core/v1.js";
import type { Ingress, NetworkPolicy } from "kubernetes-types/networking/v1.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "kubernetes-types/rbac/v1.js";
import type { Manifest } from "../base/manifest.ts";

/** The `kubernetes-types` type of each built-in kind `findObject` knows; other kinds are a `Manifest`. */
export interface KindTypes {
  ClusterRole: ClusterRole;
  ClusterRoleBinding: ClusterRoleBinding;
  ConfigMap: ConfigMap;
  CronJob: CronJob;
  DaemonSet: DaemonSet;
  Deployment: Deployment;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  Ingress: Ingress;
  Job: Job;
  LimitRange: LimitRange;
  Namespace: Namespace;
  NetworkPolicy: NetworkPolicy;
  PersistentVolumeClaim: PersistentVolumeClaim;
  Pod: Pod;
  PodDisruptionBudget: PodDisruptionBudget;
  ReplicaSet: ReplicaSet;
  ResourceQuota: ResourceQuota;
  Role: Role;
  RoleBinding: RoleBinding;
  Secret: Secret;
  Service: Service;
  ServiceAccount: ServiceAccount;
  StatefulSet: StatefulSet;
}

/** The type `findObject` returns for a kind: its `kubernetes-types` type, or `Manifest` for other kinds. */
export type ObjectOfKind<K extends string> = K extends keyof KindTypes ? KindTypes[K] : Manifest;

/**
 * The object of `kind` named `name` (in `namespace`, when given) of a bundle, typed by its kind
 * (`findObject(objects, "Deployment", "api")` is a `Deployment`). Throws an `AssertionError` naming the objects
 * of that kind when there is none, or when the name is in several namespaces and no namespace is given.
 *
 * @example
 * const api = findObject(objects, "Deployment", "admin-api");
 * expect(api.spec?.replicas).toBe(2);
 */
export function findObject<K extends keyof KindTypes | (string & Record<never, never>)>(
  objects: readonly Manifest[],
  kind: K,
  name: string,
  namespace?: string,
): ObjectOfKind<K> {
  const ofKind = objects.filter((o) => o.kind === kind);
  const found = ofKind.filter(
    (o) => o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace),
  );
  const where = namespace === undefined ? "" : ` in namespace ${namespace}`;
  if (found.length === 1) return found[0] as ObjectOfKind<K>;
  const names = (list: readonly Manifest[]) =>
    list
      .map(
        (o) => `${o.metadata?.namespace === undefined ? "" : `${o.metadata.namespace}/`}${o.metadata?.name}`,
      )
      .join(", ");
  throw new AssertionError({
    message:
      found.length === 0
        ? `no ${kind} "${name}"${where} in the bundle; its ${kind} objects: ${names(ofKind) || "none"}`
        : `${found.length} objects ${kind} "${name}"${where} in the bundle (${names(found)}): give the namespace`,
    operator: "findObject",
  });
}
