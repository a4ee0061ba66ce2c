import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { base, callCenter, prom, target } from "../../test/support/grafana.ts";
import { issuesOf } from "../../test/support/monitoring.ts";
import { dashboard } from "./dashboard.ts";
import { grafana } from "./grafana.ts";
import type { GrafanaOptions } from "./grafana-options.ts";
import { stat } from "./panels.ts";

describe("grafana", () => {
  it("refuses a dashboard over the 1 MiB object limit, naming it and its size", () => {
    const huge = dashboard({ uid: "huge", title: "Huge", description: "x".repeat(1024 * 1024), panels: [] });
    const issues = issuesOf(() => grafana({ ...base, dashboards: [callCenter, huge] }));
    expect(issues).toEqual([expect.objectContaining({ code: "too_big", path: "dashboards[1]" })]);
    expect(issues[0]?.message).toMatch(/^dashboard "Huge" \(huge\) is \d+ bytes/);
  });

  const twoPorts: Service = target;
  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "a duplicate dashboard uid",
      options: { ...base, dashboards: [callCenter, callCenter] },
      code: "duplicate",
      path: "dashboards[1]",
    },
    {
      name: "a dashboard querying another datasource",
      options: {
        ...base,
        dashboards: [
          dashboard({
            uid: "t",
            title: "T",
            datasourceUid: "thanos",
            panels: [stat({ title: "Up", queries: [{ expr: "up" }] })],
          }),
        ],
      },
      code: "unknown_datasource",
      path: "dashboards[0]",
    },
    {
      name: "a datasource port the Service lacks",
      options: { ...base, datasource: { service: prom.service, port: "http" } },
      code: "unknown_port",
      path: "datasource.port",
    },
    {
      name: "no port on a multi-port Service",
      options: { ...base, dashboards: [], datasource: { service: twoPorts } },
      code: "required",
      path: "datasource.port",
    },
    {
      name: "a datasource that is not a Service",
      options: { ...base, datasource: { service: prom.deployment } },
      code: "invalid_value",
      path: "datasource.service",
    },
    {
      name: "no admin Secret",
      options: { ...base, adminSecret: undefined },
      code: "required",
      path: "adminSecret",
    },
    {
      name: "an admin password inline",
      options: { ...base, env: { GF_SECURITY_ADMIN_PASSWORD: "hunter2" } },
      code: "reserved_env",
      path: "env.GF_SECURITY_ADMIN_PASSWORD",
    },
    {
      name: "the root URL in env (the probes would not follow its sub path)",
      options: { ...base, env: { GF_SERVER_ROOT_URL: "https://x.example.com/g/" } },
      code: "reserved_env",
      path: "env.GF_SERVER_ROOT_URL",
    },
    {
      name: "a root URL that is not an http(s) URL",
      options: { ...base, rootUrl: "calls.example.com/grafana" },
      code: "invalid_format",
      path: "rootUrl",
    },
    {
      name: "a secret-like variable inline",
      options: { ...base, env: { GF_DATABASE_PASSWORD: "hunter2" } },
      code: "inline_secret",
      path: "env.GF_DATABASE_PASSWORD",
    },
    {
      name: "missing resources",
      options: { ...base, resources: undefined },
      code: "required",
      path: "resources",
    },
    {
      name: "an object that is not a dashboard",
      options: { ...base, dashboards: [{ title: "x" }] },
      code: "invalid_value",
      path: "dashboards[0]",
    },
    {
      name: "a misspelt option",
      options: { ...base, dashboard: [] },
      code: "unknown_option",
      path: "dashboard",
    },
  ];
  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expect(issuesOf(() => grafana(options as GrafanaOptions))).toContainEqual(
      expect.objectContaining({ code, path }),
    );
  });
});

describe("grafana: dashboards not built by dashboard()", () => {
  it("refuses a panel without targets with the library's error, not a TypeError", () => {
    const junk = { ...callCenter, panels: [{ ...callCenter.panels[0], targets: undefined }] };
    const issues = issuesOf(() => grafana({ ...base, dashboards: [junk as never] }));
    expect(issues.map((i) => i.path)).toEqual(["dashboards[0]"]);
  });
});
