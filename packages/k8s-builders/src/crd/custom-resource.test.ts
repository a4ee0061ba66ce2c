import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import type { Manifest } from "../base/manifest.ts";
import type { Patch } from "../base/patch-types.ts";
import { toYaml } from "../output/to-yaml.ts";
import { patch } from "../patch.ts";
import {
  type CustomResource,
  type CustomResourceMeta,
  type CustomResourceObject,
  type CustomResourceOptions,
  customResource,
  customResourceBuilder,
} from "./custom-resource.ts";
import type { StructuralSchema } from "./structural.ts";

interface CertificateSpec {
  secretName: string;
  dnsNames: string[];
  issuerRef: { name: string; kind?: string };
  duration?: string;
}

const base = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  name: "api-tls",
  namespace: "call-center",
  spec: { secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt" } },
} as const satisfies CustomResourceOptions<CertificateSpec>;

describe("customResource", () => {
  it("writes apiVersion, kind, the metadata of every builder and the spec", () => {
    const cert = customResource<CertificateSpec>({ ...base, partOf: "call-center", annotations: { a: "b" } });
    expect(cert).toEqual({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: {
        name: "api-tls",
        namespace: "call-center",
        labels: {
          "app.kubernetes.io/name": "api-tls",
          "app.kubernetes.io/instance": "api-tls",
          "app.kubernetes.io/part-of": "call-center",
          "app.kubernetes.io/managed-by": "k8s-builders",
        },
        annotations: { a: "b" },
      },
      spec: { secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt" } },
    });
  });

  it("copies the spec: changing the options afterwards does not change the object", () => {
    const spec = { dnsNames: ["a.example.com"], nested: { list: [{ x: 1 }] } };
    const cr = customResource({ ...base, spec });
    spec.dnsNames.push("b.example.com");
    spec.nested.list[0] = { x: 2 };
    expect(cr.spec).toEqual({ dnsNames: ["a.example.com"], nested: { list: [{ x: 1 }] } });
  });

  it("leaves out undefined properties of the spec, as JSON does", () => {
    const cr = customResource({ ...base, spec: { a: 1, b: undefined, c: { d: undefined } } });
    expect(cr.spec).toEqual({ a: 1, c: {} });
    expect(Object.keys(cr.spec)).toEqual(["a", "c"]);
  });

  it("keeps a __proto__ key of the spec as a key", () => {
    const spec = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const cr = customResource({ ...base, spec });
    expect(Object.keys(cr.spec)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("serializes with toYaml like any other object", () => {
    const yaml = toYaml([customResource<CertificateSpec>(base)]);
    expect(yaml).toContain("apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: api-tls\n");
    expect(yaml).toContain("spec:\n  secretName: api-tls\n");
  });

  it.each([
    { options: { ...base, apiVersion: "v1" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: "apps/v1" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: "cert-manager.io" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: "cert-manager.io/v1/x" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: "Cert-Manager.io/v1" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: "cert-manager.io/1" }, code: "invalid_format", path: "apiVersion" },
    { options: { ...base, apiVersion: 1 }, code: "invalid_type", path: "apiVersion" },
    { options: { ...base, kind: "" }, code: "invalid_format", path: "kind" },
    { options: { ...base, kind: "1Certificate" }, code: "invalid_format", path: "kind" },
    { options: { ...base, kind: "Certificate_" }, code: "invalid_format", path: "kind" },
    { options: { ...base, kind: "C".repeat(64) }, code: "invalid_format", path: "kind" },
    { options: { ...base, name: "API" }, code: "invalid_format", path: "name" },
    { options: { ...base, namespace: "a.b" }, code: "invalid_format", path: "namespace" },
    { options: { ...base, labels: { "a b": "x" } }, code: "invalid_key", path: 'labels["a b"]' },
    { options: { ...base, labels: { a: "-x" } }, code: "invalid_format", path: "labels.a" },
    { options: { ...base, annotations: { "/x": "x" } }, code: "invalid_key", path: 'annotations["/x"]' },
    { options: { ...base, metadata: {} }, code: "unknown_option", path: "metadata" },
    { options: { ...base, status: {} }, code: "unknown_option", path: "status" },
    { options: { ...base, spec: [] }, code: "invalid_type", path: "spec" },
    { options: { ...base, spec: "x" }, code: "invalid_type", path: "spec" },
    { options: { ...base, spec: new Map() }, code: "invalid_type", path: "spec" },
    { options: { ...base, spec: { a: Number.NaN } }, code: "invalid_type", path: "spec.a" },
    { options: { ...base, spec: { a: [1, () => 1] } }, code: "invalid_type", path: "spec.a[1]" },
    { options: { ...base, spec: { a: { b: 1n } } }, code: "invalid_type", path: "spec.a.b" },
    { options: { ...base, spec: { a: [undefined] } }, code: "invalid_type", path: "spec.a[0]" },
    { options: { ...base, spec: { "a-b": new Date(0) } }, code: "invalid_type", path: 'spec["a-b"]' },
  ])("refuses $path ($code)", ({ options, code, path }) => {
    expectIssue(() => customResource(options as never), code, path);
  });

  it("reports every problem at once, metadata and spec together", () => {
    const err = builderError(() =>
      customResource({ ...base, kind: "bad_kind", name: "Bad", spec: { a: Number.POSITIVE_INFINITY } }),
    );
    expect(err.builder).toBe("customResource");
    expect(err.issues.map((i) => i.path).sort()).toEqual(["kind", "name", "spec.a"]);
  });

  it("types: literal apiVersion and kind, the caller's spec, present metadata.name", () => {
    const inferred = customResource({ ...base });
    expectTypeOf(inferred.apiVersion).toEqualTypeOf<"cert-manager.io/v1">();
    expectTypeOf(inferred.kind).toEqualTypeOf<"Certificate">();
    expectTypeOf(inferred.metadata.name).toEqualTypeOf<string>();
    const typed = customResource<CertificateSpec>(base);
    expectTypeOf(typed.spec).toEqualTypeOf<CertificateSpec>();
    expectTypeOf(typed.spec.issuerRef.name).toEqualTypeOf<string>();
    expectTypeOf(typed).toExtend<Manifest>();
    expectTypeOf(typed).toExtend<CustomResource<CertificateSpec>>();
  });

  it("types: a spec that does not fit the caller's type, or an unknown option, does not compile", () => {
    const wrong = { ...base.spec, secretName: 1 };
    // @ts-expect-error secretName must be a string
    expect(() => customResource<CertificateSpec>({ ...base, spec: wrong })).not.toThrow();
    // @ts-expect-error "replicas" is not an option
    expectIssue(() => customResource({ ...base, replicas: 1 }), "unknown_option", "replicas");
  });
});

interface SnapshotClassFields {
  driver: string;
  deletionPolicy: "Delete" | "Retain";
  parameters?: Record<string, string>;
}
const snapshotClass = {
  apiVersion: "snapshot.storage.k8s.io/v1",
  kind: "VolumeSnapshotClass",
  name: "csi-snapclass",
  fields: { driver: "ebs.csi.aws.com", deletionPolicy: "Delete" },
} as const satisfies CustomResourceOptions<
  never,
  "snapshot.storage.k8s.io/v1",
  "VolumeSnapshotClass",
  SnapshotClassFields
>;

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
