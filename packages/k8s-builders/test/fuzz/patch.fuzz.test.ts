// Fuzzing patch: a patch can never produce an object the library would refuse. A valid workload gets one change at
// any node of its built object (a plausible value, junk, or a removal), written as a patch the way a user writes
// one (list items by their name where the list merges by name; arb-patch.ts), and a Job or CronJob also a fragment
// of a Job spec with fields it was built without; `patch` either refuses it with a K8sBuilderError,
// or returns an object that passes the official schema, the unknown-field check and the API-server rules. It never
// changes the object it was given.
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { deployment, type Patch, patch } from "../../src/index.ts";
import { schemaProblems } from "../support/schema.ts";
import { deploymentOptions } from "./arb-pod.ts";
import { holds, TIMEOUT } from "./harness.ts";
import { apiServerProblems } from "./k8s-rules.ts";
import { patchedKinds } from "./patch-samples.ts";

function check<O extends object>({ object, partial }: { object: O; partial: Patch<O> }): void {
  const before = structuredClone(object);
  let result: O;
  try {
    result = patch(object as O & { kind?: string }, partial);
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    expect(isDeepStrictEqual(object, before)).toBe(true);
    return;
  }
  expect(isDeepStrictEqual(object, before)).toBe(true);
  const problems = [...schemaProblems(result), ...apiServerProblems(result)];
  if (problems.length > 0) {
    throw new Error(
      `patch accepted ${JSON.stringify(partial)} but the result is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

describe("patch (fuzz): the library never accepts a patch whose result the API server refuses", () => {
  for (const [kinds, samples] of patchedKinds()) it(kinds, () => holds(samples, check), TIMEOUT);

  it(
    "an empty patch returns an equal object",
    () =>
      holds(
        deploymentOptions.map((o) => deployment(o)),
        (d) => {
          expect(patch(d, {})).toEqual(d);
        },
      ),
    TIMEOUT,
  );
});
