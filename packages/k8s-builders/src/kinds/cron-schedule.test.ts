import { describe, expect, it } from "vitest";
import { scheduleProblem, timeZoneProblem } from "./cron-schedule.ts";

describe("scheduleProblem (robfig/cron ParseStandard, as the API server reads a schedule)", () => {
  it.each([
    "*/15 * * * *",
    "0 3 * * *",
    "0 3 * * mon-fri",
    "0 0 1 jan,jul *",
    "5/10 * * * ?",
    "0-30/5 8-18 1-31 1-12 0-6",
    "  0 3 * * *  ",
    "*-5 * * * *",
    "+5 * * * *",
    "@hourly",
    "@daily",
    "@midnight",
    "@weekly",
    "@monthly",
    "@yearly",
    "@annually",
    "@every 1h30m",
    "@every 90s",
  ])("takes %j", (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ["", "empty spec string"],
    ["0 3 * *", "expected exactly 5 fields, found 4: 0 3 * *"],
    ["0 0 3 * * *", "expected exactly 5 fields, found 6: 0 0 3 * * *"],
    ["60 * * * *", "end of range (60) above maximum (59): 60 (minute)"],
    ["0 24 * * *", "end of range (24) above maximum (23): 24 (hour)"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0 (day of month)"],
    ["0 0 * 13 *", "end of range (13) above maximum (12): 13 (month)"],
    ["0 0 * * 7", "end of range (7) above maximum (6): 7 (day of week)"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1 (minute)"],
    ["*/0 * * * *", "step of range should be a positive number: */0 (minute)"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3 (minute)"],
    ["1/2/3 * * * *", "too many slashes: 1/2/3 (minute)"],
    ["1,,2 * * * *", '"" is not a number (minute)'],
    ["0 0 * * monday", '"monday" is not a number (day of week)'],
    ["@Daily", "unrecognized descriptor: @Daily"],
    ["@reboot", "unrecognized descriptor: @reboot"],
    ["@every 5 minutes", 'failed to parse duration @every 5 minutes: "5 minutes" is not a Go duration'],
    ["TZ=Europe/Paris 0 3 * * *", "cannot use TZ or CRON_TZ in schedule, use the timeZone option instead"],
    ["CRON_TZ=UTC 0 3 * * *", "cannot use TZ or CRON_TZ in schedule, use the timeZone option instead"],
  ])("refuses %j", (schedule, problem) => {
    expect(scheduleProblem(schedule)).toBe(problem);
  });
});

describe("timeZoneProblem (validateTimeZone)", () => {
  it.each([
    "UTC",
    "Etc/UTC",
    "Europe/Paris",
    "America/New_York",
    "America/Port-au-Prince",
    "Etc/GMT+2",
    "US/Eastern",
    // Three-letter names that tzdata has (Go loads them), beside the Java ones it does not.
    "EST",
    "MST",
    "HST",
    "CET",
  ])("takes %j", (tz) => {
    expect(timeZoneProblem(tz)).toBeUndefined();
  });

  it.each([
    ["", "expected a time zone name"],
    ["Local", "explicit time zone"],
    ["local", "explicit time zone"],
    ["Mars/Olympus", "unknown time zone"],
    ["europe/paris", 'did you mean "Europe/Paris"'],
    ["Europe/../Paris", "not an IANA time zone name"],
    ["-Europe", "not an IANA time zone name"],
    ["Europe/Paris Time", "not an IANA time zone name"],
    ["America/Argentina_Buenos_Aires", "not an IANA time zone name"],
    // Intl takes these; Go's zoneinfo has none of them, and the API server refuses them.
    ["PST", "not in the IANA database"],
    ["IST", "not in the IANA database"],
    ["SystemV/EST5EDT", "not in the IANA database"],
    ["US/Pacific-New", "not in the IANA database"],
  ])("refuses %j", (tz, problem) => {
    expect(timeZoneProblem(tz)).toContain(problem);
  });
});
