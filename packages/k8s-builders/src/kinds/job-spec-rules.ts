/**
 * The API server's rules of a Job's spec (`validateJobSpec`, pkg/apis/batch/validation of Kubernetes v1.37) and
 * the spec built from the options, shared by `job` and `cronJob`.
 */
import type { JobSpec, PodFailurePolicyRule, SuccessPolicyRule } from "kubernetes-types/batch/v1.js";
import type { IssueCode } from "../base/issue-codes.ts";
import type { MetaInput } from "../base/labels.ts";
import type { BuiltPodTemplate } from "../base/manifest.ts";
import { compact } from "../base/object.ts";
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

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};

/**
 * The rules of a Job spec in a built or patched object (`spec` is at `at`): its pods never restart `Always`, and a
 * `podFailurePolicy` needs `restartPolicy: Never` (`validateJobSpec`).
 */
export function jobSpecObjectRules(spec: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const s = obj(spec);
  const restart = obj(obj(s.template).spec).restartPolicy;
  const restartAt = [...at, "template", "spec", "restartPolicy"];
  if (restart !== "Never" && restart !== "OnFailure") {
    return [
      {
        path: restartAt,
        code: "invalid_value",
        message: `a Job's pods run to completion: restartPolicy is Never or OnFailure, not ${restart === undefined ? "unset (Always)" : JSON.stringify(restart)}`,
      },
    ];
  }
  if (s.completionMode === "Indexed" && s.completions === undefined) {
    // As the builders: a CronJob's template is not defaulted (the server refuses it), a Job's is one index.
    return [
      {
        path: [...at, "completions"],
        code: "required",
        message: 'completionMode "Indexed" needs completions (the number of indexes)',
      },
    ];
  }
  if (s.podFailurePolicy !== undefined && restart !== "Never") {
    return [
      {
        path: restartAt,
        code: "conflicting_options",
        message: 'podFailurePolicy needs restartPolicy "Never"',
      },
    ];
  }
  return [];
}
