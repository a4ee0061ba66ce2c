import { imageVersion, MONITORING_COMPONENT } from "@call-center/k8s-builders";
import type { CallCenterConfig } from "../config.ts";
import type { GeneratedAppConfigKey } from "../config-rules.ts";
import { NAMES } from "../names.ts";

/**
 * The components of the bundle: the `app.kubernetes.io/name` of their objects, their
 * `app.kubernetes.io/component` and the image whose tag is their `app.kubernetes.io/version`.
 */
export const COMPONENTS = {
  callProcessor: { app: NAMES.callProcessor, component: "call-engine", image: "callProcessor" },
  adminApi: { app: NAMES.adminApi, component: "admin", image: "adminApi" },
  postgres: { app: NAMES.postgres, component: "database", image: "postgres" },
  redis: { app: NAMES.redis, component: "cache", image: "redis" },
  prometheus: { app: NAMES.prometheus, component: MONITORING_COMPONENT, image: "prometheus" },
  grafana: { app: NAMES.grafana, component: MONITORING_COMPONENT, image: "grafana" },
} as const satisfies Record<
  string,
  { app: string; component: string; image: keyof CallCenterConfig["images"] }
>;

/** The recommended labels of every object of a component: its name, component and version (its image's tag). */
export function componentLabels(
  c: CallCenterConfig,
  which: keyof typeof COMPONENTS,
): { app: string; component: string; version?: string } {
  const { app, component, image } = COMPONENTS[which];
  const version = imageVersion(c.images[image]);
  return { app, component, ...(version === undefined ? {} : { version }) };
}

/**
 * The release of the call-center's own software: the tag call-processor and admin-api share (unset when they
 * differ), the `app.kubernetes.io/version` of the objects the two apps share.
 */
export function releaseVersion(c: CallCenterConfig): string | undefined {
  const cp = imageVersion(c.images.callProcessor);
  return cp !== undefined && cp === imageVersion(c.images.adminApi) ? cp : undefined;
}

/**
 * The recommended labels of an object that belongs to the call-center as a whole (`app.kubernetes.io/name:
 * call-center`): with a component, and the apps' release as version, when it serves the two apps; without
 * either when it spans every component (the Namespace, the namespace-wide NetworkPolicies).
 */
export function callCenterLabels(
  c: CallCenterConfig,
  component?: string,
): { app: string; component?: string; version?: string } {
  const version = component === undefined ? undefined : releaseVersion(c);
  return {
    app: NAMES.partOf,
    ...(component === undefined ? {} : { component }),
    ...(version === undefined ? {} : { version }),
  };
}

/** Metadata every object of the bundle shares: namespace, part-of, the environment label and the user's labels. */
export function common(c: CallCenterConfig): {
  namespace: string;
  partOf: string;
  labels: Record<string, string>;
} {
  return {
    namespace: c.namespace,
    partOf: NAMES.partOf,
    labels: { environment: c.environment, ...c.labels },
  };
}

/**
 * The generated part of `app-config`: where the apps find PostgreSQL and Redis (the in-cluster Services, or the
 * managed services configured), the AudioSocket port and the environment. `HTTP_PORT` differs per app and is set
 * on each container. Exactly the keys of `GENERATED_APP_CONFIG`, which `appConfig` may not set.
 */
export function generatedAppConfig(
  c: CallCenterConfig,
): Record<Exclude<GeneratedAppConfigKey, "HTTP_PORT">, string> {
  return {
    DB_HOST: c.postgres.external?.host ?? `${NAMES.postgres}.${c.namespace}.svc`,
    DB_PORT: String(c.postgres.external?.port ?? 5432),
    DB_NAME: c.postgres.database,
    REDIS_HOST: c.redis.external?.host ?? `${NAMES.redis}.${c.namespace}.svc`,
    REDIS_PORT: String(c.redis.external?.port ?? 6379),
    AUDIOSOCKET_PORT: String(c.callProcessor.audioSocketPort),
    ENVIRONMENT: c.environment,
  };
}
