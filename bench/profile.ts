/**
 * Where a command's CPU time goes: runs it under `node --cpu-prof` a few times and sums the samples' self time
 * by where the code lives (our dist, zod, yaml, Node's module loader, the type stripper, GC…) and by function.
 *
 *   node bench/profile.ts examples/call-center.ts
 *   node bench/profile.ts --runs 5 --top 30 bench/services.mjs 1000
 *
 * Profiles start after Node's bootstrap, so start-up itself is not in them (see `node -e 0` in the bench).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "3" }, top: { type: "string", default: "25" } },
});
if (positionals.length === 0) {
  process.stderr.write("usage: node bench/profile.ts [--runs 3] [--top 25] <script> [args…]\n");
  process.exit(2);
}

/** Where a function's code lives. */
function area(url: string, name: string): string {
  if (url === "") return name.startsWith("(") ? name : "(native/builtin)";
  if (url.includes("/packages/k8s-builders/")) return "@call-center/k8s-builders";
  if (url.includes("/packages/call-center/")) return "@call-center/bundle";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (m?.[1] !== undefined) return m[1];
  if (url.includes("amaro")) return "node: type stripper (amaro)";
  if (url.startsWith("node:internal/modules") || url.startsWith("node:internal/vm"))
    return "node: module loader";
  if (url.startsWith("node:")) return "node: other internals";
  return "user script";
}

const runs = Number(values.runs);
const byArea = new Map<string, number>();
const byFn = new Map<string, number>();
let total = 0;
for (let r = 0; r < runs; r++) {
  const dir = mkdtempSync(join(tmpdir(), "bench-prof-"));
  const res = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, ...positionals], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (res.status !== 0) throw new Error(`the command failed (${res.status})`);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error("no profile written");
  const p = JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile;
  rmSync(dir, { recursive: true, force: true });
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  p.samples.forEach((id, i) => {
    const n = nodes.get(id);
    const dt = (p.timeDeltas[i] ?? 0) / 1000 / runs;
    if (n === undefined) return;
    const { functionName, url, lineNumber } = n.callFrame;
    const a = area(url, functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + dt);
    const where = url === "" ? "" : ` ${url.replace(/^.*\/(node_modules|packages)\//, "")}:${lineNumber + 1}`;
    const key = `${functionName || "(anonymous)"}${where}`;
    byFn.set(key, (byFn.get(key) ?? 0) + dt);
    total += dt;
  });
}

const line = (ms: number, label: string) =>
  `${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${label}`;
const out = [`profiled ${total.toFixed(1)} ms (mean of ${runs} runs, self time)`, "", "by area:"];
for (const [a, ms] of [...byArea].sort((x, y) => y[1] - x[1])) out.push(line(ms, a));
out.push("", `top ${values.top} functions:`);
for (const [f, ms] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, Number(values.top)))
  out.push(line(ms, f));
process.stdout.write(`${out.join("\n")}\n`);
