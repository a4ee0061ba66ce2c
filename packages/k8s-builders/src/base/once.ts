/**
 * `once`, in a module that imports nothing: compositions call it at import (`const schema = once(() => …)`),
 * and the built entry keeps such a module instead of loading a part for it (lazy-facades.ts).
 */

/** A value built on first use and kept: a shared schema (`const containerSchema = once(() => …)`). */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
