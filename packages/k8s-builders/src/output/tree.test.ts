import { describe, expect, expectTypeOf, it } from "vitest";
import { parse } from "yaml";
import { app, bundle, config, ns, processor } from "../../test/support/tree.ts";
import { kindFileName } from "../base/kinds.ts";
import { configMap } from "../kinds/config-map.ts";
import { hpaFor } from "../kinds/hpa.ts";
import { pdbFor } from "../kinds/pdb.ts";
import { serviceFor } from "../kinds/service.ts";
import { toYaml } from "./to-yaml.ts";
import { defaultLayout, renderTree } from "./tree.ts";

/** Kubernetes (and Kustomize) read YAML 1.1. */
const read = (text: string): unknown => parse(text, { version: "1.1" });

describe("defaultLayout", () => {
  it("puts an app's objects in the app's directory", () => {
    expect(defaultLayout(processor)).toBe("call-processor/deployment.yml");
    expect(defaultLayout(serviceFor(processor))).toBe("call-processor/service.yml");
    expect(defaultLayout(hpaFor(processor, { maxReplicas: 10, cpuUtilization: 70 }))).toBe(
      "call-processor/hpa.yml",
    );
    expect(defaultLayout(pdbFor(processor, { minAvailable: 1 }))).toBe("call-processor/pdb.yml");
    expect(defaultLayout(config)).toBe("app-config/configmap.yml");
  });

  it("puts cluster-scoped kinds at the top", () => {
    expect(defaultLayout(ns)).toBe("namespace.yml");
    expect(
      defaultLayout({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRole",
        metadata: { name: "x" },
      }),
    ).toBe("clusterrole.yml");
  });

  it("keeps each app in its own directory, whatever its component", () => {
    expect(defaultLayout(app("postgresql", { component: "database" }))).toBe("postgresql/deployment.yml");
    expect(defaultLayout(app("redis", { component: "database" }))).toBe("redis/deployment.yml");
  });

  it("uses the component when there is no app name", () => {
    const o = {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "x", labels: { "app.kubernetes.io/component": "database" } },
    };
    expect(defaultLayout(o)).toBe("database/secret.yml");
  });

  it("puts an object without app labels at the top", () => {
    const monitor = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: "api" },
    };
    expect(defaultLayout(monitor)).toBe("servicemonitor.yml");
  });

  it("names files after the kind in lower case, hpa and pdb short", () => {
    expect(
      [
        "ConfigMap",
        "StatefulSet",
        "NetworkPolicy",
        "ServiceMonitor",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
      ].map(kindFileName),
    ).toEqual(["configmap", "statefulset", "networkpolicy", "servicemonitor", "hpa", "pdb"]);
  });
});

describe("renderTree", () => {
  it("returns a Map from path to text, typed by the objects given", () => {
    expectTypeOf(renderTree<typeof processor>)
      .parameter(1)
      .toEqualTypeOf<"default" | ((object: typeof processor) => string)>();
    expectTypeOf(renderTree(bundle, "default")).toEqualTypeOf<Map<string, string>>();
  });

  it("lays the bundle out by app and lists every manifest in kustomization.yml", () => {
    const files = renderTree(bundle, "default", { extraFiles: { "README.md": "# Deploy\n" } });
    expect([...files.keys()]).toEqual([
      "README.md",
      "admin-api/deployment.yml",
      "admin-api/service.yml",
      "app-config/configmap.yml",
      "call-processor/deployment.yml",
      "call-processor/service.yml",
      "kustomization.yml",
      "namespace.yml",
    ]);
    expect(read(files.get("kustomization.yml") ?? "")).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: [
        "admin-api/deployment.yml",
        "admin-api/service.yml",
        "app-config/configmap.yml",
        "call-processor/deployment.yml",
        "call-processor/service.yml",
        "namespace.yml",
      ],
    });
  });

  it("writes each file with toYaml and extra files as given", () => {
    const files = renderTree(bundle, "default", {
      extraFiles: { "README.md": "# Deploy\n\nkubectl apply -k .\n" },
    });
    expect(files.get("call-processor/deployment.yml")).toBe(toYaml([processor]));
    expect(files.get("namespace.yml")).toBe(toYaml([ns]));
    expect(files.get("README.md")).toBe("# Deploy\n\nkubectl apply -k .\n");
  });

  it("puts objects with the same path into one file, in toYaml order", () => {
    const files = renderTree(bundle, (o) => (o.kind === "Namespace" ? "namespace.yml" : "all.yml"));
    expect(files.get("all.yml")).toBe(toYaml(bundle.filter((o) => o.kind !== "Namespace")));
    expect(
      files
        .get("all.yml")
        ?.split("---\n")
        .map((d) => (read(d) as { kind: string }).kind),
    ).toEqual(["ConfigMap", "Service", "Service", "Deployment", "Deployment"]);
  });

  it("gives the same bytes for the same objects, whatever their order", () => {
    const a = renderTree(bundle, "default");
    const b = renderTree([...bundle].reverse(), "default");
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  it("passes the kustomization options through, with resources its own", () => {
    const files = renderTree(bundle, "default", {
      kustomization: { namespace: "call-center", labels: [{ pairs: { team: "voice" } }] },
    });
    expect(read(files.get("kustomization.yml") ?? "")).toMatchObject({
      namespace: "call-center",
      labels: [{ pairs: { team: "voice" }, includeSelectors: false }],
      resources: expect.arrayContaining(["namespace.yml"]),
    });
  });

  it("lists no resources for no objects", () => {
    const files = renderTree([], "default");
    expect([...files.keys()]).toEqual(["kustomization.yml"]);
    expect(read(files.get("kustomization.yml") ?? "")).toMatchObject({ resources: [] });
  });

  it("allows one name in two kinds or two namespaces", () => {
    const other = configMap({ name: "app-config", namespace: "other", data: {} });
    const sameName = configMap({ name: "call-processor", namespace: "call-center", data: {} });
    const files = renderTree(
      [processor, sameName, config, other],
      (o) => `${o.kind}-${o.metadata?.namespace}.yml`,
    );
    expect([...files.keys()]).toEqual([
      "ConfigMap-call-center.yml",
      "ConfigMap-other.yml",
      "Deployment-call-center.yml",
      "kustomization.yml",
    ]);
  });
});
