/** A container: image, ports, env, resources, probes, mounts, lifecycle hooks and security overrides. */
import type { Container, ContainerPort, Lifecycle, LifecycleHandler } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { compact } from "../base/object.ts";
import { dnsLabel, image, intAtLeast, port, portName, portRef } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { buildEnv, buildEnvFrom, EnvFromSchema, EnvSchema } from "./env.ts";
import { buildProbe, ProbeSchema, probePort } from "./probe.ts";
import { buildResources, ResourcesSchema, resourceRules } from "./resources.ts";
import { containerSecurityContext, type ResolvedSecurity, SecuritySchema } from "./security-context.ts";
import { buildMount, VolumeMountSchema, writableVolumeName } from "./volume.ts";

export const ContainerPortSchema = z.strictObject({
  /** Port name, referenced by probes and Services (at most 15 characters). */
  name: z.optional(portName),
  /** The port the process listens on. */
  containerPort: port,
  /** Transport protocol of the port. @default "TCP" */
  protocol: z.optional(z.enum(["TCP", "UDP", "SCTP"])),
});

const HandlerSchema = z
  .strictObject({
    /** Run a command in the container. Exactly one of `exec`, `http` and `sleep`. */
    exec: z.optional(
      z.strictObject({
        /** The command and its arguments, run without a shell. */
        command: z.array(z.string()).check(z.minLength(1)),
      }),
    ),
    /** Send an HTTP GET to the container. */
    http: z.optional(
      z.strictObject({
        /** Path of the request, e.g. `/drain`. */
        path: z.string(),
        /** Container port, by number or name. */
        port: portRef,
      }),
    ),
    /** Sleep this many seconds (no binary needed in the image). */
    sleep: z.optional(intAtLeast(1)),
  })
  .check(
    z.refine((h) => [h.exec, h.http, h.sleep].filter((x) => x !== undefined).length === 1, {
      error: "expected exactly one of exec, http or sleep",
    }),
  );

export const ContainerSchema = z.strictObject({
  /** Container name (DNS label). */
  name: dnsLabel,
  /** Image pinned by tag or digest; `latest` is refused. */
  image,
  /** When the kubelet pulls the image. @default unset (Kubernetes: IfNotPresent for tagged images) */
  imagePullPolicy: z.optional(z.enum(["Always", "IfNotPresent", "Never"])),
  /** Entrypoint override. */
  command: z.optional(z.array(z.string())),
  /** Arguments. */
  args: z.optional(z.array(z.string())),
  /** Working directory of the process. @default unset (the image's) */
  workingDir: z.optional(z.string()),
  /** Ports the process listens on; named ports can be referred to by probes and Services. */
  ports: z.optional(z.array(ContainerPortSchema)),
  /** Environment variables by name: a literal value, or a reference to a ConfigMap key, a Secret key or a pod field. */
  env: z.optional(EnvSchema),
  /** Every key of a ConfigMap or Secret as an environment variable. */
  envFrom: z.optional(z.array(EnvFromSchema)),
  /** CPU and memory requests and limits, as Kubernetes quantities; a request may not exceed its limit. */
  resources: z.optional(ResourcesSchema),
  /** Restarts the container when it fails. */
  livenessProbe: z.optional(ProbeSchema),
  /** Takes the pod out of its Services' endpoints while it fails. */
  readinessProbe: z.optional(ProbeSchema),
  /** Holds the liveness and readiness probes back until it succeeds, for slow starters. */
  startupProbe: z.optional(ProbeSchema),
  /** Pod volumes (or StatefulSet claims) mounted into the container. */
  volumeMounts: z.optional(z.array(VolumeMountSchema)),
  /** Hooks run right after the container starts and before it is stopped. */
  lifecycle: z.optional(
    z.strictObject({
      /** Runs before SIGTERM, e.g. a sleep so that load balancers stop sending traffic first. */
      preStop: z.optional(HandlerSchema),
      /** Runs right after the container is created. */
      postStart: z.optional(HandlerSchema),
    }),
  ),
  /** Per-container overrides of the workload's `security` settings (writable paths are set for the whole pod). */
  security: z.optional(
    z.omit(SecuritySchema, {
      fsGroup: true,
      seccompProfile: true,
      automountServiceAccountToken: true,
      writablePaths: true,
    }),
  ),
});

/** A container of a pod. */
export type ContainerOptions = z.input<typeof ContainerSchema>;
export type ParsedContainer = z.output<typeof ContainerSchema>;

/** Seconds a container's lifecycle hook waits, for the rule that the grace period covers it. */
export function preStopSeconds(c: ParsedContainer): number {
  return c.lifecycle?.preStop?.sleep ?? 0;
}

function handler(h: z.output<typeof HandlerSchema>): LifecycleHandler {
  if (h.exec) return { exec: { command: h.exec.command } };
  if (h.http) return { httpGet: { path: h.http.path, port: h.http.port } };
  return { sleep: { seconds: h.sleep ?? 0 } };
}

export function buildContainer(
  c: ParsedContainer,
  security: ResolvedSecurity,
  extraMounts: readonly string[],
): Container {
  const ports: ContainerPort[] | undefined = c.ports?.map((p) => ({
    ...(p.name === undefined ? {} : { name: p.name }),
    containerPort: p.containerPort,
    protocol: p.protocol ?? "TCP",
  }));
  const own = c.security;
  const sec: ResolvedSecurity = own === undefined ? security : { ...security, ...compact(own) };
  const mounts = [...(c.volumeMounts ?? []).map(buildMount)];
  for (const path of extraMounts) {
    if (!mounts.some((m) => m.mountPath === path))
      mounts.push({ name: writableVolumeName(path), mountPath: path });
  }
  const lifecycle: Lifecycle | undefined = c.lifecycle
    ? {
        ...(c.lifecycle.postStart ? { postStart: handler(c.lifecycle.postStart) } : {}),
        ...(c.lifecycle.preStop ? { preStop: handler(c.lifecycle.preStop) } : {}),
      }
    : undefined;
  const env = c.env === undefined ? [] : buildEnv(c.env);
  return {
    name: c.name,
    image: c.image,
    ...(c.imagePullPolicy ? { imagePullPolicy: c.imagePullPolicy } : {}),
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.workingDir ? { workingDir: c.workingDir } : {}),
    ...(ports && ports.length > 0 ? { ports } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(c.envFrom && c.envFrom.length > 0 ? { envFrom: c.envFrom.map(buildEnvFrom) } : {}),
    ...(c.resources ? { resources: buildResources(c.resources) } : {}),
    ...(c.livenessProbe ? { livenessProbe: buildProbe(c.livenessProbe) } : {}),
    ...(c.readinessProbe ? { readinessProbe: buildProbe(c.readinessProbe) } : {}),
    ...(c.startupProbe ? { startupProbe: buildProbe(c.startupProbe) } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    securityContext: containerSecurityContext(sec),
    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
  };
}

/** Rules inside one container: probe ports are declared ports, port names unique, requests ≤ limits. */
export function containerRules(c: ParsedContainer, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const names = new Set<string>();
  const numbers = new Set<number>();
  (c.ports ?? []).forEach((p, i) => {
    if (p.name !== undefined) {
      if (names.has(p.name)) {
        issues.push({
          path: [...at, "ports", i, "name"],
          code: "duplicate_port_name",
          message: `port name "${p.name}" is used twice`,
        });
      }
      names.add(p.name);
    }
    numbers.add(p.containerPort);
  });
  for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
    const p = c[probe];
    if (p === undefined) continue;
    const target = probePort(p);
    if (target === undefined) continue;
    const kind = p.http ? "http" : p.tcp ? "tcp" : "grpc";
    if (typeof target === "string" && !names.has(target)) {
      issues.push({
        path: [...at, probe, kind, "port"],
        code: "unknown_port",
        message: `${probe} uses port "${target}", but ports has no port of that name (names: ${[...names].join(", ") || "none"})`,
      });
    } else if (typeof target === "number" && !numbers.has(target)) {
      issues.push({
        path: [...at, probe, kind, "port"],
        code: "unknown_port",
        message: `${probe} uses port ${target}, but ports does not declare it (declared: ${[...numbers].join(", ") || "none"})`,
      });
    }
  }
  if (c.livenessProbe?.successThreshold !== undefined && c.livenessProbe.successThreshold !== 1) {
    issues.push({
      path: [...at, "livenessProbe", "successThreshold"],
      code: "invalid_value",
      message: "a liveness probe's successThreshold must be 1",
    });
  }
  if (c.startupProbe?.successThreshold !== undefined && c.startupProbe.successThreshold !== 1) {
    issues.push({
      path: [...at, "startupProbe", "successThreshold"],
      code: "invalid_value",
      message: "a startup probe's successThreshold must be 1",
    });
  }
  if (c.resources) issues.push(...resourceRules(c.resources, [...at, "resources"]));
  return issues;
}
