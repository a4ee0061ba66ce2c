// Every emitted bundle against the real API server:
//  1. `kubectl apply --server-side --dry-run=server` with the pinned kubectl: accepted, no warning;
//  2. applied for real into namespaces labelled `pod-security.kubernetes.io/enforce: restricted`, then a Pod
//     from every workload's template created with a dry run (real Pod Security admission; no kubelet runs);
//     the objects read back give the table of fields the server adds (docs/serialization.md).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { replaceRegion } from "../../scripts/gen-docs.ts";
import { BUNDLES } from "./bundles.ts";
import { ensureCrds, installed } from "./crds.ts";
import {
  connect,
  FIELD_MANAGER,
  type Json,
  type K8sObject,
  pool,
  refusal,
  rootDir,
  type Server,
} from "./server.ts";
import { type Change, rows, serverChanges, table, VERDICTS } from "./server-defaults.ts";

const PSA_LABEL = "pod-security.kubernetes.io/enforce";
/** Set to rewrite the generated table in docs/serialization.md instead of requiring it to be current. */
const UPDATE = process.env.UPDATE_APISERVER_DOCS === "1";

let server: Server;
let dir: string;
const objects = new Map<string, K8sObject[]>();

const parse = (yaml: string): K8sObject[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);

const toYamlStream = (objs: readonly unknown[]) => objs.map((o) => JSON.stringify(o)).join("\n---\n");

beforeAll(async () => {
  server = await connect();
  dir = mkdtempSync(join(tmpdir(), "k8s-builders-apiserver-"));
  for (const b of BUNDLES) objects.set(b.name, parse(await b.yaml()));
  await ensureCrds(server, [...objects.values()].flat());
  for (const line of installed.values()) console.log(`CRD ${line}`);
});

afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function kubectlApply(name: string, objs: readonly K8sObject[], dryRun: boolean) {
  const file = join(dir, `${name.replace(/[^\w.-]+/g, "_")}.yaml`);
  writeFileSync(file, toYamlStream(objs));
  const args = ["apply", "--server-side", `--field-manager=${FIELD_MANAGER}`, "-f", file];
  if (dryRun) args.push("--dry-run=server");
  return server.kubectl(args);
}

describe("every emitted bundle: kubectl apply --server-side --dry-run=server", () => {
  it("covers production and staging, the values examples, the golden files and the newcomer's example", () => {
    const names = BUNDLES.map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining([expect.stringContaining("--env production")]));
    expect(names.some((n) => n.includes("examples/values/"))).toBe(true);
    expect(names.some((n) => n.includes("__golden__"))).toBe(true);
    expect(names).toContain("node examples/newcomer-service.ts");
  });

  for (const b of BUNDLES) {
    it(`${b.name}: accepted, no warning`, () => {
      const objs = objects.get(b.name) ?? [];
      expect(objs.length).toBeGreaterThan(0);
      // A dry run creates nothing, so the namespaces the objects go into are created for real first.
      const namespaces = objs.filter((o) => o.kind === "Namespace");
      expect(kubectlApply(`${b.name}-namespaces`, namespaces, false)).toMatchObject({
        status: 0,
        stderr: "",
      });
      const r = kubectlApply(b.name, objs, true);
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: "" });
      expect(r.stdout.trim().split("\n")).toHaveLength(objs.length);
      expect(r.stdout).not.toMatch(/^Warning/m);
    });
  }
});

/** The bundle moved to namespaces of its own (`<ns>-<suffix>`), each enforcing the restricted level. */
function relocate(objs: readonly K8sObject[], suffix: string): K8sObject[] {
  return objs.map((o) => {
    const copy = structuredClone(o);
    if (copy.kind === "Namespace") {
      copy.metadata.name = `${copy.metadata.name}-${suffix}`;
      const labels = (copy.metadata.labels ?? {}) as Record<string, string>;
      copy.metadata.labels = { ...labels, [PSA_LABEL]: "restricted" };
    } else if (copy.metadata.namespace !== undefined) {
      copy.metadata.namespace = `${copy.metadata.namespace}-${suffix}`;
    }
    return copy;
  });
}

/** A Pod as the workload's controller would create it from the template (no kubelet runs it). */
function podFrom(w: K8sObject): Json | undefined {
  const spec = w.spec as Json | undefined;
  // A CronJob's pods come from the template of its Jobs (spec.jobTemplate.spec.template).
  const jobTemplate = (spec?.jobTemplate as Json | undefined)?.spec as Json | undefined;
  const template = (spec?.template ?? jobTemplate?.template) as { metadata?: Json; spec: Json } | undefined;
  if (template?.spec === undefined) return undefined;
  const podSpec = structuredClone(template.spec);
  // The StatefulSet controller adds a volume per claim template (claim `<claim>-<set>-<ordinal>`).
  const claims = (spec?.volumeClaimTemplates ?? []) as { metadata: { name: string } }[];
  if (claims.length > 0) {
    podSpec.volumes = [
      ...((podSpec.volumes ?? []) as Json[]),
      ...claims.map((c) => ({
        name: c.metadata.name,
        persistentVolumeClaim: { claimName: `${c.metadata.name}-${w.metadata.name}-0` },
      })),
    ];
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...template.metadata, name: `${w.metadata.name}-0`, namespace: w.metadata.namespace },
    spec: podSpec,
  };
}

const seen: { kind: string; change: Change }[] = [];

describe("applied for real into namespaces enforcing the restricted Pod Security level", () => {
  BUNDLES.forEach((b, i) => {
    it(`${b.name}: applied without warning, every pod template passes Pod Security admission`, async () => {
      const objs = relocate(objects.get(b.name) ?? [], `t${i}`);
      const namespaces = objs.filter((o) => o.kind === "Namespace");
      expect(namespaces.length).toBeGreaterThan(0);
      const applied = kubectlApply(`${b.name}-real`, objs, false);
      expect({ status: applied.status, stderr: applied.stderr.trim() }).toEqual({ status: 0, stderr: "" });
      try {
        // The ServiceAccount admission plugin needs the `default` account that kube-controller-manager would
        // create in each namespace.
        for (const ns of namespaces) {
          const sa = {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: "default", namespace: ns.metadata.name },
          };
          const r = await server.create(sa);
          expect(r.status === 201 || r.status === 409, refusal(r)).toBe(true);
        }
        const refused: string[] = [];
        const warned: string[] = [];
        const workloads = objs.filter((o) => podFrom(o) !== undefined);
        expect(workloads.length).toBeGreaterThan(0);
        // Every kind with a pod template is admitted as a Pod, CronJobs included.
        expect(objs.filter((o) => o.kind === "CronJob").every((o) => podFrom(o) !== undefined)).toBe(true);
        await pool(workloads, 4, async (w) => {
          const r = await server.create(podFrom(w) as Json, { dryRun: true });
          if (r.status >= 300) refused.push(`${w.kind} ${w.metadata.name}: ${refusal(r)}`);
          for (const warning of r.warnings) warned.push(`${w.kind} ${w.metadata.name}: ${warning}`);
        });
        expect({ refused, warned }).toEqual({ refused: [], warned: [] });

        // Read back: what the server added or changed.
        await pool(objs, 4, async (o) => {
          const r = await server.get(o);
          expect(r.status, refusal(r)).toBe(200);
          for (const change of serverChanges(o, r.body)) seen.push({ kind: o.kind, change });
        });
      } finally {
        // Free cluster-wide things (node ports) for the next bundle; the namespaces stay (no controller
        // would finish deleting them).
        await pool(
          objs.filter((o) => o.kind !== "Namespace"),
          4,
          (o) => server.delete(o),
        );
      }
    });
  });

  it("the fields the server adds are judged and listed in docs/serialization.md", () => {
    expect(seen.length).toBeGreaterThan(0);
    const all = rows(seen);
    const file = join(rootDir, "docs", "serialization.md");
    const current = readFileSync(file, "utf8");
    const next = replaceRegion(current, "server-defaults", table(all, server.state.versions), file);
    if (UPDATE) writeFileSync(file, next);
    expect(all.filter((r) => VERDICTS[r.path] === undefined).map((r) => r.path)).toEqual([]);
    if (!UPDATE) {
      expect(
        next === current,
        "docs/serialization.md is stale: UPDATE_APISERVER_DOCS=1 npm run test:apiserver",
      ).toBe(true);
    }
  });
});
