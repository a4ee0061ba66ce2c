import type { CronJob } from "kubernetes-types/batch/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { Built } from "../base/manifest.ts";
import { patch } from "../patch.ts";
import { type CronJobOptions, cronJob } from "./cron-job.ts";
import { job } from "./job.ts";

const base = {
  name: "nightly-report",
  namespace: "shop",
  schedule: "0 3 * * *",
  containers: [{ name: "report", image: "ghcr.io/acme/report:1.2.0" }],
} satisfies CronJobOptions;

function build(extra: Partial<CronJobOptions> = {}): Built<CronJob, "spec"> {
  const c = cronJob({ ...base, ...extra } as CronJobOptions);
  assertSchemaValid(c);
  return c;
}

describe("cronJob", () => {
  it("returns a CronJob of kubernetes-types with its spec always there", () => {
    expectTypeOf(cronJob).returns.toEqualTypeOf<Built<CronJob, "spec">>();
    expectTypeOf(cronJob).returns.toExtend<CronJob>();
  });

  it("writes batch/v1 CronJob with the schedule, Forbid and the Job template, nothing else unasked", () => {
    const c = build();
    expect(c.apiVersion).toBe("batch/v1");
    expect(c.kind).toBe("CronJob");
    expect(Object.keys(c.spec)).toEqual(["schedule", "concurrencyPolicy", "jobTemplate"]);
    expect(c.spec.schedule).toBe("0 3 * * *");
    expect(c.spec.concurrencyPolicy).toBe("Forbid");
  });

  it("writes the Job template exactly as job writes a Job's spec, from the same options", () => {
    const shared = { backoffLimit: 2, activeDeadlineSeconds: 1800, ttlSecondsAfterFinished: 600 };
    const c = build(shared);
    const { schedule: _s, ...jobOptions } = base;
    expect(c.spec.jobTemplate.spec).toEqual(job({ ...jobOptions, ...shared }).spec);
  });

  it("labels its Jobs like the CronJob, and their pods with the selector labels", () => {
    const c = build();
    expect(c.spec.jobTemplate.metadata?.labels).toEqual(c.metadata.labels);
    expect(c.spec.jobTemplate.spec?.template.metadata?.labels).toMatchObject({
      "app.kubernetes.io/name": "nightly-report",
      "app.kubernetes.io/instance": "nightly-report",
    });
    expect(c.spec.jobTemplate.spec?.selector).toBeUndefined();
  });

  it("writes the restricted security of the shared pod template, and restartPolicy Never", () => {
    const pod = build().spec.jobTemplate.spec?.template.spec;
    expect(pod?.restartPolicy).toBe("Never");
    expect(pod?.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod?.containers[0]?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod?.automountServiceAccountToken).toBe(false);
  });

  it("writes time zone, concurrency, deadline, history limits and suspend as given", () => {
    const c = build({
      timeZone: "Europe/Paris",
      concurrencyPolicy: "Replace",
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      suspend: true,
    });
    expect(c.spec).toMatchObject({
      timeZone: "Europe/Paris",
      concurrencyPolicy: "Replace",
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      suspend: true,
    });
    expect(c.spec.jobTemplate.spec?.suspend).toBeUndefined();
  });

  it("takes a patch, checked like a built CronJob", () => {
    const c = build({ patch: { spec: { jobTemplate: { spec: { template: { spec: { priority: 5 } } } } } } });
    expect(c.spec.jobTemplate.spec?.template.spec?.priority).toBe(5);
    expectIssue(
      () => cronJob({ ...base, patch: { spec: { schedule: "0 0 * * 7" } } }),
      "invalid_format",
      "patch.spec.schedule",
    );
  });

  it("patch() checks a CronJob's schedule and its Jobs' restart policy", () => {
    const c = build();
    expectIssue(() => patch(c, { spec: { timeZone: "Local" } }), "invalid_format", "spec.timeZone");
    expectIssue(
      () =>
        patch(c, { spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: "Always" } } } } } }),
      "invalid_value",
      "spec.jobTemplate.spec.template.spec.restartPolicy",
    );
  });

  it.each([
    { options: { ...base, schedule: "0 0 * * 7" }, code: "invalid_format", path: "schedule" },
    { options: { ...base, schedule: "@reboot" }, code: "invalid_format", path: "schedule" },
    { options: { ...base, schedule: "TZ=UTC 0 3 * * *" }, code: "invalid_format", path: "schedule" },
    { options: { ...base, schedule: "" }, code: "invalid_format", path: "schedule" },
    { options: { ...base, timeZone: "Local" }, code: "invalid_format", path: "timeZone" },
    { options: { ...base, timeZone: "Mars/Olympus" }, code: "invalid_format", path: "timeZone" },
    { options: { ...base, concurrencyPolicy: "Never" }, code: "invalid_value", path: "concurrencyPolicy" },
    { options: { ...base, startingDeadlineSeconds: -1 }, code: "too_small", path: "startingDeadlineSeconds" },
    {
      options: { ...base, successfulJobsHistoryLimit: -1 },
      code: "too_small",
      path: "successfulJobsHistoryLimit",
    },
    {
      options: { ...base, failedJobsHistoryLimit: 1.5 },
      code: "invalid_type",
      path: "failedJobsHistoryLimit",
    },
    { options: { ...base, name: "a".repeat(53) }, code: "too_big", path: "name" },
    { options: { ...base, name: "Nightly" }, code: "invalid_format", path: "name" },
    { options: { ...base, restartPolicy: "Always" }, code: "invalid_value", path: "restartPolicy" },
    { options: { ...base, completionMode: "Indexed" }, code: "required", path: "completions" },
    {
      options: { ...base, name: "a".repeat(50), completionMode: "Indexed", completions: 1000 },
      code: "too_big",
      path: "name",
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
    { options: { ...base, jobTemplate: {} }, code: "unknown_option", path: "jobTemplate" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => cronJob(options as CronJobOptions), code, path);
  });

  it("takes a name of 52 characters", () => {
    expect(build({ name: "a".repeat(52) }).metadata.name).toHaveLength(52);
  });
});

describe("cronJob: a patched CronJob's Jobs meet the rules of the options", () => {
  const at = (spec: object) => ({ spec: { jobTemplate: { spec } } });
  it.each([
    {
      partial: at({ podFailurePolicy: { rules: [{ action: "FailJob" }] } }),
      code: "exactly_one",
      path: "spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes",
    },
    {
      partial: at({
        completionMode: "Indexed",
        completions: 3,
        podFailurePolicy: { rules: [{ action: "FailIndex", onExitCodes: { operator: "In", values: [1] } }] },
      }),
      code: "conflicting_options",
      path: "spec.jobTemplate.spec.podFailurePolicy.rules[0].action",
    },
    {
      partial: at({ successPolicy: { rules: [{ succeededCount: 1 }] } }),
      code: "conflicting_options",
      path: "spec.jobTemplate.spec.successPolicy",
    },
    {
      partial: at({ completionMode: "Indexed" }),
      code: "required",
      path: "spec.jobTemplate.spec.completions",
    },
    {
      partial: { metadata: { name: "a".repeat(50) }, ...at({ completionMode: "Indexed", completions: 100 }) },
      code: "too_big",
      path: "metadata.name",
    },
  ])("refuses $code at patch.$path, as patch() at $path", ({ partial, code, path }) => {
    expectIssue(() => cronJob({ ...base, patch: partial } as CronJobOptions), code, `patch.${path}`);
    expectIssue(() => patch(cronJob(base), partial as never), code, path);
  });
});
