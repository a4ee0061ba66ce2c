// Fuzzing deployment: valid pods (containers, ports, probes, volumes, resources, security, spreading),
// every pod mutation of mutations-pod.ts, the rollout rules, and junk.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type DeploymentOptions, deployment } from "../../src/index.ts";
import { deploymentOptions } from "./arb-pod.ts";
import { TIMEOUT } from "./harness.ts";
import { identity, type Lens, missingRequired, unknownKey, wrongType } from "./mutate.ts";
import { BAD_LABEL_NAMES, metaMutations, setValue } from "./mutations-common.ts";
import { podMutations, podShape } from "./mutations-pod.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const deploymentShape = podShape();
const dLens = identity as Lens<DeploymentOptions>;

describe("deployment (fuzz)", () => {
  it.for(
    fuzz<DeploymentOptions>({
      subject: { builder: "deployment", build: (o) => deployment(o), ...k8s },
      valid: deploymentOptions,
      mutators: [
        unknownKey(deploymentShape, dLens),
        wrongType(deploymentShape, dLens),
        missingRequired(deploymentShape, dLens),
        ...metaMutations(dLens, { name: [...BAD_LABEL_NAMES, "a.b"] }),
        ...podMutations(dLens),
        setValue(dLens, "bad replicas", ["replicas"], [-1, 1.5, "2", Number.NaN]),
        deploymentRules(dLens),
        setValue(dLens, "bad maxSurge", ["maxSurge"], ["25", "-1", "25.5%", "%", -1, 1.5, "x%"]),
        setValue(dLens, "bad maxUnavailable", ["maxUnavailable"], ["25", "-1%", -1, 1.5]),
        setValue(dLens, "bad minReadySeconds", ["minReadySeconds"], [-1, 1.5]),
        setValue(dLens, "bad revisionHistoryLimit", ["revisionHistoryLimit"], [-1, 1.5]),
        setValue(dLens, "bad strategy", ["strategy"], ["Rolling", "", "recreate"]),
        setValue(dLens, "bad progressDeadlineSeconds", ["progressDeadlineSeconds"], [-1, 1.5, "600"]),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

/** replicas set while autoscaled; both rollout limits 0. */
function deploymentRules(lens: Lens<DeploymentOptions>) {
  return (input: DeploymentOptions) =>
    fc.oneof(
      fc.integer({ min: 0, max: 5 }).map((n) => ({
        mutation: `autoscaled with replicas ${n}`,
        input: lens.set(input, { ...input, autoscaled: true, replicas: n }),
        path: "replicas",
        code: "conflicting_options",
      })),
      fc.constant({
        mutation: "maxSurge 0 and maxUnavailable 0",
        input: lens.set(input, { ...input, strategy: "RollingUpdate", maxSurge: 0, maxUnavailable: 0 }),
        path: "maxUnavailable",
        code: "rollout_blocked",
      }),
      fc.constantFrom("maxSurge", "maxUnavailable").map((field) => ({
        mutation: `Recreate with ${field}`,
        input: lens.set(input, { ...input, strategy: "Recreate", [field]: 1 }),
        path: field,
        code: "conflicting_options",
      })),
      fc.nat(600).map((n) => ({
        mutation: `progressDeadlineSeconds ${n} not above minReadySeconds`,
        input: lens.set(input, { ...input, minReadySeconds: n, progressDeadlineSeconds: n }),
        path: "progressDeadlineSeconds",
        code: "too_small",
      })),
    );
}
