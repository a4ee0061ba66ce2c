import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { base, build, indexed } from "../../test/support/job.ts";
import { patch } from "../patch.ts";
import { type JobOptions, job } from "./job.ts";

describe("job: a patched Job meets the rules of the options", () => {
  const rule = { action: "FailJob", onExitCodes: { operator: "In", values: [1] } } as const;
  it.each([
    {
      extra: {},
      patch: { spec: { podFailurePolicy: { rules: [{ action: "FailJob" }] } } },
      code: "exactly_one",
      path: "spec.podFailurePolicy.rules[0].onExitCodes",
    },
    {
      extra: indexed,
      patch: { spec: { podFailurePolicy: { rules: [{ ...rule, action: "FailIndex" }] } } },
      code: "conflicting_options",
      path: "spec.podFailurePolicy.rules[0].action",
    },
    {
      extra: {},
      patch: { spec: { successPolicy: { rules: [{ succeededCount: 1 }] } } },
      code: "conflicting_options",
      path: "spec.successPolicy",
    },
    {
      extra: {},
      patch: { spec: { backoffLimitPerIndex: 1 } },
      code: "conflicting_options",
      path: "spec.backoffLimitPerIndex",
    },
    {
      extra: indexed,
      patch: { spec: { maxFailedIndexes: 1 } },
      code: "required",
      path: "spec.backoffLimitPerIndex",
    },
    {
      extra: { ...indexed, backoffLimitPerIndex: 1 },
      patch: { spec: { maxFailedIndexes: 11 } },
      code: "too_big",
      path: "spec.maxFailedIndexes",
    },
    {
      extra: indexed,
      patch: { spec: { successPolicy: { rules: [{ succeededCount: 11 }] } } },
      code: "too_big",
      path: "spec.successPolicy.rules[0].succeededCount",
    },
    {
      extra: indexed,
      patch: { spec: { successPolicy: { rules: [{ succeededIndexes: "3-1" }] } } },
      code: "invalid_format",
      path: "spec.successPolicy.rules[0].succeededIndexes",
    },
    {
      extra: indexed,
      patch: { spec: { successPolicy: { rules: [{}] } } },
      code: "required",
      path: "spec.successPolicy.rules[0].succeededCount",
    },
    {
      extra: indexed,
      patch: { spec: { successPolicy: { rules: [] } } },
      code: "too_small",
      path: "spec.successPolicy.rules",
    },
    {
      extra: indexed,
      patch: { spec: { parallelism: 100_001 } },
      code: "too_big",
      path: "spec.parallelism",
    },
    {
      extra: {},
      patch: { spec: { completionMode: "Indexed" } },
      code: "required",
      path: "spec.completions",
    },
    {
      extra: { name: "a".repeat(60) },
      patch: { spec: { completionMode: "Indexed", completions: 1000 } },
      code: "too_big",
      path: "metadata.name",
    },
    {
      extra: {},
      patch: { spec: { podFailurePolicy: { rules: [] } } },
      code: "too_small",
      path: "spec.podFailurePolicy.rules",
    },
    {
      extra: {},
      patch: { spec: { podFailurePolicy: { rules: [{ action: "Ignore", onPodConditions: [] }] } } },
      code: "too_small",
      path: "spec.podFailurePolicy.rules[0].onPodConditions",
    },
    {
      extra: {},
      patch: {
        spec: { podFailurePolicy: { rules: [{ ...rule, onExitCodes: { operator: "In", values: [3, 1] } }] } },
      },
      code: "invalid_value",
      path: "spec.podFailurePolicy.rules[0].onExitCodes.values[1]",
    },
    {
      extra: {},
      patch: {
        spec: { podFailurePolicy: { rules: [{ ...rule, onExitCodes: { operator: "In", values: [0] } }] } },
      },
      code: "invalid_value",
      path: "spec.podFailurePolicy.rules[0].onExitCodes.values[0]",
    },
    {
      extra: {},
      patch: {
        spec: {
          podFailurePolicy: { rules: [{ ...rule, onExitCodes: { operator: "NotIn", values: [1, 1] } }] },
        },
      },
      code: "duplicate",
      path: "spec.podFailurePolicy.rules[0].onExitCodes.values[1]",
    },
    {
      extra: {},
      patch: {
        spec: {
          podFailurePolicy: {
            rules: [{ ...rule, onExitCodes: { containerName: "sidecar", operator: "In", values: [1] } }],
          },
        },
      },
      code: "unknown_container",
      path: "spec.podFailurePolicy.rules[0].onExitCodes.containerName",
    },
    {
      extra: { restartPolicy: "OnFailure" },
      patch: { spec: { podFailurePolicy: { rules: [rule] } } },
      code: "conflicting_options",
      path: "spec.template.spec.restartPolicy",
    },
    {
      extra: {},
      patch: { spec: { podFailurePolicy: { rules: [rule] }, podReplacementPolicy: "TerminatingOrFailed" } },
      code: "conflicting_options",
      path: "spec.podReplacementPolicy",
    },
    {
      extra: {},
      patch: { spec: { ttlSecondsAfterFinished: -1 } },
      code: "too_small",
      path: "spec.ttlSecondsAfterFinished",
    },
    {
      extra: {},
      patch: { spec: { activeDeadlineSeconds: 0 } },
      code: "too_small",
      path: "spec.activeDeadlineSeconds",
    },
    {
      extra: {},
      patch: { spec: { suspend: "yes" } },
      code: "invalid_type",
      path: "spec.suspend",
    },
  ])("refuses $code at patch.$path, as patch() at $path", ({ extra, patch: partial, code, path }) => {
    const options = { ...base, ...extra } as JobOptions;
    expectIssue(() => job({ ...options, patch: partial } as JobOptions), code, `patch.${path}`);
    expectIssue(() => patch(job(options), partial as never), code, path);
  });

  it("takes a patch that meets the rules: an Indexed Job's failure policy per index and its success policy", () => {
    const j = build({
      ...indexed,
      patch: {
        spec: {
          backoffLimitPerIndex: 1,
          maxFailedIndexes: 2,
          podFailurePolicy: {
            rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1, 42] } }],
          },
          successPolicy: { rules: [{ succeededIndexes: "0-4", succeededCount: 3 }] },
        },
      },
    });
    expect(j.spec.podFailurePolicy?.rules[0]?.action).toBe("FailIndex");
    expect(j.spec.successPolicy?.rules).toEqual([{ succeededIndexes: "0-4", succeededCount: 3 }]);
  });
});
