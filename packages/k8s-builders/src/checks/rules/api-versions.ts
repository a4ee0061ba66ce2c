/**
 * API versions that Kubernetes deprecated or stopped serving: the `history` of each kind in base/kinds.ts, from the
 * Deprecated API Migration Guide. Offline on purpose: the check runs without a cluster, against
 * `targetKubernetesVersion`.
 */
import { KIND_FACTS, type KindFacts } from "../../base/kinds.ts";
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";

/** One deprecated API version of some kinds. */
export interface ApiVersionChange {
  readonly apiVersion: string;
  readonly kinds: readonly string[];
  /** First minor version that deprecates it. */
  readonly deprecated: string;
  /** First minor version that no longer serves it; unset while it is still served. */
  readonly removed?: string;
  /** What to use instead. */
  readonly replacement: string;
}

/** The table, derived from the kinds' API-version history (base/kinds.ts), oldest removal first. */
export const API_VERSION_CHANGES: readonly ApiVersionChange[] = changesOf(KIND_FACTS);

function changesOf(kinds: ReadonlyMap<string, KindFacts>): ApiVersionChange[] {
  const byChange = new Map<string, ApiVersionChange & { kinds: string[] }>();
  for (const [kind, facts] of kinds) {
    for (const h of facts.history ?? []) {
      const replacement = h.replacement ?? facts.apiVersion;
      const key = [h.apiVersion, h.deprecated, h.removed, replacement].join("|");
      const change = byChange.get(key);
      if (change !== undefined) change.kinds.push(kind);
      else {
        byChange.set(key, {
          apiVersion: h.apiVersion,
          kinds: [kind],
          deprecated: h.deprecated,
          ...(h.removed === undefined ? {} : { removed: h.removed }),
          replacement,
        });
      }
    }
  }
  const minor = (v: string | undefined) =>
    v === undefined ? Number.MAX_SAFE_INTEGER : (parseKubernetesVersion(v)?.[1] ?? 0);
  return [...byChange.values()].sort(
    (a, b) => minor(a.removed) - minor(b.removed) || minor(a.deprecated) - minor(b.deprecated),
  );
}

/** Parses `1.35`, `v1.35.2`, `1.35.0-rc.1` into [major, minor]; undefined otherwise. */
export function parseKubernetesVersion(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?$/.exec(v.trim());
  return m === null ? undefined : [Number(m[1]), Number(m[2])];
}

function atOrBefore(version: string, target: readonly [number, number]): boolean {
  const v = parseKubernetesVersion(version);
  return v !== undefined && (v[0] < target[0] || (v[0] === target[0] && v[1] <= target[1]));
}

/**
 * An apiVersion removed at or before the target version is an error (the API server answers 404 "no matches for
 * kind"); one deprecated at or before it but still served is a warning.
 */
export function apiVersionsServed(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const target = bundle.options.targetVersion;
  const targetText = `${target[0]}.${target[1]}`;
  for (const e of bundle.entries) {
    const change = API_VERSION_CHANGES.find((c) => c.apiVersion === e.apiVersion && c.kinds.includes(e.kind));
    if (change === undefined) continue;
    if (change.removed !== undefined && atOrBefore(change.removed, target)) {
      out.push(
        finding(
          "API_VERSION_REMOVED",
          e.ref,
          "apiVersion",
          `${e.apiVersion} ${e.kind} is no longer served since Kubernetes ${change.removed} (target ${targetText}): use ${change.replacement}`,
        ),
      );
    } else if (atOrBefore(change.deprecated, target)) {
      out.push(
        finding(
          "API_VERSION_DEPRECATED",
          e.ref,
          "apiVersion",
          `${e.apiVersion} ${e.kind} is deprecated since Kubernetes ${change.deprecated}${change.removed === undefined ? "" : ` and removed in ${change.removed}`}: use ${change.replacement}`,
        ),
      );
    }
  }
  return out;
}
