import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
import { issuesOf, requests, up } from "../../test/support/monitoring.ts";
import { K8sBuilderError } from "../base/errors.ts";
import {
  DASHBOARD_SCHEMA_VERSION,
  type DashboardOptions,
  dashboard,
  dashboardJson,
  type GrafanaDashboard,
  promqlProblem,
} from "./dashboard.ts";

describe("dashboard", () => {
  it("places panels two per row, numbers them, and binds every query to the datasource", () => {
    const d = dashboard({ uid: "call-center", title: "Call center", panels: [requests, up, requests] });
    expect(d.panels.map((p) => ({ id: p.id, gridPos: p.gridPos }))).toEqual([
      { id: 1, gridPos: { h: 8, w: 12, x: 0, y: 0 } },
      { id: 2, gridPos: { h: 8, w: 12, x: 12, y: 0 } },
      { id: 3, gridPos: { h: 8, w: 12, x: 0, y: 8 } },
    ]);
    for (const p of d.panels) {
      expect(p.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
      for (const t of p.targets) expect(t.datasource).toEqual({ type: "prometheus", uid: "prometheus" });
    }
    expect(d.panels[0]).toMatchObject({
      type: "timeseries",
      title: "Requests",
      fieldConfig: requests.fieldConfig,
    });
    expect(d.panels[1]).toMatchObject({ type: "stat", title: "Up", options: up.options });
  });

  it("writes the defaults", () => {
    const d = dashboard({ uid: "call-center", title: "Call center", panels: [] });
    expect(d).toEqual({
      uid: "call-center",
      title: "Call center",
      tags: [],
      timezone: "browser",
      editable: false,
      graphTooltip: 1,
      schemaVersion: DASHBOARD_SCHEMA_VERSION,
      version: 1,
      refresh: "30s",
      time: { from: "now-1h", to: "now" },
      annotations: { list: [] },
      templating: { list: [] },
      panels: [],
    });
    expect(DASHBOARD_SCHEMA_VERSION).toBe(39);
  });

  it("carries every option", () => {
    const d = dashboard({
      uid: "admin-api",
      title: "Admin API",
      description: "Admin API health",
      tags: ["call-center", "admin"],
      refresh: "1m",
      from: "now-6h",
      timezone: "utc",
      datasourceUid: "thanos",
      panels: [up],
    });
    expect(d).toMatchObject({
      description: "Admin API health",
      tags: ["call-center", "admin"],
      refresh: "1m",
      time: { from: "now-6h", to: "now" },
      timezone: "utc",
    });
    expect(d.panels[0]?.datasource).toEqual({ type: "prometheus", uid: "thanos" });
    expect(d.panels[0]?.targets[0]?.datasource).toEqual({ type: "prometheus", uid: "thanos" });
  });

  it("takes the panels of other dashboards, numbering and placing them anew", () => {
    const a = dashboard({ uid: "a", title: "A", panels: [requests, up], datasourceUid: "old" });
    const b = dashboard({ uid: "b", title: "B", panels: [up] });
    const d = dashboard({ uid: "c", title: "C", panels: [...a.panels, ...b.panels] });
    expect(d.panels.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(d.panels.map((p) => p.gridPos)).toEqual([
      { h: 8, w: 12, x: 0, y: 0 },
      { h: 8, w: 12, x: 12, y: 0 },
      { h: 8, w: 12, x: 0, y: 8 },
    ]);
    expect(d.panels.flatMap((p) => [p.datasource, ...p.targets.map((t) => t.datasource)])).toEqual(
      Array(6).fill({ type: "prometheus", uid: "prometheus" }),
    );
  });

  it("does not change the panels it was given", () => {
    const before = structuredClone(requests);
    dashboard({ uid: "a", title: "A", panels: [requests] });
    expect(requests).toEqual(before);
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "an upper-case uid",
      options: { uid: "CallCenter", title: "t", panels: [] },
      code: "invalid_format",
      path: "uid",
    },
    {
      name: "a uid over 40 characters",
      options: { uid: "a".repeat(41), title: "t", panels: [] },
      code: "invalid_format",
      path: "uid",
    },
    {
      name: "a panel not built by timeSeries or stat",
      options: { uid: "a", title: "t", panels: [up, { type: "graph", title: "x" }] },
      code: "invalid_value",
      path: "panels[1]",
    },
    {
      name: "a panel whose field config is not an object",
      options: { uid: "a", title: "t", panels: [{ ...requests, fieldConfig: new Set() }] },
      code: "invalid_value",
      path: "panels[0]",
    },
    {
      name: "a panel with a boxed number inside",
      options: {
        uid: "a",
        title: "t",
        panels: [{ ...requests, fieldConfig: { defaults: new Number(0), overrides: [] } }],
      },
      code: "invalid_value",
      path: "panels[0]",
    },
    {
      name: "a query whose legend is undefined",
      options: {
        uid: "a",
        title: "t",
        panels: [{ ...requests, targets: [{ ...requests.targets[0], legendFormat: undefined }] }],
      },
      code: "invalid_value",
      path: "panels[0]",
    },
    {
      name: "a query without expr",
      options: { uid: "a", title: "t", panels: [{ ...up, targets: [{ refId: "A", range: true }] }] },
      code: "invalid_value",
      path: "panels[0]",
    },
    {
      name: "a panel of another dashboard with a junk datasource",
      options: { uid: "a", title: "t", panels: [{ ...requests, datasource: null }] },
      code: "invalid_value",
      path: "panels[0]",
    },
    {
      name: "a refresh without unit",
      options: { uid: "a", title: "t", panels: [], refresh: "30" },
      code: "invalid_format",
      path: "refresh",
    },
    {
      name: "an absolute time range",
      options: { uid: "a", title: "t", panels: [], from: "2024-01-01" },
      code: "invalid_format",
      path: "from",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => dashboard(options as DashboardOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });

  it("accepts only built panels at the type level", () => {
    // @ts-expect-error a raw object is not a PanelDraft
    expect(() => dashboard({ uid: "a", title: "t", panels: [{ type: "graph" }] })).toThrow(K8sBuilderError);
  });
});

describe("dashboardJson", () => {
  const d = dashboard({
    uid: "call-center",
    title: "Call center",
    tags: ["call-center"],
    panels: [requests, up],
  });

  it("is JSON with a two-space indent and a final newline that parses back to the dashboard", () => {
    const text = dashboardJson(d);
    expect(text.startsWith('{\n  "uid": "call-center",\n')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(d);
  });

  it("prints the same bytes for the same dashboard", () => {
    const again = dashboard({
      uid: "call-center",
      title: "Call center",
      tags: ["call-center"],
      panels: [requests, up],
    });
    expect(dashboardJson(again)).toBe(dashboardJson(d));
  });

  it("refuses what is not JSON data with the library error, never a TypeError or a partial text", () => {
    const cyclic = { ...d, panels: [...d.panels] } as unknown as Record<string, unknown>;
    cyclic.self = cyclic;
    const rows: [unknown, string, string][] = [
      [cyclic, "circular_reference", "self"],
      [{ ...d, version: 1n }, "invalid_type", "version"],
      [{ ...d, refresh: new Date(0) }, "invalid_type", "refresh"],
      [{ ...d, schemaVersion: Number.NaN }, "invalid_value", "schemaVersion"],
      [undefined, "invalid_type", ""],
      [null, "invalid_type", ""],
      [[d], "invalid_type", ""],
    ];
    for (const [junk, code, path] of rows) {
      const err = builderError(() => dashboardJson(junk as GrafanaDashboard));
      expect(err.builder).toBe("dashboardJson");
      expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([{ code, path }]);
    }
  });
});

describe("promqlProblem", () => {
  it("refuses what is not a string with the library error", () => {
    for (const junk of [5, null, undefined, new Set(), {}]) {
      const err = builderError(() => promqlProblem(junk as never));
      expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["invalid_type expr"]);
    }
  });

  it.each([
    "up",
    'sum by (pod) (rate(http_requests_total{job="call-processor", path=~"/api/(v1|v2)"}[5m]))',
    'count(up{job="a)"})', // a bracket inside a string does not count
    "label_replace(up, 'x', '$1', 'instance', '(.*):.*')",
    "sum(rate(x[5m])) # a comment with an unbalanced (",
    "`raw {string`",
  ])("accepts %s", (expr) => {
    expect(promqlProblem(expr)).toBeUndefined();
  });

  it.each([
    ["", "empty PromQL query"],
    ["sum(rate(x[5m])", "'(' at position 3 is never closed"],
    ["up)", "')' at position 2 closes nothing"],
    ["sum(x[5m)]", "')' at position 8 does not match '[' at position 5"],
    ['up{job="x}', "unterminated string literal starting at position 7"],
  ])("refuses %j: %s", (expr, problem) => {
    expect(promqlProblem(expr)).toBe(problem);
  });
});
