/**
 * The API server's rules of a Job's spec (`validateJobSpec`, pkg/apis/batch/validation of Kubernetes v1.37) and
 * the spec built from the options, shared by `job` and `cronJob`.
 */
import type { JobSpec, PodFailurePolicyRule, SuccessPolicyRule } from "kubernetes-types/batch/v1.js";
import type { IssueCode } from "../base/issue-codes.ts";
import type { MetaInput } from "../base/labels.ts";
import type { BuiltPodTemplate } from "../base/manifest.ts";
import { arr, compact, obj } from "../base/object.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { ParsedPod } from "../pod/pod-shape.ts";
import { buildPodTemplate } from "../pod/pod-template.ts";
import { JOB_LIMITS, type JobSpecOptions } from "./job-spec.ts";

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

/** A number, or `undefined` for anything else (a patched object's value of the wrong type: the structure check reports it). */
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/**
 * A Job spec as its rules read it: from the options (`job`, `cronJob`) or from a built or patched object, with
 * the path of each field where it was given. One set of rules reads both, so a patch meets the rules the
 * options do.
 */
export interface JobSpecView {
  /** The spec's scalar fields and policies by their JobSpec name (`completions`, `podFailurePolicy`, …). */
  readonly spec: Readonly<Record<string, unknown>>;
  /** The rules of `podFailurePolicy` and of `successPolicy` (each as a PodFailurePolicyRule / SuccessPolicyRule). */
  readonly failureRules: readonly unknown[];
  readonly successRules: readonly unknown[];
  /** The pod's restart policy. */
  readonly restartPolicy: unknown;
  /** The names of the pod's containers and init containers. */
  readonly containers: ReadonlySet<string>;
  /** Where a field of the spec is. */
  readonly field: (name: string) => readonly PropertyKey[];
  /** Where the pod's restart policy is. */
  readonly restartAt: readonly PropertyKey[];
  /** Where rule `i` of `podFailurePolicy` / of `successPolicy` is. */
  readonly failureRuleAt: (i: number) => readonly PropertyKey[];
  readonly successRuleAt: (i: number) => readonly PropertyKey[];
  /**
   * Whether exit codes are read as written in the manifest (a patched object: the API requires them in
   * ascending order); the builder sorts the options' exit codes itself.
   */
  readonly written: boolean;
}

/** The view of the options of a Job's spec (`pod` gives the containers). */
function optionsView(p: JobSpecOptions, pod: ParsedPod): JobSpecView {
  return {
    spec: p,
    failureRules: p.podFailurePolicy ?? [],
    successRules: p.successPolicy ?? [],
    restartPolicy: p.restartPolicy,
    containers: new Set([...(pod.initContainers ?? []), ...pod.containers].map((c) => c.name)),
    field: (name) => [name],
    restartAt: ["restartPolicy"],
    failureRuleAt: (i) => ["podFailurePolicy", i],
    successRuleAt: (i) => ["successPolicy", i],
    written: false,
  };
}

/** The view of a Job spec in a built or patched object (`spec` is at `at`). */
function objectView(spec: unknown, at: readonly PropertyKey[]): JobSpecView {
  const s = obj(spec);
  const pod = obj(obj(s.template).spec);
  const names = [...arr(pod.initContainers), ...arr(pod.containers)].map((c) => obj(c).name);
  return {
    spec: s,
    failureRules: arr(obj(s.podFailurePolicy).rules),
    successRules: arr(obj(s.successPolicy).rules),
    restartPolicy: pod.restartPolicy,
    containers: new Set(names.filter((n): n is string => typeof n === "string")),
    field: (name) => [...at, name],
    restartAt: [...at, "template", "spec", "restartPolicy"],
    failureRuleAt: (i) => [...at, "podFailurePolicy", "rules", i],
    successRuleAt: (i) => [...at, "successPolicy", "rules", i],
    written: true,
  };
}

/** The API server's rules of a Job's spec (`validateJobSpec`), at the options' paths. */
export function jobSpecRules(p: JobSpecOptions, pod: ParsedPod): RuleIssue[] {
  return jobSpecViewRules(optionsView(p, pod));
}

/**
 * The rules of a Job spec in a built or patched object (`spec` is at `at`): the options' rules, and its pods
 * never restart `Always`.
 */
export function jobSpecObjectRules(spec: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  return jobSpecViewRules(objectView(spec, at));
}

/** The API server's rules of a Job's spec (`validateJobSpec`), on the options or on an object. */
function jobSpecViewRules(v: JobSpecView): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const add = (path: readonly PropertyKey[], code: IssueCode, message: string) =>
    issues.push({ path, code, message });
  const s = v.spec;
  const completions = num(s.completions);
  const parallelism = num(s.parallelism);
  const maxFailed = num(s.maxFailedIndexes);
  if (s.completionMode === "Indexed") {
    if (s.completions === undefined) {
      // As the builders: a CronJob's template is not defaulted (the server refuses it), a Job's is one index.
      add(
        v.field("completions"),
        "required",
        'completionMode "Indexed" needs completions (the number of indexes)',
      );
    }
    if (parallelism !== undefined && parallelism > JOB_LIMITS.indexedParallelism) {
      add(
        v.field("parallelism"),
        "too_big",
        `an Indexed Job runs at most ${JOB_LIMITS.indexedParallelism} pods at once`,
      );
    }
    if (maxFailed !== undefined) {
      if (completions !== undefined && maxFailed > completions) {
        add(
          v.field("maxFailedIndexes"),
          "too_big",
          `maxFailedIndexes is more than completions (${completions})`,
        );
      } else if (maxFailed > JOB_LIMITS.failedIndexes) {
        add(
          v.field("maxFailedIndexes"),
          "too_big",
          `expected at most ${JOB_LIMITS.failedIndexes} failed indexes`,
        );
      }
    }
    if (
      completions !== undefined &&
      completions > JOB_LIMITS.completionsSoftLimit &&
      s.backoffLimitPerIndex !== undefined
    ) {
      const above = `with more than ${JOB_LIMITS.completionsSoftLimit} completions and backoffLimitPerIndex`;
      if (s.maxFailedIndexes === undefined) {
        add(v.field("maxFailedIndexes"), "required", `maxFailedIndexes is required ${above}`);
      } else if (maxFailed !== undefined && maxFailed > JOB_LIMITS.highCompletionsLimit) {
        add(v.field("maxFailedIndexes"), "too_big", `at most ${JOB_LIMITS.highCompletionsLimit} ${above}`);
      }
      if (parallelism !== undefined && parallelism > JOB_LIMITS.highCompletionsLimit) {
        add(v.field("parallelism"), "too_big", `at most ${JOB_LIMITS.highCompletionsLimit} ${above}`);
      }
    }
  } else {
    for (const field of ["backoffLimitPerIndex", "maxFailedIndexes", "successPolicy"] as const) {
      if (s[field] !== undefined) {
        add(v.field(field), "conflicting_options", `${field} needs completionMode "Indexed"`);
      }
    }
  }
  if (s.maxFailedIndexes !== undefined && s.backoffLimitPerIndex === undefined) {
    add(v.field("backoffLimitPerIndex"), "required", "maxFailedIndexes needs backoffLimitPerIndex");
  }
  const restart = v.restartPolicy;
  if (restart !== "Never" && restart !== "OnFailure") {
    add(
      v.restartAt,
      "invalid_value",
      `a Job's pods run to completion: restartPolicy is Never or OnFailure, not ${restart === undefined ? "unset (Always)" : JSON.stringify(restart)}`,
    );
  } else if (s.podFailurePolicy !== undefined && restart !== "Never") {
    add(v.restartAt, "conflicting_options", 'podFailurePolicy needs restartPolicy "Never"');
  }
  if (s.podFailurePolicy !== undefined && s.podReplacementPolicy === "TerminatingOrFailed") {
    add(
      v.field("podReplacementPolicy"),
      "conflicting_options",
      'with podFailurePolicy, a replacement pod starts only once the old one has failed: podReplacementPolicy "Failed"',
    );
  }
  v.failureRules.forEach((rule, i) => {
    const r = obj(rule);
    const at = v.failureRuleAt(i);
    if ((r.onExitCodes === undefined) === (r.onPodConditions === undefined)) {
      add([...at, "onExitCodes"], "exactly_one", "expected exactly one of onExitCodes and onPodConditions");
    }
    if (r.action === "FailIndex" && s.backoffLimitPerIndex === undefined) {
      add([...at, "action"], "conflicting_options", "action FailIndex needs backoffLimitPerIndex");
    }
    if (r.onExitCodes === undefined) return;
    const codes = obj(r.onExitCodes);
    if (typeof codes.containerName === "string" && !v.containers.has(codes.containerName)) {
      add(
        [...at, "onExitCodes", "containerName"],
        "unknown_container",
        `the pod has no container or init container "${codes.containerName}"`,
      );
    }
    const seen = new Set<unknown>();
    let last = Number.NEGATIVE_INFINITY;
    arr(codes.values).forEach((code, j) => {
      const vAt = [...at, "onExitCodes", "values", j];
      if (seen.has(code)) add(vAt, "duplicate", `exit code ${String(code)} is listed twice`);
      else if (v.written && typeof code === "number" && code < last) {
        add(
          vAt,
          "invalid_value",
          `exit code ${code} comes after ${last}: the API takes them in ascending order`,
        );
      }
      seen.add(code);
      if (typeof code === "number") last = Math.max(last, code);
      if (codes.operator === "In" && code === 0) {
        add(vAt, "invalid_value", "exit code 0 means success: the In operator may not list it");
      }
    });
  });
  v.successRules.forEach((rule, i) => {
    const r = obj(rule);
    const at = v.successRuleAt(i);
    if (r.succeededIndexes === undefined && r.succeededCount === undefined) {
      add([...at, "succeededCount"], "required", "expected succeededIndexes, succeededCount or both");
    }
    if (completions === undefined) return;
    let total: number | undefined;
    if (typeof r.succeededIndexes === "string") {
      const parsed = succeededIndexesProblem(r.succeededIndexes, completions);
      if ("problem" in parsed) add([...at, "succeededIndexes"], "invalid_format", parsed.problem);
      else total = parsed.count;
    }
    const count = num(r.succeededCount);
    if (count !== undefined) {
      if (count > completions) {
        add([...at, "succeededCount"], "too_big", `succeededCount is more than completions (${completions})`);
      } else if (total !== undefined && count > total) {
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
 * (`validateNameAllowsCompletions`). `spec` holds `completionMode` and `completions` (options or an object's
 * spec); `jobNameLength` is the length of the Job's name, `at` where the name is, and `nameOf` says whose.
 */
export function indexedNameIssue(
  spec: { readonly completionMode?: unknown; readonly completions?: unknown },
  jobNameLength: number,
  nameOf: string,
  at: readonly PropertyKey[] = ["name"],
): RuleIssue | undefined {
  const completions = num(spec.completions);
  if (spec.completionMode !== "Indexed" || completions === undefined || completions <= 0) return undefined;
  const longest = jobNameLength + 1 + String(completions - 1).length;
  if (longest <= 63) return undefined;
  return {
    path: at,
    code: "too_big",
    message: `${nameOf} is too long for ${completions} indexes: pod host names "<job>-<index>" would have ${longest} characters (at most 63)`,
  };
}

/** A Job's spec from its options: `meta` gives the pod template's labels. */
export function buildJobSpec(
  meta: MetaInput,
  pod: ParsedPod,
  p: JobSpecOptions & { suspend?: boolean | undefined },
): JobSpec & { template: BuiltPodTemplate } {
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
    template: { ...template, spec: { ...template.spec, restartPolicy: p.restartPolicy } },
  });
}
