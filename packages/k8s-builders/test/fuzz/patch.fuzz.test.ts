// Fuzzing patch: a patch can never produce an object the library would refuse. A valid workload gets one change at
// any node of its built object (a plausible value, junk, or a removal), written as a patch the way a user writes
// one (list items by their name where the list merges by name); `patch` either refuses it with a K8sBuilderError,
// or returns an object that passes the official schema, the unknown-field check and the API-server rules. It never
// changes the object it was given.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { MERGE_KEYS } from "../../src/base/patch-types.ts";
import {
  clusterRole,
  clusterRoleBinding,
  daemonSet,
  deployment,
  type Patch,
  patch,
  persistentVolumeClaim,
  statefulSet,
} from "../../src/index.ts";
import { schemaProblems } from "../support/schema.ts";
import { daemonSetOptions, deploymentOptions, statefulSetOptions } from "./arb-pod.ts";
import { holds, nodes, type Segment, TIMEOUT } from "./harness.ts";
import { apiServerProblems } from "./k8s-rules.ts";

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
function patchFor(object: unknown, path: readonly Segment[], value: unknown, field?: string): unknown {
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
const values = fc.oneof(
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

/** A built object and one change of it as a patch. */
function patched<O extends object>(built: fc.Arbitrary<O>) {
  return built.chain((object) => {
    const candidates = nodes(object).filter((n) => n.path[0] !== "apiVersion" && n.path[0] !== "kind");
    return fc
      .tuple(fc.constantFrom(...candidates), values)
      .map(([n, value]) => ({ object, partial: patchFor(object, n.path, value) as Patch<O>, at: n.path }));
  });
}

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
  it("Deployment", () => holds(patched(deploymentOptions.map((o) => deployment(o))), check), TIMEOUT);
  it("StatefulSet", () => holds(patched(statefulSetOptions.map((o) => statefulSet(o))), check), TIMEOUT);
  it("DaemonSet", () => holds(patched(daemonSetOptions.map((o) => daemonSet(o))), check), TIMEOUT);
  it(
    "ClusterRole and ClusterRoleBinding",
    () =>
      holds(
        patched(
          fc.constantFrom(
            clusterRole({
              name: "reader",
              rules: [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
                { nonResourceURLs: ["/metrics"], verbs: ["get"] },
              ],
            }),
            clusterRole({ name: "aggregate", aggregationRule: [{ "example.com/aggregate": "true" }] }),
            clusterRoleBinding({
              name: "reader",
              roleRef: { name: "reader" },
              subjects: [{ kind: "ServiceAccount", name: "agent", namespace: "shop" }],
            }),
          ),
        ),
        check,
      ),
    TIMEOUT,
  );
  it(
    "PersistentVolumeClaim",
    () =>
      holds(
        patched(
          fc
            .constantFrom("1Gi", "10Gi")
            .map((size) => persistentVolumeClaim({ name: "data", namespace: "shop", size })),
        ),
        check,
      ),
    TIMEOUT,
  );

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
