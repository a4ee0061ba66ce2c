// Fuzzing persistentVolumeClaim, role, roleBinding and roleBindingFor.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type PersistentVolumeClaimOptions,
  persistentVolumeClaim,
  type RoleBindingForOptions,
  type RoleBindingOptions,
  type RoleOptions,
  role,
  roleBinding,
  roleBindingFor,
  serviceAccount,
} from "../../src/index.ts";
import {
  ALNUM,
  annotations,
  chars,
  dnsSubdomain,
  labels,
  metaExtras,
  namespaceName,
  objectName,
  rec,
  storageSize,
} from "./arb-base.ts";
import { junk, nodes, type Segment, TIMEOUT } from "./harness.ts";
import {
  identity,
  type Lens,
  type Mutator,
  missingRequired,
  optionsOf,
  type Shape,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import { BAD_SUBDOMAINS, badValue, META_RECORDS, metaMutations, setValue } from "./mutations-common.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const generic = <I>(shape: Shape, lens: Lens<I> = identity as Lens<I>): Mutator<I>[] => [
  unknownKey(shape, lens),
  wrongType(shape, lens),
  missingRequired(shape, lens),
];
const lens = <I>() => identity as Lens<I>;
const meta = rec({ namespace: namespaceName, ...metaExtras });

// ------------------------------------------------------------------------------------- persistentVolumeClaim

const accessModes = fc.oneof(
  fc.constant(0).map((): "ReadWriteOncePod"[] => ["ReadWriteOncePod"]),
  fc.uniqueArray(
    fc.constantFrom("ReadWriteOnce" as const, "ReadOnlyMany" as const, "ReadWriteMany" as const),
    { minLength: 1, maxLength: 3 },
  ),
);
const pvcOptions: fc.Arbitrary<PersistentVolumeClaimOptions> = fc
  .tuple(objectName, meta, storageSize, rec({ storageClassName: dnsSubdomain(), accessModes }))
  .map(([name, m, size, rest]) => ({ name, ...m, size, ...rest }));

describe("persistentVolumeClaim (fuzz)", () => {
  it.for(
    fuzz<PersistentVolumeClaimOptions>({
      subject: { builder: "persistentVolumeClaim", build: (o) => persistentVolumeClaim(o), ...k8s },
      valid: pvcOptions,
      mutators: [
        ...generic<PersistentVolumeClaimOptions>({
          records: META_RECORDS,
          unions: [],
          required: ["name", "size"],
        }),
        ...metaMutations(lens<PersistentVolumeClaimOptions>(), { name: BAD_SUBDOMAINS }),
        setValue(
          lens<PersistentVolumeClaimOptions>(),
          "bad size",
          ["size"],
          ["10GB", "", "ten", -1, Number.NaN],
        ),
        setValue(lens<PersistentVolumeClaimOptions>(), "no access modes", ["accessModes"], [[]], "too_small"),
        badValue(lens<PersistentVolumeClaimOptions>(), "bad access mode", ["accessModes.*"], ["RWO", ""]),
        setValue(
          lens<PersistentVolumeClaimOptions>(),
          "bad storageClassName",
          ["storageClassName"],
          BAD_SUBDOMAINS,
        ),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// --------------------------------------------------------------------------------------------------- role

const apiGroup = fc.oneof(
  fc.constantFrom("", "*", "apps", "discovery.k8s.io", "networking.k8s.io"),
  dnsSubdomain(40),
);
const resource = fc.oneof(
  fc.constantFrom("*", "pods", "pods/log", "services", "endpointslices", "deployments/scale", "*/scale"),
  fc.tuple(chars("abcdefghijklmnopqrstuvwxyz", 1, 1), chars(`${ALNUM}.-`, 0, 10)).map(([a, b]) => a + b),
);
const verb = fc.oneof(
  fc.constantFrom("*", "get", "list", "watch", "create", "patch"),
  chars("abcdefghijklmnopqrstuvwxyz", 1, 10),
);
const policyRule = rec(
  {
    apiGroups: fc.array(apiGroup, { minLength: 1, maxLength: 3 }),
    resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
    verbs: fc.array(verb, { minLength: 1, maxLength: 4 }),
    resourceNames: fc.array(dnsSubdomain(), { minLength: 1, maxLength: 2 }),
  },
  ["apiGroups", "resources", "verbs"],
);
const roleOptions: fc.Arbitrary<RoleOptions> = fc
  .tuple(objectName, meta, fc.array(policyRule, { minLength: 1, maxLength: 3 }))
  .map(([name, m, rules]) => ({ name, ...m, rules }));

describe("role (fuzz)", () => {
  it.for(
    fuzz<RoleOptions>({
      subject: { builder: "role", build: (o) => role(o), ...k8s },
      valid: roleOptions,
      mutators: [
        ...generic<RoleOptions>({
          records: META_RECORDS,
          unions: [],
          required: ["name", "rules", "rules.*.apiGroups", "rules.*.resources", "rules.*.verbs"],
        }),
        ...metaMutations(lens<RoleOptions>(), { name: BAD_SUBDOMAINS }),
        setValue(lens<RoleOptions>(), "no rules", ["rules"], [[]], "too_small"),
        badValue(
          lens<RoleOptions>(),
          "empty rule list",
          ["rules.*.apiGroups", "rules.*.resources", "rules.*.verbs", "rules.*.resourceNames"],
          [[]],
        ),
        badValue(
          lens<RoleOptions>(),
          "bad API group",
          ["rules.*.apiGroups.*"],
          ["Apps", "-x", "a..b", "apps/v1"],
        ),
        badValue(
          lens<RoleOptions>(),
          "bad resource",
          ["rules.*.resources.*"],
          ["Pods", "", "pods/", "/log", "pods/log/x"],
        ),
        badValue(lens<RoleOptions>(), "bad verb", ["rules.*.verbs.*"], ["Get", "", "get list", "*get"]),
        badValue(lens<RoleOptions>(), "bad resource name", ["rules.*.resourceNames.*"], BAD_SUBDOMAINS),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// -------------------------------------------------------------------------------------------- roleBinding

const subject = fc.oneof(
  fc
    .tuple(dnsSubdomain(), namespaceName)
    .map(([name, namespace]) => ({ kind: "ServiceAccount" as const, name, namespace })),
  fc.string({ minLength: 1, maxLength: 20 }).map((name) => ({ kind: "User" as const, name })),
  fc.string({ minLength: 1, maxLength: 20 }).map((name) => ({ kind: "Group" as const, name })),
);
const subjectKey = (s: { kind: string; name: string; namespace?: string }) =>
  `${s.kind}/${s.namespace ?? ""}/${s.name}`;
const roleBindingOptions: fc.Arbitrary<RoleBindingOptions> = fc
  .tuple(
    objectName,
    meta,
    rec({ kind: fc.constantFrom("Role" as const, "ClusterRole" as const), name: dnsSubdomain() }, ["name"]),
    fc.uniqueArray(subject, { minLength: 1, maxLength: 3, selector: subjectKey }),
  )
  .map(([name, m, roleRef, subjects]) => ({ name, ...m, roleRef, subjects }));
const rbLens = lens<RoleBindingOptions>();

describe("roleBinding (fuzz)", () => {
  it.for(
    fuzz<RoleBindingOptions>({
      subject: { builder: "roleBinding", build: (o) => roleBinding(o), ...k8s },
      valid: roleBindingOptions,
      mutators: [
        ...generic<RoleBindingOptions>({
          records: META_RECORDS,
          unions: [],
          required: [
            "name",
            "roleRef",
            "roleRef.name",
            "subjects",
            "subjects.*.name",
            "subjects.*.namespace",
          ],
        }),
        ...metaMutations(rbLens, { name: BAD_SUBDOMAINS }),
        setValue(rbLens, "no subjects", ["subjects"], [[]], "too_small"),
        setValue(rbLens, "bad roleRef kind", ["roleRef", "kind"], ["role", "ClusterRoleBinding"]),
        setValue(rbLens, "bad roleRef name", ["roleRef", "name"], BAD_SUBDOMAINS),
        badValue(rbLens, "bad subject kind", ["subjects.*.kind"], ["user", "Pod"]),
        badValue(rbLens, "empty user name", ["subjects.*.name"], [""]),
        (input) =>
          fc.constantFrom(...input.subjects).map((s) => ({
            mutation: `subject ${subjectKey(s)} twice`,
            input: { ...input, subjects: [...input.subjects, { ...s }] },
            path: `subjects[${input.subjects.length}]`,
            code: "duplicate",
          })),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ----------------------------------------------------------------------------------------- roleBindingFor

interface RbfInput {
  source: ReturnType<typeof role>;
  options: RoleBindingForOptions;
}
const rbfInput: fc.Arbitrary<RbfInput> = fc
  .tuple(
    roleOptions,
    fc.uniqueArray(fc.tuple(objectName, namespaceName), {
      minLength: 1,
      maxLength: 3,
      selector: ([n, ns]) => `${ns}/${n}`,
    }),
    rec({ name: objectName, labels, annotations }),
  )
  .map(([r, accounts, rest]) => {
    // Every account has a namespace (or the Role has one: then accounts without one live there).
    const source = role({ ...r, namespace: r.namespace ?? "default" });
    return {
      source,
      options: {
        serviceAccounts: accounts.map(([name, namespace]) => serviceAccount({ name, namespace })),
        ...rest,
      },
    };
  });
const rbfLens = optionsOf as unknown as Lens<RbfInput>;

describe("rbfInput (fuzz)", () => {
  it.for(
    fuzz<RbfInput>({
      subject: { builder: "roleBindingFor", build: (i) => roleBindingFor(i.source, i.options), ...k8s },
      valid: rbfInput,
      mutators: [
        ...generic<RbfInput>(
          {
            records: ["labels", "annotations"],
            unions: [],
            required: ["serviceAccounts"],
            opaque: ["serviceAccounts"],
          },
          rbfLens,
        ),
        setValue(rbfLens, "bad name", ["name"], BAD_SUBDOMAINS),
        setValue(rbfLens, "no serviceAccounts", ["serviceAccounts"], [[]], "too_small"),
        (input) =>
          fc.constantFrom<unknown>({}, { kind: "Role", metadata: { name: "r" } }, "sa", null).map((sa) => ({
            mutation: `serviceAccount ${JSON.stringify(sa)}`,
            input: {
              ...input,
              options: { ...input.options, serviceAccounts: [...input.options.serviceAccounts, sa as never] },
            },
            path: `serviceAccounts[${input.options.serviceAccounts.length}]`,
          })),
        (input) =>
          fc.constantFrom(...input.options.serviceAccounts).map((sa) => ({
            mutation: "a ServiceAccount twice",
            input: {
              ...input,
              options: { ...input.options, serviceAccounts: [...input.options.serviceAccounts, sa] },
            },
            path: `serviceAccounts[${input.options.serviceAccounts.length}]`,
            code: "duplicate",
          })),
        (_input) =>
          fc.constant({
            mutation: "account without namespace for a Role without namespace",
            input: {
              source: role({ name: "r", rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] }),
              options: { serviceAccounts: [serviceAccount({ name: "sa" })] },
            },
            path: "serviceAccounts[0]",
            code: "required",
          }),
        (input) =>
          fc
            .constantFrom<unknown>(
              {},
              { kind: "ClusterRole", metadata: { name: "x" } },
              { kind: "Role" },
              null,
            )
            .map((source) => ({
              mutation: `source ${JSON.stringify(source)}`,
              input: { ...input, source: source as never },
              path: "role",
              code: "invalid_object",
            })),
      ],
      junk: [
        [
          "options (fc.anything())",
          fc.tuple(rbfInput, junk).map(([v, j]) => ({ ...v, options: j as never })),
        ],
        [
          "source object (fc.anything())",
          fc.tuple(rbfInput, junk).map(([v, j]) => ({ ...v, source: j as never })),
        ],
      ],
      // Junk inside the Role and the ServiceAccount objects too: roleBindingFor checks what it copies.
      junkPaths: (input): Segment[][] => [
        ["options"],
        ...nodes(input.options).map((n) => ["options", ...n.path]),
        ...nodes(input.source).map((n) => ["source", ...n.path]),
      ],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
