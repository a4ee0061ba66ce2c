/**
 * Grafana dashboards as typed data: `timeSeries` and `stat` panels with PromQL queries, laid out two per row,
 * every query bound to the provisioned Prometheus datasource by uid. `dashboardJson` prints the JSON that
 * Grafana provisions from a file; the same dashboard always prints the same bytes.
 */
import * as z from "zod/mini";
import { inputText, K8sBuilderError } from "../base/errors.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { writeDocument } from "../output/yaml.ts";

/** The uid of the Prometheus datasource that `grafana` provisions and dashboards reference by default. */
export const DEFAULT_DATASOURCE_UID = "prometheus";

/** Grafana's dashboard JSON model version written by {@link dashboard}. */
export const DASHBOARD_SCHEMA_VERSION = 39;

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** A reference to a datasource by uid. */
export interface DatasourceRef {
  type: "prometheus";
  uid: string;
}

/** A Prometheus query of a panel. */
export interface PanelTarget {
  refId: string;
  datasource: DatasourceRef;
  editorMode: "code";
  expr: string;
  legendFormat?: string;
  range: true;
}

/** A threshold step; the first (base) step has `value: null`. */
export interface ThresholdStep {
  color: string;
  value: number | null;
}

/** Field defaults of a panel. */
export interface PanelFieldConfig {
  defaults: {
    unit?: string;
    min?: number;
    max?: number;
    decimals?: number;
    thresholds?: { mode: "absolute"; steps: ThresholdStep[] };
  };
  overrides: never[];
}

/** Options of a time-series panel. */
export interface TimeSeriesPanelOptions {
  legend: { displayMode: "list"; placement: "bottom"; showLegend: boolean };
  tooltip: { mode: "multi"; sort: "desc" };
}

/** Options of a stat panel. */
export interface StatPanelOptions {
  reduceOptions: { calcs: [StatReducer]; fields: ""; values: false };
  colorMode: "value" | "background" | "none";
  graphMode: "area" | "none";
  justifyMode: "auto";
  orientation: "auto";
  textMode: "auto";
}

/** How a stat panel reduces a series to one number. */
export type StatReducer = "lastNotNull" | "last" | "mean" | "max" | "min" | "sum";

/** A panel as built by {@link timeSeries} or {@link stat}, before {@link dashboard} places it. */
export type PanelDraft =
  | {
      type: "timeseries";
      title: string;
      description?: string;
      fieldConfig: PanelFieldConfig;
      options: TimeSeriesPanelOptions;
      targets: Omit<PanelTarget, "datasource">[];
    }
  | {
      type: "stat";
      title: string;
      description?: string;
      fieldConfig: PanelFieldConfig;
      options: StatPanelOptions;
      targets: Omit<PanelTarget, "datasource">[];
    };

/** A panel placed on a dashboard: an id, a grid position, and its datasource on the panel and every query. */
export type DashboardPanel = PanelDraft extends infer P
  ? P extends PanelDraft
    ? Omit<P, "targets"> & {
        id: number;
        gridPos: { h: number; w: number; x: number; y: number };
        datasource: DatasourceRef;
        targets: PanelTarget[];
      }
    : never
  : never;

/** Grafana dashboard JSON, as provisioned from a file. */
export interface GrafanaDashboard {
  uid: string;
  title: string;
  description?: string;
  tags: string[];
  timezone: "browser" | "utc";
  editable: boolean;
  graphTooltip: 1;
  schemaVersion: number;
  version: 1;
  refresh: string;
  time: { from: string; to: string };
  annotations: { list: never[] };
  templating: { list: never[] };
  panels: DashboardPanel[];
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
const CLOSE: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/**
 * A minimal PromQL check: not empty, and brackets `()`, `[]`, `{}` balanced outside string literals and
 * comments. Returns the problem, or undefined. It does not parse PromQL; Prometheus reports the rest.
 */
export function promqlProblem(expr: string): string | undefined {
  if (expr.trim() === "") return "empty PromQL query";
  const stack: { ch: string; at: number }[] = [];
  for (let i = 0; i < expr.length; i++) {
    const ch = expr[i] ?? "";
    if (ch === "#") {
      while (i < expr.length && expr[i] !== "\n") i++;
    } else if (ch === '"' || ch === "'" || ch === "`") {
      const start = i;
      for (i++; i < expr.length && expr[i] !== ch; i++) if (ch !== "`" && expr[i] === "\\") i++;
      if (i >= expr.length) return `unterminated string literal starting at position ${start}`;
    } else if (ch in OPEN) {
      stack.push({ ch, at: i });
    } else if (ch in CLOSE) {
      const top = stack.pop();
      if (top === undefined) return `'${ch}' at position ${i} closes nothing`;
      if (top.ch !== CLOSE[ch])
        return `'${ch}' at position ${i} does not match '${top.ch}' at position ${top.at}`;
    }
  }
  const open = stack.pop();
  return open === undefined ? undefined : `'${open.ch}' at position ${open.at} is never closed`;
}

const promql = z.string().check(
  z.refine((s) => promqlProblem(s) === undefined, {
    error: (i) => `${promqlProblem(inputText(i.input))} in ${JSON.stringify(inputText(i.input))}`,
    params: { code: "invalid_promql" },
  }),
);

const QuerySchema = z.strictObject({
  /** PromQL expression, e.g. `sum(rate(http_requests_total{job="call-processor"}[5m]))`. */
  expr: promql,
  /** Legend template, e.g. `{{pod}}`. @default unset (Grafana's automatic legend) */
  legend: z.optional(z.string()),
});

const title = z.string().check(z.minLength(1, { error: "expected a title" }));
const unitShape = {
  /** Grafana unit id, e.g. `reqps`, `s`, `percentunit`, `bytes`. @default unset (no unit) */
  unit: z.optional(z.string().check(z.regex(/^\S+$/, { error: "expected a Grafana unit id such as reqps" }))),
  /** Decimals shown. @default unset (automatic) */
  decimals: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
};

export const TimeSeriesOptionsSchema = z.strictObject({
  /** Panel title. */
  title,
  /** Panel description (shown on hover). */
  description: z.optional(z.string()),
  /** The queries drawn (1–26: refIds A–Z). */
  queries: z
    .array(QuerySchema)
    .check(
      z.minLength(1, { error: "expected at least one query" }),
      z.maxLength(26, { error: "expected at most 26 queries" }),
    ),
  ...unitShape,
  /** Lower bound of the y axis, e.g. 0 for rates. @default unset (automatic) */
  min: z.optional(z.number()),
  /** Upper bound of the y axis, e.g. 1 for ratios. @default unset (automatic) */
  max: z.optional(z.number()),
  /** Show the legend below the graph. @default true */
  legend: z.optional(z.boolean()),
});

/** Options of {@link timeSeries}. */
export type TimeSeriesOptions = z.input<typeof TimeSeriesOptionsSchema>;

function targets(queries: readonly z.output<typeof QuerySchema>[]): Omit<PanelTarget, "datasource">[] {
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
      ? [{ path: ["max"], code: "invalid_range", message: `max (${p.max}) must be above min (${p.min})` }]
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
      legend: { displayMode: "list", placement: "bottom", showLegend: o.legend ?? true },
      tooltip: { mode: "multi", sort: "desc" },
    },
    targets: targets(o.queries),
  };
}

export const StatOptionsSchema = z.strictObject({
  /** Panel title. */
  title,
  /** Panel description (shown on hover). */
  description: z.optional(z.string()),
  /** The queries shown (1–26). */
  queries: z
    .array(QuerySchema)
    .check(
      z.minLength(1, { error: "expected at least one query" }),
      z.maxLength(26, { error: "expected at most 26 queries" }),
    ),
  ...unitShape,
  /** How each series becomes one number. @default "lastNotNull" */
  reduce: z.optional(z.enum(["lastNotNull", "last", "mean", "max", "min", "sum"])),
  /**
   * Colour steps above a base colour, in ascending order of value, e.g. `[{ value: 0.01, color: "red" }]`.
   * @default unset (the base colour only)
   */
  thresholds: z.optional(
    z.array(
      z.strictObject({
        /** The value from which this colour applies. */
        value: z.number(),
        /** A Grafana colour name or `#rrggbb`. */
        color: z.string().check(z.minLength(1)),
      }),
    ),
  ),
  /** Colour of values below the first threshold. @default "green" */
  baseColor: z.optional(z.string().check(z.minLength(1))),
  /** What the threshold colour paints: the number, the panel's background, or nothing. @default "value" */
  colorMode: z.optional(z.enum(["value", "background", "none"])),
  /** Draw the series behind the number. @default true */
  sparkline: z.optional(z.boolean()),
});

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
    { color: o.baseColor ?? "green", value: null },
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
      reduceOptions: { calcs: [o.reduce ?? "lastNotNull"], fields: "", values: false },
      colorMode: o.colorMode ?? "value",
      graphMode: o.sparkline === false ? "none" : "area",
      justifyMode: "auto",
      orientation: "auto",
      textMode: "auto",
    },
    targets: targets(o.queries),
  };
}

function isPanelDraft(v: unknown): v is PanelDraft {
  if (v === null || typeof v !== "object") return false;
  const p = v as Partial<PanelDraft>;
  return (
    (p.type === "timeseries" || p.type === "stat") && typeof p.title === "string" && Array.isArray(p.targets)
  );
}

/** A Grafana dashboard uid as used here: also part of a ConfigMap name, so lowercase letters, digits and '-'. */
export const dashboardUid: z.ZodMiniString<string> = z.string().check(
  z.regex(/^(?=.{1,40}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    error: (i) =>
      `"${inputText(i.input)}" is not a dashboard uid: lowercase letters, digits and '-', at most 40 characters (e.g. "call-center")`,
  }),
);

export const DashboardOptionsSchema = z.strictObject({
  /** Stable id of the dashboard (its URL, and the name of its file and ConfigMap). */
  uid: dashboardUid,
  /** Dashboard title. */
  title,
  /** Dashboard description. */
  description: z.optional(z.string()),
  /** Panels from {@link timeSeries} and {@link stat}, placed two per row in this order. */
  panels: z.array(
    z.custom<PanelDraft>(isPanelDraft, { error: "expected a panel built by timeSeries or stat" }),
  ),
  /** Auto-refresh period, e.g. `30s`, `1m`. @default "30s" */
  refresh: z.optional(
    z.string().check(z.regex(/^[1-9]\d*(s|m|h|d)$/, { error: "expected a period such as 30s or 5m" })),
  ),
  /** Tags for search and dashboard links. @default [] */
  tags: z.optional(z.array(z.string().check(z.minLength(1, { error: "expected a non-empty tag" })))),
  /** Default time range start, e.g. `now-6h`. @default "now-1h" */
  from: z.optional(
    z
      .string()
      .check(z.regex(/^now(-\d+[smhdwMy])?$/, { error: "expected now or now-<n><unit>, e.g. now-6h" })),
  ),
  /** Time zone of the time axis: the viewer's browser, or UTC. @default "browser" */
  timezone: z.optional(z.enum(["browser", "utc"])),
  /** uid of the Prometheus datasource every query uses. @default "prometheus" (the one `grafana` provisions) */
  datasourceUid: z.optional(
    z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,40}$/, { error: "expected a datasource uid" })),
  ),
});

/** Options of {@link dashboard}. */
export type DashboardOptions = z.input<typeof DashboardOptionsSchema>;

/**
 * Builds a Grafana dashboard (schema version 39): panels two per row, each 12 columns wide and 8 rows high,
 * every query bound to the Prometheus datasource by uid. Not editable in the UI: the code is the source.
 *
 * @example
 * dashboard({ uid: "call-center", title: "Call center", tags: ["call-center"],
 *   panels: [timeSeries({ title: "Requests", queries: [{ expr: "sum(rate(http_requests_total[5m]))" }] })] });
 */
export function dashboard(options: DashboardOptions): GrafanaDashboard {
  const o = parseOptions("dashboard", DashboardOptionsSchema, options);
  const datasource: DatasourceRef = { type: "prometheus", uid: o.datasourceUid ?? DEFAULT_DATASOURCE_UID };
  const panels = o.panels.map(
    (p, i): DashboardPanel => ({
      id: i + 1,
      ...p,
      datasource: { ...datasource },
      gridPos: {
        h: PANEL_HEIGHT,
        w: PANEL_WIDTH,
        x: (i % 2) * PANEL_WIDTH,
        y: Math.floor(i / 2) * PANEL_HEIGHT,
      },
      targets: p.targets.map((t) => ({ ...t, datasource: { ...datasource } })),
    }),
  );
  return {
    uid: o.uid,
    title: o.title,
    ...(o.description === undefined ? {} : { description: o.description }),
    tags: [...(o.tags ?? [])],
    timezone: o.timezone ?? "browser",
    editable: false,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    refresh: o.refresh ?? "30s",
    time: { from: o.from ?? "now-1h", to: "now" },
    annotations: { list: [] },
    templating: { list: [] },
    panels,
  };
}

/**
 * The dashboard as Grafana reads it from a file: JSON, two-space indent, trailing newline. Deterministic.
 * Anything that is not JSON data (a cycle, a bigint, a Date, NaN…) is refused with a {@link K8sBuilderError}.
 */
export function dashboardJson(d: GrafanaDashboard): string {
  // The manifest writer's check of JSON data (plain objects, finite numbers, no cycles), so both agree.
  const problem = d !== null && typeof d === "object" && !Array.isArray(d) ? writeDocument(d) : undefined;
  if (typeof problem === "string") return `${JSON.stringify(d, null, 2)}\n`;
  throw new K8sBuilderError("dashboardJson", undefined, [
    problem ?? {
      path: "",
      code: "invalid_type",
      message: `expected a dashboard object, received ${inputText(d)}`,
    },
  ]);
}
