/** Helpers for writing only the fields a caller set (no `undefined`, no `null` in manifests). */

/** `T` with `undefined` removed from every property type; optional properties stay optional. */
export type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };

/** A copy of `o` without its undefined properties. */
export function compact<T extends object>(o: T): Defined<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Defined<T>;
}
