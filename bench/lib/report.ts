/** The benchmark's results: their shape (also the `--json` output), a text table, and a Markdown block. */
import type { Summary } from "./stats.ts";

export interface CommandResult {
  readonly id: string;
  readonly label: string;
  readonly command: string;
  readonly isFloor: boolean;
  readonly isSubject: boolean;
  readonly timesMs: number[];
  readonly time: Summary;
  /** Per-round ratio to the floor's run of the same round. */
  readonly ratio: Summary;
  /** Per-round difference to the floor's run of the same round, ms. */
  readonly deltaMs: Summary;
  readonly rssKiB: number[];
  readonly rss: Summary;
  /** CPU time (user + system, all threads) of the memory runs, ms; empty where the method cannot read it. */
  readonly cpuMs: number[];
  readonly cpu: Summary;
  readonly rssMethod: string;
}

export interface GroupResult {
  readonly id: string;
  readonly title: string;
  readonly objects?: number;
  readonly n?: number;
  readonly commands: CommandResult[];
  readonly notes: string[];
}

export interface Target {
  readonly name: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

/** Whole-process time per extra service, from the scale groups' medians. */
export interface Growth {
  readonly id: string;
  readonly label: string;
  /** ms per extra service between the smallest and the largest N (whole process, medians). */
  readonly msPerService: number;
  /** Of a least-squares line through the (N, median ms) points. */
  readonly r2: number;
  readonly points: { n: number; ms: number }[];
}

/**
 * In-process cost per extra service at each N (from `bench/phases.mjs`, no start-up noise): ours is
 * (build the services + toYaml of them) / N; the floor's is (stringify of them) / N.
 */
export interface PerService {
  readonly n: number;
  readonly ours: number;
  readonly stringify: number;
}

export interface Report {
  readonly date: string;
  /** What was measured, in the runner's words (`--label`). */
  readonly label?: string;
  readonly machine: {
    readonly cpu: string;
    readonly nproc: number;
    readonly memoryGiB: number;
    readonly kernel: string;
    readonly node: string;
    readonly loadStart: number[];
    readonly loadEnd: number[];
  };
  readonly versions: Record<string, string>;
  readonly config: {
    readonly runs: number;
    readonly warmup: number;
    readonly memRuns: number;
    readonly sizes: number[];
    readonly gnuTime: boolean;
  };
  readonly groups: GroupResult[];
  readonly growth: Growth[];
  readonly perService: PerService[];
  readonly phases: { n: number; ms: Record<string, Summary> }[];
  readonly targets: Target[];
}

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "–");
const mib = (kib: number) => f1(kib / 1024);
const signed = (x: number, f: (x: number) => string) => (x >= 0 ? `+${f(x)}` : f(x));
const load = (l: readonly number[]) => l.map((x) => x.toFixed(2)).join(" ");

function machineLine(r: Report): string {
  const m = r.machine;
  return (
    `${m.cpu}, ${m.nproc} cores, ${m.memoryGiB} GiB, Linux ${m.kernel}; Node ${m.node}; ` +
    `load average ${load(m.loadStart)} at start, ${load(m.loadEnd)} at end`
  );
}

function versionsLine(r: Report): string {
  return Object.entries(r.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function configLine(r: Report): string {
  const c = r.config;
  return (
    `${c.runs} timed rounds (the import group twice as many) after ${c.warmup} warm-up round(s), commands ` +
    "interleaved (order rotates each round); " +
    `peak RSS and CPU time (user + system): median of ${c.memRuns} separate run(s)`
  );
}

interface Row {
  label: string;
  median: string;
  spread: string;
  ratio: string;
  delta: string;
  rss: string;
  drss: string;
  cpu: string;
}

function rows(g: GroupResult): Row[] {
  const floor = g.commands.find((c) => c.isFloor);
  return g.commands.map((c) => ({
    label: `${c.label}${c.isFloor ? " (floor)" : ""}`,
    median: f1(c.time.median),
    spread: `${f1(c.time.p25)}–${f1(c.time.p75)}`,
    ratio: c.isFloor ? "1" : `${f2(c.ratio.median)} (${f2(c.ratio.p25)}–${f2(c.ratio.p75)})`,
    delta: c.isFloor ? "" : signed(c.deltaMs.median, f1),
    rss: mib(c.rss.median),
    drss: c.isFloor || floor === undefined ? "" : signed((c.rss.median - floor.rss.median) / 1024, f1),
    cpu: f1(c.cpu.median),
  }));
}

const HEAD: Row = {
  label: "command",
  median: "median ms",
  spread: "p25–p75",
  ratio: "× floor (p25–p75)",
  delta: "Δ ms",
  rss: "peak RSS MiB",
  drss: "Δ RSS",
  cpu: "CPU ms",
};

const PHASE_LABELS: Record<string, string> = {
  nodeStart: "Node start-up until user code",
  builders: "import @call-center/k8s-builders (with zod)",
  bundle: "import @call-center/bundle",
  buildBundle: "build the call-center bundle",
  buildServices: "build the extra services",
  toYamlBundle: "toYaml (the bundle)",
  toYamlServices: "toYaml (the extra services)",
  yamlImport: "for comparison: import yaml",
  stringifyBundle: "for comparison: yaml stringify (the bundle)",
  stringifyServices: "for comparison: yaml stringify (the services)",
};

export function renderText(r: Report): string {
  const out: string[] = [];
  if (r.label !== undefined) out.push(`label: ${r.label}`);
  out.push(`machine: ${machineLine(r)}`, `versions: ${versionsLine(r)}`, `method: ${configLine(r)}`, "");
  const keys = Object.keys(HEAD) as (keyof Row)[];
  for (const g of r.groups) {
    out.push(`${g.title}${g.objects === undefined ? "" : ` — ${g.objects} objects`}`);
    const all = [HEAD, ...rows(g)];
    const width = keys.map((k) => Math.max(...all.map((row) => row[k].length)));
    for (const row of all) {
      out.push(
        `  ${keys.map((k, i) => (i === 0 ? row[k].padEnd(width[i] ?? 0) : row[k].padStart(width[i] ?? 0))).join("  ")}`,
      );
    }
    for (const n of g.notes) out.push(`  note: ${n}`);
    out.push("");
  }
  if (r.growth.length > 0) {
    out.push("growth, whole process (median ms per extra service, smallest to largest N)");
    for (const gr of r.growth) {
      out.push(
        `  ${gr.label.padEnd(36)} ${f3(gr.msPerService)} ms/service; R² of a line ${gr.r2.toFixed(4)}`,
      );
    }
    out.push("");
  }
  if (r.perService.length > 0) {
    out.push("per extra service inside one process (median ms: our build + toYaml | yaml stringify alone)");
    for (const p of r.perService)
      out.push(`  N = ${String(p.n).padEnd(6)} ${f3(p.ours).padStart(8)} | ${f3(p.stringify)}`);
    out.push("");
  }
  if (r.phases.length > 0) {
    out.push(`phases inside one process (median ms; N = ${r.phases.map((p) => p.n).join(" | ")})`);
    for (const [k, label] of Object.entries(PHASE_LABELS)) {
      out.push(
        `  ${label.padEnd(52)} ${r.phases.map((p) => f1(p.ms[k]?.median ?? Number.NaN).padStart(8)).join("")}`,
      );
    }
    out.push("");
  }
  out.push("targets");
  for (const t of r.targets)
    out.push(`  ${t.met === undefined ? "?" : t.met ? "✓" : "✗"} ${t.name}: ${t.measured}`);
  return `${out.join("\n")}\n`;
}

function mdTable(head: readonly string[], body: readonly (readonly string[])[], align: string): string {
  const esc = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${head.map(esc).join(" | ")} |`,
    `| ${[...align].map((a) => (a === "r" ? "--:" : "---")).join(" | ")} |`,
    ...body.map((row) => `| ${row.map(esc).join(" | ")} |`),
  ].join("\n");
}

export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  out.push(
    `Measured ${r.date.slice(0, 16).replace("T", " ")} UTC by \`npm run bench -- --markdown docs/performance.md\`.`,
    "",
    ...(r.label === undefined ? [] : [`- What: ${r.label}.`]),
    `- Machine: ${machineLine(r)}.`,
    `- Versions: ${versionsLine(r)}.`,
    `- Method: ${configLine(r)}. Wall time of the whole process; ratios are medians of per-round ratios.`,
    "",
  );
  for (const g of r.groups) {
    out.push(`#### ${g.title}${g.objects === undefined ? "" : ` (${g.objects} objects)`}`, "");
    const rs = rows(g);
    out.push(
      mdTable(
        [
          "command",
          "median ms",
          "p25–p75",
          "× floor (p25–p75)",
          "Δ ms",
          "peak RSS MiB",
          "Δ RSS MiB",
          "CPU ms",
        ],
        g.commands.map((c, i) => {
          const row = rs[i] as Row;
          return [
            `${row.label}: \`${c.command}\``,
            row.median,
            row.spread,
            row.ratio,
            row.delta,
            row.rss,
            row.drss,
            row.cpu,
          ];
        }),
        "lrrrrrrr",
      ),
      "",
    );
    for (const n of g.notes) out.push(`${n}`, "");
  }
  if (r.growth.length > 0) {
    const sizes = r.config.sizes;
    out.push(`#### Growth: median ms per extra service, whole process (N = ${sizes.join(", ")})`, "");
    out.push(
      mdTable(
        ["", `ms/service, N = ${sizes[0]} → ${sizes[sizes.length - 1]}`, "R² of a line"],
        r.growth.map((g) => [g.label, f3(g.msPerService), g.r2.toFixed(4)]),
        "lrr",
      ),
      "",
    );
  }
  if (r.perService.length > 0) {
    out.push("#### Per extra service inside one process (`bench/phases.mjs`, median ms)", "");
    out.push(
      mdTable(
        ["N", "our build + toYaml", "yaml stringify alone"],
        r.perService.map((p) => [String(p.n), f3(p.ours), f3(p.stringify)]),
        "rrr",
      ),
      "",
    );
  }
  if (r.phases.length > 0) {
    out.push("#### Phases inside one process (`node bench/phases.mjs N`, median ms)", "");
    out.push(
      mdTable(
        ["phase", ...r.phases.map((p) => `N = ${p.n}`)],
        Object.entries(PHASE_LABELS).map(([k, label]) => [
          label,
          ...r.phases.map((p) => f1(p.ms[k]?.median ?? Number.NaN)),
        ]),
        `l${"r".repeat(r.phases.length)}`,
      ),
      "",
    );
  }
  out.push("#### Targets", "");
  out.push(
    mdTable(
      ["target", "measured (median)", "met"],
      r.targets.map((t) => [t.name, t.measured, t.met === undefined ? "?" : t.met ? "yes" : "**no**"]),
      "llr",
    ),
  );
  return out.join("\n");
}
