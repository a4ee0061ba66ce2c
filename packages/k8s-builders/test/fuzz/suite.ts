// The standard properties of one builder, registered as vitest tests.
import type fc from "fast-check";
import { formatPath } from "../../src/base/errors.ts";
import { objectIssues } from "../../src/kinds/object-checks.ts";
import { checksOf } from "../../src/patch.ts";
import { schemaProblems } from "../support/schema.ts";
import {
  checkInvalid,
  checkJunk,
  checkValid,
  holds,
  junk,
  junkAtNode,
  type Mutant,
  nodes,
  RUNS,
  type Segment,
  type Subject,
} from "./harness.ts";
import { apiServerProblems } from "./k8s-rules.ts";
import { type Mutator, mutants } from "./mutate.ts";

/**
 * How Kubernetes objects are judged: the official schema + unknown-field check, then the API-server rules and the
 * library's own checks of built objects (those a patched object must pass), which must accept whatever it builds.
 */
export const k8s = {
  schema: (o: object): string[] => schemaProblems(o),
  rules: (o: object): string[] => [
    ...apiServerProblems(o),
    ...objectIssues(o as Record<string, unknown>, checksOf((o as { kind?: unknown }).kind)).map(
      (i) => `library check: ${formatPath(i.path)}: ${i.message} (${i.code})`,
    ),
  ],
} as const;

export interface BuilderFuzz<I> {
  readonly subject: Subject<I>;
  /** Valid inputs. */
  readonly valid: fc.Arbitrary<I>;
  /** Mutations of a valid input, each refused with a known issue. */
  readonly mutators: readonly Mutator<I>[];
  /** Junk inputs, e.g. `fc.anything()` as the options (and, for derivations, as the source object). */
  readonly junk: readonly [label: string, arb: fc.Arbitrary<I>][];
  /** Paths of a valid input that junk may replace (default: every node). */
  readonly junkPaths?: (input: I) => Segment[][];
  /** Runs per property (default RUNS). */
  readonly runs?: number;
}

/** Every builder passed to `fuzz` in this process: test/apiserver sends samples of them to a real API server. */
export const fuzzed: BuilderFuzz<unknown>[] = [];
/** When true on globalThis, `fuzz` only collects (test/apiserver imports the fuzz files for their definitions). */
export const COLLECT_ONLY: unique symbol = Symbol.for("k8s-builders.fuzz.collect-only");

/** One property of a builder, as a test: `it.for(fuzz(…))("$name", (p) => p.run(), TIMEOUT)`. */
export interface FuzzProperty {
  readonly name: string;
  readonly run: () => void;
}

/**
 * The standard properties of one builder: valid, invalid (one mutation), junk, junk at a node. Each fuzz file
 * registers them with a literal `describe`/`it.for`, so that `vitest list` finds its tests without running it.
 * Collecting only (test/apiserver), it records the builder and returns no property.
 */
export function fuzz<I>(f: BuilderFuzz<I>): FuzzProperty[] {
  fuzzed.push(f as BuilderFuzz<unknown>);
  if ((globalThis as Record<symbol, unknown>)[COLLECT_ONLY] === true) return [];
  const runs = f.runs ?? RUNS;
  const at = ` (${f.subject.builder}, ${runs} runs)`;
  return [
    {
      name: `builds a schema-valid, API-server-valid, deterministic object from valid options, leaving them unchanged${at}`,
      run: () => holds(f.valid, (input) => checkValid(f.subject, input), runs),
    },
    {
      name: `refuses options with one known mutation with a K8sBuilderError at the mutation's path${at}`,
      run: () => holds(mutants(f.valid, f.mutators), (m: Mutant<I>) => checkInvalid(f.subject, m), runs),
    },
    ...f.junk.map(([label, arb]) => ({
      name: `throws only K8sBuilderError for junk ${label}${at}`,
      run: () => holds(arb, (input) => checkJunk(f.subject, input), runs),
    })),
    {
      name: `throws only K8sBuilderError (or builds a valid object) with junk at any node of valid options${at}`,
      run: () =>
        holds(
          junkAtNode(f.valid, f.junkPaths ?? ((i) => nodes(i).map((n) => n.path))),
          ({ input }) => checkJunk(f.subject, input),
          runs,
        ),
    },
  ];
}

/** Junk as the whole options object of a one-argument builder. */
export const junkOptions = <I>(): [string, fc.Arbitrary<I>] => [
  "options (fc.anything())",
  junk as fc.Arbitrary<I>,
];
