/** Object identity: no two objects with one identity, and every namespace the objects use exists. */
import { type Bundle, identityKey } from "../context.ts";
import { type Finding, finding } from "../finding.ts";

/**
 * Two objects with the same API group, kind, namespace and name are one object to Kubernetes: the later one
 * silently replaces the earlier. The group (not the full apiVersion) is compared, because `apps/v1` and
 * `apps/v1beta2` Deployments of one name are the same stored object.
 */
export function duplicateObjects(bundle: Bundle): Finding[] {
  const first = new Map<string, number>();
  const out: Finding[] = [];
  for (const e of bundle.entries) {
    const key = identityKey(e);
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, e.index);
      continue;
    }
    out.push(
      finding(
        "DUPLICATE_OBJECT",
        e.ref,
        "metadata.name",
        `objects[${e.index}] has the same identity as objects[${seen}]; the later one replaces the earlier on apply`,
      ),
    );
  }
  return out;
}

/**
 * Every namespace used by a namespaced object must exist. When the bundle defines Namespaces, a namespace it does
 * not define is an error on each object (most likely a typo); when it defines none, it is deployed into existing
 * namespaces, so each missing namespace is one warning (on its first object) as a reminder. Namespaces listed in
 * `externalNamespaces` are never reported; objects without a namespace take the applier's and are skipped.
 */
export function namespacesDefined(bundle: Bundle): Finding[] {
  const defined = new Set(bundle.ofKind("Namespace", "").map((n) => n.name));
  const out: Finding[] = [];
  const warned = new Set<string>();
  for (const e of bundle.entries) {
    const ns = e.namespace;
    if (ns === undefined || defined.has(ns) || bundle.options.externalNamespaces.has(ns)) continue;
    if (defined.size > 0) {
      out.push(
        finding(
          "NAMESPACE_UNDEFINED",
          e.ref,
          "metadata.namespace",
          `namespace "${ns}" is not one of the bundle's Namespaces (${[...defined].join(", ")})`,
        ),
      );
    } else if (!warned.has(ns)) {
      warned.add(ns);
      const count = bundle.entries.filter((o) => o.namespace === ns).length;
      out.push(
        finding(
          "NAMESPACE_NOT_IN_BUNDLE",
          e.ref,
          "metadata.namespace",
          `namespace "${ns}" (used by ${count} object${count === 1 ? "" : "s"}) is not created by this bundle; it must exist before the apply`,
        ),
      );
    }
  }
  return out;
}
