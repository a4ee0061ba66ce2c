// Every bundle the project emits, as YAML: what `npm run test:apiserver` sends to the real API server.
// Add an entry when the project emits a new bundle (an example, an environment, a values file): values files
// in examples/values/ and golden files are found by themselves.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, runCli } from "@call-center/bundle";
import { rootDir } from "./server.ts";

export interface EmittedBundle {
  /** How a person names it: the command or file it comes from. */
  readonly name: string;
  /** Its multi-document YAML, exactly as a user gets it. */
  readonly yaml: () => Promise<string>;
}

/** `node examples/call-center.ts ARGS`, run in-process (the same `runCli`), stdout as the bundle. */
export function fromCli(args: readonly string[]): EmittedBundle {
  return {
    name: `node examples/call-center.ts ${args.join(" ")}`.trimEnd(),
    yaml: async () => {
      let out = "";
      let err = "";
      const code = await runCli(args, {
        stdout: (t) => {
          out += t;
        },
        stderr: (t) => {
          err += t;
        },
        readFile: (p) => readFileSync(join(rootDir, p)),
        isDirectory: () => false,
        writeFiles: () => {
          throw new Error("--out is not used here");
        },
      });
      if (code !== 0) throw new Error(`exit ${code}: ${err}`);
      return out;
    },
  };
}

/** A committed YAML file (repository-relative). */
export function fromFile(path: string): EmittedBundle {
  return { name: path, yaml: async () => readFileSync(join(rootDir, path), "utf8") };
}

const list = (dir: string, ext: string): string[] =>
  readdirSync(join(rootDir, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${dir}/${f}`);

const environments = Object.keys(ENVIRONMENTS);

/** The bundles: each environment, each values example in each environment, each golden file. */
export const BUNDLES: readonly EmittedBundle[] = [
  ...environments.map((env) => fromCli(["--env", env])),
  ...list("examples/values", ".yaml").flatMap((values) =>
    environments.map((env) => fromCli(["--env", env, "--values", values])),
  ),
  ...list("packages/call-center/test/__golden__", ".yaml").map(fromFile),
];
