/**
 * Rules of object metadata and label selectors on the Kubernetes shape, for checking a built or patched object:
 * the same name, label and annotation schemas the options use.
 */
import * as z from "zod/mini";
import type { IssueParams } from "./issue-codes.ts";
import { isObj } from "./object.ts";
import { once } from "./options.ts";
import { annotations, dnsLabel, isLabelKey, labelKey, labels, labelValue } from "./primitives.ts";
import type { FieldChecks } from "./structure.ts";
import type { RuleIssue } from "./validate.ts";

/** Format checks of metadata and label selectors, wherever they appear (built on first use). */
export const metaFieldChecks: () => FieldChecks = once(() => ({
  "meta/v1.ObjectMeta.namespace": dnsLabel,
  "meta/v1.ObjectMeta.labels": labels,
  "meta/v1.ObjectMeta.annotations": annotations,
  // ValidateFinalizers of every object's metadata: qualified names, as label keys.
  "meta/v1.ObjectMeta.finalizers": z.array(
    z.string().check(
      z.refine(isLabelKey, {
        error: (i) =>
          `${JSON.stringify(i.input)} is not a valid finalizer: an optional DNS prefix and '/', then at most 63 alphanumerics, '-', '_' or '.' (e.g. "example.com/cleanup")`,
        params: { code: "invalid_format" } satisfies IssueParams,
      }),
    ),
  ),
  "meta/v1.LabelSelector.matchLabels": labels,
  "meta/v1.LabelSelectorRequirement.key": labelKey,
  "meta/v1.LabelSelectorRequirement.operator": z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
  "meta/v1.LabelSelectorRequirement.values": z.array(labelValue),
}));

/** Whether a label selector selects a set of labels (`matchLabels` and every `matchExpressions`). */
export function selectorMatches(selector: unknown, labelSet: Readonly<Record<string, unknown>>): boolean {
  if (!isObj(selector)) return false;
  for (const [k, v] of Object.entries(isObj(selector.matchLabels) ? selector.matchLabels : {})) {
    if (labelSet[k] !== v) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions) {
    if (!isObj(e) || typeof e.key !== "string") return false;
    const has = Object.hasOwn(labelSet, e.key);
    const values = Array.isArray(e.values) ? e.values : [];
    const value = labelSet[e.key];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(value)) return false;
        break;
      case "NotIn":
        if (has && values.includes(value)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** `ValidateLabelSelector`: `In`/`NotIn` take values, `Exists`/`DoesNotExist` none. */
export function labelSelectorIssues(selector: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (!isObj(selector) || !Array.isArray(selector.matchExpressions)) return [];
  return selector.matchExpressions.flatMap((e, i): RuleIssue[] => {
    if (!isObj(e)) return [];
    const values = Array.isArray(e.values) ? e.values : [];
    const here = [...at, "matchExpressions", i, "values"];
    if ((e.operator === "In" || e.operator === "NotIn") && values.length === 0) {
      return [{ path: here, code: "required", message: `operator ${e.operator} needs values` }];
    }
    if ((e.operator === "Exists" || e.operator === "DoesNotExist") && values.length > 0) {
      return [{ path: here, code: "conflicting_options", message: `operator ${e.operator} takes no values` }];
    }
    return [];
  });
}

/**
 * A selector that selects something: with labels or expressions it is checked as {@link labelSelectorIssues}
 * does; an empty one (which selects everything) is one `too_small` issue saying what it would select.
 */
export function nonEmptySelectorIssues(
  selector: unknown,
  at: readonly PropertyKey[],
  ifEmpty: string,
): RuleIssue[] {
  const s = isObj(selector) ? selector : {};
  const labels = isObj(s.matchLabels) ? Object.keys(s.matchLabels) : [];
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  if (labels.length > 0 || expressions.length > 0) return labelSelectorIssues(s, at);
  return [{ path: at, code: "too_small", message: ifEmpty }];
}
