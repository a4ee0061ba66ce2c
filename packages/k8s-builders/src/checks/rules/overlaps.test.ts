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
import type { Manifest } from "../../base/manifest.ts";
import { deployment } from "../../kinds/deployment.ts";
import { hpaFor } from "../../kinds/hpa.ts";
import { ingress } from "../../kinds/ingress.ts";
import { pdbFor } from "../../kinds/pdb.ts";

const site = (name: string, path = "/") =>
  ingress({
    name,
    namespace: NS,
    controller: "nginx",
    rules: [{ host: "shop.example.com", paths: [{ path, service: { name: "web", port: "http" } }] }],
  });

const rows: Row[] = [
  {
    title: "two Ingresses with the same host and path",
    objects: () => [...base().all, site("shop"), site("shop-v2")],
    code: "INGRESS_PATH_CONFLICT",
    kind: "Ingress",
    name: "shop-v2",
    path: "spec.rules[0].http.paths[0].path",
  },
  {
    title: "two PodDisruptionBudgets over the same pods",
    objects: () => [
      ...base().all,
      pdbFor(base().web, { maxUnavailable: 1 }),
      pdbFor(base().web, { name: "web-2", maxUnavailable: 1 }),
    ],
    code: "PDB_OVERLAP",
    kind: "PodDisruptionBudget",
    name: "web-2",
    path: "spec.selector",
  },
  {
    title: "a workload whose selector selects another workload's pods",
    objects: () => [
      ...base().all,
      edit(deployment({ name: "web-canary", namespace: NS, containers: [appContainer] }), (d) => {
        d.spec.selector.matchLabels = { "app.kubernetes.io/name": "web" };
        d.spec.template.metadata.labels["app.kubernetes.io/name"] = "web";
      }),
    ],
    code: "WORKLOAD_SELECTOR_OVERLAP",
    kind: "Deployment",
    name: "web-canary",
    path: "spec.selector",
  },
  {
    title: "an HPA with minReplicas above maxReplicas",
    objects: () => [
      ...base().all.map((o) => (o.kind === "Deployment" ? edit(o, (d) => delete d.spec.replicas) : o)),
      edit(
        hpaFor(base().web, { minReplicas: 2, maxReplicas: 4, cpuUtilization: 70 }),
        (h) => (h.spec.minReplicas = 5),
      ),
    ],
    code: "HPA_MIN_ABOVE_MAX",
    kind: "HorizontalPodAutoscaler",
    name: "web",
    path: "spec.minReplicas",
  },
  {
    title: "two Service ports with the same name",
    objects: () => [
      base().ns,
      base().web,
      edit(base().svc, (s) => s.spec.ports.push({ ...s.spec.ports[0], port: 8081 })),
    ],
    code: "SERVICE_PORT_NAME_DUPLICATE",
    kind: "Service",
    name: "web",
    path: "spec.ports[1].name",
  },
  {
    title: "externalTrafficPolicy on a ClusterIP Service",
    objects: () => [base().ns, base().web, edit(base().svc, (s) => (s.spec.externalTrafficPolicy = "Local"))],
    code: "SERVICE_EXTERNAL_TRAFFIC_POLICY",
    kind: "Service",
    name: "web",
    path: "spec.externalTrafficPolicy",
  },
];

describe("objects that step on each other", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts different paths, different ingress classes and one PDB per workload", () => {
    expect(findings([...base().all, site("shop"), site("shop-api", "/api")])).toEqual([]);
    const other = edit(site("shop-internal"), (i) => (i.spec.ingressClassName = "internal"));
    expect(findings([...base().all, site("shop"), other])).toEqual([]);
    expect(findings([...base().all, pdbFor(base().web, { maxUnavailable: 1 })])).toEqual([]);
  });

  it("does not count the pods of a Job as a Deployment's", () => {
    const job = {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "migrate", namespace: NS },
      spec: {
        template: {
          metadata: { labels: selectorOf("web") },
          spec: { restartPolicy: "Never", containers: [{ name: "m", image: "x:1" }] },
        },
      },
    } as Manifest;
    expect(findings([...base().all, job]).filter((f) => f.code === "WORKLOAD_SELECTOR_OVERLAP")).toEqual([]);
  });
});
