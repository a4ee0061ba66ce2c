import { describe, expect, it } from "vitest";
import { durationMs } from "./duration.ts";

describe("durationMs", () => {
  it.each([
    ["30s", 30_000],
    ["1m", 60_000],
    ["1m30s", 90_000],
    ["1h30m", 5_400_000],
    ["250ms", 250],
    ["1m5ms", 60_005],
    ["2d", 172_800_000],
    ["1w", 604_800_000],
    ["1y", 31_536_000_000],
    ["0s", 0],
  ])("reads %s as %d ms", (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(["", "30", "1.5m", "m", "30 s", "-1s"])("refuses %j", (text) => {
    expect(durationMs(text)).toBeUndefined();
  });
});
