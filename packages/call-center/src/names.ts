/** Names of the bundle's objects, in one place so that every reference uses the same spelling. */
export const NAMES = {
  callProcessor: "call-processor",
  audioSocketService: "call-processor-audiosocket",
  adminApi: "admin-api",
  postgres: "postgresql",
  postgresHeadless: "postgresql-headless",
  postgresInit: "postgresql-initdb",
  redis: "redis",
  redisHeadless: "redis-headless",
  appConfig: "app-config",
  dbCredentials: "db-credentials",
  apiKeys: "api-keys",
  jwtSecret: "jwt-secret",
  ingress: "call-center",
  websocketIngress: "call-center-ws",
  partOf: "call-center",
} as const;
