/**
 * Pod templates indexed by label, so that "which pods does this selector select?" costs the size of the answer,
 * not the size of the bundle: a selector's candidates are the pods carrying its rarest `key=value`, then the
 * whole selector is evaluated on those only. Built once per bundle.
 */
import type { Bundle, PodSource } from "./context.ts";
import { isRec, strMap } from "./read.ts";
import { labelSelectorMatches, mapSelects } from "./selectors.ts";

/** The index of a bundle's pod templates. */
export interface PodIndex {
  /** Pods of a namespace whose labels an equality map selects (every pod of the namespace for `{}`). */
  byMap(ns: string, selector: Record<string, string>): readonly PodSource[];
  /** Pods of a namespace that a LabelSelector selects (`{}` selects all; anything else not an object: none). */
  bySelector(ns: string, selector: unknown): readonly PodSource[];
}

const indexes = new WeakMap<Bundle, PodIndex>();

/** The index of a bundle, built on first use. */
export function podIndex(bundle: Bundle): PodIndex {
  let index = indexes.get(bundle);
  if (index === undefined) {
    index = buildIndex(bundle.pods);
    indexes.set(bundle, index);
  }
  return index;
}

function buildIndex(pods: readonly PodSource[]): PodIndex {
  const inNs = new Map<string, PodSource[]>();
  const byLabel = new Map<string, PodSource[]>();
  const push = (m: Map<string, PodSource[]>, k: string, p: PodSource) => {
    const l = m.get(k);
    if (l === undefined) m.set(k, [p]);
    else l.push(p);
  };
  for (const p of pods) {
    push(inNs, p.entry.ns, p);
    for (const [k, v] of Object.entries(p.labels)) push(byLabel, JSON.stringify([p.entry.ns, k, v]), p);
  }
  const candidates = (ns: string, equalities: Record<string, string>): readonly PodSource[] => {
    let best: readonly PodSource[] | undefined;
    for (const [k, v] of Object.entries(equalities)) {
      const l = byLabel.get(JSON.stringify([ns, k, v])) ?? [];
      if (best === undefined || l.length < best.length) best = l;
      if (l.length === 0) break;
    }
    return best ?? inNs.get(ns) ?? [];
  };
  return {
    byMap: (ns, selector) => candidates(ns, selector).filter((p) => mapSelects(selector, p.labels)),
    bySelector: (ns, selector) => {
      if (!isRec(selector)) return [];
      return candidates(ns, strMap(selector.matchLabels)).filter((p) =>
        labelSelectorMatches(selector, p.labels),
      );
    },
  };
}
