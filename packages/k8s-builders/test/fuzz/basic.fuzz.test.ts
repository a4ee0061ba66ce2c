// Fuzzing namespace, configMap, secret, serviceAccount, hpa and pdb.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type ConfigMapOptions,
  configMap,
  type HpaOptions,
  hpa,
  type NamespaceOptions,
  namespace,
  type PdbOptions,
  pdb,
  type SecretOptions,
  type ServiceAccountOptions,
  secret,
  serviceAccount,
} from "../../src/index.ts";
import {
  configMapOptions,
  hpaOptions,
  namespaceOptions,
  pdbOptions,
  secretOptions,
  serviceAccountOptions,
} from "./arb-kinds.ts";
import { pathOf, TIMEOUT } from "./harness.ts";
import {
  identity,
  type Lens,
  type Mutator,
  missingRequired,
  type Shape,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import {
  BAD_LABEL_NAMES,
  BAD_SUBDOMAINS,
  META_RECORDS,
  metaMutations,
  setValue,
} from "./mutations-common.ts";
import { budgetMutations, hpaMutations } from "./mutations-scaling.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const generic = <I>(shape: Shape): Mutator<I>[] => {
  const lens = identity as Lens<I>;
  return [unknownKey(shape, lens), wrongType(shape, lens), missingRequired(shape, lens)];
};
const lens = <I>() => identity as Lens<I>;
const BAD_KEYS = ["bad key", "a/b", "", "ü", "a:b", "x".repeat(254)];

/** A data key that is not a ConfigMap/Secret key, under `field`. */
function badDataKey<I>(field: string): Mutator<I> {
  return (input) =>
    fc.constantFrom(...BAD_KEYS).map((k) => ({
      mutation: `bad ${field} key ${JSON.stringify(k)}`,
      input: { ...input, [field]: { ...((input as Record<string, object>)[field] ?? {}), [k]: "<v>" } } as I,
      path: pathOf([field, k]),
    }));
}

describe("namespace (fuzz)", () => {
  it.for(
    fuzz<NamespaceOptions>({
      subject: { builder: "namespace", build: (o) => namespace(o), ...k8s },
      valid: namespaceOptions,
      mutators: [
        ...generic<NamespaceOptions>({ records: META_RECORDS, unions: [], required: ["name"] }),
        ...metaMutations(lens<NamespaceOptions>(), { name: [...BAD_LABEL_NAMES, "a.b"], namespace: false }),
        setValue(lens<NamespaceOptions>(), "bad podSecurity", ["podSecurity"], ["strict", "", true, 1]),
        // A Namespace is cluster-scoped: no namespace option.
        setValue(lens<NamespaceOptions>(), "namespace option", ["namespace"], ["default"], "unknown_option"),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("configMap (fuzz)", () => {
  it.for(
    fuzz<ConfigMapOptions>({
      subject: { builder: "configMap", build: (o) => configMap(o), ...k8s },
      valid: configMapOptions,
      mutators: [
        ...generic<ConfigMapOptions>({
          records: [...META_RECORDS, "data"],
          unions: [],
          required: ["name", "data"],
        }),
        ...metaMutations(lens<ConfigMapOptions>(), { name: BAD_SUBDOMAINS }),
        badDataKey<ConfigMapOptions>("data"),
        setValue(lens<ConfigMapOptions>(), "bad immutable", ["immutable"], ["true", 1]),
        (input) =>
          fc.integer({ min: 0, max: 100 }).map((extra) => ({
            mutation: `data of 1 MiB + ${extra} bytes`,
            input: { ...input, data: { big: "x".repeat(1024 * 1024 + extra) } },
            path: "data",
            code: "too_big",
          })),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("secret (fuzz)", () => {
  it.for(
    fuzz<SecretOptions>({
      subject: { builder: "secret", build: (o) => secret(o), ...k8s },
      valid: secretOptions,
      mutators: [
        ...generic<SecretOptions>({
          records: [...META_RECORDS, "stringData"],
          unions: [],
          required: ["name", "stringData"],
        }),
        ...metaMutations(lens<SecretOptions>(), { name: BAD_SUBDOMAINS }),
        badDataKey<SecretOptions>("stringData"),
        setValue(lens<SecretOptions>(), "bad type", ["type"], ["kubernetes.io/ssh", "opaque", ""]),
        // A real value without allowRealValues.
        (input) =>
          fc.constantFrom("hunter2", "p@ssw0rd", "<a", "CHANGE ME", "$" + "{1X}", "", "changeme").map((v) => {
            const { allowRealValues: _a, ...rest } = input;
            return {
              mutation: `real value ${JSON.stringify(v)}`,
              input: { ...rest, stringData: { ...rest.stringData, password: v } },
              path: "stringData.password",
              code: "real_secret_value",
            };
          }),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("serviceAccount (fuzz)", () => {
  it.for(
    fuzz<ServiceAccountOptions>({
      subject: { builder: "serviceAccount", build: (o) => serviceAccount(o), ...k8s },
      valid: serviceAccountOptions,
      mutators: [
        ...generic<ServiceAccountOptions>({ records: META_RECORDS, unions: [], required: ["name"] }),
        ...metaMutations(lens<ServiceAccountOptions>(), { name: BAD_SUBDOMAINS }),
        (input) =>
          fc.constantFrom(...BAD_SUBDOMAINS).map((n) => {
            const list = [...(input.imagePullSecrets ?? []), n];
            return {
              mutation: `bad imagePullSecret ${JSON.stringify(n)}`,
              input: { ...input, imagePullSecrets: list },
              path: `imagePullSecrets[${list.length - 1}]`,
            };
          }),
        setValue(
          lens<ServiceAccountOptions>(),
          "bad automount",
          ["automountServiceAccountToken"],
          ["false", 0],
        ),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("hpa (fuzz)", () => {
  it.for(
    fuzz<HpaOptions>({
      subject: { builder: "hpa", build: (o) => hpa(o), ...k8s },
      valid: hpaOptions,
      mutators: [
        ...generic<HpaOptions>({
          records: META_RECORDS,
          unions: [],
          required: [
            "name",
            "maxReplicas",
            "scaleTargetRef",
            "scaleTargetRef.kind",
            "scaleTargetRef.name",
            "behavior.*.policies.*.type",
            "behavior.*.policies.*.value",
            "behavior.*.policies.*.periodSeconds",
          ],
          enums: ["scaleTargetRef.kind", "behavior.*.policies.*.type"],
        }),
        ...metaMutations(lens<HpaOptions>(), { name: BAD_SUBDOMAINS }),
        ...hpaMutations(lens<HpaOptions>()),
        setValue(
          lens<HpaOptions>(),
          "bad target kind",
          ["scaleTargetRef", "kind"],
          ["DaemonSet", "deployment"],
        ),
        setValue(
          lens<HpaOptions>(),
          "bad target name",
          ["scaleTargetRef", "name"],
          [...BAD_LABEL_NAMES, "a.b"],
        ),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("pdb (fuzz)", () => {
  it.for(
    fuzz<PdbOptions>({
      subject: { builder: "pdb", build: (o) => pdb(o), ...k8s },
      valid: pdbOptions,
      mutators: [
        ...generic<PdbOptions>({
          records: [...META_RECORDS, "selector"],
          unions: [],
          required: ["name", "selector"],
        }),
        ...metaMutations(lens<PdbOptions>(), { name: BAD_SUBDOMAINS }),
        ...budgetMutations(lens<PdbOptions>()),
        (input) => {
          const { minAvailable: _a, maxUnavailable: _b, ...rest } = input;
          return fc.constant({
            mutation: "no budget",
            input: rest as PdbOptions,
            path: "minAvailable",
            code: "exactly_one",
          });
        },
        (input) =>
          fc.constantFrom("-x", "a b").map((k) => ({
            mutation: `bad selector key ${k}`,
            input: { ...input, selector: { [k]: "v" } },
            path: pathOf(["selector", k]),
          })),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
