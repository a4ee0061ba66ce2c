// Mutations of valid options that must each be refused with an issue at a known path.
//
// The generic ones walk the generated options, so they reach every field a generator produces:
//  - unknown key: a key added to any strict object → `unknown_option` at `<object>.<key>`;
//  - wrong type: any leaf replaced by a value of another JSON type → an issue at the leaf;
//  - missing required field: a required field deleted → `required` at the field.
// A builder describes its options with a Shape: which nodes are records (any key allowed), which are union
// values (object branches of a union: issues inside them are reported at the bad field since BUG-01 was fixed; its property in regressions.fuzz.test.ts), which fields are required.
import fc from "fast-check";
import { getAt, type Mutant, matchesAny, nodes, pathOf, REMOVE, type Segment, setAt } from "./harness.ts";

export interface Shape {
  /** Nodes whose keys are free (labels, data, env…): unknown-key mutations skip them. */
  readonly records: readonly string[];
  /** Nodes that hold a union with object branches (`antiAffinity`, env values…). */
  readonly unions: readonly string[];
  /** Required fields (`containers.*.image`…). */
  readonly required: readonly string[];
  /** Nodes that no generic mutation touches (e.g. objects built by other builders). */
  readonly opaque?: readonly string[];
  /** Required enum or object-typed (`z.custom`) fields: their absence is reported as `invalid_value`, not `required` (BUG-28). */
  readonly enums?: readonly string[];
}

/** Where the options are inside a subject's input (derivations take `{ source, options }`). */
export interface Lens<I> {
  readonly get: (input: I) => unknown;
  readonly set: (input: I, options: unknown) => I;
}
export const identity: Lens<unknown> = { get: (i) => i, set: (_i, o) => o };
export const optionsOf: Lens<{ source: unknown; options: unknown }> = {
  get: (i) => i.options,
  set: (i, options) => ({ ...i, options }),
};

export type Mutator<I> = (input: I) => fc.Arbitrary<Mutant<I>> | undefined;

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Strictly inside one of `patterns` (not the node itself). */
const inside = (path: readonly Segment[], patterns: readonly string[]) =>
  matchesAny(
    path,
    patterns.map((p) => `${p}.*.**`),
  );

function pick<I>(
  candidates: { path: Segment[]; value: unknown }[],
  make: (c: { path: Segment[]; value: unknown }) => fc.Arbitrary<Mutant<I>>,
): fc.Arbitrary<Mutant<I>> | undefined {
  return candidates.length === 0 ? undefined : fc.constantFrom(...candidates).chain(make);
}

/** An unknown key in a strict object (the root or any non-record object node). */
export function unknownKey<I>(shape: Shape, lens: Lens<I>): Mutator<I> {
  return (input) => {
    const options = lens.get(input);
    const objects = [{ path: [] as Segment[], value: options }, ...nodes(options)].filter(
      (n) =>
        isPlain(n.value) &&
        !matchesAny(n.path, shape.records) &&
        !matchesAny(n.path, shape.opaque ?? []) &&
        !inside(n.path, shape.opaque ?? []),
    );
    return pick(objects, (n) =>
      fc
        .tuple(
          fc.constantFrom("typo", "replicaz", "Name", "extra_field", "constructor", "toString", "__proto__"),
          fc.constantFrom(1, "x", true),
        )
        .filter(([k]) => !Object.hasOwn(n.value as object, k))
        .map(([key, value]) => ({
          mutation: `unknown key ${JSON.stringify(key)} at ${pathOf(n.path) || "(root)"}`,
          input: lens.set(input, setAt(options, [...n.path, key], value)),
          path: pathOf([...n.path, key]),
          code: "unknown_option",
        })),
    );
  };
}

/** Values of another JSON type than the leaf's (never one the leaf's union could accept). */
function wrongValues(v: unknown): unknown[] {
  if (typeof v === "string") return [true, null, {}, []];
  if (typeof v === "number") return [true, null, {}, [], Number.NaN];
  return ["true", 1, null, []];
}

const leafCandidates = (options: unknown, shape: Shape) =>
  nodes(options).filter(
    (n) =>
      (typeof n.value === "string" || typeof n.value === "number" || typeof n.value === "boolean") &&
      !matchesAny(n.path, shape.opaque ?? []) &&
      !inside(n.path, shape.opaque ?? []),
  );

/**
 * A leaf replaced by a value of another type. Leaves strictly inside a union value are left to
 * `wrongTypeInUnion` (BUG-01, in regressions.fuzz.test.ts: such an issue is reported at the leaf).
 */
export function wrongType<I>(shape: Shape, lens: Lens<I>, inUnion = false): Mutator<I> {
  return (input) => {
    const options = lens.get(input);
    const leaves = leafCandidates(options, shape).filter((n) => inside(n.path, shape.unions) === inUnion);
    return pick(leaves, (n) =>
      fc.constantFrom(...wrongValues(n.value)).map((bad) => ({
        mutation: `${pathOf(n.path)}: ${JSON.stringify(n.value)} → ${Number.isNaN(bad) ? "NaN" : JSON.stringify(bad)}`,
        input: lens.set(input, setAt(options, n.path, bad)),
        path: pathOf(n.path),
      })),
    );
  };
}

/**
 * A required field removed: `required` at the field. Fields strictly inside a union value are BUG-01's property (see
 * wrongType); for enum fields the code is only checked with `strictEnums` (BUG-28).
 */
export function missingRequired<I>(
  shape: Shape,
  lens: Lens<I>,
  inUnion = false,
  strictEnums = false,
): Mutator<I> {
  return (input) => {
    const options = lens.get(input);
    const fields = nodes(options).filter(
      (n) =>
        typeof n.path[n.path.length - 1] === "string" &&
        matchesAny(n.path, shape.required) &&
        inside(n.path, shape.unions) === inUnion,
    );
    const candidates = strictEnums ? fields.filter((n) => matchesAny(n.path, shape.enums ?? [])) : fields;
    return pick(candidates, (n) =>
      fc.constant({
        mutation: `${pathOf(n.path)} removed`,
        input: lens.set(input, setAt(options, n.path, REMOVE)),
        path: pathOf(n.path),
        ...(strictEnums || !matchesAny(n.path, shape.enums ?? []) ? { code: "required" } : {}),
      }),
    );
  };
}

/** Where a mutation writes `value`, and where the issue is (default: `path`). */
export interface Target {
  readonly path: Segment[];
  readonly value: unknown;
  readonly issuePath?: Segment[];
}

/** A mutation at a computed place: `at(options)` gives the targets, or undefined when it does not apply. */
export function setField<I>(
  lens: Lens<I>,
  mutation: string,
  at: (options: unknown) => fc.Arbitrary<Target> | undefined,
  code?: string,
): Mutator<I> {
  return (input) => {
    const options = lens.get(input);
    return at(options)?.map(({ path, value, issuePath }) => ({
      mutation: `${mutation}: ${pathOf(path) || "(root)"} = ${JSON.stringify(value)?.slice(0, 200)}`,
      input: lens.set(input, setAt(options, path, value)),
      path: pathOf(issuePath ?? path),
      ...(code === undefined ? {} : { code }),
    }));
  };
}

/**
 * One mutation of a valid input: a mutator chosen at random (the next applicable one when it does not apply),
 * evaluated lazily so that a run costs one mutation, not all of them.
 */
export function mutants<I>(valid: fc.Arbitrary<I>, mutators: readonly Mutator<I>[]): fc.Arbitrary<Mutant<I>> {
  return valid.chain((input) =>
    fc.nat(mutators.length - 1).chain((start) => {
      for (let k = 0; k < mutators.length; k++) {
        const arb = mutators[(start + k) % mutators.length]?.(input);
        if (arb !== undefined) return arb;
      }
      throw new Error("no mutation applies to a generated input");
    }),
  );
}

/** Indices of a list at `path` in the options (for mutations that pick an element). */
export function indicesAt(options: unknown, path: readonly Segment[]): number[] {
  const v = getAt(options, path);
  return Array.isArray(v) ? v.map((_x, i) => i) : [];
}
