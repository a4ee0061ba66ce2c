import { describe, expect, it } from "vitest";
import { build } from "../../test/support/deployment.ts";

describe("deployment: the rollout", () => {
  it("replaces every pod at once with strategy Recreate", () => {
    expect(build({ strategy: "Recreate" }).spec?.strategy).toEqual({ type: "Recreate" });
  });

  it("keeps the rolling update and its numbers by default", () => {
    expect(build().spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
  });

  it("writes the progress deadline", () => {
    expect(build({ progressDeadlineSeconds: 900, minReadySeconds: 10 }).spec).toMatchObject({
      progressDeadlineSeconds: 900,
      minReadySeconds: 10,
    });
  });
});
