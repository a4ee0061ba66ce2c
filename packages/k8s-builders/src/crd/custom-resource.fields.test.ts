import { describe, expect, expectTypeOf, it } from "vitest";
import type { CertificateSpec, SnapshotClassFields } from "../../test/support/custom-resource.ts";
import { base, snapshotClass } from "../../test/support/custom-resource.ts";
import { expectIssue } from "../../test/support/errors.ts";
import type { Manifest } from "../base/manifest.ts";
import { toYaml } from "../output/to-yaml.ts";
import { type CustomResource, type CustomResourceObject, customResource } from "./custom-resource.ts";

describe("customResource fields (top-level fields besides spec)", () => {
  it("builds an object without spec, its fields after the metadata, by name", () => {
    const vsc = customResource<
      never,
      "snapshot.storage.k8s.io/v1",
      "VolumeSnapshotClass",
      SnapshotClassFields
    >({
      ...snapshotClass,
      fields: {
        driver: "ebs.csi.aws.com",
        deletionPolicy: "Delete",
        parameters: { tagSpecification_1: "a" },
      },
    });
    expect(vsc).toEqual({
      apiVersion: "snapshot.storage.k8s.io/v1",
      kind: "VolumeSnapshotClass",
      metadata: {
        name: "csi-snapclass",
        labels: {
          "app.kubernetes.io/name": "csi-snapclass",
          "app.kubernetes.io/instance": "csi-snapclass",
          "app.kubernetes.io/managed-by": "k8s-builders",
        },
      },
      deletionPolicy: "Delete",
      driver: "ebs.csi.aws.com",
      parameters: { tagSpecification_1: "a" },
    });
    expect(Object.keys(vsc)).toEqual([
      "apiVersion",
      "kind",
      "metadata",
      "deletionPolicy",
      "driver",
      "parameters",
    ]);
    expect(toYaml([vsc])).toContain(
      "    app.kubernetes.io/managed-by: k8s-builders\ndeletionPolicy: Delete\ndriver: ",
    );
  });

  it("writes spec first, then the fields", () => {
    const cr = customResource({ ...base, fields: { data: { a: "1" } } });
    expect(Object.keys(cr)).toEqual(["apiVersion", "kind", "metadata", "spec", "data"]);
    expect(cr.data).toEqual({ a: "1" });
  });

  it("copies the fields and leaves out undefined ones", () => {
    const parameters: Record<string, string> = { a: "1" };
    const vsc = customResource({
      ...snapshotClass,
      fields: { ...snapshotClass.fields, parameters, extra: undefined },
    });
    parameters.a = "2";
    expect(vsc.parameters).toEqual({ a: "1" });
    expect(vsc).not.toHaveProperty("extra");
  });

  it.each([
    { options: { ...snapshotClass, fields: [] }, code: "invalid_type", path: "fields" },
    { options: { ...snapshotClass, fields: "driver" }, code: "invalid_type", path: "fields" },
    {
      options: { ...snapshotClass, fields: { driver: () => 1 } },
      code: "invalid_type",
      path: "fields.driver",
    },
    {
      options: { ...snapshotClass, fields: { p: { a: [Number.NaN] } } },
      code: "invalid_type",
      path: "fields.p.a[0]",
    },
    {
      options: { ...snapshotClass, fields: { apiVersion: "v1" } },
      code: "unknown_option",
      path: "fields.apiVersion",
    },
    { options: { ...snapshotClass, fields: { kind: "X" } }, code: "unknown_option", path: "fields.kind" },
    {
      options: { ...snapshotClass, fields: { metadata: {} } },
      code: "unknown_option",
      path: "fields.metadata",
    },
    { options: { ...snapshotClass, fields: { spec: {} } }, code: "unknown_option", path: "fields.spec" },
    { options: { ...snapshotClass, fields: { status: {} } }, code: "unknown_option", path: "fields.status" },
    { options: { ...snapshotClass, driver: "x" }, code: "unknown_option", path: "driver" },
  ])("refuses $path ($code)", ({ options, code, path }) => {
    expectIssue(() => customResource(options as never), code, path);
  });

  it("types: no spec with Spec never, the fields typed, the same type as a generated builder's", () => {
    const vsc = customResource<
      never,
      "snapshot.storage.k8s.io/v1",
      "VolumeSnapshotClass",
      SnapshotClassFields
    >(snapshotClass);
    expectTypeOf(vsc).toEqualTypeOf<
      CustomResourceObject<never, "snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", SnapshotClassFields>
    >();
    expectTypeOf(vsc.deletionPolicy).toEqualTypeOf<"Delete" | "Retain">();
    expectTypeOf(vsc).not.toHaveProperty("spec");
    expectTypeOf(vsc).toExtend<Manifest>();
    const inferred = customResource({ ...base, fields: { data: { a: "1" } } });
    expectTypeOf(inferred.data).toEqualTypeOf<{ a: string }>();
    expectTypeOf(customResource<CertificateSpec>(base)).toEqualTypeOf<CustomResource<CertificateSpec>>();
  });

  it("types: fields that do not fit, a reserved field, or a spec where there is none do not compile", () => {
    const vscResource = customResource<
      never,
      typeof snapshotClass.apiVersion,
      "VolumeSnapshotClass",
      SnapshotClassFields
    >;
    const keep = { driver: "d", deletionPolicy: "Keep" };
    // @ts-expect-error deletionPolicy is Delete or Retain (customResource has no schema: the API server checks it)
    expect(vscResource({ ...snapshotClass, fields: keep }).deletionPolicy).toBe("Keep");
    const noFields = { apiVersion: snapshotClass.apiVersion, kind: snapshotClass.kind, name: "a" };
    // @ts-expect-error the fields are required: driver and deletionPolicy are
    expect(vscResource(noFields)).not.toHaveProperty("driver");
    const withSpec = { ...snapshotClass, spec: {} };
    // @ts-expect-error no spec for Spec never
    expect(vscResource(withSpec)).toHaveProperty("spec", {});
    const reserved = { status: {} };
    // @ts-expect-error status is not the caller's
    expectIssue(() => customResource({ ...base, fields: reserved }), "unknown_option", "fields.status");
  });
});
