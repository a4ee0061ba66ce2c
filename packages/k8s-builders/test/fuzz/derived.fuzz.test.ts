// Fuzzing the derivations serviceFor, hpaFor and pdbFor: valid workloads with valid options, one mutation of
// the options (or of the source object), and junk as the options, as the source, and inside either.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  deployment,
  type HpaForOptions,
  hpaFor,
  type PdbForOptions,
  pdbFor,
  type SelectingWorkload,
  type ServiceForOptions,
  service,
  serviceFor,
  type Workload,
} from "../../src/index.ts";
import { type Derived, hpaForInput, pdbForInput, serviceForInput } from "./arb-kinds.ts";
import { junk, nodes, type Segment, TIMEOUT } from "./harness.ts";
import {
  type Lens,
  type Mutator,
  missingRequired,
  optionsOf,
  type Shape,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import { BAD_LABEL_NAMES, BAD_SUBDOMAINS, setValue } from "./mutations-common.ts";
import { budgetMutations, hpaMutations } from "./mutations-scaling.ts";
import { fuzz, k8s } from "./suite.ts";

type In<O, W extends SelectingWorkload = Workload> = Derived<O, W>;
const lensOf = <O, W extends SelectingWorkload = Workload>() => optionsOf as unknown as Lens<In<O, W>>;

/** Named container ports of a workload object. */
function namedPorts(w: SelectingWorkload): { name: string; containerPort: number }[] {
  return (w.spec?.template?.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).flatMap((p) =>
      p.name === undefined ? [] : [{ name: p.name, containerPort: p.containerPort }],
    ),
  );
}

/** The workload with its pod template's containers replaced. */
function withContainers(w: SelectingWorkload, containers: unknown[]): unknown {
  return {
    ...w,
    spec: { ...w.spec, template: { ...w.spec?.template, spec: { ...w.spec?.template?.spec, containers } } },
  };
}

/**
 * The source replaced by something that is not a workload this derivation takes: a Job's pods have no selector
 * labels of their own; a DaemonSet has them but no replicas (`replicated`: hpaFor and pdbFor refuse it).
 */
function notAWorkload<O, W extends SelectingWorkload = Workload>(replicated = false): Mutator<In<O, W>> {
  return (input) =>
    fc
      .constantFrom<unknown>(
        service({ name: "svc", selector: { a: "b" }, ports: [{ port: 80 }] }),
        {},
        { kind: "Deployment" },
        { kind: "Deployment", metadata: { name: "x" }, spec: {} },
        { ...input.source, kind: "Job" },
        { ...input.source, kind: replicated ? "DaemonSet" : "CronJob" },
        // Fields a derivation copies, made invalid inside a real workload.
        withContainers(input.source, [
          { name: "c", image: "i:1", ports: [{ name: "http", containerPort: 70000 }] },
        ]),
        withContainers(input.source, [null]),
        { ...input.source, metadata: { ...input.source.metadata, name: "" } },
        { ...input.source, metadata: { ...input.source.metadata, namespace: 5 } },
        { ...input.source, spec: { ...input.source.spec, replicas: "3" } },
        null,
        "deployment",
      )
      .map((source) => ({
        mutation: `source ${JSON.stringify(source)?.slice(0, 80)}`,
        input: { ...input, source: source as W },
        path: "workload",
        code: "invalid_object",
      }));
}

/** Junk as the options, and as the source object. */
function derivedJunk<O, W extends SelectingWorkload = Workload>(
  valid: fc.Arbitrary<In<O, W>>,
): [string, fc.Arbitrary<In<O, W>>][] {
  return [
    ["options (fc.anything())", fc.tuple(valid, junk).map(([v, j]) => ({ ...v, options: j as O }))],
    ["source object (fc.anything())", fc.tuple(valid, junk).map(([v, j]) => ({ ...v, source: j as W }))],
  ];
}
/**
 * Junk inside the options, and inside the source object: a workload may have been patched or written by hand,
 * so a derivation checks every field it copies (a TypeError, or a Service with containerPort 70000, is a bug).
 */
const inOptions = (input: { source: unknown; options: unknown }): Segment[][] => [
  ["options"],
  ...nodes(input.options).map((n) => ["options", ...n.path]),
  ...nodes(input.source).map((n) => ["source", ...n.path]),
];

// ---------------------------------------------------------------------------------------------- serviceFor

const serviceForShape: Shape = { records: ["labels", "annotations"], unions: ["ports.*"], required: [] };
const sfLens = lensOf<ServiceForOptions, SelectingWorkload>();

describe("serviceFor (fuzz)", () => {
  it.for(
    fuzz<In<ServiceForOptions, SelectingWorkload>>({
      subject: { builder: "serviceFor", build: (i) => serviceFor(i.source, i.options), ...k8s },
      valid: serviceForInput,
      mutators: [
        unknownKey(serviceForShape, sfLens),
        wrongType(serviceForShape, sfLens),
        missingRequired(serviceForShape, sfLens),
        setValue(sfLens, "bad Service name", ["name"], [...BAD_LABEL_NAMES, "1abc", "a.b"]),
        setValue(sfLens, "bad type", ["type"], ["ExternalName", "clusterip", ""]),
        setValue(sfLens, "bad sessionAffinity", ["sessionAffinity"], ["Sticky", ""]),
        notAWorkload<ServiceForOptions, SelectingWorkload>(),
        // A port name the workload does not have.
        (input) =>
          fc.constantFrom("nope", "zz-none").map((name) => {
            const ports = [...((input.options.ports as unknown[] | undefined) ?? []), name];
            return {
              mutation: `port ${name} not in the workload`,
              input: { ...input, options: { ...input.options, ports } as ServiceForOptions },
              path: `ports[${ports.length - 1}]`,
              code: "unknown_port",
            };
          }),
        // A named port listed twice: the second is reported.
        (input) => {
          const named = namedPorts(input.source);
          return fc.constantFrom(...named).map((p) => ({
            mutation: `port ${p.name} listed twice`,
            input: { ...input, options: { ...input.options, ports: [p.name, p.name] } as ServiceForOptions },
            path: "ports[1].name",
            code: "duplicate",
          }));
        },
        // Options that apply only to other Service types.
        (input) =>
          fc
            .constantFrom<[Partial<ServiceForOptions>, string]>(
              [{ type: "NodePort", headless: true }, "headless"],
              [{ type: "LoadBalancer", headless: true }, "headless"],
              [{ type: "ClusterIP", externalTrafficPolicy: "Local" }, "externalTrafficPolicy"],
              [{ type: "NodePort", loadBalancerSourceRanges: ["10.0.0.0/8"] }, "loadBalancerSourceRanges"],
            )
            .map(([extra, path]) => {
              const {
                headless: _h,
                externalTrafficPolicy: _e,
                loadBalancerSourceRanges: _l,
                type: _t,
                ...rest
              } = input.options;
              return {
                mutation: `conflicting ${JSON.stringify(extra)}`,
                input: { ...input, options: { ...rest, ...extra } as ServiceForOptions },
                path,
                code: "conflicting_options",
              };
            }),
        // A nodePort on a ClusterIP Service, or out of range.
        (input) => {
          const named = namedPorts(input.source);
          return fc
            .tuple(
              fc.constantFrom(...named),
              fc.constantFrom<[string | undefined, number, string | undefined]>(
                ["ClusterIP", 30080, "conflicting_options"],
                ["NodePort", 80, undefined],
                ["NodePort", 40000, undefined],
              ),
            )
            .map(([p, [type, nodePort, code]]) => {
              const {
                headless: _h,
                externalTrafficPolicy: _e,
                loadBalancerSourceRanges: _l,
                ...rest
              } = input.options;
              return {
                mutation: `nodePort ${nodePort} on a ${type} Service`,
                input: {
                  ...input,
                  options: { ...rest, type, ports: [{ name: p.name, nodePort }] } as ServiceForOptions,
                },
                path: "ports[0].nodePort",
                ...(code === undefined ? {} : { code }),
              };
            });
        },
        // A workload without named ports and no ports option.
        (input) =>
          fc.constant({
            mutation: "workload without named ports",
            input: {
              source: deployment({
                name: "w",
                containers: [{ name: "c", image: "c:1", ports: [{ containerPort: 80 }] }],
              }),
              options: (({ ports: _p, ...rest }) => rest)(input.options) as ServiceForOptions,
            },
            path: "ports",
            code: "required",
          }),
      ],
      junk: derivedJunk(serviceForInput),
      junkPaths: inOptions,
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ------------------------------------------------------------------------------------------------- hpaFor

const hpaShape: Shape = {
  records: ["annotations"],
  unions: [],
  required: [
    "maxReplicas",
    "behavior.*.policies.*.type",
    "behavior.*.policies.*.value",
    "behavior.*.policies.*.periodSeconds",
  ],
  enums: ["behavior.*.policies.*.type"],
};
const hLens = lensOf<HpaForOptions>();

describe("hpaFor (fuzz)", () => {
  it.for(
    fuzz<In<HpaForOptions>>({
      subject: { builder: "hpaFor", build: (i) => hpaFor(i.source, i.options), ...k8s },
      valid: hpaForInput,
      mutators: [
        unknownKey(hpaShape, hLens),
        wrongType(hpaShape, hLens),
        missingRequired(hpaShape, hLens),
        ...hpaMutations(hLens),
        setValue(hLens, "bad name", ["name"], [...BAD_LABEL_NAMES, "a.b"]),
        notAWorkload<HpaForOptions>(true),
      ],
      junk: derivedJunk(hpaForInput),
      junkPaths: inOptions,
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ------------------------------------------------------------------------------------------------- pdbFor

const pdbShape: Shape = { records: ["annotations"], unions: [], required: [] };
const pLens = lensOf<PdbForOptions>();

describe("pdbFor (fuzz)", () => {
  it.for(
    fuzz<In<PdbForOptions>>({
      subject: { builder: "pdbFor", build: (i) => pdbFor(i.source, i.options), ...k8s },
      valid: pdbForInput,
      mutators: [
        unknownKey(pdbShape, pLens),
        wrongType(pdbShape, pLens),
        ...budgetMutations(pLens),
        setValue(pLens, "bad name", ["name"], BAD_SUBDOMAINS),
        notAWorkload<PdbForOptions>(true),
        // minAvailable not below the workload's replicas (a budget over no pods blocks nothing).
        (input) => {
          const r = input.source.spec?.replicas;
          if (r === undefined || r === 0) return undefined;
          return fc.integer({ min: r, max: r + 5 }).map((n) => ({
            mutation: `minAvailable ${n} with ${r} replicas`,
            input: {
              ...input,
              options: { ...(({ maxUnavailable: _m, ...o }) => o)(input.options), minAvailable: n },
            },
            path: "minAvailable",
            code: "blocks_drains",
          }));
        },
      ],
      junk: derivedJunk(pdbForInput),
      junkPaths: inOptions,
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
