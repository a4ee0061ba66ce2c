/**
 * The API server's rules for the fields of a Service's spec that the builders do not write and a patch may set
 * (k8s.io/kubernetes v1.37 pkg/apis/core/validation: validateService, ValidateServiceClusterIPsRelatedFields,
 * validateServiceExternalTrafficPolicy, validateLoadBalancerClassField, validateClientIPAffinityConfig,
 * ValidateEndpointIP; the Service registry's allocation of node ports and IP families): a part of
 * service-rules.ts, which applies them to a built or patched Service.
 */
import * as z from "zod/mini";
import { type IpAddress, parseIp } from "../base/ip.ts";
import { arr, type Json, obj } from "../base/object.ts";
import { once } from "../base/options.ts";
import { ipAddress, isCidr, isLabelKey } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";

/** A value for a message or a key: any JSON value, also an object without a prototype (from a patch). */
export const text = (v: unknown): string =>
  typeof v === "string" || typeof v === "number" ? String(v) : (JSON.stringify(v) ?? "undefined");

const ipFamily = once(() => z.enum(["IPv4", "IPv6"]));
const ipFamilyPolicy = once(() => z.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]));
/** `PreferClose` is the older name of `PreferSameZone` (the API server warns; clusters before 1.34 know only it). */
const trafficDistribution = once(() => z.enum(["PreferClose", "PreferSameZone", "PreferSameNode"]));

/** The API server's limit of a ClientIP session's stickiness (`MaxClientIPServiceAffinitySeconds`): one day. */
const MAX_AFFINITY_SECONDS = 86400;
const affinityTimeout = once(() => {
  const error = `expected a timeout in 1–${MAX_AFFINITY_SECONDS} seconds (at most one day)`;
  return z.number().check(z.int({ error }), z.gte(1, { error }), z.lte(MAX_AFFINITY_SECONDS, { error }));
});

/**
 * Why the API server refuses `a` as an external IP, or undefined: the special addresses of `ValidateEndpointIP`
 * (formerly `ValidateNonSpecialIP`), as Go's `net.IP` methods define them.
 */
function specialAddress(a: IpAddress): string | undefined {
  const v = a.value;
  if (v === 0n) return `the unspecified address (${a.v6 ? "::" : "0.0.0.0"})`;
  if (a.v6) {
    if (v === 1n) return "the loopback address (::1)";
    if (v >> 118n === 0x3fan) return "in the link-local range (fe80::/10)";
    if (v >> 120n === 0xffn && ((v >> 112n) & 0xfn) === 2n)
      return "a link-local multicast address (ff02::/16)";
    return undefined;
  }
  if (v >> 24n === 127n) return "in the loopback range (127.0.0.0/8)";
  if (v >> 16n === 0xa9fen) return "in the link-local range (169.254.0.0/16)";
  if (v >> 8n === 0xe00000n) return "in the link-local multicast range (224.0.0.0/24)";
  return undefined;
}

/** Each external IP: an address written as Kubernetes writes it, and not one of the special ones. */
function externalIpIssues(value: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  return arr(value).flatMap((ip, i) => {
    const here = [...at, i];
    const format = valueIssues(ipAddress, ip, here);
    const parsed = typeof ip === "string" ? parseIp(ip) : undefined;
    if (format.length > 0 || parsed === undefined) return format;
    const special = specialAddress(parsed);
    if (special === undefined) return [];
    return [
      {
        path: here,
        code: "invalid_value",
        message: `"${ip}" is ${special}, which the API server refuses in externalIPs: expected an address clients reach the nodes at`,
      },
    ];
  });
}

/** The IP families: IPv4 and IPv6, each at most once (so two at most). */
function ipFamiliesIssues(value: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const seen = new Set<unknown>();
  return arr(value).flatMap((f, i) => {
    const here = [...at, i];
    const bad = valueIssues(ipFamily(), f, here);
    if (bad.length > 0) return bad;
    const twice = seen.has(f);
    seen.add(f);
    return twice
      ? [
          {
            path: here,
            code: "duplicate" as const,
            message: `IP family ${text(f)} is listed twice: ipFamilies holds each family at most once (IPv4, IPv6, or both)`,
          },
        ]
      : [];
  });
}

function loadBalancerClassIssues(value: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  if (typeof value === "string" && isLabelKey(value)) return [];
  return [
    {
      path: at,
      code: "invalid_format",
      message: `"${text(value)}" is not a valid loadBalancerClass: a name such as "internal" or a prefixed name such as "example.com/internal"`,
    },
  ];
}

/** The format of the spec fields the builders do not write (the health check node port is a node port). */
export const unwrittenFieldChecks = once(
  (): FieldChecks => ({
    "core/v1.ServiceSpec.externalIPs": externalIpIssues,
    "core/v1.ServiceSpec.ipFamilies": ipFamiliesIssues,
    "core/v1.ServiceSpec.ipFamilyPolicy": ipFamilyPolicy(),
    // Not validated by the API server (it warns for another form of an address); deprecated since 1.24.
    "core/v1.ServiceSpec.loadBalancerIP": ipAddress,
    "core/v1.ServiceSpec.loadBalancerClass": loadBalancerClassIssues,
    "core/v1.ServiceSpec.trafficDistribution": trafficDistribution(),
    "core/v1.ClientIPConfig.timeoutSeconds": affinityTimeout(),
  }),
);

const TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";
const TOPOLOGY_HINTS = "service.kubernetes.io/topology-aware-hints";
const SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges";

/**
 * The rules of the spec fields the builders do not write (a patch may set them), as the API server's: the
 * settings of one type only on that type, the IP families and their policy, the cluster IPs of a headless
 * Service, a health check node port of its own, the session affinity settings only with ClientIP affinity, and the
 * Service annotations the API server reads.
 */
export function unwrittenFieldRules(o: Json, spec: Json, type: unknown, headless: boolean): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const conflict = (field: string, message: string) =>
    issues.push({ path: ["spec", field], code: "conflicting_options", message });
  const clusterIPs = spec.clusterIPs;
  if (Array.isArray(clusterIPs) && clusterIPs.length > 0) {
    if (clusterIPs.length > 1) {
      issues.push({
        path: ["spec", "clusterIPs"],
        code: "too_big",
        message: 'clusterIPs of a headless Service holds one value, "None" (the API server refuses more)',
      });
    }
    if (spec.clusterIP !== "None") {
      conflict(
        "clusterIPs",
        'clusterIPs needs clusterIP "None" (a headless Service): the API server requires clusterIPs[0] to be clusterIP',
      );
    }
  }
  // Two valid families (a duplicate or an unknown one is the field's problem, which the server reports alone).
  const families = new Set(arr(spec.ipFamilies).filter((f) => f === "IPv4" || f === "IPv6"));
  if (families.size > 1 && (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === "SingleStack")) {
    issues.push({
      path: ["spec", "ipFamilyPolicy"],
      code: "conflicting_options",
      message: `ipFamilies lists two families: expected ipFamilyPolicy PreferDualStack or RequireDualStack, not ${spec.ipFamilyPolicy === undefined ? "unset (SingleStack)" : "SingleStack"}`,
    });
  }
  if (spec.loadBalancerClass !== undefined && type !== "LoadBalancer") {
    conflict("loadBalancerClass", "loadBalancerClass applies only to LoadBalancer Services");
  }
  if (spec.loadBalancerIP !== undefined && type !== "LoadBalancer") {
    conflict("loadBalancerIP", "loadBalancerIP applies only to LoadBalancer Services (others ignore it)");
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== "LoadBalancer") {
    conflict(
      "allocateLoadBalancerNodePorts",
      "allocateLoadBalancerNodePorts applies only to LoadBalancer Services",
    );
  }
  const hc = spec.healthCheckNodePort;
  if (hc !== undefined) {
    if (type !== "LoadBalancer" || spec.externalTrafficPolicy !== "Local") {
      conflict(
        "healthCheckNodePort",
        "healthCheckNodePort applies only to a LoadBalancer Service with externalTrafficPolicy Local",
      );
    }
    const taken = arr(spec.ports)
      .map(obj)
      .find((sp) => sp.nodePort === hc);
    if (taken !== undefined) {
      issues.push({
        path: ["spec", "healthCheckNodePort"],
        code: "duplicate",
        message: `node port ${text(hc)} is also the nodePort of port ${text(taken.name ?? taken.port)}: the health check needs a node port of its own`,
      });
    }
  }
  if (spec.sessionAffinityConfig !== undefined && spec.sessionAffinity !== "ClientIP") {
    conflict(
      "sessionAffinityConfig",
      "sessionAffinityConfig applies only with sessionAffinity ClientIP (the API server drops it otherwise)",
    );
  }
  if (spec.externalName !== undefined && spec.externalName !== "") {
    conflict(
      "externalName",
      "externalName applies only to ExternalName Services, which the builders do not write (others ignore it)",
    );
  }
  if (headless && arr(spec.externalIPs).length > 0) {
    conflict("externalIPs", "externalIPs has no effect on a headless Service (the API server ignores them)");
  }
  const annotations = obj(obj(o.metadata).annotations);
  const mode = annotations[TOPOLOGY_MODE];
  const hints = annotations[TOPOLOGY_HINTS];
  if (mode !== undefined && hints !== undefined && mode !== hints) {
    issues.push({
      path: ["metadata", "annotations", TOPOLOGY_MODE],
      code: "conflicting_options",
      message: `"${text(mode)}" differs from annotation ${TOPOLOGY_HINTS} ("${text(hints)}"): expected the same value in both (or only ${TOPOLOGY_MODE}, the other is deprecated)`,
    });
  }
  const ranges = annotations[SOURCE_RANGES];
  if (typeof ranges === "string" && arr(spec.loadBalancerSourceRanges).length === 0) {
    const at = ["metadata", "annotations", SOURCE_RANGES];
    if (type !== "LoadBalancer") {
      issues.push({
        path: at,
        code: "conflicting_options",
        message: `annotation ${SOURCE_RANGES} applies only to LoadBalancer Services`,
      });
    }
    const bad = ranges.trim() === "" ? [] : ranges.split(",").filter((r) => !isCidr(r.trim()));
    if (bad.length > 0) {
      issues.push({
        path: at,
        code: "invalid_format",
        message: `${bad.map((r) => `"${r.trim()}"`).join(", ")} ${bad.length > 1 ? "are not networks" : "is not a network"} in CIDR notation: expected networks separated by commas (e.g. 203.0.113.0/24,2001:db8::/32)`,
      });
    }
  }
  return issues;
}
