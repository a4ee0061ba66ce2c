// The builders' return types say what is always there (metadata.name, spec, the pod template's spec), so strict
// code needs no `!`; they stay assignable to the plain kubernetes-types types. And selectorLabels(workload).
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { ConfigMap, PodSpec, Service } from "kubernetes-types/core/v1.js";
import type { NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Built, BuiltWorkload } from "../base/manifest.ts";
import { patch } from "../patch.ts";
import { configMap } from "./config-map.ts";
import { deployment } from "./deployment.ts";
import { networkPolicy } from "./network-policy.ts";
import { service, serviceFor } from "./service.ts";
import { statefulSet } from "./stateful-set.ts";
import { selectorLabels } from "./workload.ts";

const app = { name: "api", image: "ghcr.io/acme/api:1.4.2", ports: [{ name: "http", containerPort: 8080 }] };
const api = () => deployment({ name: "api", namespace: "shop", containers: [app] });

describe("the builders' return types", () => {
  it("have the name, the spec, the selector and the pod template's spec of a workload", () => {
    const d = api();
    expectTypeOf(d.metadata.name).toEqualTypeOf<string>();
    expectTypeOf(d.spec.selector).not.toBeNullable();
    expectTypeOf(d.spec.template.spec).toEqualTypeOf<PodSpec>();
    expectTypeOf(d.spec.template.spec.containers).not.toBeNullable();
    expect(d.spec.template.spec.containers[0]?.name).toBe("api");
    const s = statefulSet({ name: "db", containers: [{ ...app, name: "db" }] });
    expectTypeOf(s.spec.template.spec).toEqualTypeOf<PodSpec>();
    expect(s.metadata.name).toBe("db");
  });

  it("have the name and the spec of other kinds", () => {
    const svc = serviceFor(api());
    expectTypeOf(svc.spec).not.toBeNullable();
    expectTypeOf(svc.metadata.name).toEqualTypeOf<string>();
    expect(svc.spec.ports?.[0]?.name).toBe("http");
    expectTypeOf(configMap({ name: "cfg", data: { a: "1" } }).metadata.name).toEqualTypeOf<string>();
  });

  it("leave the namespace optional, as the option is", () => {
    expectTypeOf(api().metadata.namespace).toEqualTypeOf<string | undefined>();
  });

  it("stay assignable to the kubernetes-types types", () => {
    expectTypeOf(deployment).returns.toExtend<Deployment>();
    expectTypeOf(statefulSet).returns.toExtend<StatefulSet>();
    expectTypeOf(service).returns.toExtend<Service>();
    expectTypeOf(configMap).returns.toExtend<ConfigMap>();
    expectTypeOf(networkPolicy).returns.toExtend<NetworkPolicy>();
    expectTypeOf<BuiltWorkload<Deployment>>().toExtend<Deployment>();
    expectTypeOf<Built<Service, "spec">>().toExtend<Service>();
  });

  it("are not what a plain kubernetes-types object is", () => {
    const plain: Deployment = api();
    // @ts-expect-error -- metadata is optional in kubernetes-types
    plain.metadata.name;
    expectTypeOf<Deployment>().not.toExtend<BuiltWorkload<Deployment>>();
  });

  it("survive a patch, which cannot remove what they promise", () => {
    const d = patch(api(), { spec: { paused: true } });
    expectTypeOf(d).toEqualTypeOf<BuiltWorkload<Deployment>>();
    // Not called: a compile-time check only.
    // @ts-expect-error -- the name is always there: a patch cannot remove it
    const removeName = () => patch(api(), { metadata: { name: null } });
    expect(removeName).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ path: "metadata.name" })] }),
    );
    expect(() =>
      patch(api(), { spec: { template: { spec: null } } } as unknown as Parameters<typeof patch>[1]),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: "spec.template.spec" })] }));
  });
});

describe("selectorLabels", () => {
  it("gives a workload's selector labels", () => {
    expect(selectorLabels(api())).toEqual({
      "app.kubernetes.io/name": "api",
      "app.kubernetes.io/instance": "api",
    });
    expectTypeOf(selectorLabels).returns.toEqualTypeOf<Record<string, string>>();
  });

  it("gives a copy", () => {
    const d = api();
    const labels = selectorLabels(d);
    labels.extra = "x";
    expect(d.spec.selector.matchLabels).not.toHaveProperty("extra");
  });

  it("reads the patched object", () => {
    const d = deployment({
      name: "api",
      containers: [app],
      patch: {
        spec: {
          selector: { matchLabels: { tier: "web" } },
          template: { metadata: { labels: { tier: "web" } } },
        },
      },
    });
    expect(selectorLabels(d)).toEqual({
      "app.kubernetes.io/name": "api",
      "app.kubernetes.io/instance": "api",
      tier: "web",
    });
  });

  it("selects the workload's pods in a NetworkPolicy written by hand", () => {
    const d = api();
    const np = networkPolicy({ name: "api-in", podSelector: selectorLabels(d), ingress: [] });
    expect(np.spec.podSelector.matchLabels).toEqual(selectorLabels(d));
    for (const [k, v] of Object.entries(np.spec.podSelector.matchLabels ?? {})) {
      expect(d.spec.template.metadata.labels?.[k]).toBe(v);
    }
  });

  it.each([
    ["a Service", service({ name: "api", selector: { a: "b" }, ports: [{ port: 80 }] })],
    ["null", null],
    [
      "a Deployment without a selector",
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" } },
    ],
  ])("refuses %s (invalid_object)", (_name, value) => {
    expect(() => selectorLabels(value as unknown as Deployment)).toThrow(
      expect.objectContaining({
        builder: "selectorLabels",
        issues: [expect.objectContaining({ code: "invalid_object", path: "workload" })],
      }),
    );
  });
});
