import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../k8s-builders/src/base/errors.ts";
import { deepMerge, production, resolveConfig } from "../src/index.ts";

describe("resolveConfig", () => {
  it("returns the seed's numbers for production", () => {
    expect(resolveConfig("production")).toEqual(production);
  });

  it("gives staging one replica, smaller resources and its own host and namespace", () => {
    const s = resolveConfig("staging");
    expect(s.callProcessor.replicas).toBe(1);
    expect(s.adminApi.replicas).toBe(1);
    expect(s.host).toBe("staging.calls.example.com");
    expect(s.namespace).toBe("call-center-staging");
    expect(s.callProcessor.resources.limits?.memory).toBe("256Mi");
    // Untouched fields come from production.
    expect(s.callProcessor.audioSocketPort).toBe(9092);
  });

  it("merges a values file over the environment, replacing arrays and scalars", () => {
    const c = resolveConfig("staging", {
      callProcessor: { audioSocket: { sourceRanges: ["203.0.113.0/24"] } },
      appConfig: { FEATURE_X: "on" },
    });
    expect(c.callProcessor.audioSocket.sourceRanges).toEqual(["203.0.113.0/24"]);
    expect(c.appConfig).toEqual({ LOG_LEVEL: "debug", FEATURE_X: "on" });
    expect(c.host).toBe("staging.calls.example.com");
  });

  it("switches to managed databases with external hosts", () => {
    const c = resolveConfig("production", { postgres: { external: { host: "db.example.com", port: 5432 } } });
    expect(c.postgres.external).toEqual({ host: "db.example.com", port: 5432 });
  });

  it.each([
    { values: { callProcessor: { replicas: 0 } }, path: "callProcessor.replicas" },
    { values: { callProcessor: { replicaz: 2 } }, path: "callProcessor.replicaz" },
    { values: { images: { redis: "redis:latest" } }, path: "images.redis" },
    {
      values: { callProcessor: { autoscaling: { minReplicas: 11 } } },
      path: "callProcessor.autoscaling.minReplicas",
    },
    {
      values: { adminApi: { disruptionBudget: { minAvailable: 2 } } },
      path: "adminApi.disruptionBudget.minAvailable",
    },
    {
      values: { callProcessor: { shutdown: { preStopDelaySeconds: 4000 } } },
      path: "callProcessor.shutdown.preStopDelaySeconds",
    },
    { values: { postgres: { external: { host: "db.example.com" } } }, path: "postgres.external.port" },
    { values: { appConfig: { "bad-name": "x" } }, path: 'appConfig["bad-name"]' },
    { values: "not a map", path: "" },
  ])("refuses $path", ({ values, path }) => {
    try {
      resolveConfig("production", values);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      expect((e as K8sBuilderError).issues.map((i) => i.path)).toContain(path);
    }
  });
});

describe("deepMerge", () => {
  it("merges objects recursively and replaces everything else", () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({
      a: { b: 1, c: [3] },
      d: 1,
      e: 2,
    });
  });
  it("does not change its inputs", () => {
    const base = { a: { b: 1 } };
    deepMerge(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});
