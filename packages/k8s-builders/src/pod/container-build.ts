/**
 * A container as Kubernetes writes it, from parsed options ({@link containerSchema}): ports, env, resources, probes,
 * lifecycle hooks, mounts (with the emptyDirs of writable paths) and its security context; and the rules across
 * its fields (declared probe ports, unique port names, requests within limits).
 */
import type { Container, ContainerPort, Lifecycle, LifecycleHandler } from "kubernetes-types/core/v1.js";
import type * as z from "zod/mini";
import { compact } from "../base/object.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { handlerSchema, ParsedContainer, ParsedInitContainer } from "./container.ts";
import { PROBES, SIDECAR_ONLY } from "./container.ts";
import { buildEnv, buildEnvFrom } from "./env.ts";
import { buildProbe, probePort } from "./probe.ts";
import { buildResources, resourceRules } from "./resources.ts";
import { containerSecurityContext, type ResolvedSecurity } from "./security-context.ts";
import { buildMount, writableVolumeName } from "./volume-build.ts";

/** Seconds a container's lifecycle hook waits, for the rule that the grace period covers it. */
export function preStopSeconds(c: ParsedContainer): number {
  return c.lifecycle?.preStop?.sleep ?? 0;
}

function handler(h: z.output<ReturnType<typeof handlerSchema>>): LifecycleHandler {
  if (h.exec) return { exec: { command: h.exec.command } };
  if (h.http) return { httpGet: { path: h.http.path, port: h.http.port } };
  return { sleep: { seconds: h.sleep ?? 0 } };
}

/** The Kubernetes Container of parsed options, with the pod's security settings and the writable paths' mounts. */
export function buildContainer(
  c: ParsedContainer | ParsedInitContainer,
  security: ResolvedSecurity,
  extraMounts: readonly string[],
): Container {
  const ports: ContainerPort[] | undefined = c.ports?.map((p) => ({
    ...(p.name === undefined ? {} : { name: p.name }),
    containerPort: p.containerPort,
    protocol: p.protocol,
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
    ...("restartPolicy" in c && c.restartPolicy !== undefined ? { restartPolicy: c.restartPolicy } : {}),
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
    ...compact({
      terminationMessagePath: c.terminationMessagePath,
      terminationMessagePolicy: c.terminationMessagePolicy,
      stdin: c.stdin,
      stdinOnce: c.stdinOnce,
      tty: c.tty,
    }),
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
          code: "duplicate",
          message: `port name "${p.name}" is used twice`,
        });
      }
      names.add(p.name);
    }
    numbers.add(p.containerPort);
  });
  for (const probe of PROBES) {
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
  issues.push(...attachRules(c, at));
  return issues;
}

/** `stdinOnce` means something only with `stdin`: without it, it would be ignored. */
export function attachRules(
  c: { readonly stdin?: unknown; readonly stdinOnce?: unknown },
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (c.stdinOnce === true && c.stdin !== true) {
    issues.push({
      path: [...at, "stdinOnce"],
      code: "conflicting_options",
      message: "stdinOnce closes stdin after one attach: it works with stdin: true only",
    });
  }
  return issues;
}

/**
 * An init container that is no sidecar (its restartPolicy is not `Always`) runs to completion: it may have no
 * probes and no lifecycle hooks. On options and on built objects alike (the fields have the same names).
 */
export function runToCompletionIssues(
  c: { readonly [F in (typeof SIDECAR_ONLY)[number]]?: unknown },
  at: readonly PropertyKey[],
): RuleIssue[] {
  return SIDECAR_ONLY.filter((field) => c[field] !== undefined).map((field) => ({
    path: [...at, field],
    code: "conflicting_options",
    message: `an init container runs to completion and may not have ${field}: give it restartPolicy "Always" to make it a sidecar`,
  }));
}
