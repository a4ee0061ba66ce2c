/**
 * `callCenter(config)`: every object of the call-center deployment, composed only from the public builders
 * of @call-center/k8s-builders. Pure: the same configuration gives the same objects.
 */
import type { Manifest as KubernetesObject, ValidateBundleOptions } from "@call-center/k8s-builders";
import type { Secret, Service } from "kubernetes-types/core/v1.js";
import { adminApi, callProcessor } from "./components/apps.ts";
import { baseObjects } from "./components/config-objects.ts";
import { postgresql, redis } from "./components/data-stores.ts";
import { ingresses } from "./components/ingress.ts";
import { grafanaAdminSecret, monitoringStack } from "./components/monitoring.ts";
import { networkPolicies, podsOf } from "./components/network-policies.ts";
import { appliedSecrets } from "./components/secrets.ts";
import type { CallCenterConfig } from "./config.ts";
import { NAMES } from "./names.ts";
import { production } from "./production.ts";

/** The name of the bundle's Prometheus Deployment (the monitoring stack's default). */
const PROMETHEUS = "prometheus";

/**
 * The objects of the bundle, grouped by component (the directory tree follows these groups): what an apply
 * creates. The apps' Secrets are in it only as `secrets.mode` says (`inline`: the placeholder Secrets,
 * `external`: ExternalSecrets, `template`: nothing; see {@link callCenterSecretTemplates}).
 */
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
  const appSecrets = appliedSecrets(config, [dbCredentials, apiKeys, jwtSecret]);
  const grafanaSecrets = appliedSecrets(
    config,
    config.monitoring.enabled ? [grafanaAdminSecret(config)] : [],
  );
  return {
    base: [base.namespace, ...appSecrets, base.appConfig],
    callProcessor: [cp.deployment, ...cp.services, ...(cp.hpa ? [cp.hpa] : []), ...(cp.pdb ? [cp.pdb] : [])],
    adminApi: [admin.deployment, ...admin.services, ...(admin.pdb ? [admin.pdb] : [])],
    postgresql: pg ? [...pg.configMaps, pg.statefulSet, ...pg.services] : [],
    redis: rd ? [rd.statefulSet, ...rd.services] : [],
    ingress: ingresses(config, [
      ...cp.services,
      ...admin.services,
      ...mon.objects.filter((o): o is Service => o.kind === "Service"),
    ]),
    monitoring: [...grafanaSecrets, ...mon.objects],
    networkPolicies: config.networkPolicies.enabled ? networkPolicies(config, mon.names) : [],
  };
}

/**
 * The placeholder templates of the Secrets the bundle's pods read (`db-credentials`, `api-keys`, `jwt-secret`,
 * and `grafana-admin` with monitoring), whatever `secrets.mode`: fill them in and apply them once, outside the
 * bundle, or create the Secrets with `kubectl create secret`.
 *
 * @example
 * process.stdout.write(toYaml(callCenterSecretTemplates(resolveConfig("production"))));
 */
export function callCenterSecretTemplates(config: CallCenterConfig = production): Secret[] {
  const base = baseObjects(config);
  const { dbCredentials, apiKeys, jwtSecret } = base.secrets;
  return [
    dbCredentials,
    apiKeys,
    jwtSecret,
    ...(config.monitoring.enabled ? [grafanaAdminSecret(config)] : []),
  ];
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

/**
 * The `validateBundle` options that describe the bundle's cluster: a bundle meant for applying (so inline
 * placeholder Secrets are warned about), the Secrets made outside the bundle (the Ingress's TLS Secret, and the
 * apps' Secrets unless `secrets.mode` is `inline`) and the Prometheus Operator's ServiceMonitor selector.
 *
 * @example
 * const report = validateBundle(callCenter(config), callCenterCheckOptions(config));
 */
export function callCenterCheckOptions(config: CallCenterConfig = production): ValidateBundleOptions {
  const madeOutside =
    config.secrets.mode === "inline"
      ? []
      : callCenterSecretTemplates(config).map((s) => s.metadata?.name ?? "");
  return {
    // The bundle goes to kubectl apply: placeholder Secrets in it (inline mode only) are warned about.
    purpose: "apply",
    externalSecrets: [config.ingress.tlsSecretName, ...madeOutside],
    // A Gateway the platform team runs is outside the bundle: the routes attach to it.
    ...(config.ingress.controller === "gateway" && !config.ingress.createGateway && config.ingress.gateway
      ? { external: [`Gateway/${config.ingress.gateway.name}`] }
      : {}),
    ...(config.monitoring.enabled && config.monitoring.serviceMonitors
      ? { serviceMonitorSelector: config.monitoring.discoveryLabels }
      : {}),
    // Who talks to the bundle from outside its workloads: the NetworkPolicies must let them through.
    peers: {
      ingress: { namespace: config.ingress.controllerNamespace },
      // The AudioSocket clients (e.g. Asterisk) connect from outside the cluster; a public address stands for them.
      external: { "audiosocket-clients": { ip: "198.51.100.10" } },
      ...(config.monitoring.enabled
        ? { prometheus: [{ namespace: config.namespace, podLabels: podsOf(PROMETHEUS) }] }
        : {}),
    },
    consumers: { [NAMES.audioSocketService]: ["audiosocket-clients"] },
  };
}
