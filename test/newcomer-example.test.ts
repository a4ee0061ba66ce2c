/**
 * examples/newcomer-service.ts, a team's own service built from the published entry, runs as CI runs it: its
 * bundle has no findings, passes the strict schema checks (the official models with the unknown-field check and
 * the library's checks of built objects; the Gateway API and cert-manager kinds also against their own CRDs), and
 * is the same bytes on every run.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type Manifest, validateBundle } from "@call-center/k8s-builders";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { assertCrdValid } from "../packages/k8s-builders/test/support/crd.ts";
import { assertSchemaValid } from "../packages/k8s-builders/test/support/schema.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = () =>
  spawnSync(process.execPath, ["examples/newcomer-service.ts"], { cwd: root, encoding: "utf8" });

/** The objects' CRD fixtures (test/fixtures/crds/), for the kinds checked against their own CRD. */
const CRDS: Readonly<Record<string, string>> = {
  HTTPRoute: "gateway.networking.k8s.io_httproutes.yaml",
  Certificate: "cert-manager.io_certificates.yaml",
};

type K8sObject = Manifest & { spec: Record<string, unknown> };
let out: ReturnType<typeof run>;
let objects: K8sObject[];

beforeAll(() => {
  out = run();
  objects = parseAllDocuments(out.stdout).map((d) => d.toJS() as K8sObject);
});

describe("examples/newcomer-service.ts", () => {
  it("prints the bundle and exits 0, with nothing on stderr", () => {
    expect(out.stderr).toBe("");
    expect(out.status).toBe(0);
    expect(objects.map((o) => o.kind)).toEqual([
      "Namespace",
      "Service",
      "Deployment",
      "CronJob",
      "HTTPRoute",
      "Certificate",
    ]);
  });

  it("has no findings of validateBundle", () => {
    const { errors, warnings } = validateBundle(objects, {
      external: ["Gateway/platform"],
      externalSecrets: ["regcred", "invoices-db"],
    });
    expect([...errors, ...warnings]).toEqual([]);
  });

  it("passes the strict schema checks, and the custom resources their own CRDs", () => {
    for (const o of objects) {
      const crd = CRDS[o.kind];
      if (o.kind !== "Certificate") assertSchemaValid(o);
      if (crd !== undefined) assertCrdValid(o, crd);
    }
    expect(objects.filter((o) => CRDS[o.kind] !== undefined)).toHaveLength(2);
  });

  it("pulls with imagePullSecrets and runs a native sidecar with its probe", () => {
    const deployment = objects.find((o) => o.kind === "Deployment");
    const pod = (deployment?.spec.template as { spec: Record<string, unknown> } | undefined)?.spec ?? {};
    expect(pod.imagePullSecrets).toEqual([{ name: "regcred" }]);
    expect(pod.initContainers).toEqual([
      expect.objectContaining({
        name: "otel-agent",
        restartPolicy: "Always",
        readinessProbe: expect.objectContaining({ tcpSocket: { port: "otlp" } }),
      }),
    ]);
  });

  it("attaches the route to the platform's Gateway and sends it to the Service's port", () => {
    expect(objects.find((o) => o.kind === "HTTPRoute")?.spec).toMatchObject({
      parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https" }],
      rules: [{ backendRefs: [{ name: "invoices-api", port: 8080 }] }],
    });
  });

  it("prints the same bytes on every run", () => {
    const again = run();
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(out.stdout);
  });
});
