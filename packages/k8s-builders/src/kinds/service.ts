/** Service (v1): ClusterIP, headless, NodePort or LoadBalancer; `serviceFor` derives one from a workload. */
import type { Service, ServicePort } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { formatPath, K8sBuilderError } from "../base/errors.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import { dns1035Label, labels, port, portName, portRef } from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { type Workload, workloadFacts } from "./workload.ts";

export const ServicePortSchema = z.strictObject({
  /** Port name; required when the Service has more than one port. */
  name: z.optional(portName),
  /** The port clients connect to. */
  port,
  /** The pod's port, by number or container-port name. @default the same as `port` */
  targetPort: z.optional(portRef),
  /** Transport protocol. @default "TCP" */
  protocol: z.optional(z.enum(["TCP", "UDP", "SCTP"])),
  /** Fixed node port (30000–32767) for NodePort and LoadBalancer Services. @default assigned by Kubernetes */
  nodePort: z.optional(
    z
      .number()
      .check(
        z.int(),
        z.gte(30000, { error: "expected a node port in 30000–32767" }),
        z.lte(32767, { error: "expected a node port in 30000–32767" }),
      ),
  ),
  /** Application protocol hint, e.g. `http`, `kubernetes.io/ws`. */
  appProtocol: z.optional(z.string()),
});

const serviceShape = {
  /** `ClusterIP` (in-cluster), `NodePort`, or `LoadBalancer` (external L4, e.g. raw TCP). @default "ClusterIP" */
  type: z.optional(z.enum(["ClusterIP", "NodePort", "LoadBalancer"])),
  /** A headless Service (`clusterIP: None`) for StatefulSet pod DNS names. @default false */
  headless: z.optional(z.boolean()),
  /** `Local` preserves client source IPs and avoids a second hop (NodePort/LoadBalancer only). @default unset (Kubernetes: Cluster) */
  externalTrafficPolicy: z.optional(z.enum(["Cluster", "Local"])),
  /** Restrict which client ranges a LoadBalancer accepts (CIDRs). */
  loadBalancerSourceRanges: z.optional(
    z.array(
      z
        .string()
        .check(z.regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/, { error: "expected a CIDR such as 203.0.113.0/24" })),
    ),
  ),
  /** `ClientIP` keeps a client on one pod. @default unset (None) */
  sessionAffinity: z.optional(z.enum(["None", "ClientIP"])),
  /** Publish pods before they are ready (StatefulSet peer discovery). @default unset (only ready pods) */
  publishNotReadyAddresses: z.optional(z.boolean()),
};

export const ServiceOptionsSchema = z.strictObject({
  ...metaShape(),
  /** Service name: an RFC 1035 label (starts with a letter), since it becomes a DNS name. */
  name: dns1035Label,
  ...serviceShape,
  /** Labels of the pods to route to (a workload's selector labels). */
  selector: labels,
  /** At least one port. */
  ports: z.array(ServicePortSchema).check(z.minLength(1, { error: "expected at least one port" })),
});

/** Options of {@link service}. */
export type ServiceOptions = z.input<typeof ServiceOptionsSchema>;
type ParsedService = z.output<typeof ServiceOptionsSchema>;

function serviceRules(p: Omit<ParsedService, "selector" | "name">): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const type = p.type ?? "ClusterIP";
  if (p.headless === true && type !== "ClusterIP") {
    issues.push({
      path: ["headless"],
      code: "conflicting_options",
      message: `a headless Service must be of type ClusterIP, not ${type}`,
    });
  }
  if (p.externalTrafficPolicy !== undefined && type === "ClusterIP") {
    issues.push({
      path: ["externalTrafficPolicy"],
      code: "conflicting_options",
      message: "externalTrafficPolicy applies only to NodePort and LoadBalancer Services",
    });
  }
  if (p.loadBalancerSourceRanges !== undefined && type !== "LoadBalancer") {
    issues.push({
      path: ["loadBalancerSourceRanges"],
      code: "conflicting_options",
      message: "loadBalancerSourceRanges applies only to LoadBalancer Services",
    });
  }
  const names = new Set<string>();
  const nodePorts = new Set<string>();
  const numbers = new Set<string>();
  p.ports.forEach((sp, i) => {
    if (p.ports.length > 1 && sp.name === undefined) {
      issues.push({
        path: ["ports", i, "name"],
        code: "required",
        message: "every port needs a name when a Service has more than one port",
      });
    }
    if (sp.name !== undefined) {
      if (names.has(sp.name))
        issues.push({
          path: ["ports", i, "name"],
          code: "duplicate_port_name",
          message: `port name "${sp.name}" is used twice`,
        });
      names.add(sp.name);
    }
    const key = `${sp.port}/${sp.protocol ?? "TCP"}`;
    if (numbers.has(key))
      issues.push({
        path: ["ports", i, "port"],
        code: "duplicate_port",
        message: `port ${key} is listed twice`,
      });
    numbers.add(key);
    if (sp.nodePort !== undefined) {
      const np = `${sp.nodePort}/${sp.protocol ?? "TCP"}`;
      if (nodePorts.has(np)) {
        issues.push({
          path: ["ports", i, "nodePort"],
          code: "duplicate_port",
          message: `nodePort ${np} is listed twice`,
        });
      }
      nodePorts.add(np);
    }
    if (sp.nodePort !== undefined && type === "ClusterIP") {
      issues.push({
        path: ["ports", i, "nodePort"],
        code: "conflicting_options",
        message: "nodePort applies only to NodePort and LoadBalancer Services",
      });
    }
  });
  return issues;
}

function build(o: ParsedService): Service {
  const type = o.type ?? "ClusterIP";
  const ports: ServicePort[] = o.ports.map((sp) => ({
    ...(sp.name === undefined ? {} : { name: sp.name }),
    port: sp.port,
    targetPort: sp.targetPort ?? sp.port,
    protocol: sp.protocol ?? "TCP",
    ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }),
    ...(sp.nodePort === undefined ? {} : { nodePort: sp.nodePort }),
  }));
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(o),
    spec: {
      type,
      ...(o.headless === true ? { clusterIP: "None" } : {}),
      selector: { ...o.selector },
      ports,
      ...(o.externalTrafficPolicy === undefined ? {} : { externalTrafficPolicy: o.externalTrafficPolicy }),
      ...(o.loadBalancerSourceRanges === undefined
        ? {}
        : { loadBalancerSourceRanges: o.loadBalancerSourceRanges }),
      ...(o.sessionAffinity === undefined ? {} : { sessionAffinity: o.sessionAffinity }),
      ...(o.publishNotReadyAddresses === undefined
        ? {}
        : { publishNotReadyAddresses: o.publishNotReadyAddresses }),
    },
  };
}

/**
 * Builds a Service.
 *
 * @example
 * service({ name: "api", selector: { "app.kubernetes.io/name": "api" }, ports: [{ port: 80, targetPort: "http" }] });
 */
export function service(options: ServiceOptions): Service {
  return build(parseOptions("service", ServiceOptionsSchema, options, serviceRules));
}

export const ServiceForOptionsSchema = z.strictObject({
  /** Name of the Service. @default the workload's name */
  name: z.optional(dns1035Label),
  ...serviceShape,
  /**
   * Which container ports to expose, by name (the Service port gets the same name and number), or with a
   * different Service port. @default every named container port of the workload
   */
  ports: z.optional(
    z.array(
      z.union([
        portName,
        z.strictObject({
          /** Name of the workload's container port; the Service port gets the same name. */
          name: portName,
          /** The port clients connect to. @default the container port's number */
          port: z.optional(port),
          nodePort: z.optional(ServicePortSchema.shape.nodePort),
          /** Application protocol hint, e.g. `http`, `kubernetes.io/ws`. */
          appProtocol: z.optional(z.string()),
        }),
      ]),
    ),
  ),
  annotations: metaShape().annotations,
  labels: metaShape().labels,
});

/** Options of {@link serviceFor}. */
export type ServiceForOptions = z.input<typeof ServiceForOptionsSchema>;

/**
 * Derives a Service from a Deployment or StatefulSet: its selector is the workload's selector and its ports
 * are the workload's named container ports, so neither can drift.
 *
 * @example
 * const svc = serviceFor(deployment(opts), { ports: ["http"] });
 */
export function serviceFor(workload: Workload, options: ServiceForOptions = {}): Service {
  const facts = workloadFacts(workload);
  if (facts === undefined) {
    throw new K8sBuilderError("serviceFor", undefined, [
      {
        path: "workload",
        code: "invalid_workload",
        message:
          "expected a Deployment or StatefulSet built by this library (with metadata.name and spec.selector.matchLabels)",
      },
    ]);
  }
  const o = parseOptions("serviceFor", ServiceForOptionsSchema, options);
  const named = facts.ports.filter((p): p is typeof p & { name: string } => p.name !== undefined);
  const wanted = (o.ports ?? named.map((p) => p.name)).map((w) => (typeof w === "string" ? { name: w } : w));
  const issues: RuleIssue[] = [];
  const ports = wanted.flatMap((w, i) => {
    const cp = named.find((p) => p.name === w.name);
    if (cp === undefined) {
      issues.push({
        path: ["ports", i],
        code: "unknown_port",
        message: `workload "${facts.name}" has no container port named "${w.name}" (has: ${named.map((p) => p.name).join(", ") || "none"})`,
      });
      return [];
    }
    return [
      {
        name: w.name,
        port: w.port ?? cp.containerPort,
        targetPort: w.name,
        protocol: (cp.protocol ?? "TCP") as "TCP" | "UDP" | "SCTP",
        ...(w.nodePort === undefined ? {} : { nodePort: w.nodePort }),
        ...(w.appProtocol === undefined ? {} : { appProtocol: w.appProtocol }),
      },
    ];
  });
  if (wanted.length === 0)
    issues.push({
      path: ["ports"],
      code: "required",
      message: `workload "${facts.name}" has no named container ports to expose`,
    });
  const name = o.name ?? facts.name;
  if (o.name === undefined && !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    issues.push({
      path: ["name"],
      code: "required",
      message: `the workload's name "${name}" is not a valid Service name (it must start with a letter): give a name`,
    });
  }
  const spec = { ...o, name, ports, selector: facts.selector };
  issues.push(...(ports.length > 0 ? serviceRules(spec) : []));
  if (issues.length > 0) {
    throw new K8sBuilderError(
      "serviceFor",
      name,
      issues.map((r) => ({ path: formatPath(r.path), code: r.code, message: r.message })),
    );
  }
  const svc = build({
    ...spec,
    ...(facts.namespace === undefined ? {} : { namespace: facts.namespace }),
  } as ParsedService);
  // Derived objects carry the workload's labels, so they group with it.
  svc.metadata = { ...svc.metadata, labels: { ...facts.labels, ...(o.labels ?? {}) } };
  return svc;
}
