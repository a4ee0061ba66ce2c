import { describe, expect, expectTypeOf, it } from "vitest";
import { base, type CertificateSpec } from "../../test/support/custom-resource.ts";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import type { Manifest } from "../base/manifest.ts";
import { toYaml } from "../output/to-yaml.ts";
import { type CustomResource, customResource } from "./custom-resource.ts";

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
