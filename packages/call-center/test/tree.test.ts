/** `--out DIR` writes the seed's tree; the real Kustomize builds it into exactly the stdout bundle. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kustomizeBuild } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { callCenterTree, resolveConfig } from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "examples/call-center.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });

type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
const key = (o: Obj) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
function byKey(yamlText: string): Map<string, Obj> {
  const docs = parseAllDocuments(yamlText).map((d) => d.toJS() as Obj);
  return new Map(docs.map((o) => [key(o), o]));
}

describe("the --out tree", () => {
  it("has the seed's files", () => {
    const files = [...callCenterTree(resolveConfig("production")).keys()];
    for (const f of [
      "namespace.yml",
      "secrets.yaml.example",
      "configmap.yml",
      "README.md",
      "call-processor/deployment.yml",
      "call-processor/service.yml",
      "call-processor/hpa.yml",
      "call-processor/pdb.yml",
      "postgresql/statefulset.yml",
      "postgresql/service.yml",
      "redis/statefulset.yml",
      "redis/service.yml",
      "ingress.yml",
      "monitoring/prometheus-deployment.yml",
      "monitoring/grafana-deployment.yml",
      "kustomization.yml",
      "admin-api/deployment.yml",
    ]) {
      expect(files, f).toContain(f);
    }
  });

  it.each(["production", "staging"])(
    "builds with the real Kustomize into the same objects as stdout (%s)",
    (env) => {
      const dir = join(mkdtempSync(join(tmpdir(), "cc-tree-")), "k8s");
      const written = run("--env", env, "--out", dir);
      expect(written.status, written.stderr).toBe(0);
      expect(written.stdout).toBe("");
      const printed = run("--env", env);
      const fromKustomize = byKey(kustomizeBuild(dir));
      const fromStdout = byKey(printed.stdout);
      expect([...fromKustomize.keys()].sort()).toEqual([...fromStdout.keys()].sort());
      for (const [k, o] of fromStdout) expect(fromKustomize.get(k), k).toEqual(o);
    },
  );

  it("writes nothing when the values file is bad, keeping an existing tree as it was", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "cc-tree-")), "k8s");
    expect(run("--out", dir).status).toBe(0);
    const before = readFileSync(join(dir, "call-processor/deployment.yml"), "utf8");
    const bad = join(mkdtempSync(join(tmpdir(), "cc-values-")), "bad.yaml");
    writeFileSync(bad, "callProcessor:\n  replicas: -1\n");
    const r = run("--out", dir, "--values", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("callProcessor.replicas");
    expect(readFileSync(join(dir, "call-processor/deployment.yml"), "utf8")).toBe(before);
  });

  it("refuses to write into a directory of files it did not generate", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-tree-"));
    writeFileSync(join(dir, "notes.md"), "mine");
    const r = run("--out", dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("notes.md");
    expect(readFileSync(join(dir, "notes.md"), "utf8")).toBe("mine");
    expect(existsSync(join(dir, "kustomization.yml"))).toBe(false);
  });
});
