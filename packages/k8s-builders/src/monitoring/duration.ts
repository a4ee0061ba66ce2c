/** Prometheus durations and byte sizes as numbers, for cross-field rules (timeout ≤ interval). */
import * as z from "zod/mini";
import { durationNs } from "../base/duration.ts";
import { inputText } from "../base/errors.ts";
import { primitive } from "../base/options.ts";

/**
 * Milliseconds of a Prometheus duration such as `1m30s`; undefined when it is not one (grammar and int64
 * bound: see `base/duration.ts`). Exact: the largest duration is 9,223,372,036,854 ms, below 2^53.
 */
export function durationMs(s: string): number | undefined {
  const ns = durationNs(s);
  return ns === undefined ? undefined : Number(ns / 1_000_000n);
}

/** A Prometheus byte size for `--storage.tsdb.retention.size`, e.g. `10GB` (units are powers of 1024). */
export const byteSize: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("byte size", () =>
  z.string().check(
    z.regex(/^[1-9]\d*(B|KB|MB|GB|TB|PB|EB)$/, {
      error: (i) => `"${inputText(i.input)}" is not a Prometheus byte size (e.g. 512MB, 10GB)`,
    }),
  ),
);
