/**
 * `toYaml(objects)`: a multi-document stream in a stable order, so that the same bundle always prints the
 * same bytes and `kubectl apply` creates what others depend on first (Namespace → RBAC → config → Services →
 * workloads → autoscaling/disruption → Ingress → policies → monitoring: the `applyOrder` of base/kinds.ts).
 */
import { formatPath, inputText, K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import { applyRank } from "../base/kinds.ts";
import { writeDocument } from "./yaml.ts";

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

/** Indices of the objects in document order: by kind rank, unknown kinds last, input order within a kind. */
function documentOrder(objects: readonly object[]): number[] {
  const ranks = objects.map((o) => applyRank(kindOf(o)));
  return objects.map((_, i) => i).sort((a, b) => (ranks[a] as number) - (ranks[b] as number) || a - b);
}

/** Stable order of documents: by kind rank, unknown kinds last, input order within a kind. */
export function sortObjects<T extends object>(objects: readonly T[]): T[] {
  return documentOrder(objects).map((i) => objects[i] as T);
}

/** Puts `apiVersion, kind, metadata (name, namespace, labels, annotations), spec, …` first. */
export function canonical(obj: object): Record<string, unknown> {
  const top = ordered(obj as Record<string, unknown>, TOP_KEYS);
  const meta = top.metadata;
  // Only plain data is reordered: anything else (a boxed string, a Date) is left for the writer to refuse.
  if (isPlainObject(meta)) top.metadata = ordered(meta, META_KEYS);
  return top;
}

/** Options of {@link toYaml}. */
export interface ToYamlOptions {
  /** Keep the given order of documents instead of sorting them by kind. @default false */
  readonly keepOrder?: boolean;
}

/** What toYaml says about an object in messages: `ConfigMap "call-center/app-config"`, or nothing. */
function identity(o: Record<string, unknown>): string {
  const kind = o.kind;
  const meta = o.metadata as { name?: unknown; namespace?: unknown } | null | undefined;
  const name = typeof meta === "object" && meta !== null ? meta.name : undefined;
  const ns = typeof meta === "object" && meta !== null ? meta.namespace : undefined;
  if (typeof kind !== "string" || typeof name !== "string") return "";
  return `${kind} "${typeof ns === "string" && ns !== "" ? `${ns}/` : ""}${name}": `;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The issue of an `objects` argument that is not a list (toYaml's and renderTree's). */
export function notAListIssues(objects: unknown): OptionIssue[] {
  return Array.isArray(objects)
    ? []
    : [
        {
          path: "objects",
          code: "invalid_type",
          message: `expected an array of Kubernetes objects, received ${inputText(objects)}`,
        },
      ];
}

/** Problems of toYaml's arguments themselves (not of the objects' contents). */
function argumentIssues(objects: unknown, options: unknown): OptionIssue[] {
  const issues: OptionIssue[] = notAListIssues(objects);
  if (Array.isArray(objects)) {
    for (let i = 0; i < objects.length; i++) {
      if (!isPlainObject(objects[i])) {
        issues.push({
          path: formatPath(["objects", i]),
          code: "invalid_type",
          message: `expected a Kubernetes object (a plain object), received ${inputText(objects[i])}`,
        });
      }
    }
  }
  if (options !== undefined) {
    if (!isPlainObject(options)) {
      issues.push({
        path: "options",
        code: "invalid_type",
        message: `expected an options object, received ${inputText(options)}`,
      });
    } else {
      for (const k of Object.keys(options)) {
        if (k !== "keepOrder") {
          issues.push({
            path: formatPath(["options", k]),
            code: "unknown_option",
            message: `unknown option "${k}" (check the spelling)`,
          });
        }
      }
      if (options.keepOrder !== undefined && typeof options.keepOrder !== "boolean") {
        issues.push({
          path: "options.keepOrder",
          code: "invalid_type",
          message: `expected boolean, received ${inputText(options.keepOrder)}`,
        });
      }
    }
  }
  return issues;
}

/**
 * Serializes Kubernetes objects into one multi-document YAML stream that Kubernetes (YAML 1.1) reads exactly
 * as meant. Deterministic: same objects, same bytes. A value that cannot be written as meant (not JSON data,
 * or a string holding a character Kubernetes' readers refuse) is refused with a {@link K8sBuilderError}
 * (builder `toYaml`) naming the object and the path, e.g. `objects[2].data.key`; every bad object is reported.
 *
 * @example
 * process.stdout.write(toYaml([namespace({ name: "call-center" }), deployment(opts)]));
 */
export function toYaml(objects: readonly object[], options?: ToYamlOptions): string {
  const bad = argumentIssues(objects, options);
  if (bad.length > 0) throw new K8sBuilderError("toYaml", undefined, bad);
  const input = objects as readonly Record<string, unknown>[];
  let docs: string[];
  const issues: { readonly index: number; readonly issue: OptionIssue }[] = [];
  try {
    const order = options?.keepOrder === true ? input.map((_, i) => i) : documentOrder(input);
    docs = order.map((i) => {
      const o = input[i] as Record<string, unknown>;
      const r = writeDocument(canonical(o), ["objects", i]);
      if (typeof r === "string") return r;
      issues.push({ index: i, issue: { ...r, message: `${identity(o)}${r.message}` } });
      return "";
    });
  } catch (e) {
    // Reading `kind` or `metadata` threw (a getter, a proxy): still the library's error.
    throw new K8sBuilderError("toYaml", undefined, [
      {
        path: "objects",
        code: "invalid_type",
        message: `the objects could not be read as plain data (${e instanceof Error ? e.message : String(e)})`,
      },
    ]);
  }
  if (issues.length > 0) {
    throw new K8sBuilderError(
      "toYaml",
      undefined,
      issues.sort((a, b) => a.index - b.index).map((e) => e.issue),
    );
  }
  return docs.join("---\n");
}
