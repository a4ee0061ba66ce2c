// Fuzzing Prometheus durations: the grammar of Prometheus' model.ParseDuration (units y w d h m s ms, largest
// first, each at most once, digits only) and its int64-nanosecond bound. The model below is written from that
// grammar, independently of src/base/duration.ts; the builders must agree with it at every boundary.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationNs } from "../../src/base/duration.ts";
import { K8sBuilderError } from "../../src/base/errors.ts";
import { DurationSchema, serviceMonitor } from "../../src/index.ts";
import { durationMs } from "../../src/monitoring/duration.ts";
import { holds, TIMEOUT } from "./harness.ts";

const NS_PER_MS = 1_000_000n;
const UNITS: readonly (readonly [string, bigint])[] = [
  ["y", 365n * 86_400_000n * NS_PER_MS],
  ["w", 7n * 86_400_000n * NS_PER_MS],
  ["d", 86_400_000n * NS_PER_MS],
  ["h", 3_600_000n * NS_PER_MS],
  ["m", 60_000n * NS_PER_MS],
  ["s", 1_000n * NS_PER_MS],
  ["ms", NS_PER_MS],
];
const INT64_MAX = 9_223_372_036_854_775_807n;

interface Part {
  readonly unit: number;
  readonly value: bigint;
  readonly zeros: number;
}
interface Generated {
  readonly text: string;
  /** Nanoseconds by the model; undefined when the text is outside the grammar. */
  readonly ns: bigint | undefined;
}

/** A count of one unit: small, around the int64 bound for that unit alone, or absurdly long. */
const count = (unit: number): fc.Arbitrary<bigint> => {
  const per = UNITS[unit]?.[1] ?? 1n;
  const edge = INT64_MAX / per;
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: 0n, max: 1000n }) },
    { weight: 2, arbitrary: fc.bigInt({ min: edge - 3n, max: edge + 3n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: edge * 2n }) },
    { weight: 1, arbitrary: fc.bigInt({ min: 10n ** 18n, max: 10n ** 40n }) },
  );
};

const part = (unit: number): fc.Arbitrary<Part> =>
  fc.record({ unit: fc.constant(unit), value: count(unit), zeros: fc.nat({ max: 2 }) });
const write = (parts: readonly Part[]): string =>
  parts.map((p) => `${"0".repeat(p.zeros)}${p.value}${UNITS[p.unit]?.[0]}`).join("");
const total = (parts: readonly Part[]): bigint =>
  parts.reduce((sum, p) => sum + p.value * (UNITS[p.unit]?.[1] ?? 0n), 0n);

/** Texts in the grammar (units in order, each once), with their nanoseconds by the model. */
const inGrammar: fc.Arbitrary<Generated> = fc
  .subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 })
  .chain((units) => fc.tuple(...units.map(part)))
  .map((parts) => ({ text: write(parts), ns: total(parts) }));

/** Texts outside the grammar: units out of order or repeated, signs, fractions, spaces, unknown units. */
const outOfGrammar: fc.Arbitrary<Generated> = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
    .filter(([a, b]) => a >= b)
    .chain(([a, b]) => fc.tuple(part(a), part(b)))
    .map((parts) => ({ text: write(parts), ns: undefined })),
  fc
    .tuple(
      inGrammar,
      fc.constantFrom("-", "+", " ", ".5", "1.", "µs", "us", "ns", "M", "Y", "D", "H", "S", "0x"),
    )
    .chain(([g, junk]) =>
      fc
        .nat({ max: g.text.length })
        .map((at) => ({ text: `${g.text.slice(0, at)}${junk}${g.text.slice(at)}`, ns: undefined })),
    ),
  fc.constantFrom("", "0", "s", "ms", "1", "1e3s").map((text) => ({ text, ns: undefined })),
);

const anyDuration = fc.oneof(inGrammar, outOfGrammar);

describe("Prometheus durations (fuzz)", () => {
  it(
    "durationNs agrees with the grammar and the int64 bound",
    () =>
      holds(anyDuration, ({ text, ns }) => {
        const want = ns !== undefined && ns <= INT64_MAX ? ns : undefined;
        expect(durationNs(text)).toBe(want);
        expect(durationMs(text)).toBe(want === undefined ? undefined : Number(want / NS_PER_MS));
      }),
    TIMEOUT,
  );

  it(
    "DurationSchema accepts exactly the durations that fit, and says which rule a refused one broke",
    () =>
      holds(anyDuration, ({ text, ns }) => {
        const r = DurationSchema.safeParse(text);
        expect(r.success).toBe(ns !== undefined && ns <= INT64_MAX);
        if (!r.success && ns !== undefined) {
          expect(r.error.issues[0]?.message).toContain("longer than Prometheus allows");
        }
      }),
    TIMEOUT,
  );

  it(
    "serviceMonitor builds with a duration that fits and refuses any other at the interval's path",
    () =>
      holds(anyDuration, ({ text, ns }) => {
        const build = () =>
          serviceMonitor({
            name: "m",
            selector: { "app.kubernetes.io/name": "a" },
            endpoints: [{ port: "metrics", interval: text }],
          });
        if (ns !== undefined && ns > 0n && ns <= INT64_MAX) {
          expect(build().spec.endpoints[0]?.interval).toBe(text);
          return;
        }
        let error: unknown;
        try {
          build();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(K8sBuilderError);
        expect((error as K8sBuilderError).issues.map((i) => i.path)).toEqual(["endpoints[0].interval"]);
      }),
    TIMEOUT,
  );
});
