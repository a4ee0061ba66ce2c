import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import type { Patch } from "../base/patch-types.ts";
import { type CustomResource, type CustomResourceMeta, customResourceBuilder } from "./custom-resource.ts";
import type { StructuralSchema } from "./structural.ts";

describe("customResourceBuilder (what generated builders call)", () => {
  interface WidgetSpec {
    size: number;
    mode?: "a" | "b";
  }
  type Widget = CustomResource<WidgetSpec, "example.com/v1", "Widget">;
  type WidgetOptions = CustomResourceMeta & {
    spec: WidgetSpec;
    extra?: { note: string };
    patch?: Patch<Widget & { extra?: { note: string } }>;
  };
  const schema: StructuralSchema = {
    type: "object",
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object", properties: { name: { type: "string", maxLength: 10 } } },
      spec: {
        type: "object",
        required: ["size"],
        properties: { size: { type: "integer", minimum: 1 }, mode: { type: "string", enum: ["a", "b"] } },
      },
      extra: { type: "object", properties: { note: { type: "string" } } },
      status: { type: "object", properties: { ready: { type: "boolean" } } },
    },
  };
  const widget = customResourceBuilder<WidgetOptions, Widget>({
    builder: "widget",
    apiVersion: "example.com/v1",
    kind: "Widget",
    namespaced: true,
    schema,
  });
  const clusterWidget = customResourceBuilder<Omit<WidgetOptions, "namespace">, Widget>({
    builder: "clusterWidget",
    apiVersion: "example.com/v1",
    kind: "Widget",
    namespaced: false,
    schema,
  });

  it("builds the object: metadata of every builder, spec and other top-level fields copied", () => {
    const spec = { size: 2 };
    const w = widget({ name: "w", namespace: "ns", spec, extra: { note: "n" } });
    spec.size = 3;
    expect(w).toEqual({
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: {
        name: "w",
        namespace: "ns",
        labels: {
          "app.kubernetes.io/name": "w",
          "app.kubernetes.io/instance": "w",
          "app.kubernetes.io/managed-by": "k8s-builders",
        },
      },
      spec: { size: 2 },
      extra: { note: "n" },
    });
  });

  it.each([
    { options: { name: "w" }, code: "required", path: "spec" },
    { options: { name: "w", spec: {} }, code: "required", path: "spec.size" },
    { options: { name: "w", spec: { size: 0 } }, code: "too_small", path: "spec.size" },
    { options: { name: "w", spec: { size: 1, mode: "c" } }, code: "invalid_value", path: "spec.mode" },
    { options: { name: "w", spec: { size: 1, sise: 1 } }, code: "unknown_option", path: "spec.sise" },
    {
      options: { name: "w", spec: { size: 1 }, extra: { note: 1 } },
      code: "invalid_type",
      path: "extra.note",
    },
    { options: { name: "w", spec: { size: 1 }, status: {} }, code: "unknown_option", path: "status" },
    { options: { name: "w", spec: { size: 1 }, metadata: {} }, code: "unknown_option", path: "metadata" },
    { options: { name: "UPPER", spec: { size: 1 } }, code: "invalid_format", path: "name" },
    { options: { name: "a-very-long-name", spec: { size: 1 } }, code: "too_big", path: "name" },
  ])("refuses $path ($code)", ({ options, code, path }) => {
    expectIssue(() => widget(options as never), code, path);
  });

  it("names the builder and the object, and reports metadata and spec problems together", () => {
    const err = builderError(() => widget({ name: "w", namespace: "A", spec: { size: -1 } }));
    expect(err.builder).toBe("widget");
    expect(err.objectName).toBe("w");
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "invalid_format namespace",
      "too_small spec.size",
    ]);
  });

  it("takes no namespace for a cluster-scoped CRD", () => {
    expectIssue(
      () => clusterWidget({ name: "w", namespace: "ns", spec: { size: 1 } } as never),
      "unknown_option",
      "namespace",
    );
    expect(clusterWidget({ name: "w", spec: { size: 1 } }).metadata).not.toHaveProperty("namespace");
  });

  it("merges a patch and checks the patched object against the schema again", () => {
    const spec = { size: 1 };
    const w = widget({
      name: "w",
      spec,
      patch: { spec: { mode: "b" }, extra: { note: "n" }, metadata: { annotations: { team: "voice" } } },
    });
    expect(w.spec).toEqual({ size: 1, mode: "b" });
    expect(w).toHaveProperty("extra", { note: "n" });
    expect(w.metadata.annotations).toEqual({ team: "voice" });
    expect(spec).toEqual({ size: 1 });
  });

  it.each([
    { p: { spec: { size: 0 } }, code: "too_small", path: "patch.spec.size" },
    { p: { spec: { mode: "c" } }, code: "invalid_value", path: "patch.spec.mode" },
    { p: { spec: { sise: 1 } }, code: "unknown_option", path: "patch.spec.sise" },
    { p: { spec: { size: null } }, code: "required", path: "patch.spec.size" },
    { p: { spec: null }, code: "required", path: "patch.spec" },
    { p: { spec: [] }, code: "invalid_type", path: "patch.spec" },
    { p: { extra: { note: 1 } }, code: "invalid_type", path: "patch.extra.note" },
    { p: { other: 1 }, code: "unknown_option", path: "patch.other" },
    { p: { status: { ready: true } }, code: "unknown_option", path: "patch.status" },
    { p: { metadata: { name: "a-very-long-name" } }, code: "too_big", path: "patch.metadata.name" },
    { p: { metadata: { name: "UPPER" } }, code: "invalid_format", path: "patch.metadata.name" },
    { p: { metadata: { labels: { a: "-x" } } }, code: "invalid_format", path: "patch.metadata.labels.a" },
    { p: { kind: "Gadget" }, code: "invalid_value", path: "patch.kind" },
  ])("refuses the patch at $path ($code)", ({ p, code, path }) => {
    expectIssue(() => widget({ name: "w", spec: { size: 1 }, patch: p as never }), code, path);
  });

  it("refuses a namespace patched into a cluster-scoped object", () => {
    const patch = { metadata: { namespace: "ns" } };
    expectIssue(
      () => clusterWidget({ name: "w", spec: { size: 1 }, patch }),
      "conflicting_options",
      "patch.metadata.namespace",
    );
  });

  it("keeps a top-level field named patch as the field: no patch option then", () => {
    const build = customResourceBuilder<{ name: string; patch: { op: string } }, Record<string, unknown>>({
      builder: "op",
      apiVersion: "example.com/v1",
      kind: "Op",
      namespaced: true,
      schema: {
        type: "object",
        properties: {
          spec: { type: "object" },
          patch: { type: "object", properties: { op: { type: "string" } } },
        },
      },
    });
    expect(build({ name: "o", spec: {}, patch: { op: "add" } } as never)).toHaveProperty("patch", {
      op: "add",
    });
    expectIssue(() => build({ name: "o", spec: {}, patch: { op: 1 } } as never), "invalid_type", "patch.op");
  });
});
