/** Every object of every bundle variant is valid against the official Kubernetes schema, strictly. */

import { schemaProblems } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { callCenter, resolveConfig } from "../src/index.ts";

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
});

describe("managed databases", () => {
  const objects = callCenter(variants["managed databases, Traefik, NodePort"]);
  it("leaves out the StatefulSets and their Services", () => {
    expect(objects.filter((o) => o.kind === "StatefulSet")).toEqual([]);
    expect(objects.map((o) => o.metadata?.name)).not.toContain("postgresql");
    expect(objects.map((o) => o.metadata?.name)).not.toContain("redis");
  });
  it("points the apps at the given hosts", () => {
    const cfg = objects.find((o) => o.kind === "ConfigMap" && o.metadata?.name === "app-config") as {
      data: Record<string, string>;
    };
    expect(cfg.data).toMatchObject({
      DB_HOST: "db.example.com",
      DB_PORT: "5432",
      REDIS_HOST: "cache.example.com",
      REDIS_PORT: "6379",
    });
  });
  it("exposes AudioSocket on a fixed NodePort and keeps the Deployment's replicas without an HPA", () => {
    const svc = objects.find((o) => o.metadata?.name === "call-processor-audiosocket") as {
      spec: { type: string; ports: { nodePort: number }[] };
    };
    expect(svc.spec.type).toBe("NodePort");
    expect(svc.spec.ports[0]?.nodePort).toBe(30092);
    const d = objects.find((o) => o.kind === "Deployment" && o.metadata?.name === "call-processor") as {
      spec: { replicas: number };
    };
    expect(d.spec.replicas).toBe(2);
    expect(objects.filter((o) => o.kind === "HorizontalPodAutoscaler")).toEqual([]);
  });
});
