// Fuzzing job and cronJob: valid pods and Job specs (Indexed or not, failure and success policies), schedules and
// time zones, every pod mutation of mutations-pod.ts, the API server's Job and CronJob rules, and junk.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type CronJobOptions, cronJob, type JobOptions, job } from "../../src/index.ts";
import { cronJobOptions, jobOptions } from "./arb-batch.ts";
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
const cLens = identity as Lens<CronJobOptions>;
const cronJobShape = { ...jobShape, required: [...jobShape.required, "schedule"] };

/** The mutations of a Job's options that a CronJob's share (its Jobs are made of them). */
function jobSpecMutations<I>(lens: Lens<I>) {
  return [
    setValue(lens, "bad restartPolicy", ["restartPolicy"], ["Always", "", "never"]),
    setValue(lens, "bad activeDeadlineSeconds", ["activeDeadlineSeconds"], [0, -1, 1.5]),
    setValue(lens, "bad backoffLimit", ["backoffLimit"], [-1, 1.5, "2"]),
    setValue(lens, "bad ttlSecondsAfterFinished", ["ttlSecondsAfterFinished"], [-1, 1.5]),
    setValue(lens, "bad parallelism", ["parallelism"], [-1, 1.5]),
    setValue(lens, "bad completionMode", ["completionMode"], ["indexed", ""]),
    setValue(lens, "bad podReplacementPolicy", ["podReplacementPolicy"], ["Always", ""]),
    badValue(lens, "bad failure action", ["podFailurePolicy.*.action"], ["Retry", ""]),
    badValue(lens, "bad exit code", ["podFailurePolicy.*.onExitCodes.values.*"], [-1, 1.5]),
    badValue(lens, "bad pod condition type", ["podFailurePolicy.*.onPodConditions.*.type"], ["a b", ""]),
  ];
}

/** Schedules and time zones the API server refuses (cron.ParseStandard, validateTimeZone). */
const BAD_SCHEDULES = [
  "",
  "* * * *",
  "0 0 0 * * *",
  "60 * * * *",
  "0 24 * * *",
  "0 0 0 * *",
  "0 0 32 * *",
  "0 0 * 13 *",
  "0 0 * * 7",
  "5-1 * * * *",
  "*/0 * * * *",
  "1-2-3 * * * *",
  "a * * * *",
  "@reboot",
  "@Daily",
  "@every 5 minutes",
  "TZ=UTC 0 3 * * *",
  "CRON_TZ=Europe/Paris 0 3 * * *",
];
const BAD_TIME_ZONES = ["", "Local", "Mars/Olympus", "europe/paris", "Europe/../Paris", "UTC+1"];

/** The API server's cross-field rules of a Job's spec, each broken once (a CronJob's Jobs have the same). */
function jobRules<I extends JobOptions | CronJobOptions>(input: I) {
  const mutants = [
    {
      mutation: "Indexed with parallelism but without completions",
      input: { ...input, completionMode: "Indexed", completions: undefined, parallelism: 2 },
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
  return fc.constantFrom(...mutants).map((m) => ({ ...m, input: m.input as I }));
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
        ...jobSpecMutations(jLens),
        jobRules<JobOptions>,
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("cronJob (fuzz)", () => {
  it.for(
    fuzz<CronJobOptions>({
      subject: { builder: "cronJob", build: (o) => cronJob(o), ...k8s },
      valid: cronJobOptions,
      mutators: [
        unknownKey(cronJobShape, cLens),
        wrongType(cronJobShape, cLens),
        missingRequired(cronJobShape, cLens),
        ...metaMutations(cLens, { name: [...BAD_LABEL_NAMES, "a.b", "a".repeat(53)] }),
        ...podMutations(cLens),
        ...jobSpecMutations(cLens),
        setValue(cLens, "bad schedule", ["schedule"], BAD_SCHEDULES),
        setValue(cLens, "bad timeZone", ["timeZone"], BAD_TIME_ZONES),
        setValue(cLens, "bad concurrencyPolicy", ["concurrencyPolicy"], ["allow", "Never", ""]),
        setValue(cLens, "bad startingDeadlineSeconds", ["startingDeadlineSeconds"], [-1, 1.5]),
        setValue(cLens, "bad successfulJobsHistoryLimit", ["successfulJobsHistoryLimit"], [-1, 1.5]),
        setValue(cLens, "bad failedJobsHistoryLimit", ["failedJobsHistoryLimit"], [-1, 1.5]),
        jobRules<CronJobOptions>,
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
