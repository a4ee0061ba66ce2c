// Own `__proto__` keys (JSON.parse and YAML readers create them) anywhere in the options of a builder: refused at
// their path, never silently dropped (zod's records and objects skip them). Formerly BUG-04.
import fc from "fast-check";
import { describe, it } from "vitest";
import { type ConfigMapOptions, configMap, type DeploymentOptions, deployment } from "../../src/index.ts";
import { configMapOptions } from "./arb-kinds.ts";
import { deploymentOptions } from "./arb-pod.ts";
import { checkInvalid, holds, type Mutant, nodes, pathOf, type Segment, TIMEOUT } from "./harness.ts";
import { k8s } from "./suite.ts";

/** The input with an own `__proto__` key added to the object at `at` (which must be a plain object). */
function withProtoKey<I>(input: I, at: readonly Segment[], value: unknown): I {
  const copy = JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
  let target: Record<string, unknown> = copy;
  for (const seg of at) target = target[seg as string] as Record<string, unknown>;
  Object.defineProperty(target, "__proto__", { value, enumerable: true, configurable: true, writable: true });
  return copy as I;
}

/** A mutant with an own `__proto__` key in one of the plain objects of a valid input. */
function protoMutant<I>(valid: fc.Arbitrary<I>): fc.Arbitrary<Mutant<I>> {
  return valid.chain((input) => {
    const objects = [
      [] as Segment[],
      ...nodes(input)
        .filter((n) => typeof n.value === "object" && n.value !== null && !Array.isArray(n.value))
        .map((n) => n.path),
    ];
    return fc
      .tuple(fc.constantFrom(...objects), fc.constantFrom<unknown>("x", "", 1, { a: "b" }))
      .map(([at, value]) => ({
        mutation: `__proto__ key at ${pathOf(at) || "(root)"}`,
        input: withProtoKey(input, at, value),
        // invalid_key in a record; unknown_option in an object (strict objects refuse unknown keys).
        path: pathOf([...at, "__proto__"]),
      }));
  });
}

describe("own __proto__ keys (fuzz)", () => {
  it(
    "configMap refuses an own __proto__ key in any object of its options",
    () =>
      holds(protoMutant(configMapOptions), (m) =>
        checkInvalid<ConfigMapOptions>({ builder: "configMap", build: (o) => configMap(o), ...k8s }, m),
      ),
    TIMEOUT,
  );
  it(
    "deployment refuses an own __proto__ key in any object of its options",
    () =>
      holds(protoMutant(deploymentOptions), (m) =>
        checkInvalid<DeploymentOptions>({ builder: "deployment", build: (o) => deployment(o), ...k8s }, m),
      ),
    TIMEOUT,
  );
});
