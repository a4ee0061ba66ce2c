import type { Job } from "kubernetes-types/batch/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { base, build, indexed } from "../../test/support/job.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { type JobOptions, job } from "./job.ts";
import { succeededIndexesProblem } from "./job-spec-rules.ts";

describe("job", () => {
  it("returns the type from kubernetes-types", () => {
    expectTypeOf(job).returns.toEqualTypeOf<BuiltWorkload<Job>>();
    expectTypeOf(job).returns.toExtend<Job>();
  });

  it("writes batch/v1 Job with the pods' restart policy Never by default and nothing else unasked", () => {
    const j = build();
    expect(j.apiVersion).toBe("batch/v1");
    expect(j.kind).toBe("Job");
    expect(j.spec?.template.spec?.restartPolicy).toBe("Never");
    expect(Object.keys(j.spec ?? {})).toEqual(["template"]);
  });

  it("writes the restricted security of the shared pod template", () => {
    const j = build();
    const c = j.spec?.template.spec?.containers[0];
    expect(j.spec?.template.spec?.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(c?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(j.spec?.template.spec?.automountServiceAccountToken).toBe(false);
  });

  it("labels the pods with the selector labels and writes no selector (the API server generates one)", () => {
    const j = build();
    expect(j.spec?.selector).toBeUndefined();
    expect(j.spec?.template.metadata?.labels).toMatchObject({
      "app.kubernetes.io/name": "db-migrate",
      "app.kubernetes.io/instance": "db-migrate",
      "app.kubernetes.io/version": "2.1.0",
    });
  });

  it("writes retries, deadlines, TTL and suspend as given", () => {
    const j = build({
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 3600,
      suspend: true,
    });
    expect(j.spec).toMatchObject({
      backoffLimit: 2,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 3600,
      suspend: true,
    });
  });

  it("takes a patch, and refuses one that lets its pods restart Always", () => {
    expect(build({ patch: { spec: { managedBy: "kueue.x-k8s.io/multikueue" } } }).spec.managedBy).toBe(
      "kueue.x-k8s.io/multikueue",
    );
    expectIssue(
      () => job({ ...base, patch: { spec: { template: { spec: { restartPolicy: "Always" } } } } }),
      "invalid_value",
      "patch.spec.template.spec.restartPolicy",
    );
  });

  it("refuses an Indexed Job without completions, which the API server would default to one index (ours)", () => {
    expectIssue(() => job({ ...base, completionMode: "Indexed" }), "required", "completions");
  });

  it("writes restartPolicy OnFailure when asked", () => {
    expect(build({ restartPolicy: "OnFailure" }).spec?.template.spec?.restartPolicy).toBe("OnFailure");
  });

  it("writes an Indexed Job with per-index retries and a success policy", () => {
    const j = build({
      ...indexed,
      backoffLimitPerIndex: 1,
      maxFailedIndexes: 3,
      successPolicy: [{ succeededIndexes: "0-2,5", succeededCount: 3 }],
    });
    expect(j.spec).toMatchObject({
      completionMode: "Indexed",
      completions: 10,
      parallelism: 2,
      backoffLimitPerIndex: 1,
      maxFailedIndexes: 3,
      successPolicy: { rules: [{ succeededIndexes: "0-2,5", succeededCount: 3 }] },
    });
  });

  it("writes a pod failure policy with exit codes in ascending order and the condition status defaulted", () => {
    const j = build({
      podFailurePolicy: [
        { action: "FailJob", onExitCodes: { containerName: "migrate", operator: "In", values: [42, 3] } },
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] },
      ],
    });
    expect(j.spec?.podFailurePolicy).toEqual({
      rules: [
        { action: "FailJob", onExitCodes: { containerName: "migrate", operator: "In", values: [3, 42] } },
        { action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] },
      ],
    });
  });

  it("reads succeededIndexes as the API server does", () => {
    expect(succeededIndexesProblem("0-2,5,7-9", 10)).toEqual({ count: 7 });
    expect(succeededIndexesProblem("", 10)).toEqual({ count: 0 });
    expect(succeededIndexesProblem("3-1", 10)).toHaveProperty("problem");
    expect(succeededIndexesProblem("5,2", 10)).toHaveProperty("problem");
    expect(succeededIndexesProblem("0-10", 10)).toHaveProperty("problem");
    expect(succeededIndexesProblem("a", 10)).toHaveProperty("problem");
  });

  it.each([
    { options: { ...base, restartPolicy: "Always" }, code: "invalid_value", path: "restartPolicy" },
    { options: { ...base, activeDeadlineSeconds: 0 }, code: "too_small", path: "activeDeadlineSeconds" },
    { options: { ...base, backoffLimit: -1 }, code: "too_small", path: "backoffLimit" },
    {
      options: { ...base, completionMode: "Indexed", parallelism: 2 },
      code: "required",
      path: "completions",
    },
    {
      options: { ...base, backoffLimitPerIndex: 1 },
      code: "conflicting_options",
      path: "backoffLimitPerIndex",
    },
    {
      options: { ...base, successPolicy: [{ succeededCount: 1 }] },
      code: "conflicting_options",
      path: "successPolicy",
    },
    {
      options: { ...base, ...indexed, backoffLimitPerIndex: 1, maxFailedIndexes: 11 },
      code: "too_big",
      path: "maxFailedIndexes",
    },
    {
      options: { ...base, ...indexed, maxFailedIndexes: 1 },
      code: "required",
      path: "backoffLimitPerIndex",
    },
    {
      options: { ...base, ...indexed, parallelism: 100_001 },
      code: "too_big",
      path: "parallelism",
    },
    {
      options: { ...base, name: "a".repeat(61), completionMode: "Indexed", completions: 100 },
      code: "too_big",
      path: "name",
    },
    {
      options: {
        ...base,
        restartPolicy: "OnFailure",
        podFailurePolicy: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1] } }],
      },
      code: "conflicting_options",
      path: "restartPolicy",
    },
    {
      options: {
        ...base,
        podReplacementPolicy: "TerminatingOrFailed",
        podFailurePolicy: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1] } }],
      },
      code: "conflicting_options",
      path: "podReplacementPolicy",
    },
    {
      options: { ...base, podFailurePolicy: [{ action: "FailJob" }] },
      code: "exactly_one",
      path: "podFailurePolicy[0].onExitCodes",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [
          {
            action: "Ignore",
            onExitCodes: { operator: "In", values: [1] },
            onPodConditions: [{ type: "DisruptionTarget" }],
          },
        ],
      },
      code: "exactly_one",
      path: "podFailurePolicy[0].onExitCodes",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1] } }],
      },
      code: "conflicting_options",
      path: "podFailurePolicy[0].action",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [
          { action: "FailJob", onExitCodes: { containerName: "other", operator: "In", values: [1] } },
        ],
      },
      code: "unknown_container",
      path: "podFailurePolicy[0].onExitCodes.containerName",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [{ action: "FailJob", onExitCodes: { operator: "In", values: [1, 1] } }],
      },
      code: "duplicate",
      path: "podFailurePolicy[0].onExitCodes.values[1]",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [{ action: "FailJob", onExitCodes: { operator: "In", values: [0] } }],
      },
      code: "invalid_value",
      path: "podFailurePolicy[0].onExitCodes.values[0]",
    },
    {
      options: {
        ...base,
        podFailurePolicy: [{ action: "Retry", onExitCodes: { operator: "In", values: [1] } }],
      },
      code: "invalid_value",
      path: "podFailurePolicy[0].action",
    },
    { options: { ...base, podFailurePolicy: [] }, code: "too_small", path: "podFailurePolicy" },
    {
      options: { ...base, ...indexed, successPolicy: [{}] },
      code: "required",
      path: "successPolicy[0].succeededCount",
    },
    {
      options: { ...base, ...indexed, successPolicy: [{ succeededIndexes: "3-1" }] },
      code: "invalid_format",
      path: "successPolicy[0].succeededIndexes",
    },
    {
      options: { ...base, ...indexed, successPolicy: [{ succeededCount: 11 }] },
      code: "too_big",
      path: "successPolicy[0].succeededCount",
    },
    {
      options: { ...base, ...indexed, successPolicy: [{ succeededIndexes: "0-1", succeededCount: 3 }] },
      code: "too_big",
      path: "successPolicy[0].succeededCount",
    },
    { options: { ...base, selector: { a: "b" } }, code: "unknown_option", path: "selector" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => job(options as JobOptions), code, path);
  });
});
