// The `patch` option of `ingress` and `networkPolicy` and `patch()` on their objects: a field the options do not
// model is set, and a patch that breaks one of the builder's rules (or the API server's) is refused with its path
// inside the patch, by the option and by `patch()` alike.
import type { IngressRule } from "kubernetes-types/networking/v1.js";
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { ingress } from "./ingress.ts";
import { networkPolicy } from "./network-policy.ts";

const web = () =>
  ingress({
    name: "web",
    namespace: "shop",
    controller: "nginx",
    tls: [{ hosts: ["shop.example.com"], secretName: "shop-tls" }],
    rules: [{ host: "shop.example.com", paths: [{ path: "/api", service: { name: "api", port: "http" } }] }],
  });

const rule = (
  host: string,
  path: string,
  pathType: "Prefix" | "Exact" | "ImplementationSpecific" = "Prefix",
) => ({
  host,
  http: { paths: [{ path, pathType, backend: { service: { name: "api", port: { name: "http" } } } }] },
});

describe("ingress: patch", () => {
  it("sets a default backend and a vendor annotation, which the options do not model", () => {
    const i = ingress({
      name: "web",
      rules: [{ paths: [{ path: "/", service: { name: "web", port: 80 } }] }],
      patch: {
        metadata: { annotations: { "nginx.ingress.kubernetes.io/canary": "true" } },
        spec: { defaultBackend: { service: { name: "fallback", port: { number: 8080 } } } },
      },
    });
    assertSchemaValid(i);
    expect(i.spec.defaultBackend).toEqual({ service: { name: "fallback", port: { number: 8080 } } });
    expect(i.metadata.annotations).toEqual({ "nginx.ingress.kubernetes.io/canary": "true" });
  });

  it("removes a default with null: the controller preset's class", () => {
    const i = patch(web(), { spec: { ingressClassName: null } });
    expect(i.spec.ingressClassName).toBeUndefined();
    expect(web().spec.ingressClassName).toBe("nginx");
  });

  it("refuses a rule whose host is an IP address, at its path in the patch", () => {
    expectIssue(
      () =>
        ingress({
          name: "web",
          rules: [{ paths: [{ path: "/", service: { name: "web", port: 80 } }] }],
          patch: { spec: { rules: [rule("10.0.0.1", "/")] } },
        }),
      "invalid_format",
      "patch.spec.rules[0].host",
    );
  });

  it("refuses a Prefix path that is not canonical, and keeps it for ImplementationSpecific", () => {
    const tls = { tls: [{ hosts: ["shop.example.com"], secretName: "shop-tls" }] };
    expectIssue(
      () => patch(web(), { spec: { ...tls, rules: [rule("shop.example.com", "/api/../admin")] } }),
      "invalid_format",
      "spec.rules[0].http.paths[0].path",
    );
    const i = patch(web(), {
      spec: { ...tls, rules: [rule("shop.example.com", "/api/../admin", "ImplementationSpecific")] },
    });
    expect(i.spec.rules?.[0]?.http?.paths[0]?.pathType).toBe("ImplementationSpecific");
  });

  it("refuses a path routed twice and a routed host without its certificate", () => {
    const err = builderError(() =>
      patch(web(), {
        spec: {
          rules: [
            rule("shop.example.com", "/a"),
            rule("shop.example.com", "/a"),
            rule("other.example.com", "/"),
          ],
        },
      }),
    );
    expect(err.issues.map((i) => [i.code, i.path])).toEqual([
      ["duplicate", "spec.rules[1].http.paths[0].path"],
      ["host_without_tls", "spec.rules[2].host"],
    ]);
  });

  it("refuses an Ingress without rules, a path without pathType, a backend with both port name and number", () => {
    expectIssue(() => patch(web(), { spec: { rules: null } }), "too_small", "spec.rules");
    const noType = {
      host: "shop.example.com",
      http: { paths: [{ path: "/", backend: { service: { name: "api", port: { number: 80 } } } }] },
    };
    expectIssue(
      // As a caller without TypeScript writes it: the type requires pathType.
      () => patch(web(), { spec: { rules: [noType as unknown as IngressRule] } }),
      "required",
      "spec.rules[0].http.paths[0].pathType",
    );
    const both = {
      host: "shop.example.com",
      http: {
        paths: [
          {
            path: "/",
            pathType: "Prefix" as const,
            backend: { service: { name: "api", port: { name: "http", number: 80 } } },
          },
        ],
      },
    };
    expectIssue(
      () => patch(web(), { spec: { rules: [both] } }),
      "invalid_value",
      "spec.rules[0].http.paths[0].backend.service.port",
    );
  });

  it("refuses a backend Service name and a TLS host the builder would refuse", () => {
    const bad = {
      host: "shop.example.com",
      http: {
        paths: [
          {
            path: "/",
            pathType: "Prefix" as const,
            backend: { service: { name: "9api", port: { number: 80 } } },
          },
        ],
      },
    };
    expectIssue(
      () => patch(web(), { spec: { rules: [bad] } }),
      "invalid_format",
      "spec.rules[0].http.paths[0].backend.service.name",
    );
    expectIssue(
      () => patch(web(), { spec: { tls: [{ hosts: ["not a host"], secretName: "shop-tls" }] } }),
      "invalid_value",
      "spec.tls[0].hosts[0]",
    );
  });

  it("refuses a class annotation that disagrees with ingressClassName, in the options and in a patch", () => {
    const opts = { name: "web", rules: [{ paths: [{ path: "/", service: { name: "web", port: 80 } }] }] };
    expectIssue(
      () =>
        ingress({ ...opts, controller: "nginx", annotations: { "kubernetes.io/ingress.class": "traefik" } }),
      "conflicting_options",
      'annotations["kubernetes.io/ingress.class"]',
    );
    expectIssue(
      () => patch(web(), { metadata: { annotations: { "kubernetes.io/ingress.class": "traefik" } } }),
      "conflicting_options",
      'metadata.annotations["kubernetes.io/ingress.class"]',
    );
    expect(
      patch(web(), { metadata: { annotations: { "kubernetes.io/ingress.class": "nginx" } } }).metadata
        .annotations,
    ).toMatchObject({ "kubernetes.io/ingress.class": "nginx" });
  });
});

const db = () =>
  networkPolicy({
    name: "db",
    namespace: "shop",
    podSelector: { "app.kubernetes.io/name": "db" },
    ingress: [{ peers: [{ pods: { "app.kubernetes.io/name": "api" } }], ports: [{ port: 5432 }] }],
  });

describe("networkPolicy: patch", () => {
  it("sets a port range (endPort) and expression selectors, which the options do not model", () => {
    const p = networkPolicy({
      name: "db",
      podSelector: { "app.kubernetes.io/name": "db" },
      egress: [{ ports: [{ port: 5432 }] }],
      patch: {
        spec: {
          egress: [{ ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }] }],
          podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["db"] }] },
        },
      },
    });
    assertSchemaValid(p);
    expect(p.spec.egress).toEqual([{ ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }] }]);
  });

  it("refuses a port range that ends below its start or starts at a port name", () => {
    expectIssue(
      () => patch(db(), { spec: { ingress: [{ ports: [{ port: 5432, endPort: 5000 }] }] } }),
      "invalid_value",
      "spec.ingress[0].ports[0].endPort",
    );
    expectIssue(
      () => patch(db(), { spec: { ingress: [{ ports: [{ port: "pg", endPort: 5500 }] }] } }),
      "conflicting_options",
      "spec.ingress[0].ports[0].endPort",
    );
  });

  it("refuses egress rules that policyTypes does not list (Kubernetes would ignore them), under patch", () => {
    expectIssue(
      () =>
        networkPolicy({
          name: "db",
          podSelector: {},
          ingress: [],
          patch: { spec: { egress: [{ to: [{ podSelector: {} }] }] } },
        }),
      "conflicting_options",
      "patch.spec.policyTypes",
    );
    expectIssue(() => patch(db(), { spec: { policyTypes: null } }), "required", "spec.policyTypes");
    expectIssue(
      () => patch(db(), { spec: { policyTypes: ["Ingress", "Ingress"] } }),
      "duplicate",
      "spec.policyTypes[1]",
    );
  });

  it("refuses a peer that names nothing, an IP block with selectors, an except range outside its block", () => {
    expectIssue(
      () => patch(db(), { spec: { ingress: [{ from: [{}] }] } }),
      "required",
      "spec.ingress[0].from[0]",
    );
    expectIssue(
      () =>
        patch(db(), {
          spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" }, podSelector: {} }] }] },
        }),
      "conflicting_options",
      "spec.ingress[0].from[0]",
    );
    expectIssue(
      () =>
        patch(db(), {
          spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["192.168.0.0/16"] } }] }] },
        }),
      "invalid_value",
      "spec.ingress[0].from[0].ipBlock.except[0]",
    );
  });

  it("refuses an invalid CIDR once, and an In expression without values", () => {
    const err = builderError(() =>
      patch(db(), {
        spec: { ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.1/16"] } }] }] },
      }),
    );
    expect(err.issues.map((i) => i.path)).toEqual(["spec.ingress[0].from[0].ipBlock.except[0]"]);
    expectIssue(
      () => patch(db(), { spec: { podSelector: { matchExpressions: [{ key: "tier", operator: "In" }] } } }),
      "required",
      "spec.podSelector.matchExpressions[0].values",
    );
  });

  it("does not change the object it patches", () => {
    const p = db();
    const before = structuredClone(p);
    patch(p, { spec: { ingress: [] } });
    expect(p).toEqual(before);
  });
});
