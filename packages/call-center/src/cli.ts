/**
 * The command line of `node examples/call-center.ts`: prints the bundle as YAML (or JSON), or writes the
 * directory tree for `kubectl apply -k`. All I/O is passed in, so tests run it without a process.
 * Nothing is printed or written unless the whole bundle was built and checked.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  immutableChanges,
  K8sBuilderError,
  type Manifest,
  toYaml,
  validateBundle,
  writeTree,
} from "@call-center/k8s-builders";
import { callCenter, callCenterCheckOptions, callCenterSecretTemplates } from "./bundle.ts";
import type { CallCenterConfig } from "./config.ts";
import { ENVIRONMENTS, type EnvironmentName, resolveConfig } from "./environments.ts";
import { callCenterTree, SECRET_TEMPLATES_FILE, secretTemplatesText } from "./tree.ts";

export const USAGE = `Usage: node examples/call-center.ts [options]

Builds the call-center deployment and prints it as multi-document YAML. The Secrets its pods read are not
part of it (secrets.mode: template, the default): create them once, with kubectl create secret or from
--secret-templates; applying the bundle never overwrites them.

Options:
  --env <name>          environment: ${Object.keys(ENVIRONMENTS).join(" | ")} (default: production)
  --values <file.yaml>  your overrides, merged over the environment (validated; any field)
  --out <dir>           write the kustomize tree (kustomization.yml, one folder per component, README.md,
                        and the Secret templates in ${SECRET_TEMPLATES_FILE}) instead
  --format <yaml|json>  output format for stdout (default: yaml)
  --secret-templates    print the placeholder templates of the Secrets instead of the bundle
  --diff-against <file> a bundle deployed before (YAML): refuse changes Kubernetes rejects on apply
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
  readFile(path: string): string;
  /**
   * Writes the files of `--out` into a directory, atomically (`writeTree`); returns what it repaired from an
   * interrupted earlier run, and problems that did not stop it, for people.
   */
  writeFiles(
    dir: string,
    files: ReadonlyMap<string, string>,
  ): { readonly recovered: readonly string[]; readonly warnings: readonly string[] };
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, "utf8"),
  writeFiles: (dir, files) => writeTree(dir, files),
};

function fail(io: CliIo, message: string, code = 1): number {
  io.stderr(message.endsWith("\n") ? message : `${message}\n`);
  return code;
}

/** Runs the command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    return fail(io, `error: ${(e as Error).message}\n\n${USAGE}`, 2);
  }
  const { values: opts } = args;
  if (opts.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  const env = opts.env ?? "production";
  if (!(env in ENVIRONMENTS)) {
    return fail(
      io,
      `error: unknown environment "${env}" (expected ${Object.keys(ENVIRONMENTS).join(" or ")})`,
      2,
    );
  }
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
  try {
    let values: unknown = {};
    if (opts.values !== undefined) {
      let text: string;
      try {
        text = io.readFile(opts.values);
      } catch (e) {
        return fail(io, `error: cannot read values file ${opts.values}: ${(e as Error).message}`);
      }
      try {
        // Loaded only for --values: most runs never parse YAML, and the parser costs start-up time.
        const { parse: parseYaml } = await import("yaml");
        values = parseYaml(text) ?? {};
      } catch (e) {
        return fail(io, `error: ${opts.values} is not valid YAML: ${(e as Error).message}`);
      }
    }
    const config = resolveConfig(env as EnvironmentName, values);
    const objects = callCenter(config);
    // Whole-bundle checks before anything is printed or written: errors stop here, warnings go to stderr.
    const report = validateBundle(objects, callCenterCheckOptions(config));
    for (const w of report.warnings) io.stderr(`warning ${w.code}: ${describe(w)}\n`);
    if (report.errors.length > 0) {
      const lines = report.errors.map((e) => `  ✖ ${e.code}: ${describe(e)}\n    hint: ${e.hint}`);
      return fail(io, `error: the bundle has ${report.errors.length} problem(s)\n${lines.join("\n")}`);
    }
    if (opts["diff-against"] !== undefined) {
      const previous = await readBundle(io, opts["diff-against"]);
      if (typeof previous === "string") return fail(io, previous);
      const dropped = secretsNoLongerApplied(previous, objects);
      if (dropped.length > 0) {
        io.stderr(
          `note: ${opts["diff-against"]} applies the Secret(s) ${dropped.join(", ")}; this bundle does not ` +
            `(secrets.mode: ${config.secrets.mode}): kubectl apply leaves them in the cluster as they are ` +
            "(kubectl apply --prune would delete them)\n",
        );
      }
      const changes = immutableChanges(previous, objects);
      if (changes.length > 0) {
        const lines = changes.map((c) => `  ✖ ${c.message}`);
        return fail(
          io,
          `error: ${changes.length} change(s) that Kubernetes refuses on apply (against ${opts["diff-against"]}):\n${lines.join("\n")}`,
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
  } catch (e) {
    if (e instanceof K8sBuilderError) {
      const where = opts.values === undefined ? "" : ` (values file ${opts.values})`;
      return fail(io, `error${where}: ${e.message}`);
    }
    throw e;
  }
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

/** A finding's message already names its object; add the field's path. */
function describe(f: { path: string; message: string }): string {
  return f.path === "" ? f.message : `${f.message} (at ${f.path})`;
}

/** Reads a multi-document YAML bundle; a string is an error message. */
async function readBundle(io: CliIo, file: string): Promise<Manifest[] | string> {
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    return `error: cannot read ${file}: ${(e as Error).message}`;
  }
  const { parseAllDocuments } = await import("yaml");
  const docs = parseAllDocuments(text);
  const bad = docs.find((d) => d.errors.length > 0);
  if (bad !== undefined) return `error: ${file} is not valid YAML: ${bad.errors[0]?.message}`;
  return docs.map((d) => d.toJS() as Manifest).filter((o) => o !== null && typeof o === "object");
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      env: { type: "string" },
      values: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      "diff-against": { type: "string" },
      "secret-templates": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
