/** NetworkPolicy (networking.k8s.io/v1): which pods may talk to which, by pod and namespace labels and ports. */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import { labels, port, portName } from "../base/primitives.ts";
import { parseOptions } from "../base/validate.ts";

const PeerSchema = z
  .strictObject({
    /** Pods with these labels (in the policy's namespace, or in `namespaces`). */
    pods: z.optional(labels),
    /** Namespaces with these labels; `{}` means every namespace. */
    namespaces: z.optional(labels),
    /** An IP range, e.g. `10.0.0.0/8`, minus `except`. */
    ipBlock: z.optional(
      z.strictObject({
        /** The range, e.g. `0.0.0.0/0` for anywhere. */
        cidr: z.string().check(z.regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { error: "expected a CIDR" })),
        /** Ranges inside `cidr` to leave out. */
        except: z.optional(z.array(z.string())),
      }),
    ),
  })
  .check(
    z.refine((p) => p.pods !== undefined || p.namespaces !== undefined || p.ipBlock !== undefined, {
      error: "expected pods, namespaces or ipBlock",
    }),
    z.refine((p) => p.ipBlock === undefined || (p.pods === undefined && p.namespaces === undefined), {
      error: "ipBlock cannot be combined with pods or namespaces",
    }),
  );

const PortSchema = z.strictObject({
  /** Port number or named container port. */
  port: z.union([port, portName]),
  /** Transport protocol. @default "TCP" */
  protocol: z.optional(z.enum(["TCP", "UDP", "SCTP"])),
});

const RuleSchema = z.strictObject({
  /** Peers; leave unset to match every source or destination. */
  peers: z.optional(z.array(PeerSchema)),
  /** Ports; leave unset to match every port. */
  ports: z.optional(z.array(PortSchema)),
});

export const NetworkPolicyOptionsSchema = z.strictObject({
  ...metaShape(),
  /** Pods the policy applies to; `{}` selects every pod in the namespace. */
  podSelector: labels,
  /** Allowed incoming traffic. An empty list denies all incoming traffic. */
  ingress: z.optional(z.array(RuleSchema)),
  /** Allowed outgoing traffic. An empty list denies all outgoing traffic. */
  egress: z.optional(z.array(RuleSchema)),
});

/** Options of {@link networkPolicy}. */
export type NetworkPolicyOptions = z.input<typeof NetworkPolicyOptionsSchema>;

function peer(p: z.output<typeof PeerSchema>): NetworkPolicyPeer {
  if (p.ipBlock)
    return { ipBlock: { cidr: p.ipBlock.cidr, ...(p.ipBlock.except ? { except: p.ipBlock.except } : {}) } };
  return {
    ...(p.namespaces === undefined ? {} : { namespaceSelector: { matchLabels: { ...p.namespaces } } }),
    ...(p.pods === undefined ? {} : { podSelector: { matchLabels: { ...p.pods } } }),
  };
}

function ports(ps: z.output<typeof PortSchema>[]): NetworkPolicyPort[] {
  return ps.map((p) => ({ protocol: p.protocol ?? "TCP", port: p.port }));
}

/**
 * Builds a NetworkPolicy. `policyTypes` follows from what is given: `ingress: []` denies all incoming traffic,
 * `egress: []` all outgoing.
 *
 * @example
 * networkPolicy({ name: "default-deny", podSelector: {}, ingress: [], egress: [] });
 */
export function networkPolicy(options: NetworkPolicyOptions): NetworkPolicy {
  const o = parseOptions("networkPolicy", NetworkPolicyOptionsSchema, options, (p) =>
    p.ingress === undefined && p.egress === undefined
      ? [
          {
            path: ["ingress"],
            code: "required",
            message: "expected ingress and/or egress rules (an empty list denies everything)",
          },
        ]
      : [],
  );
  const policyTypes: ("Ingress" | "Egress")[] = [];
  if (o.ingress !== undefined) policyTypes.push("Ingress");
  if (o.egress !== undefined) policyTypes.push("Egress");
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(o),
    spec: {
      podSelector: Object.keys(o.podSelector).length === 0 ? {} : { matchLabels: { ...o.podSelector } },
      policyTypes,
      ...(o.ingress === undefined
        ? {}
        : {
            ingress: o.ingress.map((r) => ({
              ...(r.peers ? { from: r.peers.map(peer) } : {}),
              ...(r.ports ? { ports: ports(r.ports) } : {}),
            })),
          }),
      ...(o.egress === undefined
        ? {}
        : {
            egress: o.egress.map((r) => ({
              ...(r.peers ? { to: r.peers.map(peer) } : {}),
              ...(r.ports ? { ports: ports(r.ports) } : {}),
            })),
          }),
    },
  };
}
