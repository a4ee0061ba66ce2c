/**
 * `immutableChanges(previous, next)`: the changes between two versions of a bundle that Kubernetes refuses on
 * apply (`field is immutable`), found before the apply fails halfway. Pure; never throws.
 */
import type { Manifest } from "../base/manifest.ts";
import { parseQuantity } from "../base/quantity.ts";
import { type Entry, identityKey, toEntry } from "./context.ts";
import { describeRef, type ObjectRef } from "./finding.ts";
import { at, get, isRec, type Rec, show, str } from "./read.ts";

/** One change Kubernetes refuses. */
export interface ImmutableChange {
  /** The object (as in `next`). */
  readonly object: ObjectRef;
  /** Dotted path of the changed field, as deep as the change goes. */
  readonly path: string;
  /** The value in `previous` (undefined when unset). */
  readonly before: unknown;
  /** The value in `next` (undefined when unset). */
  readonly after: unknown;
  /** Why it is refused and what to do instead. */
  readonly message: string;
}

type Change = Omit<ImmutableChange, "object" | "message">;

/** Deep equality of JSON data; `null` and `undefined` (unset) are the same. */
function same(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined) return b === null || b === undefined;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isRec(a)) {
    if (!isRec(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!same(a[k], b[k])) return false;
    return true;
  }
  return a === b;
}

/** The leaf-most differences between two values, with their paths. */
function diff(a: unknown, b: unknown, path: string, out: Change[] = []): Change[] {
  if (same(a, b)) return out;
  if (isRec(a) && isRec(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) diff(a[k], b[k], at(path, k), out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => {
      diff(x, b[i], at(path, i), out);
    });
  } else {
    out.push({ path, before: a ?? undefined, after: b ?? undefined });
  }
  return out;
}

function field(e: Entry, ...keys: string[]): unknown {
  return get(e.obj, ...keys);
}

/** The StatefulSet spec fields Kubernetes lets an update change; every other one is immutable. */
const STATEFULSET_MUTABLE = new Set([
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "revisionHistoryLimit",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
]);

const RECREATE =
  "delete and re-create the object (for a workload: kubectl delete --cascade=orphan, then apply)";

type Check = (before: Entry, after: Entry) => { changes: Change[]; why: string }[];

const checks: Readonly<Record<string, { groups: readonly string[]; check: Check }>> = {
  Deployment: { groups: ["apps", "extensions"], check: selectorOnly },
  ReplicaSet: { groups: ["apps", "extensions"], check: selectorOnly },
  DaemonSet: { groups: ["apps", "extensions"], check: selectorOnly },
  StatefulSet: {
    groups: ["apps"],
    check: (b, a) => {
      const bSpec = rec(field(b, "spec"));
      const aSpec = rec(field(a, "spec"));
      const keys = new Set(
        [...Object.keys(bSpec), ...Object.keys(aSpec)].filter((k) => !STATEFULSET_MUTABLE.has(k)),
      );
      return [...keys].map((k) => ({
        changes: diff(bSpec[k], aSpec[k], at("spec", k)),
        why: `a StatefulSet's spec.${k} cannot change (only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and minReadySeconds can): ${RECREATE}`,
      }));
    },
  },
  Job: {
    groups: ["batch"],
    check: (b, a) =>
      ["selector", "template", "completionMode"].map((k) => ({
        changes: diff(field(b, "spec", k), field(a, "spec", k), at("spec", k)),
        why: `a Job's spec.${k} cannot change: delete the Job and create it again (or give the new one another name)`,
      })),
  },
  Service: { groups: [""], check: serviceChanges },
  PersistentVolumeClaim: { groups: [""], check: claimChanges },
  Secret: {
    groups: [""],
    check: (b, a) => [
      {
        changes: diff(field(b, "type"), field(a, "type"), "type"),
        why: "a Secret's type cannot change: delete it and create it again, or use a new name",
      },
      ...frozenData(b, a, ["data", "stringData"]),
    ],
  },
  ConfigMap: { groups: [""], check: (b, a) => frozenData(b, a, ["data", "binaryData"]) },
  RoleBinding: { groups: ["rbac.authorization.k8s.io"], check: roleRefOnly },
  ClusterRoleBinding: { groups: ["rbac.authorization.k8s.io"], check: roleRefOnly },
};

function rec(v: unknown): Rec {
  return isRec(v) ? v : {};
}

function selectorOnly(b: Entry, a: Entry): { changes: Change[]; why: string }[] {
  return [
    {
      changes: diff(field(b, "spec", "selector"), field(a, "spec", "selector"), "spec.selector"),
      why: `a ${a.kind}'s spec.selector cannot change (apps/v1): ${RECREATE}; keep version labels out of selectors`,
    },
  ];
}

function roleRefOnly(b: Entry, a: Entry): { changes: Change[]; why: string }[] {
  return [
    {
      changes: diff(field(b, "roleRef"), field(a, "roleRef"), "roleRef"),
      why: `a ${a.kind}'s roleRef cannot change: create a new binding (with another name) and delete the old one`,
    },
  ];
}

/** An unset or empty clusterIP means "allocate one"; the server keeps the allocated address on update. */
function serviceChanges(b: Entry, a: Entry): { changes: Change[]; why: string }[] {
  const out: { changes: Change[]; why: string }[] = [];
  const before = str(field(b, "spec", "clusterIP")) || undefined;
  const after = str(field(a, "spec", "clusterIP")) || undefined;
  const allocatedKept = before !== undefined && before !== "None" && after === undefined;
  if (before !== after && !allocatedKept) {
    out.push({
      changes: [{ path: "spec.clusterIP", before, after }],
      why:
        before === "None" || after === "None"
          ? "a Service cannot switch between headless (clusterIP: None) and a cluster IP: delete it and create it again"
          : "a Service's clusterIP cannot change once allocated: delete it and create it again",
    });
  }
  const bFamily = field(b, "spec", "ipFamilies");
  const aFamily = field(a, "spec", "ipFamilies");
  const bPrimary = Array.isArray(bFamily) ? bFamily[0] : undefined;
  const aPrimary = Array.isArray(aFamily) ? aFamily[0] : undefined;
  if (bPrimary !== undefined && aPrimary !== undefined && bPrimary !== aPrimary) {
    out.push({
      changes: [{ path: "spec.ipFamilies[0]", before: bPrimary, after: aPrimary }],
      why: "a Service's primary IP family (ipFamilies[0]) cannot change; only a secondary family can be added or removed",
    });
  }
  return out;
}

function claimChanges(b: Entry, a: Entry): { changes: Change[]; why: string }[] {
  const out = [
    "storageClassName",
    "accessModes",
    "volumeMode",
    "volumeName",
    "selector",
    "dataSource",
    "dataSourceRef",
  ].map((k) => ({
    changes: diff(field(b, "spec", k), field(a, "spec", k), at("spec", k)),
    why: `a PersistentVolumeClaim's spec.${k} cannot change: create a new claim and migrate the data`,
  }));
  const bSize = field(b, "spec", "resources", "requests", "storage");
  const aSize = field(a, "spec", "resources", "requests", "storage");
  const bBytes =
    typeof bSize === "string" ? parseQuantity(bSize) : typeof bSize === "number" ? bSize : undefined;
  const aBytes =
    typeof aSize === "string" ? parseQuantity(aSize) : typeof aSize === "number" ? aSize : undefined;
  if (bBytes !== undefined && aBytes !== undefined && aBytes < bBytes) {
    out.push({
      changes: [{ path: "spec.resources.requests.storage", before: bSize, after: aSize }],
      why: "a PersistentVolumeClaim cannot shrink (only grow, where its StorageClass allows expansion)",
    });
  }
  return out;
}

/** Data of an `immutable: true` ConfigMap or Secret cannot change, nor can it become mutable again. */
function frozenData(b: Entry, a: Entry, fields: readonly string[]): { changes: Change[]; why: string }[] {
  if (field(b, "immutable") !== true) return [];
  const why = `the ${a.kind} is immutable: give the changed ${a.kind} a new name (and point the workloads at it)`;
  return [
    ...fields.map((f) => ({ changes: diff(field(b, f), field(a, f), f), why })),
    {
      changes:
        field(a, "immutable") === true
          ? []
          : [{ path: "immutable", before: true, after: field(a, "immutable") }],
      why: `an immutable ${a.kind} cannot be made mutable again: ${why.slice(why.indexOf(":") + 2)}`,
    },
  ];
}

function entriesOf(objects: unknown): Map<string, Entry> {
  const out = new Map<string, Entry>();
  if (!Array.isArray(objects)) return out;
  objects.forEach((o: unknown, i) => {
    try {
      const e = toEntry(o, i);
      if (!("problem" in e)) out.set(identityKey(e), e);
    } catch {
      // An unreadable entry has no identity to compare.
    }
  });
  return out;
}

/**
 * Lists the changes from `previous` to `next` that Kubernetes rejects on apply: workload selectors, a
 * StatefulSet's spec outside replicas/template/update settings (serviceName, volumeClaimTemplates,
 * podManagementPolicy…), a Service's clusterIP (including headless ↔ ClusterIP) and primary IP family, a Job's
 * selector and template, a claim's class, access modes or a smaller size, the data of `immutable` ConfigMaps and
 * Secrets, a Secret's type, and a binding's roleRef. Objects are matched by API group, kind, namespace and name:
 * a renamed object is a delete and a create, and is not reported.
 *
 * @example
 * for (const c of immutableChanges(callCenter(current), callCenter(next))) console.error(c.message);
 */
export function immutableChanges(
  previous: readonly Manifest[],
  next: readonly Manifest[],
): ImmutableChange[] {
  const out: ImmutableChange[] = [];
  try {
    const before = entriesOf(previous);
    for (const [key, a] of entriesOf(next)) {
      const b = before.get(key);
      const rule = checks[a.kind];
      if (b === undefined || rule === undefined || !rule.groups.includes(a.group)) continue;
      try {
        for (const { changes, why } of rule.check(b, a)) {
          for (const c of changes) {
            out.push({
              object: a.ref,
              ...c,
              message: `${describeRef(a.ref)}: ${c.path} changes from ${show(c.before)} to ${show(c.after)}; ${why}`,
            });
          }
        }
      } catch {
        // A value of an unexpected shape: nothing reliable to report for this object.
      }
    }
  } catch {
    // Unreadable input: no change can be reported.
  }
  return out;
}
