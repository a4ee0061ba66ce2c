/**
 * Running one command as a whole process: its wall time (timing runs, nothing added to the child), its peak
 * resident set size (memory runs), or its stdout (verification).
 *
 * Peak RSS without extra packages: a Node child gets `--require bench/rss-hook.cjs`, which writes
 * `process.resourceUsage().maxRSS` (getrusage, KiB) to fd 3 at exit. Another program (helm, kubectl) is run
 * under `/usr/bin/time -f %M` when that exists, else its `/proc/<pid>/status` VmHWM (the kernel's own peak) is
 * sampled every millisecond while it runs — exact up to growth in its last millisecond. Memory runs also give
 * the CPU time (user + system, all threads): less disturbed than wall time by other load on the machine.
 */
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";

export interface Command {
  /** Stable key in the JSON output. */
  readonly id: string;
  /** What the table shows. */
  readonly label: string;
  /** Executable: `process.execPath` for Node children. */
  readonly exe: string;
  readonly args: readonly string[];
  /** A Node child (the RSS preload hook applies). */
  readonly node: boolean;
  readonly cwd: string;
  /** Extra environment (e.g. Helm's cache directories). */
  readonly env?: Readonly<Record<string, string>>;
  /** The command as a reader would type it. */
  readonly display: string;
}

const MAX_OUTPUT = 256 * 1024 * 1024;
const nullFd = openSync(devNull, "w");

/** The children's environment: the caller's, without NODE_OPTIONS (which would change what is measured). */
function childEnv(cmd: Command, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...cmd.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

function failure(cmd: Command, status: number | null, signal: string | null, stderr: string): Error {
  return new Error(`${cmd.display} failed (${status ?? signal}):\n${stderr.slice(0, 4000)}`);
}

/** Wall time of one run in milliseconds, stdout to /dev/null (like `> file`, without disk noise). */
export function timeOnce(cmd: Command): number {
  const env = childEnv(cmd);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd.exe, cmd.args, { cwd: cmd.cwd, env, stdio: ["ignore", nullFd, "pipe"] });
  const t1 = process.hrtime.bigint();
  if (r.status !== 0) throw failure(cmd, r.status, r.signal, String(r.stderr));
  return Number(t1 - t0) / 1e6;
}

/** Stdout of one run. */
export function capture(cmd: Command, extraArgs: readonly string[] = []): string {
  const r = spawnSync(cmd.exe, [...cmd.args, ...extraArgs], {
    cwd: cmd.cwd,
    env: childEnv(cmd),
    encoding: "utf8",
    maxBuffer: MAX_OUTPUT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (r.status !== 0) throw failure(cmd, r.status, r.signal, r.stderr);
  return r.stdout;
}

let timeWorks: boolean | undefined;
/** Whether `/usr/bin/time -f %M` is available (GNU time; absent on a fresh Debian). */
export function hasGnuTime(): boolean {
  if (timeWorks === undefined) {
    const out = join(tmpdir(), `bench-time-probe-${process.pid}`);
    const r = existsSync("/usr/bin/time")
      ? spawnSync("/usr/bin/time", ["-f", "%M", "-o", out, "true"], { stdio: "ignore" })
      : undefined;
    timeWorks = r?.status === 0 && existsSync(out) && /^\d+\s*$/.test(readFileSync(out, "utf8"));
    rmSync(out, { force: true });
  }
  return timeWorks;
}

/** How peak RSS (and CPU time) of `cmd` is read. */
export function rssMethod(cmd: Command): string {
  if (cmd.node) return "getrusage (preload)";
  return hasGnuTime() ? "/usr/bin/time" : "VmHWM (sampled; no CPU time)";
}

/** What a memory run reads: peak RSS, and CPU time (user + system) where the method gives it. */
export interface Usage {
  readonly rssKiB: number;
  readonly cpuMs: number | undefined;
}

/** Peak resident set size (and CPU time) of one run. */
export function usageOnce(cmd: Command, hook: string): Promise<Usage> {
  if (cmd.node) return nodeUsage(cmd, hook);
  if (hasGnuTime()) return Promise.resolve(timeUsage(cmd));
  return sampledUsage(cmd);
}

function nodeUsage(cmd: Command, hook: string): Promise<Usage> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.exe, ["--require", hook, ...cmd.args], {
      cwd: cmd.cwd,
      env: childEnv(cmd, { BENCH_RSS_FD: "3" }),
      stdio: ["ignore", nullFd, "pipe", "pipe"],
    });
    let report = "";
    let stderr = "";
    child.stdio[3]?.on("data", (d: Buffer) => {
      report += String(d);
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += String(d);
    });
    child.on("error", reject);
    child.on("close", (status, signal) => {
      const [kib, cpuUs] = report.trim().split(" ").map(Number);
      if (status !== 0) reject(failure(cmd, status, signal, stderr));
      else if (kib === undefined || !Number.isFinite(kib)) {
        reject(new Error(`${cmd.display}: no peak RSS reported by the preload`));
      } else resolve({ rssKiB: kib, cpuMs: cpuUs === undefined ? undefined : cpuUs / 1000 });
    });
  });
}

function timeUsage(cmd: Command): Usage {
  const out = join(tmpdir(), `bench-rss-${process.pid}`);
  const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", "-o", out, cmd.exe, ...cmd.args], {
    cwd: cmd.cwd,
    env: childEnv(cmd),
    stdio: ["ignore", nullFd, "pipe"],
  });
  if (r.status !== 0) throw failure(cmd, r.status, r.signal, String(r.stderr));
  const [kib = Number.NaN, user = Number.NaN, sys = Number.NaN] = readFileSync(out, "utf8")
    .trim()
    .split(/\s+/)
    .map(Number);
  rmSync(out, { force: true });
  return { rssKiB: kib, cpuMs: (user + sys) * 1000 };
}

function sampledUsage(cmd: Command): Promise<Usage> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.exe, [...cmd.args], {
      cwd: cmd.cwd,
      env: childEnv(cmd),
      stdio: ["ignore", nullFd, "pipe"],
    });
    let peak = 0;
    let stderr = "";
    const sample = () => {
      try {
        const m = /^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (m?.[1] !== undefined) peak = Math.max(peak, Number(m[1]));
      } catch {
        // Gone between samples.
      }
    };
    const timer = setInterval(sample, 1);
    child.stderr?.on("data", (d: Buffer) => {
      stderr += String(d);
    });
    child.on("exit", sample);
    child.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on("close", (status, signal) => {
      clearInterval(timer);
      if (status !== 0) reject(failure(cmd, status, signal, stderr));
      else resolve({ rssKiB: peak, cpuMs: undefined });
    });
  });
}

export function closeNull(): void {
  closeSync(nullFd);
}
