// Fuzzing clusterRole, clusterRoleBinding and clusterRoleBindingFor: resource and non-resource rules, aggregation
// by label, subjects with their namespaces; the API server's rules (ValidatePolicyRule, a ClusterRoleBinding's
// roleRef) each broken once.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type ClusterRoleBindingForOptions,
  type ClusterRoleBindingOptions,
  type ClusterRoleOptions,
  clusterRole,
  clusterRoleBinding,
  clusterRoleBindingFor,
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
  nonEmptyLabels,
  objectName,
  rec,
} from "./arb-base.ts";
import { junk, nodes, type Segment, TIMEOUT } from "./harness.ts";
import { identity, type Lens, missingRequired, optionsOf, unknownKey, wrongType } from "./mutate.ts";
import { BAD_SUBDOMAINS, badValue, META_RECORDS, metaMutations, setValue } from "./mutations-common.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const { namespace: _namespace, ...clusterMeta } = metaExtras as typeof metaExtras & { namespace?: unknown };
const meta = rec(clusterMeta);

const apiGroup = fc.oneof(
  fc.constantFrom("", "*", "apps", "metrics.k8s.io", "rbac.authorization.k8s.io"),
  dnsSubdomain(40),
);
const resource = fc.oneof(
  fc.constantFrom("*", "nodes", "nodes/metrics", "namespaces", "pods", "persistentvolumes"),
  fc.tuple(chars("abcdefghijklmnopqrstuvwxyz", 1, 1), chars(`${ALNUM}.-`, 0, 10)).map(([a, b]) => a + b),
);
const verb = fc.oneof(
  fc.constantFrom("*", "get", "list", "watch"),
  chars("abcdefghijklmnopqrstuvwxyz", 1, 10),
);
const verbs = fc.array(verb, { minLength: 1, maxLength: 4 });
const resourceRule = rec(
  {
    apiGroups: fc.array(apiGroup, { minLength: 1, maxLength: 3 }),
    resources: fc.array(resource, { minLength: 1, maxLength: 3 }),
    verbs,
    resourceNames: fc.array(dnsSubdomain(), { minLength: 1, maxLength: 2 }),
  },
  ["apiGroups", "resources", "verbs"],
);
const nonResourceURL = fc.oneof(
  fc.constantFrom("/metrics", "/healthz", "/healthz/*", "/livez", "/version", "*"),
  chars(`${ALNUM}-_./`, 0, 20).map((p) => `/${p}`),
);
const nonResourceRule = fc.record({
  nonResourceURLs: fc.array(nonResourceURL, { minLength: 1, maxLength: 3 }),
  verbs,
});
const clusterRule = fc.oneof(resourceRule, nonResourceRule);

const clusterRoleOptions: fc.Arbitrary<ClusterRoleOptions> = fc
  .tuple(
    objectName,
    meta,
    fc.oneof(
      fc.array(clusterRule, { minLength: 1, maxLength: 3 }).map((rules) => ({ rules })),
      fc
        .array(nonEmptyLabels, { minLength: 1, maxLength: 2 })
        .map((aggregationRule) => ({ aggregationRule })),
    ),
  )
  .map(([name, m, body]) => ({ name, ...m, ...body }) as ClusterRoleOptions);
const crLens = identity as Lens<ClusterRoleOptions>;

describe("clusterRole (fuzz)", () => {
  it.for(
    fuzz<ClusterRoleOptions>({
      subject: { builder: "clusterRole", build: (o) => clusterRole(o), ...k8s },
      valid: clusterRoleOptions,
      mutators: [
        unknownKey({ records: [...META_RECORDS, "aggregationRule.*"], unions: [], required: [] }, crLens),
        wrongType({ records: [...META_RECORDS, "aggregationRule.*"], unions: [], required: [] }, crLens),
        missingRequired({ records: META_RECORDS, unions: [], required: ["name", "rules.*.verbs"] }, crLens),
        ...metaMutations(crLens, { name: BAD_SUBDOMAINS, namespace: false }),
        setValue(crLens, "a namespace", ["namespace"], ["default"], "unknown_option"),
        badValue(
          crLens,
          "empty rule list",
          ["rules.*.apiGroups", "rules.*.resources", "rules.*.verbs", "rules.*.nonResourceURLs"],
          [[]],
        ),
        badValue(crLens, "bad API group", ["rules.*.apiGroups.*"], ["Apps", "-x", "a..b", "apps/v1"]),
        badValue(crLens, "bad resource", ["rules.*.resources.*"], ["Nodes", "", "pods/", "/log"]),
        badValue(crLens, "bad verb", ["rules.*.verbs.*"], ["Get", "", "get list"]),
        (input) =>
          input.rules === undefined
            ? fc.constant({
                mutation: "rules beside an aggregationRule",
                input: { ...input, rules: [{ nonResourceURLs: ["/metrics"], verbs: ["get"] }] },
                path: "rules",
                code: "conflicting_options",
              })
            : fc.nat(input.rules.length - 1).map((i) => ({
                mutation: "a rule for both resources and non-resource URLs",
                input: {
                  ...input,
                  rules: input.rules?.map((r, j) =>
                    j === i
                      ? {
                          apiGroups: [""],
                          resources: ["pods"],
                          nonResourceURLs: ["/metrics"],
                          verbs: ["get"],
                        }
                      : r,
                  ),
                },
                path: `rules[${i}].apiGroups`,
                code: "conflicting_options",
              })),
        (input) =>
          fc.constant({
            mutation: "neither rules nor aggregationRule",
            input: { name: input.name },
            path: "rules",
            code: "required",
          }),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

const subject = fc.oneof(
  fc
    .tuple(dnsSubdomain(), namespaceName)
    .map(([name, namespace]) => ({ kind: "ServiceAccount" as const, name, namespace })),
  fc.string({ minLength: 1, maxLength: 20 }).map((name) => ({ kind: "User" as const, name })),
  fc.string({ minLength: 1, maxLength: 20 }).map((name) => ({ kind: "Group" as const, name })),
);
const subjectKey = (s: { kind: string; name: string; namespace?: string }) =>
  `${s.kind}/${s.namespace ?? ""}/${s.name}`;
const clusterRoleBindingOptions: fc.Arbitrary<ClusterRoleBindingOptions> = fc
  .tuple(
    objectName,
    meta,
    rec({ kind: fc.constant("ClusterRole" as const), name: dnsSubdomain() }, ["name"]),
    fc.uniqueArray(subject, { minLength: 1, maxLength: 3, selector: subjectKey }),
  )
  .map(([name, m, roleRef, subjects]) => ({ name, ...m, roleRef, subjects }));
const crbLens = identity as Lens<ClusterRoleBindingOptions>;

describe("clusterRoleBinding (fuzz)", () => {
  it.for(
    fuzz<ClusterRoleBindingOptions>({
      subject: { builder: "clusterRoleBinding", build: (o) => clusterRoleBinding(o), ...k8s },
      valid: clusterRoleBindingOptions,
      mutators: [
        unknownKey({ records: META_RECORDS, unions: [], required: [] }, crbLens),
        wrongType({ records: META_RECORDS, unions: [], required: [] }, crbLens),
        missingRequired(
          {
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
          },
          crbLens,
        ),
        ...metaMutations(crbLens, { name: BAD_SUBDOMAINS, namespace: false }),
        setValue(crbLens, "a namespace", ["namespace"], ["default"], "unknown_option"),
        setValue(crbLens, "no subjects", ["subjects"], [[]], "too_small"),
        setValue(crbLens, "a roleRef to a Role", ["roleRef", "kind"], ["Role", "clusterrole"]),
        setValue(crbLens, "bad roleRef name", ["roleRef", "name"], BAD_SUBDOMAINS),
        badValue(crbLens, "bad subject kind", ["subjects.*.kind"], ["user", "Pod"]),
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

interface CrbfInput {
  source: ReturnType<typeof clusterRole>;
  options: ClusterRoleBindingForOptions;
}
const crbfInput: fc.Arbitrary<CrbfInput> = fc
  .tuple(
    clusterRoleOptions,
    fc.uniqueArray(fc.tuple(objectName, namespaceName), {
      minLength: 1,
      maxLength: 3,
      selector: ([n, ns]) => `${ns}/${n}`,
    }),
    rec({ name: objectName, labels, annotations }),
  )
  .map(([r, accounts, rest]) => ({
    source: clusterRole(r),
    options: {
      serviceAccounts: accounts.map(([name, namespace]) => serviceAccount({ name, namespace })),
      ...rest,
    },
  }));
const crbfLens = optionsOf as unknown as Lens<CrbfInput>;

describe("clusterRoleBindingFor (fuzz)", () => {
  it.for(
    fuzz<CrbfInput>({
      subject: {
        builder: "clusterRoleBindingFor",
        build: (i) => clusterRoleBindingFor(i.source, i.options),
        ...k8s,
      },
      valid: crbfInput,
      mutators: [
        unknownKey(
          { records: ["labels", "annotations"], unions: [], required: [], opaque: ["serviceAccounts"] },
          crbfLens,
        ),
        wrongType(
          { records: ["labels", "annotations"], unions: [], required: [], opaque: ["serviceAccounts"] },
          crbfLens,
        ),
        setValue(crbfLens, "bad name", ["name"], BAD_SUBDOMAINS),
        setValue(crbfLens, "no serviceAccounts", ["serviceAccounts"], [[]], "too_small"),
        (input) =>
          fc.constant({
            mutation: "an account without a namespace",
            input: {
              ...input,
              options: {
                ...input.options,
                serviceAccounts: [...input.options.serviceAccounts, serviceAccount({ name: "sa" })],
              },
            },
            path: `serviceAccounts[${input.options.serviceAccounts.length}]`,
            code: "required",
          }),
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
      ],
      junk: [
        [
          "options (fc.anything())",
          fc.tuple(crbfInput, junk).map(([v, j]) => ({ ...v, options: j as never })),
        ],
        [
          "source object (fc.anything())",
          fc.tuple(crbfInput, junk).map(([v, j]) => ({ ...v, source: j as never })),
        ],
      ],
      // Junk inside the given ServiceAccount objects is BUG-21 (known-bugs.fuzz.test.ts).
      junkPaths: (input): Segment[][] => [
        ["options"],
        ...nodes(input.options)
          .filter((n) => !(n.path[0] === "serviceAccounts" && n.path.length > 2))
          .map((n) => ["options", ...n.path]),
      ],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
