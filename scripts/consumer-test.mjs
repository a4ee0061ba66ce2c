#!/usr/bin/env node
// Consumer test: the packages as a user gets them from the registry, not as the workspace links them.
//
//   npm run build && node scripts/consumer-test.mjs           # --keep leaves the temporary project for a look
//
// 1. `npm pack` both workspaces and check each tarball holds only package.json, README/LICENSE/CHANGELOG and
//    dist/** (no sources, tests, golden files or .tsbuildinfo; source maps are fine), and every file that the
//    package.json entry points name.
// 2. A fresh project in the OS temporary folder (outside the repository, so no workspace link can help)
//    installs the two tarballs, typescript@6, @types/node@24 and, as `typescript-min`, the oldest TypeScript the
//    packages support (peerDependencies.typescript of the builders) (the repository's npm cache, --prefer-offline).
// 3. There, from test/consumer/: `node consumer.mjs` (import, the ESM builds; prints a small bundle as YAML),
//    `node consumer.cjs` (require, the CommonJS builds), and `tsc` on types.ts under nodenext (as ESM and as
//    CommonJS, types.cts) and under bundler resolution: strict, exactOptionalPropertyTypes, no skipLibCheck;
//    the file proves that return types are the kubernetes-types types, never `any`, and that unknown options
//    are compile errors. The same under the oldest TypeScript supported (tsconfig.ts-min.json), and the public
//    types without @types/node (types-no-node.ts: `types: []`, as a browser project). `consumer.mjs` also checks
//    that `K8sBuilderError.is` recognises the error across the ESM and CommonJS builds.
// Prints one line per check and exits non-zero on any failure. Plain Node, no dependencies.

import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixturesDir = join(rootDir, "test", "consumer");
const PACKAGES = [
  { name: "@call-center/k8s-builders", dir: "packages/k8s-builders" },
  { name: "@call-center/bundle", dir: "packages/call-center" },
];
/** The oldest TypeScript the packages support, as their package.json says: `>=5.4` → `5.4`. */
const TS_MIN = (() => {
  const builders = JSON.parse(readFileSync(join(rootDir, "packages/k8s-builders/package.json"), "utf8"));
  const range = builders.peerDependencies?.typescript ?? "";
  const min = /^>=\s*(\d+\.\d+)$/.exec(range)?.[1];
  if (min === undefined)
    throw new Error(`peerDependencies.typescript of the builders is not ">=X.Y": ${range}`);
  return min;
})();
const TOOLS = ["typescript@6", "@types/node@24", `typescript-min@npm:typescript@${TS_MIN}`];
const keep = process.argv.includes("--keep");
const started = performance.now();

class CheckFailed extends Error {}

const log = (line) => process.stdout.write(`consumer-test: ${line}\n`);
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const indent = (text) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

// A child npm must not inherit the workspace context of an `npm run` that started this script.
const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) =>
      !/^npm_(package|lifecycle)_/i.test(k) &&
      !/^npm_config_(prefix|local_prefix|workspaces?|include_workspace_root)$/i.test(k),
  ),
);

/** Runs a command; resolves to { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(command, args, { cwd, timeout = 120_000 } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv,
      shell: process.platform === "win32",
      stdio: ["ignore", "pipe", "pipe"],
      timeout,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", fail);
    child.on("close", (code, signal) => {
      const timedOut =
        signal !== null ? ` (killed by ${signal}${signal === "SIGTERM" ? ", timed out" : ""})` : "";
      done({ code: code ?? 1, stdout, stderr: stderr + timedOut });
    });
  });
}

/** Runs a command that must succeed; throws a CheckFailed naming it, with its output, otherwise. */
async function must(what, command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new CheckFailed(
      `${what} failed (exit ${result.code})\n${indent(`${result.stdout}\n${result.stderr}`)}`,
    );
  }
  return result;
}

const npm = (args, options) => must(`npm ${args[0]}`, "npm", args, options);

// ---- the tarball's contents -------------------------------------------------------------------------------

const ALLOWED = [/^package\.json$/, /^(README|LICEN[CS]E|CHANGELOG)(\.(md|txt|markdown))?$/i, /^dist\/.+/];
const FORBIDDEN = [
  [/(^|\/)src\//, "source folder"],
  [/(^|\/)(test|tests|__tests__|__golden__|fixtures)\//, "test folder"],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, "test file"],
  [/golden/i, "golden file"],
  [/\.tsbuildinfo$/, "tsc build info"],
  [/(^|\/)tsconfig[^/]*\.json$|(^|\/)tsup\.config\./, "build configuration"],
  [/(^|\/)\.env|\.tgz$/, "stray file"],
];

/**
 * Problems with a tarball's file list (paths relative to the package root). Besides dist/**, a file that the
 * exports map publishes on purpose (e.g. `./values.schema.json`) is allowed, unless it is a forbidden kind.
 */
function fileListProblems(files, exported) {
  const problems = [];
  for (const file of files) {
    const forbidden = FORBIDDEN.find(([re]) => re.test(file));
    if (forbidden) problems.push(`${file}: ${forbidden[1]} must not be published`);
    else if (!ALLOWED.some((re) => re.test(file)) && !exported.includes(file))
      problems.push(
        `${file}: not package.json, README/LICENSE/CHANGELOG, dist/** or a file of the exports map`,
      );
  }
  for (const need of [
    "package.json",
    "dist/index.js",
    "dist/index.cjs",
    "dist/index.d.ts",
    "dist/index.d.cts",
  ]) {
    if (!files.includes(need)) problems.push(`${need} is missing`);
  }
  return problems;
}

/** Every file that a package.json's entry points name (exports map leaves, main, module, types). */
function entryPointFiles(pkg) {
  const out = new Set();
  const walk = (value) => {
    if (typeof value === "string") out.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(pkg.exports);
  for (const field of ["main", "module", "types", "typings"]) walk(pkg[field]);
  return [...out].filter((f) => !f.includes("*"));
}

// ---- the steps ----------------------------------------------------------------------------------------------

const results = [];
function record(name, ok, detail) {
  results.push({ name, ok });
  log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? (ok ? ` — ${detail}` : `\n${indent(detail)}`) : ""}`);
}

async function pack(packDir) {
  for (const { name, dir } of PACKAGES) {
    if (!existsSync(join(rootDir, dir, "dist", "index.js"))) {
      throw new CheckFailed(
        `${name} is not built (${dir}/dist/index.js is missing): run \`npm run build\` first`,
      );
    }
  }
  const t = performance.now();
  const workspaces = PACKAGES.flatMap(({ dir }) => ["--workspace", dir]);
  const { stdout } = await npm(["pack", ...workspaces, "--json", "--pack-destination", packDir], {
    cwd: rootDir,
  });
  const packed = JSON.parse(stdout);
  const tarballs = {};
  for (const { name, dir } of PACKAGES) {
    const entry = packed.find((p) => p.name === name);
    if (!entry) throw new CheckFailed(`npm pack gave no tarball for ${name}`);
    const files = entry.files.map((f) => f.path.replaceAll("\\", "/")).sort();
    const manifest = JSON.parse(readFileSync(join(rootDir, dir, "package.json"), "utf8"));
    const problems = fileListProblems(files, entryPointFiles(manifest));
    for (const f of entryPointFiles(manifest)) {
      if (!files.includes(f)) problems.push(`${f} is named by package.json but not in the tarball`);
    }
    const notes = [];
    if (!files.some((f) => /^README/i.test(f))) notes.push("no README");
    if (manifest.license && !files.some((f) => /^LICEN[CS]E/i.test(f)))
      notes.push(`no LICENSE file for "${manifest.license}"`);
    record(
      `tarball ${entry.filename}`,
      problems.length === 0,
      problems.length === 0
        ? `${files.length} files, ${(entry.size / 1024).toFixed(0)} kB packed${notes.length ? ` (note: ${notes.join(", ")})` : ""}`
        : `${problems.join("\n")}\nfiles: ${files.join(" ")}`,
    );
    tarballs[name] = { file: join(packDir, entry.filename), version: entry.version };
  }
  log(`packed in ${seconds(t)}`);
  return tarballs;
}

async function install(projectDir, tarballs) {
  const t = performance.now();
  mkdirSync(projectDir);
  writeFileSync(
    join(projectDir, "package.json"),
    `${JSON.stringify({ name: "call-center-consumer-test", version: "0.0.0", private: true, type: "module" }, null, 2)}\n`,
  );
  for (const file of readdirSync(fixturesDir)) copyFileSync(join(fixturesDir, file), join(projectDir, file));
  // The same type checks once more as CommonJS: a .cts resolves the `require` condition (the .d.cts files).
  copyFileSync(join(fixturesDir, "types.ts"), join(projectDir, "types.cts"));

  const cache = (await npm(["config", "get", "cache"], { cwd: rootDir })).stdout.trim();
  const specs = [...Object.values(tarballs).map((t) => t.file), ...TOOLS];
  const flags = ["--no-audit", "--no-fund", "--prefer-offline", "--no-update-notifier", "--loglevel=error"];
  await npm(["install", ...flags, "--cache", cache, ...specs], { cwd: projectDir, timeout: 180_000 });

  // The bundle's dependency on the builders must be met by the builders' tarball, not by a registry copy.
  const lock = JSON.parse(readFileSync(join(projectDir, "package-lock.json"), "utf8")).packages;
  const problems = [];
  for (const [name, { file, version }] of Object.entries(tarballs)) {
    const copies = Object.entries(lock).filter(([path]) => path.endsWith(`node_modules/${name}`));
    const root = lock[`node_modules/${name}`];
    if (!root || root.version !== version || !root.resolved?.startsWith("file:")) {
      problems.push(`node_modules/${name} is not the tarball ${file} (lockfile: ${JSON.stringify(root)})`);
    }
    if (copies.length !== 1)
      problems.push(`${name} is installed ${copies.length} times: ${copies.map(([p]) => p).join(", ")}`);
    const installed = JSON.parse(
      readFileSync(join(projectDir, "node_modules", name, "package.json"), "utf8"),
    );
    for (const f of entryPointFiles(installed)) {
      if (!existsSync(join(projectDir, "node_modules", name, f)))
        problems.push(`${name}: ${f} named by package.json is missing`);
    }
    for (const [dep, range] of Object.entries(installed.dependencies ?? {})) {
      if (/^(workspace|file|link):/.test(range))
        problems.push(`${name}: dependency ${dep}@${range} cannot be installed by users`);
    }
  }
  const ts = lock["node_modules/typescript"]?.version;
  record(
    "install the tarballs in a fresh project",
    problems.length === 0,
    problems.join("\n") || `typescript ${ts}, ${seconds(t)}`,
  );
}

async function consumerChecks(projectDir) {
  const tsc = join(projectDir, "node_modules", "typescript", "bin", "tsc");
  const tscMin = join(projectDir, "node_modules", "typescript-min", "bin", "tsc");
  const checks = [
    {
      name: "import (ESM): node consumer.mjs",
      command: [process.execPath, "consumer.mjs"],
      verify: (r) =>
        ["Namespace", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"]
          .filter((kind) => !new RegExp(`^kind: ${kind}$`, "m").test(r.stdout))
          .map((kind) => `the printed YAML has no kind: ${kind}`),
      detail: (r) => `${r.stderr.trim()}, ${r.stdout.split("\n---\n").length} YAML documents printed`,
    },
    { name: "require (CommonJS): node consumer.cjs", command: [process.execPath, "consumer.cjs"] },
    {
      name: "types: tsc, module/moduleResolution nodenext (types.ts as ESM, types.cts as CommonJS)",
      command: [process.execPath, tsc, "-p", "tsconfig.nodenext.json"],
    },
    {
      name: "types: tsc, module esnext + moduleResolution bundler",
      command: [process.execPath, tsc, "-p", "tsconfig.bundler.json"],
    },
    {
      name: "types without @types/node: tsc, types [] and the DOM lib (types-no-node.ts)",
      command: [process.execPath, tsc, "-p", "tsconfig.no-node.json"],
    },
    {
      name: `types under the oldest TypeScript supported (${TS_MIN}): tsc, nodenext (types.ts, types.cts)`,
      command: [process.execPath, tscMin, "-p", "tsconfig.ts-min.json"],
    },
    {
      name: "bin: k8s-builders import <a CRD fixture> --out generated",
      command: [
        join(projectDir, "node_modules", ".bin", "k8s-builders"),
        "import",
        join(rootDir, "packages/k8s-builders/test/fixtures/crds/monitoring.coreos.com_servicemonitors.yaml"),
        "--out",
        "generated",
      ],
      verify: () =>
        existsSync(join(projectDir, "generated/monitoring.coreos.com/v1/service-monitor.ts"))
          ? []
          : ["generated/monitoring.coreos.com/v1/service-monitor.ts was not written"],
    },
  ];
  // All at once: the node runs take a second or two; the tsc runs are the slow part.
  const outcomes = await Promise.all(
    checks.map(async (check) => {
      const t = performance.now();
      const r = await run(check.command[0], check.command.slice(1), { cwd: projectDir });
      const problems =
        r.code === 0
          ? (check.verify?.(r) ?? [])
          : [`exit ${r.code}`, r.stdout, r.stderr].filter((s) => s.trim());
      const detail = problems.length
        ? problems.join("\n")
        : `${check.detail ? `${check.detail(r)}, ` : ""}${seconds(t)}`;
      return { check, problems, detail };
    }),
  );
  for (const { check, problems, detail } of outcomes) record(check.name, problems.length === 0, detail);
}

// ---- main ---------------------------------------------------------------------------------------------------

const tempDir = mkdtempSync(join(tmpdir(), "call-center-consumer-"));
const cleanUp = () => {
  if (!keep) rmSync(tempDir, { recursive: true, force: true });
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    cleanUp();
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

let fatal;
try {
  const inside = relative(rootDir, tempDir);
  if (!inside.startsWith(`..${sep}`) && inside !== "..") {
    throw new CheckFailed(`the temporary folder ${tempDir} is inside the repository; point TMPDIR elsewhere`);
  }
  const packDir = join(tempDir, "tarballs");
  mkdirSync(packDir);
  const tarballs = await pack(packDir);
  const projectDir = join(tempDir, "project");
  await install(projectDir, tarballs);
  await consumerChecks(projectDir);
} catch (error) {
  fatal = error instanceof CheckFailed ? error.message : (error?.stack ?? String(error));
} finally {
  cleanUp();
}

const failed = results.filter((r) => !r.ok).length + (fatal ? 1 : 0);
if (fatal) log(`FAIL ${fatal}`);
if (keep) log(`kept ${tempDir}`);
log(`${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed (${seconds(started)})`);
process.exitCode = failed === 0 ? 0 : 1;
