/** Service (v1): ClusterIP, headless, NodePort or LoadBalancer; `serviceFor` derives one from a workload. */
import type { Service, ServicePort } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { formatPath, K8sBuilderError } from "../base/errors.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import {
  appProtocol,
  cidr,
  dns1035Label,
  isDns1035Label,
  labels,
  port,
  portName,
  portRef,
  protocol,
} from "../base/primitives.ts";
import { parseOptions, type RuleIssue } from "../base/validate.ts";
import { patched } from "./object-checks.ts";
import {
  nodePortSchema,
  OPTION_PATHS,
  SERVICE_CHECKS,
  serviceSpecRules,
  serviceType,
  sessionAffinity,
  trafficPolicy,
} from "./service-rules.ts";
import { type SelectingWorkload, sourceWorkload } from "./workload.ts";

const SPEC = k8sApi("service-resources/service-v1", "ServiceSpec");

const nodePortOption = () =>
  option(nodePortSchema(), {
    description: "Fixed node port (30000–32767) for NodePort and LoadBalancer Services.",
    unset: "assigned by Kubernetes",
    k8s: SPEC,
  });

const appProtocolOption = () =>
  option(appProtocol, {
    description: "Application protocol hint, e.g. `http`, `kubernetes.io/ws`.",
    unset: "none",
    k8s: SPEC,
  });

const servicePortSchema = objectSchema(() => ({
  /** Port name; required when the Service has more than one port. @default unset (unnamed) */
  name: option(portName, {
    description: "Port name; required when the Service has more than one port.",
    unset: "unnamed",
    k8s: SPEC,
  }),
  /** The port clients connect to. */
  port: required(port, { description: "The port clients connect to.", k8s: SPEC }),
  /** The pod's port, by number or container-port name. @default the same as `port` */
  targetPort: option(portRef, {
    description: "The pod's port, by number or container-port name.",
    derived: "the same as `port`",
    k8s: SPEC,
  }),
  /** Transport protocol. @default "TCP" */
  protocol: option(protocol(), {
    description: "Transport protocol.",
    default: "TCP",
    k8s: SPEC,
  }),
  nodePort: nodePortOption(),
  appProtocol: appProtocolOption(),
}));

/** The options of a Service's spec that `service` and `serviceFor` share. */
function serviceSpecShape() {
  return {
    /**
     * `ClusterIP` (in-cluster), `NodePort`, or `LoadBalancer` (external L4, e.g. raw TCP).
     * @default "ClusterIP"
     */
    type: option(serviceType(), {
      description: "`ClusterIP` (in-cluster), `NodePort`, or `LoadBalancer` (external L4, e.g. raw TCP).",
      default: "ClusterIP",
      k8s: SPEC,
    }),
    /** A headless Service (`clusterIP: None`) for StatefulSet pod DNS names. @default false */
    headless: option(z.boolean(), {
      description: "A headless Service (`clusterIP: None`) for StatefulSet pod DNS names.",
      default: false,
      k8s: SPEC,
    }),
    /**
     * `Local` preserves client source IPs and avoids a second hop (NodePort/LoadBalancer only).
     * @default unset (Kubernetes: Cluster)
     */
    externalTrafficPolicy: option(trafficPolicy(), {
      description:
        "`Local` preserves client source IPs and avoids a second hop (NodePort/LoadBalancer only).",
      unset: "Kubernetes: Cluster",
      k8s: SPEC,
    }),
    /** Restrict which client ranges a LoadBalancer accepts (CIDRs). @default unset (any client) */
    loadBalancerSourceRanges: option(z.array(cidr), {
      description: "Restrict which client ranges a LoadBalancer accepts (CIDRs).",
      unset: "any client",
      k8s: SPEC,
    }),
    /** `ClientIP` keeps a client on one pod. @default unset (Kubernetes: None) */
    sessionAffinity: option(sessionAffinity(), {
      description: "`ClientIP` keeps a client on one pod.",
      unset: "Kubernetes: None",
      k8s: SPEC,
    }),
    /** Publish pods before they are ready (StatefulSet peer discovery). @default unset (only ready pods) */
    publishNotReadyAddresses: option(z.boolean(), {
      description: "Publish pods before they are ready (StatefulSet peer discovery).",
      unset: "only ready pods",
      k8s: SPEC,
    }),
  };
}

/** The schema of {@link ServiceOptions} (built on first use). */
export const ServiceOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  /** Service name: an RFC 1035 label (starts with a letter), since it becomes a DNS name. */
  name: required(dns1035Label, {
    description: "Service name: an RFC 1035 label (starts with a letter), since it becomes a DNS name.",
    k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
  }),
  ...serviceSpecShape(),
  /** Labels of the pods to route to (a workload's selector labels). */
  selector: required(labels, {
    description: "Labels of the pods to route to (a workload's selector labels).",
    k8s: SPEC,
  }),
  /** At least one port. */
  ports: required(
    z.array(servicePortSchema()).check(z.minLength(1, { error: "expected at least one port" })),
    {
      description: "At least one port.",
      k8s: SPEC,
    },
  ),
  ...patchShape<Built<Service, "spec">>(),
}));

/** Options of {@link service}. */
export type ServiceOptions = z.input<typeof ServiceOptionsSchema>;
type ParsedService = z.output<typeof ServiceOptionsSchema>;

function serviceRules(p: Omit<ParsedService, "selector" | "name">): RuleIssue[] {
  return serviceSpecRules(p, OPTION_PATHS);
}

function build(o: ParsedService): Built<Service, "spec"> {
  const type = o.type;
  const ports: ServicePort[] = o.ports.map((sp) => ({
    ...(sp.name === undefined ? {} : { name: sp.name }),
    port: sp.port,
    targetPort: sp.targetPort ?? sp.port,
    protocol: sp.protocol,
    ...(sp.appProtocol === undefined ? {} : { appProtocol: sp.appProtocol }),
    ...(sp.nodePort === undefined ? {} : { nodePort: sp.nodePort }),
  }));
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(o),
    spec: {
      type,
      ...(o.headless ? { clusterIP: "None" } : {}),
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
export function service(options: ServiceOptions): Built<Service, "spec"> {
  const o = parseOptions("service", ServiceOptionsSchema, options, serviceRules);
  return patched("service", build(o), o.patch, SERVICE_CHECKS);
}

const exposedPortSchema = objectSchema(() => ({
  /** Name of the workload's container port; the Service port gets the same name. */
  name: required(portName, {
    description: "Name of the workload's container port; the Service port gets the same name.",
    k8s: SPEC,
  }),
  /** The port clients connect to. @default the container port's number */
  port: option(port, {
    description: "The port clients connect to.",
    derived: "the container port's number",
    k8s: SPEC,
  }),
  nodePort: nodePortOption(),
  appProtocol: appProtocolOption(),
}));

/** The schema of {@link ServiceForOptions} (built on first use). */
export const ServiceForOptionsSchema = lazyObject(() => {
  const { annotations, labels } = metaShape();
  return {
    /** Name of the Service. @default the workload's name */
    name: option(dns1035Label, {
      description: "Name of the Service.",
      derived: "the workload's name",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...serviceSpecShape(),
    /**
     * Which container ports to expose, by name (the Service port gets the same name and number), or with a
     * different Service port.
     * @default every named container port of the workload
     */
    ports: option(z.array(z.union([portName, exposedPortSchema()])), {
      description:
        "Which container ports to expose, by name (the Service port gets the same name and number), or with a different Service port.",
      derived: "every named container port of the workload",
      k8s: SPEC,
    }),
    annotations,
    labels,
    ...patchShape<Built<Service, "spec">>(),
  };
});

/** Options of {@link serviceFor}. */
export type ServiceForOptions = z.input<typeof ServiceForOptionsSchema>;

/**
 * Derives a Service from a Deployment, StatefulSet or DaemonSet: its selector is the workload's selector and its ports
 * are the workload's named container ports, so neither can drift.
 *
 * @example
 * const svc = serviceFor(deployment(opts), { ports: ["http"] });
 */
export function serviceFor(
  workload: SelectingWorkload,
  options: ServiceForOptions = {},
): Built<Service, "spec"> {
  const facts = sourceWorkload("serviceFor", workload);
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
  if (o.name === undefined && !isDns1035Label(name)) {
    issues.push({
      path: ["name"],
      code: "required",
      message: `the workload's name "${name}" is not a valid Service name (lowercase letters, digits and '-', a letter first, at most 63 characters): give a name`,
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
  return patched("serviceFor", svc, o.patch, SERVICE_CHECKS);
}
