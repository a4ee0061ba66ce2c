/**
 * The Flux objects of the call-center's gitops.yml against Flux's own CRD schemas (the recorded fixtures of
 * packages/k8s-builders/test/fixtures/crds/, generated as Flux generates its published CRDs), field by field with
 * the interpreter of the library's custom-resource support. The Argo CD Application is checked against Argo CD's
 * schema in packages/call-center/test/gitops.test.ts (@kubernetes-models/argo-cd).
 */
import { callCenterGitOps, resolveConfig } from "@call-center/bundle";
import { describe, expect, it } from "vitest";
import { assertCrdValid, crdProblems } from "../packages/k8s-builders/test/support/crd.ts";

const config = (targetRevision: string) =>
  resolveConfig("staging", {
    gitops: {
      tool: "flux",
      repoURL: "ssh://git@github.com/acme/deploy.git",
      path: "k8s/staging",
      targetRevision,
    },
  });

describe("gitops.tool: flux, against Flux's CRDs", () => {
  it.each(["main", "refs/tags/v1.4.2", "0123456789abcdef0123456789abcdef01234567", "refs/pull/7/head"])(
    "writes a GitRepository and a Kustomization valid against their CRDs (targetRevision %s)",
    (revision) => {
      const [source, kustomization] = callCenterGitOps(config(revision));
      expect(() => assertCrdValid(source, "source.toolkit.fluxcd.io_gitrepositories.yaml")).not.toThrow();
      expect(() =>
        assertCrdValid(kustomization, "kustomize.toolkit.fluxcd.io_kustomizations.yaml"),
      ).not.toThrow();
    },
  );

  it("would be refused by the CRD with a mistake the types allow (the check is not vacuous)", () => {
    const [, kustomization] = callCenterGitOps(config("main"));
    const wrong = structuredClone(kustomization) as { spec: Record<string, unknown> };
    wrong.spec.sourceRef = { kind: "GitRepo", name: "x" };
    wrong.spec.interval = "ten minutes";
    expect(
      crdProblems(wrong, "kustomize.toolkit.fluxcd.io_kustomizations.yaml").length,
    ).toBeGreaterThanOrEqual(2);
  });
});
