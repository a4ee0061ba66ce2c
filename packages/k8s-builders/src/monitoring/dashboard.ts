/**
 * Grafana dashboards as typed data: `timeSeries` and `stat` panels with PromQL queries, laid out two per row,
 * every query bound to the provisioned Prometheus datasource by uid. `dashboardJson` prints the JSON that
 * Grafana provisions from a file; the same dashboard always prints the same bytes.
 */
import * as z from "zod/mini";
import { inputText, K8sBuilderError } from "../base/errors.ts";
import { lazyObject, once, option, required } from "../base/options.ts";
import { parseOptions } from "../base/validate.ts";
import { writeDocument } from "../output/yaml.ts";

/** The uid of the Prometheus datasource that `grafana` provisions and dashboards reference by default. */
export const DEFAULT_DATASOURCE_UID = "prometheus";

/** A datasource uid as Grafana takes it: letters, digits, '-' and '_', at most 40 characters. */
export const datasourceUid = (): z.ZodMiniString<string> =>
  z.string().check(z.regex(/^[a-zA-Z0-9_-]{1,40}$/, { error: "expected a datasource uid" }));

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
  if (typeof expr !== "string") {
    throw new K8sBuilderError("promqlProblem", undefined, [
      { path: "expr", code: "invalid_type", message: `expected a PromQL query, received ${inputText(expr)}` },
    ]);
  }
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

// What dashboard() accepts as a panel: what timeSeries and stat build (a PanelDraft), or a panel of another
// dashboard (its id, gridPos and datasources are replaced). Every field is checked, and a field left out is
// absent (not `undefined`), so that junk inside a panel is refused here instead of reaching the dashboard.
const datasourceRefSchema = once(() => z.strictObject({ type: z.literal("prometheus"), uid: z.string() }));
const targetSchema = once(() =>
  z.strictObject({
    refId: z.string().check(z.regex(/^[A-Z]$/)),
    datasource: z.exactOptional(datasourceRefSchema()),
    editorMode: z.literal("code"),
    expr: z.string().check(z.refine((e) => promqlProblem(e) === undefined)),
    legendFormat: z.exactOptional(z.string()),
    range: z.literal(true),
  }),
);
const thresholdStepSchema = once(() =>
  z.strictObject({ color: z.string(), value: z.union([z.number(), z.null()]) }),
);
const fieldConfigSchema = once(() =>
  z.strictObject({
    defaults: z.strictObject({
      unit: z.exactOptional(z.string()),
      min: z.exactOptional(z.number()),
      max: z.exactOptional(z.number()),
      decimals: z.exactOptional(z.number()),
      thresholds: z.exactOptional(
        z.strictObject({ mode: z.literal("absolute"), steps: z.array(thresholdStepSchema()) }),
      ),
    }),
    overrides: z.array(z.never()),
  }),
);
function panelSchema<T extends string, O extends z.core.$ZodShape>(type: T, options: () => O) {
  return z.strictObject({
    type: z.literal(type),
    title: z.string(),
    description: z.exactOptional(z.string()),
    fieldConfig: fieldConfigSchema(),
    options: z.strictObject(options()),
    targets: z.array(targetSchema()).check(
      z.minLength(1),
      z.refine((ts) => new Set(ts.map((t) => t.refId)).size === ts.length, { error: "duplicate refIds" }),
    ),
    id: z.exactOptional(z.number()),
    gridPos: z.exactOptional(z.strictObject({ h: z.number(), w: z.number(), x: z.number(), y: z.number() })),
    datasource: z.exactOptional(datasourceRefSchema()),
  });
}
const panelDraftSchema = once(() =>
  z.union([
    panelSchema("timeseries", () => ({
      legend: z.strictObject({
        displayMode: z.literal("list"),
        placement: z.literal("bottom"),
        showLegend: z.boolean(),
      }),
      tooltip: z.strictObject({ mode: z.literal("multi"), sort: z.literal("desc") }),
    })),
    panelSchema("stat", () => ({
      reduceOptions: z.strictObject({
        calcs: z.tuple([z.enum(["lastNotNull", "last", "mean", "max", "min", "sum"])]),
        fields: z.literal(""),
        values: z.literal(false),
      }),
      colorMode: z.enum(["value", "background", "none"]),
      graphMode: z.enum(["area", "none"]),
      justifyMode: z.literal("auto"),
      orientation: z.literal("auto"),
      textMode: z.literal("auto"),
    })),
  ]),
);

/** A panel as timeSeries, stat or dashboard build it, and JSON data only (no boxed value, Date or hole). */
function isPanelDraft(v: unknown): v is PanelDraft {
  return z.safeParse(panelDraftSchema(), v).success && typeof writeDocument(v) === "string";
}

const JSON_MODEL =
  "https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/";

/** A Grafana dashboard uid as used here: also part of a ConfigMap name, so lowercase letters, digits and '-'. */
export const dashboardUid: () => z.ZodMiniString<string> = once(() =>
  z.string().check(
    z.regex(/^(?=.{1,40}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
      error: (i) =>
        `"${inputText(i.input)}" is not a dashboard uid: lowercase letters, digits and '-', at most 40 characters (e.g. "call-center")`,
    }),
  ),
);

/** The schema of {@link DashboardOptions} (built on first use). */
export const DashboardOptionsSchema = lazyObject(() => ({
  /** Stable id of the dashboard (its URL, and the name of its file and ConfigMap). */
  uid: required(dashboardUid(), {
    description: "Stable id of the dashboard (its URL, and the name of its file and ConfigMap).",
    k8s: JSON_MODEL,
  }),
  /** Dashboard title. */
  title: required(z.string().check(z.minLength(1, { error: "expected a title" })), {
    description: "Dashboard title.",
    k8s: JSON_MODEL,
  }),
  /** Dashboard description. @default unset (none) */
  description: option(z.string(), { description: "Dashboard description.", unset: "none", k8s: JSON_MODEL }),
  /**
   * Panels from `timeSeries` and `stat` (or of another dashboard, numbered anew), placed two per row in this
   * order.
   */
  panels: required(
    z.array(
      z.custom<PanelDraft>(isPanelDraft, {
        error: "expected a panel built by timeSeries or stat (or a panel of another dashboard), unchanged",
      }),
    ),
    {
      description:
        "Panels from `timeSeries` and `stat` (or of another dashboard, numbered anew), placed two per row in this order.",
      k8s: JSON_MODEL,
    },
  ),
  /** Auto-refresh period, e.g. `30s`, `1m`. @default "30s" */
  refresh: option(
    z.string().check(z.regex(/^[1-9]\d*(s|m|h|d)$/, { error: "expected a period such as 30s or 5m" })),
    {
      description: "Auto-refresh period, e.g. `30s`, `1m`.",
      default: "30s",
      k8s: JSON_MODEL,
    },
  ),
  /** Tags for search and dashboard links. @default [] */
  tags: option(z.array(z.string().check(z.minLength(1, { error: "expected a non-empty tag" }))), {
    description: "Tags for search and dashboard links.",
    default: [],
    k8s: JSON_MODEL,
  }),
  /** Default time range start, e.g. `now-6h`. @default "now-1h" */
  from: option(
    z
      .string()
      .check(z.regex(/^now(-\d+[smhdwMy])?$/, { error: "expected now or now-<n><unit>, e.g. now-6h" })),
    { description: "Default time range start, e.g. `now-6h`.", default: "now-1h", k8s: JSON_MODEL },
  ),
  /** Time zone of the time axis: the viewer's browser, or UTC. @default "browser" */
  timezone: option(z.enum(["browser", "utc"]), {
    description: "Time zone of the time axis: the viewer's browser, or UTC.",
    default: "browser",
    k8s: JSON_MODEL,
  }),
  /**
   * uid of the Prometheus datasource every query uses (the one `grafana` provisions).
   * @default "prometheus"
   */
  datasourceUid: option(datasourceUid(), {
    description: "uid of the Prometheus datasource every query uses (the one `grafana` provisions).",
    default: DEFAULT_DATASOURCE_UID,
    k8s: "https://grafana.com/docs/grafana/latest/administration/provisioning/",
  }),
}));

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
  const datasource: DatasourceRef = { type: "prometheus", uid: o.datasourceUid };
  // A panel of another dashboard brings its id: it gets this dashboard's, written first as in a new panel.
  const panels = o.panels.map(
    ({ id: _placed, ...p }: PanelDraft & { id?: number }, i): DashboardPanel => ({
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
    tags: [...o.tags],
    timezone: o.timezone,
    editable: false,
    graphTooltip: 1,
    schemaVersion: DASHBOARD_SCHEMA_VERSION,
    version: 1,
    refresh: o.refresh,
    time: { from: o.from, to: "now" },
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
