/**
 * The modules that the built entry keeps instead of loading them on first call (lazy-facades.ts): a module
 * stays when it imports nothing (it costs only its own bytes) or when an export the entry takes from it is a class
 * or a table (a plain object or an array). Each one here is paid by every import, with what it imports; a new one
 * is a choice (move the table to a small module of its own, as monitoring/prometheus-discovery.ts holds
 * PROMETHEUS_DISCOVERY_RULES away from prometheus()).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lazyPlan } from "../lazy-facades.ts";

describe("the modules the entry keeps", () => {
  it("are those that import nothing or export a class or a table", async () => {
    const plan = await lazyPlan(fileURLToPath(new URL("..", import.meta.url)));
    expect(plan.eager).toEqual([
      "base/disruption (imports nothing)",
      "base/errors (K8sBuilderError)",
      "base/issue-codes (imports nothing)",
      "base/once (imports nothing)",
      "base/patch-types (imports nothing)",
      "base/quantity (imports nothing)",
      "checks/codes (FINDING_CODES)",
      "checks/rules/api-versions (API_VERSION_CHANGES)",
      "graph/mermaid-limits (imports nothing)",
      "kinds/cron-schedule (imports nothing)",
      "lazy/load (imports nothing)",
      "monitoring/prometheus-discovery (imports nothing)",
    ]);
  });
});
