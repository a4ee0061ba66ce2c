/**
 * The rules of a Service's spec, written once for the options of `service` and `serviceFor` and for a built or
 * patched Service object (`SERVICE_CHECKS`, which `patch()` applies too), and the schemas of its values.
 */
import * as z from "zod/mini";
import { arr, isObj, type Json, obj } from "../base/object.ts";
import { once } from "../base/options.ts";
import {
  appProtocol,
  cidr,
  dns1035Label,
  labels,
  port,
  portName,
  portRef,
  protocol,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { KindChecks } from "./object-checks.ts";
import { text, unwrittenFieldChecks, unwrittenFieldRules } from "./service-rules-server.ts";

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
    ...unwrittenFieldChecks(),
    // Taken from the node port range like a port's nodePort (the registry's allocator refuses any other).
    "core/v1.ServiceSpec.healthCheckNodePort": nodePortSchema(),
    "core/v1.ServicePort.name": portName,
    "core/v1.ServicePort.port": port,
    "core/v1.ServicePort.targetPort": portRef,
    "core/v1.ServicePort.protocol": protocol(),
    "core/v1.ServicePort.nodePort": nodePortSchema(),
    "core/v1.ServicePort.appProtocol": appProtocol,
  }),
);

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
