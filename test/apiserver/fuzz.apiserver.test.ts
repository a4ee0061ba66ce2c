// The fuzz oracle: samples of the property tests' valid options (packages/k8s-builders/test/fuzz) are built and
// sent to the real API server with a dry run; every refusal is a builder bug. Then samples of the known-invalid
// mutations are forced through (forced.ts) and must be refused by the server too; where the server accepts
// what we refuse, the rule is ours (ours.ts) or wrong. The hand-written model of the server's validation
// (k8s-rules.ts) is compared with the server on the same objects. Patched objects (the patch property's changes,
// arb-patch.ts) that `patch` accepts are sent too: every refusal is a missing check of a patched object.
//
// Samples per builder: APISERVER_FUZZ_RUNS (default 200; 2,000 for a long run), seed APISERVER_FUZZ_SEED.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { K8sBuilderError, patch } from "@call-center/k8s-builders";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mutant } from "../../packages/k8s-builders/test/fuzz/harness.ts";
import { apiServerProblems } from "../../packages/k8s-builders/test/fuzz/k8s-rules.ts";
import { patchedKinds } from "../../packages/k8s-builders/test/fuzz/patch-samples.ts";
import type { BuilderFuzz } from "../../packages/k8s-builders/test/fuzz/suite.ts";
import { replaceRegion } from "../../scripts/gen-docs.ts";
import { ensureCrds, installed } from "./crds.ts";
import { changes, force } from "./forced.ts";
import { isOurs, OURS } from "./ours.ts";
import {
  connect,
  ensureNamespace,
  type Json,
  type K8sObject,
  pool,
  refusal,
  rootDir,
  type Server,
} from "./server.ts";

const RUNS = Number(process.env.APISERVER_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.APISERVER_FUZZ_SEED ?? 20_140_614);
const UPDATE = process.env.UPDATE_APISERVER_DOCS === "1";
/** Composite stacks (prometheus, grafana, monitoring: 10–40 objects a sample) get a fifth, as in the fuzz suite. */
const runsFor = (b: BuilderFuzz<unknown>) =>
  b.runs === undefined ? RUNS : Math.max(10, Math.ceil(RUNS / 5));
const fuzzDir = join(rootDir, "packages", "k8s-builders", "test", "fuzz");

let server: Server;
let builders: BuilderFuzz<unknown>[] = [];

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The Kubernetes objects in what a builder returns (an object, or a stack of them); not Kustomizations. */
function k8sObjects(v: unknown, out: K8sObject[] = [], depth = 0): K8sObject[] {
  if (depth > 4) return out;
  if (isObj(v) && typeof v.apiVersion === "string" && typeof v.kind === "string" && isObj(v.metadata)) {
    if (!v.apiVersion.startsWith("kustomize.config.k8s.io/")) out.push(v as K8sObject);
    return out;
  }
  if (Array.isArray(v)) for (const x of v) k8sObjects(x, out, depth + 1);
  else if (isObj(v)) for (const x of Object.values(v)) k8sObjects(x, out, depth + 1);
  return out;
}

const namespaces = new Set<string>(["default"]);
/** Creates the object's namespace for real (a dry run of a namespaced object needs it); "" when refused. */
async function namespaceFor(o: K8sObject): Promise<string> {
  const ns = o.metadata.namespace;
  if (ns === undefined || namespaces.has(ns)) return "";
  const problem = await ensureNamespace(server, ns);
  if (problem === "") namespaces.add(ns);
  return problem;
}

/** Dry-run apply; "" when accepted, else the server's message. Warnings go to `warnings`. */
async function send(o: K8sObject, warnings: string[]): Promise<string> {
  try {
    server.resource(o.apiVersion, o.kind);
  } catch (e) {
    return (e as Error).message;
  }
  const nsProblem = await namespaceFor(o);
  if (nsProblem !== "") return nsProblem;
  // Server-side apply, as `kubectl apply --server-side --dry-run=server` sends it (a Namespace may exist).
  const r = await server.apply(o, { dryRun: true });
  warnings.push(...r.warnings);
  return refusal(r);
}

const short = (v: unknown) => JSON.stringify(v)?.slice(0, 600);
/** Whether a value is or holds null, NaN or ±Infinity (all sent as JSON null: unset for Kubernetes). */
const holdsNull = (v: unknown): boolean =>
  v === null ||
  (typeof v === "number" && !Number.isFinite(v)) ||
  (typeof v === "object" && Object.values(v as object).some(holdsNull));

// The builder definitions are collected while this file is collected: the fuzz files call `fuzz()` inside their
// `describe` callbacks, which vitest runs only at collection time (an import from a hook never reaches them).
// In collect-only mode `fuzz()` records the definition and registers no test; the suites it would have filled
// are collected under a skipped one, so none runs here (the fuzz files' plain properties among them).
(globalThis as Record<symbol, unknown>)[Symbol.for("k8s-builders.fuzz.collect-only")] = true;
const suite = await import("../../packages/k8s-builders/test/fuzz/suite.ts");
describe.skip("the fuzz files, collected for their builder definitions", async () => {
  for (const f of readdirSync(fuzzDir).filter((f) => f.endsWith(".fuzz.test.ts"))) {
    await import(join(fuzzDir, f));
  }
});

beforeAll(async () => {
  server = await connect();
  builders = suite.fuzzed;
  // The custom kinds the samples use (ServiceMonitor, the Gateway API's) need their CRDs.
  const probe = builders.flatMap((b) =>
    fc.sample(b.valid, { numRuns: 3, seed: SEED }).flatMap((i) => {
      try {
        return k8sObjects(b.subject.build(i));
      } catch {
        return [];
      }
    }),
  );
  await ensureCrds(server, probe);
  for (const line of installed.values()) console.log(`CRD ${line}`);
});

afterAll(() => server?.close());

interface Tally {
  builder: string;
  samples: number;
  objects: number;
  refused: string[];
  warnings: string[];
  forced: number;
  forcedRefused: number;
  /** Forced through, accepted with a warning the valid objects do not get. */
  forcedWarned: number;
  notPlaced: number;
  ours: { code: string; path: string; mutation: string }[];
  rulesWrong: string[];
  rulesMissed: number;
}
const tallies: Tally[] = [];
/** A TLS Secret holds placeholders, never a certificate: the server's PEM warning is expected there. */
const expected = [/^tls: failed to find any PEM data in (certificate|key) input$/];
/**
 * Refusals that depend on how a cluster is set up, not on the object: this test server has one IP family, so it
 * refuses `RequireDualStack`, which a dual-stack cluster takes (the library cannot know the cluster's families).
 */
const clusterDependent = [/this cluster is not configured for dual-stack services/];
/**
 * Deprecation warnings of fields only a patch sets (the builders write neither): the server takes them and says
 * they are deprecated; a patch that sets them is the user's explicit choice.
 */
const patchDeprecations = [
  /^spec\.externalIPs is deprecated/,
  /^spec\.trafficDistribution: \\?"PreferClose\\?" is deprecated/,
];

describe(`fuzz oracle: ${RUNS} samples per builder (seed ${SEED}) against the real API server`, () => {
  it("collects every builder of the property tests", () => {
    expect(builders.map((b) => b.subject.builder)).toEqual(
      expect.arrayContaining([
        "deployment",
        "statefulSet",
        "service",
        "ingress",
        "networkPolicy",
        "serviceMonitor",
        "job",
        "cronJob",
        "daemonSet",
        "clusterRole",
        "clusterRoleBinding",
        "clusterRoleBindingFor",
        "gateway",
        "httpRoute",
        "grpcRoute",
      ]),
    );
  });

  it("every object built from valid options is accepted by the server (dry run)", async () => {
    const refused: string[] = [];
    for (const b of builders) {
      const t: Tally = {
        builder: b.subject.builder,
        samples: 0,
        objects: 0,
        refused: [],
        warnings: [],
        forced: 0,
        forcedRefused: 0,
        forcedWarned: 0,
        notPlaced: 0,
        ours: [],
        rulesWrong: [],
        rulesMissed: 0,
      };
      tallies.push(t);
      const inputs = fc.sample(b.valid, { numRuns: runsFor(b), seed: SEED });
      const built = inputs.map((input) => ({ input, objects: k8sObjects(b.subject.build(input)) }));
      t.samples = inputs.length;
      const jobs = built.flatMap(({ input, objects }) => objects.map((o) => ({ input, o })));
      t.objects = jobs.length;
      await pool(jobs, 6, async ({ input, o }) => {
        const why = await send(o, t.warnings);
        if (why !== "") t.refused.push(`${o.kind} ${o.metadata.name}: ${why}\n    options: ${short(input)}`);
      });
      refused.push(...t.refused.map((r) => `${b.subject.builder}: ${r}`));
    }
    console.log(
      tallies
        .map(
          (t) =>
            `${t.builder}: ${t.samples} samples, ${t.objects} objects, ${t.refused.length} refused, ${t.warnings.length} warnings${t.warnings.length > 0 ? ` (e.g. ${t.warnings[0]})` : ""}`,
        )
        .join("\n"),
    );
    if (process.env.APISERVER_FUZZ_REPORT) {
      const warnings = [...new Set(tallies.flatMap((t) => t.warnings.map((w) => `${t.builder}: ${w}`)))];
      writeFileSync(`${process.env.APISERVER_FUZZ_REPORT}.warnings`, warnings.join("\n"));
    }
    expect(refused).toEqual([]);
  });

  it("the server answers them without a warning (but for placeholders in TLS Secrets)", () => {
    const warnings = tallies.flatMap((t) =>
      t.warnings.filter((w) => !expected.some((e) => e.test(w))).map((w) => `${t.builder}: ${w}`),
    );
    expect([...new Set(warnings)]).toEqual([]);
  });

  it("patched objects that patch() accepts are accepted by the server (dry run)", async () => {
    const kinds = patchedKinds();
    const samples = kinds.flatMap(([, arb]) => fc.sample(arb, { numRuns: RUNS, seed: SEED + 2 }));
    const accepted: { o: K8sObject; partial: unknown }[] = [];
    for (const { object, partial } of samples) {
      try {
        accepted.push({ o: patch(object, partial) as unknown as K8sObject, partial });
      } catch (e) {
        if (!(e instanceof K8sBuilderError)) throw e;
      }
    }
    const refused: string[] = [];
    const warnings: string[] = [];
    await pool(accepted, 6, async ({ o, partial }) => {
      const why = await send(o, warnings);
      if (why !== "" && !clusterDependent.some((c) => c.test(why)))
        refused.push(`${o.kind} ${o.metadata.name}: ${why}\n    patch: ${short(partial)}`);
    });
    console.log(
      `patched ${kinds.map(([k]) => k).join(", ")}: ${samples.length} patches, ${samples.length - accepted.length} refused by patch(), ${accepted.length} sent, ${refused.length} refused by the server`,
    );
    // The property's patches must reach the server: a generator whose patches are all refused proves nothing.
    expect(accepted.length).toBeGreaterThan(samples.length / 5);
    expect(refused).toEqual([]);
    const allowed = [...expected, ...patchDeprecations];
    expect([...new Set(warnings)].filter((w) => !allowed.some((e) => e.test(w)))).toEqual([]);
  });

  it("the known-invalid mutations, forced through, are refused by the server too (or are rules of ours)", async () => {
    const unlisted = new Map<string, string>();
    for (const b of builders) {
      const t = tallies.find((x) => x.builder === b.subject.builder) as Tally;
      const pairs = fc.sample(
        b.valid.chain((input) =>
          fc.nat(b.mutators.length - 1).chain((start) => {
            for (let k = 0; k < b.mutators.length; k++) {
              const arb = b.mutators[(start + k) % b.mutators.length]?.(input);
              if (arb !== undefined) return arb.map((m: Mutant<unknown>) => ({ input, m }));
            }
            throw new Error("no mutation applies");
          }),
        ),
        { numRuns: runsFor(b), seed: SEED + 1 },
      );
      await pool(pairs, 6, async ({ input, m }) => {
        let codes: string[] = [];
        try {
          b.subject.build(m.input);
          return; // the fuzz suite reports a mutation that is accepted
        } catch (e) {
          if (!(e instanceof K8sBuilderError)) return;
          codes = e.issues.filter((i) => i.path === m.path).map((i) => i.code);
        }
        // JSON has no NaN, and Kubernetes reads null as unset: such a value says nothing about validation.
        if (changes(input, m.input).some((c) => holdsNull(c.after))) return;
        const forced = k8sObjects(b.subject.build(input))
          .map((o) => force(o, input, m.input) as K8sObject | undefined)
          .filter((o): o is K8sObject => o !== undefined);
        if (forced.length === 0) {
          t.notPlaced++;
          return;
        }
        t.forced++;
        // The builder refuses the whole set of objects: the server agrees when it refuses one of them.
        const warned: string[] = [];
        const why = (await Promise.all(forced.map((o) => send(o, warned)))).filter((w) => w !== "");
        const rules = forced.flatMap((o) => apiServerProblems(o));
        // A warning is the server objecting too: what we emit must apply without one (e.g. an IPv6 address
        // that is not in its canonical form), so the builders refuse what the server warns about.
        if (why.length === 0 && warned.some((w) => !expected.some((e) => e.test(w)))) {
          t.forcedWarned++;
          return;
        }
        if (why.length > 0) {
          t.forcedRefused++;
          if (rules.length === 0) t.rulesMissed++;
          return;
        }
        if (rules.length > 0) t.rulesWrong.push(`${m.mutation}: k8s-rules says ${rules.join("; ")}`);
        const path = m.path.replace(/\[\d+\]/g, "[]");
        for (const code of codes.length > 0 ? codes : ["(none)"]) {
          t.ours.push({ code, path, mutation: m.mutation });
          const key = `${b.subject.builder}: ${code} at ${path}`;
          if (isOurs(code, path) === undefined && !unlisted.has(key))
            unlisted.set(key, m.mutation.slice(0, 200));
        }
      });
    }
    console.log(
      tallies
        .map(
          (t) =>
            `${t.builder}: ${t.forced} forced (${t.notPlaced} not placed), ${t.forcedRefused} refused by the server, ${t.forcedWarned} accepted with a warning, ${t.forced - t.forcedRefused - t.forcedWarned} accepted, k8s-rules: ${t.rulesWrong.length} wrong, ${t.rulesMissed} missed`,
        )
        .join("\n"),
    );
    if (process.env.APISERVER_FUZZ_REPORT) {
      writeFileSync(
        process.env.APISERVER_FUZZ_REPORT,
        JSON.stringify(
          {
            unlisted: [...unlisted],
            rulesWrong: tallies.flatMap((t) => t.rulesWrong.map((r) => `${t.builder}: ${r}`)),
          },
          null,
          1,
        ),
      );
    }
    expect([...unlisted].map(([key, example]) => `${key} (e.g. ${example})`)).toEqual([]);
  });

  it("k8s-rules.ts never flags an object the server accepts", () => {
    expect(tallies.flatMap((t) => t.rulesWrong.map((r) => `${t.builder}: ${r}`))).toEqual([]);
  });

  it("docs/errors.md lists the rules of ours", () => {
    const file = join(rootDir, "docs", "errors.md");
    const current = readFileSync(file, "utf8");
    const lines = [
      "",
      "| code | option paths | why we refuse what Kubernetes accepts |",
      "| --- | --- | --- |",
      ...OURS.map(
        (r) => `| [\`${r.code}\`](#${r.code}) | ${r.paths.map((p) => `\`${p}\``).join(", ")} | ${r.why} |`,
      ),
      "",
    ];
    const next = replaceRegion(current, "ours", lines.join("\n"), file);
    if (UPDATE) writeFileSync(file, next);
    else
      expect(
        next === current,
        "docs/errors.md is stale: UPDATE_APISERVER_DOCS=1 npm run test:apiserver",
      ).toBe(true);
  });
});
