import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, expectTypeOf, it } from "vitest";
import { expectIssue } from "../test/support/errors.ts";
import { api, app, podSpec, S } from "../test/support/patch.ts";
import { assertSchemaValid } from "../test/support/schema.ts";
import type { BuiltWorkload } from "./base/manifest.ts";
import type { Patch } from "./base/patch-types.ts";
import { validateBundle } from "./checks/validate-bundle.ts";
import { deployment } from "./kinds/deployment.ts";
import { namespace } from "./kinds/namespace.ts";
import { persistentVolumeClaim } from "./kinds/persistent-volume-claim.ts";
import { serviceFor } from "./kinds/service.ts";
import { statefulSet } from "./kinds/stateful-set.ts";
import { patch } from "./patch.ts";

describe("patch: the three things users ask for first", () => {
  it("sets a field the options do not model", () => {
    const d = patch(api(), {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "api", resizePolicy: [{ resourceName: "cpu", restartPolicy: "NotRequired" }] },
            ],
          },
        },
      },
    });
    assertSchemaValid(d);
    expect(podSpec(d)?.containers[0]?.resizePolicy).toEqual([
      { resourceName: "cpu", restartPolicy: "NotRequired" },
    ]);
    expect(podSpec(d)?.containers[0]?.image).toBe("ghcr.io/acme/api:1.4.2");
  });

  it("puts a vendor annotation on a nested object (the pod template)", () => {
    const d = patch(api(), {
      spec: { template: { metadata: { annotations: { "vendor.example.com/inject": "true" } } } },
    });
    assertSchemaValid(d);
    expect(d.spec?.template?.metadata?.annotations).toEqual({ "vendor.example.com/inject": "true" });
    expect(d.spec?.template?.metadata?.labels).toEqual(api().spec?.template?.metadata?.labels);
  });

  it("removes a default with null", () => {
    const d = patch(api(), {
      metadata: { labels: { "app.kubernetes.io/managed-by": null } },
      spec: { template: { metadata: { labels: { "app.kubernetes.io/managed-by": null } } } },
    });
    assertSchemaValid(d);
    expect(d.metadata?.labels).not.toHaveProperty("app.kubernetes.io/managed-by");
    expect(d.spec?.template?.metadata?.labels).not.toHaveProperty("app.kubernetes.io/managed-by");
  });
});

describe("patch: the result", () => {
  it("returns a new object and leaves the one it was given as it was", () => {
    const d = api();
    const before = JSON.stringify(d);
    const p = patch(d, { spec: { replicas: 3 } });
    expect(JSON.stringify(d)).toBe(before);
    expect(p.spec?.replicas).toBe(3);
    expect(p.spec?.template).not.toBe(d.spec?.template);
  });

  it("keeps its type", () => {
    expectTypeOf(patch(api(), {})).toEqualTypeOf<BuiltWorkload<Deployment>>();
    expectTypeOf(patch<Deployment>)
      .parameter(1)
      .toEqualTypeOf<Patch<Deployment>>();
  });

  it("is what derivations read: serviceFor sees a port the patch added", () => {
    const d = patch(api(), {
      spec: {
        template: {
          spec: { containers: [{ name: "api", ports: [{ name: "admin", containerPort: 9000 }] }] },
        },
      },
    });
    expect(serviceFor(d).spec?.ports?.map((p) => p.name)).toEqual(["http", "admin"]);
  });

  it("shows a loosened security default in validateBundle's Pod Security level", () => {
    const d = patch(api(), { spec: { template: { spec: { hostNetwork: true } } } });
    const report = validateBundle([namespace({ name: "shop", podSecurity: false }), d]).podSecurity;
    expect(report).toEqual([
      expect.objectContaining({
        level: "privileged",
        reasons: [`baseline: host namespaces: hostNetwork=true → at ${S}.hostNetwork`],
      }),
    ]);
  });

  it("is refused by a namespace that enforces the restricted level", () => {
    const d = patch(api(), { spec: { template: { spec: { hostPID: true } } } });
    const result = validateBundle([namespace({ name: "shop" }), d]);
    expect(result.errors.map((f) => f.code)).toContain("POD_SECURITY_ENFORCE_VIOLATION");
  });
});

describe("the patch option of the builders", () => {
  it("applies the patch after building, and reports its problems under patch", () => {
    const d = deployment({
      name: "api",
      containers: [app],
      patch: { spec: { template: { spec: { containers: [{ name: "api", stdin: true }] } } } },
    });
    expect(podSpec(d)?.containers[0]?.stdin).toBe(true);
    expectIssue(
      () => deployment({ name: "api", containers: [app], patch: { spec: { replicas: -1 } } }),
      "too_small",
      "patch.spec.replicas",
    );
  });

  it("refuses a patch that is not an object", () => {
    expectIssue(
      () =>
        deployment({
          name: "api",
          containers: [app],
          patch: [] as unknown as Patch<BuiltWorkload<Deployment>>,
        }),
      "invalid_value",
      "patch",
    );
  });

  it("checks a StatefulSet's claim templates and mounts", () => {
    const sts = (p: Parameters<typeof statefulSet>[0]["patch"]) =>
      statefulSet({
        name: "db",
        containers: [{ ...app, volumeMounts: [{ name: "data", mountPath: "/data" }] }],
        volumeClaimTemplates: [{ name: "data", storage: "1Gi" }],
        patch: p,
      });
    expect(
      sts({
        spec: {
          volumeClaimTemplates: [
            // Not a list of named items (its items' names are in metadata): replaced whole.
            {
              metadata: { name: "data" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "2Gi" } } },
            },
          ],
        },
      }).spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage,
    ).toBe("2Gi");
    expectIssue(
      () => sts({ spec: { volumeClaimTemplates: null } }),
      "unknown_volume",
      "patch.spec.template.spec.containers[0].volumeMounts[0].name",
    );
    expectIssue(
      () => sts({ spec: { updateStrategy: { type: "OnDelete", rollingUpdate: { partition: 1 } } } }),
      "conflicting_options",
      "patch.spec.updateStrategy.rollingUpdate",
    );
  });

  it("checks a PersistentVolumeClaim's size", () => {
    const pvc = persistentVolumeClaim({
      name: "data",
      size: "1Gi",
      patch: { spec: { volumeMode: "Block" } },
    });
    expect(pvc.spec?.volumeMode).toBe("Block");
    expectIssue(
      () =>
        persistentVolumeClaim({
          name: "data",
          size: "1Gi",
          patch: { spec: { resources: { requests: { storage: "0" } } } },
        }),
      "invalid_format",
      "patch.spec.resources.requests.storage",
    );
  });
});
