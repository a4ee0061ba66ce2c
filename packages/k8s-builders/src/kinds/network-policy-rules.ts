/**
 * The rules of a NetworkPolicy, written once for the options of `networkPolicy` and for a built or patched object
 * (`NETWORK_POLICY_CHECKS`, which `patch()` applies too).
 */
import * as z from "zod/mini";
import { labelSelectorIssues } from "../base/meta-checks.ts";
import { arr, isObj, type Json, obj } from "../base/object.ts";
import { once } from "../base/options.ts";
import { cidr, isCidr, isStrictSubnet, port, portName, protocol } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { KindChecks } from "./object-checks.ts";

export const DIRECTIONS = ["ingress", "egress"] as const;
type Direction = (typeof DIRECTIONS)[number];

/** A peer's IP block, as the options and the object both have it. */
interface IpBlockView {
  readonly cidr?: unknown;
  readonly except?: unknown;
}

/** Where a peer's `except` range is, for the issues: in the options, or in the object. */
export type ExceptPath = (
  direction: Direction,
  rule: number,
  peer: number,
  range: number,
) => readonly PropertyKey[];

export const OPTION_EXCEPT_PATH: ExceptPath = (d, i, j, k) => [d, i, "peers", j, "ipBlock", "except", k];
const OBJECT_EXCEPT_PATH: ExceptPath = (d, i, j, k) => [
  "spec",
  d,
  i,
  d === "ingress" ? "from" : "to",
  j,
  "ipBlock",
  "except",
  k,
];

/** Every `except` range must be a strict subset of its block's `cidr` (the API server refuses it otherwise). */
export function exceptRules(
  direction: Direction,
  rules: readonly { readonly peers: readonly { readonly ipBlock?: IpBlockView | undefined }[] }[],
  at: ExceptPath,
): RuleIssue[] {
  return rules.flatMap((r, i) =>
    r.peers.flatMap((p, j) => {
      const block = p.ipBlock;
      // A range that is not a CIDR is the format check's to report, once.
      const outer = block?.cidr;
      if (typeof outer !== "string" || !isCidr(outer)) return [];
      return arr(block?.except).flatMap((range, k): RuleIssue[] =>
        typeof range !== "string" || !isCidr(range) || isStrictSubnet(range, outer)
          ? []
          : [
              {
                path: at(direction, i, j, k),
                code: "invalid_value",
                message: `${range} is not a range inside ${outer} (a strict subset of it)`,
              },
            ],
      );
    }),
  );
}

const networkPolicyFields = once(
  (): FieldChecks => ({
    "networking/v1.NetworkPolicySpec.policyTypes": z.array(z.enum(["Ingress", "Egress"])),
    "networking/v1.IPBlock.cidr": cidr,
    "networking/v1.IPBlock.except": z.array(cidr),
    "networking/v1.NetworkPolicyPort.port": z.union([port, portName]),
    "networking/v1.NetworkPolicyPort.endPort": port,
    "networking/v1.NetworkPolicyPort.protocol": protocol(),
  }),
);

/**
 * `ValidateNetworkPolicyPeer`: pod and/or namespace selectors, or an IP block alone. `names` are the two selectors
 * as the peer where it is written calls them (`pods`/`namespaces` in the options, `podSelector`/… in the object).
 */
export function peerShapeIssues(
  peer: { readonly ipBlock?: unknown },
  names: readonly [string, string],
  at: readonly PropertyKey[],
): RuleIssue[] {
  const selectors = names.filter((n) => (peer as Record<string, unknown>)[n] !== undefined);
  if (selectors.length === 0 && peer.ipBlock === undefined)
    return [{ path: at, code: "required", message: `expected a peer: ${names.join(", ")} or ipBlock` }];
  if (selectors.length > 0 && peer.ipBlock !== undefined)
    return [
      {
        path: at,
        code: "conflicting_options",
        message: `ipBlock cannot be combined with ${selectors.join(" or ")}`,
      },
    ];
  return [];
}

function peerIssues(peer: Json, at: readonly PropertyKey[]): RuleIssue[] {
  const selectors = (["podSelector", "namespaceSelector"] as const).filter((s) => peer[s] !== undefined);
  return [
    ...selectors.flatMap((s) => labelSelectorIssues(peer[s], [...at, s])),
    ...peerShapeIssues(peer, ["podSelector", "namespaceSelector"], at),
  ];
}

/** `ValidateNetworkPolicyPort`: a port range (`endPort`) starts at a port number and does not end before it. */
function portIssues(p: Json, at: readonly PropertyKey[]): RuleIssue[] {
  if (p.endPort === undefined) return [];
  if (typeof p.port !== "number") {
    return [
      {
        path: [...at, "endPort"],
        code: "conflicting_options",
        message: "endPort needs a port number to start from (not a port name, not unset)",
      },
    ];
  }
  return typeof p.endPort === "number" && p.endPort < p.port
    ? [
        {
          path: [...at, "endPort"],
          code: "invalid_value",
          message: `endPort ${p.endPort} is below port ${p.port}`,
        },
      ]
    : [];
}

/**
 * What the checks of a built or patched NetworkPolicy add to every object's: peers and ports as the API server
 * takes them, `except` ranges inside their block, and `policyTypes` that name every direction with rules (the
 * builder writes them from the rules given; a rule of a direction not listed would be ignored).
 */
export const NETWORK_POLICY_CHECKS: KindChecks = {
  get fields() {
    return networkPolicyFields();
  },
  rules: (o: Json) => {
    if (!isObj(o.spec)) {
      return [{ path: ["spec"], code: "required", message: "required: a NetworkPolicy has a spec" }];
    }
    const spec = o.spec;
    const issues: RuleIssue[] = [...labelSelectorIssues(spec.podSelector, ["spec", "podSelector"])];
    const types = arr(spec.policyTypes);
    if (types.length === 0) {
      issues.push({
        path: ["spec", "policyTypes"],
        code: "required",
        message: "required: policyTypes lists the directions the policy restricts (Ingress, Egress)",
      });
    }
    types.forEach((t, i) => {
      if (types.indexOf(t) !== i)
        issues.push({
          path: ["spec", "policyTypes", i],
          code: "duplicate",
          message: `${String(t)} is listed twice`,
        });
    });
    for (const direction of DIRECTIONS) {
      const rules = arr(spec[direction]).map(obj);
      const type = direction === "ingress" ? "Ingress" : "Egress";
      if (rules.length > 0 && !types.includes(type)) {
        issues.push({
          path: ["spec", "policyTypes"],
          code: "conflicting_options",
          message: `the policy has ${direction} rules but policyTypes does not list ${type}: Kubernetes would ignore them`,
        });
      }
      const peersKey = direction === "ingress" ? "from" : "to";
      const views = rules.map((r, i) => {
        const peers = arr(r[peersKey]).map(obj);
        for (const [j, p] of peers.entries())
          issues.push(...peerIssues(p, ["spec", direction, i, peersKey, j]));
        for (const [j, p] of arr(r.ports).entries())
          issues.push(...portIssues(obj(p), ["spec", direction, i, "ports", j]));
        return { peers: peers.map((p) => ({ ...(isObj(p.ipBlock) ? { ipBlock: p.ipBlock } : {}) })) };
      });
      issues.push(...exceptRules(direction, views, OBJECT_EXCEPT_PATH));
    }
    return issues;
  },
};
