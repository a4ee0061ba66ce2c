/**
 * Restricted Pod Security Standard settings, written into every manifest so they are visible in diffs.
 * Each can be switched off one field at a time; there is no single "insecure" switch.
 */
import type { PodSecurityContext, SecurityContext } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";

const capability = z
  .string()
  .check(z.regex(/^[A-Z_]+$/, { error: "expected a capability name such as NET_BIND_SERVICE" }));
const id = z.number().check(z.int(), z.gte(0));

export const SecuritySchema = z.strictObject({
  /** Refuse to start a container whose image runs as root (restricted PSS). @default true */
  runAsNonRoot: z.optional(z.boolean()),
  /** User id of the containers' processes. Needed when an image's user is a name, not a number. */
  runAsUser: z.optional(id),
  /** Group id of the containers' processes. */
  runAsGroup: z.optional(id),
  /** Group that owns mounted volumes, so a non-root process can write its data directory. */
  fsGroup: z.optional(id),
  /** Mount the image read-only: a compromised process cannot change binaries. @default true */
  readOnlyRootFilesystem: z.optional(z.boolean()),
  /** Writable emptyDir mounts added when the root filesystem is read-only, so apps still run. @default ["/tmp"] */
  writablePaths: z.optional(
    z.array(z.string().check(z.regex(/^\/[^\s]*$/, { error: "expected an absolute path such as /tmp" }))),
  ),
  /** Forbid setuid binaries from gaining privileges (restricted PSS). @default false */
  allowPrivilegeEscalation: z.optional(z.boolean()),
  /** Drop every Linux capability (restricted PSS). @default true */
  dropAllCapabilities: z.optional(z.boolean()),
  /** Capabilities to add back, e.g. `NET_BIND_SERVICE` (the only one the restricted PSS allows). */
  addCapabilities: z.optional(z.array(capability)),
  /** Seccomp profile of the pod (restricted PSS requires RuntimeDefault or Localhost). @default "RuntimeDefault" */
  seccompProfile: z.optional(z.enum(["RuntimeDefault", "Unconfined"])),
  /** Mount a service-account token into the pod. Off unless the pod calls the Kubernetes API. @default false */
  automountServiceAccountToken: z.optional(z.boolean()),
});

/** Security settings of a workload's pods. */
export type SecurityOptions = z.input<typeof SecuritySchema>;
export type ParsedSecurity = z.output<typeof SecuritySchema>;

export interface ResolvedSecurity {
  readonly runAsNonRoot: boolean;
  readonly readOnlyRootFilesystem: boolean;
  readonly writablePaths: readonly string[];
  readonly allowPrivilegeEscalation: boolean;
  readonly dropAllCapabilities: boolean;
  readonly addCapabilities: readonly string[];
  readonly seccompProfile: "RuntimeDefault" | "Unconfined";
  readonly automountServiceAccountToken: boolean;
  readonly runAsUser?: number | undefined;
  readonly runAsGroup?: number | undefined;
  readonly fsGroup?: number | undefined;
}

export function resolveSecurity(s: ParsedSecurity | undefined): ResolvedSecurity {
  const readOnly = s?.readOnlyRootFilesystem ?? true;
  return {
    runAsNonRoot: s?.runAsNonRoot ?? true,
    readOnlyRootFilesystem: readOnly,
    writablePaths: readOnly ? (s?.writablePaths ?? ["/tmp"]) : (s?.writablePaths ?? []),
    allowPrivilegeEscalation: s?.allowPrivilegeEscalation ?? false,
    dropAllCapabilities: s?.dropAllCapabilities ?? true,
    addCapabilities: s?.addCapabilities ?? [],
    seccompProfile: s?.seccompProfile ?? "RuntimeDefault",
    automountServiceAccountToken: s?.automountServiceAccountToken ?? false,
    runAsUser: s?.runAsUser,
    runAsGroup: s?.runAsGroup,
    fsGroup: s?.fsGroup,
  };
}

export function podSecurityContext(s: ResolvedSecurity): PodSecurityContext {
  return {
    runAsNonRoot: s.runAsNonRoot,
    ...(s.runAsUser === undefined ? {} : { runAsUser: s.runAsUser }),
    ...(s.runAsGroup === undefined ? {} : { runAsGroup: s.runAsGroup }),
    ...(s.fsGroup === undefined ? {} : { fsGroup: s.fsGroup }),
    seccompProfile: { type: s.seccompProfile },
  };
}

export function containerSecurityContext(s: ResolvedSecurity): SecurityContext {
  const capabilities = {
    ...(s.dropAllCapabilities ? { drop: ["ALL"] } : {}),
    ...(s.addCapabilities.length > 0 ? { add: [...s.addCapabilities] } : {}),
  };
  return {
    runAsNonRoot: s.runAsNonRoot,
    allowPrivilegeEscalation: s.allowPrivilegeEscalation,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    ...(Object.keys(capabilities).length > 0 ? { capabilities } : {}),
  };
}
