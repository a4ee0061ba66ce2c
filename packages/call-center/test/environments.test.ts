import { K8sBuilderError, z } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";
import { resolveValues } from "../src/environments.ts";
import { CallCenterValuesSchema, callCenter, deepMerge, production, resolveConfig } from "../src/index.ts";

describe("resolveValues", () => {
  it("returns the bundle it built to check the values, so that the command line builds it once", () => {
    const values = { callProcessor: { replicas: 5 } };
    const { config, objects } = resolveValues("staging", values);
    expect(config).toBeDefined();
    expect(objects).toEqual(callCenter(resolveConfig("staging", values)));
  });

  it("takes no values as the empty values file the schema would make of them (its check is skipped)", () => {
    // resolveValues skips the values schema for `{}`: exact only while the schema adds nothing to `{}`.
    expect(z.safeParse(CallCenterValuesSchema, {})).toEqual({ success: true, data: {} });
    expect(resolveValues("staging", {}).config).toEqual(resolveValues("staging", Object.create(null)).config);
  });

  it("returns no objects when nothing could be built", () => {
    expect(resolveValues("production", ["not", "a", "map"])).toMatchObject({
      config: undefined,
      objects: [],
    });
  });
});

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

describe("resolveConfig: a values file's problems, all at once, at their values-file paths", () => {
  function issuesOf(values: unknown): { path: string; code: string; message: string }[] {
    try {
      resolveConfig("production", values);
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      return [...(e as K8sBuilderError).issues];
    }
    return expect.unreachable();
  }

  it.each([
    {
      values: { callProcessor: { resources: { requests: { memory: "1Gi" } } } },
      path: "callProcessor.resources.requests.memory",
      code: "requests_exceed_limits",
    },
    {
      values: { adminApi: { resources: { requests: { memory: "64m" } } } },
      path: "adminApi.resources.requests.memory",
      code: "memory_in_millibytes",
    },
    {
      values: { postgres: { resources: { requests: { cpu: "2" } } } },
      path: "postgres.resources.requests.cpu",
      code: "requests_exceed_limits",
    },
    {
      values: { monitoring: { prometheusResources: { requests: { memory: "2Gi" } } } },
      path: "monitoring.prometheusResources.requests.memory",
      code: "requests_exceed_limits",
    },
    {
      values: { callProcessor: { autoscaling: { enabled: false }, replicas: 3e9 } },
      path: "callProcessor.replicas",
      code: "too_big",
    },
    {
      values: { callProcessor: { autoscaling: { maxReplicas: 3e9 } } },
      path: "callProcessor.autoscaling.maxReplicas",
      code: "too_big",
    },
    {
      values: { callProcessor: { shutdown: { terminationGracePeriodSeconds: 3e9 } } },
      path: "callProcessor.shutdown.terminationGracePeriodSeconds",
      code: "too_big",
    },
    {
      values: { adminApi: { probes: { liveness: { periodSeconds: 3e9 } } } },
      path: "adminApi.probes.liveness.periodSeconds",
      code: "too_big",
    },
    { values: { postgres: { storage: "0" } }, path: "postgres.storage", code: "invalid_value" },
    {
      values: { postgres: { initScripts: { "a.sql": "x".repeat(1_100_000) } } },
      path: "postgres.initScripts",
      code: "too_big",
    },
  ])("reports what a builder refuses at $path, not at the builder's option", ({ values, path }) => {
    const issues = issuesOf(values);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]?.message).not.toMatch(/containers\[|volumeClaimTemplates|\(in /);
  });

  it("reports the problems of every stage in one run: schema, configuration rules and builders", () => {
    const issues = issuesOf({
      host: "Bad Host",
      callProcessor: {
        replicaz: 3,
        autoscaling: { maxReplicas: 1 },
        resources: { requests: { memory: "1Gi" } },
      },
      postgres: { storage: "0" },
    });
    expect(issues.map((i) => i.path)).toEqual([
      "host",
      "callProcessor.replicaz",
      "callProcessor.autoscaling.minReplicas",
      "callProcessor.resources.requests.memory",
      "postgres.storage",
    ]);
  });

  it("suggests the key meant by a misspelt one", () => {
    expect(issuesOf({ callProcessor: { replicaz: 2 }, monitoring: { retenton: "3d" } })).toEqual([
      expect.objectContaining({
        path: "callProcessor.replicaz",
        message: 'unknown option "replicaz" (did you mean "replicas"?)',
      }),
      expect.objectContaining({
        path: "monitoring.retenton",
        message: 'unknown option "retenton" (did you mean "retention"?)',
      }),
    ]);
  });

  it("suggests the value meant by a misspelt one of a fixed set", () => {
    expect(
      issuesOf({ ingress: { controller: "ngnix" }, secrets: { mode: "templat" }, networkPolicies: {} }),
    ).toEqual([
      expect.objectContaining({
        path: "ingress.controller",
        message: expect.stringMatching(/received "ngnix" \(did you mean "nginx"\?\)$/),
      }),
      expect.objectContaining({
        path: "secrets.mode",
        message: expect.stringMatching(/received "templat" \(did you mean "template"\?\)$/),
      }),
    ]);
  });

  it("suggests nothing for a value far from every allowed one", () => {
    const [issue] = issuesOf({ ingress: { controller: "haproxy" } });
    expect(issue?.message).not.toContain("did you mean");
  });

  it.each(["__proto__", "constructor", "toString", "prod"])("refuses the environment %s", (env) => {
    try {
      resolveConfig(env as "production");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      expect((e as K8sBuilderError).issues).toEqual([
        expect.objectContaining({ path: "env", code: "unknown_environment" }),
      ]);
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
