import { describe, expect, it } from "vitest";
import { formatProblem } from "./formats.ts";

describe("formatProblem", () => {
  it.each([
    ["hostname", "api.example.com", true],
    ["hostname", "-bad.example", false],
    ["ipv4", "10.0.0.1", true],
    ["ipv4", "256.0.0.1", false],
    ["ipv4", "01.0.0.1", false],
    ["ipv6", "fd00::1", true],
    ["ipv6", "10.0.0.1", false],
    ["cidr", "10.0.0.0/8", true],
    ["cidr", "fd00::/64", true],
    ["cidr", "10.0.0.0/33", false],
    ["uuid", "123e4567-e89b-12d3-a456-426614174000", true],
    ["uuid4", "123e4567-e89b-12d3-a456-426614174000", false],
    ["byte", "aGVsbG8=", true],
    ["byte", "not base64!", false],
    ["byte", "aGVs\nbG8=", false],
    ["byte", "", false],
    ["date", "2024-02-29", true],
    ["date", "2023-02-29", false],
    ["date-time", "2025-01-31T12:00:00Z", true],
    ["datetime", "2025-01-31T25:00:00Z", false],
    ["duration", "1h30m", true],
    ["duration", "90 days", true],
    ["duration", "soon", false],
    ["mac", "01:23:45:67:89:ab", true],
    ["email", "a@b", true],
    ["uri", "https://example.com/x", true],
    ["uri", "example.com", false],
    ["int32", "whatever", true],
  ])("%s %j → valid %s", (format, value, valid) => {
    expect(formatProblem(format, value) === undefined).toBe(valid);
  });
});
