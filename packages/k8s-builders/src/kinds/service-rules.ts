/**
 * The rules of a Service's spec, written once for the options of `service` and `serviceFor` and for a built or
 * patched Service object (`SERVICE_CHECKS`, which `patch()` applies too), and the schemas of its values.
 */
import * as z from "zod/mini";
import { type IpAddress, parseIp } from "../base/ip.ts";
import { arr, isObj, type Json, obj } from "../base/object.ts";
import { once } from "../base/options.ts";
import {
  appProtocol,
  cidr,
  dns1035Label,
  ipAddress,
  isCidr,
  isLabelKey,
  labels,
  port,
  portName,
  portRef,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";
import type { KindChecks } from "./object-checks.ts";

export const nodePortSchema = () =>
  z
    .number()
    .check(
      z.int(),
      z.gte(30000, { error: "expected a node port in 30000–32767" }),
      z.lte(32767, { error: "expected a node port in 30000–32767" }),
    );

/** The Service types the builders write (an ExternalName Service is not one of them). */
export const serviceType = once(() => z.enum(["ClusterIP", "NodePort", "LoadBalancer"]));
export const serviceProtocol = once(() => z.enum(["TCP", "UDP", "SCTP"]));
export const sessionAffinity = once(() => z.enum(["None", "ClientIP"]));
export const trafficPolicy = once(() => z.enum(["Cluster", "Local"]));

/** The fields of a Service's spec that its rules read, from the options or from a built or patched object. */
export interface ServiceSpecView {
  readonly type: unknown;
  readonly headless: boolean;
  /** Whether the spec lists external IPs (a patch may set them; the options do not model them). */
  readonly hasExternalIPs?: boolean;
  readonly sessionAffinity?: unknown;
  readonly externalTrafficPolicy?: unknown;
  readonly loadBalancerSourceRanges?: unknown;
  readonly ports: readonly {
    readonly name?: unknown;
    readonly port?: unknown;
    readonly protocol?: unknown;
    readonly nodePort?: unknown;
  }[];
}

/** Where each field of a {@link ServiceSpecView} is, for the issues: in the options, or in the object. */
export type ServicePaths = Readonly<
  Record<Exclude<keyof ServiceSpecView, "type" | "hasExternalIPs">, readonly PropertyKey[]>
>;

export const OPTION_PATHS: ServicePaths = {
  headless: ["headless"],
  sessionAffinity: ["sessionAffinity"],
  externalTrafficPolicy: ["externalTrafficPolicy"],
  loadBalancerSourceRanges: ["loadBalancerSourceRanges"],
  ports: ["ports"],
};

const OBJECT_PATHS: ServicePaths = {
  headless: ["spec", "clusterIP"],
  sessionAffinity: ["spec", "sessionAffinity"],
  externalTrafficPolicy: ["spec", "externalTrafficPolicy"],
  loadBalancerSourceRanges: ["spec", "loadBalancerSourceRanges"],
  ports: ["spec", "ports"],
};

/** A value for a message or a key: any JSON value, also an object without a prototype (from a patch). */
const text = (v: unknown): string =>
  typeof v === "string" || typeof v === "number" ? String(v) : (JSON.stringify(v) ?? "undefined");

/**
 * The rules of a Service's spec, on the options (`service`, `serviceFor`) and on a built or patched object: a
 * headless Service is a ClusterIP one without session affinity, the external settings need an external type,
 * ports are named when there are several, unique by name, number and node port.
 */
export function serviceSpecRules(p: ServiceSpecView, at: ServicePaths): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const type = p.type;
  if (p.headless && type !== "ClusterIP") {
    issues.push({
      path: at.headless,
      code: "conflicting_options",
      message: `a headless Service must be of type ClusterIP, not ${text(type)}`,
    });
  }
  if (p.headless && p.sessionAffinity === "ClientIP") {
    issues.push({
      path: at.sessionAffinity,
      code: "conflicting_options",
      message: "sessionAffinity ClientIP has no effect on a headless Service (clients resolve pod addresses)",
    });
  }
  // A ClusterIP Service with externalIPs is reachable from outside too (apiservice.ExternallyAccessible).
  if (p.externalTrafficPolicy !== undefined && type === "ClusterIP" && p.hasExternalIPs !== true) {
    issues.push({
      path: at.externalTrafficPolicy,
      code: "conflicting_options",
      message: "externalTrafficPolicy applies only to NodePort and LoadBalancer Services",
    });
  }
  if (p.loadBalancerSourceRanges !== undefined && type !== "LoadBalancer") {
    issues.push({
      path: at.loadBalancerSourceRanges,
      code: "conflicting_options",
      message: "loadBalancerSourceRanges applies only to LoadBalancer Services",
    });
  }
  const names = new Set<unknown>();
  const nodePorts = new Set<string>();
  const numbers = new Set<string>();
  p.ports.forEach((sp, i) => {
    const protocol = text(sp.protocol ?? "TCP");
    if (p.ports.length > 1 && sp.name === undefined) {
      issues.push({
        path: [...at.ports, i, "name"],
        code: "required",
        message: "every port needs a name when a Service has more than one port",
      });
    }
    if (sp.name !== undefined) {
      if (names.has(sp.name))
        issues.push({
          path: [...at.ports, i, "name"],
          code: "duplicate",
          message: `port name "${text(sp.name)}" is used twice`,
        });
      names.add(sp.name);
    }
    const key = `${text(sp.port)}/${protocol}`;
    if (numbers.has(key))
      issues.push({
        path: [...at.ports, i, "port"],
        code: "duplicate",
        message: `port ${key} is listed twice`,
      });
    numbers.add(key);
    if (sp.nodePort !== undefined) {
      const np = `${text(sp.nodePort)}/${protocol}`;
      if (nodePorts.has(np)) {
        issues.push({
          path: [...at.ports, i, "nodePort"],
          code: "duplicate",
          message: `nodePort ${np} is listed twice`,
        });
      }
      nodePorts.add(np);
    }
    if (sp.nodePort !== undefined && type === "ClusterIP") {
      issues.push({
        path: [...at.ports, i, "nodePort"],
        code: "conflicting_options",
        message: "nodePort applies only to NodePort and LoadBalancer Services",
      });
    }
  });
  return issues;
}

// The spec fields the builders do not write, which a patch may set: the API server's rules for them
// (k8s.io/kubernetes v1.37 pkg/apis/core/validation: validateService, ValidateServiceClusterIPsRelatedFields,
// validateServiceExternalTrafficPolicy, validateLoadBalancerClassField, validateClientIPAffinityConfig,
// ValidateEndpointIP; the Service registry's allocators for node ports and IP families).

const ipFamily = once(() => z.enum(["IPv4", "IPv6"]));
const ipFamilyPolicy = once(() => z.enum(["SingleStack", "PreferDualStack", "RequireDualStack"]));
/** `PreferClose` is the older name of `PreferSameZone` (the API server warns; clusters before 1.33 know only it). */
const trafficDistribution = once(() => z.enum(["PreferClose", "PreferSameZone", "PreferSameNode"]));

/** The API server's limit of a ClientIP session's stickiness (`MaxClientIPServiceAffinitySeconds`): one day. */
const MAX_AFFINITY_SECONDS = 86400;
const affinityTimeout = once(() => {
  const error = `expected a timeout in 1–${MAX_AFFINITY_SECONDS} seconds (at most one day)`;
  return z.number().check(z.int({ error }), z.gte(1, { error }), z.lte(MAX_AFFINITY_SECONDS, { error }));
});

/**
 * Why the API server refuses `a` as an external IP, or undefined: the special addresses of `ValidateEndpointIP`
 * (called `ValidateNonSpecialIP` before Kubernetes 1.33), as Go's `net.IP` methods define them.
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

const serviceFields = once(
  (): FieldChecks => ({
    "core/v1.ServiceSpec.type": serviceType(),
    // The builders write a headless Service's `None`, and nothing else: the cluster allocates the address.
    "core/v1.ServiceSpec.clusterIP": z.literal("None"),
    "core/v1.ServiceSpec.clusterIPs": z.array(z.literal("None")),
    "core/v1.ServiceSpec.selector": labels,
    "core/v1.ServiceSpec.sessionAffinity": sessionAffinity(),
    "core/v1.ServiceSpec.externalTrafficPolicy": trafficPolicy(),
    "core/v1.ServiceSpec.internalTrafficPolicy": trafficPolicy(),
    "core/v1.ServiceSpec.loadBalancerSourceRanges": z.array(cidr),
    "core/v1.ServiceSpec.externalIPs": externalIpIssues,
    "core/v1.ServiceSpec.ipFamilies": ipFamiliesIssues,
    "core/v1.ServiceSpec.ipFamilyPolicy": ipFamilyPolicy(),
    // Not validated by the API server (it warns for another form of an address); deprecated since 1.24.
    "core/v1.ServiceSpec.loadBalancerIP": ipAddress,
    "core/v1.ServiceSpec.loadBalancerClass": loadBalancerClassIssues,
    // Taken from the node port range like a port's nodePort (the registry's allocator refuses any other).
    "core/v1.ServiceSpec.healthCheckNodePort": nodePortSchema(),
    "core/v1.ServiceSpec.trafficDistribution": trafficDistribution(),
    "core/v1.ClientIPConfig.timeoutSeconds": affinityTimeout(),
    "core/v1.ServicePort.name": portName,
    "core/v1.ServicePort.port": port,
    "core/v1.ServicePort.targetPort": portRef,
    "core/v1.ServicePort.protocol": serviceProtocol(),
    "core/v1.ServicePort.nodePort": nodePortSchema(),
    "core/v1.ServicePort.appProtocol": appProtocol,
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
function unwrittenFieldRules(o: Json, spec: Json, type: unknown, headless: boolean): RuleIssue[] {
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
        'clusterIPs ["None"] needs clusterIP "None" (a headless Service): the API server requires clusterIPs[0] to be clusterIP',
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

/** What the checks of a built or patched Service add to every object's: its spec's rules, as its builder's. */
export const SERVICE_CHECKS: KindChecks = {
  name: dns1035Label,
  get fields() {
    return serviceFields();
  },
  rules: (o: Json) => {
    const spec = obj(o.spec);
    const issues: RuleIssue[] = [];
    if (!isObj(o.spec)) {
      return [{ path: ["spec"], code: "required", message: "required: a Service has a spec with its ports" }];
    }
    if (spec.selector === undefined) {
      issues.push({
        path: ["spec", "selector"],
        code: "required",
        message: "required: a Service selects the pods it routes to (the builders always write a selector)",
      });
    }
    const ports = arr(spec.ports);
    if (ports.length === 0) {
      issues.push({ path: ["spec", "ports"], code: "too_small", message: "expected at least one port" });
    }
    const view: ServiceSpecView = {
      type: spec.type ?? "ClusterIP",
      headless: spec.clusterIP === "None",
      hasExternalIPs: arr(spec.externalIPs).length > 0,
      sessionAffinity: spec.sessionAffinity,
      externalTrafficPolicy: spec.externalTrafficPolicy,
      loadBalancerSourceRanges: spec.loadBalancerSourceRanges,
      ports: ports.map(obj),
    };
    issues.push(...serviceSpecRules(view, OBJECT_PATHS));
    issues.push(...unwrittenFieldRules(o, spec, view.type, view.headless));
    return issues;
  },
};
