import type { CallCenterConfig, GeneratedAppConfigKey } from "../config.ts";
import { NAMES } from "../names.ts";

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
