// Valid options of the batch kinds (job, cronJob): the pod of arb-pod.ts, and a Job spec that follows the API server's
// rules (pkg/apis/batch/validation): Indexed Jobs with completions, per-index options only on them,
// podFailurePolicy only with restartPolicy Never (and its containers named in the pod), succeededIndexes as
// ascending intervals below completions.
import fc from "fast-check";
import type { CronJobOptions, JobOptions } from "../../src/index.ts";
import { dnsLabel, metaExtras, namespaceName, rec, shortLabel } from "./arb-base.ts";
import { podOptions } from "./arb-pod.ts";

type Json = Record<string, unknown>;

/** Ascending intervals ("0-2,5") of a non-empty set of indexes below `completions`, and how many they hold. */
function succeededIndexes(completions: number): fc.Arbitrary<{ text: string; count: number }> {
  return fc
    .uniqueArray(fc.integer({ min: 0, max: completions - 1 }), { minLength: 1, maxLength: 6 })
    .map((xs) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const runs: [number, number][] = [];
      for (const x of sorted) {
        const last = runs.at(-1);
        if (last !== undefined && last[1] === x - 1) last[1] = x;
        else runs.push([x, x]);
      }
      return { text: runs.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(","), count: sorted.length };
    });
}

const successRule = (completions: number): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.integer({ min: 1, max: completions }).map((n) => ({ succeededCount: n })),
    succeededIndexes(completions).chain(({ text, count }) =>
      fc.option(fc.integer({ min: 1, max: count }), { nil: undefined }).map((n) => ({
        succeededIndexes: text,
        ...(n === undefined ? {} : { succeededCount: n }),
      })),
    ),
  );

/** The completion options: NonIndexed, or Indexed with its per-index options and success policy. */
const completion: fc.Arbitrary<Json> = fc.oneof(
  rec({
    completionMode: fc.constant("NonIndexed"),
    completions: fc.integer({ min: 0, max: 20 }),
    parallelism: fc.integer({ min: 0, max: 20 }),
  }),
  fc.integer({ min: 1, max: 200 }).chain((completions) =>
    fc
      .tuple(
        rec({ parallelism: fc.integer({ min: 0, max: 50 }) }),
        fc.option(
          fc.tuple(
            fc.integer({ min: 0, max: 5 }),
            fc.option(fc.integer({ min: 0, max: completions }), { nil: undefined }),
          ),
          { nil: undefined },
        ),
        fc.option(fc.array(successRule(completions), { minLength: 1, maxLength: 3 }), { nil: undefined }),
      )
      .map(([p, perIndex, success]) => ({
        completionMode: "Indexed",
        completions,
        ...p,
        ...(perIndex === undefined
          ? {}
          : {
              backoffLimitPerIndex: perIndex[0],
              ...(perIndex[1] === undefined ? {} : { maxFailedIndexes: perIndex[1] }),
            }),
        ...(success === undefined ? {} : { successPolicy: success }),
      })),
  ),
);

const failureRule = (containers: readonly string[], perIndex: boolean): fc.Arbitrary<Json> =>
  fc
    .tuple(
      fc.constantFrom(
        ...(perIndex ? ["FailJob", "FailIndex", "Ignore", "Count"] : ["FailJob", "Ignore", "Count"]),
      ),
      fc.oneof(
        fc
          .tuple(
            fc.option(fc.constantFrom(...containers), { nil: undefined }),
            fc.oneof(
              fc.record({
                operator: fc.constant("In"),
                values: fc.uniqueArray(fc.integer({ min: 1, max: 255 }), { minLength: 1, maxLength: 4 }),
              }),
              fc.record({
                operator: fc.constant("NotIn"),
                values: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
              }),
            ),
          )
          .map(([containerName, codes]) => ({
            onExitCodes: { ...(containerName === undefined ? {} : { containerName }), ...codes },
          })),
        fc
          .array(
            rec(
              {
                type: fc.constantFrom("DisruptionTarget", "ConfigIssue", "example.com/custom"),
                status: fc.constantFrom("True", "False", "Unknown"),
              },
              ["type"],
            ),
            { minLength: 1, maxLength: 2 },
          )
          .map((onPodConditions) => ({ onPodConditions })),
      ),
    )
    .map(([action, match]) => ({ action, ...match }));

/** A Job spec's options for a pod with these container names (init containers included). */
export function jobSpecOptions(containers: readonly string[]): fc.Arbitrary<Json> {
  return fc
    .tuple(
      completion,
      rec({
        restartPolicy: fc.constantFrom("Never", "OnFailure"),
        backoffLimit: fc.integer({ min: 0, max: 10 }),
        activeDeadlineSeconds: fc.integer({ min: 1, max: 86_400 }),
        ttlSecondsAfterFinished: fc.integer({ min: 0, max: 86_400 }),
        podReplacementPolicy: fc.constantFrom("TerminatingOrFailed", "Failed"),
      }),
      fc.boolean(),
    )
    .chain(([c, common, withPolicy]) => {
      if (!withPolicy || common.restartPolicy === "OnFailure") return fc.constant({ ...c, ...common });
      const perIndex = c.backoffLimitPerIndex !== undefined;
      return fc.array(failureRule(containers, perIndex), { minLength: 1, maxLength: 3 }).map((rules) => {
        const { podReplacementPolicy, ...rest } = common;
        return {
          ...c,
          ...rest,
          ...(podReplacementPolicy === "Failed" ? { podReplacementPolicy } : {}),
          podFailurePolicy: rules,
        };
      });
    });
}

/** The pod's container names (init containers included). */
const namesOf = (pod: { containers: { name: string }[]; initContainers?: { name: string }[] }) => [
  ...(pod.initContainers ?? []).map((c) => c.name),
  ...pod.containers.map((c) => c.name),
];

const meta = rec({ namespace: namespaceName, ...metaExtras });

export const jobOptions: fc.Arbitrary<JobOptions> = fc
  .tuple(dnsLabel, shortLabel, meta, podOptions(), fc.option(fc.boolean(), { nil: undefined }))
  .chain(([long, short, m, { pod }, suspend]) =>
    jobSpecOptions(namesOf(pod as Parameters<typeof namesOf>[0])).map((spec): JobOptions => {
      // An Indexed Job's pod host names are "<job>-<index>": a short name always leaves room.
      const name = spec.completionMode === "Indexed" ? short : long;
      return {
        name,
        ...m,
        ...pod,
        ...spec,
        ...(suspend === undefined ? {} : { suspend }),
      } as JobOptions;
    }),
  );

/** Schedules the API server takes: five fields (numbers, names, ranges, lists, steps, `*`, `?`) or descriptors. */
const cronField = (min: number, max: number, names: readonly string[] = []): fc.Arbitrary<string> => {
  const value = fc.integer({ min, max });
  const item = fc.oneof(
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc
      .tuple(fc.constantFrom("*", `${min}`), fc.integer({ min: 1, max: max - min + 1 }))
      .map(([a, s]) => `${a}/${s}`),
    ...(names.length > 0 ? [fc.constantFrom(...names)] : []),
  );
  return fc.oneof(
    fc.constantFrom("*", "?"),
    fc.array(item, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(",")),
  );
};

export const cronSchedule: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      cronField(0, 59),
      cronField(0, 23),
      cronField(1, 31),
      cronField(1, 12, ["jan", "JUN", "dec"]),
      cronField(0, 6, ["sun", "Mon", "sat"]),
    )
    .map((fields) => fields.join(" ")),
  fc.constantFrom(
    "@hourly",
    "@daily",
    "@midnight",
    "@weekly",
    "@monthly",
    "@yearly",
    "@annually",
    "@every 1h30m",
  ),
);

/** A CronJob name: a DNS label of at most 52 characters (its Jobs add "-<minutes>"). */
const cronJobName = dnsLabel.filter((n) => n.length <= 52);

export const cronJobOptions: fc.Arbitrary<CronJobOptions> = fc
  .tuple(
    cronJobName,
    shortLabel,
    meta,
    podOptions(),
    cronSchedule,
    rec({
      timeZone: fc.constantFrom(
        "UTC",
        "Etc/UTC",
        "Europe/Paris",
        "America/New_York",
        "Asia/Tokyo",
        "Etc/GMT+2",
      ),
      concurrencyPolicy: fc.constantFrom("Allow", "Forbid", "Replace"),
      startingDeadlineSeconds: fc.integer({ min: 0, max: 86_400 }),
      successfulJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
      failedJobsHistoryLimit: fc.integer({ min: 0, max: 10 }),
      suspend: fc.boolean(),
    }),
  )
  .chain(([long, short, m, { pod }, schedule, cron]) =>
    jobSpecOptions(namesOf(pod as Parameters<typeof namesOf>[0])).map((spec): CronJobOptions => {
      // An Indexed Job's pod host names are "<cronjob>-<minutes>-<index>": a short name always leaves room.
      const name = spec.completionMode === "Indexed" ? short : long;
      return { name, ...m, ...pod, ...spec, schedule, ...cron } as CronJobOptions;
    }),
  );
