/**
 * `callCenter(config)`: every object of the call-center deployment, composed only from the public builders
 * of @call-center/k8s-builders. Pure: the same configuration gives the same objects.
 */
import type { Manifest as KubernetesObject } from "@call-center/k8s-builders";
import { adminApi, callProcessor } from "./components/apps.ts";
import { baseObjects } from "./components/config-objects.ts";
import { postgresql, redis } from "./components/data-stores.ts";
import { ingresses } from "./components/ingress.ts";
import { monitoringStack } from "./components/monitoring.ts";
import { networkPolicies } from "./components/network-policies.ts";
import type { CallCenterConfig } from "./config.ts";
import { production } from "./environments.ts";

/** The objects of the bundle, grouped by component (the directory tree follows these groups). */
export interface CallCenterBundle {
  base: KubernetesObject[];
  callProcessor: KubernetesObject[];
  adminApi: KubernetesObject[];
  postgresql: KubernetesObject[];
  redis: KubernetesObject[];
  ingress: KubernetesObject[];
  monitoring: KubernetesObject[];
  networkPolicies: KubernetesObject[];
}

/**
 * Builds the call-center bundle by component.
 *
 * @example
 * const parts = callCenterParts(resolveConfig("production"));
 */
export function callCenterParts(config: CallCenterConfig = production): CallCenterBundle {
  const base = baseObjects(config);
  const cp = callProcessor(config, base);
  const admin = adminApi(config, base);
  const pg = postgresql(config, base);
  const rd = redis(config);
  const mon = monitoringStack(config, [...cp.services, ...admin.services]);
  const { dbCredentials, apiKeys, jwtSecret } = base.secrets;
  return {
    base: [base.namespace, dbCredentials, apiKeys, jwtSecret, base.appConfig],
    callProcessor: [cp.deployment, ...cp.services, ...(cp.hpa ? [cp.hpa] : []), ...(cp.pdb ? [cp.pdb] : [])],
    adminApi: [admin.deployment, ...admin.services, ...(admin.pdb ? [admin.pdb] : [])],
    postgresql: pg ? [...pg.configMaps, pg.statefulSet, ...pg.services] : [],
    redis: rd ? [rd.statefulSet, ...rd.services] : [],
    ingress: ingresses(config),
    monitoring: mon.objects,
    networkPolicies: config.networkPolicies.enabled ? networkPolicies(config, mon.names) : [],
  };
}

/**
 * Every object of the call-center bundle, in a stable order.
 *
 * @example
 * process.stdout.write(toYaml(callCenter(resolveConfig("staging"))));
 */
export function callCenter(config: CallCenterConfig = production): KubernetesObject[] {
  return Object.values(callCenterParts(config)).flat();
}
