/**
 * `--diff-against`: the objects of a bundle deployed before (what an earlier run printed, or the tree it wrote),
 * and whether they can be compared with this one.
 */
import { join } from "node:path";
import { KUSTOMIZATION_FILE, type Manifest } from "@call-center/k8s-builders";
import type { CliIo } from "./cli-io.ts";
import { decode } from "./input-files.ts";

/** The most `--diff-against` reads (a file, or every file of a tree): a bundle is well under 1 MiB. */
export const PREVIOUS_MAX_BYTES = 16 * 1024 * 1024;

/** Secrets of a bundle applied before that this bundle leaves out, as `namespace/name`. */
export function secretsNoLongerApplied(
  previous: readonly Manifest[],
  objects: readonly Manifest[],
): string[] {
  const id = (o: Manifest) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
  const applied = new Set(objects.filter((o) => o.kind === "Secret").map(id));
  return previous.filter((o) => o.kind === "Secret" && !applied.has(id(o))).map(id);
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** `kind`, namespace and name: what identifies an object across two versions of the bundle. */
function identity(o: Manifest): string {
  return `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
}

/**
 * The objects of a bundle deployed before: the multi-document YAML or the JSON `List` an earlier run printed,
 * or the tree it wrote with `--out` (the files its kustomization.yml lists). A string is what is wrong.
 */
export async function readPrevious(
  io: Pick<CliIo, "readFile" | "isDirectory">,
  path: string,
): Promise<Manifest[] | string> {
  const { parse: parseYaml, parseAllDocuments } = await import("yaml");
  let budget = PREVIOUS_MAX_BYTES;
  const read = (file: string): string => {
    const bytes = io.readFile(file, budget);
    budget -= bytes.length;
    return decode(bytes, file);
  };
  /** The documents of one file, each one object (a `List` gives its items). */
  const objectsIn = (file: string, text: string): Manifest[] | string => {
    const out: Manifest[] = [];
    const docs = parseAllDocuments(text);
    const all = Array.isArray(docs) ? docs : [];
    for (const [index, doc] of all.entries()) {
      const where = all.length > 1 ? `${file}, document ${index + 1}` : file;
      if (doc.errors.length > 0) return `${where} is not valid YAML: ${doc.errors[0]?.message}`;
      let data: unknown;
      try {
        // Aliases expand: a few lines can stand for billions of nodes. Kubernetes output has none.
        data = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        return `${where} cannot be read: ${(e as Error).message}`;
      }
      if (data === null || data === undefined) continue;
      const items = isRecord(data) && data.kind === "List" && Array.isArray(data.items) ? data.items : [data];
      for (const item of items) {
        const metadata = isRecord(item) ? item.metadata : undefined;
        if (
          !isRecord(item) ||
          typeof item.apiVersion !== "string" ||
          typeof item.kind !== "string" ||
          !isRecord(metadata) ||
          typeof metadata.name !== "string"
        ) {
          return `${where} is not a Kubernetes object (no apiVersion, kind and metadata.name)${isRecord(item) && !("kind" in item) ? ": is it a values file? Give what an earlier run printed, or its --out tree" : ""}`;
        }
        out.push(item as Manifest);
      }
    }
    return out;
  };

  try {
    if (!io.isDirectory(path)) return objectsIn(path, read(path));
    // A tree written by --out: the files its kustomization lists.
    const kustomization = join(path, KUSTOMIZATION_FILE);
    let listed: unknown;
    try {
      listed = parseYaml(read(kustomization), { maxAliasCount: 100 });
    } catch (e) {
      return `${path} is a directory but not a tree written by --out (${KUSTOMIZATION_FILE}: ${(e as Error).message})`;
    }
    const resources = isRecord(listed) ? listed.resources : undefined;
    if (!Array.isArray(resources)) return `${kustomization} lists no resources`;
    const objects: Manifest[] = [];
    for (const r of resources) {
      if (
        typeof r !== "string" ||
        !/\.ya?ml$/.test(r) ||
        r.startsWith("/") ||
        r.split("/").some((s) => s === ".." || s === "")
      ) {
        return `${kustomization} lists ${JSON.stringify(r)}: only files inside the tree can be compared`;
      }
      const found = objectsIn(join(path, r), read(join(path, r)));
      if (typeof found === "string") return found;
      objects.push(...found);
    }
    return objects;
  } catch (e) {
    return `cannot read it: ${(e as Error).message}`;
  }
}

/** Why two bundles cannot be compared (nothing to compare, another namespace, nothing in common), if so. */
export function comparable(previous: readonly Manifest[], next: readonly Manifest[]): string | undefined {
  if (previous.length === 0) {
    return "it holds no Kubernetes objects; give what an earlier run printed (YAML or --format json) or its --out tree";
  }
  const namespaces = (objects: readonly Manifest[]): string[] =>
    [...new Set(objects.map((o) => o.metadata?.namespace).filter((n) => typeof n === "string"))].sort();
  const before = namespaces(previous);
  const now = namespaces(next);
  if (before.join() !== now.join()) {
    return `its objects are in namespace ${before.join(", ") || "(none)"}, this bundle's in ${now.join(", ")}: compare against the same environment (--env, and namespace in the values file)`;
  }
  const ids = new Set(next.map(identity));
  if (!previous.some((o) => ids.has(identity(o)))) {
    return "none of its objects is in this bundle (same kind, namespace and name): it is not an earlier version of it";
  }
  return undefined;
}
