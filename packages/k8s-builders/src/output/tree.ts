/**
 * `renderTree(objects, layout)`: a directory of manifests as data (file path → YAML text), plus a
 * `kustomization.yml` that lists every manifest, so `kubectl apply -k <dir>` applies the whole tree. Pure: no
 * file is touched here; `writeTree` (write-tree.ts) writes the result.
 */
import * as z from "zod/mini";
import { formatPath, inputText, K8sBuilderError, type OptionIssue } from "../base/errors.ts";
import type { IssueCode } from "../base/issue-codes.ts";
import { groupOf, isClusterScoped, kindFileName } from "../base/kinds.ts";
import { compareCodeUnits } from "../base/object.ts";
import { lazyObject, objectSchema, option } from "../base/options.ts";
import { parseOptions } from "../base/validate.ts";
import { kustomization } from "./kustomization.ts";
import { kustomizationShape } from "./kustomization-schema.ts";
import { relativePathProblem } from "./paths.ts";
import { notAListIssues, toYaml } from "./to-yaml.ts";
import { documentToYaml } from "./yaml.ts";

/** The Kustomization file that {@link renderTree} adds at the top of the tree. */
export const KUSTOMIZATION_FILE = "kustomization.yml";

/** File names Kustomize reads as a kustomization; none of them may be written next to ours. */
const KUSTOMIZATION_NAMES = new Set(["kustomization.yml", "kustomization.yaml", "kustomization"]);

/** The manifest file of `writeTree`; reserved so that a tree can always be written. */
export const MANIFEST_FILE = ".k8s-builders-manifest.json";

/** What {@link renderTree} reads from each object. */
interface Identity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, unknown>>;
}

function identityOf(o: unknown): Identity | undefined {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return undefined;
  const { apiVersion, kind, metadata } = o as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
  if (typeof apiVersion !== "string" || apiVersion === "" || typeof kind !== "string" || kind === "") {
    return undefined;
  }
  if (metadata === null || typeof metadata !== "object") return undefined;
  const { name, namespace, labels } = metadata as { name?: unknown; namespace?: unknown; labels?: unknown };
  if (typeof name !== "string" || name === "") return undefined;
  return {
    apiVersion,
    kind,
    name,
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : undefined,
    labels: labels !== null && typeof labels === "object" ? (labels as Record<string, unknown>) : {},
  };
}

function label(labels: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const v = labels[key];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The default layout, one directory per application:
 * - cluster-scoped kinds (Namespace, ClusterRole …) at the top: `namespace.yml`;
 * - objects labelled `app.kubernetes.io/name` in the app's directory: `call-processor/deployment.yml`,
 *   `call-processor/hpa.yml`, `postgresql/statefulset.yml` (derived objects carry their workload's labels);
 * - objects with only an `app.kubernetes.io/component` label in the component's directory;
 * - anything else at the top: `servicemonitor.yml`.
 * File names come from {@link kindFileName}. Objects that land on the same path share the file, in `toYaml`
 * order. For another layout, pass a function (it may call this one for the objects it does not place).
 *
 * @example
 * defaultLayout(deployment({ name: "call-processor", containers })); // "call-processor/deployment.yml"
 */
export function defaultLayout(object: object): string {
  const id = readIdentity(object);
  const file = `${kindFileName(id?.kind ?? "object")}.yml`;
  if (id === undefined || isClusterScoped(id.kind)) return file;
  const dir = label(id.labels, "app.kubernetes.io/name") ?? label(id.labels, "app.kubernetes.io/component");
  return dir === undefined ? file : `${dir}/${file}`;
}

/** Where each object goes: `"default"` ({@link defaultLayout}) or a function giving a relative `.yml` path. */
export type TreeLayout<T extends object = object> = "default" | ((object: T) => string);

/** The schema of {@link RenderTreeOptions} (built on first use). */
export const RenderTreeOptionsSchema = lazyObject(() => ({
  /**
   * Other files of the tree, path → text (e.g. `{ "README.md": "…" }`). Written as given, never listed as
   * resources.
   * @default unset (none)
   */
  extraFiles: option(z.record(z.string(), z.string()), {
    description:
      'Other files of the tree, path → text (e.g. `{ "README.md": "…" }`). Written as given, never listed as resources.',
    unset: "none",
    k8s: "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/",
  }),
  /**
   * Other fields of the generated kustomization.yml (namespace, labels, images, generators); `resources` is
   * always the list of generated manifests.
   * @default unset (none)
   */
  kustomization: option(objectSchema(kustomizationShape)(), {
    description:
      "Other fields of the generated kustomization.yml (namespace, labels, images, generators); `resources` is always the list of generated manifests.",
    unset: "none",
    k8s: "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/",
  }),
}));

/** Options of {@link renderTree}. */
export type RenderTreeOptions = z.input<typeof RenderTreeOptionsSchema>;

/** A path as macOS (APFS, HFS+) and Windows compare names: case-insensitive, and NFC and NFD alike. */
const foldedPath = (path: string): string => path.normalize("NFC").toLowerCase();

/**
 * Path problems of a whole tree (path → where it came from, for the issue's path): a file that is also a
 * directory, or two files or directories whose names differ only in case or Unicode form (`App/` and `app/`,
 * `café.md` in NFC and in NFD), which macOS and Windows take for one.
 */
export function treeConflicts(paths: ReadonlyMap<string, string>): OptionIssue[] {
  const issues: OptionIssue[] = [];
  const files = new Set([...paths.keys()].map(foldedPath));
  const spelled = new Map<string, string>(); // every file and directory, folded → as first written
  const reported = new Set<string>(); // a directory spelled two ways is one conflict, however many files it holds
  for (const [path, where] of paths) {
    const segments = path.split("/");
    for (let i = 1; i <= segments.length; i++) {
      const part = segments.slice(0, i).join("/");
      const folded = foldedPath(part);
      const isFile = i === segments.length;
      if (!isFile && files.has(folded)) {
        issues.push({
          path: where,
          code: "path_conflict",
          message: `"${path}" needs a directory "${part}", which is also a file of the tree`,
        });
        break;
      }
      const other = spelled.get(folded);
      if (other === undefined) spelled.set(folded, part);
      else if (other !== part) {
        if (!reported.has(folded)) {
          reported.add(folded);
          const one = `one ${isFile ? "file" : "directory"}`;
          issues.push({
            path: where,
            code: "path_conflict",
            message:
              other.normalize("NFC") === part.normalize("NFC")
                ? `"${part.normalize("NFC")}" is written in two Unicode forms (NFC and NFD): they would be ${one} on macOS`
                : `"${part}" and "${other}" differ only in case: they would be ${one} on macOS and Windows`,
          });
        }
        break;
      }
    }
  }
  return issues;
}

function reservedProblem(path: string): string | undefined {
  if (path === MANIFEST_FILE) return `"${path}" is reserved for writeTree's record of the files it wrote`;
  if (KUSTOMIZATION_NAMES.has(path.toLowerCase())) {
    return `"${path}" is reserved: renderTree writes ${KUSTOMIZATION_FILE} itself, and Kustomize refuses two kustomization files`;
  }
  return undefined;
}

function layoutProblem(path: unknown): { code: IssueCode; message: string } | undefined {
  if (typeof path !== "string") {
    return { code: "invalid_path", message: `the layout gave ${typeof path}, expected a relative file path` };
  }
  const bad = relativePathProblem(path);
  if (bad !== undefined) return { code: "invalid_path", message: `the layout gave "${path}", which ${bad}` };
  if (!/\.ya?ml$/.test(path)) {
    return {
      code: "invalid_path",
      message: `the layout gave "${path}", which does not end in .yml or .yaml`,
    };
  }
  const reserved = reservedProblem(path);
  return reserved === undefined ? undefined : { code: "reserved_path", message: reserved };
}

function groupKey(id: Identity): string {
  return `${groupOf(id.apiVersion)}|${id.kind}|${id.namespace ?? ""}|${id.name}`;
}

function describe(id: Identity): string {
  return `${id.kind} "${id.namespace === undefined ? "" : `${id.namespace}/`}${id.name}"`;
}

/** {@link identityOf}, or undefined when reading the object throws (a getter, a proxy). */
function readIdentity(o: unknown): Identity | undefined {
  try {
    return identityOf(o);
  } catch {
    return undefined;
  }
}

/** Problems of renderTree's arguments that would otherwise surface as a TypeError. */
function argumentIssues(objects: unknown, layout: unknown): OptionIssue[] {
  const issues: OptionIssue[] = notAListIssues(objects);
  if (layout !== "default" && typeof layout !== "function") {
    issues.push({
      path: "layout",
      code: "invalid_type",
      message: `expected "default" or a function from object to file path, received ${inputText(layout)}`,
    });
  }
  return issues;
}

/** The YAML of one manifest file; toYaml's issues go to `issues` with the objects' paths in renderTree's input. */
function manifestText(objects: readonly object[], indices: readonly number[], issues: OptionIssue[]): string {
  try {
    return toYaml(objects);
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    for (const i of e.issues) {
      const path = i.path.replace(
        /^objects\[(\d+)\]/,
        (_, k: string) => `objects[${indices[Number(k)] ?? k}]`,
      );
      issues.push({ ...i, path });
    }
    return "";
  }
}

/**
 * Lays objects out as a directory of YAML files and adds a `kustomization.yml` listing every one of them (sorted),
 * so `kubectl apply -k` applies the tree. Returns file path → text, sorted by path; same input, same bytes.
 *
 * Rules, all reported together in one {@link K8sBuilderError} (builder `renderTree`):
 * - each object has `apiVersion`, `kind` and `metadata.name` (`invalid_object`);
 * - no two objects share API group, kind, namespace and name (`duplicate`): the cluster would hold one
 *   of them, and Kustomize refuses the pair;
 * - layout paths are relative, with forward slashes, no `.`/`..` or empty segments, and end in `.yml` or
 *   `.yaml` (`invalid_path`); extra files follow the same rules but may have any extension;
 * - `kustomization.yml`/`.yaml`, `Kustomization` and `.k8s-builders-manifest.json` at the top are reserved
 *   (`reserved_path`); no path is both a file and a directory, or differs from another only in case
 *   (`path_conflict`); an extra file cannot take a manifest's path (`path_conflict`).
 *
 * @example
 * const files = renderTree([namespace({ name: "call-center" }), api, serviceFor(api)], "default", {
 *   extraFiles: { "README.md": "# Deploy\n\nkubectl apply -k .\n" },
 * });
 * // "README.md", "api/deployment.yml", "api/service.yml", "kustomization.yml", "namespace.yml"
 */
export function renderTree<T extends object>(
  objects: readonly T[],
  layout: TreeLayout<T>,
  options: RenderTreeOptions = {},
): Map<string, string> {
  const o = parseOptions("renderTree", RenderTreeOptionsSchema, options);
  const junk = argumentIssues(objects, layout);
  if (junk.length > 0) throw new K8sBuilderError("renderTree", undefined, junk);
  const place = layout === "default" ? defaultLayout : layout;
  const issues: OptionIssue[] = [];
  const files = new Map<string, T[]>();
  /** The index in `objects` of each object of `files`, for toYaml's issues. */
  const indices = new Map<string, number[]>();
  const where = new Map<string, string>();
  const seen = new Map<string, number>();

  objects.forEach((object, i) => {
    const at = formatPath(["objects", i]);
    const id = readIdentity(object);
    if (id === undefined) {
      issues.push({
        path: at,
        code: "invalid_object",
        message: "expected a Kubernetes object with apiVersion, kind and metadata.name",
      });
      return;
    }
    const key = groupKey(id);
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        path: at,
        code: "duplicate",
        message: `${describe(id)} (${id.apiVersion}) is already objects[${first}]: one of them would be lost`,
      });
      return;
    }
    seen.set(key, i);
    let path: unknown;
    try {
      path = place(object);
    } catch (e) {
      issues.push({
        path: at,
        code: "layout_failed",
        message: `the layout threw for ${describe(id)}: ${e instanceof Error ? e.message : String(e)}`,
      });
      return;
    }
    const problem = layoutProblem(path);
    if (problem !== undefined || typeof path !== "string") {
      issues.push({
        path: at,
        code: problem?.code ?? "invalid_path",
        message: `${describe(id)}: ${problem?.message ?? "not a file path"}`,
      });
      return;
    }
    const list = files.get(path);
    if (list === undefined) {
      files.set(path, [object]);
      indices.set(path, [i]);
      where.set(path, at);
    } else {
      list.push(object);
      indices.get(path)?.push(i);
    }
  });

  const extras = Object.entries(o.extraFiles ?? {});
  for (const [path, _] of extras) {
    const at = formatPath(["extraFiles", path]);
    const problem = relativePathProblem(path);
    if (problem !== undefined) {
      issues.push({ path: at, code: "invalid_path", message: `"${path}" ${problem}` });
    } else if (reservedProblem(path) !== undefined) {
      issues.push({ path: at, code: "reserved_path", message: reservedProblem(path) ?? "" });
    } else if (files.has(path)) {
      issues.push({
        path: at,
        code: "path_conflict",
        message: `"${path}" is also where the layout puts ${where.get(path) ?? "an object"}`,
      });
    } else where.set(path, at);
  }
  if (issues.length === 0) {
    issues.push(...treeConflicts(new Map([...where, [KUSTOMIZATION_FILE, KUSTOMIZATION_FILE]])));
  }
  if (issues.length > 0) throw new K8sBuilderError("renderTree", undefined, issues);

  const resources = [...files.keys()].sort(compareCodeUnits);
  let k: ReturnType<typeof kustomization>;
  try {
    k = kustomization({ ...o.kustomization, resources });
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    throw new K8sBuilderError(
      "renderTree",
      undefined,
      e.issues.map((i) => ({ ...i, path: `kustomization${i.path.startsWith("[") ? "" : "."}${i.path}` })),
    );
  }
  const out = new Map<string, string>();
  const manifests = resources.map((path): [string, string] => [
    path,
    manifestText(files.get(path) ?? [], indices.get(path) ?? [], issues),
  ]);
  if (issues.length > 0) throw new K8sBuilderError("renderTree", undefined, issues);
  const entries: [string, string][] = [...manifests, ...extras, [KUSTOMIZATION_FILE, documentToYaml(k)]];
  for (const [path, text] of entries.sort((a, b) => compareCodeUnits(a[0], b[0]))) out.set(path, text);
  return out;
}
