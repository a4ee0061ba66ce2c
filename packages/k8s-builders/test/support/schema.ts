// The schema checks live in src/testing/schema.ts (published as @call-center/k8s-builders/testing); the
// library's own tests import them from here.
export {
  assertSchemaValid,
  type FieldMap,
  type FieldSpec,
  fieldsRootOf,
  modelPackage,
  schemaProblems,
  supportedKinds,
} from "../../src/testing/schema.ts";
