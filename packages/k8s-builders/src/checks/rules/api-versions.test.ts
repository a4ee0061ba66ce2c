import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { hpaFor } from "../../kinds/hpa.ts";
import { pdbFor } from "../../kinds/pdb.ts";
import { API_VERSION_CHANGES, parseKubernetesVersion } from "./api-versions.ts";

const autoscaledWeb = () =>
  edit(base().web, (d) => {
    delete d.spec.replicas;
  });
const hpa = (apiVersion: string) =>
  edit(hpaFor(base().web, { maxReplicas: 4, cpuUtilization: 70 }), (h) => {
    h.apiVersion = apiVersion;
  });
const flowSchema = (apiVersion: string) => ({
  apiVersion,
  kind: "FlowSchema",
  metadata: { name: "shop" },
  spec: {},
});

const rows: Row[] = [
  {
    title: "policy/v1beta1 PodDisruptionBudget (removed in 1.25)",
    objects: () => [
      ...base().all,
      edit(pdbFor(base().web), (p) => {
        p.apiVersion = "policy/v1beta1";
      }),
    ],
    code: "API_VERSION_REMOVED",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "apiVersion",
  },
  {
    title: "autoscaling/v2beta2 HorizontalPodAutoscaler (removed in 1.26)",
    objects: () => [base().ns, autoscaledWeb(), base().svc, hpa("autoscaling/v2beta2")],
    code: "API_VERSION_REMOVED",
    kind: "HorizontalPodAutoscaler",
    name: "web",
    path: "apiVersion",
  },
  {
    title: "autoscaling/v2beta2 on a 1.25 cluster (deprecated, still served)",
    objects: () => [base().ns, autoscaledWeb(), base().svc, hpa("autoscaling/v2beta2")],
    options: { targetKubernetesVersion: "1.25" },
    code: "API_VERSION_DEPRECATED",
    kind: "HorizontalPodAutoscaler",
    name: "web",
    path: "apiVersion",
  },
  {
    title: "extensions/v1beta1 Deployment (removed in 1.16)",
    objects: () => [
      base().ns,
      edit(base().web, (d) => {
        d.apiVersion = "extensions/v1beta1";
      }),
      base().svc,
    ],
    code: "API_VERSION_REMOVED",
    kind: "Deployment",
    name: "web",
    path: "apiVersion",
  },
  {
    title: "batch/v1beta1 CronJob (removed in 1.25)",
    objects: () => [
      base().ns,
      {
        apiVersion: "batch/v1beta1",
        kind: "CronJob",
        metadata: { name: "nightly", namespace: NS },
        spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: base().web.spec?.template } } },
      },
    ],
    code: "API_VERSION_REMOVED",
    kind: "CronJob",
    name: "nightly",
    path: "apiVersion",
  },
  {
    title: "flowcontrol v1beta3 at the default target 1.35 (removed in 1.32)",
    objects: () => [flowSchema("flowcontrol.apiserver.k8s.io/v1beta3")],
    code: "API_VERSION_REMOVED",
    kind: "FlowSchema",
    name: "shop",
    path: "apiVersion",
  },
  {
    title: "flowcontrol v1beta3 on a v1.31.4 cluster",
    objects: () => [flowSchema("flowcontrol.apiserver.k8s.io/v1beta3")],
    options: { targetKubernetesVersion: "v1.31.4" },
    code: "API_VERSION_DEPRECATED",
    kind: "FlowSchema",
    name: "shop",
    path: "apiVersion",
  },
  {
    title: "v1 Endpoints (deprecated in 1.33, still served)",
    objects: () => [
      base().ns,
      { apiVersion: "v1", kind: "Endpoints", metadata: { name: "legacy", namespace: NS }, subsets: [] },
    ],
    code: "API_VERSION_DEPRECATED",
    kind: "Endpoints",
    name: "legacy",
    path: "apiVersion",
  },
];

describe("API version rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("reports nothing for a version deprecated after the target", () => {
    expect(
      findings([flowSchema("flowcontrol.apiserver.k8s.io/v1beta3")], { targetKubernetesVersion: "1.28" }),
    ).toEqual([]);
  });

  it("names the replacement", () => {
    const [f] = findings([
      ...base().all,
      edit(pdbFor(base().web), (p) => {
        p.apiVersion = "policy/v1beta1";
      }),
    ]);
    expect(f?.message).toBe(
      'PodDisruptionBudget "shop/web": policy/v1beta1 PodDisruptionBudget is no longer served since Kubernetes 1.25 (target 1.35): use policy/v1',
    );
  });

  it("parses versions as kubectl prints them", () => {
    expect(parseKubernetesVersion("1.35")).toEqual([1, 35]);
    expect(parseKubernetesVersion("v1.31.4")).toEqual([1, 31]);
    expect(parseKubernetesVersion("1.36.0-rc.1")).toEqual([1, 36]);
    expect(parseKubernetesVersion("latest")).toBeUndefined();
  });

  it("keeps the table well-formed: deprecation before removal, every version parseable", () => {
    for (const c of API_VERSION_CHANGES) {
      const dep = parseKubernetesVersion(c.deprecated);
      expect(dep).toBeDefined();
      if (c.removed !== undefined) {
        const rem = parseKubernetesVersion(c.removed);
        expect(rem?.[1]).toBeGreaterThan(dep?.[1] ?? 99);
      }
    }
  });
});
