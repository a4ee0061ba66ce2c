import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kustomizeBuild } from "../../test/support/kubectl.ts";
import { bundle, processor } from "../../test/support/tree.ts";
import { kindFileName } from "../base/kinds.ts";
import { toYaml } from "./to-yaml.ts";
import { renderTree } from "./tree.ts";
import { writeTree } from "./write-tree.ts";

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
