/**
 * Objects embedded in a custom resource (`x-kubernetes-embedded-resource`), as the API server checks them whatever
 * the schema declares (apiextensions-apiserver's validateEmbeddedResource).
 */
import type { IssueCode } from "../base/issue-codes.ts";
import { metaFieldChecks } from "../base/meta-checks.ts";
import { isDns1035Label } from "../base/primitives.ts";
import { structureIssues } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import { describeValue, isPlainObject } from "./json.ts";

/** The ObjectMeta fields the API server writes, which an embedded object may still carry, by their type. */
const SERVER_META_FIELDS: Readonly<Record<string, "a string" | "an integer">> = {
  uid: "a string",
  resourceVersion: "a string",
  selfLink: "a string",
  creationTimestamp: "a string",
  deletionTimestamp: "a string",
  generation: "an integer",
  deletionGracePeriodSeconds: "an integer",
};

/**
 * An embedded object, as the API server checks it whatever the schema declares: `apiVersion` (group/version or
 * version) and `kind` present and not empty, `metadata` an ObjectMeta whose name and generateName are path
 * segments (no `/` or `%`), namespace a DNS label, labels, annotations and finalizers valid.
 */
export function embeddedIssues(
  s: { readonly properties?: { readonly [name: string]: unknown } },
  v: Readonly<Record<string, unknown>>,
  path: readonly PropertyKey[],
): RuleIssue[] {
  const out: RuleIssue[] = [];
  const issue = (at: readonly PropertyKey[], code: IssueCode, message: string) =>
    out.push({ path: at, code, message });
  for (const k of ["apiVersion", "kind"] as const) {
    const value = v[k];
    const declared = s.properties?.[k] !== undefined;
    if (value === undefined)
      issue([...path, k], "required", "required, expected a string (an embedded object)");
    else if (typeof value !== "string" || value === "") {
      if (!declared || value === "")
        issue([...path, k], "invalid_type", `expected a non-empty string, received ${describeValue(value)}`);
    } else if (k === "apiVersion" && value.split("/").length > 2)
      issue(
        [...path, k],
        "invalid_format",
        `"${value}" is not an apiVersion: expected group/version or a version (e.g. apps/v1, v1)`,
      );
    // The server: a kind may have mixed case, but its lowercase form is an RFC 1035 label.
    else if (k === "kind" && !isDns1035Label(value.toLowerCase()))
      issue(
        [...path, k],
        "invalid_format",
        `"${value}" is not a kind: expected a letter, then letters, digits and '-', at most 63 characters (e.g. Deployment)`,
      );
  }
  // The server checks an embedded object's metadata as ObjectMeta whatever the schema declares of it.
  const meta = v.metadata;
  if (meta === undefined) return out;
  const at = [...path, "metadata"];
  if (!isPlainObject(meta)) {
    issue(at, "invalid_type", `expected an object, received ${describeValue(meta)}`);
    return out;
  }
  const settable: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(meta)) {
    const serverType = SERVER_META_FIELDS[k];
    if (serverType === undefined) settable[k] = x;
    else if (
      x !== undefined &&
      !(serverType === "a string" ? typeof x === "string" : Number.isSafeInteger(x))
    )
      issue([...at, k], "invalid_type", `expected ${serverType}, received ${describeValue(x)}`);
  }
  for (const i of structureIssues(settable, "meta/v1.ObjectMeta", metaFieldChecks(), at)) out.push(i);
  for (const k of ["name", "generateName"] as const) {
    const name = meta[k];
    if (typeof name !== "string") continue;
    const bad = /[/%]/.exec(name)?.[0];
    if (bad !== undefined) issue([...at, k], "invalid_format", `"${name}" may not contain '${bad}'`);
    else if (k === "name" && (name === "." || name === ".."))
      issue([...at, k], "invalid_format", `"${name}" may not be '${name}'`);
  }
  return out;
}
