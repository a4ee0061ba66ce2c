import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { durationNs, MAX_DURATION_NS } from "../base/duration.ts";
import { DurationSchema } from "../index.ts";
import { durationMs } from "./duration.ts";
import { serviceMonitor } from "./service-monitor.ts";

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
    ["01s", 1_000],
    ["1y1w1d1h1m1s1ms", 31_536_000_000 + 604_800_000 + 86_400_000 + 3_600_000 + 60_000 + 1_000 + 1],
  ])("reads %s as %d ms", (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });

  it.each(["", "30", "1.5m", "m", "30 s", "-1s", "1m1h", "1s1m", "1ms1s", "1h1h", "1d1w", "1M", "1us", "0"])(
    "refuses %j (not Prometheus' grammar: units y w d h m s ms, largest first, each once)",
    (text) => {
      expect(durationMs(text)).toBeUndefined();
    },
  );
});

// Prometheus keeps a duration as int64 nanoseconds and refuses one that does not fit ("duration out of range").
describe("durations beyond int64 nanoseconds", () => {
  it("has 2^63-1 ns as its largest duration", () => {
    expect(MAX_DURATION_NS).toBe(9_223_372_036_854_775_807n);
  });

  it.each([
    ["292y", 292n * 365n * 86_400n * 1_000_000_000n],
    ["106751d23h47m16s854ms", 9_223_372_036_854_000_000n],
    ["9223372036854ms", 9_223_372_036_854_000_000n],
    ["2562047h", 2_562_047n * 3_600n * 1_000_000_000n],
    ["15250w", 15_250n * 604_800n * 1_000_000_000n],
    ["292y24w", (292n * 365n + 24n * 7n) * 86_400n * 1_000_000_000n],
  ])("accepts %s, the edge below (%d ns)", (text, ns) => {
    expect(durationNs(text)).toBe(ns);
    expect(DurationSchema.safeParse(text).success).toBe(true);
  });

  it.each([
    "300y",
    "293y",
    "10000000h",
    "106751d23h47m16s855ms",
    "9223372036855ms",
    "2562048h",
    "15251w",
    "99999999999999999999ms",
    "292y25w",
    `${"9".repeat(400)}s`,
  ])("refuses %s", (text) => {
    expect(durationNs(text)).toBeUndefined();
    expect(durationMs(text)).toBeUndefined();
    const r = DurationSchema.safeParse(text);
    expect(r.success).toBe(false);
  });

  it("says why an overlong duration is refused", () => {
    const r = DurationSchema.safeParse("300y");
    expect(r.error?.issues[0]?.message).toBe(
      '"300y" is longer than Prometheus allows (at most 292y, i.e. 106751d23h47m16s854ms)',
    );
  });

  it("is refused by a builder at the option's path", () => {
    expectIssue(
      () =>
        serviceMonitor({
          name: "m",
          selector: { app: "a" },
          endpoints: [{ port: "metrics", interval: "10000000h" }],
        }),
      "invalid_format",
      "endpoints[0].interval",
    );
  });
});
