import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { webContainer } from "../../test/support/fixtures.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { deployment } from "./deployment.ts";
import { type PdbOptions, pdb, pdbFor } from "./pdb.ts";

const selector = { "app.kubernetes.io/name": "app", "app.kubernetes.io/instance": "app" };

describe("pdb", () => {
  it("writes minAvailable or maxUnavailable with the selector", () => {
    const p = pdb({ name: "app", selector, minAvailable: 1 });
    assertSchemaValid(p);
    expect(p.apiVersion).toBe("policy/v1");
    expect(p.spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: selector },
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    });
    expect(pdb({ name: "app", selector, maxUnavailable: "50%" }).spec?.maxUnavailable).toBe("50%");
  });

  it.each([
    {
      options: { name: "a", selector, minAvailable: 1, maxUnavailable: 1 },
      code: "exactly_one",
      path: "minAvailable",
    },
    { options: { name: "a", selector }, code: "exactly_one", path: "minAvailable" },
    { options: { name: "a", selector, maxUnavailable: 0 }, code: "blocks_drains", path: "maxUnavailable" },
    { options: { name: "a", selector, minAvailable: "150%" }, code: "invalid_format", path: "minAvailable" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => pdb(options as PdbOptions), code, path);
  });

  it("quotes both fields when both are set", () => {
    expect(
      builderError(() => pdb({ name: "a", selector, minAvailable: 1, maxUnavailable: 1 })).issues[0]?.message,
    ).toContain("minAvailable (1) and maxUnavailable (1)");
  });
});

describe("pdbFor", () => {
  const app = deployment({ name: "app", namespace: "ns", replicas: 2, containers: [webContainer] });

  it("selects exactly the workload's pods and allows one disruption by default", () => {
    const p = pdbFor(app);
    assertSchemaValid(p);
    expect(p.metadata).toMatchObject({ name: "app", namespace: "ns", labels: app.metadata?.labels });
    expect(p.spec).toMatchObject({ maxUnavailable: 1, selector: app.spec?.selector });
  });

  it("accepts minAvailable below the workload's replicas", () => {
    expect(pdbFor(app, { minAvailable: 1 }).spec?.minAvailable).toBe(1);
  });

  it("refuses minAvailable not below replicas, quoting both", () => {
    const err = builderError(() => pdbFor(app, { minAvailable: 2 }));
    expect(err.issues[0]).toMatchObject({ code: "blocks_drains", path: "minAvailable" });
    expect(err.issues[0]?.message).toBe(
      "minAvailable (2) is not below the workload's replicas (2): no pod could ever be evicted",
    );
  });
});
