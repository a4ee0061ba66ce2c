// Fuzzing daemonSet: valid pods (the pod options of deployment), rolling updates with exactly one of maxSurge and
// maxUnavailable above 0, or OnDelete; every pod mutation of mutations-pod.ts, the rollout rules, and junk.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type DaemonSetOptions, daemonSet } from "../../src/index.ts";
import { daemonSetOptions } from "./arb-pod.ts";
import { TIMEOUT } from "./harness.ts";
import { identity, type Lens, missingRequired, unknownKey, wrongType } from "./mutate.ts";
import { BAD_LABEL_NAMES, metaMutations, setValue } from "./mutations-common.ts";
import { podMutations, podShape } from "./mutations-pod.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const daemonSetShape = podShape();
const dLens = identity as Lens<DaemonSetOptions>;

/** The API server's rules of a DaemonSet's rolling update (ValidateRollingUpdateDaemonSet), each broken once. */
function daemonSetRules(input: DaemonSetOptions) {
  const { maxSurge: _s, maxUnavailable: _u, updateStrategy: _t, ...pod } = input;
  return fc.oneof(
    fc.constant({
      mutation: "maxUnavailable 0 without maxSurge",
      input: { ...pod, maxUnavailable: 0 } as DaemonSetOptions,
      path: "maxUnavailable",
      code: "rollout_blocked",
    }),
    fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).map(([u, s]) => ({
      mutation: `maxUnavailable ${u} and maxSurge ${s}`,
      input: { ...pod, maxUnavailable: u, maxSurge: s } as DaemonSetOptions,
      path: "maxSurge",
      code: "conflicting_options",
    })),
    fc.constantFrom("maxSurge", "maxUnavailable").map((field) => ({
      mutation: `OnDelete with ${field}`,
      input: { ...pod, updateStrategy: "OnDelete", [field]: 1 } as DaemonSetOptions,
      path: field,
      code: "conflicting_options",
    })),
    fc.constantFrom("maxSurge", "maxUnavailable").map((field) => ({
      mutation: `${field} above 100%`,
      input: {
        ...pod,
        [field]: "101%",
        ...(field === "maxSurge" ? { maxUnavailable: 0 } : {}),
      } as DaemonSetOptions,
      path: field,
      code: "too_big",
    })),
  );
}

describe("daemonSet (fuzz)", () => {
  it.for(
    fuzz<DaemonSetOptions>({
      subject: { builder: "daemonSet", build: (o) => daemonSet(o), ...k8s },
      valid: daemonSetOptions,
      mutators: [
        unknownKey(daemonSetShape, dLens),
        wrongType(daemonSetShape, dLens),
        missingRequired(daemonSetShape, dLens),
        ...metaMutations(dLens, { name: [...BAD_LABEL_NAMES, "a.b"] }),
        ...podMutations(dLens),
        daemonSetRules,
        setValue(dLens, "bad maxSurge", ["maxSurge"], ["25", "-1", "25.5%", "%", -1, 1.5, "x%"]),
        setValue(dLens, "bad maxUnavailable", ["maxUnavailable"], ["25", "-1%", -1, 1.5]),
        setValue(dLens, "bad minReadySeconds", ["minReadySeconds"], [-1, 1.5]),
        setValue(dLens, "bad revisionHistoryLimit", ["revisionHistoryLimit"], [-1, 1.5]),
        setValue(dLens, "bad updateStrategy", ["updateStrategy"], ["Recreate", "", "onDelete"]),
        setValue(dLens, "a replica count", ["replicas"], [1, 3], "unknown_option"),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
