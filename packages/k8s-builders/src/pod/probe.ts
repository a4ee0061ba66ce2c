/**
 * Probes: one handler (HTTP, TCP, exec or gRPC) and thresholds. Every threshold is written into the manifest,
 * so a reader sees the behaviour without knowing Kubernetes' defaults; the timeout defaults to 3 s instead of
 * Kubernetes' 1 s, which fails healthy pods under load.
 */
import type { Probe } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { intAtLeast, port, portRef, seconds } from "../base/primitives.ts";

export const HttpGetSchema = z.strictObject({
  /** Path of the HTTP request, e.g. `/health`. */
  path: z.string().check(z.regex(/^\//, { error: "expected an absolute path starting with '/'" })),
  /** Container port, by number or name. */
  port: portRef,
  /** Scheme of the request. @default unset (Kubernetes: HTTP) */
  scheme: z.optional(z.enum(["HTTP", "HTTPS"])),
  /** Extra request headers. */
  headers: z.optional(z.record(z.string(), z.string())),
});

/** A probe of a container: exactly one handler (`http`, `tcp`, `exec` or `grpc`) and its timing. */
export const ProbeSchema = z
  .strictObject({
    /** HTTP GET handler. Exactly one of `http`, `tcp`, `exec`, `grpc`. */
    http: z.optional(HttpGetSchema),
    /** TCP connect handler. */
    tcp: z.optional(
      z.strictObject({
        /** Container port to connect to, by number or name. */
        port: portRef,
      }),
    ),
    /** Command run in the container; exit 0 means healthy. */
    exec: z.optional(
      z.strictObject({
        /** The command and its arguments, run without a shell. */
        command: z.array(z.string()).check(z.minLength(1)),
      }),
    ),
    /** gRPC health-checking protocol handler. */
    grpc: z.optional(
      z.strictObject({
        /** Container port of the gRPC server. */
        port,
        /** Service name sent in the health check request. @default unset (the server's overall health) */
        service: z.optional(z.string()),
      }),
    ),
    /** Seconds after the container starts before the first probe. @default 0 */
    initialDelaySeconds: z.optional(seconds),
    /** How often to probe. @default 10 */
    periodSeconds: z.optional(intAtLeast(1)),
    /** Seconds before a probe counts as failed; Kubernetes' 1 s fails healthy pods under load. @default 3 */
    timeoutSeconds: z.optional(intAtLeast(1)),
    /** Failures in a row before the probe acts (restart, or out of the endpoints). @default 3 */
    failureThreshold: z.optional(intAtLeast(1)),
    /** Must be 1 for liveness and startup probes. @default 1 */
    successThreshold: z.optional(intAtLeast(1)),
  })
  .check(
    z.refine((p) => [p.http, p.tcp, p.exec, p.grpc].filter((h) => h !== undefined).length === 1, {
      error: "expected exactly one handler: http, tcp, exec or grpc",
    }),
  );

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
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 3,
    failureThreshold: p.failureThreshold ?? 3,
    successThreshold: p.successThreshold ?? 1,
  };
}
