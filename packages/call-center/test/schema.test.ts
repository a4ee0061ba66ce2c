/**
 * Every object of every bundle variant is valid against the official Kubernetes schema, strictly, and every
 * variant is ready to apply: the testing entry's helpers on a real bundle.
 */

import {
  expectValidBundle,
  findObject,
  schemaProblems,
  yamlSnapshotSerializer,
} from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

// Prints Kubernetes objects as YAML in the snapshots below (strings and other values are printed as before).
expect.addSnapshotSerializer(yamlSnapshotSerializer);

const variants = {
  production: resolveConfig("production"),
  staging: resolveConfig("staging"),
  "managed databases, Traefik, NodePort": resolveConfig("production", {
    postgres: { external: { host: "db.example.com", port: 5432 } },
    redis: { external: { host: "cache.example.com", port: 6379 } },
    ingress: { controller: "traefik" },
    callProcessor: { audioSocket: { type: "NodePort", nodePort: 30092 }, autoscaling: { enabled: false } },
    monitoring: { enabled: false },
    networkPolicies: { enabled: false },
  }),
  "inline Secrets": resolveConfig("production", { secrets: { mode: "inline" } }),
  "External Secrets": resolveConfig("production", {
    secrets: { mode: "external", store: { name: "vault", kind: "ClusterSecretStore" } },
  }),
  "Grafana routed": resolveConfig("production", { monitoring: { grafanaRoute: { enabled: true } } }),
};

describe.each(Object.entries(variants))("the %s bundle", (_name, config) => {
  const objects = callCenter(config);
  it.each(objects.map((o) => [`${o.kind} ${o.metadata?.name}`, o] as const))(
    "%s is schema-valid",
    (_label, o) => {
      expect(schemaProblems(o)).toEqual([]);
    },
  );
  it("is ready to apply: schema-valid, no findings, restricted pods", () => {
    expectValidBundle(objects, {
      warnings: config.secrets.mode === "inline" ? "allow" : "deny",
      podSecurity: "restricted",
      validate: callCenterCheckOptions(config),
    });
  });
});

describe("managed databases", () => {
  const objects = callCenter(variants["managed databases, Traefik, NodePort"]);
  it("leaves out the StatefulSets and their Services", () => {
    expect(objects.filter((o) => o.kind === "StatefulSet")).toEqual([]);
    expect(objects.map((o) => o.metadata?.name)).not.toContain("postgresql");
    expect(objects.map((o) => o.metadata?.name)).not.toContain("redis");
  });
  it("points the apps at the given hosts", () => {
    const cfg = findObject(objects, "ConfigMap", "app-config");
    expect(cfg.data).toMatchObject({
      DB_HOST: "db.example.com",
      DB_PORT: "5432",
      REDIS_HOST: "cache.example.com",
      REDIS_PORT: "6379",
    });
  });
  it("exposes AudioSocket on a fixed NodePort and keeps the Deployment's replicas without an HPA", () => {
    const svc = findObject(objects, "Service", "call-processor-audiosocket");
    expect(svc.spec?.type).toBe("NodePort");
    expect(svc.spec?.ports?.[0]?.nodePort).toBe(30092);
    expect(findObject(objects, "Deployment", "call-processor").spec?.replicas).toBe(2);
    expect(objects.filter((o) => o.kind === "HorizontalPodAutoscaler")).toEqual([]);
    expect(svc).toMatchInlineSnapshot(`
      apiVersion: v1
      kind: Service
      metadata:
        name: call-processor-audiosocket
        namespace: call-center
        labels:
          app.kubernetes.io/name: call-processor
          app.kubernetes.io/instance: call-processor
          app.kubernetes.io/version: "1.0.0"
          app.kubernetes.io/component: call-engine
          app.kubernetes.io/part-of: call-center
          app.kubernetes.io/managed-by: k8s-builders
          environment: production
      spec:
        type: NodePort
        selector:
          app.kubernetes.io/name: call-processor
          app.kubernetes.io/instance: call-processor
        ports:
          - name: audiosocket
            port: 9092
            targetPort: audiosocket
            protocol: TCP
            nodePort: 30092
        externalTrafficPolicy: Local
    `);
  });
});
