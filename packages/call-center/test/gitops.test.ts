/**
 * `gitops` in the values: `--out` also writes gitops.yml, an Argo CD Application or a Flux GitRepository +
 * Kustomization that syncs the tree, outside the kustomization, with the sync settings this bundle needs; each
 * object valid against its tool's published CRD schema (the validators of @kubernetes-models/argo-cd and
 * @kubernetes-models/flux-cd, generated from those CRDs).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { assertSchemaValid, kustomizeBuild } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { fluxRef } from "../src/components/gitops.ts";
import { resolveValues } from "../src/environments.ts";
import {
  ARGO_CD_SYNC_OPTIONS,
  callCenterGitOps,
  callCenterTree,
  GITOPS_FILE,
  resolveConfig,
} from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const example = (file: string) => parse(readFileSync(join(root, "examples/values", file), "utf8"));
const gitops = (tool: "argocd" | "flux", more: Record<string, string> = {}) => ({
  gitops: {
    tool,
    repoURL: "https://github.com/acme/deploy.git",
    path: "k8s/production",
    targetRevision: "main",
    ...more,
  },
});
// biome-ignore lint/suspicious/noExplicitAny: the specs are read field by field in the asserts
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: any };
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);

describe("gitops unset", () => {
  it("writes no gitops.yml and builds no GitOps object", () => {
    const c = resolveConfig("production");
    expect(callCenterGitOps(c)).toEqual([]);
    expect([...callCenterTree(c).keys()]).not.toContain(GITOPS_FILE);
  });
});

describe("gitops.tool: argocd", () => {
  const c = resolveConfig("production", gitops("argocd"));
  const [app] = callCenterGitOps(c) as Obj[];

  it("is one Argo CD Application in namespace argocd that syncs the tree's path into the bundle's namespace", () => {
    expect(callCenterGitOps(c)).toHaveLength(1);
    expect(app?.apiVersion).toBe("argoproj.io/v1alpha1");
    expect(app?.metadata).toMatchObject({ name: "call-center-production", namespace: "argocd" });
    expect(app?.spec.source).toEqual({
      repoURL: "https://github.com/acme/deploy.git",
      path: "k8s/production",
      targetRevision: "main",
    });
    expect(app?.spec.destination).toEqual({
      server: "https://kubernetes.default.svc",
      namespace: "call-center",
    });
  });

  it("syncs automatically with server-side apply and prune, and never replaces or forces", () => {
    expect(app?.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
    expect(app?.spec.syncPolicy.syncOptions).toEqual([...ARGO_CD_SYNC_OPTIONS]);
    expect(app?.spec.syncPolicy.syncOptions).toContain("ServerSideApply=true");
    const options: string[] = app?.spec.syncPolicy.syncOptions ?? [];
    expect(options.filter((o) => /^(Replace|Force)=/.test(o))).toEqual([]);
    // No cascade-deleting finalizer: deleting the Application leaves the call-center running.
    expect(app?.metadata).not.toHaveProperty("finalizers");
  });

  it("is valid against Argo CD's Application CRD schema", () => {
    expect(() => assertSchemaValid(app as Obj)).not.toThrow();
  });

  it("gives Argo CD the short name of a tag", () => {
    const tagged = resolveConfig("production", gitops("argocd", { targetRevision: "refs/tags/v1.4.2" }));
    expect((callCenterGitOps(tagged)[0] as Obj).spec.source.targetRevision).toBe("v1.4.2");
  });
});

describe("gitops.tool: flux", () => {
  const c = resolveConfig("production", gitops("flux"));
  const [source, kustomization] = callCenterGitOps(c) as Obj[];

  it("is a GitRepository and a Kustomization in flux-system, the Kustomization reading the tree's path from it", () => {
    expect([source?.kind, kustomization?.kind]).toEqual(["GitRepository", "Kustomization"]);
    expect(source?.apiVersion).toBe("source.toolkit.fluxcd.io/v1");
    expect(kustomization?.apiVersion).toBe("kustomize.toolkit.fluxcd.io/v1");
    expect(source?.metadata.namespace).toBe("flux-system");
    expect(source?.spec).toMatchObject({
      url: "https://github.com/acme/deploy.git",
      ref: { branch: "main" },
    });
    expect(kustomization?.spec.sourceRef).toEqual({ kind: "GitRepository", name: source?.metadata.name });
    expect(kustomization?.spec.path).toBe("./k8s/production");
  });

  it("prunes, never forces, and waits for health within a timeout", () => {
    expect(kustomization?.spec).toMatchObject({ prune: true, force: false, wait: true, timeout: "5m" });
  });

  it("is valid against Flux's GitRepository and Kustomization CRD schemas", () => {
    expect(() => assertSchemaValid(source as Obj)).not.toThrow();
    expect(() => assertSchemaValid(kustomization as Obj)).not.toThrow();
  });

  it.each([
    ["main", { branch: "main" }],
    ["release/2.x", { branch: "release/2.x" }],
    ["refs/heads/main", { branch: "main" }],
    ["refs/tags/v1.4.2", { tag: "v1.4.2" }],
    ["refs/pull/42/head", { name: "refs/pull/42/head" }],
    ["0123456789abcdef0123456789abcdef01234567", { commit: "0123456789abcdef0123456789abcdef01234567" }],
  ])("reads targetRevision %s as the Git reference %j", (revision, ref) => {
    expect(fluxRef(revision)).toEqual(ref);
  });
});

describe("gitops in the values file", () => {
  it.each([
    [{ tool: "jenkins" }, "gitops.tool"],
    [{ repoURL: "github.com/acme/deploy" }, "gitops.repoURL"],
    [{ path: "/k8s" }, "gitops.path"],
    [{ path: "k8s/../secrets" }, "gitops.path"],
    [{ path: "k8s/" }, "gitops.path"],
    [{ targetRevision: "main branch" }, "gitops.targetRevision"],
  ])("refuses %j at %s", (bad, path) => {
    const values = { gitops: { ...gitops("argocd").gitops, ...bad } };
    const { issues } = resolveValues("production", values);
    // The bad value, then (once it is set aside) the field it leaves missing: both at the field's path.
    expect(issues[0]?.code).not.toBe("required");
    expect(new Set(issues.map((i) => i.path))).toEqual(new Set([path]));
  });

  it("refuses a gitops object without its repository", () => {
    const { issues } = resolveValues("production", {
      gitops: { tool: "flux", path: "k8s", targetRevision: "main" },
    });
    expect(issues.map((i) => i.path)).toEqual(["gitops.repoURL"]);
  });
});

describe("--out with gitops", () => {
  it.each(["gitops-argocd.yaml", "gitops-flux.yaml"])(
    "writes gitops.yml beside the tree (examples/values/%s), outside what Kustomize builds",
    (file) => {
      const dir = join(mkdtempSync(join(tmpdir(), "cc-gitops-")), "k8s");
      const r = spawnSync(
        process.execPath,
        [join(root, "examples/call-center.ts"), "--values", `examples/values/${file}`, "--out", dir],
        { cwd: root, encoding: "utf8" },
      );
      expect(r.status, r.stderr).toBe(0);
      const written = docs(readFileSync(join(dir, GITOPS_FILE), "utf8"));
      const expected = callCenterGitOps(resolveConfig("production", example(file)));
      expect(written).toEqual(JSON.parse(JSON.stringify(expected)));
      for (const o of written) expect(() => assertSchemaValid(o)).not.toThrow();
      // Not a resource of the tree: the controller never syncs (or prunes) its own definition.
      expect(readFileSync(join(dir, "kustomization.yml"), "utf8")).not.toContain(GITOPS_FILE);
      const built = docs(kustomizeBuild(dir)).map((o) => o.apiVersion);
      expect(built.filter((v) => /argoproj|fluxcd/.test(v))).toEqual([]);
      expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(
        "kubectl apply --server-side -f gitops.yml",
      );
    },
  );
});
