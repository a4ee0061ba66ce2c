/**
 * The rules across fields of the bundle's configuration: combinations it would otherwise drop or override
 * without a word, each refused at the values-file path to change.
 */

import { gatewayConfigRules } from "./config-gateway.ts";
import type { CallCenterConfig } from "./config-shape.ts";
import { ROUTES } from "./names.ts";

/**
 * The keys of the `app-config` ConfigMap that the bundle writes itself, each with the field it comes from:
 * `appConfig` cannot set them (it would silently override the bundle's value).
 */
export const GENERATED_APP_CONFIG = {
  DB_HOST: "postgres.external.host",
  DB_PORT: "postgres.external.port",
  DB_NAME: "postgres.database",
  REDIS_HOST: "redis.external.host",
  REDIS_PORT: "redis.external.port",
  AUDIOSOCKET_PORT: "callProcessor.audioSocketPort",
  ENVIRONMENT: "environment",
  HTTP_PORT: "callProcessor.httpPort and adminApi.httpPort (set on each container)",
} as const;

/** A key of {@link GENERATED_APP_CONFIG}. */
export type GeneratedAppConfigKey = keyof typeof GENERATED_APP_CONFIG;

/** Label keys the bundle sets itself or that Kubernetes reserves: `labels` cannot set them. */
function reservedLabel(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? "" : key.slice(0, slash);
  if (prefix === "pod-security.kubernetes.io")
    return "the bundle's Namespace enforces the restricted Pod Security Standard; a label cannot relax it";
  if (prefix === "app.kubernetes.io")
    return "the bundle sets the recommended app.kubernetes.io labels itself";
  if (/(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix))
    return "the kubernetes.io and k8s.io prefixes are reserved for Kubernetes";
  if (key === "environment") return "the bundle sets it from `environment`";
  return undefined;
}

/** A problem across fields of the configuration, at the values-file path the user should change. */
export interface ConfigRuleIssue {
  readonly path: readonly (string | number)[];
  readonly code: string;
  readonly message: string;
}

/**
 * Combinations the bundle would otherwise drop or override without a word: each is refused with the path of
 * the field to change.
 */
export function configRules(c: CallCenterConfig): ConfigRuleIssue[] {
  const issues: ConfigRuleIssue[] = [];
  const audio = c.callProcessor.audioSocket;
  if (audio.type !== "LoadBalancer" && audio.sourceRanges.length > 0) {
    issues.push({
      path: ["callProcessor", "audioSocket", "sourceRanges"],
      code: "conflicting_options",
      message: `sourceRanges restrict a LoadBalancer only, but audioSocket.type is ${audio.type}: restrict the nodes' firewall instead, or use type LoadBalancer`,
    });
  }
  if (c.callProcessor.audioSocketPort === c.callProcessor.httpPort) {
    issues.push({
      path: ["callProcessor", "audioSocketPort"],
      code: "duplicate",
      message: `audioSocketPort (${c.callProcessor.audioSocketPort}) is also httpPort: AudioSocket and HTTP need a port each`,
    });
  }
  for (const key of Object.keys(c.appConfig)) {
    if (Object.hasOwn(GENERATED_APP_CONFIG, key)) {
      issues.push({
        path: ["appConfig", key],
        code: "reserved_env",
        message: `${key} is written by the bundle (from ${GENERATED_APP_CONFIG[key as GeneratedAppConfigKey]}): set that instead`,
      });
    }
  }
  for (const key of Object.keys(c.labels)) {
    const why = reservedLabel(key);
    if (why !== undefined) {
      issues.push({ path: ["labels", key], code: "reserved_label", message: `label ${key}: ${why}` });
    }
  }
  const route = c.monitoring.grafanaRoute;
  const clash = ROUTES.find((r) => route.path === r.path || route.path.startsWith(`${r.path}/`));
  if (c.monitoring.enabled && route.enabled && clash !== undefined) {
    issues.push({
      path: ["monitoring", "grafanaRoute", "path"],
      code: "conflicting_options",
      message: `${route.path} is under ${clash.path}, which routes to ${clash.service}: choose another path for Grafana`,
    });
  }
  if (c.monitoring.enabled && route.enabled && c.secrets.mode === "inline") {
    issues.push({
      path: ["monitoring", "grafanaRoute", "enabled"],
      code: "conflicting_options",
      message:
        "secrets.mode is inline: Grafana's admin password would be the placeholder, on a public route; create the grafana-admin Secret (template or external mode) before routing Grafana",
    });
  }
  const s = c.secrets;
  if (s.mode === "external" && s.store === undefined) {
    issues.push({
      path: ["secrets", "store"],
      code: "required",
      message: "secrets.mode is external: name the External Secrets store ({ name, kind })",
    });
  }
  if (s.mode !== "external" && s.store !== undefined) {
    issues.push({
      path: ["secrets", "store"],
      code: "conflicting_options",
      message: `secrets.store is set but secrets.mode is ${s.mode}: only external mode reads a store`,
    });
  }
  const remote = Object.keys(s.remoteKeys);
  if (s.mode !== "external" && remote.length > 0) {
    issues.push({
      path: ["secrets", "remoteKeys"],
      code: "conflicting_options",
      message: `secrets.remoteKeys is set but secrets.mode is ${s.mode}: only external mode reads remote keys`,
    });
  }
  if (!c.monitoring.enabled && remote.includes("grafana-admin")) {
    issues.push({
      path: ["secrets", "remoteKeys", "grafana-admin"],
      code: "conflicting_options",
      message: "monitoring is off: there is no grafana-admin Secret",
    });
  }
  issues.push(...gatewayConfigRules(c));
  return issues;
}
