/**
 * Assertions for tests of users' bundles (`@call-center/k8s-builders/testing`): `expectValidBundle` and
 * `expectNoImmutableChanges`. They throw node's `AssertionError` with a readable message, so they work the same
 * under vitest, jest, node:test or a plain script: no test framework is imported.
 */
import { AssertionError } from "node:assert";
import type { Manifest } from "../base/manifest.ts";
import type { PodSecurityLevel } from "../base/pod-security-labels.ts";
import { immutableChanges } from "../checks/immutable-changes.ts";
import { type ValidateBundleOptions, validateBundle } from "../checks/validate-bundle.ts";
import { hasSchema, schemaProblems } from "./schema.ts";

/** Options of {@link expectValidBundle}. */
export interface ExpectValidBundleOptions {
  /**
   * `deny`: a warning of `validateBundle` fails the assertion too; `allow`: only errors do.
   * @default "allow"
   */
  readonly warnings?: "allow" | "deny";
  /**
   * The Pod Security Standard level every workload's pods must meet at least (`restricted` is the strictest).
   * Unset: not checked (a Namespace's enforced level is checked by `validateBundle` itself).
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * Schema validation against the official Kubernetes OpenAPI schema, through the optional peer dependency
   * `kubernetes-models` (and `@kubernetes-models/<crd>` for custom resources such as ServiceMonitor):
   * `required` checks every object and fails for an object whose schema is not installed (saying which package
   * to add); `if-installed` checks the objects whose schema is installed and skips the others; `off` skips it.
   * @default "required"
   */
  readonly schema?: "required" | "if-installed" | "off";
  /** Options passed to `validateBundle` (external Secrets, the Prometheus selector, the target version…). */
  readonly validate?: ValidateBundleOptions;
}

const RANK: Readonly<Record<PodSecurityLevel, number>> = { privileged: 0, baseline: 1, restricted: 2 };
const OPTIONS = new Set(["warnings", "podSecurity", "schema", "validate"]);

function describeObject(o: Manifest): string {
  const ns = o.metadata?.namespace;
  return `${o.kind ?? "object"} "${ns === undefined ? "" : `${ns}/`}${o.metadata?.name ?? "(unnamed)"}"`;
}

function fail(message: string, problems: readonly string[], actual?: unknown): never {
  throw new AssertionError({
    message: `${message}\n${problems.map((p) => `  ✖ ${p}`).join("\n")}`,
    actual,
    operator: "expectValidBundle",
  });
}

/** Refuses options the assertion does not know: a misspelt option would silently check less. */
function checkOptions(options: ExpectValidBundleOptions): void {
  const unknown = Object.keys(options).filter((k) => !OPTIONS.has(k));
  const problems = unknown.map((k) => `unknown option "${k}" (expected ${[...OPTIONS].join(", ")})`);
  const { warnings, podSecurity, schema } = options;
  if (warnings !== undefined && warnings !== "allow" && warnings !== "deny")
    problems.push(`warnings must be "allow" or "deny", not ${JSON.stringify(warnings)}`);
  if (podSecurity !== undefined && !(podSecurity in RANK))
    problems.push(
      `podSecurity must be "privileged", "baseline" or "restricted", not ${JSON.stringify(podSecurity)}`,
    );
  if (schema !== undefined && schema !== "required" && schema !== "if-installed" && schema !== "off")
    problems.push(`schema must be "required", "if-installed" or "off", not ${JSON.stringify(schema)}`);
  if (problems.length > 0) fail("expectValidBundle: invalid options", problems, options);
}

function schemaFindings(objects: readonly Manifest[], mode: "required" | "if-installed"): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const apiVersion = String(o.apiVersion);
    const kind = String(o.kind);
    if (!hasSchema(apiVersion, kind)) {
      if (mode === "required") {
        out.push(
          `${describeObject(o)}: no schema installed for ${apiVersion} ${kind} (add the devDependency kubernetes-models, or @kubernetes-models/<crd> for a custom resource; or pass schema: "if-installed")`,
        );
      }
      continue;
    }
    for (const p of schemaProblems(o)) out.push(`${describeObject(o)}: schema: ${p}`);
  }
  return out;
}

/**
 * Asserts that a bundle is ready to apply: every object valid against the official Kubernetes schema,
 * `validateBundle` without errors (and without warnings with `warnings: "deny"`), and every workload's pods at
 * the Pod Security level `podSecurity` or stricter. Throws an `AssertionError` listing every problem at once.
 *
 * @example
 * it("is valid", () => {
 *   expectValidBundle(objects, { warnings: "deny", podSecurity: "restricted" });
 * });
 */
export function expectValidBundle(
  objects: readonly Manifest[],
  options: ExpectValidBundleOptions = {},
): void {
  checkOptions(options);
  if (!Array.isArray(objects))
    fail("expectValidBundle: expected an array of Kubernetes objects", [typeof objects]);
  const problems: string[] = [];
  const schema = options.schema ?? "required";
  if (schema !== "off") problems.push(...schemaFindings(objects, schema));
  const report = validateBundle(objects, options.validate);
  const describe = (f: { code: string; path: string; message: string }) =>
    `${f.code}: ${f.message}${f.path === "" ? "" : ` (at ${f.path})`}`;
  problems.push(...report.errors.map(describe));
  if (options.warnings === "deny") problems.push(...report.warnings.map((w) => `warning ${describe(w)}`));
  const level = options.podSecurity;
  if (level !== undefined) {
    for (const r of report.podSecurity) {
      if (RANK[r.level] >= RANK[level]) continue;
      // A reason starts with the lowest level that forbids it: those up to the expected level are why it fails.
      const why = r.reasons
        .filter((reason) => RANK[reason.slice(0, reason.indexOf(":")) as PodSecurityLevel] <= RANK[level])
        .join("; ");
      problems.push(
        `${r.object.kind} "${r.object.namespace === undefined ? "" : `${r.object.namespace}/`}${r.object.name}": Pod Security level ${r.level}, expected ${level} or stricter: ${why}`,
      );
    }
  }
  if (problems.length > 0) {
    fail(`expected a valid bundle; ${problems.length} problem(s):`, problems);
  }
}

/**
 * Asserts that `next` can be applied over `previous`: no change Kubernetes refuses as immutable (selectors,
 * StatefulSet volumeClaimTemplates, a Service's clusterIP…, as `immutableChanges` finds them). Throws an
 * `AssertionError` listing each change with its path, before and after.
 *
 * @example
 * expectNoImmutableChanges(callCenter(lastRelease), callCenter(thisRelease));
 */
export function expectNoImmutableChanges(previous: readonly Manifest[], next: readonly Manifest[]): void {
  const changes = immutableChanges(previous, next);
  if (changes.length === 0) return;
  throw new AssertionError({
    message: `expected no change Kubernetes refuses on apply; ${changes.length} found:\n${changes
      .map((c) => `  ✖ ${c.message}`)
      .join("\n")}`,
    actual: changes,
    expected: [],
    operator: "expectNoImmutableChanges",
  });
}
