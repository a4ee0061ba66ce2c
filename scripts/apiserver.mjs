#!/usr/bin/env node
// A real kube-apiserver + etcd on loopback for `npm run test:apiserver` (test/apiserver/).
//
//   node scripts/apiserver.mjs build   → builds (or reuses from the cache) kube-apiserver, etcd and the
//                                        certificate tool into .tools/bin/; prints the versions
//   node scripts/apiserver.mjs start   → a fresh data dir, generated certificates, a static admin token,
//                                        etcd + kube-apiserver on free loopback ports; waits for /readyz and
//                                        writes .tools/apiserver/kubeconfig and .tools/apiserver/state.json
//   node scripts/apiserver.mjs stop    → stops both (TERM, then KILL), checks that neither is left, removes
//                                        the run directory
//   node scripts/apiserver.mjs env     → `export KUBECONFIG=…` for a running server (eval it in a shell)
//
// The versions are the ones test/apiserver/go.mod pins (k8s.io/kubernetes, go.etcd.io/etcd/server/v3): the
// binaries are built from Go modules (the Go module proxy) with the machine's Go, and cached by version and
// module-graph hash in $XDG_CACHE_HOME/k8s-builders (default ~/.cache/k8s-builders), so a rebuild happens only
// when go.mod, go.sum or the small main packages change. A cold build takes many minutes on two cores; it
// runs under `nice -n 10` with at most 2 parallel compile jobs (the machine is shared).

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:https";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const moduleDir = join(rootDir, "test", "apiserver");
/** A second module (its own graph): upstream's CRD generator and the prometheus-operator API types. */
const crdgenDir = join(moduleDir, "crdgen");
const binDir = join(rootDir, ".tools", "bin");
/** Everything of one run: data, certificates, token, kubeconfig, logs, state. Wiped by start and stop. */
export const runDir = join(rootDir, ".tools", "apiserver");
export const stateFile = join(runDir, "state.json");
const BINARIES = ["kube-apiserver", "etcd", "apiserver-certs"];
/** Where the generated CustomResourceDefinitions are linked (test/apiserver/crds.ts reads them). */
export const crdDir = join(rootDir, ".tools", "crds");
/** The API packages whose CRDs are generated, as prometheus-operator generates its published ones. */
const CRD_PACKAGES = ["github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"];
/** The range Services get their cluster IPs from; the serving certificate includes its first address. */
const SERVICE_CIDR = "10.0.0.0/24";
const READY_TIMEOUT_MS = 180_000;

const log = (msg) => process.stderr.write(`apiserver: ${msg}\n`);

/** The pinned versions, read from the go.mod files (the one place they are written). */
export function versions() {
  const find = (dir, path) => {
    const mod = readFileSync(join(dir, "go.mod"), "utf8");
    const m = new RegExp(`^\\s*(?:require\\s+)?${path.replaceAll(".", "\\.")} (v[^\\s]+)`, "m").exec(mod);
    if (!m) throw new Error(`${path} is not required in ${join(dir, "go.mod")}`);
    return m[1];
  };
  return {
    kubernetes: find(moduleDir, "k8s.io/kubernetes"),
    etcd: find(moduleDir, "go.etcd.io/etcd/server/v3"),
    prometheusOperator: find(
      crdgenDir,
      "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring",
    ),
    controllerTools: find(crdgenDir, "sigs.k8s.io/controller-tools"),
  };
}

/** The version crdgen/go.mod requires of the module holding `pkg` (the longest module path that prefixes it). */
function crdModuleVersion(pkg) {
  const mod = readFileSync(join(crdgenDir, "go.mod"), "utf8");
  const found = [...mod.matchAll(/^\s*(?:require\s+)?(\S+) (v\S+)/gm)]
    .filter(([, path]) => pkg === path || pkg.startsWith(`${path}/`))
    .sort((a, b) => b[1].length - a[1].length)[0];
  if (!found) throw new Error(`${pkg}: no module of test/apiserver/crdgen/go.mod holds it`);
  return found[2];
}

function sourceHash() {
  const hash = createHash("sha256");
  const files = ["go.mod", "go.sum", "crdgen/go.mod", "crdgen/go.sum"];
  for (const dir of readdirSync(join(moduleDir, "cmd"))) {
    for (const f of readdirSync(join(moduleDir, "cmd", dir)))
      if (f.endsWith(".go")) files.push(join("cmd", dir, f));
  }
  for (const f of files.sort()) hash.update(`${f}\0`).update(readFileSync(join(moduleDir, f)));
  return hash.digest("hex").slice(0, 12);
}

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  const v = versions();
  return join(base, "k8s-builders", `apiserver-${v.kubernetes}-etcd-${v.etcd}-${sourceHash()}`);
}

/** Builds the binaries into the cache unless they are there; links them into .tools/bin. */
export function build() {
  const v = versions();
  const cache = cacheDir();
  if (!BINARIES.every((b) => existsSync(join(cache, b))) || !existsSync(join(cache, "crds"))) {
    const tmp = `${cache}.${process.pid}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const [major, minor] = v.kubernetes.slice(1).split(".");
    // What hack/lib/version.sh stamps into a release build, so /version and kubectl see the real version.
    const stamp = ["k8s.io/client-go/pkg/version", "k8s.io/component-base/version"].flatMap((pkg) => [
      `-X ${pkg}.gitVersion=${v.kubernetes}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
      `-X ${pkg}.buildDate=1970-01-01T00:00:00Z`,
    ]);
    const targets = [
      ["kube-apiserver", "k8s.io/kubernetes/cmd/kube-apiserver", stamp, moduleDir],
      ["etcd", "./cmd/etcd", [], moduleDir],
      ["apiserver-certs", "./cmd/certs", [], moduleDir],
      ["controller-gen", "sigs.k8s.io/controller-tools/cmd/controller-gen", [], crdgenDir],
    ];
    log(`building kube-apiserver ${v.kubernetes} and etcd ${v.etcd} into ${cache} (minutes on a cold cache)`);
    const started = Date.now();
    const run = (cmd, args, cwd, what) => {
      const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
      if (r.status !== 0) {
        rmSync(tmp, { recursive: true, force: true });
        throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
      }
    };
    for (const [name, pkg, ldflags, cwd] of targets) {
      const args = ["-n", "10", "go", "build", "-p", "2", "-trimpath", "-mod=readonly"];
      args.push("-ldflags", ["-s", "-w", ...ldflags].join(" "), "-o", join(tmp, name), pkg);
      run("nice", args, cwd, `go build ${pkg}`);
    }
    // The CRDs, generated from the pinned API types by upstream's own generator and settings; SOURCES.json
    // says where each file comes from (the tests print it).
    const crds = join(tmp, "crds");
    const sources = {};
    for (const [pkg, version] of CRD_PACKAGES.map((p) => [p, crdModuleVersion(p)])) {
      const before = new Set(existsSync(crds) ? readdirSync(crds) : []);
      const gen = [
        join(tmp, "controller-gen"),
        "crd:crdVersions=v1",
        `paths=${pkg}`,
        `output:crd:dir=${crds}`,
      ];
      run("nice", ["-n", "10", ...gen], crdgenDir, `controller-gen over ${pkg}`);
      for (const f of readdirSync(crds).filter((f) => !before.has(f))) {
        sources[f] =
          `generated by controller-gen ${v.controllerTools} (upstream's CRD generator) from ${pkg} ${version}`;
      }
    }
    writeFileSync(join(crds, "SOURCES.json"), `${JSON.stringify(sources, null, 2)}\n`);
    rmSync(cache, { recursive: true, force: true });
    renameSync(tmp, cache);
    log(`built in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  mkdirSync(binDir, { recursive: true });
  for (const b of BINARIES) {
    const link = join(binDir, b);
    rmSync(link, { force: true });
    symlinkSync(join(cache, b), link);
  }
  rmSync(crdDir, { recursive: true, force: true });
  symlinkSync(join(cache, "crds"), crdDir);
  return v;
}

/** A free TCP port on 127.0.0.1 (closed again before use; the gap is short). */
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The process is ours: running and started from one of our binaries (a reused pid is left alone). */
function ours(pid, binary) {
  if (!alive(pid)) return false;
  try {
    const exe = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0] ?? "";
    return exe === binary;
  } catch {
    return false;
  }
}

function readState() {
  return existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, "utf8")) : undefined;
}

/** GET a path of the server with the admin token; resolves with { status, body }. */
export function get(state, path) {
  return new Promise((res, rej) => {
    const req = request(
      `${state.server}${path}`,
      {
        ca: readFileSync(state.ca),
        headers: { authorization: `Bearer ${state.token}` },
        timeout: 5000,
      },
      (r) => {
        let body = "";
        r.setEncoding("utf8");
        r.on("data", (c) => {
          body += c;
        });
        r.on("end", () => res({ status: r.statusCode, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", rej);
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, check, procs) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    for (const p of procs) {
      if (!alive(p.pid)) throw new Error(`${p.name} exited while waiting for ${what}; see ${p.log}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

function tail(file, lines = 30) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export async function start() {
  const previous = readState();
  if (previous?.pids.some((p) => ours(p.pid, p.binary))) {
    throw new Error(
      "a server from an earlier start is still running: `node scripts/apiserver.mjs stop` first",
    );
  }
  const v = build();
  rmSync(runDir, { recursive: true, force: true });
  const certs = join(runDir, "certs");
  const data = join(runDir, "etcd-data");
  mkdirSync(certs, { recursive: true });
  mkdirSync(data, { recursive: true, mode: 0o700 });
  execFileSync(join(binDir, "apiserver-certs"), [certs], { stdio: "inherit" });
  const token = randomBytes(24).toString("hex");
  const tokenFile = join(runDir, "tokens.csv");
  // The admin user is in system:masters, which RBAC's bootstrap policy binds to cluster-admin.
  writeFileSync(tokenFile, `${token},k8s-builders-admin,k8s-builders-admin,"system:masters"\n`, {
    mode: 0o600,
  });
  const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;

  const launch = (name, args) => {
    const logFile = join(runDir, `${name}.log`);
    const fd = openSync(logFile, "w");
    const binary = join(binDir, name);
    // The symlink's target: /proc/<pid>/cmdline shows the path the process was started with.
    const child = spawn(binary, args, { detached: true, stdio: ["ignore", fd, fd] });
    child.unref();
    return { name, pid: child.pid, binary, log: logFile };
  };
  const etcd = launch("etcd", [
    "--name=k8s-builders-test",
    `--data-dir=${data}`,
    `--listen-client-urls=${etcdUrl}`,
    `--advertise-client-urls=${etcdUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=k8s-builders-test=${peerUrl}`,
    "--initial-cluster-state=new",
    // A throw-away store: no fsync is much faster and safe enough for tests.
    "--unsafe-no-fsync",
    "--log-level=warn",
  ]);
  const state = {
    versions: v,
    server: `https://127.0.0.1:${apiPort}`,
    token,
    ca: join(certs, "ca.crt"),
    kubeconfig: join(runDir, "kubeconfig"),
    etcd: etcdUrl,
    pids: [etcd],
  };
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  try {
    await waitFor(
      "etcd",
      () =>
        fetch(`${etcdUrl}/health`)
          .then((r) => r.json())
          .then((j) => j.health === "true"),
      [etcd],
    );
    const apiserver = launch("kube-apiserver", [
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      `--secure-port=${apiPort}`,
      // The `kubernetes` Service's endpoints would need a non-loopback address; nothing here uses them.
      "--endpoint-reconciler-type=none",
      `--etcd-servers=${etcdUrl}`,
      `--tls-cert-file=${join(certs, "serving.crt")}`,
      `--tls-private-key-file=${join(certs, "serving.key")}`,
      `--cert-dir=${certs}`,
      `--token-auth-file=${tokenFile}`,
      "--anonymous-auth=false",
      "--authorization-mode=RBAC",
      // The default admission plugins stay on; PodSecurity is among them since 1.25, named here so that a
      // version where it were not would still run it.
      "--enable-admission-plugins=PodSecurity",
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      `--service-account-key-file=${join(certs, "sa.pub")}`,
      `--service-account-signing-key-file=${join(certs, "sa.key")}`,
      "--profiling=false",
      "--v=0",
    ]);
    state.pids.push(apiserver);
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    await waitFor(
      "kube-apiserver /readyz",
      () => get(state, "/readyz").then((r) => r.status === 200),
      state.pids,
    );
  } catch (error) {
    for (const p of state.pids) log(`${p.name} log (last lines):\n${tail(p.log)}`);
    await stop();
    throw error;
  }
  writeFileSync(
    state.kubeconfig,
    [
      "apiVersion: v1",
      "kind: Config",
      "clusters:",
      "  - name: k8s-builders-test",
      "    cluster:",
      `      server: ${state.server}`,
      `      certificate-authority: ${state.ca}`,
      "users:",
      "  - name: k8s-builders-admin",
      "    user:",
      `      token: ${token}`,
      "contexts:",
      "  - name: k8s-builders-test",
      "    context: { cluster: k8s-builders-test, user: k8s-builders-admin }",
      "current-context: k8s-builders-test",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  log(`kube-apiserver ${v.kubernetes} (etcd ${v.etcd}) ready at ${state.server}`);
  log(`KUBECONFIG=${state.kubeconfig}`);
  return state;
}

async function terminate(p) {
  if (!ours(p.pid, p.binary)) return;
  process.kill(p.pid, "SIGTERM");
  const deadline = Date.now() + 20_000;
  while (alive(p.pid) && Date.now() < deadline) await sleep(200);
  if (alive(p.pid)) {
    log(`${p.name} (pid ${p.pid}) did not stop on TERM; killing it`);
    process.kill(p.pid, "SIGKILL");
    while (alive(p.pid)) await sleep(100);
  }
}

export async function stop() {
  const state = readState();
  if (state) {
    // The API server first (it holds etcd connections), then etcd.
    for (const p of [...state.pids].reverse()) await terminate(p);
    const left = state.pids.filter((p) => alive(p.pid) && ours(p.pid, p.binary));
    if (left.length > 0)
      throw new Error(`still running: ${left.map((p) => `${p.name} ${p.pid}`).join(", ")}`);
  }
  rmSync(runDir, { recursive: true, force: true });
  log(state ? "stopped" : "not running");
}

function env() {
  const state = readState();
  if (!state) throw new Error("not running: `node scripts/apiserver.mjs start` first");
  process.stdout.write(`export KUBECONFIG=${state.kubeconfig}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  const commands = {
    build: () => {
      const v = build();
      process.stdout.write(`kube-apiserver ${v.kubernetes}, etcd ${v.etcd} in ${binDir}\n`);
    },
    start,
    stop,
    env,
  };
  const run = commands[command];
  if (!run) {
    process.stderr.write("usage: node scripts/apiserver.mjs build|start|stop|env\n");
    process.exit(2);
  }
  try {
    await run();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
