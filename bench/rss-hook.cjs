/**
 * Preload for `node --require`: at exit, writes the process's peak resident set size (KiB) and CPU time (user +
 * system, µs, all threads), both from getrusage via `process.resourceUsage()`, to the file descriptor named by
 * BENCH_RSS_FD. Lets the benchmark read a
 * Node child's peak memory without /usr/bin/time (not installed on every Debian). CommonJS, so that preloading
 * it does not start the ES module loader in a process that would not have started it (`node -e 0`). Used
 * only in memory runs: timing runs carry no preload.
 */
const { writeSync } = require("node:fs");

const fd = Number(process.env.BENCH_RSS_FD);
if (Number.isInteger(fd) && fd > 2) {
  process.on("exit", () => {
    try {
      const u = process.resourceUsage();
      writeSync(fd, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\n`);
    } catch {
      // The reader went away: nothing to report.
    }
  });
}
