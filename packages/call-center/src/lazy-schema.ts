/**
 * An exported schema built on first use: importing the package calls no zod function, since every one of them
 * (`z` of @call-center/k8s-builders) loads zod and the builders' base part on its first call. The schema is a
 * proxy of the one `build` returns, built on the first use of the proxy; parsing, composing, `instanceof` and
 * JSON Schema see that schema. Used for the two exported schemas only: inside the bundle, use the built schema
 * (no proxy in zod's hot paths).
 */
import { once } from "@call-center/k8s-builders";

export function lazySchema<S extends object>(build: () => S): S {
  const real = once(build);
  return new Proxy({} as S, {
    get: (_, key) => Reflect.get(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    has: (_, key) => Reflect.has(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    // Reported configurable: the proxy's own target (an empty object) has none of the properties.
    getOwnPropertyDescriptor: (_, key) => {
      const d = Reflect.getOwnPropertyDescriptor(real(), key);
      return d === undefined ? undefined : { ...d, configurable: true };
    },
    defineProperty: (_, key, d) => Reflect.defineProperty(real(), key, d),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}
