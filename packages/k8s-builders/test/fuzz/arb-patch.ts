// Patches of built objects, as a user writes them: one change at any node of the object (a plausible value, junk,
// or a removal), list items by their name where the list merges by name. For Jobs and CronJobs, also a fragment
// of a Job spec merged into it (several fields at once, valid or not), so the rules across its fields are met
// with the fields a Job is built without. Used by the patch property (patch.fuzz.test.ts) and the real API
// server's oracle (test/apiserver), which sends the patched objects the library accepts.
import fc from "fast-check";
import { MERGE_KEYS } from "../../src/base/patch-types.ts";
import { type JobOptions, job, type Patch } from "../../src/index.ts";
import { jobSpecOptions } from "./arb-batch.ts";
import { nodes, type Segment } from "./harness.ts";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A copy of `node` with `value` at `path` (undefined removes it). */
function setAt(node: unknown, path: readonly Segment[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [seg, ...rest] = path as [Segment, ...Segment[]];
  if (Array.isArray(node)) {
    const copy = [...node];
    copy[seg as number] = setAt(node[seg as number], rest, value);
    return copy.filter((x) => x !== undefined);
  }
  const out: Json = { ...(isObj(node) ? node : {}) };
  const v = setAt(out[seg], rest, value);
  if (v === undefined) delete out[seg];
  else out[seg] = v;
  return out;
}

/**
 * The smallest patch that puts `value` at `path` of `object`: objects by key, items of a list that merges by key
 * by their key, other lists whole.
 */
export function patchFor(object: unknown, path: readonly Segment[], value: unknown, field?: string): unknown {
  if (path.length === 0) return value;
  const [seg, ...rest] = path as [Segment, ...Segment[]];
  if (Array.isArray(object)) {
    const item = object[seg as number];
    const key =
      field !== undefined && Object.hasOwn(MERGE_KEYS, field)
        ? MERGE_KEYS[field as keyof typeof MERGE_KEYS]
        : undefined;
    if (key !== undefined && isObj(item) && typeof item[key] === "string" && rest.length > 0) {
      const inner = patchFor(item, rest, value);
      return [{ ...(isObj(inner) ? inner : {}), [key]: item[key] }];
    }
    return setAt(object, [seg, ...rest], value === null ? undefined : value);
  }
  return { [seg]: patchFor(isObj(object) ? object[seg] : undefined, rest, value, String(seg)) };
}

/** Values a user might put anywhere: plausible ones, removals and junk. */
export const values: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "nginx:latest",
      "ghcr.io/acme/app:2.0.0",
      "",
      "API",
      "a.b",
      "http",
      "Always",
      "Never",
      "None",
      "Recreate",
      "OnDelete",
      "Indexed",
      "FailIndex",
      "0%",
      "150%",
      "1Gi",
      "512MB",
      "100m",
      "10.0.0.1",
      -1,
      0,
      1,
      3,
      70000,
      true,
      false,
      [],
      {},
      ["x"],
      { name: "x" },
      { exec: { command: ["true"] } },
    ),
  },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** A patch of a built object and the path it changes. */
export interface Patched<O> {
  readonly object: O;
  readonly partial: Patch<O>;
  readonly at: readonly Segment[];
}

/**
 * A built object and one change of it as a patch: at any node, or (`additions`) a value merged at a path, such
 * as a fragment of a spec with fields the object does not have yet.
 */
export function patched<O extends object>(
  built: fc.Arbitrary<O>,
  additions?: (object: O) => fc.Arbitrary<{ path: Segment[]; value: unknown }>,
): fc.Arbitrary<Patched<O>> {
  return built.chain((object) => {
    const candidates = nodes(object).filter((n) => n.path[0] !== "apiVersion" && n.path[0] !== "kind");
    const anyNode = fc
      .tuple(fc.constantFrom(...candidates), values)
      .map(([n, value]) => ({ path: n.path, value }));
    const change = additions === undefined ? anyNode : fc.oneof(anyNode, additions(object));
    return change.map(({ path, value }) => ({
      object,
      partial: patchFor(object, path, value) as Patch<O>,
      at: path,
    }));
  });
}

const containerNames = (podSpec: unknown): string[] =>
  ["initContainers", "containers"].flatMap((f) => {
    const list = isObj(podSpec) ? podSpec[f] : undefined;
    return Array.isArray(list) ? list.map((c) => (isObj(c) ? String(c.name) : "")) : [];
  });

/**
 * A fragment of a Job spec, merged into the spec at `at` (a Job's `spec`, a CronJob's `spec.jobTemplate.spec`):
 * the spec of another valid Job for the same containers (arb-batch.ts: completion mode, counts, per-index limits,
 * failure and success policies, the pods' restart policy), one or two fields of any value, or both together, so
 * that what is merged is often valid alone but not always with the fields the object already has.
 */
export function jobSpecAdditions(at: Segment[]) {
  return (object: object): fc.Arbitrary<{ path: Segment[]; value: unknown }> => {
    let spec: unknown = object;
    for (const seg of at) spec = isObj(spec) ? spec[seg] : undefined;
    const podSpec = isObj(spec) && isObj(spec.template) ? spec.template.spec : undefined;
    const names = containerNames(podSpec);
    const valid = jobSpecOptions(names).map((o) => {
      const { template, ...rest } = job({
        name: "fragment",
        containers: names.map((name) => ({ name, image: "ghcr.io/acme/app:1.0.0" })),
        ...o,
      } as JobOptions).spec;
      return { ...rest, template: { spec: { restartPolicy: template.spec.restartPolicy } } };
    });
    const exitCodes = fc.record(
      {
        containerName: fc.constantFrom(...names, "not-a-container"),
        operator: fc.constantFrom("In", "NotIn"),
        values: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: ["operator", "values"] },
    );
    const condition = fc.record({
      type: fc.constantFrom("DisruptionTarget", "ConfigIssue", "not a condition"),
      status: fc.constantFrom("True", "False", "Unknown", "Maybe"),
    });
    const failureRule = fc.record(
      {
        action: fc.constantFrom("FailJob", "FailIndex", "Ignore", "Count"),
        onExitCodes: exitCodes,
        onPodConditions: fc.array(condition, { maxLength: 2 }),
      },
      { requiredKeys: ["action"] },
    );
    const successRule = fc.record(
      {
        succeededIndexes: fc.constantFrom("0", "0-2", "1,3", "3-1", "0-100", "", "x"),
        succeededCount: fc.integer({ min: 0, max: 5 }),
      },
      { requiredKeys: [] },
    );
    const count = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom(-1, 100_001));
    const fields: Record<string, fc.Arbitrary<unknown>> = {
      completionMode: fc.constantFrom("Indexed", "NonIndexed"),
      completions: count,
      parallelism: count,
      backoffLimitPerIndex: fc.integer({ min: -1, max: 3 }),
      maxFailedIndexes: count,
      podReplacementPolicy: fc.constantFrom("Failed", "TerminatingOrFailed"),
      activeDeadlineSeconds: fc.integer({ min: -1, max: 100 }),
      ttlSecondsAfterFinished: fc.integer({ min: -1, max: 100 }),
      suspend: fc.boolean(),
      podFailurePolicy: fc.record({ rules: fc.array(failureRule, { maxLength: 3 }) }),
      successPolicy: fc.record({ rules: fc.array(successRule, { maxLength: 3 }) }),
      template: fc.constantFrom("Never", "OnFailure", "Always").map((r) => ({ spec: { restartPolicy: r } })),
    };
    const some = fc
      .shuffledSubarray(Object.keys(fields), { minLength: 1, maxLength: 2 })
      .chain((keys) =>
        fc.record(Object.fromEntries(keys.map((k) => [k, fields[k] as fc.Arbitrary<unknown>]))),
      );
    const fragment = fc.oneof(
      { weight: 2, arbitrary: valid },
      { weight: 1, arbitrary: some },
      { weight: 1, arbitrary: fc.tuple(valid, some).map(([v, f]) => ({ ...v, ...f })) },
    );
    return fragment.map((value) => ({ path: at, value }));
  };
}
