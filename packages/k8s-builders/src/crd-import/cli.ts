/**
 * The `k8s-builders` command line: `k8s-builders import <crd.yaml…> --out <dir>`. Exit codes: 0 done, 1 bad input
 * or a failed write (one message listing every problem), 2 a usage error.
 */
import { K8sBuilderError } from "@call-center/k8s-builders";
import { importCrds } from "./index.ts";

export const USAGE = `Usage: k8s-builders import <crd.yaml>... --out <dir> [--import-from <module>]

Reads CustomResourceDefinitions (apiextensions.k8s.io/v1; multi-document files are fine) and writes, for every
served version, <dir>/<group>/<version>/<kind>.ts: the spec's types with the CRD's descriptions, and a builder
that checks the spec against the CRD's schema.

  --out, -o <dir>          the folder to write into (created when missing)
  --import-from <module>   where the modules import the library from (default @call-center/k8s-builders)
  --help, -h               this text
`;

/** Where the command writes. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const processOutput: CliOutput = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the command line; returns the exit code. */
export function main(argv: readonly string[], io: CliOutput = processOutput): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? io.err : io.out)(USAGE.trimEnd());
    return command === undefined ? 2 : 0;
  }
  if (command !== "import") {
    io.err(`k8s-builders: unknown command "${command}"\n\n${USAGE.trimEnd()}`);
    return 2;
  }
  const files: string[] = [];
  let out: string | undefined;
  let importFrom: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    if (flag === "--help" || flag === "-h") {
      io.out(USAGE.trimEnd());
      return 0;
    }
    if (flag === "--out" || flag === "-o" || flag === "--import-from") {
      const value = inline ?? rest[++i];
      if (value === undefined || value === "") {
        io.err(`k8s-builders import: ${flag} needs a value\n\n${USAGE.trimEnd()}`);
        return 2;
      }
      if (flag === "--import-from") importFrom = value;
      else out = value;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.err(`k8s-builders import: unknown option ${arg}\n\n${USAGE.trimEnd()}`);
      return 2;
    } else files.push(arg);
  }
  if (out === undefined || files.length === 0) {
    io.err(
      `k8s-builders import: ${out === undefined ? "--out <dir> is required" : "no CRD file given"}\n\n${USAGE.trimEnd()}`,
    );
    return 2;
  }
  try {
    const result = importCrds({ files, out, ...(importFrom === undefined ? {} : { importFrom }) });
    for (const s of result.skipped)
      io.err(`skipped ${s.path}, document ${s.document}: a ${s.kind}, not a CRD`);
    for (const p of result.written) io.out(`wrote ${p}`);
    for (const p of result.unchanged) io.out(`unchanged ${p}`);
    return 0;
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    io.err(`k8s-builders import: ${e.issues.length === 1 ? (e.issues[0]?.message ?? e.message) : e.message}`);
    return 1;
  }
}
