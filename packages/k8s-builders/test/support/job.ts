/** Fixtures of the job tests (src/kinds/job*.test.ts). */
import type { Job } from "kubernetes-types/batch/v1.js";
import type { BuiltWorkload } from "../../src/base/manifest.ts";
import { type JobOptions, job } from "../../src/kinds/job.ts";
import { assertSchemaValid } from "./schema.ts";

/** The smallest Job: `db-migrate` in shop, one container with a pinned image. */
export const base = {
  name: "db-migrate",
  namespace: "shop",
  containers: [{ name: "migrate", image: "ghcr.io/acme/migrate:2.1.0" }],
} satisfies JobOptions;

/** Builds `base` with `extra`, and asserts that the Job is schema-valid. */
export function build(extra: Partial<JobOptions> = {}): BuiltWorkload<Job> {
  const j = job({ ...base, ...extra } as JobOptions);
  assertSchemaValid(j);
  return j;
}

/** The options of an Indexed Job of 10 completions, 2 at a time. */
export const indexed = { completionMode: "Indexed", completions: 10, parallelism: 2 } as const;
