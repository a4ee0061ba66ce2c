/**
 * `@call-center/k8s-builders/crd-import`: turns CustomResourceDefinition YAML into TypeScript modules, one per
 * served version, each with the spec's types and a builder that checks the spec against the CRD's schema. The
 * `k8s-builders import` command runs {@link importCrds}. Kept out of the main entry: it reads and writes files.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { K8sBuilderError, type OptionIssue } from "@call-center/k8s-builders";
import { type GenerateOptions, generateModule, modulePath } from "./generate.ts";
import { type CrdSource, readCrds, type ServedVersion, type SkippedDocument } from "./read.ts";

export type { GenerateOptions } from "./generate.ts";
export type { CrdSource, SkippedDocument } from "./read.ts";

/** The generated modules of some CRD sources, by path inside the output folder. */
export interface GeneratedModules {
  /** `<group>/<version>/<kind-kebab>.ts` → module text, sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  /** Documents of other kinds found beside the CRDs, left alone. */
  readonly skipped: readonly SkippedDocument[];
}

/**
 * The modules for every served version of every CRD in the sources: pure, and the same text for the same CRDs in
 * any order. Throws one `K8sBuilderError` (builder `importCrds`) listing every problem of the input.
 *
 * @example
 * generateCrdModules([{ path: "certificates.yaml", text: yaml }]).files.get("cert-manager.io/v1/certificate.ts");
 */
export function generateCrdModules(
  sources: readonly CrdSource[],
  options: GenerateOptions = {},
): GeneratedModules {
  const { versions, skipped } = readCrds(sources);
  const byPath = new Map<string, ServedVersion>();
  const issues: OptionIssue[] = [];
  for (const v of versions) {
    const path = modulePath(v);
    const first = byPath.get(path);
    // Kinds that differ only in case (HTTPRoute, HttpRoute) name one file: one would silently replace the other.
    if (first === undefined) byPath.set(path, v);
    else
      issues.push({
        path: v.crdName,
        code: "duplicate",
        message: `${v.group}/${v.version} kinds ${first.kind} and ${v.kind} would both be written to ${path}`,
      });
  }
  if (issues.length > 0) throw new K8sBuilderError("importCrds", undefined, issues);
  // The default sort is UTF-16 code-unit order: the same files in the same order on every machine.
  const paths = [...byPath.keys()].sort();
  return {
    files: new Map(paths.map((p) => [p, generateModule(byPath.get(p) as ServedVersion, options)])),
    skipped,
  };
}

/** Options of {@link importCrds}. */
export interface ImportCrdsOptions extends GenerateOptions {
  /** CRD YAML files (multi-document files are fine). */
  readonly files: readonly string[];
  /** The folder the modules are written into (created when missing). */
  readonly out: string;
}

/** What {@link importCrds} did. */
export interface ImportCrdsResult {
  /** Paths inside `out` of the modules written (new or changed). */
  readonly written: readonly string[];
  /** Paths inside `out` of the modules that were already up to date. */
  readonly unchanged: readonly string[];
  readonly skipped: readonly SkippedDocument[];
}

/**
 * Reads CRD YAML files and writes one TypeScript module per served version into `out`. Everything is read and
 * generated before anything is written; each file is written to a temporary file beside it and renamed into
 * place, so a module is never half written, and a module whose text is already there is left untouched. Throws
 * one `K8sBuilderError` (builder `importCrds`) for bad input (unreadable files, invalid YAML, no CRD, a schema
 * construct that cannot be typed) or a failed write.
 *
 * @example
 * importCrds({ files: ["crds/certificates.yaml"], out: "src/generated" });
 */
export function importCrds(options: ImportCrdsOptions): ImportCrdsResult {
  const sources: CrdSource[] = [];
  const unreadable: OptionIssue[] = [];
  for (const file of options.files) {
    try {
      sources.push({ path: file, text: readFileSync(file, "utf8") });
    } catch (e) {
      unreadable.push({
        path: file,
        code: "io_error",
        message: `cannot read ${file}: ${(e as Error).message}`,
      });
    }
  }
  if (options.files.length === 0)
    unreadable.push({ path: "files", code: "required", message: "no CRD file given" });
  if (unreadable.length > 0) throw new K8sBuilderError("importCrds", undefined, unreadable);
  const generated = generateCrdModules(sources, options);
  const out = resolve(options.out);
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const [path, text] of generated.files) {
    const target = join(out, path);
    let current: string | undefined;
    try {
      current = readFileSync(target, "utf8");
    } catch {
      current = undefined;
    }
    if (current === text) {
      unchanged.push(path);
      continue;
    }
    writeAtomically(target, text);
    written.push(path);
  }
  return { written, unchanged, skipped: generated.skipped };
}

function writeAtomically(target: string, text: string): void {
  const temp = join(dirname(target), `.${randomBytes(6).toString("hex")}.k8s-builders.tmp`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, target);
  } catch (e) {
    rmSync(temp, { force: true });
    throw new K8sBuilderError("importCrds", undefined, [
      { path: target, code: "io_error", message: `cannot write ${target}: ${(e as Error).message}` },
    ]);
  }
}
