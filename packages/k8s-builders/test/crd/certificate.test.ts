/** cert-manager's Certificate through the generated builder and through customResource, against its CRD. */
import { describe, expect, expectTypeOf, it } from "vitest";
import { customResource } from "../../src/crd/custom-resource.ts";
import { assertCrdValid, crdProblems } from "../support/crd.ts";
import { expectIssue } from "../support/errors.ts";
import { type CertificateSpec, certificate } from "./generated/cert-manager.io/v1/certificate.ts";

const CRD = "cert-manager.io_certificates.yaml";
const spec: CertificateSpec = {
  secretName: "api-tls",
  dnsNames: ["api.example.com"],
  issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" },
};

describe("certificate (generated from cert-manager's CRD)", () => {
  it("builds a Certificate that passes the CRD's schema", () => {
    const cert = certificate({
      name: "api-tls",
      namespace: "call-center",
      spec: {
        ...spec,
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        usages: ["server auth", "digital signature"],
        keystores: { pkcs12: { create: true, passwordSecretRef: { name: "p12", key: "password" } } },
        secretTemplate: { labels: { team: "voice" } },
      },
    });
    assertCrdValid(cert, CRD);
    expectTypeOf(cert.apiVersion).toEqualTypeOf<"cert-manager.io/v1">();
    expectTypeOf(cert.spec.issuerRef.name).toEqualTypeOf<string>();
    expect(cert.spec.privateKey).toEqual({ algorithm: "ECDSA", size: 256, rotationPolicy: "Always" });
  });

  it.each([
    { spec: { issuerRef: { name: "x" } }, code: "required", path: "spec.secretName" },
    { spec: { secretName: "x" }, code: "required", path: "spec.issuerRef" },
    { spec: { ...spec, issuerRef: { kind: "Issuer" } }, code: "required", path: "spec.issuerRef.name" },
    { spec: { ...spec, dnsName: ["a"] }, code: "unknown_option", path: "spec.dnsName" },
    { spec: { ...spec, dnsNames: "api.example.com" }, code: "invalid_type", path: "spec.dnsNames" },
    {
      spec: { ...spec, privateKey: { algorithm: "DSA" } },
      code: "invalid_value",
      path: "spec.privateKey.algorithm",
    },
    { spec: { ...spec, privateKey: { size: "2048" } }, code: "invalid_type", path: "spec.privateKey.size" },
    { spec: { ...spec, usages: ["server auth", "web"] }, code: "invalid_value", path: "spec.usages[1]" },
    { spec: { ...spec, keystores: { jks: {} } }, code: "required", path: "spec.keystores.jks.create" },
    {
      spec: { ...spec, keystores: { jks: { create: true, passwordSecretRef: { key: "k" } } } },
      code: "required",
      path: "spec.keystores.jks.passwordSecretRef.name",
    },
    {
      spec: { ...spec, additionalOutputFormats: [{ type: "PEM" }] },
      code: "invalid_value",
      path: "spec.additionalOutputFormats[0].type",
    },
    {
      spec: { ...spec, secretTemplate: { labels: { a: 1 } } },
      code: "invalid_type",
      path: "spec.secretTemplate.labels.a",
    },
    { spec: { ...spec, isCA: "true" }, code: "invalid_type", path: "spec.isCA" },
  ])("refuses $path ($code)", ({ spec, code, path }) => {
    expectIssue(() => certificate({ name: "api-tls", spec } as never), code, path);
  });

  it("customResource builds the same object, and the CRD check catches what customResource does not", () => {
    const typed = customResource<CertificateSpec>({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      name: "api-tls",
      spec,
    });
    expect(typed).toEqual(certificate({ name: "api-tls", spec }));
    assertCrdValid(typed, CRD);
    const loose = customResource({
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      name: "api-tls",
      spec: { secretName: "x" },
    });
    expect(crdProblems(loose, CRD)).toEqual(["spec.issuerRef: required, expected an object"]);
  });
});
