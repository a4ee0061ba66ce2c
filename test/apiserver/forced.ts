// Forcing a refused mutation through: the builders refuse options with one known mutation, so the mutated object
// cannot be built. Instead the valid options are built, and the same change is made on the plain object where
// the mutated option landed. A change is placed where the object holds the option's old value under the
// same trailing field names (`containers[0].resources.limits.memory` → `spec.template.spec.containers[0]
// .resources.limits.memory`); an added key goes into the object map that holds all of the option map's entries.
// A change that cannot be placed that way (an option with no field of its own in the object) is not forced.
import { isDeepStrictEqual } from "node:util";
import { getAt, nodes, REMOVE, type Segment, setAt } from "../../packages/k8s-builders/test/fuzz/harness.ts";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export interface OptionChange {
  readonly path: Segment[];
  /** The option's value before, or REMOVE when the mutation added it. */
  readonly before: unknown;
  /** The option's value after, or REMOVE when the mutation removed it. */
  readonly after: unknown;
}

/** The places where two option trees differ (an added or removed key, a changed value). */
export function changes(a: unknown, b: unknown, at: Segment[] = []): OptionChange[] {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      changes(Object.hasOwn(a, k) ? a[k] : REMOVE, Object.hasOwn(b, k) ? b[k] : REMOVE, [...at, k]),
    );
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((v, i) => changes(v, b[i], [...at, i]));
  }
  return a === b || (a !== REMOVE && b !== REMOVE && isDeepStrictEqual(a, b))
    ? []
    : [{ path: at, before: a, after: b }];
}

/** Options written under another name in the object: the recommended labels. */
const ALIASES: Readonly<Record<string, string>> = {
  app: "app.kubernetes.io/name",
  instance: "app.kubernetes.io/instance",
  component: "app.kubernetes.io/component",
  partOf: "app.kubernetes.io/part-of",
  version: "app.kubernetes.io/version",
};

/** How many trailing segments of `objectPath` match `optionPath` (names equal; any index matches an index). */
function trailing(objectPath: readonly Segment[], optionPath: readonly Segment[]): number {
  let n = 0;
  while (n < objectPath.length && n < optionPath.length) {
    const o = objectPath[objectPath.length - 1 - n];
    const p = optionPath[optionPath.length - 1 - n];
    const same =
      typeof o === "number" ? typeof p === "number" : o === p || (n === 0 && o === ALIASES[String(p)]);
    if (!same) break;
    n++;
  }
  return n;
}

/** The best-matching object paths: most trailing names in common, at least one name. */
function best(candidates: { path: Segment[]; score: number }[]): Segment[][] {
  const named = candidates.filter((c) => c.score >= 1);
  const top = Math.max(0, ...named.map((c) => c.score));
  return named.filter((c) => c.score === top).map((c) => c.path);
}

/** Where in `object` the option change lands, or [] when it cannot be placed. */
export function locate(object: unknown, options: unknown, change: OptionChange): Segment[][] {
  const last = change.path[change.path.length - 1];
  if (typeof last !== "string") return [];
  if (change.before !== REMOVE) {
    return best(
      nodes(object)
        .filter((n) => isDeepStrictEqual(n.value, change.before))
        .map((n) => ({ path: n.path, score: trailing(n.path, change.path) })),
    );
  }
  const parentPath = change.path.slice(0, -1);
  const parent = getAt(options, parentPath);
  if (parentPath.length === 0 || !isRecord(parent) || Object.keys(parent).length === 0) return [];
  return best(
    nodes(object)
      .filter(
        (n) =>
          isRecord(n.value) &&
          !Object.hasOwn(n.value, last) &&
          Object.entries(parent).every(([k, v]) =>
            isDeepStrictEqual((n.value as Record<string, unknown>)[k], v),
          ),
      )
      .map((n) => ({ path: [...n.path, last], score: trailing(n.path, parentPath) })),
  );
}

/** The valid object with the mutation made on it, or undefined when some change cannot be placed. */
export function force(object: unknown, valid: unknown, mutated: unknown): unknown {
  const all = changes(valid, mutated);
  if (all.length === 0) return undefined;
  let out = object;
  for (const change of all) {
    const at = locate(object, valid, change);
    if (at.length === 0) return undefined;
    for (const path of at) out = setAt(out, path, change.after);
  }
  return isDeepStrictEqual(out, object) ? undefined : out;
}
