import { expect } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";

/** Runs `build` and returns the library error it throws; fails the test if it returns or throws anything else. */
export function builderError(build: () => unknown): K8sBuilderError {
  let result: unknown;
  try {
    result = build();
  } catch (e) {
    expect(e).toBeInstanceOf(K8sBuilderError);
    return e as K8sBuilderError;
  }
  throw new Error(`expected a K8sBuilderError, got an object: ${JSON.stringify(result).slice(0, 200)}`);
}

/** Asserts that `build` fails with an issue of `code` at `path`. */
export function expectIssue(build: () => unknown, code: string, path: string): void {
  const err = builderError(build);
  expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toContainEqual({ code, path });
}
