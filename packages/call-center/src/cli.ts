/**
 * The command line of `node examples/call-center.ts`: prints the bundle as YAML (or JSON), or writes the
 * directory tree for `kubectl apply -k`. All I/O is passed in, so tests run it without a process.
 * Nothing is printed or written unless the whole bundle was built and checked; only `--graph` draws a bundle
 * that fails its checks (the picture shows the problems in red), and then exits 1.
 */
import {
  bundleGraph,
  immutableChanges,
  K8sBuilderError,
  mermaidLimitsExceeded,
  type OptionIssue,
  toMermaid,
  toSvg,
  toYaml,
  validateBundle,
} from "@call-center/k8s-builders";
import { callCenterCheckOptions, callCenterSecretTemplates } from "./bundle.ts";
import { type CliIo, defaultIo } from "./cli-io.ts";
import type { CallCenterConfig } from "./config.ts";
import { comparable, readPrevious, secretsNoLongerApplied } from "./diff-against.ts";
import { ENVIRONMENTS, environmentNamed, resolveValues, unknownEnvironment } from "./environments.ts";
import { decode } from "./input-files.ts";
import { closest } from "./suggest.ts";
import { callCenterTree, GITOPS_FILE, SECRET_TEMPLATES_FILE, secretTemplatesText } from "./tree.ts";

/** The largest values file read: a values file is a few kilobytes; this bounds what a wrong path can cost. */
export const VALUES_MAX_BYTES = 1024 * 1024;

export const USAGE = `Usage: node examples/call-center.ts [options]

Builds the call-center deployment and prints it as multi-document YAML. The Secrets its pods read are not
part of it (secrets.mode: template, the default): create them once, with kubectl create secret or from
--secret-templates; applying the bundle never overwrites them.

Options:
  --env <name>          environment: ${Object.keys(ENVIRONMENTS).join(" | ")} (default: production)
  --values <file.yaml>  your overrides, merged over the environment (validated; any field): a UTF-8 YAML
                        file of at most 1 MiB
  --out <dir>           write the kustomize tree (kustomization.yml, one folder per component, README.md,
                        the Secret templates in ${SECRET_TEMPLATES_FILE}, and with gitops in the values the
                        Argo CD or Flux objects that sync it in ${GITOPS_FILE}) instead of printing; the files
                        are YAML (--format json is refused with --out). The directory is replaced as a whole,
                        so it cannot be the current one: use e.g. --out k8s/
  --format <yaml|json>  what is printed on stdout (default: yaml; json prints a v1 List)
  --secret-templates    print the placeholder templates of the Secrets instead of the bundle
  --graph <mermaid|svg> print a picture of the bundle instead of the YAML: its objects by component,
                        traffic and references as labelled arrows, problems in red (a Mermaid flowchart,
                        or a self-contained SVG image)
  --diff-against <path> what was deployed before: the YAML or JSON an earlier run printed, or the tree it
                        wrote with --out (at most 16 MiB); refuse changes Kubernetes rejects on apply
  -h, --help            show this help

Examples:
  node examples/call-center.ts > k8s.yaml && kubectl apply -f k8s.yaml   # after creating the Secrets once
  node examples/call-center.ts --env staging --values my-values.yaml --out k8s/ && kubectl apply -k k8s/
  node examples/call-center.ts --secret-templates   # the Secrets to create: fill in outside git, apply once
  node examples/call-center.ts --graph mermaid      # the bundle as a picture (a Mermaid flowchart)
  node examples/call-center.ts --graph svg          # the same picture as a self-contained SVG image
`;

/** What `--graph` draws. */
const GRAPH_FORMATS: readonly string[] = ["mermaid", "svg"];

function fail(io: CliIo, message: string, code = 1): number {
  io.stderr(message.endsWith("\n") ? message : `${message}\n`);
  return code;
}

const OPTIONS = {
  env: { type: "string" },
  values: { type: "string" },
  out: { type: "string" },
  format: { type: "string" },
  "diff-against": { type: "string" },
  "secret-templates": { type: "boolean" },
  graph: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: readonly string[]) {
  // node:util on first use (process.getBuiltinModule): importing it loads streams and worker_threads.
  return process
    .getBuiltinModule("node:util")
    .parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
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

const FORMATS = ["yaml", "json"];

/** `; did you mean "x"?` for the candidate closest to a misspelt value, or nothing. */
function suggestion(value: string, candidates: readonly string[]): string {
  const near = closest(value, candidates);
  return near === undefined ? "" : `; did you mean "${near}"?`;
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
    return fail(
      io,
      `error: unknown format "${format}" (expected yaml or json${suggestion(format, FORMATS)})`,
      2,
    );
  const graph = opts.graph;
  if (graph !== undefined && !GRAPH_FORMATS.includes(graph))
    return fail(io, `error: unknown graph format "${graph}" (expected ${GRAPH_FORMATS.join(" or ")})`, 2);
  const alone = (["out", "format", "secret-templates", "diff-against"] as const).filter(
    (k) => opts[k] !== undefined,
  );
  if (graph !== undefined && alone.length > 0) {
    return fail(
      io,
      `error: --graph prints a picture instead of the bundle; leave out --${alone.join(", --")}`,
      2,
    );
  }
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
  const { config, objects, issues } = resolveValues(env, values);
  const report =
    config === undefined
      ? { errors: [], warnings: [] }
      : validateBundle(objects, callCenterCheckOptions(config));
  for (const w of report.warnings) io.stderr(`warning ${w.code}: ${describe(w)}\n`);
  if (graph !== undefined && config !== undefined) {
    const picture = bundleGraph(objects, { validate: callCenterCheckOptions(config) });
    const text = graph === "svg" ? toSvg(picture) : toMermaid(picture);
    io.stdout(text);
    const tooBig = graph === "mermaid" ? mermaidLimitWarning(text) : undefined;
    if (tooBig !== undefined) io.stderr(tooBig);
  }
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
  if (graph !== undefined) return 0;

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

/**
 * One line when a Mermaid diagram is over the limits of Mermaid's default configuration (GitHub's renderer
 * refuses it, or draws an error), with the way out; nothing when it is within them.
 */
export function mermaidLimitWarning(text: string): string | undefined {
  const over = mermaidLimitsExceeded(text).map((o) =>
    o.limit === "maxEdges"
      ? `${o.count} edges (Mermaid's default limit: ${o.max}, maxEdges)`
      : `${o.count} characters (Mermaid's default limit: ${o.max}, maxTextSize)`,
  );
  if (over.length === 0) return undefined;
  return (
    `warning: the Mermaid diagram has ${over.join(" and ")}: GitHub and other renderers with Mermaid's ` +
    "defaults will not draw it; use --graph svg (no such limit), or raise the limit with mermaid.initialize in " +
    "a renderer you control\n"
  );
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
