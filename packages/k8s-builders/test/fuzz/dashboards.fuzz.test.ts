// Fuzzing the Grafana dashboard builders timeSeries, stat and dashboard. Their output is Grafana JSON, not a
// Kubernetes object: it is judged by a structural check (JSON round trip, unique panel ids and refIds, a
// 24-column grid without overlaps, every query bound to the dashboard's datasource).
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type DashboardOptions,
  type DashboardPanel,
  dashboard,
  dashboardJson,
  type StatOptions,
  stat,
  type TimeSeriesOptions,
  timeSeries,
} from "../../src/index.ts";
import { rec, text } from "./arb-base.ts";
import { TIMEOUT } from "./harness.ts";
import {
  identity,
  type Lens,
  type Mutator,
  missingRequired,
  type Shape,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import { badValue, setValue } from "./mutations-common.ts";
import { fuzz, junkOptions } from "./suite.ts";

type Json = Record<string, unknown>;
const lens = <I>() => identity as Lens<I>;
const generic = <I>(shape: Shape): Mutator<I>[] => [
  unknownKey(shape, lens<I>()),
  wrongType(shape, lens<I>()),
  missingRequired(shape, lens<I>()),
];

/** Plain JSON data only: strings, finite numbers, booleans, null, arrays and plain objects (no undefined). */
function jsonProblems(o: unknown, at = "(root)", depth = 0): string[] {
  if (depth > 50) return [`${at}: nested too deep (a cycle?)`];
  if (o === null || typeof o === "string" || typeof o === "boolean") return [];
  if (typeof o === "number") return Number.isFinite(o) ? [] : [`${at}: ${o} is not a JSON number`];
  if (Array.isArray(o)) return o.flatMap((v, i) => jsonProblems(v, `${at}[${i}]`, depth + 1));
  if (typeof o === "object" && Object.getPrototypeOf(o) === Object.prototype) {
    return Object.entries(o).flatMap(([k, v]) => jsonProblems(v, `${at}.${k}`, depth + 1));
  }
  return [`${at}: ${typeof o === "object" ? (o.constructor?.name ?? "object") : typeof o} is not JSON data`];
}

function targetProblems(targets: unknown, at: string): string[] {
  const refIds = (Array.isArray(targets) ? targets : []).map((t) => (t as Json).refId);
  const out: string[] = [];
  if (refIds.length === 0) out.push(`${at}: no targets`);
  if (new Set(refIds).size !== refIds.length) out.push(`${at}: duplicate refIds`);
  if (refIds.some((r) => typeof r !== "string" || !/^[A-Z]$/.test(r))) out.push(`${at}: refIds must be A–Z`);
  return out;
}

const panelProblems = (p: object): string[] => [
  ...jsonProblems(p),
  ...(["timeseries", "stat"].includes(String((p as Json).type)) ? [] : ["unknown panel type"]),
  ...targetProblems((p as Json).targets, "targets"),
];

function dashboardProblems(d: object): string[] {
  const o = d as Json;
  const out = [...jsonProblems(d)];
  const panels = (o.panels as Json[]) ?? [];
  const ids = panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) out.push("duplicate panel ids");
  const cells = new Set<string>();
  for (const [i, p] of panels.entries()) {
    const g = p.gridPos as { x: number; y: number; w: number; h: number };
    if (g.x < 0 || g.w < 1 || g.x + g.w > 24) out.push(`panels[${i}].gridPos outside the 24-column grid`);
    for (let x = g.x; x < g.x + g.w; x++) {
      for (let y = g.y; y < g.y + g.h; y++) {
        if (cells.has(`${x},${y}`)) out.push(`panels[${i}] overlaps another panel`);
        cells.add(`${x},${y}`);
      }
    }
    const uid = (p.datasource as Json).uid;
    out.push(...targetProblems(p.targets, `panels[${i}].targets`));
    for (const t of p.targets as Json[])
      if ((t.datasource as Json).uid !== uid) out.push(`panels[${i}]: a query on another datasource`);
  }
  if (out.length === 0 && dashboardJson(d as never) !== `${JSON.stringify(d, null, 2)}\n`)
    out.push("dashboardJson is not the JSON of the dashboard");
  return [...new Set(out)];
}

// ------------------------------------------------------------------------------------------------ PromQL

const metric = fc.constantFrom("http_requests_total", "up", "process_cpu_seconds_total", "calls_active");
/** PromQL with balanced brackets, string literals containing brackets, and comments. */
const promql: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    metric,
    fc
      .tuple(metric, fc.constantFrom('code=~"5.."', 'job="a(b"', "path='/x{y}'", 'le="+Inf"'))
      .map(([m, sel]) => `${m}{${sel}}`),
    fc
      .tuple(fc.constantFrom("sum", "rate", "max", "histogram_quantile(0.9, "), tie("expr"))
      .map(([f, e]) => (f.endsWith(", ") ? `${f}${e})` : f === "rate" ? `rate(${e}[5m])` : `${f}(${e})`)),
    fc
      .tuple(tie("expr"), fc.constantFrom(" / ", " * ", " + "), tie("expr"))
      .map(([a, op, b]) => `${a}${op}${b}`),
    tie("expr").map((e) => `${e} # comment )]}\n`),
  ),
})).expr;

const query = rec({ expr: promql, legend: text }, ["expr"]);
const queries = fc.array(query, { minLength: 1, maxLength: 4 });
const unit = fc.constantFrom("reqps", "s", "percentunit", "bytes", "short");

const timeSeriesOptions: fc.Arbitrary<TimeSeriesOptions> = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 30 }),
    queries,
    rec({ description: text, unit, decimals: fc.integer({ min: 0, max: 10 }), legend: fc.boolean() }),
    fc.option(
      fc.tuple(
        fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
        fc.double({ noNaN: true, noDefaultInfinity: true, min: 0.001, max: 1e6 }),
      ),
      { nil: undefined },
    ),
    fc.constantFrom("none", "min", "max", "both"),
  )
  .map(([title, qs, rest, range, which]) => ({
    title,
    queries: qs,
    ...rest,
    ...(range !== undefined && (which === "min" || which === "both") ? { min: range[0] } : {}),
    ...(range !== undefined && (which === "max" || which === "both") ? { max: range[0] + range[1] } : {}),
  }));

const statOptions: fc.Arbitrary<StatOptions> = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 30 }),
    queries,
    fc.uniqueArray(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), {
      maxLength: 4,
      // -0 and 0 are the same threshold.
      comparator: "SameValueZero",
    }),
    rec({
      description: text,
      unit,
      decimals: fc.integer({ min: 0, max: 10 }),
      reduce: fc.constantFrom(
        "lastNotNull" as const,
        "last" as const,
        "mean" as const,
        "max" as const,
        "min" as const,
        "sum" as const,
      ),
      baseColor: fc.constantFrom("green", "#00ff00", "blue"),
      colorMode: fc.constantFrom("value" as const, "background" as const, "none" as const),
      sparkline: fc.boolean(),
    }),
    fc.boolean(),
  )
  .map(([title, qs, values, rest, withThresholds]) => ({
    title,
    queries: qs,
    ...rest,
    ...(withThresholds
      ? {
          thresholds: [...values]
            .sort((a, b) => a - b)
            .map((value, i) => ({ value, color: ["yellow", "orange", "red", "#ff0000"][i] ?? "red" })),
        }
      : {}),
  }));

const panelShape: Shape = {
  records: [],
  unions: [],
  required: ["title", "queries", "queries.*.expr", "thresholds.*.value", "thresholds.*.color"],
};

describe("timeSeries (fuzz)", () => {
  it.for(
    fuzz<TimeSeriesOptions>({
      subject: { builder: "timeSeries", build: (o) => timeSeries(o), schema: panelProblems },
      valid: timeSeriesOptions,
      mutators: [
        ...generic<TimeSeriesOptions>(panelShape),
        setValue(lens<TimeSeriesOptions>(), "empty title", ["title"], [""]),
        setValue(lens<TimeSeriesOptions>(), "no queries", ["queries"], [[]], "too_small"),
        setValue(
          lens<TimeSeriesOptions>(),
          "27 queries",
          ["queries"],
          [Array.from({ length: 27 }, () => ({ expr: "up" }))],
          "too_big",
        ),
        badValue(
          lens<TimeSeriesOptions>(),
          "bad PromQL",
          ["queries.*.expr"],
          ["", "  ", "sum(up", "up)", "rate(up[5m)", 'up{job="x}', "(]"],
        ),
        setValue(lens<TimeSeriesOptions>(), "bad unit", ["unit"], ["a b", ""]),
        setValue(lens<TimeSeriesOptions>(), "bad decimals", ["decimals"], [11, -1, 1.5]),
        (input) =>
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).chain((min) =>
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: min }).map((max) => ({
              mutation: `min ${min} ≥ max ${max}`,
              input: { ...input, min, max },
              path: "max",
              code: "min_above_max",
            })),
          ),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

describe("stat (fuzz)", () => {
  it.for(
    fuzz<StatOptions>({
      subject: { builder: "stat", build: (o) => stat(o), schema: panelProblems },
      valid: statOptions,
      mutators: [
        ...generic<StatOptions>(panelShape),
        setValue(lens<StatOptions>(), "no queries", ["queries"], [[]], "too_small"),
        badValue(lens<StatOptions>(), "bad PromQL", ["queries.*.expr"], ["", "sum(up", "up]"]),
        setValue(lens<StatOptions>(), "bad reduce", ["reduce"], ["median", ""]),
        setValue(lens<StatOptions>(), "bad colorMode", ["colorMode"], ["text", ""]),
        setValue(lens<StatOptions>(), "empty baseColor", ["baseColor"], [""]),
        (input) =>
          fc
            .tuple(
              fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
              fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e6 }),
            )
            .map(([v, d]) => ({
              mutation: `thresholds ${v} then ${v - d}`,
              input: {
                ...input,
                thresholds: [
                  { value: v, color: "red" },
                  { value: v - d, color: "blue" },
                ],
              },
              path: "thresholds[1].value",
              code: "not_ascending",
            })),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// --------------------------------------------------------------------------------------------- dashboard

const draft = fc.oneof(
  timeSeriesOptions.map((o) => timeSeries(o)),
  statOptions.map((o) => stat(o)),
);
const dashboardUid = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/);
const datasourceUid = fc.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/);
/**
 * A panel from timeSeries or stat, or one placed on another dashboard (with its id, gridPos and datasources,
 * which dashboard replaces): junk can then reach the datasources inside panels and targets too.
 */
const panel = fc.oneof(
  draft,
  fc
    .tuple(fc.array(draft, { minLength: 1, maxLength: 3 }), datasourceUid, fc.nat(2))
    .map(
      ([drafts, uid, i]) =>
        dashboard({ uid: "other", title: "Other", panels: drafts, datasourceUid: uid }).panels[
          i % drafts.length
        ] as DashboardPanel,
    ),
);
export const dashboardOptions: fc.Arbitrary<DashboardOptions> = fc
  .tuple(
    dashboardUid,
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.array(panel, { maxLength: 5 }),
    rec({
      description: text,
      refresh: fc
        .tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom("s", "m", "h", "d"))
        .map(([n, u]) => `${n}${u}`),
      tags: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }),
      from: fc.oneof(
        fc.constant("now"),
        fc
          .tuple(fc.integer({ min: 1, max: 90 }), fc.constantFrom("s", "m", "h", "d", "w", "M", "y"))
          .map(([n, u]) => `now-${n}${u}`),
      ),
      timezone: fc.constantFrom("browser" as const, "utc" as const),
      datasourceUid,
    }),
  )
  .map(([uid, title, panels, rest]) => ({ uid, title, panels, ...rest }));
const dLens = lens<DashboardOptions>();

describe("dashboard (fuzz)", () => {
  it.for(
    fuzz<DashboardOptions>({
      subject: { builder: "dashboard", build: (o) => dashboard(o), schema: dashboardProblems },
      valid: dashboardOptions,
      mutators: [
        ...generic<DashboardOptions>({
          records: [],
          unions: [],
          required: ["uid", "title", "panels"],
          opaque: ["panels"],
        }),
        setValue(dLens, "bad uid", ["uid"], ["UPPER", "a".repeat(41), "-x", "x-", "a_b", ""]),
        setValue(dLens, "empty title", ["title"], [""]),
        setValue(dLens, "bad refresh", ["refresh"], ["0s", "30", "1x", "01m", ""]),
        setValue(dLens, "bad from", ["from"], ["yesterday", "now-", "now-1", "now+1h", ""]),
        setValue(dLens, "bad datasourceUid", ["datasourceUid"], ["a b", "", "x".repeat(41)]),
        (input) =>
          fc.constant({ mutation: "empty tag", input: { ...input, tags: ["ok", ""] }, path: "tags[1]" }),
        (input) =>
          fc
            .constantFrom<unknown>({}, { type: "graph", title: "x", targets: [] }, "panel", null, {
              type: "stat",
              title: 1,
              targets: [],
            })
            .map((p) => ({
              mutation: `panel ${JSON.stringify(p)}`,
              input: { ...input, panels: [...input.panels, p as never] },
              path: `panels[${input.panels.length}]`,
            })),
      ],
      // Junk at any node, at any depth inside panels, their targets and datasources too: dashboard refuses a
      // panel that is not what timeSeries, stat or dashboard build, so the result is an error or a valid dashboard.
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
