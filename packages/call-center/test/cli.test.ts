/** The example run as a user runs it: `node examples/call-center.ts` in a child process. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const example = join(root, "examples/call-center.ts");

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [example, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "cc-cli-")), name);
  writeFileSync(file, content);
  return file;
}

describe("node examples/call-center.ts", () => {
  it("prints the production bundle, byte for byte the committed golden file", () => {
    const r = run();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: the bundle applies no Secrets/);
    expect(r.stdout).toBe(
      readFileSync(join(root, "packages/call-center/test/__golden__/k8s.production.yaml"), "utf8"),
    );
  });

  it("prints the staging bundle, byte for byte the committed golden file", () => {
    const r = run("--env", "staging");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      readFileSync(join(root, "packages/call-center/test/__golden__/k8s.staging.yaml"), "utf8"),
    );
  });

  it("applies a values file over the environment", () => {
    const values = tmpFile(
      "values.yaml",
      "host: calls.acme.com\ncallProcessor:\n  autoscaling:\n    maxReplicas: 20\n",
    );
    const r = run("--values", values);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === "HorizontalPodAutoscaler").spec.maxReplicas).toBe(20);
    expect(docs.find((d) => d.kind === "Ingress").spec.rules[0].host).toBe("calls.acme.com");
  });

  it("prints JSON with --format json", () => {
    const r = run("--format", "json");
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe("List");
    expect(list.items.map((o: { kind: string }) => o.kind)).toContain("Deployment");
  });

  it("prints help", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--values");
  });

  it("fails on a bad values file with every problem and its path, printing nothing to stdout", () => {
    const values = tmpFile(
      "bad.yaml",
      "callProcessor:\n  resources:\n    limits:\n      memory: 512MB\n  replicaz: 3\nhost: Bad Host\n",
    );
    const r = run("--values", values);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("→ at callProcessor.resources.limits.memory");
    expect(r.stderr).toContain("→ at callProcessor.replicaz");
    expect(r.stderr).toContain("→ at host");
  });

  it("fails on an unknown option and on an unknown environment with exit 2", () => {
    expect(run("--bogus").code).toBe(2);
    const r = run("--env", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "prod"');
  });

  it("fails cleanly when the values file is missing or not YAML", () => {
    expect(run("--values", "/nonexistent/values.yaml")).toMatchObject({ code: 1, stdout: "" });
    expect(run("--values", tmpFile("x.yaml", "a: [unclosed"))).toMatchObject({ code: 1, stdout: "" });
  });

  it("refuses a bundle that fails the whole-bundle checks, naming the object and field", () => {
    const values = tmpFile("leak.yaml", "appConfig:\n  API_TOKEN: abc\n");
    const r = run("--values", values);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('CONFIG_MAP_SENSITIVE_KEY: ConfigMap "call-center/app-config"');
    expect(r.stderr).toContain("data.API_TOKEN");
  });

  it("refuses changes Kubernetes rejects on apply with --diff-against, and allows an image upgrade", () => {
    const previous = tmpFile("previous.yaml", run().stdout);
    const upgrade = tmpFile("up.yaml", "images:\n  postgres: postgres:16.11\n  redis: redis:7.4.6\n");
    const ok = run("--values", upgrade, "--diff-against", previous);
    expect(ok.code, ok.stderr).toBe(0);
    const grow = tmpFile("grow.yaml", "postgres:\n  storage: 20Gi\n");
    const refused = run("--values", grow, "--diff-against", previous);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(
      'StatefulSet "call-center/postgresql": spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    );
  });
});

describe("node examples/call-center.ts --out", () => {
  it("blames the directory, not the values file, when the tree cannot be written", () => {
    const parent = mkdtempSync(join(tmpdir(), "cc-cli-out-"));
    writeFileSync(join(parent, "file"), "");
    const values = tmpFile("v.yaml", "host: calls.acme.com\n");
    const r = run("--values", values, "--out", join(parent, "file", "k8s"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \(--out .*\/file\/k8s\): writeTree ".*": 1 problem\n/);
    expect(r.stderr).not.toContain("values file");
  });

  it("says why the current directory cannot be the tree", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-cli-dot-"));
    const r = spawnSync(process.execPath, [example, "--out", "."], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is the current working directory: writeTree swaps in a new tree by renaming");
    expect(r.stderr).toContain("write to a subdirectory (e.g. k8s/)");
  });

  it("puts back a tree left aside by an interrupted run, and says so", () => {
    const parent = mkdtempSync(join(tmpdir(), "cc-cli-out-"));
    const out = join(parent, "k8s");
    expect(run("--out", out).code).toBe(0);
    writeFileSync(join(out, "notes.md"), "mine\n");
    renameSync(out, join(parent, ".k8s.k8s-builders-old"));
    const r = run("--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `note: restored ${out} from ${join(parent, ".k8s.k8s-builders-old")}, where a write interrupted between its two renames had left it (your files: notes.md)\n`,
    );
    expect(readFileSync(join(out, "notes.md"), "utf8")).toBe("mine\n");
    expect(readdirSync(parent)).toEqual(["k8s"]);
  });
});
