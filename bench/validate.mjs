/**
 * What `validateBundle` costs on large bundles, measured inside one process against `toYaml` of the same objects
 * (issue 12: `validateBundle` stays linear, under 2× `toYaml`). Prints one JSON line; `npm run bench` runs it as
 * the `validate` group, and `--markdown` writes its table into docs/performance.md.
 *
 *   node bench/validate.mjs            # after npm run build
 *   node bench/validate.mjs --quick    # fewer rounds, for a look
 *
 * Cases:
 * - scale: N objects (Deployment + Service + HPA + PDB groups from bench/lib/service-group.mjs) at N ≈ 2,500,
 *   5,000 and 10,000: validateBundle and toYaml timed in alternation, the ratio is the median of per-round
 *   ratios; the per-object time at each N shows whether it grows with N.
 * - bad ports: one Service with 50,000 ports whose targetPort no container has, selecting the pods of 2,000
 *   Deployments: the time, the heap after, the number of findings and the total length of their messages
 *   (which must stay bounded: a message lists a few pods, not all 2,000).
 * - duplicates: 5,000 copies of one Deployment + Service pair (every copy is DUPLICATE_OBJECT).
 * - policies: 200 service groups in one namespace and one NetworkPolicy allowing ingress from that namespace
 *   (80,000 allowed flows): validateBundle, networkReachability and bundleGraph, medians of the rounds.
 */
const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 3 : 7;

const b = await import("@call-center/k8s-builders");
const { serviceGroup, serviceName } = await import("./lib/service-group.mjs");

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const time = (f) => {
  const t0 = performance.now();
  const r = f();
  return [performance.now() - t0, r];
};
const options = { externalNamespaces: ["monitoring"] };

// ------------------------------------------------------------------------------------------------- scale
function objectsOf(n) {
  const out = [];
  for (let i = 1; out.length < n; i++) out.push(...serviceGroup(b, serviceName(i)));
  return out;
}
const scale = [];
for (const n of [2500, 5000, 10000]) {
  const objects = objectsOf(n);
  // Warm-up: JIT both paths once.
  b.validateBundle(objects, options);
  b.toYaml(objects);
  const v = [];
  const y = [];
  const ratios = [];
  let findings = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const [tv, res] = time(() => b.validateBundle(objects, options));
    const [ty] = time(() => b.toYaml(objects));
    v.push(tv);
    y.push(ty);
    ratios.push(tv / ty);
    findings = res.errors.length + res.warnings.length;
  }
  scale.push({
    objects: objects.length,
    validateMs: median(v),
    toYamlMs: median(y),
    ratio: median(ratios),
    validateUsPerObject: (median(v) * 1000) / objects.length,
    findings,
  });
}

// ---------------------------------------------------------------------------------------------- bad ports
function badPorts(deployments, ports) {
  const objects = [];
  for (let i = 1; i <= deployments; i++) {
    const d = b.deployment({
      name: `app-${i}`,
      namespace: "call-center",
      labels: { tier: "web" },
      containers: [
        { name: "app", image: "ghcr.io/acme/app:1.0.0", ports: [{ name: "http", containerPort: 8080 }] },
      ],
    });
    // All of them carry tier: web on their pods, which the Service selects.
    d.spec.template.metadata.labels.tier = "web";
    objects.push(d);
  }
  objects.push({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "call-center" },
    spec: {
      selector: { tier: "web" },
      ports: Array.from({ length: ports }, (_, i) => ({
        name: `p${i}`,
        port: 1 + (i % 65535),
        targetPort: `missing-${i % 997}`,
      })),
    },
  });
  return objects;
}
globalThis.gc?.();
const bad = badPorts(2000, 50000);
const [badMs, badResult] = time(() => b.validateBundle(bad, options));
const badFindings = [...badResult.errors, ...badResult.warnings];
const badPortsCase = {
  deployments: 2000,
  ports: 50000,
  ms: badMs,
  findings: badFindings.length,
  messageChars: badFindings.reduce((a, f) => a + f.message.length, 0),
  longestMessage: Math.max(0, ...badFindings.map((f) => f.message.length)),
  heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
};

// --------------------------------------------------------------------------------------------- duplicates
const [d0, s0] = serviceGroup(b, "dup");
const dups = [];
for (let i = 0; i < 5000; i++) dups.push(structuredClone(d0), structuredClone(s0));
const [dupMs, dupResult] = time(() => b.validateBundle(dups, options));
const duplicates = {
  pairs: 5000,
  ms: dupMs,
  findings: dupResult.errors.length + dupResult.warnings.length,
  messageChars: [...dupResult.errors, ...dupResult.warnings].reduce((a, f) => a + f.message.length, 0),
};

// ---------------------------------------------------------------------------------------------- policies
const WORKLOADS = 200;
const withPolicy = objectsOf(4 * WORKLOADS);
withPolicy.push({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "same-namespace", namespace: "call-center" },
  spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: {} }] }] },
});
b.bundleGraph(withPolicy, { validate: options }); // warm-up
const pv = [];
const pr = [];
const pg = [];
let flows = 0;
for (let r = 0; r < ROUNDS; r++) {
  pv.push(time(() => b.validateBundle(withPolicy, options))[0]);
  const [tr, reach] = time(() => b.networkReachability(withPolicy, options));
  pr.push(tr);
  flows = reach.flows.length;
  pg.push(time(() => b.bundleGraph(withPolicy, { validate: options }))[0]);
}
const policies = {
  workloads: WORKLOADS,
  flows,
  validateMs: median(pv),
  reachabilityMs: median(pr),
  bundleGraphMs: median(pg),
};

const result = { rounds: ROUNDS, scale, badPorts: badPortsCase, duplicates, policies };
process.stdout.write(`${JSON.stringify(result)}\n`);

const mdAt = process.argv.indexOf("--markdown");
if (mdAt !== -1 && process.argv[mdAt + 1] !== undefined) {
  const { existsSync, readFileSync, writeFileSync } = await import("node:fs");
  const { cpus, loadavg } = await import("node:os");
  const file = process.argv[mdAt + 1];
  const f = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const block = [
    "<!-- validate-bench:begin -->",
    `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/validate.mjs\` (medians of ${ROUNDS} rounds, ${cpus()[0]?.model.trim() ?? "?"}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end, Node ${process.version}).`,
    "",
    "| objects | validateBundle | toYaml | ratio (median of rounds) | validateBundle per object | findings |",
    "|---:|---:|---:|---:|---:|---:|",
    ...scale.map(
      (r) =>
        `| ${f(r.objects)} | ${f(r.validateMs)} ms | ${f(r.toYamlMs)} ms | ${f(r.ratio, 2)}× | ${f(r.validateUsPerObject)} µs | ${f(r.findings)} |`,
    ),
    "",
    "| hostile bundle | validateBundle | findings | message characters (longest) | heap after |",
    "|---|---:|---:|---:|---:|",
    `| one Service, ${f(badPortsCase.ports)} target ports no pod has, over ${f(badPortsCase.deployments)} Deployments | ${f(badPortsCase.ms)} ms | ${f(badPortsCase.findings)} | ${f(badPortsCase.messageChars)} (${f(badPortsCase.longestMessage)}) | ${f(badPortsCase.heapUsedMiB)} MiB |`,
    `| ${f(duplicates.pairs)} copies of one Deployment + Service pair | ${f(duplicates.ms)} ms | ${f(duplicates.findings)} | ${f(duplicates.messageChars)} | |`,
    "",
    "| NetworkPolicy bundle | validateBundle | networkReachability | bundleGraph | allowed flows |",
    "|---|---:|---:|---:|---:|",
    `| ${f(policies.workloads)} Deployments in one namespace, one policy allowing ingress from it | ${f(policies.validateMs)} ms | ${f(policies.reachabilityMs)} ms | ${f(policies.bundleGraphMs)} ms | ${f(policies.flows)} |`,
    "<!-- validate-bench:end -->",
  ].join("\n");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Performance\n\n";
  const a = old.indexOf("<!-- validate-bench:begin -->");
  const b = old.indexOf("<!-- validate-bench:end -->");
  const end = "<!-- validate-bench:end -->".length;
  writeFileSync(
    file,
    a !== -1 && b > a ? old.slice(0, a) + block + old.slice(b + end) : `${old.trimEnd()}\n\n${block}\n`,
  );
}
