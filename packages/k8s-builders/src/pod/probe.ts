/**
 * Probes: one handler (HTTP, TCP, exec or gRPC) and thresholds. Every threshold is written into the manifest,
 * so a reader sees the behaviour without knowing Kubernetes' defaults; the timeout defaults to 3 s instead of
 * Kubernetes' 1 s, which fails healthy pods under load.
 */
import type { Probe } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { exactlyOne, k8sApi, objectSchema, once, option, required } from "../base/options.ts";
import { httpHeaderName, intAtLeast, port, portRef, seconds } from "../base/primitives.ts";

const PROBE = k8sApi("workload-resources/pod-v1", "Probe");

const httpGetSchema = objectSchema(() => ({
  /** Path of the HTTP request, e.g. `/health`. */
  path: required(z.string().check(z.regex(/^\//, { error: "expected an absolute path starting with '/'" })), {
    description: "Path of the HTTP request, e.g. `/health`.",
    k8s: PROBE,
  }),
  /** Container port, by number or name. */
  port: required(portRef, { description: "Container port, by number or name.", k8s: PROBE }),
  /** Scheme of the request. @default unset (Kubernetes: HTTP) */
  scheme: option(z.enum(["HTTP", "HTTPS"]), {
    description: "Scheme of the request.",
    unset: "Kubernetes: HTTP",
    k8s: PROBE,
  }),
  /** Extra request headers. @default unset (none) */
  headers: option(z.record(httpHeaderName, z.string()), {
    description: "Extra request headers.",
    unset: "none",
    k8s: PROBE,
  }),
}));

const tcpSchema = objectSchema(() => ({
  /** Container port to connect to, by number or name. */
  port: required(portRef, { description: "Container port to connect to, by number or name.", k8s: PROBE }),
}));

const execSchema = objectSchema(() => ({
  /** The command and its arguments, run without a shell. */
  command: required(z.array(z.string()).check(z.minLength(1)), {
    description: "The command and its arguments, run without a shell.",
    k8s: PROBE,
  }),
}));

const grpcSchema = objectSchema(() => ({
  /** Container port of the gRPC server. */
  port: required(port, { description: "Container port of the gRPC server.", k8s: PROBE }),
  /** Service name sent in the health check request. @default unset (the server's overall health) */
  service: option(z.string(), {
    description: "Service name sent in the health check request.",
    unset: "the server's overall health",
    k8s: PROBE,
  }),
}));

const probeObject = objectSchema(() => ({
  /** HTTP GET handler. Exactly one of `http`, `tcp`, `exec`, `grpc`. @default unset (another handler) */
  http: option(httpGetSchema(), {
    description: "HTTP GET handler. Exactly one of `http`, `tcp`, `exec`, `grpc`.",
    unset: "another handler",
    k8s: PROBE,
  }),
  /** TCP connect handler. @default unset (another handler) */
  tcp: option(tcpSchema(), { description: "TCP connect handler.", unset: "another handler", k8s: PROBE }),
  /** Command run in the container; exit 0 means healthy. @default unset (another handler) */
  exec: option(execSchema(), {
    description: "Command run in the container; exit 0 means healthy.",
    unset: "another handler",
    k8s: PROBE,
  }),
  /** gRPC health-checking protocol handler. @default unset (another handler) */
  grpc: option(grpcSchema(), {
    description: "gRPC health-checking protocol handler.",
    unset: "another handler",
    k8s: PROBE,
  }),
  /** Seconds after the container starts before the first probe. @default 0 */
  initialDelaySeconds: option(seconds, {
    description: "Seconds after the container starts before the first probe.",
    default: 0,
    k8s: PROBE,
  }),
  /** How often to probe, in seconds. @default 10 */
  periodSeconds: option(intAtLeast(1), {
    description: "How often to probe, in seconds.",
    default: 10,
    k8s: PROBE,
  }),
  /** Seconds before a probe counts as failed; Kubernetes' 1 s fails healthy pods under load. @default 3 */
  timeoutSeconds: option(intAtLeast(1), {
    description: "Seconds before a probe counts as failed; Kubernetes' 1 s fails healthy pods under load.",
    default: 3,
    k8s: PROBE,
  }),
  /** Failures in a row before the probe acts (restart, or out of the endpoints). @default 3 */
  failureThreshold: option(intAtLeast(1), {
    description: "Failures in a row before the probe acts (restart, or out of the endpoints).",
    default: 3,
    k8s: PROBE,
  }),
  /**
   * Successes in a row after a failure before it counts as healthy; 1 for liveness and startup.
   * @default 1
   */
  successThreshold: option(intAtLeast(1), {
    description:
      "Successes in a row after a failure before it counts as healthy; 1 for liveness and startup.",
    default: 1,
    k8s: PROBE,
  }),
}));

/**
 * A probe of a container: exactly one handler (`http`, `tcp`, `exec` or `grpc`) and its timing. Its type says
 * so too: `{ http, tcp }` does not compile.
 */
export const probeSchema = once(() =>
  exactlyOne(
    probeObject(),
    ["http", "tcp", "exec", "grpc"],
    "expected exactly one handler: http, tcp, exec or grpc",
  ),
);

/** The schema of a probe (built on first use). */
export const ProbeSchema = z.lazy(probeSchema);

/** A probe: one handler and optional thresholds. */
export type ProbeOptions = z.input<typeof ProbeSchema>;
type ParsedProbe = z.output<typeof ProbeSchema>;

/** The port a probe reaches, if it reaches one. */
export function probePort(p: ParsedProbe): number | string | undefined {
  return p.http?.port ?? p.tcp?.port ?? p.grpc?.port;
}

export function buildProbe(p: ParsedProbe): Probe {
  const handler: Probe = p.http
    ? {
        httpGet: {
          path: p.http.path,
          port: p.http.port,
          ...(p.http.scheme ? { scheme: p.http.scheme } : {}),
          ...(p.http.headers
            ? { httpHeaders: Object.entries(p.http.headers).map(([name, value]) => ({ name, value })) }
            : {}),
        },
      }
    : p.tcp
      ? { tcpSocket: { port: p.tcp.port } }
      : p.exec
        ? { exec: { command: p.exec.command } }
        : { grpc: { port: p.grpc?.port ?? 0, ...(p.grpc?.service ? { service: p.grpc.service } : {}) } };
  return {
    ...handler,
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold,
  };
}
