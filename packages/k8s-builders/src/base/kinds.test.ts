import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kustomizeBuild } from "../../test/support/kubectl.ts";
import { supportedKinds } from "../../test/support/schema.ts";
import { applyRank, groupsOf, isClusterScoped, KIND_FACTS, kindFacts, kindFileName } from "./kinds.ts";

const rows = [...KIND_FACTS];

describe("the table of kinds against the Kubernetes API", () => {
  it("names apiVersions that the official models (OpenAPI) define for the kind", () => {
    const checked = new Set(supportedKinds().map((k) => `${k.apiVersion} ${k.kind}`));
    const unchecked = rows.filter(([kind, f]) => !checked.has(`${f.apiVersion} ${kind}`));
    // Every built-in kind is checked; CRDs only where their @kubernetes-models package is installed.
    expect(unchecked.filter(([, f]) => f.crd === undefined)).toEqual([]);
    expect(unchecked.map(([kind, f]) => `${f.crd} ${kind}`).sort()).toEqual(["cert-manager ClusterIssuer"]);
  });

  describe("scope, as Kustomize's built-in Kubernetes OpenAPI schema has it", () => {
    // Kustomize sets `namespace:` only on the kinds its OpenAPI schema (Kubernetes 1.21's, as of kubectl 1.35)
    // lists under /namespaces/{namespace}/; a kind it does not know counts as namespaced. Every apiVersion of a
    // kind is tried, so kinds served under an older version in 1.21 are checked too.
    const dir = mkdtempSync(join(tmpdir(), "kinds-scope-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const docs = rows.flatMap(([kind, f], i) =>
      [f.apiVersion, ...(f.history ?? []).map((h) => h.apiVersion)].map(
        (apiVersion, j) => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: k${i}-${j}\n`,
      ),
    );
    writeFileSync(join(dir, "objects.yaml"), docs.join("---\n"));
    writeFileSync(join(dir, "kustomization.yaml"), "namespace: probe\nresources: [objects.yaml]\n");
    const namespacedByKustomize = new Map<string, boolean>();
    for (const doc of parseAllDocuments(kustomizeBuild(dir))) {
      const o = doc.toJS() as { kind: string; metadata: { namespace?: string } };
      const namespaced = o.metadata.namespace === "probe";
      namespacedByKustomize.set(o.kind, (namespacedByKustomize.get(o.kind) ?? true) && namespaced);
    }

    it("agrees for every namespaced kind", () => {
      const wrong = rows.filter(([kind, f]) => f.scope === "namespaced" && !namespacedByKustomize.get(kind));
      expect(wrong.map(([kind]) => kind)).toEqual([]);
    });

    it("agrees for every cluster-scoped kind that Kubernetes 1.21 already served (and no CRD)", () => {
      const unconfirmed = rows.filter(
        ([kind, f]) => f.scope === "cluster" && namespacedByKustomize.get(kind),
      );
      const names = unconfirmed.map(([kind, f]) => (f.crd === undefined ? kind : `${f.crd} ${kind}`));
      expect(names.sort()).toEqual(
        [
          // Newer than Kubernetes 1.21 (`kubectl api-resources --namespaced=false` on 1.35 lists them).
          "DeviceClass",
          "IPAddress",
          "MutatingAdmissionPolicy",
          "MutatingAdmissionPolicyBinding",
          "ServiceCIDR",
          "ValidatingAdmissionPolicy",
          "ValidatingAdmissionPolicyBinding",
          "VolumeAttributesClass",
          // Create-only reviews: their OpenAPI paths have no GET, which Kustomize's reading of the schema misses.
          "SelfSubjectAccessReview",
          "SubjectAccessReview",
          "TokenReview",
          // Custom resources: cluster-scoped in their projects' CRDs.
          "cert-manager ClusterIssuer",
          "external-secrets ClusterSecretStore",
          "gateway-api GatewayClass",
        ].sort(),
      );
    });
  });
});

describe("the table's own rules", () => {
  it("keeps every deprecation before its removal", () => {
    for (const [kind, f] of rows) {
      for (const h of f.history ?? []) {
        const dep = Number(h.deprecated.split(".")[1]);
        if (h.removed !== undefined) expect(Number(h.removed.split(".")[1]), kind).toBeGreaterThan(dep);
      }
    }
  });

  it("gives every kind with a pod template a rule for its replicas or a selector shape, and ranks distinctly", () => {
    const ranks = rows.flatMap(([, f]) => (f.applyOrder === undefined ? [] : [f.applyOrder]));
    expect(new Set(ranks).size).toBe(ranks.length);
    const withTemplate = rows.filter(([, f]) => f.podTemplate !== undefined).map(([k]) => k);
    expect(withTemplate.sort()).toEqual([
      "CronJob",
      "DaemonSet",
      "Deployment",
      "Job",
      "Pod",
      "ReplicaSet",
      "ReplicationController",
      "StatefulSet",
    ]);
  });

  it("answers lookups by kind, with the defaults for kinds it does not know", () => {
    expect(kindFacts("Deployment")?.apiVersion).toBe("apps/v1");
    expect(kindFacts("Widget")).toBeUndefined();
    expect(isClusterScoped("ClusterRole")).toBe(true);
    expect(isClusterScoped("Role")).toBe(false);
    expect(isClusterScoped("Widget")).toBe(false);
    expect(groupsOf("Deployment")).toEqual(["apps", "extensions"]);
    expect(groupsOf("Pod")).toEqual([""]);
    expect(groupsOf("Widget")).toEqual([]);
    expect(kindFileName("HorizontalPodAutoscaler")).toBe("hpa");
    expect(kindFileName("StatefulSet")).toBe("statefulset");
    expect(kindFileName("Widget")).toBe("widget");
    expect(applyRank("Namespace")).toBeLessThan(applyRank("Deployment"));
    expect(applyRank("Widget")).toBe(applyRank("Pod"));
    expect(applyRank("Widget")).toBeGreaterThan(applyRank("PrometheusRule"));
  });
});
