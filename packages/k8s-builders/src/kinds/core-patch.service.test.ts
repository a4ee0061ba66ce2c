// The `patch` option of service and serviceFor, and `patch()` on a Service (see core-patch.test.ts).
import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { deployment } from "./deployment.ts";
import { service, serviceFor } from "./service.ts";

describe("service and serviceFor: patch", () => {
  const svc = () =>
    service({
      name: "api",
      namespace: "shop",
      selector: { "app.kubernetes.io/name": "api" },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    });
  const web = () =>
    deployment({
      name: "web",
      namespace: "shop",
      containers: [
        { name: "web", image: "ghcr.io/acme/web:1.0.0", ports: [{ name: "http", containerPort: 8080 }] },
      ],
    });

  it("sets internalTrafficPolicy and a port's appProtocol, which service does not model", () => {
    const s = service({
      name: "api",
      selector: { "app.kubernetes.io/name": "api" },
      ports: [{ name: "http", port: 80 }],
      patch: { spec: { internalTrafficPolicy: "Local", ports: [{ name: "http", appProtocol: "http" }] } },
    });
    assertSchemaValid(s);
    expect(s.spec.internalTrafficPolicy).toBe("Local");
    expect(s.spec.ports?.[0]).toEqual({
      name: "http",
      port: 80,
      targetPort: 80,
      protocol: "TCP",
      appProtocol: "http",
    });
  });

  it("refuses a second port with the same number, under patch", () => {
    expectIssue(
      () =>
        service({
          name: "api",
          selector: { "app.kubernetes.io/name": "api" },
          ports: [{ name: "http", port: 80 }],
          patch: { spec: { ports: [{ name: "alt", port: 80 }] } },
        }),
      "duplicate",
      "patch.spec.ports[0].port",
    );
  });

  it("refuses in patch() a nodePort on a ClusterIP Service, a targetPort that is not a name, no selector", () => {
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", nodePort: 30080 }] } }),
      "conflicting_options",
      "spec.ports[0].nodePort",
    );
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", targetPort: "Not_A_Port" }] } }),
      "invalid_format",
      "spec.ports[0].targetPort",
    );
    expectIssue(() => patch(svc(), { spec: { selector: null } }), "required", "spec.selector");
  });

  it("refuses in patch() a type the builders do not write, and a headless Service of another type", () => {
    expectIssue(() => patch(svc(), { spec: { type: "ExternalName" } }), "invalid_value", "spec.type");
    expectIssue(
      () => patch(svc(), { spec: { type: "NodePort", clusterIP: "None" } }),
      "conflicting_options",
      "spec.clusterIP",
    );
  });

  it("refuses a port protocol that is an object without a prototype with the library error", () => {
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", protocol: Object.create(null) }] } }),
      "invalid_type",
      "spec.ports[0].protocol",
    );
  });

  it("serviceFor applies the patch after deriving, and reports its problems under patch", () => {
    const s = serviceFor(web(), { patch: { spec: { publishNotReadyAddresses: true } } });
    expect(s.spec.publishNotReadyAddresses).toBe(true);
    expect(s.spec.selector).toEqual(web().spec.selector.matchLabels);
    expectIssue(
      () => serviceFor(web(), { patch: { spec: { loadBalancerSourceRanges: ["10.0.0.0/8"] } } }),
      "conflicting_options",
      "patch.spec.loadBalancerSourceRanges",
    );
  });
});
