/**
 * The modules that the built entry keeps instead of loading them on first call (lazy-facades.ts): a module
 * stays when an export the entry takes from it is a class, a table or a schema with metadata. Each one here is
 * paid by every import; a new one is a choice (move the table to a small module of its own, as
 * monitoring/prometheus-discovery.ts holds PROMETHEUS_DISCOVERY_RULES away from prometheus(), and
 * kinds/ingress-host.ts HostSchema away from ingress()).
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lazyPlan } from "../lazy-facades.ts";

describe("the modules the entry keeps", () => {
  it("are those that export a class, a table or a titled schema", async () => {
    const plan = await lazyPlan(fileURLToPath(new URL("..", import.meta.url)));
    expect(plan.eager).toEqual([
      "base/errors (K8sBuilderError)",
      "base/issue-codes (ISSUE_CODES)",
      "base/patch-types (MERGE_KEYS)",
      "base/primitives (dns1035Label)",
      "checks/codes (FINDING_CODES)",
      "checks/rules/api-versions (API_VERSION_CHANGES)",
      "kinds/ingress-host (HostSchema)",
      "monitoring/prometheus-discovery (PROMETHEUS_DISCOVERY_RULES)",
    ]);
  });
});
