import { describe, expect, it } from "vitest";
import { base, database, edit } from "../../test/support/checks.ts";
import type { Manifest } from "../base/manifest.ts";
import { customResource } from "../crd/custom-resource.ts";
import { configMap } from "../kinds/config-map.ts";
import { hpaFor } from "../kinds/hpa.ts";
import { ingress } from "../kinds/ingress.ts";
import { pdbFor } from "../kinds/pdb.ts";
import { bundleGraph } from "./bundle-graph.ts";

/** The edges as `from -relation label-> to` lines, short ids (`Kind/name`). */
function edges(objects: readonly Manifest[], options?: Parameters<typeof bundleGraph>[1]): string[] {
  const short = (id: string) => id.replace(/\/[^/]*\//, "/");
  return bundleGraph(objects, options).edges.map(
    (e) =>
      `${short(e.from)} -${e.relation}${e.label === "" ? "" : ` ${e.label}`}-> ${short(e.to)}${e.dangling ? " (dangling)" : ""}`,
  );
}

function withConfig() {
  const { ns, web, svc } = base();
  const cfg = configMap({ name: "web-config", namespace: "shop", data: { MODE: "x" } });
  const reading = edit(web, (d) => {
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: "web-config" } }];
  });
  return { ns, web: reading, svc, cfg };
}

describe("bundleGraph", () => {
  it("gives every object of the bundle a node, with its role, component and detail", () => {
    const { all } = base();
    const graph = bundleGraph(all);
    expect(graph.nodes.map((n) => [n.id, n.role, n.detail])).toEqual([
      ["Namespace//shop", "object", ""],
      ["Deployment/shop/web", "workload", "2 replicas"],
      ["Service/shop/web", "object", "ClusterIP"],
    ]);
    expect(graph.findings).toEqual([]);
  });

  it("links Ingress → Service → pods → ConfigMap, HPA and PDB → workload", () => {
    const { ns, web, svc, cfg } = withConfig();
    const ing = ingress({
      name: "web",
      namespace: "shop",
      rules: [{ host: "shop.example.com", paths: [{ path: "/", service: { name: "web", port: "http" } }] }],
    });
    const hpa = hpaFor(web, { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70 });
    const pdb = pdbFor(web, { maxUnavailable: 1 });
    expect(edges([ns, web, svc, cfg, ing, hpa, pdb])).toEqual([
      "Deployment/web -reads envFrom-> ConfigMap/web-config",
      "Service/web -selects 8080→http-> Deployment/web",
      "Ingress/web -routes / → http-> Service/web",
      "HorizontalPodAutoscaler/web -scales-> Deployment/web",
      "PodDisruptionBudget/web -protects-> Deployment/web",
    ]);
  });

  it("links a StatefulSet to its governing Service", () => {
    const { ns } = base();
    const { db, headless } = database();
    expect(edges([ns, db, headless])).toEqual([
      "StatefulSet/db -governs serviceName-> Service/db-headless",
      "Service/db-headless -selects 8080→http, 9100→metrics-> StatefulSet/db",
    ]);
  });

  it("makes a dangling reference a missing node with the validateBundle finding about it", () => {
    const { ns, web, svc } = withConfig();
    const graph = bundleGraph([ns, web, svc]);
    const missing = graph.nodes.find((n) => n.role === "missing");
    expect(missing).toMatchObject({
      id: "ConfigMap/shop/web-config",
      component: "",
      detail: "not in the bundle",
    });
    expect(missing?.findings.map((f) => f.code)).toEqual(["CONFIG_MAP_MISSING"]);
    expect(edges([ns, web, svc])).toContain(
      "Deployment/web -reads envFrom-> ConfigMap/web-config (dangling)",
    );
  });

  it("makes a reference to an object made outside an external node, not a dangling one", () => {
    const { ns, web, svc } = withConfig();
    const graph = bundleGraph([ns, web, svc], { validate: { external: ["web-config"] } });
    expect(graph.nodes.find((n) => n.name === "web-config")?.role).toBe("external");
    expect(graph.edges.some((e) => e.dangling)).toBe(false);
    expect(graph.findings).toEqual([]);
  });

  it("draws no selection for a Service that selects no pod, and keeps its finding on its node", () => {
    const { ns, web, svc } = base();
    const lost = edit(svc, (s) => {
      s.spec.selector = { "app.kubernetes.io/name": "other" };
    });
    const graph = bundleGraph([ns, web, lost]);
    expect(graph.edges).toEqual([]);
    expect(graph.nodes.find((n) => n.kind === "Service")?.findings.map((f) => f.code)).toEqual([
      "SERVICE_SELECTS_NOTHING",
    ]);
  });

  it("is deterministic and never throws on junk", () => {
    const junk = [
      null,
      42,
      { kind: "Deployment" },
      { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: 7 },
    ];
    // biome-ignore lint/suspicious/noExplicitAny: junk the types forbid
    const graph = bundleGraph(junk as any);
    expect(graph.nodes.map((n) => n.id)).toEqual(["Service//s"]);
    // biome-ignore lint/suspicious/noExplicitAny: junk the types forbid
    expect(bundleGraph(junk as any)).toEqual(graph);
  });

  it("gives a custom resource of a built-in kind's name its own node, its kind qualified by its group", () => {
    const { all } = base();
    const knative = customResource({
      apiVersion: "serving.knative.dev/v1",
      kind: "Service",
      name: "web",
      namespace: "shop",
      spec: { template: { spec: { containers: [{ image: "ghcr.io/acme/app:2.0.1" }] } } },
    });
    const graph = bundleGraph([knative, ...all]);
    expect(graph.nodes.map((n) => [n.id, n.kind])).toEqual([
      ["Service.serving.knative.dev/shop/web", "Service.serving.knative.dev"],
      ["Namespace//shop", "Namespace"],
      ["Deployment/shop/web", "Deployment"],
      ["Service/shop/web", "Service"],
    ]);
    expect(graph.edges.map((e) => `${e.from} ${e.relation} ${e.to}`)).toEqual([
      "Service/shop/web selects Deployment/shop/web",
    ]);
  });

  it("qualifies a built-in kind's name in the core group as Kind.core (a Deployment of apiVersion v1)", () => {
    const { ns } = base();
    const odd = {
      apiVersion: "v1",
      kind: "Deployment",
      metadata: { name: "x", namespace: "shop" },
    } as Manifest;
    const node = bundleGraph([ns, odd]).nodes.find((n) => n.id.endsWith("/shop/x"));
    expect(node?.kind).toBe("Deployment.core");
  });

  it("routes an Ingress to the Service of the core group, not to a custom resource of the same kind and name", () => {
    const { ns, web, svc } = base();
    const knative = customResource({
      apiVersion: "serving.knative.dev/v1",
      kind: "Service",
      name: "web",
      namespace: "shop",
    });
    const ing = ingress({
      name: "web",
      namespace: "shop",
      rules: [{ paths: [{ path: "/", service: { name: "web", port: "http" } }] }],
    });
    const routes = bundleGraph([ns, knative, web, svc, ing]).edges.filter((e) => e.relation === "routes");
    expect(routes.map((e) => e.to)).toEqual(["Service/shop/web"]);
  });
});
