/**
 * Before/after on the same machine in the same minutes: the same commands in two (or more) checkouts, runs
 * interleaved, each checkout's figures paired with the first's. For measuring a change before it lands:
 *
 *   cp -r . /tmp/try && …edit, npm run build there…       # or any built checkout with its own node_modules
 *   node bench/compare.ts . /tmp/try                        # import, example, N = 1000
 *   node bench/compare.ts --runs 21 --sizes 100,1000 . /tmp/try
 *
 * Every checkout must be built (dist/) and resolve its own `@call-center/*` packages. The scripts that run in
 * each are this checkout's bench/services.mjs and probes, copied into `<checkout>/.tmp/bench/compare/`.
 * Prints wall time (median, p25–p75), the paired ratio to the first checkout, CPU time and peak RSS.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type Command, capture, closeNull, timeOnce, usageOnce } from "./lib/measure.ts";
import { type Summary, summarize } from "./lib/stats.ts";

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "15" },
    warmup: { type: "string", default: "2" },
    "mem-runs": { type: "string", default: "3" },
    sizes: { type: "string", default: "1000" },
  },
});
if (positionals.length < 2) {
  process.stderr.write(
    "usage: node bench/compare.ts [--runs 15] [--sizes 1000] <checkout A> <checkout B> [more…]\n",
  );
  process.exit(2);
}
const here = resolve(import.meta.dirname);
const hook = join(here, "rss-hook.cjs");
const dirs = positionals.map((d) => resolve(d));
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);
const MEM_RUNS = Number(opts["mem-runs"]);
const sizes = opts.sizes.split(",").map(Number);

const node = (cwd: string, id: string, args: string[], display: string): Command => ({
  id,
  label: id,
  exe: process.execPath,
  args,
  node: true,
  cwd,
  display,
});

/** The scenarios of one checkout, with this checkout's scripts copied into it. */
function scenarios(dir: string): Command[] {
  for (const pkg of ["k8s-builders", "call-center"]) {
    if (!existsSync(join(dir, "packages", pkg, "dist", "index.js"))) throw new Error(`${dir}: not built`);
  }
  const w = join(dir, ".tmp", "bench", "compare");
  mkdirSync(join(w, "lib"), { recursive: true });
  copyFileSync(join(here, "services.mjs"), join(w, "services.mjs"));
  copyFileSync(join(here, "lib", "service-group.mjs"), join(w, "lib", "service-group.mjs"));
  writeFileSync(join(w, "import-builders.mjs"), 'import "@call-center/k8s-builders";\n');
  writeFileSync(join(w, "import-bundle.mjs"), 'import "@call-center/bundle";\n');
  return [
    node(dir, "import builders", [join(w, "import-builders.mjs")], "import @call-center/k8s-builders"),
    node(dir, "import bundle", [join(w, "import-bundle.mjs")], "import @call-center/bundle"),
    node(dir, "example", [join(dir, "examples", "call-center.ts")], "node examples/call-center.ts"),
    ...sizes.map((n) =>
      node(dir, `N = ${n}`, [join(w, "services.mjs"), String(n)], `bench/services.mjs ${n}`),
    ),
  ];
}

const perDir = dirs.map(scenarios);
const reference = node(dirs[0] ?? ".", "node -e 0", ["-e", "0"], "node -e 0");
const outputs = perDir.map((cmds) => capture(cmds[2] as Command));
outputs.forEach((o, i) => {
  if (o !== outputs[0]) process.stderr.write(`note: ${dirs[i]} prints other YAML than ${dirs[0]}\n`);
});

interface Row {
  scenario: string;
  dir: string;
  time: Summary;
  ratio: Summary;
  cpu: Summary;
  rssMiB: Summary;
}
const rows: Row[] = [];
const ids = [reference.id, ...(perDir[0] ?? []).map((c) => c.id)];
for (const id of ids) {
  const cmds = id === reference.id ? [reference] : perDir.map((cs) => cs.find((c) => c.id === id) as Command);
  const times = cmds.map(() => [] as number[]);
  process.stderr.write(`compare: ${id}\n`);
  for (let r = -WARMUP; r < RUNS; r++) {
    const order = cmds.map((_, i) => i);
    if (r % 2 !== 0) order.reverse();
    for (const i of order) {
      const t = timeOnce(cmds[i] as Command);
      if (r >= 0) times[i]?.push(t);
    }
  }
  const cpu = cmds.map(() => [] as number[]);
  const rss = cmds.map(() => [] as number[]);
  for (let r = 0; r < MEM_RUNS; r++) {
    for (const [i, c] of cmds.entries()) {
      const u = await usageOnce(c, hook);
      rss[i]?.push(u.rssKiB / 1024);
      if (u.cpuMs !== undefined) cpu[i]?.push(u.cpuMs);
    }
  }
  cmds.forEach((c, i) => {
    const ts = times[i] ?? [];
    rows.push({
      scenario: id,
      dir: c.cwd,
      time: summarize(ts),
      ratio: summarize(ts.map((t, j) => t / (times[0]?.[j] ?? Number.NaN))),
      cpu: summarize(cpu[i] ?? []),
      rssMiB: summarize(rss[i] ?? []),
    });
  });
}
closeNull();

const f1 = (x: number) => x.toFixed(1);
process.stdout.write(
  `${RUNS} interleaved rounds after ${WARMUP} warm-up; CPU and RSS: median of ${MEM_RUNS} runs\n`,
);
for (const r of rows) {
  process.stdout.write(
    `${r.scenario.padEnd(16)} ${r.dir.padEnd(28)} ${f1(r.time.median).padStart(8)} ms (${f1(r.time.p25)}–${f1(r.time.p75)})` +
      `  ×${r.ratio.median.toFixed(3)} (${r.ratio.p25.toFixed(2)}–${r.ratio.p75.toFixed(2)})` +
      `  cpu ${f1(r.cpu.median).padStart(7)} ms  rss ${f1(r.rssMiB.median)} MiB\n`,
  );
}
