import { describe, expect, it } from "vitest";
import {
  base,
  database,
  expectRow,
  findings,
  NS,
  type Row,
  selectorOf,
} from "../../../test/support/checks.ts";
import { networkPolicy } from "../../kinds/network-policy.ts";

const policy = (name: string, podSelector: Record<string, string>, rules: { ingress?: []; egress?: [] }) =>
  networkPolicy({ name, namespace: NS, podSelector, ...rules });

const rows: Row[] = [
  {
    title: "a workload no Ingress policy selects",
    objects: () => [
      ...base().all,
      ...Object.values(database()),
      policy("db", selectorOf("db"), { ingress: [] }),
    ],
    code: "NETWORK_POLICY_NOT_COVERED",
    kind: "Deployment",
    name: "web",
    path: "spec.template.metadata.labels",
  },
  {
    title: "a default deny of egress only",
    objects: () => [...base().all, policy("deny-egress", {}, { egress: [] })],
    code: "NETWORK_POLICY_NOT_COVERED",
    kind: "Deployment",
    name: "web",
    path: "spec.template.metadata.labels",
    // Denying all egress also denies DNS.
    also: ["NETWORK_DNS_BLOCKED"],
  },
];

describe("NetworkPolicy coverage", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a bundle without NetworkPolicies, a default deny, and per-workload policies", () => {
    expect(findings(base().all)).toEqual([]);
    // Without the DNS peer: denying all egress denies DNS (tested with the reachability checks).
    expect(
      findings([...base().all, policy("default-deny", {}, { ingress: [], egress: [] })], {
        peers: { dns: false },
      }),
    ).toEqual([]);
    expect(findings([...base().all, policy("web", selectorOf("web"), { ingress: [] })])).toEqual([]);
  });

  it("reports which policies exist", () => {
    const [f] = findings([
      ...base().all,
      ...Object.values(database()),
      policy("db", selectorOf("db"), { ingress: [] }),
    ]);
    expect(f?.message).toBe(
      'Deployment "shop/web": pod not covered: no NetworkPolicy with policyType Ingress in namespace "shop" selects its pods (Ingress policies there: "db")',
    );
  });
});
