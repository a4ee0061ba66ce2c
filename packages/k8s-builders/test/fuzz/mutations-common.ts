// Mutations shared by builders: bad values at existing fields, metadata mutations, and the pod mutations of
// deployment and statefulSet. Each knows the issue path it must cause (and the code when it is a rule code).
import fc from "fast-check";
import { getAt, matchesAny, nodes, type Segment } from "./harness.ts";
import { type Lens, type Mutator, setField } from "./mutate.ts";

/** Replaces an existing node matching one of `patterns` with one of `values`; the issue is at that node. */
export function badValue<I>(
  lens: Lens<I>,
  mutation: string,
  patterns: readonly string[],
  values: readonly unknown[],
  code?: string,
): Mutator<I> {
  return (input) => {
    const targets = nodes(lens.get(input)).filter((n) => matchesAny(n.path, patterns));
    if (targets.length === 0) return undefined;
    return setField(
      lens,
      mutation,
      () =>
        fc
          .tuple(fc.constantFrom(...targets), fc.constantFrom(...values))
          .map(([t, value]) => ({ path: t.path, value })),
      code,
    )(input);
  };
}

/** Sets a top-level (or fixed-path) field to one of `values`, whether or not it exists. */
export function setValue<I>(
  lens: Lens<I>,
  mutation: string,
  path: readonly Segment[],
  values: readonly unknown[],
  code?: string,
): Mutator<I> {
  return setField(
    lens,
    mutation,
    () => fc.constantFrom(...values).map((value) => ({ path: [...path], value })),
    code,
  );
}

export const BAD_LABEL_NAMES = ["", "UPPER", "-lead", "trail-", "a_b", "a b", "a".repeat(64), "ü", "a/b"];
export const BAD_SUBDOMAINS = [
  "",
  "UPPER",
  "-lead",
  "trail-",
  "a_b",
  "a..b",
  ".a",
  "a.",
  "a b",
  "a".repeat(254),
  "ü",
];
const BAD_LABEL_KEYS = ["-x", "x-", "a/b/c", "x/", "/x", "a".repeat(64), "Example.com/x", "a b", "ü"];
const BAD_LABEL_VALUES = ["-x", "x-", "a b", "a".repeat(64), "ü", "a/b", ".x"];

/** Mutations of the metadata options (metaShape). `nameValues`: invalid names for this kind. */
export function metaMutations<I>(
  lens: Lens<I>,
  opts: {
    name?: readonly unknown[];
    namespace?: boolean;
    labels?: boolean;
    annotations?: boolean;
    recommended?: boolean;
  },
): Mutator<I>[] {
  const out: Mutator<I>[] = [];
  if (opts.name) out.push(setValue(lens, "bad name", ["name"], opts.name));
  if (opts.namespace !== false) out.push(setValue(lens, "bad namespace", ["namespace"], BAD_SUBDOMAINS));
  if (opts.labels !== false) {
    out.push(
      setField(lens, "bad label key", (o) =>
        fc.constantFrom(...BAD_LABEL_KEYS).map((k) => ({
          path: ["labels"],
          value: { ...(getAt(o, ["labels"]) as object | undefined), [k]: "v" },
          issuePath: ["labels", k],
        })),
      ),
      setField(lens, "bad label value", (o) =>
        fc.constantFrom(...BAD_LABEL_VALUES).map((v) => ({
          path: ["labels"],
          value: { ...(getAt(o, ["labels"]) as object | undefined), team: v },
          issuePath: ["labels", "team"],
        })),
      ),
    );
  }
  if (opts.annotations !== false) {
    out.push(
      setField(lens, "bad annotation key", (o) =>
        fc.constantFrom(...BAD_LABEL_KEYS).map((k) => ({
          path: ["annotations"],
          value: { ...(getAt(o, ["annotations"]) as object | undefined), [k]: "v" },
          issuePath: ["annotations", k],
        })),
      ),
    );
  }
  if (opts.recommended !== false) {
    for (const field of ["app", "instance", "component", "partOf", "version"]) {
      out.push(setValue(lens, `bad ${field} label value`, [field], BAD_LABEL_VALUES));
    }
  }
  return out;
}

/** Record and union nodes of metadata options, for shapes. */
export const META_RECORDS = ["labels", "annotations"];
