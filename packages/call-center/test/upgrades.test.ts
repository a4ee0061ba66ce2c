/** Upgrades of the call-center bundle as immutableChanges sees them: what an apply may and may not change. */
import { immutableChanges } from "@call-center/k8s-builders";
import { expectNoImmutableChanges } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { callCenter, resolveConfig } from "../src/index.ts";

describe("immutableChanges between two call-center bundles", () => {
  // statefulSet() keeps only stable labels in volumeClaimTemplates, which Kubernetes never lets change.
  it("lets the call-center bundle upgrade the PostgreSQL and Redis images", () => {
    const before = callCenter(resolveConfig("production"));
    const after = callCenter(
      resolveConfig("production", { images: { postgres: "postgres:16.11", redis: "redis:7.4.6" } }),
    );
    expectNoImmutableChanges(before, after);
  });

  it("reports a larger PostgreSQL claim in the call-center bundle (resize the claims by hand)", () => {
    const before = callCenter(resolveConfig("production", { images: { postgres: "postgres:16.10" } }));
    const after = callCenter(resolveConfig("production", { postgres: { storage: "20Gi" } }));
    expect(immutableChanges(before, after).map((c) => [c.object.name, c.path, c.before, c.after])).toEqual([
      ["postgresql", "spec.volumeClaimTemplates[0].spec.resources.requests.storage", "10Gi", "20Gi"],
    ]);
    expect(() => expectNoImmutableChanges(before, after)).toThrow(
      'StatefulSet "call-center/postgresql": spec.volumeClaimTemplates[0].spec.resources.requests.storage changes from "10Gi" to "20Gi"',
    );
  });
});
