// The schema checks live in src/testing/schema.ts (published as @call-center/k8s-builders/testing); the
// library's own tests import them from here, with the library's checks of built objects added to
// assertSchemaValid: whatever the library builds, the checks a patched object must pass accept too.
import { formatPath } from "../../src/base/errors.ts";
import { objectIssues } from "../../src/kinds/object-checks.ts";
import { checksOf } from "../../src/patch.ts";
import { assertSchemaValid as assertOfficialSchema } from "../../src/testing/schema.ts";

export {
  type FieldMap,
  type FieldSpec,
  fieldsRootOf,
  modelPackage,
  schemaProblems,
  supportedKinds,
} from "../../src/testing/schema.ts";

/** The problems the library's checks of built (or patched) objects find in an object, as text. */
export function libraryProblems(obj: object): string[] {
  return objectIssues(obj as Record<string, unknown>, checksOf((obj as { kind?: unknown }).kind)).map(
    (i) => `${formatPath(i.path) || "(root)"}: library check: ${i.message} (${i.code})`,
  );
}

/**
 * Throws an Error listing every schema problem of a manifest object (see schemaProblems), or else every problem
 * the library's checks of built objects find in it.
 */
export function assertSchemaValid(obj: object): void {
  assertOfficialSchema(obj);
  const problems = libraryProblems(obj);
  if (problems.length === 0) return;
  const { apiVersion, kind } = obj as { apiVersion?: string; kind?: string };
  throw new Error(
    `${apiVersion} ${kind} fails ${problems.length} library check(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}
