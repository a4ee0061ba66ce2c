/**
 * A CRD without spec (the CSI snapshotter's VolumeSnapshotClass: cluster-scoped, `driver`, `deletionPolicy` and
 * `parameters` at the top level), through the builder generated from it and through customResource's `fields`:
 * the same object, the same type, the same YAML, and both patched and checked.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { Patch } from "../../src/base/patch-types.ts";
import { customResource } from "../../src/crd/custom-resource.ts";
import { toYaml } from "../../src/output/to-yaml.ts";
import { patch } from "../../src/patch.ts";
import { assertCrdValid, crdProblems } from "../support/crd.ts";
import { builderError, expectIssue } from "../support/errors.ts";
import {
  type VolumeSnapshotClass,
  type VolumeSnapshotClassFields,
  volumeSnapshotClass,
} from "./generated/snapshot.storage.k8s.io/v1/volume-snapshot-class.ts";

const CRD = "snapshot.storage.k8s.io_volumesnapshotclasses.yaml";
const API_VERSION = "snapshot.storage.k8s.io/v1";
const fields: VolumeSnapshotClassFields = {
  driver: "ebs.csi.aws.com",
  deletionPolicy: "Delete",
  parameters: { tagSpecification_1: "team=voice" },
};
const byCustomResource = () =>
  customResource<never, typeof API_VERSION, "VolumeSnapshotClass", VolumeSnapshotClassFields>({
    apiVersion: API_VERSION,
    kind: "VolumeSnapshotClass",
    name: "csi-aws-vsc",
    fields,
  });

describe("volumeSnapshotClass (generated from the CSI snapshotter's CRD)", () => {
  it("builds a VolumeSnapshotClass without spec or namespace that passes the CRD's schema", () => {
    const vsc = volumeSnapshotClass({ name: "csi-aws-vsc", ...fields });
    assertCrdValid(vsc, CRD);
    expect(vsc).toEqual({
      apiVersion: API_VERSION,
      kind: "VolumeSnapshotClass",
      metadata: {
        name: "csi-aws-vsc",
        labels: {
          "app.kubernetes.io/name": "csi-aws-vsc",
          "app.kubernetes.io/instance": "csi-aws-vsc",
          "app.kubernetes.io/managed-by": "k8s-builders",
        },
      },
      deletionPolicy: "Delete",
      driver: "ebs.csi.aws.com",
      parameters: { tagSpecification_1: "team=voice" },
    });
  });

  it("is what customResource builds with fields: the same object, type and YAML", () => {
    const generated = volumeSnapshotClass({ name: "csi-aws-vsc", ...fields });
    const built = byCustomResource();
    expect(built).toEqual(generated);
    expect(toYaml([built])).toBe(toYaml([generated]));
    expect(toYaml([built])).toContain(
      "    app.kubernetes.io/managed-by: k8s-builders\ndeletionPolicy: Delete\ndriver: ebs.csi.aws.com\nparameters:\n",
    );
    expectTypeOf(built).toEqualTypeOf<VolumeSnapshotClass>();
    expectTypeOf(built).not.toHaveProperty("spec");
  });

  it("customResource does not check the fields against the CRD: the CRD check does", () => {
    const loose = customResource({
      apiVersion: API_VERSION,
      kind: "VolumeSnapshotClass",
      name: "csi-aws-vsc",
      namespace: "storage",
      fields: { driver: "ebs.csi.aws.com", deletionPolicy: "Keep" },
    });
    expect(crdProblems(loose, CRD)).toEqual([expect.stringMatching(/^deletionPolicy: /)]);
  });

  it.each([
    { options: { name: "v", deletionPolicy: "Delete" }, code: "required", path: "driver" },
    { options: { name: "v", driver: "d" }, code: "required", path: "deletionPolicy" },
    {
      options: { name: "v", driver: "d", deletionPolicy: "Keep" },
      code: "invalid_value",
      path: "deletionPolicy",
    },
    { options: { name: "v", driver: 1, deletionPolicy: "Delete" }, code: "invalid_type", path: "driver" },
    {
      options: { name: "v", driver: "d", deletionPolicy: "Delete", parameters: { a: 1 } },
      code: "invalid_type",
      path: "parameters.a",
    },
    {
      options: { name: "v", driver: "d", deletionPolicy: "Delete", namespace: "ns" },
      code: "unknown_option",
      path: "namespace",
    },
    {
      options: { name: "v", driver: "d", deletionPolicy: "Delete", spec: {} },
      code: "unknown_option",
      path: "spec",
    },
  ])("refuses $path ($code)", ({ options, code, path }) => {
    expectIssue(() => volumeSnapshotClass(options as never), code, path);
  });
});

describe("volumeSnapshotClass patch", () => {
  const defaultClass = { "snapshot.storage.kubernetes.io/is-default-class": "true" };

  it("merges the patch: an annotation the options do not model, a field changed, one removed", () => {
    const vsc = volumeSnapshotClass({
      name: "csi-aws-vsc",
      ...fields,
      patch: { metadata: { annotations: defaultClass }, deletionPolicy: "Retain", parameters: null },
    });
    assertCrdValid(vsc, CRD);
    expect(vsc.metadata.annotations).toEqual(defaultClass);
    expect(vsc.deletionPolicy).toBe("Retain");
    expect(vsc).not.toHaveProperty("parameters");
    expect(fields.parameters).toEqual({ tagSpecification_1: "team=voice" });
  });

  it("gives what customResource gives with the same patch", () => {
    const p: Patch<VolumeSnapshotClass> = { metadata: { annotations: defaultClass }, parameters: { a: "b" } };
    const generated = volumeSnapshotClass({ name: "csi-aws-vsc", ...fields, patch: p });
    const built = customResource<never, typeof API_VERSION, "VolumeSnapshotClass", VolumeSnapshotClassFields>(
      {
        apiVersion: API_VERSION,
        kind: "VolumeSnapshotClass",
        name: "csi-aws-vsc",
        fields,
        patch: p,
      },
    );
    expect(built).toEqual(generated);
    expect(patch(byCustomResource(), p)).toEqual(generated);
  });

  it.each([
    { p: { deletionPolicy: "Keep" }, code: "invalid_value", path: "patch.deletionPolicy" },
    { p: { driver: null }, code: "required", path: "patch.driver" },
    { p: { driver: 1 }, code: "invalid_type", path: "patch.driver" },
    { p: { parameters: { a: true } }, code: "invalid_type", path: "patch.parameters.a" },
    { p: { spec: {} }, code: "unknown_option", path: "patch.spec" },
    { p: { status: {} }, code: "unknown_option", path: "patch.status" },
    {
      p: { metadata: { namespace: "storage" } },
      code: "conflicting_options",
      path: "patch.metadata.namespace",
    },
    {
      p: { metadata: { labels: { "a b": "x" } } },
      code: "invalid_key",
      path: 'patch.metadata.labels["a b"]',
    },
  ])("refuses $path ($code)", ({ p, code, path }) => {
    expectIssue(() => volumeSnapshotClass({ name: "csi-aws-vsc", ...fields, patch: p as never }), code, path);
  });

  it("reports every problem of the patch at once, named after the builder", () => {
    const err = builderError(() =>
      volumeSnapshotClass({
        name: "csi-aws-vsc",
        ...fields,
        patch: { deletionPolicy: "Keep", metadata: { namespace: "storage" } } as never,
      }),
    );
    expect(err.builder).toBe("volumeSnapshotClass");
    expect(err.objectName).toBe("csi-aws-vsc");
    expect(err.issues.map((i) => `${i.code} ${i.path}`).sort()).toEqual([
      "conflicting_options patch.metadata.namespace",
      "invalid_value patch.deletionPolicy",
    ]);
  });

  it("types: a Patch of a VolumeSnapshotClass takes its fields, with their types, and no spec", () => {
    const ok: Patch<VolumeSnapshotClass> = { deletionPolicy: "Retain", parameters: { a: "b" } };
    // @ts-expect-error deletionPolicy is Delete or Retain
    const keep: Patch<VolumeSnapshotClass> = { deletionPolicy: "Keep" };
    // @ts-expect-error a VolumeSnapshotClass has no spec
    const spec: Patch<VolumeSnapshotClass> = { spec: {} };
    // @ts-expect-error driver is required: it cannot be removed
    const noDriver: Patch<VolumeSnapshotClass> = { driver: null };
    expect([ok, keep, spec, noDriver]).toHaveLength(4);
  });
});
