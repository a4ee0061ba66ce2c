import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { mergePatch, patchPathOf } from "./patch.ts";
import type { Patch } from "./patch-types.ts";

const deploymentObject = (): Deployment => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "api", labels: { team: "a", tier: "web" } },
  spec: {
    selector: { matchLabels: { app: "api" } },
    template: {
      metadata: { labels: { app: "api" } },
      spec: {
        containers: [
          {
            name: "api",
            image: "ghcr.io/acme/api:1.0.0",
            args: ["--a", "--b"],
            ports: [
              { name: "http", containerPort: 8080 },
              { name: "metrics", containerPort: 9090 },
            ],
            env: [{ name: "A", value: "1" }],
            volumeMounts: [
              { name: "tmp", mountPath: "/tmp" },
              { name: "config", mountPath: "/etc/api", readOnly: true },
            ],
          },
          { name: "proxy", image: "envoy:1.30" },
        ],
        volumes: [
          { name: "tmp", emptyDir: {} },
          { name: "config", configMap: { name: "api" } },
        ],
        tolerations: [{ key: "a", operator: "Exists" }],
      },
    },
  },
});

const merge = (patch: unknown) => mergePatch(deploymentObject(), patch);
const pod = (v: unknown) => (v as Deployment).spec?.template?.spec;

describe("mergePatch: objects and null", () => {
  it("merges objects by key, keeping what the patch does not name", () => {
    const { value, issues } = merge({ metadata: { labels: { tier: "api", owner: "b" } } });
    expect(issues).toEqual([]);
    expect((value as Deployment).metadata?.labels).toEqual({ team: "a", tier: "api", owner: "b" });
  });

  it("removes a field given as null", () => {
    const { value } = merge({
      metadata: { labels: { team: null } },
      spec: { template: { spec: { tolerations: null } } },
    });
    expect((value as Deployment).metadata?.labels).toEqual({ tier: "web" });
    expect(pod(value)).not.toHaveProperty("tolerations");
  });

  it("adds a field the object does not have, at any depth", () => {
    const { value } = merge({
      spec: { template: { spec: { hostAliases: [{ ip: "10.0.0.1", hostnames: ["db"] }] } } },
    });
    expect(pod(value)?.hostAliases).toEqual([{ ip: "10.0.0.1", hostnames: ["db"] }]);
  });

  it("never changes the object or the patch it is given", () => {
    const target = deploymentObject();
    const patch = { spec: { template: { spec: { containers: [{ name: "api", args: ["--c"] }] } } } };
    const before = JSON.stringify([target, patch]);
    mergePatch(target, patch);
    expect(JSON.stringify([target, patch])).toBe(before);
  });
});

describe("mergePatch: lists", () => {
  it("merges containers by name and appends a new one", () => {
    const { value } = merge({
      spec: {
        template: {
          spec: {
            containers: [
              { name: "proxy", args: ["-v"] },
              { name: "log", image: "fluent-bit:3.1" },
            ],
          },
        },
      },
    });
    expect(pod(value)?.containers.map((c) => c.name)).toEqual(["api", "proxy", "log"]);
    expect(pod(value)?.containers[1]).toEqual({ name: "proxy", image: "envoy:1.30", args: ["-v"] });
  });

  it("merges ports and env by name, volumeMounts by mountPath", () => {
    const { value } = merge({
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: "api",
                ports: [{ name: "http", containerPort: 8081 }],
                env: [{ name: "B", value: "2" }],
                volumeMounts: [
                  { mountPath: "/etc/api", readOnly: false },
                  { name: "config", mountPath: "/etc/extra" },
                ],
              },
            ],
          },
        },
      },
    });
    const c = pod(value)?.containers[0];
    expect(c?.ports).toEqual([
      { name: "http", containerPort: 8081 },
      { name: "metrics", containerPort: 9090 },
    ]);
    expect(c?.env).toEqual([
      { name: "A", value: "1" },
      { name: "B", value: "2" },
    ]);
    expect(c?.volumeMounts).toEqual([
      { name: "tmp", mountPath: "/tmp" },
      { name: "config", mountPath: "/etc/api", readOnly: false },
      { name: "config", mountPath: "/etc/extra" },
    ]);
  });

  it("replaces lists of unnamed items and of values", () => {
    const { value } = merge({
      spec: {
        template: {
          spec: {
            tolerations: [{ key: "b", operator: "Exists" }],
            containers: [{ name: "api", args: ["--c"] }],
          },
        },
      },
    });
    expect(pod(value)?.tolerations).toEqual([{ key: "b", operator: "Exists" }]);
    expect(pod(value)?.containers[0]?.args).toEqual(["--c"]);
  });

  it("replaces the ports of a NetworkPolicy rule, whose items have no name", () => {
    const policy: NetworkPolicy = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "p" },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }, { port: 443 }] }] },
    };
    const { value, issues } = mergePatch(policy, { spec: { ingress: [{ ports: [{ port: 8080 }] }] } });
    expect(issues).toEqual([]);
    expect((value as NetworkPolicy).spec?.ingress).toEqual([{ ports: [{ port: 8080 }] }]);
  });

  it("removes an item with $patch: delete", () => {
    const { value, issues } = merge({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "tmp", $patch: "delete" }],
            containers: [{ name: "api", volumeMounts: [{ mountPath: "/tmp", $patch: "delete" }] }],
          },
        },
      },
    });
    expect(issues).toEqual([]);
    expect(pod(value)?.volumes?.map((v) => v.name)).toEqual(["config"]);
    expect(pod(value)?.containers[0]?.volumeMounts?.map((m) => m.mountPath)).toEqual(["/etc/api"]);
  });
});

describe("mergePatch: what is not a patch", () => {
  const table: { name: string; patch: unknown; code: string; path: PropertyKey[] }[] = [
    { name: "not an object", patch: [1], code: "invalid_type", path: [] },
    {
      name: "a list item without its key",
      patch: { spec: { template: { spec: { containers: [{ image: "x:1" }] } } } },
      code: "required",
      path: ["spec", "template", "spec", "containers", 0, "name"],
    },
    {
      name: "a list item that is not an object",
      patch: { spec: { template: { spec: { containers: ["api"] } } } },
      code: "invalid_type",
      path: ["spec", "template", "spec", "containers", 0],
    },
    {
      name: "deleting an item that is not there",
      patch: { spec: { template: { spec: { volumes: [{ name: "data", $patch: "delete" }] } } } },
      code: "invalid_value",
      path: ["spec", "template", "spec", "volumes", 0, "name"],
    },
    {
      name: "a delete with more than the key",
      patch: { spec: { template: { spec: { volumes: [{ name: "tmp", $patch: "delete", emptyDir: {} }] } } } },
      code: "conflicting_options",
      path: ["spec", "template", "spec", "volumes", 0, "emptyDir"],
    },
    {
      name: "two items of one name in a list that merges by name",
      patch: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "api",
                  env: [
                    { name: "B", value: "1" },
                    { name: "B", value: "2" },
                  ],
                },
              ],
            },
          },
        },
      },
      code: "duplicate",
      path: ["spec", "template", "spec", "containers", 0, "env", 1, "name"],
    },
    {
      name: "an unknown $patch directive",
      patch: { spec: { template: { spec: { volumes: [{ name: "tmp", $patch: "replace" }] } } } },
      code: "invalid_value",
      path: ["spec", "template", "spec", "volumes", 0, "$patch"],
    },
    {
      name: "a __proto__ key",
      patch: JSON.parse('{ "metadata": { "__proto__": { "polluted": true } } }'),
      code: "invalid_key",
      path: ["metadata", "__proto__"],
    },
    {
      name: "a function",
      patch: { metadata: { labels: { a: () => "b" } } },
      code: "invalid_type",
      path: ["metadata", "labels", "a"],
    },
    {
      name: "NaN",
      patch: { spec: { replicas: Number.NaN } },
      code: "invalid_value",
      path: ["spec", "replicas"],
    },
    {
      name: "an instance of a class",
      patch: { metadata: { annotations: { at: new Date(0) } } },
      code: "invalid_type",
      path: ["metadata", "annotations", "at"],
    },
  ];

  it.each(table)("$name → $code", ({ patch, code, path }) => {
    expect(merge(patch).issues).toContainEqual(expect.objectContaining({ code, path }));
  });

  it("refuses a patch that contains itself", () => {
    const labels: Record<string, unknown> = {};
    labels.self = labels;
    expect(merge({ metadata: { labels } }).issues).toContainEqual(
      expect.objectContaining({ code: "invalid_value", path: ["metadata", "labels", "self"] }),
    );
  });

  it("never lets a __proto__ key reach the prototype", () => {
    const { value } = merge(JSON.parse('{ "metadata": { "__proto__": { "polluted": true } } }'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf((value as Deployment).metadata)).toBe(Object.prototype);
  });
});

describe("patchPathOf", () => {
  it("gives the patch's path of a field the patch wrote, through a list merged by name", () => {
    const { trace } = merge({
      spec: { template: { spec: { containers: [{ name: "proxy", image: "envoy:latest" }] } } },
    });
    const at = ["spec", "template", "spec", "containers", 1, "image"];
    expect(patchPathOf(trace, at)).toEqual({
      path: ["spec", "template", "spec", "containers", 0, "image"],
      exact: true,
    });
  });

  it("gives the nearest node the patch reached for a field it did not touch", () => {
    const { trace } = merge({ spec: { template: { spec: { volumes: null } } } });
    const at = ["spec", "template", "spec", "containers", 0, "volumeMounts", 0, "name"];
    expect(patchPathOf(trace, at)).toEqual({ path: at, exact: false });
  });

  it("follows the patch's own indices inside a value it wrote whole", () => {
    const { trace } = merge({
      spec: {
        template: { spec: { containers: [{ name: "new", image: "a:1", ports: [{ containerPort: 1 }] }] } },
      },
    });
    expect(
      patchPathOf(trace, ["spec", "template", "spec", "containers", 2, "ports", 0, "containerPort"]),
    ).toEqual({
      path: ["spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"],
      exact: true,
    });
  });
});

describe("Patch<T>", () => {
  it("is a deep partial whose keyed list items need their key", () => {
    expectTypeOf<{
      spec: { template: { spec: { containers: [{ name: "api"; image: "a:1" }] } } };
    }>().toMatchTypeOf<Patch<Deployment>>();
    // @ts-expect-error a container of a patch needs its name: containers merge by name
    const noName: Patch<Deployment> = { spec: { template: { spec: { containers: [{ image: "a:1" }] } } } };
    // @ts-expect-error a field the type does not have
    const unknown: Patch<Deployment> = { spec: { replicaz: 1 } };
    // @ts-expect-error a required field cannot be removed
    const required: Patch<Deployment> = { spec: { selector: null } };
    // @ts-expect-error a patch keeps the kind
    const kind: Patch<Deployment> = { kind: "StatefulSet" };
    const remove: Patch<Deployment> = { metadata: { labels: { team: null } }, spec: { replicas: null } };
    const del: Patch<Deployment> = {
      spec: { template: { spec: { volumes: [{ name: "tmp", $patch: "delete" }] } } },
    };
    expect([noName, unknown, required, kind, remove, del]).toHaveLength(6);
  });

  it("takes unnamed lists whole", () => {
    const tolerations: Patch<Deployment> = {
      spec: { template: { spec: { tolerations: [{ key: "a", operator: "Exists" }] } } },
    };
    // @ts-expect-error the items of a list that is replaced are whole items (a HostAlias needs no partial)
    const partial: Patch<Deployment> = { spec: { template: { spec: { readinessGates: [{}] } } } };
    expect([tolerations, partial]).toHaveLength(2);
  });
});
