import { describe, expect, expectTypeOf, it } from "vitest";
import type { CertificateSpec, SnapshotClassFields } from "../../test/support/custom-resource.ts";
import { base, snapshotClass } from "../../test/support/custom-resource.ts";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import type { Patch } from "../base/patch-types.ts";
import { patch } from "../patch.ts";
import { type CustomResource, type CustomResourceOptions, customResource } from "./custom-resource.ts";

describe("customResource patch", () => {
  it("merges the patch into the built object, the options unchanged", () => {
    const spec = { secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt" } };
    const cert = customResource<CertificateSpec>({
      ...base,
      spec,
      patch: {
        metadata: { annotations: { "cert-manager.io/issue-temporary-certificate": "true" } },
        spec: { duration: "2160h", issuerRef: { kind: "ClusterIssuer" } },
      },
    });
    expect(cert.spec).toEqual({
      secretName: "api-tls",
      dnsNames: ["api.example.com"],
      issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
      duration: "2160h",
    });
    expect(cert.metadata.annotations).toEqual({ "cert-manager.io/issue-temporary-certificate": "true" });
    expect(spec).toEqual({
      secretName: "api-tls",
      dnsNames: ["api.example.com"],
      issuerRef: { name: "letsencrypt" },
    });
  });

  it("patches the top-level fields, and removes an optional one with null", () => {
    const vsc = customResource<
      never,
      "snapshot.storage.k8s.io/v1",
      "VolumeSnapshotClass",
      SnapshotClassFields
    >({
      ...snapshotClass,
      fields: { ...snapshotClass.fields, parameters: { a: "1" } },
      patch: { deletionPolicy: "Retain", parameters: null },
    });
    expect(vsc.deletionPolicy).toBe("Retain");
    expect(vsc).not.toHaveProperty("parameters");
  });

  it("gives the same object as patch() on the built one", () => {
    const p = { spec: { duration: "1h" }, metadata: { labels: { team: "voice" } } } satisfies Patch<
      CustomResource<CertificateSpec>
    >;
    expect(customResource<CertificateSpec>({ ...base, patch: p })).toEqual(
      patch(customResource<CertificateSpec>(base), p),
    );
  });

  it.each([
    {
      p: { metadata: { labels: { "a b": "x" } } },
      code: "invalid_key",
      path: 'patch.metadata.labels["a b"]',
    },
    { p: { metadata: { labels: { a: 1 } } }, code: "invalid_type", path: "patch.metadata.labels.a" },
    {
      p: { metadata: { annotations: { "/x": "x" } } },
      code: "invalid_key",
      path: 'patch.metadata.annotations["/x"]',
    },
    { p: { metadata: { namespace: "A.B" } }, code: "invalid_format", path: "patch.metadata.namespace" },
    { p: { metadata: { name: "UPPER" } }, code: "invalid_format", path: "patch.metadata.name" },
    { p: { metadata: { name: null } }, code: "required", path: "patch.metadata.name" },
    { p: { metadata: { nme: "x" } }, code: "unknown_option", path: "patch.metadata.nme" },
    {
      p: { metadata: { finalizers: ["bad finalizer"] } },
      code: "invalid_format",
      path: "patch.metadata.finalizers[0]",
    },
    { p: { metadata: null }, code: "required", path: "patch.metadata" },
    { p: { spec: "x" }, code: "invalid_type", path: "patch.spec" },
    { p: { spec: { a: Number.NaN } }, code: "invalid_value", path: "patch.spec.a" },
    { p: { spec: { a: new Date(0) } }, code: "invalid_type", path: "patch.spec.a" },
    { p: { data: { a: () => 1 } }, code: "invalid_type", path: "patch.data.a" },
    { p: { status: { ready: true } }, code: "unknown_option", path: "patch.status" },
    { p: { kind: "Issuer" }, code: "invalid_value", path: "patch.kind" },
    { p: { apiVersion: "cert-manager.io/v2" }, code: "invalid_value", path: "patch.apiVersion" },
    { p: [], code: "invalid_value", path: "patch" },
  ])("refuses $path ($code)", ({ p, code, path }) => {
    expectIssue(() => customResource({ ...base, patch: p as never }), code, path);
  });

  it("reports every problem of the patch at once, named after the builder and the object", () => {
    const err = builderError(() =>
      customResource({ ...base, patch: { metadata: { namespace: "A" }, status: {} } as never }),
    );
    expect(err.builder).toBe("customResource");
    expect(err.objectName).toBe("api-tls");
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "invalid_format patch.metadata.namespace",
      "unknown_option patch.status",
    ]);
  });

  it("types: a Patch of a CustomResource<Spec> takes the fields of Spec only, with their types", () => {
    const ok: Patch<CustomResource<CertificateSpec>> = {
      spec: { duration: "1h", issuerRef: { kind: "Issuer" } },
    };
    expect(customResource<CertificateSpec>({ ...base, patch: ok }).spec.duration).toBe("1h");
    // @ts-expect-error durration is not a field of CertificateSpec
    const typo: Patch<CustomResource<CertificateSpec>> = { spec: { durration: "1h" } };
    // @ts-expect-error dnsNames is a list of strings
    const wrong: Patch<CustomResource<CertificateSpec>> = { spec: { dnsNames: "a.example.com" } };
    // @ts-expect-error secretName is required: it cannot be removed
    const removed: Patch<CustomResource<CertificateSpec>> = { spec: { secretName: null } };
    expect([typo, wrong, removed]).toHaveLength(3);
    expectTypeOf<NonNullable<CustomResourceOptions<CertificateSpec>["patch"]>>().toEqualTypeOf<
      Patch<CustomResource<CertificateSpec>>
    >();
    const notAString = { spec: { duration: 1 } };
    // @ts-expect-error the patch option is typed by Spec too (the API server checks the spec)
    expect(customResource<CertificateSpec>({ ...base, patch: notAString }).spec.duration).toBe(1);
  });
});

describe("patch() on a custom resource", () => {
  const cert = customResource<CertificateSpec>(base);

  it("merges a typed partial and leaves the object given unchanged", () => {
    const before = structuredClone(cert);
    const patched = patch(cert, {
      spec: { dnsNames: ["b.example.com"] },
      metadata: { labels: { team: "voice" } },
    });
    expect(patched.spec.dnsNames).toEqual(["b.example.com"]);
    expect(patched.metadata.labels.team).toBe("voice");
    expect(cert).toEqual(before);
  });

  it.each([
    { p: { metadata: { labels: { "a b": "x" } } }, code: "invalid_key", path: 'metadata.labels["a b"]' },
    { p: { metadata: { namespace: "A.B" } }, code: "invalid_format", path: "metadata.namespace" },
    { p: { metadata: { annotations: { a: 1 } } }, code: "invalid_type", path: "metadata.annotations.a" },
    { p: { metadata: { nme: "x" } }, code: "unknown_option", path: "metadata.nme" },
    { p: { metadata: { name: "UPPER" } }, code: "invalid_format", path: "metadata.name" },
    { p: { spec: { a: Number.NaN } }, code: "invalid_value", path: "spec.a" },
    { p: { spec: { a: new Map() } }, code: "invalid_type", path: "spec.a" },
    { p: { status: {} }, code: "unknown_option", path: "status" },
  ])("refuses $path ($code)", ({ p, code, path }) => {
    expectIssue(() => patch(cert, p as never), code, path);
  });
});
