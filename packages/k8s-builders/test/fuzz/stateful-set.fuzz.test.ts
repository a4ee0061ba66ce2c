// Fuzzing statefulSet: valid pods and claim templates, every pod mutation of mutations-pod.ts, the claim
// rules, and junk.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type StatefulSetOptions, statefulSet } from "../../src/index.ts";
import { statefulSetOptions } from "./arb-pod.ts";
import { TIMEOUT } from "./harness.ts";
import { identity, type Lens, missingRequired, unknownKey, wrongType } from "./mutate.ts";
import { BAD_LABEL_NAMES, badValue, metaMutations, setValue } from "./mutations-common.ts";
import { podMutations, podShape } from "./mutations-pod.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const stsShape = podShape({ required: ["volumeClaimTemplates.*.name", "volumeClaimTemplates.*.storage"] });
const sLens = identity as Lens<StatefulSetOptions>;

describe("statefulSet (fuzz)", () => {
  it.for(
    fuzz<StatefulSetOptions>({
      subject: { builder: "statefulSet", build: (o) => statefulSet(o), ...k8s },
      valid: statefulSetOptions,
      mutators: [
        unknownKey(stsShape, sLens),
        wrongType(stsShape, sLens),
        missingRequired(stsShape, sLens),
        ...metaMutations(sLens, { name: [...BAD_LABEL_NAMES, "a.b"] }),
        ...podMutations(sLens),
        setValue(sLens, "bad replicas", ["replicas"], [-1, 1.5, "2"]),
        // 53–63 characters: a valid DNS label, but the pods' controller-revision-hash label would be too long.
        (input) =>
          fc.integer({ min: 53, max: 63 }).map((n) => ({
            mutation: `name of ${n} characters`,
            input: { ...input, name: `s${"x".repeat(n - 1)}` },
            path: "name",
            code: "too_big",
          })),
        setValue(sLens, "bad serviceName", ["serviceName"], [...BAD_LABEL_NAMES, "a.b"]),
        setValue(sLens, "bad podManagementPolicy", ["podManagementPolicy"], ["Ordered", ""]),
        setValue(sLens, "bad pvcRetention", ["pvcRetention", "whenDeleted"], ["Keep", ""]),
        setValue(sLens, "bad updateStrategy", ["updateStrategy"], ["Rolling", "", "ondelete"]),
        setValue(sLens, "bad partition", ["partition"], [-1, 1.5, "1"]),
        setValue(sLens, "maxUnavailable 0", ["maxUnavailable"], [0, "0%"], "too_small"),
        setValue(sLens, "maxUnavailable over 100%", ["maxUnavailable"], ["101%", "250%"], "too_big"),
        setValue(sLens, "bad minReadySeconds", ["minReadySeconds"], [-1, 1.5]),
        (input) =>
          fc.constantFrom("partition", "maxUnavailable").map((field) => ({
            mutation: `OnDelete with ${field}`,
            input: { ...input, updateStrategy: "OnDelete" as const, [field]: 1 },
            path: field,
            code: "conflicting_options",
          })),
        badValue(sLens, "bad claim storage", ["volumeClaimTemplates.*.storage"], ["10GB", "", "ten", -1]),
        badValue(sLens, "bad claim access mode", ["volumeClaimTemplates.*.accessModes.*"], ["RWO", ""]),
        badValue(
          sLens,
          "bad claim storageClassName",
          ["volumeClaimTemplates.*.storageClassName"],
          ["UPPER", "a_b"],
        ),
        // A claim template named like a pod volume or another claim.
        (input) => {
          const names = [
            ...((input.volumes ?? []).map((v) => v.name) as string[]),
            ...((input.volumeClaimTemplates ?? []).map((c) => c.name) as string[]),
          ];
          if (names.length === 0) return undefined;
          const n = input.volumeClaimTemplates?.length ?? 0;
          return fc.constantFrom(...names).map((name) => ({
            mutation: `claim template named like volume ${name}`,
            input: {
              ...input,
              volumeClaimTemplates: [...(input.volumeClaimTemplates ?? []), { name, storage: "1Gi" }],
            },
            path: `volumeClaimTemplates[${n}].name`,
            code: "duplicate",
          }));
        },
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
