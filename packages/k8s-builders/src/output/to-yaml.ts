/**
 * `toYaml(objects)`: a multi-document stream in a stable order, so that the same bundle always prints the
 * same bytes and `kubectl apply` creates what others depend on first (Namespace → RBAC → config → Services →
 * workloads → autoscaling/disruption → Ingress → policies → monitoring: the `applyOrder` of base/kinds.ts).
 */
import { applyRank } from "../base/kinds.ts";
import { documentToYaml } from "./yaml.ts";

/** Keys that lead a manifest, in this order; other keys keep their order after them. */
const TOP_KEYS = [
  "apiVersion",
  "kind",
  "metadata",
  "spec",
  "type",
  "immutable",
  "data",
  "stringData",
  "binaryData",
];
const META_KEYS = ["name", "namespace", "labels", "annotations"];

function ordered(obj: Record<string, unknown>, leading: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of leading) if (k in obj) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

function kindOf(o: object): string {
  const kind = (o as { kind?: unknown }).kind;
  return typeof kind === "string" ? kind : "";
}

/** Stable order of documents: by kind rank, unknown kinds last, input order within a kind. */
export function sortObjects<T extends object>(objects: readonly T[]): T[] {
  return objects
    .map((o, i) => ({ o, i, r: applyRank(kindOf(o)) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((e) => e.o);
}

/** Puts `apiVersion, kind, metadata (name, namespace, labels, annotations), spec, …` first. */
export function canonical(obj: object): Record<string, unknown> {
  const top = ordered(obj as Record<string, unknown>, TOP_KEYS);
  const meta = top.metadata;
  if (meta !== null && typeof meta === "object" && !Array.isArray(meta)) {
    top.metadata = ordered(meta as Record<string, unknown>, META_KEYS);
  }
  return top;
}

/** Options of {@link toYaml}. */
export interface ToYamlOptions {
  /** Keep the given order of documents instead of sorting them by kind. @default false */
  readonly keepOrder?: boolean;
}

/**
 * Serializes Kubernetes objects into one multi-document YAML stream that Kubernetes (YAML 1.1) reads exactly
 * as meant. Deterministic: same objects, same bytes.
 *
 * @example
 * process.stdout.write(toYaml([namespace({ name: "call-center" }), deployment(opts)]));
 */
export function toYaml(objects: readonly object[], options: ToYamlOptions = {}): string {
  const docs = options.keepOrder === true ? [...objects] : sortObjects(objects);
  return docs.map((d) => documentToYaml(canonical(d))).join("---\n");
}
