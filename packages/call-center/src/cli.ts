/**
 * The command line of `node examples/call-center.ts`: prints the bundle as YAML (or JSON), or writes the
 * directory tree for `kubectl apply -k`. All I/O is passed in, so tests run it without a process.
 * Nothing is printed or written unless the whole bundle was built and checked.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  immutableChanges,
  K8sBuilderError,
  KUSTOMIZATION_FILE,
  type Manifest,
  type OptionIssue,
  toYaml,
  validateBundle,
  writeTree,
} from "@call-center/k8s-builders";
import { callCenter, callCenterCheckOptions, callCenterSecretTemplates } from "./bundle.ts";
import type { CallCenterConfig } from "./config.ts";
import { ENVIRONMENTS, environmentNamed, resolveValues, unknownEnvironment } from "./environments.ts";
import { closest } from "./suggest.ts";
import { callCenterTree, SECRET_TEMPLATES_FILE, secretTemplatesText } from "./tree.ts";

/** The largest values file read: a values file is a few kilobytes; this bounds what a wrong path can cost. */
export const VALUES_MAX_BYTES = 1024 * 1024;
/** The most `--diff-against` reads (a file, or every file of a tree): a bundle is well under 1 MiB. */
export const PREVIOUS_MAX_BYTES = 16 * 1024 * 1024;

export const USAGE = `Usage: node examples/call-center.ts [options]

Builds the call-center deployment and prints it as multi-document YAML. The Secrets its pods read are not
part of it (secrets.mode: template, the default): create them once, with kubectl create secret or from
--secret-templates; applying the bundle never overwrites them.

Options:
  --env <name>          environment: ${Object.keys(ENVIRONMENTS).join(" | ")} (default: production)
  --values <file.yaml>  your overrides, merged over the environment (validated; any field): a UTF-8 YAML
                        file of at most 1 MiB
  --out <dir>           write the kustomize tree (kustomization.yml, one folder per component, README.md,
                        and the Secret templates in ${SECRET_TEMPLATES_FILE}) instead of printing; the files
                        are YAML (--format json is refused with --out). The directory is replaced as a whole,
                        so it cannot be the current one: use e.g. --out k8s/
  --format <yaml|json>  what is printed on stdout (default: yaml; json prints a v1 List)
  --secret-templates    print the placeholder templates of the Secrets instead of the bundle
  --diff-against <path> what was deployed before: the YAML or JSON an earlier run printed, or the tree it
                        wrote with --out (at most 16 MiB); refuse changes Kubernetes rejects on apply
  -h, --help            show this help

Examples:
  node examples/call-center.ts > k8s.yaml && kubectl apply -f k8s.yaml   # after creating the Secrets once
  node examples/call-center.ts --env staging --values my-values.yaml --out k8s/ && kubectl apply -k k8s/
  node examples/call-center.ts --secret-templates   # the Secrets to create: fill in outside git, apply once
`;

/** What the CLI may touch. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * The bytes of a regular file of at most `maxBytes` bytes. Throws, without reading it, for anything else: a
   * directory, a FIFO or a device (which can block or never end), a larger file.
   */
  readFile(path: string, maxBytes: number): Uint8Array;
  /** Whether `path` is a directory (`false` when it is missing or anything else). */
  isDirectory(path: string): boolean;
  /**
   * Writes the files of `--out` into a directory, atomically (`writeTree`); returns what it repaired from an
   * interrupted earlier run, and problems that did not stop it, for people.
   */
  writeFiles(
    dir: string,
    files: ReadonlyMap<string, string>,
  ): { readonly recovered: readonly string[]; readonly warnings: readonly string[] };
}

function mebibytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/** Reads a regular file within a size limit; the checks run on the open file, before any byte is read. */
function readRegularFile(path: string, maxBytes: number): Uint8Array {
  // O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of waiting for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new Error("it is a directory");
    if (!st.isFile()) {
      throw new Error("it is not a regular file (a FIFO, a device or a socket can block or never end)");
    }
    if (st.size > maxBytes) {
      throw new Error(`it is ${st.size} bytes, more than the ${mebibytes(maxBytes)} allowed`);
    }
    const buffer = Buffer.alloc(st.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new Error(`it grew past the ${mebibytes(maxBytes)} allowed while read`);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: readRegularFile,
  isDirectory: (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  writeFiles: (dir, files) => writeTree(dir, files),
};

function fail(io: CliIo, message: string, code = 1): number {
  io.stderr(message.endsWith("\n") ? message : `${message}\n`);
  return code;
}

/** Why `bytes` are not UTF-8, with the line and column of the first bad byte; `undefined` when they are. */
function utf8Problem(bytes: Uint8Array): string | undefined {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    // Lead byte → continuation bytes and the allowed range of the first one (no overlongs, no surrogates).
    const [count, lo, hi] =
      b < 0x80
        ? [0, 0, 0]
        : b >= 0xc2 && b <= 0xdf
          ? [1, 0x80, 0xbf]
          : b === 0xe0
            ? [2, 0xa0, 0xbf]
            : b === 0xed
              ? [2, 0x80, 0x9f]
              : b >= 0xe1 && b <= 0xef
                ? [2, 0x80, 0xbf]
                : b === 0xf0
                  ? [3, 0x90, 0xbf]
                  : b === 0xf4
                    ? [3, 0x80, 0x8f]
                    : b >= 0xf1 && b <= 0xf3
                      ? [3, 0x80, 0xbf]
                      : [-1, 0, 0];
    let ok = count >= 0;
    for (let k = 1; ok && k <= count; k++) {
      const c = bytes[i + k];
      ok = c !== undefined && (k === 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xbf);
    }
    if (!ok) {
      return `byte 0x${b.toString(16).padStart(2, "0")} at line ${line}, column ${column} is not UTF-8`;
    }
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += count + 1;
  }
  return undefined;
}

/** The text of a file read for the CLI: refused unless it is UTF-8. */
function decode(bytes: Uint8Array, what: string): string {
  const problem = utf8Problem(bytes);
  if (problem !== undefined) throw new Error(`${what} is not UTF-8 text: ${problem} (save it as UTF-8)`);
  return new TextDecoder("utf-8").decode(bytes);
}

const OPTIONS = {
  env: { type: "string" },
  values: { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
  "diff-against": { type: "string" },
  "secret-templates": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: readonly string[]) {
  return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
}

/** A command-line mistake in one line, with the flag that was probably meant. */
function argumentError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (unknown !== null) {
    const [, dashes = "", name = ""] = unknown;
    const near = closest(name.split("=")[0] ?? name, Object.keys(OPTIONS));
    return `unknown option ${dashes}${name}${near === undefined ? "" : ` (did you mean --${near}?)`}`;
  }
  const positional = /^Unexpected argument '([^']*)'/.exec(message);
  if (positional !== null)
    return `unexpected argument "${positional[1]}": every option is written --name value`;
  return message;
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    return fail(io, `error: ${argumentError(e)}\n\n${USAGE}`, 2);
  }
  const { values: opts } = args;
  if (opts.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const env = environmentNamed(opts.env ?? "production");
  if (env === undefined) return fail(io, `error: ${unknownEnvironment(opts.env ?? "")}`, 2);
  const format = opts.format ?? "yaml";
  if (format !== "yaml" && format !== "json")
    return fail(io, `error: unknown format "${format}" (expected yaml or json)`, 2);
  if (opts["secret-templates"] === true && opts.out !== undefined) {
    return fail(
      io,
      `error: --secret-templates prints to stdout; with --out the tree has them in ${SECRET_TEMPLATES_FILE}`,
      2,
    );
  }
  if (opts.out !== undefined && format === "json") {
    return fail(
      io,
      "error: --format json applies to what is printed; --out writes the tree as YAML files for kustomize. Leave out --format json, or print JSON without --out",
      2,
    );
  }

  let values: unknown = {};
  if (opts.values !== undefined) {
    let text: string;
    try {
      text = decode(io.readFile(opts.values, VALUES_MAX_BYTES), opts.values);
    } catch (e) {
      return fail(io, `error: cannot read values file ${opts.values}: ${(e as Error).message}`);
    }
    try {
      // Loaded only for --values: most runs never parse YAML, and the parser costs start-up time.
      const { parse: parseYaml } = await import("yaml");
      values = parseYaml(text, { maxAliasCount: 100 }) ?? {};
    } catch (e) {
      return fail(io, `error: ${opts.values} is not valid YAML: ${(e as Error).message}`);
    }
  }

  // Every problem of the values file at once (at its paths in the file), and the bundle checks of the rest.
  const { config, issues } = resolveValues(env, values);
  const objects = config === undefined ? [] : callCenter(config);
  const report =
    config === undefined
      ? { errors: [], warnings: [] }
      : validateBundle(objects, callCenterCheckOptions(config));
  for (const w of report.warnings) io.stderr(`warning ${w.code}: ${describe(w)}\n`);
  if (issues.length > 0 || report.errors.length > 0) {
    const parts: string[] = [];
    if (issues.length > 0) parts.push(valuesError(opts.values ?? "", issues));
    if (report.errors.length > 0) {
      const lines = report.errors.map((e) => `  ✖ ${e.code}: ${describe(e)}\n    hint: ${e.hint}`);
      parts.push(`error: the bundle has ${report.errors.length} problem(s)\n${lines.join("\n")}`);
    }
    return fail(io, parts.join("\n"));
  }
  if (config === undefined) return fail(io, "error: the configuration could not be built");

  const previousPath = opts["diff-against"];
  if (previousPath !== undefined) {
    const previous = await readPrevious(io, previousPath);
    if (typeof previous === "string") return fail(io, `error (--diff-against ${previousPath}): ${previous}`);
    const mismatch = comparable(previous, objects);
    if (mismatch !== undefined) return fail(io, `error (--diff-against ${previousPath}): ${mismatch}`);
    const dropped = secretsNoLongerApplied(previous, objects);
    if (dropped.length > 0) {
      io.stderr(
        `note: ${previousPath} applies the Secret(s) ${dropped.join(", ")}; this bundle does not ` +
          `(secrets.mode: ${config.secrets.mode}): kubectl apply leaves them in the cluster as they are ` +
          "(kubectl apply --prune would delete them)\n",
      );
    }
    const changes = immutableChanges(previous, objects);
    if (changes.length > 0) {
      const lines = changes.map((c) => `  ✖ ${c.message}`);
      return fail(
        io,
        `error: ${changes.length} change(s) that Kubernetes refuses on apply (against ${previousPath}):\n${lines.join("\n")}`,
      );
    }
  }
  if (opts["secret-templates"] === true) {
    const templates = callCenterSecretTemplates(config);
    io.stdout(
      format === "json"
        ? `${JSON.stringify({ apiVersion: "v1", kind: "List", items: templates }, null, 2)}\n`
        : secretTemplatesText(config),
    );
    return 0;
  }
  if (opts.out !== undefined) {
    const files = callCenterTree(config);
    let written: ReturnType<CliIo["writeFiles"]>;
    try {
      written = io.writeFiles(opts.out, files);
    } catch (e) {
      // The directory is the culprit here, not the values file.
      if (K8sBuilderError.is(e)) return fail(io, `error (--out ${opts.out}): ${e.message}`);
      throw e;
    }
    for (const note of written.recovered) io.stderr(`note: ${note}\n`);
    for (const w of written.warnings) io.stderr(`warning: ${w}\n`);
    io.stderr(`wrote ${objects.length} objects in ${files.size} files to ${opts.out}\n`);
    const note = secretsNote(config, `${opts.out.replace(/\/+$/, "")}/${SECRET_TEMPLATES_FILE}`);
    if (note !== undefined) io.stderr(note);
    return 0;
  }
  const note = secretsNote(config, "--secret-templates");
  if (note !== undefined) io.stderr(note);
  io.stdout(
    format === "json"
      ? `${JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }, null, 2)}\n`
      : toYaml(objects),
  );
  return 0;
}

/** In template mode, says which Secrets the bundle leaves to the user, and where their templates are. */
function secretsNote(config: CallCenterConfig, templates: string): string | undefined {
  if (config.secrets.mode !== "template") return undefined;
  const names = callCenterSecretTemplates(config).map((s) => s.metadata?.name);
  return (
    `note: the bundle applies no Secrets (secrets.mode: template): create ${names.join(", ")} in namespace ` +
    `${config.namespace} once (templates: ${templates}); applies never overwrite them\n`
  );
}

/** Secrets of a bundle applied before that this bundle leaves out, as `namespace/name`. */
function secretsNoLongerApplied(previous: readonly Manifest[], objects: readonly Manifest[]): string[] {
  const id = (o: Manifest) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name ?? ""}`;
  const applied = new Set(objects.filter((o) => o.kind === "Secret").map(id));
  return previous.filter((o) => o.kind === "Secret" && !applied.has(id(o))).map(id);
}

/** The values file's problems, each at its path in the file. */
function valuesError(file: string, issues: readonly OptionIssue[]): string {
  const lines = issues.map((i) => `  ✖ ${i.message}${i.path === "" ? "" : ` → at ${i.path}`}`);
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  return `error (values file ${file}): ${count}\n${lines.join("\n")}`;
}

/** A finding's message already names its object; add the field's path. */
function describe(f: { path: string; message: string }): string {
  return f.path === "" ? f.message : `${f.message} (at ${f.path})`;
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
async function readPrevious(io: CliIo, path: string): Promise<Manifest[] | string> {
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
function comparable(previous: readonly Manifest[], next: readonly Manifest[]): string | undefined {
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
