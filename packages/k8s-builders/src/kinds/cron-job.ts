/**
 * CronJob (batch/v1): a Job created on a schedule. The Jobs' options are `job`'s (job-spec.ts), checked by the
 * same rules (job-spec-rules.ts); the schedule and time zone as the API server reads them (cron-schedule.ts).
 */
import type { CronJob } from "kubernetes-types/batch/v1.js";
import * as z from "zod/mini";
import type { IssueParams } from "../base/issue-codes.ts";
import { metaShape, objectLabels, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { compact, obj } from "../base/object.ts";
import { k8sApi, k8sDocs, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel, intAtLeast } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { podRules, podVersionTag } from "../pod/pod-template.ts";
import { scheduleProblem, timeZoneProblem } from "./cron-schedule.ts";
import { jobSpecFields, jobSpecShape } from "./job-spec.ts";
import { buildJobSpec, indexedNameIssue, jobSpecObjectRules, jobSpecRules } from "./job-spec-rules.ts";
import { type KindChecks, patched } from "./object-checks.ts";

const SPEC = k8sApi("workload-resources/cron-job-v1", "CronJobSpec");
const SCHEDULE = k8sDocs("concepts/workloads/controllers/cron-jobs", "schedule-syntax");

/**
 * Longest CronJob name: its Jobs are named `<name>-<scheduled time in minutes>` and must stay DNS labels, so the
 * API server keeps 11 characters for the suffix (63 - 11).
 */
export const MAX_CRON_JOB_NAME = 52;

/** A CronJob's name: a DNS label of at most {@link MAX_CRON_JOB_NAME} characters. */
const cronJobName = () =>
  z.pipe(
    dnsLabel,
    z.string().check(
      z.maxLength(MAX_CRON_JOB_NAME, {
        error: (i) =>
          `"${String(i.input)}" is longer than ${MAX_CRON_JOB_NAME} characters: the CronJob's Jobs are named "<name>-<minutes>", which must fit in 63`,
      }),
    ),
  );

/** A check that reports a function's problem as `invalid_format`. */
const checked = (problem: (s: string) => string | undefined) =>
  z.string().check(
    z.refine((s) => problem(s) === undefined, {
      error: (i) => problem(String(i.input)) ?? "invalid",
      abort: true,
      params: { code: "invalid_format" } satisfies IssueParams,
    }),
  );

function cronJobShape() {
  return {
    ...metaShape(),
    /** CronJob name: a DNS label of at most 52 characters (its Jobs add a suffix); the default `app.kubernetes.io/name`. */
    name: required(cronJobName(), {
      description:
        "CronJob name: a DNS label of at most 52 characters (its Jobs add a suffix); the default `app.kubernetes.io/name`.",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    /**
     * When Jobs start, in cron syntax: five fields (minute hour day-of-month month day-of-week, e.g. `0 3 * *
     * *`, `30 8 * * mon-fri`, `0-59/15 * * * *`) or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.
     */
    schedule: required(checked(scheduleProblem), {
      description:
        "When Jobs start, in cron syntax: five fields (minute hour day-of-month month day-of-week, e.g. `0 3 * * *`, `30 8 * * mon-fri`, `0-59/15 * * * *`) or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.",
      k8s: SCHEDULE,
    }),
    /**
     * The IANA time zone the schedule is read in (`Europe/Paris`); not `TZ=` in the schedule.
     * @default unset (the time zone of kube-controller-manager, usually UTC)
     */
    timeZone: option(checked(timeZoneProblem), {
      description: "The IANA time zone the schedule is read in (`Europe/Paris`); not `TZ=` in the schedule.",
      unset: "the time zone of kube-controller-manager, usually UTC",
      k8s: k8sDocs("concepts/workloads/controllers/cron-jobs", "time-zones"),
    }),
    /**
     * When a run is due while the previous one still runs: `Forbid` skips it, `Replace` stops the old one,
     * `Allow` runs both.
     * @default "Forbid"
     */
    concurrencyPolicy: option(z.enum(["Allow", "Forbid", "Replace"]), {
      description:
        "When a run is due while the previous one still runs: `Forbid` skips it, `Replace` stops the old one, `Allow` runs both.",
      default: "Forbid",
      why: "Kubernetes' `Allow` piles up runs when one hangs or overruns its interval, each holding its resources; a schedule that wants overlap says so.",
      k8s: SPEC,
    }),
    /**
     * Seconds after its scheduled time a missed run may still start; later, it is skipped.
     * @default unset (no deadline: a missed run starts when it can)
     */
    startingDeadlineSeconds: option(intAtLeast(0), {
      description: "Seconds after its scheduled time a missed run may still start; later, it is skipped.",
      unset: "no deadline: a missed run starts when it can",
      k8s: SPEC,
    }),
    /** Finished successful Jobs kept (with their pods, for their logs). @default unset (Kubernetes: 3) */
    successfulJobsHistoryLimit: option(intAtLeast(0), {
      description: "Finished successful Jobs kept (with their pods, for their logs).",
      unset: "Kubernetes: 3",
      k8s: SPEC,
    }),
    /** Failed Jobs kept (with their pods, for their logs). @default unset (Kubernetes: 1) */
    failedJobsHistoryLimit: option(intAtLeast(0), {
      description: "Failed Jobs kept (with their pods, for their logs).",
      unset: "Kubernetes: 1",
      k8s: SPEC,
    }),
    /** Create the CronJob suspended: no run starts until `suspend` is set to false. @default unset (Kubernetes: false) */
    suspend: option(z.boolean(), {
      description: "Create the CronJob suspended: no run starts until `suspend` is set to false.",
      unset: "Kubernetes: false",
      k8s: SPEC,
    }),
    ...podShape(),
    ...jobSpecShape(),
    ...patchShape<Built<CronJob, "spec">>(),
  };
}

/** The schema of {@link CronJobOptions} (built on first use). */
export const CronJobOptionsSchema = lazyObject(cronJobShape);

/** Options of {@link cronJob}. */
export type CronJobOptions = z.input<typeof CronJobOptionsSchema>;

/**
 * The length of the names of a CronJob's Jobs, `<name>-<minutes>` (the API's 11 characters for the suffix), and
 * whose they are, for the pods' names of an Indexed Job.
 */
const cronJobNameRoom = (name: string): [number, string] => [
  name.length + 63 - MAX_CRON_JOB_NAME,
  `the CronJob name "${name}" (its Jobs are "<name>-<minutes>")`,
];

/** Format checks of its own fields, built on first use. */
const cronJobFields = once(
  (): FieldChecks => ({
    ...jobSpecFields(),
    "batch/v1.CronJobSpec.schedule": checked(scheduleProblem),
    "batch/v1.CronJobSpec.timeZone": checked(timeZoneProblem),
    "batch/v1.CronJobSpec.concurrencyPolicy": z.enum(["Allow", "Forbid", "Replace"]),
    "batch/v1.CronJobSpec.startingDeadlineSeconds": intAtLeast(0),
    "batch/v1.CronJobSpec.successfulJobsHistoryLimit": intAtLeast(0),
    "batch/v1.CronJobSpec.failedJobsHistoryLimit": intAtLeast(0),
  }),
);

/** What the checks of a built or patched CronJob add to every object's: its schedule and its Jobs' spec. */
export const CRON_JOB_CHECKS: KindChecks = {
  name: cronJobName(),
  get fields() {
    return cronJobFields();
  },
  rules: (o) => {
    const jobSpec = obj(obj(obj(o.spec).jobTemplate).spec);
    const issues = jobSpecObjectRules(jobSpec, ["spec", "jobTemplate", "spec"]);
    const name = obj(o.metadata).name;
    if (typeof name !== "string") return issues;
    const long = indexedNameIssue(jobSpec, ...cronJobNameRoom(name), ["metadata", "name"]);
    return long === undefined ? issues : [...issues, long];
  },
};

/**
 * Builds a CronJob whose Jobs run pods with restricted-PSS security written in, the schedule and time zone
 * checked as the API server reads them, and `concurrencyPolicy: Forbid` so that runs never pile up. The Jobs'
 * options are `job`'s, checked by the same rules.
 *
 * @example
 * cronJob({ name: "nightly-report", schedule: "0 3 * * *", timeZone: "Europe/Paris",
 *   containers: [{ name: "report", image: "ghcr.io/acme/report:1.2.0" }], activeDeadlineSeconds: 1800 });
 */
export function cronJob(options: CronJobOptions): Built<CronJob, "spec"> {
  const o = parseOptions("cronJob", CronJobOptionsSchema, options, (p) => {
    const issues = [...podRules(p), ...jobSpecRules(p, p)];
    const name = indexedNameIssue(p, ...cronJobNameRoom(p.name));
    if (name !== undefined) issues.push(name);
    return issues;
  });
  const tag = podVersionTag(o);
  const built: Built<CronJob, "spec"> = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: objectMeta(o, tag),
    spec: compact({
      schedule: o.schedule,
      timeZone: o.timeZone,
      concurrencyPolicy: o.concurrencyPolicy,
      startingDeadlineSeconds: o.startingDeadlineSeconds,
      successfulJobsHistoryLimit: o.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: o.failedJobsHistoryLimit,
      suspend: o.suspend,
      jobTemplate: {
        metadata: { labels: objectLabels(o, tag) },
        spec: buildJobSpec(o, o, { ...o, suspend: undefined }),
      },
    }),
  };
  return patched("cronJob", built, o.patch, CRON_JOB_CHECKS);
}
