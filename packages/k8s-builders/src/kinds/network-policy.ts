/** NetworkPolicy (networking.k8s.io/v1): which pods may talk to which, by pod and namespace labels and ports. */
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from "kubernetes-types/networking/v1.js";
import * as z from "zod/mini";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { cidr, labels, port, portName, protocol } from "../base/primitives.ts";
import { issuesCheck, parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  DIRECTIONS,
  exceptRules,
  NETWORK_POLICY_CHECKS,
  OPTION_EXCEPT_PATH,
  peerShapeIssues,
} from "./network-policy-rules.ts";
import { patched } from "./object-checks.ts";

const SPEC = k8sApi("policy-resources/network-policy-v1", "NetworkPolicySpec");

const ipBlockSchema = objectSchema(() => ({
  /** The range, e.g. `0.0.0.0/0` for anywhere. */
  cidr: required(cidr, {
    description: "The range, e.g. `0.0.0.0/0` for anywhere.",
    k8s: SPEC,
  }),
  /** Ranges inside `cidr` to leave out. @default unset (none) */
  except: option(z.array(cidr), {
    description: "Ranges inside `cidr` to leave out.",
    unset: "none",
    k8s: SPEC,
  }),
}));

const peerSchema = objectSchema(
  () => ({
    /**
     * Pods with these labels (in the policy's namespace, or in `namespaces`).
     * @default unset (any pod of the namespaces)
     */
    pods: option(labels, {
      description: "Pods with these labels (in the policy's namespace, or in `namespaces`).",
      unset: "any pod of the namespaces",
      k8s: SPEC,
    }),
    /** Namespaces with these labels; `{}` means every namespace. @default unset (the policy's namespace) */
    namespaces: option(labels, {
      description: "Namespaces with these labels; `{}` means every namespace.",
      unset: "the policy's namespace",
      k8s: SPEC,
    }),
    /** An IP range, e.g. `10.0.0.0/8`, minus `except`. @default unset (pods or namespaces) */
    ipBlock: option(ipBlockSchema(), {
      description: "An IP range, e.g. `10.0.0.0/8`, minus `except`.",
      unset: "pods or namespaces",
      k8s: SPEC,
    }),
  }),
  issuesCheck((p) => peerShapeIssues(p, ["pods", "namespaces"], [])),
);

const portSchema = objectSchema(() => ({
  /** Port number or named container port. */
  port: required(z.union([port, portName]), {
    description: "Port number or named container port.",
    k8s: SPEC,
  }),
  /** Transport protocol. @default "TCP" */
  protocol: option(protocol(), {
    description: "Transport protocol.",
    default: "TCP",
    k8s: SPEC,
  }),
}));

const ruleSchema = objectSchema(() => ({
  /** Peers; leave unset to match every source or destination. @default unset (every peer) */
  peers: option(z.array(peerSchema()), {
    description: "Peers; leave unset to match every source or destination.",
    unset: "every peer",
    k8s: SPEC,
  }),
  /** Ports; leave unset to match every port. @default unset (every port) */
  ports: option(z.array(portSchema()), {
    description: "Ports; leave unset to match every port.",
    unset: "every port",
    k8s: SPEC,
  }),
}));

/** The schema of {@link NetworkPolicyOptions} (built on first use). */
export const NetworkPolicyOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** Pods the policy applies to; `{}` selects every pod in the namespace. */
  podSelector: required(labels, {
    description: "Pods the policy applies to; `{}` selects every pod in the namespace.",
    k8s: SPEC,
  }),
  /**
   * Allowed incoming traffic. An empty list denies all incoming traffic.
   * @default unset (incoming traffic is not restricted by this policy)
   */
  ingress: option(z.array(ruleSchema()), {
    description: "Allowed incoming traffic. An empty list denies all incoming traffic.",
    unset: "incoming traffic is not restricted by this policy",
    k8s: SPEC,
  }),
  /**
   * Allowed outgoing traffic. An empty list denies all outgoing traffic.
   * @default unset (outgoing traffic is not restricted by this policy)
   */
  egress: option(z.array(ruleSchema()), {
    description: "Allowed outgoing traffic. An empty list denies all outgoing traffic.",
    unset: "outgoing traffic is not restricted by this policy",
    k8s: SPEC,
  }),
  ...patchShape<Built<NetworkPolicy, "spec">>(),
}));

/** Options of {@link networkPolicy}. */
export type NetworkPolicyOptions = z.input<typeof NetworkPolicyOptionsSchema>;

/** A rule of the options as the `except` rule reads it. */
const optionRule = (r: z.output<ReturnType<typeof ruleSchema>>) => ({ peers: r.peers ?? [] });

function peer(p: z.output<ReturnType<typeof peerSchema>>): NetworkPolicyPeer {
  if (p.ipBlock)
    return { ipBlock: { cidr: p.ipBlock.cidr, ...(p.ipBlock.except ? { except: p.ipBlock.except } : {}) } };
  return {
    ...(p.namespaces === undefined ? {} : { namespaceSelector: { matchLabels: { ...p.namespaces } } }),
    ...(p.pods === undefined ? {} : { podSelector: { matchLabels: { ...p.pods } } }),
  };
}

function ports(ps: z.output<ReturnType<typeof portSchema>>[]): NetworkPolicyPort[] {
  return ps.map((p) => ({ protocol: p.protocol, port: p.port }));
}

/**
 * Builds a NetworkPolicy. `policyTypes` follows from what is given: `ingress: []` denies all incoming traffic,
 * `egress: []` all outgoing.
 *
 * @example
 * networkPolicy({ name: "default-deny", podSelector: {}, ingress: [], egress: [] });
 */
export function networkPolicy(options: NetworkPolicyOptions): Built<NetworkPolicy, "spec"> {
  const o = parseOptions("networkPolicy", NetworkPolicyOptionsSchema, options, (p) => [
    ...(p.ingress === undefined && p.egress === undefined
      ? [
          {
            path: ["ingress"],
            code: "required",
            message: "expected ingress and/or egress rules (an empty list denies everything)",
          } satisfies RuleIssue,
        ]
      : []),
    ...DIRECTIONS.flatMap((d) => exceptRules(d, (p[d] ?? []).map(optionRule), OPTION_EXCEPT_PATH)),
  ]);
  const policyTypes: ("Ingress" | "Egress")[] = [];
  if (o.ingress !== undefined) policyTypes.push("Ingress");
  if (o.egress !== undefined) policyTypes.push("Egress");
  const built: Built<NetworkPolicy, "spec"> = {
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
  return patched("networkPolicy", built, o.patch, NETWORK_POLICY_CHECKS);
}
