import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { type NetworkPolicyOptions, networkPolicy } from "./network-policy.ts";

describe("networkPolicy", () => {
  it("denies everything with empty rule lists over all pods", () => {
    const p = networkPolicy({
      name: "default-deny",
      namespace: "ns",
      podSelector: {},
      ingress: [],
      egress: [],
    });
    assertSchemaValid(p);
    expect(p.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [] });
  });

  it("writes peers by pod and namespace labels, IP blocks and ports", () => {
    const p = networkPolicy({
      name: "db",
      podSelector: { "app.kubernetes.io/name": "postgresql" },
      ingress: [
        {
          peers: [
            { pods: { "app.kubernetes.io/name": "api" } },
            { namespaces: { "kubernetes.io/metadata.name": "monitoring" }, pods: { app: "prom" } },
          ],
          ports: [{ port: 5432 }],
        },
      ],
      egress: [
        {
          peers: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
          ports: [{ port: 53, protocol: "UDP" }, { port: "dns-tcp" }],
        },
      ],
    });
    assertSchemaValid(p);
    expect(p.spec?.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } } },
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
            podSelector: { matchLabels: { app: "prom" } },
          },
        ],
        ports: [{ protocol: "TCP", port: 5432 }],
      },
    ]);
    expect(p.spec?.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }],
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: "dns-tcp" },
        ],
      },
    ]);
    expect(p.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
  });

  it("names a peer's fields as the options do, with the patched object's rule", () => {
    const peers = [{ ipBlock: { cidr: "10.0.0.0/8" }, namespaces: {} }, {}];
    const error = builderError(() => networkPolicy({ name: "a", podSelector: {}, ingress: [{ peers }] }));
    expect(error.issues.map((i) => i.message)).toEqual([
      "ipBlock cannot be combined with namespaces",
      "expected a peer: pods, namespaces or ipBlock",
    ]);
  });

  it("declares only the directions it was given", () => {
    expect(networkPolicy({ name: "a", podSelector: {}, ingress: [{}] }).spec?.policyTypes).toEqual([
      "Ingress",
    ]);
  });

  it.each([
    { options: { name: "a", podSelector: {} }, code: "required", path: "ingress" },
    {
      options: { name: "a", podSelector: {}, ingress: [{ peers: [{}] }] },
      code: "required",
      path: "ingress[0].peers[0]",
    },
    {
      options: {
        name: "a",
        podSelector: {},
        ingress: [{ peers: [{ ipBlock: { cidr: "10.0.0.0/8" }, pods: {} }] }],
      },
      code: "conflicting_options",
      path: "ingress[0].peers[0]",
    },
    {
      // The API server refuses a range with bits set beyond its prefix.
      options: { name: "a", podSelector: {}, ingress: [{ peers: [{ ipBlock: { cidr: "10.1.2.3/8" } }] }] },
      code: "invalid_format",
      path: "ingress[0].peers[0].ipBlock.cidr",
    },
    {
      options: {
        name: "a",
        podSelector: {},
        egress: [{ peers: [{ ipBlock: { cidr: "2001:db8::/32", except: ["2001:db8:1::1/48"] } }] }],
      },
      code: "invalid_format",
      path: "egress[0].peers[0].ipBlock.except[0]",
    },
    {
      options: { name: "a", podSelector: {}, ingress: [{ ports: [{ port: 0 }] }] },
      code: "too_small",
      path: "ingress[0].ports[0].port",
    },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => networkPolicy(options as NetworkPolicyOptions), code, path);
  });
});
