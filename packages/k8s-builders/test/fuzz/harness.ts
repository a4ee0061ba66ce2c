// Property-based test harness for the builders.
//
// Every builder is fuzzed with three kinds of input:
//  - valid options (arbitraries in arbitraries.ts): the builder returns an object, the object passes the
//    official schema + unknown-field check (test/support/schema.ts) and the API-server rules of k8s-rules.ts,
//    building twice gives deep-equal objects with the same key order, and the options are left untouched;
//  - invalid options: a valid value with exactly one known mutation, which knows the path (and, where the code
//    is a stable rule code, the code) of the issue it must cause; the builder must throw a K8sBuilderError
//    with an issue at that path;
//  - junk (`fc.anything()` at the root or at any node of valid options): only a K8sBuilderError may be thrown;
//    a returned object must be valid as above.
//
// Runs per property: FUZZ_RUNS (default 200, so `npm test` stays fast); `npm run test:fuzz` uses 10,000.
// FUZZ_SEED replays a failure (fast-check prints the seed and path of every counterexample).
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { K8sBuilderError } from "../../src/base/errors.ts";

function envInt(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || (name === "FUZZ_RUNS" && n < 1)) {
    throw new Error(`${name} must be ${name === "FUZZ_RUNS" ? "a positive" : "an"} integer, got "${raw}"`);
  }
  return n;
}

/** Runs per property. */
export const RUNS: number = envInt("FUZZ_RUNS", 200) ?? 200;
/**
 * Runs per property of the composite stack builders (prometheus, grafana, monitoring): a run builds a
 * Deployment, Services, ConfigMaps, RBAC and YAML (5–10× a single builder), and every part is also fuzzed on
 * its own at RUNS. FUZZ_STACK_RUNS overrides; default RUNS / 5 (2,000 with FUZZ_RUNS=10000), at least 20.
 */
export const STACK_RUNS: number = envInt("FUZZ_STACK_RUNS", undefined) ?? Math.max(20, Math.ceil(RUNS / 5));
const SEED = envInt("FUZZ_SEED", undefined);

/** Vitest timeout of one property: generous (10,000 runs of a workload take about a minute on a busy machine). */
export const TIMEOUT: number = 60_000 + RUNS * 30;

/** fast-check parameters of every property (runs, optional seed). */
export function params<T>(runs: number = RUNS): fc.Parameters<T> {
  return { numRuns: runs, ...(SEED === undefined ? {} : { seed: SEED }) };
}

// ---------------------------------------------------------------------------------------------------------
// Paths: the same notation as K8sBuilderError issue paths, written independently of src/base/errors.ts.

export type Segment = string | number;

/** `["containers", 0, "env", "A B"]` → `containers[0].env["A B"]`. */
export function pathOf(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * Whether `segments` matches a dotted pattern where `*` is any one segment and a trailing `**` any rest:
 * `containers.*.env`, `volumes.*.**`.
 */
const compiled = new Map<string, string[]>();
export function matches(segments: readonly Segment[], pattern: string): boolean {
  let parts = compiled.get(pattern);
  if (parts === undefined) {
    parts = pattern.split(".");
    compiled.set(pattern, parts);
  }
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === "**") return true;
    if (i >= segments.length) return false;
    if (p !== "*" && p !== String(segments[i])) return false;
  }
  return parts.length === segments.length;
}

export const matchesAny = (segments: readonly Segment[], patterns: readonly string[]): boolean =>
  patterns.some((p) => matches(segments, p));

// ---------------------------------------------------------------------------------------------------------
// Plain-data trees: the options are JSON-like values built by the arbitraries.

type Tree = unknown;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep copy of plain data that keeps own `__proto__` keys as data (a JSON round trip would too). */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isRecord(v)) {
    const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, {
        value: clone(v[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out as T;
  }
  return v;
}

const walked = new WeakMap<object, { path: Segment[]; value: unknown }[]>();

/** Every node of a tree (root excluded), depth first, with its path. Memoized per tree: do not mutate it. */
export function nodes(tree: Tree): { path: Segment[]; value: unknown }[] {
  if (tree === null || typeof tree !== "object") return [];
  let out = walked.get(tree);
  if (out === undefined) {
    out = walk(tree, []);
    walked.set(tree, out);
  }
  return out;
}

function walk(tree: Tree, at: Segment[]): { path: Segment[]; value: unknown }[] {
  const out: { path: Segment[]; value: unknown }[] = [];
  const children: [Segment, unknown][] = Array.isArray(tree)
    ? tree.map((v, i): [Segment, unknown] => [i, v])
    : isRecord(tree)
      ? Object.keys(tree).map((k): [Segment, unknown] => [k, tree[k]])
      : [];
  for (const [k, v] of children) {
    const path = [...at, k];
    out.push({ path, value: v }, ...walk(v, path));
  }
  return out;
}

/** A copy of `tree` with the node at `path` replaced by `value`, or removed when `value` is `REMOVE`. */
export const REMOVE: unique symbol = Symbol("remove");
export function setAt<T>(tree: T, path: readonly Segment[], value: unknown): T {
  if (path.length === 0) return clone(value) as T;
  const root = clone(tree);
  let cur: unknown = root;
  path.slice(0, -1).forEach((seg, i) => {
    const parent = cur as Record<Segment, unknown>;
    if (parent[seg] === null || typeof parent[seg] !== "object")
      parent[seg] = typeof path[i + 1] === "number" ? [] : {};
    cur = parent[seg];
  });
  const last = path[path.length - 1] as Segment;
  if (value === REMOVE) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete (cur as Record<Segment, unknown>)[last];
  } else {
    Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** The value at `path`, or undefined. */
export function getAt(tree: Tree, path: readonly Segment[]): unknown {
  let cur: unknown = tree;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<Segment, unknown>)[seg] : undefined;
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------
// Subjects and their properties.

/** A builder under test: how to call it with one generated input, and how to judge what it returns. */
export interface Subject<I> {
  /** The `builder` name the K8sBuilderError must carry, e.g. `deployment`. */
  readonly builder: string;
  /** Calls the builder with a generated input (for derivations: the source object and the options). */
  readonly build: (input: I) => unknown;
  /** Schema problems of a built object (the official schema + unknown fields); empty when it is valid. */
  readonly schema: (built: object) => string[];
  /** Further rules valid options must satisfy (API-server rules), checked for valid options only. */
  readonly rules?: (built: object) => string[];
}

/** One invalid input: a valid one with exactly one mutation, and the issue that mutation must cause. */
export interface Mutant<I> {
  /** What was changed, for the counterexample report. */
  readonly mutation: string;
  readonly input: I;
  /** The issue path the error must contain (`issues[].path`). */
  readonly path: string;
  /** The issue code, when it is a stable rule code. */
  readonly code?: string;
}

class PropertyFailure extends Error {
  override readonly name = "PropertyFailure";
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))?.slice(0, 1500) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Builds once, returning what was thrown as a value. */
function attempt(run: () => unknown): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

function describeThrown(e: unknown): string {
  if (e instanceof Error)
    return `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 6).join("\n") ?? ""}`;
  return `a non-Error value ${show(e)}`;
}

/** The checks of a returned object: a plain object without schema problems (and without rule problems). */
function judge<I>(subject: Subject<I>, built: unknown, what: string, withRules: boolean): void {
  if (!isRecord(built)) throw new PropertyFailure(`${what}: expected an object, got ${show(built)}`);
  const problems = [...subject.schema(built), ...(withRules ? (subject.rules?.(built) ?? []) : [])];
  if (problems.length > 0) {
    throw new PropertyFailure(
      `${what}: the built object is invalid:\n  - ${problems.join("\n  - ")}\n${show(built)}`,
    );
  }
}

/** Valid input: an object, no problems, deterministic (deep-equal, same key order), input unchanged. */
export function checkValid<I>(subject: Subject<I>, input: I): void {
  const before = clone(input);
  const first = attempt(() => subject.build(input));
  if (!first.ok) {
    const e = first.error;
    throw new PropertyFailure(
      e instanceof K8sBuilderError
        ? `${subject.builder} refused valid options:\n${e.message}`
        : `${subject.builder} threw ${describeThrown(e)}`,
    );
  }
  judge(subject, first.value, subject.builder, true);
  const second = subject.build(input);
  if (!isDeepStrictEqual(first.value, second) || JSON.stringify(first.value) !== JSON.stringify(second)) {
    throw new PropertyFailure(
      `${subject.builder} is not deterministic:\n${show(first.value)}\n${show(second)}`,
    );
  }
  if (!isDeepStrictEqual(input, before)) {
    throw new PropertyFailure(
      `${subject.builder} changed its input:\nbefore ${show(before)}\nafter  ${show(input)}`,
    );
  }
}

/** The builder must throw a K8sBuilderError that names it and has an issue at the mutant's path (and code). */
export function checkInvalid<I>(subject: Subject<I>, m: Mutant<I>): void {
  const r = attempt(() => subject.build(m.input));
  const want = `${m.path === "" ? "(root)" : m.path}${m.code === undefined ? "" : ` (${m.code})`}`;
  if (r.ok) {
    throw new PropertyFailure(
      `${subject.builder} accepted options with one mutation (${m.mutation}); expected an issue at ${want}; built:\n${show(r.value)}`,
    );
  }
  const e = r.error;
  if (!(e instanceof K8sBuilderError)) {
    throw new PropertyFailure(`${subject.builder} threw ${describeThrown(e)} for mutation ${m.mutation}`);
  }
  if (e.code !== "INVALID_OPTIONS" || e.builder !== subject.builder || e.issues.length === 0) {
    throw new PropertyFailure(
      `malformed K8sBuilderError (code ${e.code}, builder ${e.builder}, ${e.issues.length} issues) for ${m.mutation}`,
    );
  }
  const hit = e.issues.some((i) => i.path === m.path && (m.code === undefined || i.code === m.code));
  if (!hit) {
    throw new PropertyFailure(
      `${subject.builder}: mutation ${m.mutation} should cause an issue at ${want}; got:\n${e.issues
        .map((i) => `  ${i.path === "" ? "(root)" : i.path} (${i.code}): ${i.message}`)
        .join("\n")}`,
    );
  }
}

/** Junk input: either a K8sBuilderError, or an object without schema problems. Never another exception. */
export function checkJunk<I>(subject: Subject<I>, input: I): void {
  const r = attempt(() => subject.build(input));
  if (!r.ok) {
    const e = r.error;
    if (!(e instanceof K8sBuilderError)) {
      throw new PropertyFailure(`${subject.builder} threw ${describeThrown(e)}`);
    }
    if (e.issues.length === 0 || typeof e.message !== "string") {
      throw new PropertyFailure(`${subject.builder} threw a K8sBuilderError without issues`);
    }
    return;
  }
  judge(subject, r.value, `${subject.builder} accepted junk`, false);
}

/** `fc.assert` of one check over an arbitrary, with the suite's parameters. */
export function holds<T>(arb: fc.Arbitrary<T>, check: (value: T) => void, runs: number = RUNS): void {
  fc.assert(
    fc.property(arb, (v) => {
      check(v);
    }),
    params<[T]>(runs),
  );
}

const JUNK = {
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
} as const;

/** Whether `v` holds an integer outside int32 anywhere (the builders accept them: BUG-29). */
export function hasHugeInt(v: unknown, depth = 0): boolean {
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) > 2_147_483_647;
  if (depth > 5 || v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => hasHugeInt(x, depth + 1));
  return Object.values(v).some((x) => hasHugeInt(x, depth + 1));
}

/**
 * Junk: any JSON-like or exotic JS value (boxed values, Maps, Sets, Dates, sparse and typed arrays, bigint…).
 * Null-prototype objects are left to `junkWithNullPrototypes` (they crash error messages: BUG-20), integers
 * beyond int32 to the BUG-29 property.
 */
export const junk: fc.Arbitrary<unknown> = fc.anything(JUNK).filter((v) => !hasHugeInt(v));
/** Junk that includes null-prototype objects. */
export const junkWithNullPrototypes: fc.Arbitrary<unknown> = fc.anything({
  ...JUNK,
  withNullPrototype: true,
});

/**
 * Valid input with the node at one random path (of `paths(input)`) replaced by junk: reaches the code behind
 * the first layer of validation, unlike junk at the root.
 */
export function junkAtNode<I>(
  valid: fc.Arbitrary<I>,
  paths: (input: I) => Segment[][] = (input) => nodes(input).map((n) => n.path),
  values: fc.Arbitrary<unknown> = junk,
): fc.Arbitrary<{ input: I; path: string }> {
  return valid.chain((input) => {
    const all = paths(input);
    if (all.length === 0) return fc.constant({ input, path: "(none)" });
    return fc
      .tuple(fc.nat(all.length - 1), values)
      .map(([i, j]) => ({ input: setAt(input, all[i] as Segment[], j), path: pathOf(all[i] as Segment[]) }));
  });
}
