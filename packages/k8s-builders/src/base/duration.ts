/**
 * Prometheus durations (`30s`, `1h30m`, `15d`): the grammar of Prometheus' `model.ParseDuration`. Units are
 * y (365d), w (7d), d (24h), h, m, s and ms, each at most once and largest first (`1m1h` is refused: it reads
 * as a month), digits only. The value is int64 nanoseconds there, so anything above 2^63-1 ns (about 292
 * years) is "duration out of range". `0` without a unit, which Prometheus also takes, is not accepted here:
 * write `0s`.
 */

/** Largest duration Prometheus can hold: 2^63-1 nanoseconds (Go's `time.Duration`). */
export const MAX_DURATION_NS = 2n ** 63n - 1n;

const MS_PER_UNIT = [
  365n * 24n * 3600n * 1000n,
  7n * 24n * 3600n * 1000n,
  24n * 3600n * 1000n,
  3600n * 1000n,
  60n * 1000n,
  1000n,
  1n,
] as const;

/** One group per unit, in `MS_PER_UNIT`'s order. */
export const DURATION_PATTERN =
  /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Nanoseconds of a duration of Prometheus' grammar, ignoring the int64 bound; undefined when it is not one. */
function unboundedNs(s: string): bigint | undefined {
  if (s === "") return undefined;
  const m = DURATION_PATTERN.exec(s);
  if (m === null) return undefined;
  let ms = 0n;
  MS_PER_UNIT.forEach((per, i) => {
    const digits = m[i + 1];
    if (digits !== undefined) ms += BigInt(digits) * per;
  });
  return ms * 1_000_000n;
}

/** Nanoseconds of a Prometheus duration; undefined when it is not one or does not fit int64 nanoseconds. */
export function durationNs(s: string): bigint | undefined {
  const ns = unboundedNs(s);
  return ns !== undefined && ns <= MAX_DURATION_NS ? ns : undefined;
}

/** Why `s` is not a Prometheus duration (a message for people), or undefined when it is one. */
export function durationProblem(s: string): string | undefined {
  const ns = unboundedNs(s);
  if (ns === undefined) {
    return `"${s}" is not a duration (e.g. 30s, 1m, 1h30m: units y w d h m s ms, largest first)`;
  }
  if (ns > MAX_DURATION_NS) {
    return `"${s}" is longer than Prometheus allows (at most 292y, i.e. 106751d23h47m16s854ms)`;
  }
  return undefined;
}
