/**
 * Values the bundle used to drop or override without a word are refused, each at the values-file path to change:
 * AudioSocket source ranges on a NodePort, one port for HTTP and AudioSocket, appConfig keys the bundle writes,
 * and labels that would replace the bundle's own (the Namespace's Pod Security labels among them).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { K8sBuilderError } from "@call-center/k8s-builders";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { ConfigMap } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { callCenter, GENERATED_APP_CONFIG, resolveConfig } from "../src/index.ts";

function issuesOf(values: unknown): { path: string; code: string }[] {
  try {
    resolveConfig("production", values);
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues.map(({ path, code }) => ({ path, code }));
    throw e;
  }
  return [];
}

describe("the configuration rules", () => {
  it.each([
    {
      name: "AudioSocket source ranges with a NodePort Service (a NodePort has no source ranges)",
      values: { callProcessor: { audioSocket: { type: "NodePort", sourceRanges: ["203.0.113.0/24"] } } },
      issue: { path: "callProcessor.audioSocket.sourceRanges", code: "conflicting_options" },
    },
    {
      name: "the AudioSocket port equal to the HTTP port",
      values: { callProcessor: { httpPort: 9092 } },
      issue: { path: "callProcessor.audioSocketPort", code: "duplicate" },
    },
    {
      name: "appConfig.HTTP_PORT (written by the bundle from the apps' httpPort)",
      values: { appConfig: { HTTP_PORT: "9000" } },
      issue: { path: "appConfig.HTTP_PORT", code: "reserved_env" },
    },
    {
      name: "appConfig.DB_HOST (written by the bundle from postgres.external)",
      values: { appConfig: { DB_HOST: "db.internal" } },
      issue: { path: "appConfig.DB_HOST", code: "reserved_env" },
    },
    {
      name: "a Pod Security label that would relax the Namespace's enforcement",
      values: { labels: { "pod-security.kubernetes.io/enforce": "privileged" } },
      issue: { path: 'labels["pod-security.kubernetes.io/enforce"]', code: "reserved_label" },
    },
    {
      name: "a recommended label the bundle sets itself",
      values: { labels: { "app.kubernetes.io/version": "9" } },
      issue: { path: 'labels["app.kubernetes.io/version"]', code: "reserved_label" },
    },
    {
      name: "the environment label",
      values: { labels: { environment: "prod" } },
      issue: { path: "labels.environment", code: "reserved_label" },
    },
    {
      name: "a label under a prefix Kubernetes reserves",
      values: { labels: { "node.kubernetes.io/role": "x" } },
      issue: { path: 'labels["node.kubernetes.io/role"]', code: "reserved_label" },
    },
  ])("refuses $name", ({ values, issue }) => {
    expect(issuesOf(values)).toContainEqual(issue);
  });

  it("refuses every key the bundle writes into app-config, and no other", () => {
    const generated = Object.keys(GENERATED_APP_CONFIG);
    for (const key of generated) expect(issuesOf({ appConfig: { [key]: "x" } }), key).not.toEqual([]);
    expect(issuesOf({ appConfig: { FEATURE_X: "on", LOG_LEVEL: "warn" } })).toEqual([]);
    // One source: the keys refused are the keys the bundle writes (app-config, or each app's container).
    const config = resolveConfig("production");
    const objects = callCenter(config);
    const appConfig = objects.find(
      (o) => o.kind === "ConfigMap" && o.metadata?.name === "app-config",
    ) as ConfigMap;
    const containerEnv = objects
      .filter(
        (o): o is Deployment =>
          o.kind === "Deployment" && ["call-processor", "admin-api"].includes(o.metadata?.name ?? ""),
      )
      .flatMap(
        (d) =>
          d.spec?.template?.spec?.containers[0]?.env
            ?.filter((e) => e.value !== undefined)
            .map((e) => e.name) ?? [],
      );
    const written = new Set([...Object.keys(appConfig.data ?? {}), ...containerEnv]);
    written.delete("LOG_LEVEL"); // production's appConfig
    expect([...written].sort()).toEqual([...generated].sort());
  });

  it("accepts user labels that are not reserved", () => {
    expect(issuesOf({ labels: { team: "voice", "acme.com/cost-center": "42" } })).toEqual([]);
  });

  it("gives each app its own HTTP_PORT, even when the two ports differ", () => {
    const objects = callCenter(resolveConfig("production", { adminApi: { httpPort: 8081 } }));
    const port = (name: string) =>
      (
        objects.find((o) => o.kind === "Deployment" && o.metadata?.name === name) as Deployment
      ).spec?.template?.spec?.containers[0]?.env?.find((e) => e.name === "HTTP_PORT")?.value;
    expect(port("call-processor")).toBe("8080");
    expect(port("admin-api")).toBe("8081");
  });

  it("exits non-zero on a values file that asks for privileged pods, naming the values path", () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const file = join(mkdtempSync(join(tmpdir(), "cc-rules-")), "values.yaml");
    writeFileSync(file, "labels:\n  pod-security.kubernetes.io/enforce: privileged\n");
    const r = spawnSync(process.execPath, [join(root, "examples/call-center.ts"), "--values", file], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("pod-security.kubernetes.io/enforce");
  });
});
