// Fuzzing job: valid pods and Job specs (Indexed or not, failure and success policies), every pod mutation of
// mutations-pod.ts, the API server's Job rules, and junk.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type JobOptions, job } from "../../src/index.ts";
import { jobOptions } from "./arb-batch.ts";
import { TIMEOUT } from "./harness.ts";
import { identity, type Lens, missingRequired, unknownKey, wrongType } from "./mutate.ts";
import { BAD_LABEL_NAMES, badValue, metaMutations, setValue } from "./mutations-common.ts";
import { podMutations, podShape } from "./mutations-pod.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const jobShape = podShape({
  required: [
    "podFailurePolicy.*.action",
    "podFailurePolicy.*.onExitCodes.operator",
    "podFailurePolicy.*.onExitCodes.values",
    "podFailurePolicy.*.onPodConditions.*.type",
  ],
  enums: ["podFailurePolicy.*.action", "podFailurePolicy.*.onExitCodes.operator"],
});
const jLens = identity as Lens<JobOptions>;

/** The API server's cross-field rules of a Job's spec, each broken once. */
function jobRules(input: JobOptions) {
  const mutants = [
    {
      mutation: "Indexed without completions",
      input: { ...input, completionMode: "Indexed", completions: undefined },
      path: "completions",
      code: "required",
    },
    {
      mutation: "backoffLimitPerIndex on a NonIndexed Job",
      input: { ...input, completionMode: "NonIndexed", backoffLimitPerIndex: 1 },
      path: "backoffLimitPerIndex",
      code: "conflicting_options",
    },
    {
      mutation: "podFailurePolicy with restartPolicy OnFailure",
      input: {
        ...input,
        restartPolicy: "OnFailure",
        podFailurePolicy: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget" }] }],
      },
      path: "restartPolicy",
      code: "conflicting_options",
    },
    {
      mutation: "a failure rule with neither onExitCodes nor onPodConditions",
      input: { ...input, restartPolicy: "Never", podFailurePolicy: [{ action: "FailJob" }] },
      path: "podFailurePolicy[0].onExitCodes",
      code: "exactly_one",
    },
    {
      mutation: "exit code 0 with In",
      input: {
        ...input,
        restartPolicy: "Never",
        podFailurePolicy: [{ action: "FailJob", onExitCodes: { operator: "In", values: [0] } }],
      },
      path: "podFailurePolicy[0].onExitCodes.values[0]",
      code: "invalid_value",
    },
    {
      mutation: "a failure rule for a container the pod does not have",
      input: {
        ...input,
        restartPolicy: "Never",
        podFailurePolicy: [
          {
            action: "FailJob",
            onExitCodes: { containerName: "no-such-container-x", operator: "In", values: [1] },
          },
        ],
      },
      path: "podFailurePolicy[0].onExitCodes.containerName",
      code: "unknown_container",
    },
  ];
  return fc.constantFrom(...mutants).map((m) => ({ ...m, input: m.input as JobOptions }));
}

describe("job (fuzz)", () => {
  it.for(
    fuzz<JobOptions>({
      subject: { builder: "job", build: (o) => job(o), ...k8s },
      valid: jobOptions,
      mutators: [
        unknownKey(jobShape, jLens),
        wrongType(jobShape, jLens),
        missingRequired(jobShape, jLens),
        ...metaMutations(jLens, { name: [...BAD_LABEL_NAMES, "a.b"] }),
        ...podMutations(jLens),
        setValue(jLens, "bad restartPolicy", ["restartPolicy"], ["Always", "", "never"]),
        setValue(jLens, "bad activeDeadlineSeconds", ["activeDeadlineSeconds"], [0, -1, 1.5]),
        setValue(jLens, "bad backoffLimit", ["backoffLimit"], [-1, 1.5, "2"]),
        setValue(jLens, "bad ttlSecondsAfterFinished", ["ttlSecondsAfterFinished"], [-1, 1.5]),
        setValue(jLens, "bad parallelism", ["parallelism"], [-1, 1.5]),
        setValue(jLens, "bad completionMode", ["completionMode"], ["indexed", ""]),
        setValue(jLens, "bad podReplacementPolicy", ["podReplacementPolicy"], ["Always", ""]),
        badValue(jLens, "bad failure action", ["podFailurePolicy.*.action"], ["Retry", ""]),
        badValue(jLens, "bad exit code", ["podFailurePolicy.*.onExitCodes.values.*"], [-1, 1.5]),
        badValue(jLens, "bad pod condition type", ["podFailurePolicy.*.onPodConditions.*.type"], ["a b", ""]),
        jobRules,
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
