/**
 * Placeholder Secrets never overwrite real ones: by default (`secrets.mode: template`) neither stdout nor the
 * `--out` tree applies a Secret; the templates go to `secrets.yaml.example` / `--secret-templates`. `external`
 * applies ExternalSecrets, `inline` (today's old behaviour) must be asked for.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { kustomizeBuild } from "@call-center/k8s-builders/testing";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import {
  callCenter,
  callCenterSecretTemplates,
  callCenterTree,
  deployReadme,
  resolveConfig,
} from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "examples/call-center.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
function valuesFile(text: string): string {
  const file = join(tmp("cc-secrets-"), "values.yaml");
  writeFileSync(file, text);
  return file;
}
type Obj = { kind: string; metadata: { name: string }; spec?: Record<string, unknown> };
const docs = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS() as Obj);
const kinds = (objects: readonly { kind?: string | undefined }[]) => objects.map((o) => o.kind);

const SECRETS = ["db-credentials", "api-keys", "jwt-secret", "grafana-admin"];
const external = "secrets:\n  mode: external\n  store:\n    name: vault\n    kind: ClusterSecretStore\n";

describe("by default (secrets.mode: template)", () => {
  it("prints a bundle with no Secret, and says on stderr where the templates are", () => {
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(kinds(docs(r.stdout))).not.toContain("Secret");
    expect(r.stderr).toContain("--secret-templates");
    for (const name of SECRETS) expect(r.stderr).toContain(name);
  });

  it("writes a tree whose kustomization builds (real Kustomize) no Secret, with the templates beside it", () => {
    const dir = join(tmp("cc-secrets-"), "k8s");
    const r = run("--out", dir);
    expect(r.status, r.stderr).toBe(0);
    expect(kinds(docs(kustomizeBuild(dir)))).not.toContain("Secret");
    expect(existsSync(join(dir, "secrets.yml"))).toBe(false);
    const resources = (parse(readFileSync(join(dir, "kustomization.yml"), "utf8")) as { resources: string[] })
      .resources;
    expect(resources.filter((f) => f.includes("secret"))).toEqual([]);
    const templates = docs(readFileSync(join(dir, "secrets.yaml.example"), "utf8"));
    expect(templates.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(SECRETS.map((n) => `Secret/${n}`));
    expect(r.stderr).toContain(join(dir, "secrets.yaml.example"));
  });

  it("removes the secrets.yml of a tree generated in inline mode when the tree is generated again", () => {
    const dir = join(tmp("cc-secrets-"), "k8s");
    expect(run("--out", dir, "--values", valuesFile("secrets:\n  mode: inline\n")).status).toBe(0);
    expect(existsSync(join(dir, "secrets.yml"))).toBe(true);
    expect(run("--out", dir).status).toBe(0);
    expect(existsSync(join(dir, "secrets.yml"))).toBe(false);
    expect(kinds(docs(kustomizeBuild(dir)))).not.toContain("Secret");
  });

  it("prints the templates with --secret-templates: every Secret the pods read, placeholders only", () => {
    const r = run("--secret-templates");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# /);
    const templates = docs(r.stdout) as (Obj & { stringData: Record<string, string> })[];
    expect(templates.map((o) => o.metadata.name)).toEqual(SECRETS);
    for (const t of templates) for (const v of Object.values(t.stringData)) expect(v).toMatch(/^<[^<>]+>$/);
  });

  it("refuses --secret-templates with --out (exit 2)", () => {
    const r = run("--secret-templates", "--out", join(tmp("cc-secrets-"), "k8s"));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("secrets.yaml.example");
  });

  it("keeps the workloads' references to the Secrets by name", () => {
    const objects = callCenter(resolveConfig("production"));
    const d = objects.find(
      (o) => o.kind === "Deployment" && o.metadata?.name === "call-processor",
    ) as Deployment;
    const c = d.spec?.template?.spec?.containers[0];
    expect(c?.envFrom?.map((e) => e.secretRef?.name).filter(Boolean)).toEqual(["api-keys", "jwt-secret"]);
    expect(c?.env?.flatMap((e) => e.valueFrom?.secretKeyRef?.name ?? [])).toEqual([
      "db-credentials",
      "db-credentials",
    ]);
  });

  it("tells the README's reader to create the Secrets once, never to edit the kustomization", () => {
    const readme = deployReadme(resolveConfig("production"));
    expect(readme).not.toContain("remove `secrets.yml`");
    expect(readme).toContain("secrets.yaml.example");
    expect(readme).toContain("kubectl -n call-center create secret generic db-credentials");
  });

  it("notes, with --diff-against a bundle that applied Secrets, that they stay in the cluster as they are", () => {
    const previous = join(tmp("cc-secrets-"), "previous.yaml");
    writeFileSync(previous, run("--values", valuesFile("secrets:\n  mode: inline\n")).stdout);
    const r = run("--diff-against", previous);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("call-center/db-credentials");
    expect(r.stderr).toContain("leaves them in the cluster");
  });
});

describe("secrets.mode: inline", () => {
  const values = valuesFile("secrets:\n  mode: inline\n");

  it("puts the placeholder Secrets in the bundle and in the tree's kustomization, as before", () => {
    const r = run("--values", values);
    expect(r.status, r.stderr).toBe(0);
    expect(
      docs(r.stdout)
        .filter((o) => o.kind === "Secret")
        .map((o) => o.metadata.name),
    ).toEqual(SECRETS);
    const dir = join(tmp("cc-secrets-"), "k8s");
    expect(run("--out", dir, "--values", values).status).toBe(0);
    const built = docs(kustomizeBuild(dir)).filter((o) => o.kind === "Secret");
    expect(built.map((o) => o.metadata.name).sort()).toEqual([...SECRETS].sort());
    expect(existsSync(join(dir, "secrets.yaml.example"))).toBe(false);
  });

  it("warns on stderr, for each placeholder Secret, that an apply replaces the real values", () => {
    const r = run("--values", values);
    expect(r.status).toBe(0);
    for (const name of SECRETS)
      expect(r.stderr).toMatch(new RegExp(`warning SECRET_PLACEHOLDER_APPLIED: .*${name}`));
  });

  it("warns in the README that every apply replaces the values with placeholders", () => {
    expect(deployReadme(resolveConfig("production", { secrets: { mode: "inline" } }))).toContain(
      "every apply replaces their values with the placeholders",
    );
  });
});

describe("secrets.mode: external", () => {
  const config = resolveConfig("production", {
    secrets: {
      mode: "external",
      store: { name: "vault", kind: "ClusterSecretStore" },
      remoteKeys: { "api-keys": "prod/call-center/api" },
    },
  });
  const objects = callCenter(config);

  it("applies an ExternalSecret (external-secrets.io/v1) per Secret and no Secret", () => {
    expect(kinds(objects)).not.toContain("Secret");
    const es = objects.filter((o) => o.kind === "ExternalSecret");
    expect(es.map((o) => [o.apiVersion, o.metadata?.name])).toEqual(
      SECRETS.map((n) => ["external-secrets.io/v1", n]),
    );
  });

  it("reads each key of the template from the store, under the configured or default remote key", () => {
    const byName = (name: string) =>
      objects.find((o) => o.kind === "ExternalSecret" && o.metadata?.name === name) as unknown as {
        spec: Record<string, unknown>;
      };
    expect(byName("db-credentials").spec).toEqual({
      refreshInterval: "1h",
      secretStoreRef: { name: "vault", kind: "ClusterSecretStore" },
      target: { name: "db-credentials", creationPolicy: "Owner", deletionPolicy: "Retain" },
      data: [
        { secretKey: "username", remoteRef: { key: "call-center/db-credentials", property: "username" } },
        { secretKey: "password", remoteRef: { key: "call-center/db-credentials", property: "password" } },
      ],
    });
    const keys = (byName("api-keys").spec.data as { remoteRef: { key: string } }[]).map(
      (d) => d.remoteRef.key,
    );
    expect(new Set(keys)).toEqual(new Set(["prod/call-center/api"]));
  });

  it("derives every ExternalSecret's keys from the Secret template, so the two cannot drift", () => {
    for (const t of callCenterSecretTemplates(config)) {
      const es = objects.find((o) => o.kind === "ExternalSecret" && o.metadata?.name === t.metadata?.name) as
        | { spec: { data: { secretKey: string }[] } }
        | undefined;
      expect(es?.spec.data.map((d) => d.secretKey)).toEqual(Object.keys(t.stringData ?? {}));
      // The operator copies the ExternalSecret's labels onto the Secret: the same as the template's.
      expect((es as { metadata?: { labels?: unknown } } | undefined)?.metadata?.labels).toEqual(
        t.metadata?.labels,
      );
    }
  });

  it("lists external-secrets.yml in the tree's kustomization", () => {
    const tree = callCenterTree(config);
    const resources = (parse(tree.get("kustomization.yml") ?? "") as { resources: string[] }).resources;
    expect(resources).toContain("external-secrets.yml");
    expect(resources).not.toContain("secrets.yml");
    expect(tree.has("secrets.yaml.example")).toBe(false);
  });

  it("prints the ExternalSecrets from the command line, before the workloads that read their Secrets", () => {
    const r = run("--values", valuesFile(external));
    expect(r.status, r.stderr).toBe(0);
    const printed = kinds(docs(r.stdout));
    expect(printed.filter((k) => k === "ExternalSecret")).toHaveLength(4);
    expect(printed.lastIndexOf("ExternalSecret")).toBeLessThan(printed.indexOf("Deployment"));
    expect(r.stderr).toBe("");
  });
});

describe("the secrets values", () => {
  it.each([
    { values: { secrets: { mode: "external" } }, path: "secrets.store", code: "required" },
    {
      values: { secrets: { store: { name: "vault", kind: "SecretStore" } } },
      path: "secrets.store",
      code: "conflicting_options",
    },
    {
      values: { secrets: { remoteKeys: { "api-keys": "a/b" } } },
      path: "secrets.remoteKeys",
      code: "conflicting_options",
    },
    {
      values: {
        monitoring: { enabled: false },
        secrets: {
          mode: "external",
          store: { name: "vault", kind: "SecretStore" },
          remoteKeys: { "grafana-admin": "a/b" },
        },
      },
      path: 'secrets.remoteKeys["grafana-admin"]',
      code: "conflicting_options",
    },
    {
      values: { secrets: { remoteKeys: { "api-keyz": "a/b" } } },
      path: 'secrets.remoteKeys["api-keyz"]',
      code: "",
    },
    { values: { secrets: { mode: "sealed" } }, path: "secrets.mode", code: "invalid_value" },
  ])("refuses $path ($code)", ({ values, path, code }) => {
    let issues: { path: string; code: string }[] = [];
    try {
      resolveConfig("production", values);
    } catch (e) {
      issues = (e as { issues: { path: string; code: string }[] }).issues;
    }
    expect(issues.map((i) => i.path)).toContain(path);
    if (code !== "") expect(issues.find((i) => i.path === path)?.code).toBe(code);
  });
});
