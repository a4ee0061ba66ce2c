/**
 * Generators of the networkReachability property tests (src/checks/network-reachability*.property.test.ts): two
 * namespaces, labels and label selectors over a few keys and values, and NetworkPolicy specs built from them.
 */
import fc from "fast-check";
import type { Labels } from "./network.ts";

/** A label selector as the API takes it. */
export interface Sel {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export const NAMESPACES = ["a", "b"] as const;
export const labelArb = fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom("x", "y"), {
  maxKeys: 2,
});
const selArb: fc.Arbitrary<Sel> = fc.record(
  {
    matchLabels: labelArb,
    matchExpressions: fc.array(
      fc.record({
        key: fc.constantFrom("app", "tier", "team"),
        operator: fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"),
        values: fc.array(fc.constantFrom("x", "y"), { minLength: 1, maxLength: 2 }),
      }),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);
const peerArb = fc.oneof(
  fc.record({ podSelector: selArb }),
  fc.record({ namespaceSelector: selArb }),
  fc.record({ podSelector: selArb, namespaceSelector: selArb }),
  fc.record({
    ipBlock: fc.record(
      {
        cidr: fc.constantFrom("10.0.0.0/8", "10.1.0.0/16", "0.0.0.0/0"),
        except: fc.array(fc.constantFrom("10.1.0.0/16", "10.1.2.0/24"), { maxLength: 1 }),
      },
      { requiredKeys: ["cidr"] },
    ),
  }),
);
const portArb = fc
  .record(
    {
      port: fc.oneof(fc.constantFrom(80, 8080, 53), fc.constantFrom("http", "dns")),
      protocol: fc.constantFrom("TCP", "UDP"),
      endPort: fc.constant(8080),
    },
    { requiredKeys: [] },
  )
  .map((p) => (typeof p.port !== "number" || (p.endPort ?? 0) < p.port ? { ...p, endPort: undefined } : p));
const ruleArb = (peers: "from" | "to") =>
  fc.record(
    { [peers]: fc.array(peerArb, { maxLength: 2 }), ports: fc.array(portArb, { maxLength: 2 }) },
    { requiredKeys: [] },
  );
export const specArb = fc.record(
  {
    podSelector: selArb,
    policyTypes: fc.subarray(["Ingress", "Egress"]),
    ingress: fc.array(ruleArb("from"), { maxLength: 2 }),
    egress: fc.array(ruleArb("to"), { maxLength: 2 }),
  },
  { requiredKeys: ["podSelector"] },
);
