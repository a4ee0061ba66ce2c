/**
 * Job (batch/v1): pods that run to completion, with the retry, deadline and completion rules of the API server
 * (`pkg/apis/batch/validation` of Kubernetes v1.37). The options of the Job's spec (job-spec.ts) and their rules
 * (job-spec-rules.ts) are shared with `cronJob`, whose Jobs they describe.
 */
import type { Job } from "kubernetes-types/batch/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { BuiltWorkload } from "../base/manifest.ts";
import { obj } from "../base/object.ts";
import { k8sApi, lazyObject, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsLabel } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";
import { podShape } from "../pod/pod-shape.ts";
import { podRules, podVersionTag } from "../pod/pod-template.ts";
import { jobSpecFields, jobSpecShape } from "./job-spec.ts";
import { buildJobSpec, indexedNameIssue, jobSpecObjectRules, jobSpecRules } from "./job-spec-rules.ts";
import { type KindChecks, patched } from "./object-checks.ts";

const SPEC = k8sApi("workload-resources/job-v1", "JobSpec");

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
    ...patchShape<BuiltWorkload<Job>>(),
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

/**
 * What the checks of a built or patched Job add to every object's: its spec's fields and the rules its options
 * meet (job-spec-rules.ts), its pods' restarts, and a name that leaves room for the pods' indexes.
 */
export const JOB_CHECKS: KindChecks = {
  name: dnsLabel,
  get fields() {
    return jobSpecFields();
  },
  rules: (o) => {
    const issues = jobSpecObjectRules(o.spec, ["spec"]);
    const name = obj(o.metadata).name;
    if (typeof name !== "string") return issues;
    const long = indexedNameIssue(obj(o.spec), name.length, `the Job name "${name}"`, ["metadata", "name"]);
    return long === undefined ? issues : [...issues, long];
  },
};

/**
 * Builds a Job whose pods run to completion with restricted-PSS security written in: `restartPolicy: Never`
 * by default, and the API server's rules for completions, indexes and failure and success policies checked.
 *
 * @example
 * job({ name: "db-migrate", containers: [{ name: "migrate", image: "ghcr.io/acme/migrate:2.1.0" }],
 *   backoffLimit: 2, activeDeadlineSeconds: 600 });
 */
export function job(options: JobOptions): BuiltWorkload<Job> {
  const o = parseOptions("job", JobOptionsSchema, options, (p) => {
    const issues = [...podRules(p), ...jobSpecRules(p, p)];
    const name = indexedNameIssue(p, p.name.length, `the Job name "${p.name}"`);
    if (name !== undefined) issues.push(name);
    return issues;
  });
  const built: BuiltWorkload<Job> = {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMeta(o, podVersionTag(o)),
    spec: buildJobSpec(o, o, o),
  };
  return patched("job", built, o.patch, JOB_CHECKS);
}
