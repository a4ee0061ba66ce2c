/**
 * An exported schema built on first use: importing the package calls no zod function, since every one of them
 * (`z` of @call-center/k8s-builders) loads zod and the builders' base part on its first call. The schema is a
 * proxy of the one `build` returns, built on the first use of the proxy (`lazyProxy` of the builders); parsing,
 * composing, `instanceof` and JSON Schema see that schema. Used for the two exported schemas only: inside the
 * bundle, use the built schema (no proxy in zod's hot paths).
 */
import { lazyProxy } from "@call-center/k8s-builders";

export function lazySchema<S extends object>(build: () => S): S {
  return lazyProxy(build);
}
