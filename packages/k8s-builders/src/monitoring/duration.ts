/** Prometheus durations and byte sizes as numbers, for cross-field rules (timeout ≤ interval). */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";

const UNIT_MS: Record<string, number> = {
  y: 365 * 24 * 3600 * 1000,
  w: 7 * 24 * 3600 * 1000,
  d: 24 * 3600 * 1000,
  h: 3600 * 1000,
  m: 60 * 1000,
  s: 1000,
  ms: 1,
};

/** Milliseconds of a Prometheus duration such as `1m30s`; undefined when it is not one. */
export function durationMs(s: string): number | undefined {
  if (!/^(\d+(y|w|d|h|ms|m|s))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? ""] ?? 0);
  return total;
}

/** A Prometheus byte size for `--storage.tsdb.retention.size`, e.g. `10GB` (units are powers of 1024). */
export const byteSize: z.ZodMiniString<string> = z.string().check(
  z.regex(/^[1-9]\d*(B|KB|MB|GB|TB|PB|EB)$/, {
    error: (i) => `"${inputText(i.input)}" is not a Prometheus byte size (e.g. 512MB, 10GB)`,
  }),
);
