/**
 * PostgreSQL 16 and Redis 7 as StatefulSets, each with a ClusterIP Service for clients and a headless Service
 * that gives the pods stable names. Both images run as their non-root user (uid 999) with a read-only root
 * filesystem; the data lives on the claim and the few paths they write are emptyDirs.
 * With `external` set (a managed database), the objects are left out and the apps point at the given host.
 */
import {
  CHECKSUM_ANNOTATION,
  configChecksum,
  configMap,
  serviceFor,
  statefulSet,
} from "@call-center/k8s-builders";
import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, Service } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { common, componentLabels } from "./common.ts";
import type { BaseObjects } from "./config-objects.ts";

export interface StoreObjects {
  statefulSet: StatefulSet;
  services: Service[];
  configMaps: ConfigMap[];
}

const DATA_UID = 999;
const nonRoot = { runAsUser: DATA_UID, runAsGroup: DATA_UID, fsGroup: DATA_UID };

export function postgresql(c: CallCenterConfig, base: BaseObjects): StoreObjects | undefined {
  if (c.postgres.external !== undefined) return undefined;
  const p = c.postgres;
  const initdb = configMap({
    name: NAMES.postgresInit,
    ...common(c),
    ...componentLabels(c, "postgres"),
    data: { ...p.initScripts },
  });
  const isReady = ["sh", "-c", 'exec pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'];
  const sts = statefulSet({
    name: NAMES.postgres,
    ...common(c),
    ...componentLabels(c, "postgres"),
    serviceName: NAMES.postgresHeadless,
    replicas: 1,
    security: { ...nonRoot, writablePaths: ["/tmp", "/var/run/postgresql"] },
    podAnnotations: { [CHECKSUM_ANNOTATION]: configChecksum([initdb, base.secrets.dbCredentials]) },
    containers: [
      {
        name: "postgres",
        image: c.images.postgres,
        ports: [{ name: "postgres", containerPort: 5432 }],
        env: {
          POSTGRES_DB: p.database,
          POSTGRES_USER: { secretKeyRef: { name: NAMES.dbCredentials, key: "username" } },
          POSTGRES_PASSWORD: { secretKeyRef: { name: NAMES.dbCredentials, key: "password" } },
          // A subdirectory: the volume's root holds lost+found, which initdb refuses.
          PGDATA: "/var/lib/postgresql/data/pgdata",
        },
        resources: p.resources,
        livenessProbe: {
          exec: { command: isReady },
          periodSeconds: 10,
          initialDelaySeconds: 30,
          timeoutSeconds: 5,
        },
        readinessProbe: { exec: { command: isReady }, periodSeconds: 5, timeoutSeconds: 5 },
        volumeMounts: [
          { name: "data", mountPath: "/var/lib/postgresql/data" },
          // The official image runs these scripts once, on an empty data directory.
          { name: "initdb", mountPath: "/docker-entrypoint-initdb.d", readOnly: true },
        ],
      },
    ],
    volumes: [{ name: "initdb", configMap: { name: NAMES.postgresInit } }],
    volumeClaimTemplates: [
      {
        name: "data",
        storage: p.storage,
        ...(p.storageClassName === undefined ? {} : { storageClassName: p.storageClassName }),
      },
    ],
  });
  return {
    statefulSet: sts,
    services: [serviceFor(sts), serviceFor(sts, { name: NAMES.postgresHeadless, headless: true })],
    configMaps: [initdb],
  };
}

export function redis(c: CallCenterConfig): StoreObjects | undefined {
  if (c.redis.external !== undefined) return undefined;
  const r = c.redis;
  const sts = statefulSet({
    name: NAMES.redis,
    ...common(c),
    ...componentLabels(c, "redis"),
    serviceName: NAMES.redisHeadless,
    replicas: 1,
    security: nonRoot,
    containers: [
      {
        name: "redis",
        image: c.images.redis,
        args: ["redis-server", "--appendonly", "yes", "--dir", "/data"],
        ports: [{ name: "redis", containerPort: 6379 }],
        resources: r.resources,
        livenessProbe: {
          exec: { command: ["redis-cli", "ping"] },
          periodSeconds: 10,
          initialDelaySeconds: 10,
        },
        readinessProbe: { exec: { command: ["redis-cli", "ping"] }, periodSeconds: 5 },
        volumeMounts: [{ name: "data", mountPath: "/data" }],
      },
    ],
    volumeClaimTemplates: [
      {
        name: "data",
        storage: r.storage,
        ...(r.storageClassName === undefined ? {} : { storageClassName: r.storageClassName }),
      },
    ],
  });
  return {
    statefulSet: sts,
    services: [serviceFor(sts), serviceFor(sts, { name: NAMES.redisHeadless, headless: true })],
    configMaps: [],
  };
}
