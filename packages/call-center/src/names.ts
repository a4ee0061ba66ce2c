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
  prometheus: "prometheus",
  grafana: "grafana",
  partOf: "call-center",
} as const;

/** The path → Service mapping, explicit so that docs and tests read it from one place. */
export const ROUTES = [
  { path: "/api", service: NAMES.adminApi, websocket: false },
  { path: "/admin", service: NAMES.adminApi, websocket: false },
  { path: "/ws", service: NAMES.callProcessor, websocket: true },
] as const;
