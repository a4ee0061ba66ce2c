import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import { describe, expect, it } from "vitest";
import {
  appContainer,
  base,
  edit,
  expectRow,
  findings,
  NS,
  type Row,
  selectorOf,
} from "../../../test/support/checks.ts";
import { daemonSet } from "../../kinds/daemon-set.ts";
import { deployment } from "../../kinds/deployment.ts";
import { hpa, hpaFor } from "../../kinds/hpa.ts";
import { job } from "../../kinds/job.ts";
import { pdb, pdbFor } from "../../kinds/pdb.ts";

/** `web` left to an HPA (no replicas), with the HPA scaling 1–4 on CPU. */
function autoscaled(minReplicas = 1) {
  const web = deployment({ name: "web", namespace: NS, autoscaled: true, containers: [appContainer] });
  return { web, hpa: hpaFor(web, { minReplicas, maxReplicas: 4, cpuUtilization: 70 }) };
}

/** An HPA written by hand (autoscaling/v2, CPU at 70%) whose scaleTargetRef is `kind`/`name`. */
const handHpa = (kind: string, name: string): HorizontalPodAutoscaler => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name, namespace: NS },
  spec: {
    scaleTargetRef: { apiVersion: kind === "Job" ? "batch/v1" : "apps/v1", kind, name },
    minReplicas: 1,
    maxReplicas: 3,
    metrics: [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
      },
    ],
  },
});
const agent = () =>
  daemonSet({ name: "agent", namespace: NS, containers: [{ ...appContainer, name: "agent" }] });

const rows: Row[] = [
  {
    title: "an HPA written by hand that targets a DaemonSet (one pod per node: nothing to scale)",
    objects: () => [base().ns, agent(), handHpa("DaemonSet", "agent")],
    code: "HPA_TARGET_NOT_SCALABLE",
    kind: "HorizontalPodAutoscaler",
    name: "agent",
    path: "spec.scaleTargetRef.kind",
  },
  {
    // Written by hand: the builders, and patch(), refuse such a target.
    title: "an HPA written by hand whose target is a Job",
    objects: () => {
      const h = hpa({
        name: "migrate",
        namespace: NS,
        scaleTargetRef: { kind: "Deployment", name: "migrate" },
        maxReplicas: 3,
        cpuUtilization: 70,
      });
      return [
        base().ns,
        job({ name: "migrate", namespace: NS, containers: [{ ...appContainer, name: "migrate" }] }),
        {
          ...h,
          spec: { ...h.spec, scaleTargetRef: { apiVersion: "batch/v1", kind: "Job", name: "migrate" } },
        },
      ];
    },
    code: "HPA_TARGET_NOT_SCALABLE",
    kind: "HorizontalPodAutoscaler",
    name: "migrate",
    path: "spec.scaleTargetRef.kind",
  },
  {
    title: "an HPA whose target is not in the bundle",
    objects: () => [
      ...base().all,
      hpa({
        name: "web",
        namespace: NS,
        scaleTargetRef: { kind: "Deployment", name: "wbe" },
        maxReplicas: 3,
        cpuUtilization: 70,
      }),
    ],
    code: "HPA_TARGET_MISSING",
    kind: "HorizontalPodAutoscaler",
    name: "web",
    path: "spec.scaleTargetRef.name",
  },
  {
    title: "an HPA on CPU over a container without a CPU request",
    objects: () => {
      const { ns, svc } = base();
      const web = deployment({
        name: "web",
        namespace: NS,
        autoscaled: true,
        containers: [
          { ...appContainer, resources: { requests: { memory: "128Mi" }, limits: { memory: "256Mi" } } },
        ],
      });
      return [ns, web, svc, hpaFor(web, { maxReplicas: 4, cpuUtilization: 70 })];
    },
    code: "HPA_MISSING_RESOURCE_REQUEST",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.containers[0].resources.requests.cpu",
  },
  {
    title: "replicas set on a workload an HPA scales",
    objects: () => [...base().all, hpaFor(base().web, { maxReplicas: 4, cpuUtilization: 70 })],
    code: "WORKLOAD_REPLICAS_WITH_HPA",
    kind: "Deployment",
    name: "web",
    path: "spec.replicas",
  },
  {
    title: "a PDB selecting no workload",
    objects: () => [
      ...base().all,
      pdb({ name: "web", namespace: NS, selector: selectorOf("wbe"), maxUnavailable: 1 }),
    ],
    code: "PDB_SELECTS_NOTHING",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "a PDB without a selector",
    objects: () => [
      ...base().all,
      edit(pdbFor(base().web), (p) => {
        delete p.spec.selector;
      }),
    ],
    code: "PDB_SELECTS_NOTHING",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.selector",
  },
  {
    title: "minAvailable equal to the replicas",
    objects: () => [
      ...base().all,
      pdb({ name: "web", namespace: NS, selector: selectorOf("web"), minAvailable: 2 }),
    ],
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.minAvailable",
  },
  {
    title: "minAvailable equal to the HPA's minReplicas",
    objects: () => {
      const { web, hpa } = autoscaled(1);
      return [base().ns, web, base().svc, hpa, pdbFor(web, { minAvailable: 1 })];
    },
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.minAvailable",
  },
  {
    title: "minAvailable 100%",
    objects: () => [
      ...base().all,
      edit(pdb({ name: "web", namespace: NS, selector: selectorOf("web"), minAvailable: 1 }), (p) => {
        p.spec.minAvailable = "100%";
      }),
    ],
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.minAvailable",
  },
  {
    title: "maxUnavailable 0",
    objects: () => [
      ...base().all,
      edit(pdbFor(base().web), (p) => {
        p.spec.maxUnavailable = 0;
      }),
    ],
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.maxUnavailable",
  },
  {
    title: "maxUnavailable 0%",
    objects: () => [
      ...base().all,
      edit(pdbFor(base().web), (p) => {
        p.spec.maxUnavailable = "0%";
      }),
    ],
    code: "PDB_BLOCKS_DRAINS",
    kind: "PodDisruptionBudget",
    name: "web",
    path: "spec.maxUnavailable",
  },
];

describe("scaling rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it.each([
    { title: "maxUnavailable 1", budget: { maxUnavailable: 1 } },
    { title: "minAvailable below the replicas", budget: { minAvailable: 1 } },
    { title: "minAvailable 50% of 2 (rounds up to 1)", budget: { minAvailable: "50%" } },
  ])("accepts $title", ({ budget }) => {
    expect(findings([...base().all, pdbFor(base().web, budget)])).toEqual([]);
  });

  it("accepts an autoscaled workload whose PDB stays below the HPA's minReplicas", () => {
    const { web, hpa } = autoscaled(3);
    expect(findings([base().ns, web, base().svc, hpa, pdbFor(web, { minAvailable: 2 })])).toEqual([]);
  });

  it("accepts an HPA written by hand that targets a Deployment, and leaves a custom resource's scale alone", () => {
    const { web } = autoscaled();
    const rollout = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      metadata: { name: "canary", namespace: NS },
      spec: {},
    };
    const canary = edit(handHpa("Rollout", "canary"), (h) => {
      h.spec.scaleTargetRef.apiVersion = "argoproj.io/v1alpha1";
    });
    expect(findings([base().ns, web, base().svc, handHpa("Deployment", "web"), rollout, canary])).toEqual([]);
  });

  it("counts a limit as the request (Kubernetes defaults the request to it)", () => {
    const web = deployment({
      name: "web",
      namespace: NS,
      autoscaled: true,
      containers: [{ ...appContainer, resources: { limits: { cpu: "1", memory: "256Mi" } } }],
    });
    expect(
      findings([base().ns, web, base().svc, hpaFor(web, { maxReplicas: 4, cpuUtilization: 70 })]),
    ).toEqual([]);
  });

  it("explains the budget with the HPA", () => {
    const { web, hpa } = autoscaled(1);
    expect(findings([base().ns, web, base().svc, hpa, pdbFor(web, { minAvailable: 1 })])[0]?.message).toBe(
      'PodDisruptionBudget "shop/web": minAvailable 1 is not below the 1 pod it protects (Deployment "web" scaled down to 1 by HorizontalPodAutoscaler "web"): no pod could be evicted',
    );
  });
});
