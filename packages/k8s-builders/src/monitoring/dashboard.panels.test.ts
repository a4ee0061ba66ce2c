import { describe, expect, it } from "vitest";
import { issuesOf, up } from "../../test/support/monitoring.ts";
import { type StatOptions, stat, type TimeSeriesOptions, timeSeries } from "./panels.ts";

describe("timeSeries", () => {
  it("carries every option into the panel, queries lettered A, B…", () => {
    const p = timeSeries({
      title: "Latency",
      description: "p50 and p99",
      unit: "s",
      decimals: 2,
      min: 0,
      max: 10,
      legend: false,
      queries: [
        {
          expr: "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
          legend: "p50",
        },
        { expr: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))" },
      ],
    });
    expect(p).toEqual({
      type: "timeseries",
      title: "Latency",
      description: "p50 and p99",
      fieldConfig: { defaults: { unit: "s", min: 0, max: 10, decimals: 2 }, overrides: [] },
      options: {
        legend: { displayMode: "list", placement: "bottom", showLegend: false },
        tooltip: { mode: "multi", sort: "desc" },
      },
      targets: [
        {
          refId: "A",
          editorMode: "code",
          expr: "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
          legendFormat: "p50",
          range: true,
        },
        {
          refId: "B",
          editorMode: "code",
          expr: "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
          range: true,
        },
      ],
    });
  });

  it("shows the legend and sets no unit by default", () => {
    const p = timeSeries({ title: "Up", queries: [{ expr: "up" }] });
    expect(p.fieldConfig.defaults).toEqual({});
    expect(p.options).toMatchObject({ legend: { showLegend: true } });
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    { name: "no queries", options: { title: "t", queries: [] }, code: "too_small", path: "queries" },
    {
      name: "an empty query",
      options: { title: "t", queries: [{ expr: "  " }] },
      code: "invalid_promql",
      path: "queries[0].expr",
    },
    {
      name: "an unclosed parenthesis",
      options: { title: "t", queries: [{ expr: "up" }, { expr: "sum(rate(x[5m])" }] },
      code: "invalid_promql",
      path: "queries[1].expr",
    },
    {
      name: "an empty title",
      options: { title: "", queries: [{ expr: "up" }] },
      code: "too_small",
      path: "title",
    },
    {
      name: "min ≥ max",
      options: { title: "t", min: 1, max: 1, queries: [{ expr: "up" }] },
      code: "min_above_max",
      path: "max",
    },
    {
      name: "a misspelt option",
      options: { title: "t", querys: [], queries: [{ expr: "up" }] },
      code: "unknown_option",
      path: "querys",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => timeSeries(options as TimeSeriesOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});

describe("stat", () => {
  it("carries every option into the panel", () => {
    const p = stat({
      title: "Error ratio",
      unit: "percentunit",
      decimals: 1,
      reduce: "mean",
      colorMode: "background",
      sparkline: false,
      baseColor: "blue",
      thresholds: [
        { value: 0.01, color: "orange" },
        { value: 0.05, color: "red" },
      ],
      queries: [
        { expr: 'sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))' },
      ],
    });
    expect(p.fieldConfig).toEqual({
      defaults: {
        unit: "percentunit",
        decimals: 1,
        thresholds: {
          mode: "absolute",
          steps: [
            { color: "blue", value: null },
            { color: "orange", value: 0.01 },
            { color: "red", value: 0.05 },
          ],
        },
      },
      overrides: [],
    });
    expect(p.options).toEqual({
      reduceOptions: { calcs: ["mean"], fields: "", values: false },
      colorMode: "background",
      graphMode: "none",
      justifyMode: "auto",
      orientation: "auto",
      textMode: "auto",
    });
  });

  it("defaults to the last value, a green base and a sparkline", () => {
    expect(up.type).toBe("stat");
    expect(up.options).toMatchObject({
      reduceOptions: { calcs: ["lastNotNull"] },
      colorMode: "value",
      graphMode: "area",
    });
    expect(up.fieldConfig.defaults.thresholds?.steps).toEqual([{ color: "green", value: null }]);
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "thresholds out of order",
      options: {
        title: "t",
        queries: [{ expr: "up" }],
        thresholds: [
          { value: 5, color: "red" },
          { value: 1, color: "orange" },
        ],
      },
      code: "not_ascending",
      path: "thresholds[1].value",
    },
    {
      name: "an unknown reducer",
      options: { title: "t", queries: [{ expr: "up" }], reduce: "median" },
      code: "invalid_value",
      path: "reduce",
    },
    {
      name: "unbalanced braces",
      options: { title: "t", queries: [{ expr: 'up{job="x"' }] },
      code: "invalid_promql",
      path: "queries[0].expr",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => stat(options as StatOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});
