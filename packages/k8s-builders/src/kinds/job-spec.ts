/**
 * The options of a Job's spec (batch/v1 JobSpec): retries, deadlines, completions, indexes, failure and success
 * policies. Shared by `job` and `cronJob` (the Jobs it creates); their rules are in job-spec-rules.ts.
 */
import * as z from "zod/mini";
import { k8sApi, k8sDocs, objectSchema, once, option, required } from "../base/options.ts";
import { dnsLabel, intAtLeast, labelKey } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";

const SPEC = k8sApi("workload-resources/job-v1", "JobSpec");
const LIFECYCLE = k8sApi("workload-resources/job-v1", "Lifecycle");
const FAILURE_POLICY = k8sDocs("concepts/workloads/controllers/job", "pod-failure-policy");
const SUCCESS_POLICY = k8sDocs("concepts/workloads/controllers/job", "success-policy");
const PER_INDEX = k8sDocs("concepts/workloads/controllers/job", "backoff-limit-per-index");

/** The API server's limits (pkg/apis/batch/validation). */
export const JOB_LIMITS = {
  /** Most parallel pods of an Indexed Job. */
  indexedParallelism: 100_000,
  /** Most failed indexes (`maxFailedIndexes`). */
  failedIndexes: 100_000,
  /** Above this many completions, `backoffLimitPerIndex` needs `maxFailedIndexes` and lower limits. */
  completionsSoftLimit: 100_000,
  /** Parallelism and `maxFailedIndexes` limit above the soft limit of completions. */
  highCompletionsLimit: 10_000,
  /** Rules of `podFailurePolicy` and of `successPolicy`. */
  policyRules: 20,
  /** Exit codes of one `onExitCodes`. */
  exitCodes: 255,
  /** Patterns of one `onPodConditions`. */
  podConditions: 20,
  /** Characters of a rule's `succeededIndexes`. */
  succeededIndexesLength: 64 * 1024,
} as const;

/**
 * The lists of a Job spec, as the options and a built or patched object take them (one check of each list's
 * length for both): `item` is the options' item schema, or any value for an object (its structure is checked).
 */
const exitCodeList = () =>
  z
    .array(intAtLeast(0))
    .check(
      z.minLength(1, { error: "expected at least one exit code" }),
      z.maxLength(JOB_LIMITS.exitCodes, { error: `expected at most ${JOB_LIMITS.exitCodes} exit codes` }),
    );
const podConditionList = <T extends z.ZodMiniType>(item: T) =>
  z.array(item).check(
    z.minLength(1, { error: "expected at least one pod condition" }),
    z.maxLength(JOB_LIMITS.podConditions, {
      error: `expected at most ${JOB_LIMITS.podConditions} pod conditions`,
    }),
  );
const policyRuleList = <T extends z.ZodMiniType>(item: T, policy: "podFailurePolicy" | "successPolicy") =>
  z
    .array(item)
    .check(
      z.minLength(1, { error: `expected at least one rule (leave ${policy} out for none)` }),
      z.maxLength(JOB_LIMITS.policyRules, { error: `expected at most ${JOB_LIMITS.policyRules} rules` }),
    );
const succeededIndexesText = () =>
  z.string().check(
    z.maxLength(JOB_LIMITS.succeededIndexesLength, {
      error: `expected at most ${JOB_LIMITS.succeededIndexesLength} characters`,
    }),
  );
const conditionStatus = () => z.enum(["True", "False", "Unknown"]);

const exitCodesSchema = objectSchema(() => ({
  /**
   * The container whose exit code counts (a container or init container of the pod).
   * @default unset (any container)
   */
  containerName: option(dnsLabel, {
    description: "The container whose exit code counts (a container or init container of the pod).",
    unset: "any container",
    k8s: FAILURE_POLICY,
  }),
  /** `In`: the rule matches these exit codes; `NotIn`: any other exit code. */
  operator: required(z.enum(["In", "NotIn"]), {
    description: "`In`: the rule matches these exit codes; `NotIn`: any other exit code.",
    k8s: FAILURE_POLICY,
  }),
  /** Exit codes, each once (written in ascending order, as the API requires); `In` may not list 0. */
  values: required(exitCodeList(), {
    description:
      "Exit codes, each once (written in ascending order, as the API requires); `In` may not list 0.",
    k8s: FAILURE_POLICY,
  }),
}));

const podConditionSchema = objectSchema(() => ({
  /** The pod condition, e.g. `DisruptionTarget` (the pod was evicted, preempted or its node drained). */
  type: required(labelKey, {
    description:
      "The pod condition, e.g. `DisruptionTarget` (the pod was evicted, preempted or its node drained).",
    k8s: FAILURE_POLICY,
  }),
  /** The condition's status to match (a field the API requires). @default "True" */
  status: option(conditionStatus(), {
    description: "The condition's status to match (a field the API requires).",
    default: "True",
    k8s: FAILURE_POLICY,
  }),
}));

const failureRuleSchema = objectSchema(() => ({
  /**
   * What a matching pod failure does: `FailJob` fails the Job, `FailIndex` its index (with
   * `backoffLimitPerIndex`), `Ignore` does not count it against the backoff limit, `Count` counts it.
   */
  action: required(z.enum(["FailJob", "FailIndex", "Ignore", "Count"]), {
    description:
      "What a matching pod failure does: `FailJob` fails the Job, `FailIndex` its index (with `backoffLimitPerIndex`), `Ignore` does not count it against the backoff limit, `Count` counts it.",
    k8s: FAILURE_POLICY,
  }),
  /** Match by exit code. Exactly one of `onExitCodes` and `onPodConditions`. @default unset (`onPodConditions`) */
  onExitCodes: option(exitCodesSchema(), {
    description: "Match by exit code. Exactly one of `onExitCodes` and `onPodConditions`.",
    unset: "`onPodConditions`",
    k8s: FAILURE_POLICY,
  }),
  /** Match by pod condition (any of them). @default unset (`onExitCodes`) */
  onPodConditions: option(podConditionList(podConditionSchema()), {
    description: "Match by pod condition (any of them).",
    unset: "`onExitCodes`",
    k8s: FAILURE_POLICY,
  }),
}));

const successRuleSchema = objectSchema(() => ({
  /**
   * Indexes that must succeed, as ascending intervals below `completions`: `"0"`, `"0-4,7,9-11"`.
   * @default unset (any indexes)
   */
  succeededIndexes: option(succeededIndexesText(), {
    description:
      'Indexes that must succeed, as ascending intervals below `completions`: `"0"`, `"0-4,7,9-11"`.',
    unset: "any indexes",
    k8s: SUCCESS_POLICY,
  }),
  /** How many (of `succeededIndexes`, when given) must succeed. @default unset (all of `succeededIndexes`) */
  succeededCount: option(intAtLeast(0), {
    description: "How many (of `succeededIndexes`, when given) must succeed.",
    unset: "all of `succeededIndexes`",
    k8s: SUCCESS_POLICY,
  }),
}));

/** The options of a Job's spec, shared by `job` and `cronJob` (the Jobs it creates). */
export function jobSpecShape() {
  return {
    /**
     * What happens to a failed container: `Never` keeps the failed pod (and its logs) and starts a new one,
     * `OnFailure` restarts the container in the same pod. `Always` is not allowed for a Job.
     * @default "Never"
     */
    restartPolicy: option(z.enum(["Never", "OnFailure"]), {
      description:
        "What happens to a failed container: `Never` keeps the failed pod (and its logs) and starts a new one, `OnFailure` restarts the container in the same pod. `Always` is not allowed for a Job.",
      default: "Never",
      why: "A failed pod stays for `kubectl logs`, and `podFailurePolicy` (which requires Never) can be added without changing it.",
      k8s: k8sApi("workload-resources/pod-v1", "lifecycle"),
    }),
    /** Retries before the Job is marked failed. @default unset (Kubernetes: 6; no limit with `backoffLimitPerIndex`) */
    backoffLimit: option(intAtLeast(0), {
      description: "Retries before the Job is marked failed.",
      unset: "Kubernetes: 6; no limit with `backoffLimitPerIndex`",
      k8s: LIFECYCLE,
    }),
    /** Seconds the Job may run in all, retries included, before it is failed. @default unset (no deadline) */
    activeDeadlineSeconds: option(intAtLeast(1), {
      description: "Seconds the Job may run in all, retries included, before it is failed.",
      unset: "no deadline",
      k8s: LIFECYCLE,
    }),
    /**
     * Seconds after it finishes before the Job (and its pods) is deleted.
     * @default unset (kept until deleted)
     */
    ttlSecondsAfterFinished: option(intAtLeast(0), {
      description: "Seconds after it finishes before the Job (and its pods) is deleted.",
      unset: "kept until deleted",
      why: "A tool that applies the manifest again (kubectl apply, Argo CD, Flux) creates a deleted Job again, and it runs again: set it only where that is wanted.",
      k8s: LIFECYCLE,
    }),
    /** Successful pods needed to complete the Job. @default unset (Kubernetes: 1, or `parallelism` when only it is set) */
    completions: option(intAtLeast(0), {
      description: "Successful pods needed to complete the Job.",
      unset: "Kubernetes: 1, or `parallelism` when only it is set",
      k8s: SPEC,
    }),
    /** Pods that run at once. @default unset (Kubernetes: 1) */
    parallelism: option(intAtLeast(0), {
      description: "Pods that run at once.",
      unset: "Kubernetes: 1",
      k8s: SPEC,
    }),
    /**
     * `Indexed` gives each pod an index from 0 to `completions` - 1 (`JOB_COMPLETION_INDEX`); needs `completions`.
     * @default unset (Kubernetes: NonIndexed)
     */
    completionMode: option(z.enum(["NonIndexed", "Indexed"]), {
      description:
        "`Indexed` gives each pod an index from 0 to `completions` - 1 (`JOB_COMPLETION_INDEX`); needs `completions`.",
      unset: "Kubernetes: NonIndexed",
      k8s: SPEC,
    }),
    /** Indexed Jobs: retries of each index, counted apart. @default unset (one `backoffLimit` for the Job) */
    backoffLimitPerIndex: option(intAtLeast(0), {
      description: "Indexed Jobs: retries of each index, counted apart.",
      unset: "one `backoffLimit` for the Job",
      k8s: PER_INDEX,
    }),
    /** Indexed Jobs with `backoffLimitPerIndex`: failed indexes that fail the whole Job. @default unset (no limit) */
    maxFailedIndexes: option(intAtLeast(0), {
      description: "Indexed Jobs with `backoffLimitPerIndex`: failed indexes that fail the whole Job.",
      unset: "no limit",
      k8s: PER_INDEX,
    }),
    /**
     * Rules that decide, by exit code or pod condition, what a pod failure does (at most 20, first match wins);
     * needs `restartPolicy: "Never"`.
     * @default unset (every failure counts against `backoffLimit`)
     */
    podFailurePolicy: option(policyRuleList(failureRuleSchema(), "podFailurePolicy"), {
      description:
        'Rules that decide, by exit code or pod condition, what a pod failure does (at most 20, first match wins); needs `restartPolicy: "Never"`.',
      unset: "every failure counts against `backoffLimit`",
      k8s: FAILURE_POLICY,
    }),
    /**
     * Indexed Jobs: when the Job succeeds before every index has (at most 20 rules, any one suffices).
     * @default unset (every index must succeed)
     */
    successPolicy: option(policyRuleList(successRuleSchema(), "successPolicy"), {
      description:
        "Indexed Jobs: when the Job succeeds before every index has (at most 20 rules, any one suffices).",
      unset: "every index must succeed",
      k8s: SUCCESS_POLICY,
    }),
    /**
     * When a replacement pod starts: `Failed` only once the old pod has fully terminated (the only choice with
     * `podFailurePolicy`), `TerminatingOrFailed` as soon as it is terminating.
     * @default unset (Kubernetes: Failed with podFailurePolicy, else TerminatingOrFailed)
     */
    podReplacementPolicy: option(z.enum(["TerminatingOrFailed", "Failed"]), {
      description:
        "When a replacement pod starts: `Failed` only once the old pod has fully terminated (the only choice with `podFailurePolicy`), `TerminatingOrFailed` as soon as it is terminating.",
      unset: "Kubernetes: Failed with podFailurePolicy, else TerminatingOrFailed",
      k8s: SPEC,
    }),
  };
}

/** The parsed options of a Job's spec. */
export type JobSpecOptions = z.output<z.ZodMiniObject<ReturnType<typeof jobSpecShape>>>;

/** Format checks of a Job spec's fields in a built or patched object (a Job's, or a CronJob's template). */
export const jobSpecFields: () => FieldChecks = once(() => ({
  "batch/v1.JobSpec.backoffLimit": intAtLeast(0),
  "batch/v1.JobSpec.backoffLimitPerIndex": intAtLeast(0),
  "batch/v1.JobSpec.maxFailedIndexes": intAtLeast(0),
  "batch/v1.JobSpec.activeDeadlineSeconds": intAtLeast(1),
  "batch/v1.JobSpec.ttlSecondsAfterFinished": intAtLeast(0),
  "batch/v1.JobSpec.completions": intAtLeast(0),
  "batch/v1.JobSpec.parallelism": intAtLeast(0),
  "batch/v1.JobSpec.completionMode": z.enum(["NonIndexed", "Indexed"]),
  "batch/v1.JobSpec.podReplacementPolicy": z.enum(["TerminatingOrFailed", "Failed"]),
  "batch/v1.PodFailurePolicyRule.action": z.enum(["FailJob", "FailIndex", "Ignore", "Count"]),
  "batch/v1.PodFailurePolicyOnExitCodesRequirement.operator": z.enum(["In", "NotIn"]),
  "batch/v1.PodFailurePolicyOnExitCodesRequirement.values": exitCodeList(),
  "batch/v1.PodFailurePolicyOnPodConditionsPattern.type": labelKey,
  "batch/v1.PodFailurePolicyOnPodConditionsPattern.status": conditionStatus(),
  "batch/v1.PodFailurePolicyRule.onPodConditions": podConditionList(z.unknown()),
  "batch/v1.PodFailurePolicy.rules": policyRuleList(z.unknown(), "podFailurePolicy"),
  "batch/v1.SuccessPolicy.rules": policyRuleList(z.unknown(), "successPolicy"),
  "batch/v1.SuccessPolicyRule.succeededIndexes": succeededIndexesText(),
  "batch/v1.SuccessPolicyRule.succeededCount": intAtLeast(0),
}));
