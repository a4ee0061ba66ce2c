import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { type StatefulSetOptions, statefulSet } from "./stateful-set.ts";

const base = {
  name: "postgresql",
  namespace: "db",
  containers: [
    {
      name: "postgres",
      image: "postgres:16.4",
      ports: [{ name: "postgres", containerPort: 5432 }],
      volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
      livenessProbe: { exec: { command: ["pg_isready", "-U", "postgres"] } },
    },
  ],
  volumeClaimTemplates: [{ name: "data", storage: "10Gi" }],
} satisfies StatefulSetOptions;

function build(extra: Partial<StatefulSetOptions> = {}) {
  const s = statefulSet({ ...base, ...extra });
  assertSchemaValid(s);
  return s;
}

describe("statefulSet", () => {
  it("names its headless Service after itself by default", () => {
    expect(build().spec?.serviceName).toBe("postgresql");
    expect(build({ serviceName: "pg-headless" }).spec?.serviceName).toBe("pg-headless");
  });

  it("writes volume claim templates with size, access mode and storage class", () => {
    const s = build({ volumeClaimTemplates: [{ name: "data", storage: "10Gi", storageClassName: "fast" }] });
    expect(s.spec?.volumeClaimTemplates?.[0]?.spec).toEqual({
      accessModes: ["ReadWriteOnce"],
      storageClassName: "fast",
      resources: { requests: { storage: "10Gi" } },
    });
    expect(s.spec?.volumeClaimTemplates?.[0]?.metadata?.name).toBe("data");
  });

  it("keeps claims when deleted or scaled down unless told otherwise", () => {
    expect(build().spec?.persistentVolumeClaimRetentionPolicy).toEqual({
      whenDeleted: "Retain",
      whenScaled: "Retain",
    });
    expect(
      build({ pvcRetention: { whenScaled: "Delete" } }).spec?.persistentVolumeClaimRetentionPolicy,
    ).toEqual({
      whenDeleted: "Retain",
      whenScaled: "Delete",
    });
  });

  it("writes the pod management policy and replicas", () => {
    expect(build().spec).toMatchObject({ podManagementPolicy: "OrderedReady", replicas: 1 });
    expect(build({ podManagementPolicy: "Parallel", replicas: 3 }).spec).toMatchObject({
      podManagementPolicy: "Parallel",
      replicas: 3,
    });
  });

  it("updates pods one by one by default, with no rolling-update parameters", () => {
    expect(build().spec?.updateStrategy).toEqual({ type: "RollingUpdate" });
  });

  it("writes a partition and maxUnavailable for a staged rolling update", () => {
    expect(build({ partition: 2, maxUnavailable: "50%" }).spec?.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { partition: 2, maxUnavailable: "50%" },
    });
  });

  it("replaces pods only when they are deleted with updateStrategy OnDelete", () => {
    expect(build({ updateStrategy: "OnDelete" }).spec?.updateStrategy).toEqual({ type: "OnDelete" });
  });

  it("writes minReadySeconds and revisionHistoryLimit when given", () => {
    expect(build({ minReadySeconds: 15, revisionHistoryLimit: 3 }).spec).toMatchObject({
      minReadySeconds: 15,
      revisionHistoryLimit: 3,
    });
    expect(build().spec).not.toHaveProperty("minReadySeconds");
    expect(build().spec).not.toHaveProperty("revisionHistoryLimit");
  });

  it("lets containers mount a claim template by name", () => {
    expect(build().spec?.template?.spec?.containers[0]?.volumeMounts).toContainEqual({
      name: "data",
      mountPath: "/var/lib/postgresql/data",
    });
  });

  it.each([
    {
      options: { ...base, volumeClaimTemplates: [] },
      code: "unknown_volume",
      path: "containers[0].volumeMounts[0].name",
    },
    {
      options: { ...base, volumeClaimTemplates: [{ name: "data", storage: "10GB" }] },
      code: "invalid_format",
      path: "volumeClaimTemplates[0].storage",
    },
    {
      options: { ...base, volumes: [{ name: "data", emptyDir: {} }] },
      code: "duplicate",
      path: "volumeClaimTemplates[0].name",
    },
    {
      // The writable emptyDir for /data is the volume "data": the claim would replace it.
      options: { ...base, security: { writablePaths: ["/data"] } },
      code: "duplicate",
      path: "volumeClaimTemplates[0].name",
    },
    {
      options: { ...base, podManagementPolicy: "Random" },
      code: "invalid_value",
      path: "podManagementPolicy",
    },
    {
      options: { ...base, updateStrategy: "OnDelete", partition: 1 },
      code: "conflicting_options",
      path: "partition",
    },
    {
      options: { ...base, updateStrategy: "OnDelete", maxUnavailable: 2 },
      code: "conflicting_options",
      path: "maxUnavailable",
    },
    { options: { ...base, maxUnavailable: 0 }, code: "too_small", path: "maxUnavailable" },
    { options: { ...base, maxUnavailable: "0%" }, code: "too_small", path: "maxUnavailable" },
    { options: { ...base, maxUnavailable: "150%" }, code: "too_big", path: "maxUnavailable" },
    { options: { ...base, partition: -1 }, code: "too_small", path: "partition" },
    { options: { ...base, updateStrategy: "Rolling" }, code: "invalid_value", path: "updateStrategy" },
    { options: { ...base, minReadySeconds: -1 }, code: "too_small", path: "minReadySeconds" },
    { options: { ...base, revisionHistoryLimit: 1.5 }, code: "invalid_type", path: "revisionHistoryLimit" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => statefulSet(options as StatefulSetOptions), code, path);
  });
});
