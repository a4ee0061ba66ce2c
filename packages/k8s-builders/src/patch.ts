/**
 * `patch(object, partial)`: the escape hatch for any object, checked as its builder checks a patched one. It sits
 * above the kinds and the monitoring kinds, whose checks it applies by kind.
 */
import { rootTypeOf } from "./base/k8s-fields.ts";
import type { Manifest } from "./base/manifest.ts";
import type { Json } from "./base/object.ts";
import { applyPatch } from "./base/patch.ts";
import type { Patch } from "./base/patch-types.ts";
import type { RuleIssue } from "./base/validate.ts";
import { notAField } from "./crd/custom-resource-checks.ts";
import { CLUSTER_ROLE_BINDING_CHECKS, CLUSTER_ROLE_CHECKS } from "./kinds/cluster-rbac.ts";
import { CONFIG_MAP_CHECKS } from "./kinds/config-map.ts";
import { CRON_JOB_CHECKS } from "./kinds/cron-job.ts";
import { DAEMON_SET_CHECKS } from "./kinds/daemon-set.ts";
import { DEPLOYMENT_CHECKS } from "./kinds/deployment.ts";
import { GATEWAY_CHECKS } from "./kinds/gateway-rules.ts";
import { GRPC_ROUTE_CHECKS } from "./kinds/grpc-route.ts";
import { HPA_CHECKS } from "./kinds/hpa-rules.ts";
import { HTTP_ROUTE_CHECKS } from "./kinds/http-route-rules.ts";
import { INGRESS_CHECKS } from "./kinds/ingress-rules.ts";
import { JOB_CHECKS } from "./kinds/job.ts";
import { NAMESPACE_CHECKS } from "./kinds/namespace.ts";
import { NETWORK_POLICY_CHECKS } from "./kinds/network-policy-rules.ts";
import { type KindChecks, patchedIssues } from "./kinds/object-checks.ts";
import { PDB_CHECKS } from "./kinds/pdb.ts";
import { CLAIM_CHECKS } from "./kinds/persistent-volume-claim.ts";
import { ROLE_BINDING_CHECKS, ROLE_CHECKS } from "./kinds/rbac.ts";
import { SECRET_CHECKS } from "./kinds/secret.ts";
import { SERVICE_CHECKS } from "./kinds/service-rules.ts";
import { STATEFUL_SET_CHECKS } from "./kinds/stateful-set.ts";
import { SERVICE_MONITOR_CHECKS } from "./monitoring/service-monitor-endpoint.ts";

/** The checks each kind's builder adds to every object's (the kinds without an entry get the common ones). */
const KIND_CHECKS: Readonly<Record<string, KindChecks>> = {
  Deployment: DEPLOYMENT_CHECKS,
  StatefulSet: STATEFUL_SET_CHECKS,
  DaemonSet: DAEMON_SET_CHECKS,
  Job: JOB_CHECKS,
  CronJob: CRON_JOB_CHECKS,
  Role: ROLE_CHECKS,
  RoleBinding: ROLE_BINDING_CHECKS,
  ClusterRole: CLUSTER_ROLE_CHECKS,
  ClusterRoleBinding: CLUSTER_ROLE_BINDING_CHECKS,
  PersistentVolumeClaim: CLAIM_CHECKS,
  Gateway: GATEWAY_CHECKS,
  HTTPRoute: HTTP_ROUTE_CHECKS,
  GRPCRoute: GRPC_ROUTE_CHECKS,
  HorizontalPodAutoscaler: HPA_CHECKS,
  PodDisruptionBudget: PDB_CHECKS,
  Namespace: NAMESPACE_CHECKS,
  ConfigMap: CONFIG_MAP_CHECKS,
  Secret: SECRET_CHECKS,
  Service: SERVICE_CHECKS,
  Ingress: INGRESS_CHECKS,
  NetworkPolicy: NETWORK_POLICY_CHECKS,
  ServiceMonitor: SERVICE_MONITOR_CHECKS,
};

/** The checks of a built or patched object of `kind` (the common ones, and its builder's). */
export function checksOf(kind: unknown): KindChecks {
  return typeof kind === "string" && Object.hasOwn(KIND_CHECKS, kind)
    ? (KIND_CHECKS[kind] as KindChecks)
    : {};
}

/**
 * What `patch()` adds for an object whose kind the field map does not have (a custom resource): no `status`, which
 * the API server writes (its metadata are checked like every object's, its other fields are its CRD's: the merge
 * takes JSON data only, and a builder generated from the CRD checks them against its schema in its `patch` option).
 */
function customKindIssues(o: Json): RuleIssue[] {
  return rootTypeOf(o.apiVersion, o.kind) !== undefined || o.status === undefined
    ? []
    : [notAField("status", ["status"])];
}

/**
 * Merges a typed partial into an object, for the fields the builders' options do not model: objects merge by key,
 * `null` removes a field, lists of named items (containers, ports, volumes, env, …) merge item by item on their
 * name, other lists are replaced. The result is checked like a built object of its kind (structure, names, labels,
 * ports, quantities, probe ports, selectors…); a problem throws a `K8sBuilderError` with its path in `partial`.
 * The object given is not changed. Builders take the same partial as their `patch` option.
 *
 * @example
 * const api = patch(deployment({ name: "api", containers: [c] }), {
 *   spec: { template: { spec: { containers: [{ name: "api", resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] }] } } },
 * });
 */
export function patch<T extends Manifest>(object: T, partial: Patch<T>): T {
  return applyPatch("patch", object, partial, [], (o) => [
    ...patchedIssues(object as unknown as Record<string, unknown>, o, checksOf(o.kind)),
    ...customKindIssues(o),
  ]);
}
