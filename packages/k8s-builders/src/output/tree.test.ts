import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { expectIssue } from "../../test/support/errors.ts";
import { kustomizeBuild } from "../../test/support/kubectl.ts";
import { kindFileName } from "../base/kinds.ts";
import { configMap } from "../kinds/config-map.ts";
import { deployment } from "../kinds/deployment.ts";
import { hpaFor } from "../kinds/hpa.ts";
import { namespace } from "../kinds/namespace.ts";
import { pdbFor } from "../kinds/pdb.ts";
import { serviceFor } from "../kinds/service.ts";
import { toYaml } from "./to-yaml.ts";
import { defaultLayout, type RenderTreeOptions, renderTree } from "./tree.ts";
import { writeTree } from "./write-tree.ts";

/** Kubernetes (and Kustomize) read YAML 1.1. */
const read = (text: string): unknown => parse(text, { version: "1.1" });

function app(
  name: string,
  extra: { component?: string; image?: string; ports?: Record<string, number> } = {},
) {
  const ports = Object.entries(extra.ports ?? { http: 8080 }).map(([n, containerPort]) => ({
    name: n,
    containerPort,
  }));
  return deployment({
    name,
    namespace: "call-center",
    ...(extra.component === undefined ? {} : { component: extra.component }),
    replicas: 2,
    containers: [
      {
        name,
        image: extra.image ?? `ghcr.io/acme/${name}:1.4.2`,
        ports,
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        livenessProbe: { http: { path: "/health", port: "http" } },
        readinessProbe: { http: { path: "/health/ready", port: "http" } },
      },
    ],
  });
}

const ns = namespace({ name: "call-center" });
const config = configMap({ name: "app-config", namespace: "call-center", data: { LOG_LEVEL: "info" } });
const processor = app("call-processor", { ports: { http: 8080, audiosocket: 9092 } });
const admin = app("admin-api");
const bundle = [processor, serviceFor(processor), admin, serviceFor(admin), config, ns];

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

  const cm = (name: string, ns?: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
  });
  const fixed = (path: unknown) => () => path as string;
  const invalid: {
    name: string;
    objects: object[];
    layout?: "default" | ((o: object) => string);
    options?: unknown;
    code: string;
    path: string;
  }[] = [
    {
      name: "a non-object",
      objects: [cm("a"), { kind: "ConfigMap" }],
      code: "invalid_object",
      path: "objects[1]",
    },
    {
      name: "an object without a name",
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }],
      code: "invalid_object",
      path: "objects[0]",
    },
    {
      name: "two identical objects",
      objects: [cm("a", "x"), cm("b", "x"), cm("a", "x")],
      code: "duplicate",
      path: "objects[2]",
    },
    {
      name: "one object in two versions",
      objects: [
        { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "a" } },
        { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "a" } },
      ],
      code: "duplicate",
      path: "objects[1]",
    },
    {
      name: "an absolute path",
      objects: [cm("a")],
      layout: fixed("/k8s/a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a path escaping with ..",
      objects: [cm("a")],
      layout: fixed("../a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a backslash",
      objects: [cm("a")],
      layout: fixed("base\\a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a ./ prefix",
      objects: [cm("a")],
      layout: fixed("./a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a path that is not YAML",
      objects: [cm("a")],
      layout: fixed("a.json"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a layout that gives no string",
      objects: [cm("a")],
      layout: fixed(undefined),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "the kustomization's path",
      objects: [cm("a")],
      layout: fixed("kustomization.yml"),
      code: "reserved_path",
      path: "objects[0]",
    },
    {
      name: "another kustomization name",
      objects: [cm("a")],
      layout: fixed("Kustomization.yaml"),
      code: "reserved_path",
      path: "objects[0]",
    },
    {
      name: "a layout that throws",
      objects: [cm("a")],
      layout: () => {
        throw new Error("no app label");
      },
      code: "layout_failed",
      path: "objects[0]",
    },
    {
      name: "paths that differ only in case",
      objects: [cm("a"), cm("b")],
      layout: (o) => ((o as { metadata: { name: string } }).metadata.name === "a" ? "App.yml" : "app.yml"),
      code: "path_conflict",
      path: "objects[1]",
    },
    {
      name: "a file where a directory is needed",
      objects: [cm("a"), cm("b")],
      layout: (o) => ((o as { metadata: { name: string } }).metadata.name === "a" ? "x.yml" : "x.yml/b.yml"),
      code: "path_conflict",
      path: "objects[1]",
    },
    {
      name: "an extra file escaping",
      objects: [],
      options: { extraFiles: { "../README.md": "" } },
      code: "invalid_path",
      path: 'extraFiles["../README.md"]',
    },
    {
      name: "an extra kustomization",
      objects: [],
      options: { extraFiles: { "kustomization.yaml": "" } },
      code: "reserved_path",
      path: 'extraFiles["kustomization.yaml"]',
    },
    {
      name: "an extra manifest file",
      objects: [],
      options: { extraFiles: { ".k8s-builders-manifest.json": "" } },
      code: "reserved_path",
      path: 'extraFiles[".k8s-builders-manifest.json"]',
    },
    {
      name: "an extra file on a manifest's path",
      objects: [cm("a")],
      layout: fixed("a.yml"),
      options: { extraFiles: { "a.yml": "" } },
      code: "path_conflict",
      path: 'extraFiles["a.yml"]',
    },
    { name: "an unknown option", objects: [], options: { extra: {} }, code: "unknown_option", path: "extra" },
    {
      name: "kustomization resources",
      objects: [],
      options: { kustomization: { resources: ["x.yml"] } },
      code: "unknown_option",
      path: "kustomization.resources",
    },
    {
      name: "a bad kustomization namespace",
      objects: [],
      options: { kustomization: { namespace: "Bad" } },
      code: "invalid_format",
      path: "kustomization.namespace",
    },
    {
      name: "a kustomization rule",
      objects: [],
      options: { kustomization: { images: [{ name: "api" }] } },
      code: "required",
      path: "kustomization.images[0]",
    },
  ];

  it.each(invalid)("refuses $name ($code at $path)", ({ objects, layout, options, code, path }) => {
    expectIssue(() => renderTree(objects, layout ?? "default", options as RenderTreeOptions), code, path);
  });
});

/** Parsed documents keyed by apiVersion/kind/namespace/name. */
function byIdentity(text: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const doc of parseAllDocuments(text, { version: "1.1" })) {
    expect(doc.errors).toEqual([]);
    const o = doc.toJS() as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace?: string };
    } | null;
    if (o === null) continue;
    const key = `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
    expect(out.has(key), `${key} appears twice`).toBe(false);
    out.set(key, o);
  }
  return out;
}

function expectSameObjects(actual: Map<string, unknown>, expected: Map<string, unknown>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, value] of expected) expect(actual.get(key), key).toEqual(value);
}

describe("renderTree + writeTree, built by the real Kustomize (kubectl v1.35)", () => {
  const root = mkdtempSync(join(tmpdir(), "k8s-builders-kustomize-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A nested layout: base objects in base/, each app under apps/<app>/. */
  const nested = (o: { kind?: string; metadata?: { labels?: Record<string, string> } }): string => {
    if (o.kind === "Namespace" || o.kind === "ConfigMap") return `base/${kindFileName(o.kind)}.yml`;
    return `apps/${o.metadata?.labels?.["app.kubernetes.io/name"]}/${kindFileName(o.kind ?? "")}.yml`;
  };

  it("builds exactly the objects that toYaml prints", () => {
    const dir = join(root, "plain", "k8s");
    writeTree(dir, renderTree(bundle, nested));
    expectSameObjects(byIdentity(kustomizeBuild(dir)), byIdentity(toYaml(bundle)));
  }, 120_000);

  it("adds labels without touching selectors or pod templates, and applies images and generators", () => {
    const dir = join(root, "transformed", "k8s");
    const files = renderTree(bundle, nested, {
      extraFiles: { "config/app.properties": "mode=live\n", "README.md": "# k8s\n" },
      kustomization: {
        labels: [{ pairs: { team: "voice" } }],
        images: [{ name: "ghcr.io/acme/admin-api", newTag: "1.5.0" }],
        configMapGenerator: [
          {
            name: "generated",
            namespace: "call-center",
            literals: ["A=1"],
            files: ["config/app.properties"],
            options: { disableNameSuffixHash: true },
          },
        ],
      },
    });
    writeTree(dir, files);

    const expected = byIdentity(toYaml(bundle));
    for (const o of expected.values()) {
      const meta = (o as { metadata: { labels?: Record<string, string> } }).metadata;
      meta.labels = { ...meta.labels, team: "voice" };
    }
    const adminKey = "apps/v1/Deployment/call-center/admin-api";
    const adminPod = (
      expected.get(adminKey) as { spec: { template: { spec: { containers: { image: string }[] } } } }
    ).spec.template.spec;
    for (const c of adminPod.containers) c.image = "ghcr.io/acme/admin-api:1.5.0";
    expected.set("v1/ConfigMap/call-center/generated", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "generated", namespace: "call-center", labels: { team: "voice" } },
      data: { A: "1", "app.properties": "mode=live\n" },
    });

    const built = byIdentity(kustomizeBuild(dir));
    expectSameObjects(built, expected);
    const processorKey = "apps/v1/Deployment/call-center/call-processor";
    const spec = (
      built.get(processorKey) as { spec: { selector: unknown; template: { metadata: { labels: unknown } } } }
    ).spec;
    expect(spec.selector).toEqual(processor.spec?.selector);
    expect(spec.template.metadata.labels).toEqual(processor.spec?.template?.metadata?.labels);
  }, 120_000);
});

describe("renderTree with junk", () => {
  const bad = { ...config, metadata: { ...config.metadata, name: "bad" }, data: { x: "a\u0085b" } };

  it("refuses a value toYaml cannot write, at the object's place in renderTree's input", () => {
    // `bad` shares configmap.yml with `config` and comes second in it; it is objects[2] of the input.
    expectIssue(() => renderTree([ns, config, bad], "default"), "invalid_character", "objects[2].data.x");
  });

  it('refuses objects that are not a list, and a layout that is neither "default" nor a function', () => {
    expectIssue(() => renderTree(null as never, "default"), "invalid_type", "objects");
    expectIssue(() => renderTree([ns], 5 as never), "invalid_type", "layout");
  });

  it("refuses an object whose fields cannot be read as an invalid object", () => {
    const throwing = Object.defineProperty({}, "kind", {
      enumerable: true,
      get() {
        throw new TypeError("no");
      },
    });
    expectIssue(() => renderTree([ns, throwing], "default"), "invalid_object", "objects[1]");
    expect(defaultLayout(throwing)).toBe("object.yml");
  });
});
