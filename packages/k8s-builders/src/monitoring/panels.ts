/** Dashboard panels: a time series or a stat, each of PromQL queries against the dashboard's datasource. */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import type { IssueParams } from "../base/issue-codes.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type PanelDraft, type PanelTarget, promqlProblem, type ThresholdStep } from "./dashboard.ts";

const GRAFANA = "https://grafana.com/docs/grafana/latest/panels-visualizations";
const PANELS = `${GRAFANA}/configure-standard-options/`;
const TIME_SERIES = `${GRAFANA}/visualizations/time-series/`;
const STAT = `${GRAFANA}/visualizations/stat/`;
const PROMQL = "https://prometheus.io/docs/prometheus/latest/querying/basics/";

const promql = () =>
  z.string().check(
    z.refine((s) => promqlProblem(s) === undefined, {
      error: (i) => `${promqlProblem(inputText(i.input))} in ${JSON.stringify(inputText(i.input))}`,
      params: { code: "invalid_promql" } satisfies IssueParams,
    }),
  );

const querySchema = objectSchema(() => ({
  /** PromQL expression, e.g. `sum(rate(http_requests_total{job="call-processor"}[5m]))`. */
  expr: required(promql(), {
    description: 'PromQL expression, e.g. `sum(rate(http_requests_total{job="call-processor"}[5m]))`.',
    k8s: PROMQL,
  }),
  /** Legend template, e.g. `{{pod}}`. @default unset (Grafana's automatic legend) */
  legend: option(z.string(), {
    description: "Legend template, e.g. `{{pod}}`.",
    unset: "Grafana's automatic legend",
    k8s: TIME_SERIES,
  }),
}));

const title = () => z.string().check(z.minLength(1, { error: "expected a title" }));
const queries = () =>
  z
    .array(querySchema())
    .check(
      z.minLength(1, { error: "expected at least one query" }),
      z.maxLength(26, { error: "expected at most 26 queries" }),
    );

/** Title, description, queries and unit: what every panel has. */
function panelShape() {
  return {
    /** Panel title. */
    title: required(title(), { description: "Panel title.", k8s: PANELS }),
    /** Panel description (shown on hover). @default unset (none) */
    description: option(z.string(), {
      description: "Panel description (shown on hover).",
      unset: "none",
      k8s: PANELS,
    }),
    /** The queries (1–26: refIds A–Z). */
    queries: required(queries(), { description: "The queries (1–26: refIds A–Z).", k8s: PANELS }),
    /** Grafana unit id, e.g. `reqps`, `s`, `percentunit`, `bytes`. @default unset (no unit) */
    unit: option(z.string().check(z.regex(/^\S+$/, { error: "expected a Grafana unit id such as reqps" })), {
      description: "Grafana unit id, e.g. `reqps`, `s`, `percentunit`, `bytes`.",
      unset: "no unit",
      k8s: PANELS,
    }),
    /** Decimals shown. @default unset (automatic) */
    decimals: option(z.number().check(z.int(), z.gte(0), z.lte(10)), {
      description: "Decimals shown.",
      unset: "automatic",
      k8s: PANELS,
    }),
  };
}

/** The schema of {@link TimeSeriesOptions} (built on first use). */
export const TimeSeriesOptionsSchema = lazyObject(() => ({
  ...panelShape(),
  /** Lower bound of the y axis, e.g. 0 for rates. @default unset (automatic) */
  min: option(z.number(), {
    description: "Lower bound of the y axis, e.g. 0 for rates.",
    unset: "automatic",
    k8s: TIME_SERIES,
  }),
  /** Upper bound of the y axis, e.g. 1 for ratios. @default unset (automatic) */
  max: option(z.number(), {
    description: "Upper bound of the y axis, e.g. 1 for ratios.",
    unset: "automatic",
    k8s: TIME_SERIES,
  }),
  /** Show the legend below the graph. @default true */
  legend: option(z.boolean(), {
    description: "Show the legend below the graph.",
    default: true,
    k8s: TIME_SERIES,
  }),
}));

/** Options of {@link timeSeries}. */
export type TimeSeriesOptions = z.input<typeof TimeSeriesOptionsSchema>;

function targets(
  queries: readonly z.output<ReturnType<typeof querySchema>>[],
): Omit<PanelTarget, "datasource">[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    editorMode: "code",
    expr: q.expr,
    ...(q.legend === undefined ? {} : { legendFormat: q.legend }),
    range: true,
  }));
}

/**
 * A time-series panel.
 *
 * @example
 * timeSeries({ title: "Requests", unit: "reqps", queries: [{ expr: "sum(rate(http_requests_total[5m]))" }] });
 */
export function timeSeries(options: TimeSeriesOptions): PanelDraft {
  const o = parseOptions("timeSeries", TimeSeriesOptionsSchema, options, (p) =>
    p.min !== undefined && p.max !== undefined && p.min >= p.max
      ? [{ path: ["max"], code: "min_above_max", message: `max (${p.max}) must be above min (${p.min})` }]
      : [],
  );
  return {
    type: "timeseries",
    title: o.title,
    ...(o.description === undefined ? {} : { description: o.description }),
    fieldConfig: {
      defaults: {
        ...(o.unit === undefined ? {} : { unit: o.unit }),
        ...(o.min === undefined ? {} : { min: o.min }),
        ...(o.max === undefined ? {} : { max: o.max }),
        ...(o.decimals === undefined ? {} : { decimals: o.decimals }),
      },
      overrides: [],
    },
    options: {
      legend: { displayMode: "list", placement: "bottom", showLegend: o.legend },
      tooltip: { mode: "multi", sort: "desc" },
    },
    targets: targets(o.queries),
  };
}

const thresholdSchema = objectSchema(() => ({
  /** The value from which this colour applies. */
  value: required(z.number(), { description: "The value from which this colour applies.", k8s: STAT }),
  /** A Grafana colour name or `#rrggbb`. */
  color: required(z.string().check(z.minLength(1)), {
    description: "A Grafana colour name or `#rrggbb`.",
    k8s: STAT,
  }),
}));

/** The schema of {@link StatOptions} (built on first use). */
export const StatOptionsSchema = lazyObject(() => ({
  ...panelShape(),
  /** How each series becomes one number. @default "lastNotNull" */
  reduce: option(z.enum(["lastNotNull", "last", "mean", "max", "min", "sum"]), {
    description: "How each series becomes one number.",
    default: "lastNotNull",
    k8s: STAT,
  }),
  /**
   * Colour steps above a base colour, in ascending order of value, e.g. `[{ value: 0.01, color: "red" }]`.
   * @default unset (the base colour only)
   */
  thresholds: option(z.array(thresholdSchema()), {
    description:
      'Colour steps above a base colour, in ascending order of value, e.g. `[{ value: 0.01, color: "red" }]`.',
    unset: "the base colour only",
    k8s: STAT,
  }),
  /** Colour of values below the first threshold. @default "green" */
  baseColor: option(z.string().check(z.minLength(1)), {
    description: "Colour of values below the first threshold.",
    default: "green",
    k8s: STAT,
  }),
  /** What the threshold colour paints: the number, the panel's background, or nothing. @default "value" */
  colorMode: option(z.enum(["value", "background", "none"]), {
    description: "What the threshold colour paints: the number, the panel's background, or nothing.",
    default: "value",
    k8s: STAT,
  }),
  /** Draw the series behind the number. @default true */
  sparkline: option(z.boolean(), {
    description: "Draw the series behind the number.",
    default: true,
    k8s: STAT,
  }),
}));

/** Options of {@link stat}. */
export type StatOptions = z.input<typeof StatOptionsSchema>;

/**
 * A stat panel: one number per query.
 *
 * @example
 * stat({ title: "Error ratio", unit: "percentunit", thresholds: [{ value: 0.01, color: "red" }],
 *   queries: [{ expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))' }] });
 */
export function stat(options: StatOptions): PanelDraft {
  const o = parseOptions("stat", StatOptionsSchema, options, (p) => {
    const issues: RuleIssue[] = [];
    (p.thresholds ?? []).forEach((t, i, all) => {
      const prev = all[i - 1];
      if (prev !== undefined && t.value <= prev.value) {
        issues.push({
          path: ["thresholds", i, "value"],
          code: "not_ascending",
          message: `threshold ${t.value} is not above the previous one (${prev.value}): list thresholds in ascending order`,
        });
      }
    });
    return issues;
  });
  const steps: ThresholdStep[] = [
    { color: o.baseColor, value: null },
    ...(o.thresholds ?? []).map((t) => ({ color: t.color, value: t.value })),
  ];
  return {
    type: "stat",
    title: o.title,
    ...(o.description === undefined ? {} : { description: o.description }),
    fieldConfig: {
      defaults: {
        ...(o.unit === undefined ? {} : { unit: o.unit }),
        ...(o.decimals === undefined ? {} : { decimals: o.decimals }),
        thresholds: { mode: "absolute", steps },
      },
      overrides: [],
    },
    options: {
      reduceOptions: { calcs: [o.reduce], fields: "", values: false },
      colorMode: o.colorMode,
      graphMode: o.sparkline ? "area" : "none",
      justifyMode: "auto",
      orientation: "auto",
      textMode: "auto",
    },
    targets: targets(o.queries),
  };
}
