/** Label selectors as Kubernetes evaluates them: equality maps and `matchLabels` + `matchExpressions`. */
import { arr, isRec, str, strMap } from "./read.ts";

/** An equality selector (Service `spec.selector`): every key present with the same value. Empty selects all. */
export function mapSelects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * A LabelSelector (`matchLabels` and `matchExpressions`, ANDed). `{}` selects everything; callers decide what
 * an absent selector means (it differs by kind). An operator Kubernetes does not know selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRec(selector)) return false;
  if (!mapSelects(strMap(selector.matchLabels), labels)) return false;
  return arr(selector.matchExpressions).every((e) => {
    if (!isRec(e)) return false;
    const key = str(e.key);
    if (key === undefined) return false;
    const values = arr(e.values).filter((v): v is string => typeof v === "string");
    const has = Object.hasOwn(labels, key);
    switch (e.operator) {
      case "In":
        return has && values.includes(labels[key] ?? "");
      case "NotIn":
        return !has || !values.includes(labels[key] ?? "");
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false;
    }
  });
}

/** True when a LabelSelector has no requirement at all (`{}`), which selects every pod. */
export function isEmptySelector(selector: unknown): boolean {
  return (
    isRec(selector) &&
    Object.keys(strMap(selector.matchLabels)).length === 0 &&
    arr(selector.matchExpressions).length === 0
  );
}
