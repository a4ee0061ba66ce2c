/**
 * Fixtures of the customResource tests (src/crd/custom-resource*.test.ts): a cert-manager Certificate (a spec) and
 * a VolumeSnapshotClass (top-level fields besides spec), with the types their callers give.
 */
import type { CustomResourceOptions } from "../../src/crd/custom-resource.ts";

export interface CertificateSpec {
  secretName: string;
  dnsNames: string[];
  issuerRef: { name: string; kind?: string };
  duration?: string;
}

/** A cert-manager Certificate `api-tls` in `call-center`. */
export const base = {
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  name: "api-tls",
  namespace: "call-center",
  spec: { secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt" } },
} as const satisfies CustomResourceOptions<CertificateSpec>;

export interface SnapshotClassFields {
  driver: string;
  deletionPolicy: "Delete" | "Retain";
  parameters?: Record<string, string>;
}
/** A VolumeSnapshotClass `csi-snapclass`: no spec, driver and deletionPolicy at the top level. */
export const snapshotClass = {
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
