/**
 * Job (batch/v1): pods that run to completion, with the retry, deadline and completion rules of the API server
 * (`pkg/apis/batch/validation` of Kubernetes v1.37). The options of the Job's spec are shared with `cronJob`,
 * whose Jobs they describe.
 */
import type { Job, JobSpec, PodFailurePolicyRule, SuccessPolicyRule } from "kubernetes-types/batch/v1.js";
import type { PodSpec } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import type { IssueCode } from "../base/issue-codes.ts";
import { type MetaInput, metaShape, objectMeta } from "../base/labels.ts";
import { compact } from "../base/object.ts";
import { k8sApi, k8sDocs, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, intAtLeast, labelKey } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type ParsedPod, podShape } from "../pod/pod-shape.ts";
import { buildPodTemplate, podRules, podVersionTag } from "../pod/pod-template.ts";

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
  values: required(
    z
      .array(intAtLeast(0))
      .check(
        z.minLength(1, { error: "expected at least one exit code" }),
        z.maxLength(JOB_LIMITS.exitCodes, { error: `expected at most ${JOB_LIMITS.exitCodes} exit codes` }),
      ),
    {
      description:
        "Exit codes, each once (written in ascending order, as the API requires); `In` may not list 0.",
      k8s: FAILURE_POLICY,
    },
  ),
}));

const podConditionSchema = objectSchema(() => ({
  /** The pod condition, e.g. `DisruptionTarget` (the pod was evicted, preempted or its node drained). */
  type: required(labelKey, {
    description:
      "The pod condition, e.g. `DisruptionTarget` (the pod was evicted, preempted or its node drained).",
    k8s: FAILURE_POLICY,
  }),
  /** The condition's status to match (a field the API requires). @default "True" */
  status: option(z.enum(["True", "False", "Unknown"]), {
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
  onPodConditions: option(
    z.array(podConditionSchema()).check(
      z.minLength(1, { error: "expected at least one pod condition" }),
      z.maxLength(JOB_LIMITS.podConditions, {
        error: `expected at most ${JOB_LIMITS.podConditions} pod conditions`,
      }),
    ),
    { description: "Match by pod condition (any of them).", unset: "`onExitCodes`", k8s: FAILURE_POLICY },
  ),
}));

const successRuleSchema = objectSchema(() => ({
  /**
   * Indexes that must succeed, as ascending intervals below `completions`: `"0"`, `"0-4,7,9-11"`.
   * @default unset (any indexes)
   */
  succeededIndexes: option(
    z.string().check(
      z.maxLength(JOB_LIMITS.succeededIndexesLength, {
        error: `expected at most ${JOB_LIMITS.succeededIndexesLength} characters`,
      }),
    ),
    {
      description:
        'Indexes that must succeed, as ascending intervals below `completions`: `"0"`, `"0-4,7,9-11"`.',
      unset: "any indexes",
      k8s: SUCCESS_POLICY,
    },
  ),
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
    podFailurePolicy: option(
      z
        .array(failureRuleSchema())
        .check(
          z.minLength(1, { error: "expected at least one rule (leave podFailurePolicy out for none)" }),
          z.maxLength(JOB_LIMITS.policyRules, { error: `expected at most ${JOB_LIMITS.policyRules} rules` }),
        ),
      {
        description:
          'Rules that decide, by exit code or pod condition, what a pod failure does (at most 20, first match wins); needs `restartPolicy: "Never"`.',
        unset: "every failure counts against `backoffLimit`",
        k8s: FAILURE_POLICY,
      },
    ),
    /**
     * Indexed Jobs: when the Job succeeds before every index has (at most 20 rules, any one suffices).
     * @default unset (every index must succeed)
     */
    successPolicy: option(
      z
        .array(successRuleSchema())
        .check(
          z.minLength(1, { error: "expected at least one rule (leave successPolicy out for none)" }),
          z.maxLength(JOB_LIMITS.policyRules, { error: `expected at most ${JOB_LIMITS.policyRules} rules` }),
        ),
      {
        description:
          "Indexed Jobs: when the Job succeeds before every index has (at most 20 rules, any one suffices).",
        unset: "every index must succeed",
        k8s: SUCCESS_POLICY,
      },
    ),
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

type JobSpecOptions = z.output<z.ZodMiniObject<ReturnType<typeof jobSpecShape>>>;

function jobShape() {
  return {
    ...metaShape(),
    /** Job name (a DNS label, since it names pods); also the default `app.kubernetes.io/name`. */
    name: required(dnsLabel, {
      description: "Job name (a DNS label, since it names pods); also the default `app.kubernetes.io/name`.",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...podShape(),
    ...jobSpecShape(),
    /** Create the Job suspended: no pod starts until `suspend` is set to false. @default unset (Kubernetes: false) */
    suspend: option(z.boolean(), {
      description: "Create the Job suspended: no pod starts until `suspend` is set to false.",
      unset: "Kubernetes: false",
      k8s: SPEC,
    }),
  };
}

/** The schema of {@link JobOptions} (built on first use). */
export const JobOptionsSchema = lazyObject(jobShape);

/** Options of {@link job}. */
export type JobOptions = z.input<typeof JobOptionsSchema>;

/** Parses `succeededIndexes` as the API server does: ascending intervals, each below `completions`. */
export function succeededIndexesProblem(
  text: string,
  completions: number,
): { problem: string } | { count: number } {
  if (text === "") return { count: 0 };
  let last = -1;
  let count = 0;
  for (const part of text.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) return { problem: `"${part}" is not an index or an interval such as "3-7"` };
    const x = Number(m[1]);
    const y = m[2] === undefined ? x : Number(m[2]);
    if (x >= completions || y >= completions) {
      return { problem: `"${part}" is not below completions (${completions})` };
    }
    if (m[2] !== undefined && x >= y) return { problem: `"${part}" is not ascending` };
    if (x <= last) return { problem: `"${part}" does not come after the previous interval` };
    count += y - x + 1;
    last = y;
  }
  return { count };
}

/** The API server's rules of a Job's spec (`validateJobSpec`), at the options' paths. */
export function jobSpecRules(p: JobSpecOptions, pod: ParsedPod): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: readonly PropertyKey[], code: IssueCode, message: string) =>
    issues.push({ path, code, message });
  const indexed = p.completionMode === "Indexed";
  if (indexed) {
    if (p.completions === undefined) {
      add(["completions"], "required", 'completionMode "Indexed" needs completions (the number of indexes)');
    }
    if (p.parallelism !== undefined && p.parallelism > JOB_LIMITS.indexedParallelism) {
      add(
        ["parallelism"],
        "too_big",
        `an Indexed Job runs at most ${JOB_LIMITS.indexedParallelism} pods at once`,
      );
    }
    if (p.maxFailedIndexes !== undefined) {
      if (p.completions !== undefined && p.maxFailedIndexes > p.completions) {
        add(["maxFailedIndexes"], "too_big", `maxFailedIndexes is more than completions (${p.completions})`);
      } else if (p.maxFailedIndexes > JOB_LIMITS.failedIndexes) {
        add(["maxFailedIndexes"], "too_big", `expected at most ${JOB_LIMITS.failedIndexes} failed indexes`);
      }
    }
    if (
      p.completions !== undefined &&
      p.completions > JOB_LIMITS.completionsSoftLimit &&
      p.backoffLimitPerIndex !== undefined
    ) {
      const above = `with more than ${JOB_LIMITS.completionsSoftLimit} completions and backoffLimitPerIndex`;
      if (p.maxFailedIndexes === undefined) {
        add(["maxFailedIndexes"], "required", `maxFailedIndexes is required ${above}`);
      } else if (p.maxFailedIndexes > JOB_LIMITS.highCompletionsLimit) {
        add(["maxFailedIndexes"], "too_big", `at most ${JOB_LIMITS.highCompletionsLimit} ${above}`);
      }
      if (p.parallelism !== undefined && p.parallelism > JOB_LIMITS.highCompletionsLimit) {
        add(["parallelism"], "too_big", `at most ${JOB_LIMITS.highCompletionsLimit} ${above}`);
      }
    }
  } else {
    for (const field of ["backoffLimitPerIndex", "maxFailedIndexes", "successPolicy"] as const) {
      if (p[field] !== undefined) {
        add([field], "conflicting_options", `${field} needs completionMode "Indexed"`);
      }
    }
  }
  if (p.maxFailedIndexes !== undefined && p.backoffLimitPerIndex === undefined) {
    add(["backoffLimitPerIndex"], "required", "maxFailedIndexes needs backoffLimitPerIndex");
  }
  if (p.podFailurePolicy !== undefined && p.restartPolicy !== "Never") {
    add(["restartPolicy"], "conflicting_options", 'podFailurePolicy needs restartPolicy "Never"');
  }
  if (p.podFailurePolicy !== undefined && p.podReplacementPolicy === "TerminatingOrFailed") {
    add(
      ["podReplacementPolicy"],
      "conflicting_options",
      'with podFailurePolicy, a replacement pod starts only once the old one has failed: podReplacementPolicy "Failed"',
    );
  }
  const containers = new Set([...(pod.initContainers ?? []), ...pod.containers].map((c) => c.name));
  (p.podFailurePolicy ?? []).forEach((r, i) => {
    const at = ["podFailurePolicy", i];
    if ((r.onExitCodes === undefined) === (r.onPodConditions === undefined)) {
      add([...at, "onExitCodes"], "exactly_one", "expected exactly one of onExitCodes and onPodConditions");
    }
    if (r.action === "FailIndex" && p.backoffLimitPerIndex === undefined) {
      add([...at, "action"], "conflicting_options", "action FailIndex needs backoffLimitPerIndex");
    }
    const codes = r.onExitCodes;
    if (codes !== undefined) {
      if (codes.containerName !== undefined && !containers.has(codes.containerName)) {
        add(
          [...at, "onExitCodes", "containerName"],
          "unknown_container",
          `the pod has no container or init container "${codes.containerName}"`,
        );
      }
      const seen = new Set<number>();
      codes.values.forEach((v, j) => {
        const vAt = [...at, "onExitCodes", "values", j];
        if (seen.has(v)) add(vAt, "duplicate", `exit code ${v} is listed twice`);
        seen.add(v);
        if (codes.operator === "In" && v === 0) {
          add(vAt, "invalid_value", "exit code 0 means success: the In operator may not list it");
        }
      });
    }
  });
  (p.successPolicy ?? []).forEach((r, i) => {
    const at = ["successPolicy", i];
    if (r.succeededIndexes === undefined && r.succeededCount === undefined) {
      add([...at, "succeededCount"], "required", "expected succeededIndexes, succeededCount or both");
    }
    if (p.completions === undefined) return;
    let total: number | undefined;
    if (r.succeededIndexes !== undefined) {
      const parsed = succeededIndexesProblem(r.succeededIndexes, p.completions);
      if ("problem" in parsed) add([...at, "succeededIndexes"], "invalid_format", parsed.problem);
      else total = parsed.count;
    }
    if (r.succeededCount !== undefined) {
      if (r.succeededCount > p.completions) {
        add(
          [...at, "succeededCount"],
          "too_big",
          `succeededCount is more than completions (${p.completions})`,
        );
      } else if (total !== undefined && r.succeededCount > total) {
        add(
          [...at, "succeededCount"],
          "too_big",
          `succeededCount is more than the ${total} succeededIndexes`,
        );
      }
    }
  });
  return issues;
}

/**
 * An Indexed Job's pods are named `<job>-<index>`, which must be a DNS label: the longest index must fit
 * (`validateNameAllowsCompletions`). `jobNameLength` is the length of the Job's name; `nameOf` says whose.
 */
export function indexedNameIssue(
  p: JobSpecOptions,
  jobNameLength: number,
  nameOf: string,
): RuleIssue | undefined {
  if (p.completionMode !== "Indexed" || p.completions === undefined || p.completions <= 0) return undefined;
  const longest = jobNameLength + 1 + String(p.completions - 1).length;
  if (longest <= 63) return undefined;
  return {
    path: ["name"],
    code: "too_big",
    message: `${nameOf} is too long for ${p.completions} indexes: pod host names "<job>-<index>" would have ${longest} characters (at most 63)`,
  };
}

/** A Job's spec from its options: `meta` gives the pod template's labels. */
export function buildJobSpec(
  meta: MetaInput,
  pod: ParsedPod,
  p: JobSpecOptions & { suspend?: boolean | undefined },
): JobSpec {
  const template = buildPodTemplate(meta, pod);
  const failureRules = p.podFailurePolicy?.map(
    (r): PodFailurePolicyRule => ({
      action: r.action,
      ...(r.onExitCodes === undefined
        ? {}
        : {
            onExitCodes: {
              ...(r.onExitCodes.containerName === undefined
                ? {}
                : { containerName: r.onExitCodes.containerName }),
              operator: r.onExitCodes.operator,
              values: [...r.onExitCodes.values].sort((a, b) => a - b),
            },
          }),
      ...(r.onPodConditions === undefined
        ? {}
        : {
            onPodConditions: r.onPodConditions.map((c) => ({ type: c.type, status: c.status })),
          }),
    }),
  );
  const successRules = p.successPolicy?.map(
    (r): SuccessPolicyRule => ({
      ...(r.succeededIndexes === undefined ? {} : { succeededIndexes: r.succeededIndexes }),
      ...(r.succeededCount === undefined ? {} : { succeededCount: r.succeededCount }),
    }),
  );
  return compact({
    completionMode: p.completionMode,
    completions: p.completions,
    parallelism: p.parallelism,
    backoffLimit: p.backoffLimit,
    backoffLimitPerIndex: p.backoffLimitPerIndex,
    maxFailedIndexes: p.maxFailedIndexes,
    activeDeadlineSeconds: p.activeDeadlineSeconds,
    ttlSecondsAfterFinished: p.ttlSecondsAfterFinished,
    suspend: p.suspend,
    podReplacementPolicy: p.podReplacementPolicy,
    podFailurePolicy: failureRules === undefined ? undefined : { rules: failureRules },
    successPolicy: successRules === undefined ? undefined : { rules: successRules },
    template: { ...template, spec: { ...(template.spec as PodSpec), restartPolicy: p.restartPolicy } },
  });
}

/**
 * Builds a Job whose pods run to completion with restricted-PSS security written in: `restartPolicy: Never`
 * by default, and the API server's rules for completions, indexes and failure and success policies checked.
 *
 * @example
 * job({ name: "db-migrate", containers: [{ name: "migrate", image: "ghcr.io/acme/migrate:2.1.0" }],
 *   backoffLimit: 2, activeDeadlineSeconds: 600 });
 */
export function job(options: JobOptions): Job {
  const o = parseOptions("job", JobOptionsSchema, options, (p) => {
    const issues = [...podRules(p), ...jobSpecRules(p, p)];
    const name = indexedNameIssue(p, p.name.length, `the Job name "${p.name}"`);
    if (name !== undefined) issues.push(name);
    return issues;
  });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMeta(o, podVersionTag(o)),
    spec: buildJobSpec(o, o, o),
  };
}
