// Fuzzing the monitoring builders: serviceMonitor, serviceMonitorFor, prometheus, grafana and monitoring.
// The stack builders return several objects: every one of them must be valid, and prometheus.yml must name
// each scrape job once.
import fc from "fast-check";
import type { Service } from "kubernetes-types/core/v1.js";
import { describe, it } from "vitest";
import { parse } from "yaml";
import {
  dashboard,
  type GrafanaOptions,
  grafana,
  type MonitoringOptions,
  monitoring,
  type PrometheusOptions,
  prometheus,
  type ServiceMonitorOptions,
  service,
  serviceMonitor,
  serviceMonitorFor,
  stat,
} from "../../src/index.ts";
import {
  grafanaOptions,
  monitoringOptions,
  prometheusOptions,
  type SmfInput,
  serviceMonitorOptions,
  smfInput,
} from "./arb-monitoring.ts";
import { junk, nodes, pathOf, type Segment, STACK_RUNS, TIMEOUT } from "./harness.ts";
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

type Json = Record<string, unknown>;
const lens = <I>() => identity as Lens<I>;
const generic = <I>(shape: Shape, l: Lens<I> = lens<I>()): Mutator<I>[] => [
  unknownKey(shape, l),
  wrongType(shape, l),
  missingRequired(shape, l),
];

/** Every object of a stack builder's result, judged like a single object. */
const objectsOf = (r: object): object[] => ((r as { objects?: object[] }).objects ?? []) as object[];
function stackSchema(r: object): string[] {
  const objects = objectsOf(r);
  if (objects.length === 0) return ["no objects"];
  const out = objects.flatMap((o, i) => k8s.schema(o).map((p) => `objects[${i}] ${(o as Json).kind}: ${p}`));
  const names = objects.map(
    (o) =>
      `${(o as Json).kind}/${((o as Json).metadata as Json)?.namespace}/${((o as Json).metadata as Json)?.name}`,
  );
  for (const [i, n] of names.entries()) if (names.indexOf(n) !== i) out.push(`objects: ${n} twice`);
  for (const o of objects) {
    const data = (o as { data?: Record<string, string> }).data ?? {};
    if ("prometheus.yml" in data) {
      const jobs = ((parse(data["prometheus.yml"] ?? "") as Json).scrape_configs as Json[]).map(
        (j) => j.job_name,
      );
      if (new Set(jobs).size !== jobs.length)
        out.push(`prometheus.yml: duplicate job names ${JSON.stringify(jobs)}`);
    }
  }
  return out;
}
const stackRules = (r: object): string[] =>
  objectsOf(r).flatMap((o, i) => k8s.rules(o).map((p) => `objects[${i}] ${(o as Json).kind}: ${p}`));

// ----------------------------------------------------------------------------------------- serviceMonitor

const smShape: Shape = {
  records: [...META_RECORDS, "discoveryLabels", "selector"],
  unions: [],
  required: ["name", "selector", "endpoints", "endpoints.*.port"],
};
const smLens = lens<ServiceMonitorOptions>();

/** Mutations of one endpoint's fields, at `at` (a path prefix in the options). */
function endpointMutations<I>(l: Lens<I>, at: (o: unknown) => Segment[] | undefined): Mutator<I>[] {
  const field =
    (
      mutation: string,
      build: (prefix: Segment[]) => fc.Arbitrary<{ set: Json; path: Segment[]; code?: string }>,
    ): Mutator<I> =>
    (input) => {
      const o = l.get(input) as Json;
      const prefix = at(o);
      if (prefix === undefined) return undefined;
      return build(prefix).map(({ set, path, code }) => {
        const copy = structuredClone(o);
        let target = copy as Json;
        for (const seg of prefix) target = target[seg] as Json;
        Object.assign(target, set);
        return {
          mutation: `${mutation}: ${JSON.stringify(set)}`,
          input: l.set(input, copy),
          path: [...prefix, ...path]
            .map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`))
            .join(""),
          ...(code === undefined ? {} : { code }),
        };
      });
    };
  return [
    field("timeout above interval", () =>
      fc.integer({ min: 1, max: 600 }).map((s) => ({
        set: { interval: `${s}s`, scrapeTimeout: `${s + 1}s` },
        path: ["scrapeTimeout"],
        code: "timeout_exceeds_interval",
      })),
    ),
    field("zero interval", () =>
      fc.constantFrom("0s", "0m", "0ms").map((d) => ({
        set: { interval: d, scrapeTimeout: undefined },
        path: ["interval"],
        code: "invalid_value",
      })),
    ),
    field("bad duration", () =>
      fc
        .constantFrom("30", "30 s", "1.5m", "-1s", "1m1h", "")
        .map((d) => ({ set: { interval: d }, path: ["interval"] })),
    ),
    field("bad path", () =>
      fc.constantFrom("metrics", "").map((path) => ({ set: { path }, path: ["path"] })),
    ),
    field("bad scheme", () =>
      fc.constantFrom("HTTP", "tcp").map((scheme) => ({ set: { scheme }, path: ["scheme"] })),
    ),
    field("replace without targetLabel", () =>
      fc.constant({
        set: { relabelings: [{ action: "replace", sourceLabels: ["a"] }] },
        path: ["relabelings", 0, "targetLabel"],
        code: "required",
      }),
    ),
    field("keep without sourceLabels", () =>
      fc.constantFrom("keep", "drop", "keepequal").map((action) => ({
        set: { metricRelabelings: [{ action, regex: "x", targetLabel: "t" }] },
        path: ["metricRelabelings", 0, "sourceLabels"],
        code: "required",
      })),
    ),
    field("bad regex", () =>
      fc.constantFrom("(", "[a-", "*x").map((regex) => ({
        set: { relabelings: [{ action: "labeldrop", regex }] },
        path: ["relabelings", 0, "regex"],
      })),
    ),
    field("bad label name", () =>
      fc.constantFrom("1x", "a-b", "").map((t) => ({
        set: { relabelings: [{ action: "replace", targetLabel: t }] },
        path: ["relabelings", 0, "targetLabel"],
      })),
    ),
    field("bad action", () =>
      fc
        .constantFrom("Replace", "copy")
        .map((action) => ({ set: { relabelings: [{ action }] }, path: ["relabelings", 0, "action"] })),
    ),
  ];
}

describe("serviceMonitor (fuzz)", () => {
  it.for(
    fuzz<ServiceMonitorOptions>({
      subject: { builder: "serviceMonitor", build: (o) => serviceMonitor(o), ...k8s },
      valid: serviceMonitorOptions,
      mutators: [
        ...generic<ServiceMonitorOptions>(smShape),
        ...metaMutations(smLens, { name: BAD_SUBDOMAINS }),
        ...endpointMutations(smLens, (o) => ["endpoints", ((o as Json).endpoints as unknown[]).length - 1]),
        setValue(smLens, "empty selector", ["selector"], [{}], "too_small"),
        setValue(smLens, "no endpoints", ["endpoints"], [[]], "too_small"),
        setValue(smLens, "no namespaces", ["namespaces"], [[]], "too_small"),
        badValue(smLens, "bad endpoint port", ["endpoints.*.port"], ["HTTP", "8080", "a--b", ""]),
        (input) =>
          fc.constantFrom(...input.endpoints).map((e) => ({
            mutation: `endpoint ${e.port} twice`,
            input: {
              ...input,
              endpoints: [
                ...input.endpoints,
                { port: e.port, ...(e.path === undefined ? {} : { path: e.path }) },
              ],
            },
            path: `endpoints[${input.endpoints.length}]`,
            code: "duplicate",
          })),
        (input) =>
          fc.constant({
            mutation: "discovery label conflicting with a label",
            input: { ...input, labels: { ...input.labels, release: "a" }, discoveryLabels: { release: "b" } },
            path: "discoveryLabels.release",
            code: "conflicting_options",
          }),
        setValue(smLens, "bad jobLabel", ["jobLabel"], ["-x", "a b", ""]),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// -------------------------------------------------------------------------------------- serviceMonitorFor

const smfLens = optionsOf as unknown as Lens<SmfInput>;

describe("smfInput (fuzz)", () => {
  it.for(
    fuzz<SmfInput>({
      subject: { builder: "serviceMonitorFor", build: (i) => serviceMonitorFor(i.source, i.options), ...k8s },
      valid: smfInput,
      mutators: [
        ...generic<SmfInput>(
          { records: ["labels", "annotations", "discoveryLabels"], unions: [], required: ["port"] },
          smfLens,
        ),
        ...endpointMutations(smfLens, () => []),
        setValue(smfLens, "bad name", ["name"], BAD_SUBDOMAINS),
        (input) =>
          fc.constantFrom("nope", "zz-none").map((port) => ({
            mutation: `port ${port} not on the Service`,
            input: { ...input, options: { ...input.options, port } },
            path: "port",
            code: "unknown_port",
          })),
        (input) =>
          fc
            .constantFrom<unknown>(
              null,
              {},
              "svc",
              { kind: "Service", metadata: { name: "x" } },
              { ...input.source, metadata: { name: "x" } },
            )
            .map((source) => ({
              mutation: `source ${JSON.stringify(source)?.slice(0, 60)}`,
              input: { ...input, source: source as Service },
              path: "service",
              code: "invalid_object",
            })),
      ],
      junk: [
        [
          "options (fc.anything())",
          fc.tuple(smfInput, junk).map(([v, j]) => ({ ...v, options: j as never })),
        ],
        [
          "source object (fc.anything())",
          fc.tuple(smfInput, junk).map(([v, j]) => ({ ...v, source: j as never })),
        ],
      ],
      // Junk inside the Service too: serviceMonitorFor checks every field it reads.
      junkPaths: (input): Segment[][] => [
        ["options"],
        ...nodes(input.options).map((n) => ["options", ...n.path]),
        ...nodes(input.source).map((n) => ["source", ...n.path]),
      ],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ------------------------------------------------------------------------------------------------ prometheus

const pLens = lens<PrometheusOptions>();
const stackShape = (extra: Partial<Shape> = {}): Shape => ({
  records: ["labels", "env", "resources.requests", "resources.limits", ...(extra.records ?? [])],
  unions: ["storage", "env.*", ...(extra.unions ?? [])],
  required: [
    "namespace",
    "targets",
    "targets.*.service",
    "targets.*.port",
    "resources",
    ...(extra.required ?? []),
  ],
  enums: ["targets.*.service", "datasource.service"],
  opaque: ["targets.*.service", "datasource.service", "dashboards", ...(extra.opaque ?? [])],
});

/** Target mutations shared by prometheus and monitoring. */
function targetMutations<I>(l: Lens<I>): Mutator<I>[] {
  const at = (input: I) => (l.get(input) as { targets: { service: Service; port: string }[] }).targets;
  const withTargets = (input: I, ts: unknown[]) => l.set(input, { ...(l.get(input) as Json), targets: ts });
  return [
    (input) =>
      fc.nat(at(input).length - 1).map((i) => ({
        mutation: `targets[${i}] on a port the Service lacks`,
        input: withTargets(
          input,
          at(input).map((t, j) => (j === i ? { ...t, port: "zz-missing" } : t)),
        ),
        path: `targets[${i}].port`,
        code: "unknown_port",
      })),
    (input) =>
      fc.nat(at(input).length - 1).map((i) => ({
        mutation: `targets[${i}] timeout above interval`,
        input: withTargets(
          input,
          at(input).map((t, j) => (j === i ? { ...t, interval: "5s", scrapeTimeout: "6s" } : t)),
        ),
        path: `targets[${i}].scrapeTimeout`,
        code: "timeout_exceeds_interval",
      })),
    (input) =>
      fc.constant({
        mutation: "the same Service twice",
        input: withTargets(input, [...at(input), { ...(at(input)[0] as object) }]),
        path: `targets[${at(input).length}].service`,
        code: "duplicate",
      }),
    (input) =>
      fc.constantFrom<unknown>(null, {}, { kind: "Service", metadata: { name: "x" } }, "svc").map((s) => ({
        mutation: `target service ${JSON.stringify(s)}`,
        input: withTargets(input, [
          ...at(input).slice(0, -1),
          { ...(at(input).at(-1) as object), service: s },
        ]),
        path: `targets[${at(input).length - 1}].service`,
      })),
    (input) =>
      fc.constant({
        mutation: "no targets",
        input: withTargets(input, []),
        path: "targets",
        code: "too_small",
      }),
  ];
}

describe("prometheus (fuzz)", () => {
  it.for(
    fuzz<PrometheusOptions>({
      subject: { builder: "prometheus", build: (o) => prometheus(o), schema: stackSchema, rules: stackRules },
      runs: STACK_RUNS,
      valid: prometheusOptions,
      mutators: [
        ...generic<PrometheusOptions>(stackShape()),
        ...targetMutations(pLens),
        setValue(pLens, "bad namespace", ["namespace"], [...BAD_SUBDOMAINS, "a.b"]),
        setValue(pLens, "bad name", ["name"], [...BAD_SUBDOMAINS, "a.b"]),
        setValue(pLens, "bad retentionSize", ["retentionSize"], ["10GiB", "0GB", "10", "1.5GB"]),
        // Reported at configMapName, not at the name of the ConfigMap builder it is passed to.
        setValue(pLens, "configMapName over 63", ["configMapName"], ["c".repeat(64), `a.${"b".repeat(62)}`]),
        setValue(pLens, "bad image", ["image"], ["prom/prometheus", "prom/prometheus:latest"]),
        (input) =>
          fc.constant({
            mutation: "global timeout above interval",
            input: { ...input, scrapeInterval: "5s", scrapeTimeout: "6s" },
            path: "scrapeTimeout",
            code: "timeout_exceeds_interval",
          }),
        (input) =>
          fc.constant({
            mutation: "global interval 0",
            input: { ...input, scrapeInterval: "0s", scrapeTimeout: "0s" },
            path: "scrapeInterval",
            code: "invalid_value",
          }),
        (input) => {
          const { resources: _r, ...rest } = input;
          return fc.constant({
            mutation: "no resources",
            input: rest as PrometheusOptions,
            path: "resources",
            code: "required",
          });
        },
      ],
      junk: [junkOptions()],
      junkPaths: (input) => nodes(input).map((n) => n.path),
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// --------------------------------------------------------------------------------------------------- grafana

const gLens = lens<GrafanaOptions>();

/** Grafana mutations shared by grafana and monitoring (`at`: where the Grafana options are). */
function grafanaMutations<I>(l: Lens<I>, prefix: string): Mutator<I>[] {
  const g = (input: I) => l.get(input) as Json;
  const put = (input: I, patch: Json) => l.set(input, { ...g(input), ...patch });
  const p = (s: string) => (prefix === "" ? s : `${prefix}.${s}`);
  return [
    (input) =>
      fc.constantFrom("GF_SECURITY_ADMIN_PASSWORD", "GF_SECURITY_ADMIN_USER").map((k) => ({
        mutation: `reserved env ${k}`,
        input: put(input, { env: { ...((g(input).env as Json) ?? {}), [k]: "x" } }),
        path: p(`env.${k}`),
        code: "reserved_env",
      })),
    (input) =>
      fc.constantFrom("GF_DATABASE_PASSWORD", "GF_AUTH_TOKEN", "GF_X_API_KEY").map((k) => ({
        mutation: `inline secret ${k}`,
        input: put(input, { env: { ...((g(input).env as Json) ?? {}), [k]: "hunter2" } }),
        path: p(`env.${k}`),
        code: "inline_secret",
      })),
    (input) => {
      const uid = ((g(input).datasource as Json | undefined)?.uid as string | undefined) ?? "prometheus";
      const d = dashboard({ uid: "dup", title: "Dup", datasourceUid: uid, panels: [] });
      const list = [...((g(input).dashboards as unknown[]) ?? []), d, d];
      return fc.constant({
        mutation: "a dashboard twice",
        input: put(input, { dashboards: list }),
        path: p(`dashboards[${list.length - 1}]`),
        code: "duplicate",
      });
    },
    (input) => {
      const list = [
        ...((g(input).dashboards as unknown[]) ?? []),
        dashboard({
          uid: "other",
          title: "O",
          datasourceUid: "elsewhere",
          panels: [{ ...({} as object) } as never].slice(0, 0),
        }),
      ];
      void list;
      const d = dashboard({
        uid: "other-ds",
        title: "Other",
        datasourceUid: "not-provisioned",
        panels: [stat({ title: "x", queries: [{ expr: "up" }] })],
      });
      const ds = [...((g(input).dashboards as unknown[]) ?? []), d];
      return fc.constant({
        mutation: "a dashboard on another datasource",
        input: put(input, { dashboards: ds }),
        path: p(`dashboards[${ds.length - 1}]`),
        code: "unknown_datasource",
      });
    },
    (input) =>
      fc.constantFrom<unknown>({}, { uid: "x" }, "dash", null).map((d) => ({
        mutation: `dashboard ${JSON.stringify(d)}`,
        input: put(input, { dashboards: [...((g(input).dashboards as unknown[]) ?? []), d] }),
        path: p(`dashboards[${((g(input).dashboards as unknown[]) ?? []).length}]`),
      })),
    (input) => {
      const { resources: _r, ...rest } = g(input);
      return fc.constant({
        mutation: "no resources",
        input: l.set(input, rest),
        path: p("resources"),
        code: "required",
      });
    },
    (input) =>
      fc.constantFrom(...BAD_SUBDOMAINS).map((n) => ({
        mutation: `admin secret ${n}`,
        input: put(input, { adminSecret: { name: n } }),
        path: p("adminSecret.name"),
      })),
  ];
}

describe("grafana (fuzz)", () => {
  it.for(
    fuzz<GrafanaOptions>({
      subject: { builder: "grafana", build: (o) => grafana(o), schema: stackSchema, rules: stackRules },
      runs: STACK_RUNS,
      valid: grafanaOptions,
      mutators: [
        ...generic<GrafanaOptions>(
          stackShape({ required: ["adminSecret", "adminSecret.name", "datasource", "datasource.service"] }),
        ),
        ...grafanaMutations(gLens, ""),
        setValue(gLens, "bad namespace", ["namespace"], [...BAD_SUBDOMAINS, "a.b"]),
        (input) =>
          fc.constant({
            mutation: "datasource port the Service lacks",
            input: { ...input, datasource: { ...input.datasource, port: "zz-missing" } },
            path: "datasource.port",
            code: "unknown_port",
          }),
        (input) =>
          fc.constant({
            mutation: "two-port Service without datasource port",
            input: {
              ...input,
              datasource: {
                service: service({
                  name: "prom",
                  selector: { a: "b" },
                  ports: [
                    { name: "a", port: 1 },
                    { name: "b", port: 2 },
                  ],
                }),
              },
            },
            path: "datasource.port",
            code: "required",
          }),
        setValue(gLens, "bad datasource uid", ["datasource", "uid"], ["a b", "", "x".repeat(41)]),
      ],
      junk: [junkOptions()],
      junkPaths: (input) => nodes(input).map((n) => n.path),
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ------------------------------------------------------------------------------------------------ monitoring

const mLens = lens<MonitoringOptions>();
const grafanaLens: Lens<MonitoringOptions> = {
  get: (o) =>
    o.grafana ?? { adminSecret: { name: "grafana-admin" }, resources: { limits: { memory: "256Mi" } } },
  set: (o, g) => ({ ...o, grafana: g as MonitoringOptions["grafana"] }),
};

describe("monitoring (fuzz)", () => {
  it.for(
    fuzz<MonitoringOptions>({
      subject: { builder: "monitoring", build: (o) => monitoring(o), schema: stackSchema, rules: stackRules },
      runs: STACK_RUNS,
      valid: monitoringOptions,
      mutators: [
        ...generic<MonitoringOptions>(
          stackShape({
            records: [
              "prometheus.resources.requests",
              "prometheus.resources.limits",
              "grafana.env",
              "grafana.resources.requests",
              "grafana.resources.limits",
              "serviceMonitors.discoveryLabels",
            ],
            unions: ["prometheus.storage", "grafana.storage", "grafana.env.*", "serviceMonitors"],
            required: [
              "prometheus",
              "prometheus.resources",
              "grafana.adminSecret",
              "grafana.adminSecret.name",
              "grafana.resources",
            ],
            opaque: ["grafana.dashboards"],
          }),
        ),
        ...targetMutations(mLens),
        ...grafanaMutations(grafanaLens, "grafana"),
        setValue(mLens, "bad namespace", ["namespace"], [...BAD_SUBDOMAINS, "a.b"]),
        // Two Deployments and two Services of one name: the second would replace the first when applied.
        (input) =>
          fc.constant({
            mutation: "grafana named like prometheus",
            input: {
              ...input,
              grafana: { ...(grafanaLens.get(input) as object), name: input.prometheus.name ?? "prometheus" },
            } as MonitoringOptions,
            path: "grafana.name",
            code: "duplicate",
          }),
        (input) => {
          const { resources: _r, ...rest } = input.prometheus;
          return fc.constant({
            mutation: "no prometheus resources",
            input: { ...input, prometheus: rest as MonitoringOptions["prometheus"] },
            path: "prometheus.resources",
            code: "required",
          });
        },
        (input) =>
          fc.constant({
            mutation: "prometheus global timeout above interval",
            input: {
              ...input,
              prometheus: { ...input.prometheus, scrapeInterval: "5s", scrapeTimeout: "6s" },
            },
            path: "prometheus.scrapeTimeout",
            code: "timeout_exceeds_interval",
          }),
        (input) => {
          const svc = input.targets[0]?.service as Service;
          const key = Object.keys(svc.metadata?.labels ?? {})[0] as string;
          return fc.constant({
            mutation: "discovery label conflicting with a target Service's label",
            input: {
              ...input,
              serviceMonitors: {
                discoveryLabels: { [key]: svc.metadata?.labels?.[key] === "other" ? "other2" : "other" },
              },
            },
            path: pathOf(["serviceMonitors", "discoveryLabels", key]),
            code: "conflicting_options",
          });
        },
      ],
      junk: [junkOptions()],
      junkPaths: (input) => nodes(input).map((n) => n.path),
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
