/**
 * Typed patches: the escape hatch for every field the options do not model. A patch is a deep partial of the built
 * object's own `kubernetes-types` type, merged after building:
 *
 * - objects merge by key, and `null` removes a field;
 * - lists of named items ({@link MERGE_KEYS}: containers, init containers, ports, volumes, volume mounts, env, …)
 *   merge item by item on their key: an item of the patch changes the item with the same key, or is appended;
 *   `{ name: "x", $patch: "delete" }` removes one;
 * - every other list is replaced.
 *
 * The merged object goes through the same checks as a built one (the caller passes them), and every problem is
 * reported at its path inside the patch.
 */
import * as z from "zod/mini";
import { formatPath, inputText, K8sBuilderError, type OptionIssue } from "./errors.ts";
import { type FieldMap, type FieldSpec, k8sFields, rootTypeOf } from "./k8s-fields.ts";
import { k8sDocs, option } from "./options.ts";
import { MERGE_KEYS, type MergeKeys, type Patch } from "./patch-types.ts";
import type { RuleIssue } from "./validate.ts";

type Json = Record<string, unknown>;
const isPlain = (v: unknown): v is Json => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** What a value of the merged object is, as far as the field map knows: an object type, a map, or unknown. */
type Ctx = { readonly type: string } | { readonly mapOf: string } | undefined;

function childCtx(spec: FieldSpec | undefined, fields: FieldMap): Ctx {
  if (spec === undefined || !(spec.type in fields)) return undefined;
  if (spec.map) return { mapOf: spec.type };
  return { type: spec.type };
}

/**
 * Where each node of the merged object came from in the patch: object path → its path in the patch, and whether
 * the patch wrote it whole (a value it set, an item it appended) rather than merged into it.
 */
export type PatchTrace = ReadonlyMap<
  string,
  { readonly at: readonly PropertyKey[]; readonly whole: boolean }
>;
const keyOf = (path: readonly PropertyKey[]): string => JSON.stringify(path.map(String));

interface Merge {
  readonly fields: FieldMap;
  readonly issues: RuleIssue[];
  readonly trace: Map<string, { readonly at: readonly PropertyKey[]; readonly whole: boolean }>;
  readonly seen: Set<object>;
}

/** A copy of a patch value as JSON data; anything else (a function, NaN, a cycle) is an issue. */
function copy(m: Merge, value: unknown, at: readonly PropertyKey[]): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    m.issues.push({ path: at, code: "invalid_value", message: `${value} is not a finite number` });
    return undefined;
  }
  if (typeof value === "object" && (Array.isArray(value) || isPlain(value))) {
    if (m.seen.has(value)) {
      m.issues.push({ path: at, code: "invalid_value", message: "the patch contains itself (a cycle)" });
      return undefined;
    }
    m.seen.add(value);
    try {
      if (Array.isArray(value)) return value.map((v, i) => copy(m, v, [...at, i]));
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === "__proto__") {
          m.issues.push({ path: [...at, k], code: "invalid_key", message: '"__proto__" is not a field' });
          continue;
        }
        if (v === undefined) continue;
        out[k] = copy(m, v, [...at, k]);
      }
      return out;
    } finally {
      m.seen.delete(value);
    }
  }
  m.issues.push({
    path: at,
    code: "invalid_type",
    message: `expected JSON data (an object, a list, a string, a number, a boolean or null), received ${
      value === undefined ? "undefined" : typeof value === "object" ? "an instance of a class" : typeof value
    }`,
  });
  return undefined;
}

function mergeObject(
  m: Merge,
  target: unknown,
  patch: Json,
  ctx: Ctx,
  objAt: readonly PropertyKey[],
  patchAt: readonly PropertyKey[],
): Json {
  m.trace.set(keyOf(objAt), { at: patchAt, whole: !isPlain(target) });
  if (m.seen.has(patch)) {
    m.issues.push({ path: patchAt, code: "invalid_value", message: "the patch contains itself (a cycle)" });
    return isPlain(target) ? target : {};
  }
  m.seen.add(patch);
  const out: Json = isPlain(target) ? { ...target } : {};
  const typeFields = ctx !== undefined && "type" in ctx ? m.fields[ctx.type] : undefined;
  for (const [key, value] of Object.entries(patch)) {
    const o = [...objAt, key];
    const p = [...patchAt, key];
    if (key === "__proto__") {
      m.issues.push({ path: p, code: "invalid_key", message: '"__proto__" is not a field' });
      continue;
    }
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      m.trace.set(keyOf(o), { at: p, whole: true });
      continue;
    }
    const spec = typeFields?.[key];
    const child: Ctx = ctx !== undefined && "mapOf" in ctx ? { type: ctx.mapOf } : childCtx(spec, m.fields);
    const mergeKey = Object.hasOwn(MERGE_KEYS, key) ? MERGE_KEYS[key as keyof MergeKeys] : undefined;
    const itemType = spec?.array === true ? spec.type : undefined;
    const keyed =
      mergeKey !== undefined &&
      (itemType !== undefined
        ? m.fields[itemType]?.[mergeKey] !== undefined
        : typeFields === undefined && Array.isArray(out[key]));
    if (Array.isArray(value) && keyed) {
      out[key] = mergeList(m, out[key], value, mergeKey, itemType, o, p);
    } else if (isPlain(value) && isPlain(out[key]) && !(spec?.type === "object")) {
      out[key] = mergeObject(m, out[key], value, child, o, p);
    } else {
      m.trace.set(keyOf(o), { at: p, whole: true });
      out[key] = copy(m, value, p);
    }
  }
  m.seen.delete(patch);
  return out;
}

function mergeList(
  m: Merge,
  target: unknown,
  patch: readonly unknown[],
  key: string,
  itemType: string | undefined,
  objAt: readonly PropertyKey[],
  patchAt: readonly PropertyKey[],
): unknown[] {
  m.trace.set(keyOf(objAt), { at: patchAt, whole: !Array.isArray(target) });
  const out = Array.isArray(target) ? [...target] : [];
  const idOf = (item: unknown): unknown => (isPlain(item) ? item[key] : undefined);
  const ctx: Ctx = itemType === undefined ? undefined : { type: itemType };
  // Removals first, so that the places of the merged and appended items are final.
  patch.forEach((item, i) => {
    if (!isPlain(item) || item.$patch === undefined) return;
    const at = [...patchAt, i];
    if (item.$patch !== "delete") {
      m.issues.push({
        path: [...at, "$patch"],
        code: "invalid_value",
        message: `expected "delete", received ${JSON.stringify(inputText(item.$patch))}`,
      });
      return;
    }
    const extra = Object.keys(item).filter((k) => k !== key && k !== "$patch");
    if (extra.length > 0) {
      m.issues.push({
        path: [...at, extra[0] as string],
        code: "conflicting_options",
        message: `an item with $patch: "delete" has only its ${key}`,
      });
    }
    const id = item[key];
    const j = out.findIndex((x) => idOf(x) === id);
    if (typeof id !== "string" || j === -1) {
      m.issues.push({
        path: [...at, key],
        code: "invalid_value",
        message: `there is no item with ${key} ${JSON.stringify(inputText(id))} to delete`,
      });
      return;
    }
    out.splice(j, 1);
  });
  const given = new Set<unknown>();
  patch.forEach((item, i) => {
    const at = [...patchAt, i];
    if (!isPlain(item)) {
      m.issues.push({
        path: at,
        code: "invalid_type",
        message: `expected an object with its ${key} (the items of this list merge by ${key}), received ${inputText(item)}`,
      });
      return;
    }
    if (item.$patch !== undefined) return;
    const id = item[key];
    if (typeof id !== "string") {
      m.issues.push({
        path: [...at, key],
        code: "required",
        message: `an item of this list needs its ${key}: items merge by ${key}`,
      });
      return;
    }
    // Two items with one key would silently merge into one: say so rather than guess which the caller meant.
    if (given.has(id)) {
      m.issues.push({
        path: [...at, key],
        code: "duplicate",
        message: `${key} ${JSON.stringify(id)} is given twice in this list of the patch (its items merge by ${key})`,
      });
      return;
    }
    given.add(id);
    const j = out.findIndex((x) => idOf(x) === id);
    const index = j === -1 ? out.length : j;
    out[index] = mergeObject(m, j === -1 ? undefined : out[j], item, ctx, [...objAt, index], at);
  });
  return out;
}

/** The result of merging a patch into an object. */
export interface Merged {
  readonly value: Json;
  /** Problems of the patch itself (not JSON, list items without their key), at their path in the patch. */
  readonly issues: readonly RuleIssue[];
  readonly trace: PatchTrace;
}

/** Merges `patch` into a copy of `target` (never changed). The field map says which lists merge by key. */
export function mergePatch(target: object, patch: unknown): Merged {
  const m: Merge = { fields: k8sFields(), issues: [], trace: new Map(), seen: new Set() };
  if (!isPlain(patch)) {
    return {
      value: { ...(target as Json) },
      issues: [
        { path: [], code: "invalid_type", message: `expected an object, received ${inputText(patch)}` },
      ],
      trace: m.trace,
    };
  }
  const t = target as Json;
  const root = rootTypeOf(t.apiVersion, t.kind);
  const value = mergeObject(m, target, patch, root === undefined ? undefined : { type: root }, [], []);
  return { value, issues: m.issues, trace: m.trace };
}

/**
 * Where a problem of the merged object lies in the patch: the patch path of its deepest ancestor that the patch
 * wrote or merged into, then the rest of its path. `exact` when that is the problem's own field in the patch's
 * terms; a problem at a field the patch did not touch (a mount whose volume the patch removed) is reported at the
 * nearest node the patch reached.
 */
export function patchPathOf(
  trace: PatchTrace,
  path: readonly PropertyKey[],
): { path: readonly PropertyKey[]; exact: boolean } {
  for (let n = path.length; n >= 0; n--) {
    const node = trace.get(keyOf(path.slice(0, n)));
    if (node === undefined) continue;
    // Below a node the patch wrote whole, the object's path is the patch's path.
    return { path: [...node.at, ...path.slice(n)], exact: n === path.length || node.whole };
  }
  return { path: [], exact: false };
}

/**
 * Merges a patch into a built object and checks the result with `check` (the same rules as a built object):
 * returns the patched object, or throws one {@link K8sBuilderError} of `builder` listing every problem at its
 * path inside the patch, under `at` (`["patch"]` for a builder's `patch` option, `[]` for `patch()`).
 */
export function applyPatch<T extends object>(
  builder: string,
  built: T,
  patch: unknown,
  at: readonly PropertyKey[],
  check: (patched: Json) => readonly RuleIssue[],
): T {
  let target: T;
  try {
    if (!isPlain(built)) throw new TypeError("not an object");
    target = structuredClone(built);
  } catch {
    throw new K8sBuilderError(builder, undefined, [
      { path: "", code: "invalid_type", message: "the object could not be read as plain data" },
    ]);
  }
  const merged = mergePatch(target, patch);
  const issues: OptionIssue[] = merged.issues.map((i) => ({
    path: formatPath([...at, ...i.path]),
    code: i.code,
    message: i.message,
  }));
  if (issues.length === 0) {
    const b = built as Json;
    for (const field of ["apiVersion", "kind"]) {
      if (merged.value[field] !== b[field]) {
        issues.push({
          path: formatPath([...at, field]),
          code: "invalid_value",
          message: `a patch cannot change the ${field} (${inputText(b[field])}): build the other kind instead`,
        });
      }
    }
  }
  if (issues.length === 0) {
    for (const i of check(merged.value)) {
      const where = patchPathOf(merged.trace, i.path);
      issues.push({
        path: formatPath([...at, ...where.path]),
        code: i.code,
        message: where.exact ? i.message : `${i.message} (in the patched object at ${formatPath(i.path)})`,
      });
    }
  }
  if (issues.length > 0) {
    const name = (built as { metadata?: { name?: unknown } }).metadata?.name;
    throw new K8sBuilderError(builder, typeof name === "string" ? name : undefined, dedupe(issues));
  }
  return merged.value as T;
}

function dedupe(issues: readonly OptionIssue[]): OptionIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.code}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The `patch` option of a builder whose objects are `T`s. */
export function patchShape<T>() {
  return {
    /**
     * A deep partial of the built object, merged after building and checked like it: for the fields the options
     * do not model (docs/patches.md).
     * @default unset (none)
     */
    patch: option(
      z.custom<Patch<T>>(isPlain, {
        error: "expected an object: a partial of the built object (docs/patches.md)",
      }),
      {
        description:
          "A deep partial of the built object, merged after building and checked like it: for the fields the options do not model (docs/patches.md).",
        unset: "none",
        k8s: k8sDocs("tasks/manage-kubernetes-objects/update-api-object-kubectl-patch"),
      },
    ),
  };
}
