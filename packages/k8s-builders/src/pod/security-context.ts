/**
 * Restricted Pod Security Standard settings, written into every manifest so they are visible in diffs.
 * Each can be switched off one field at a time; there is no single "insecure" switch.
 */
import type { PodSecurityContext, SecurityContext } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { k8sApi, objectSchema, option } from "../base/options.ts";

const POD_SECURITY = k8sApi("workload-resources/pod-v1", "security-context");
const CONTAINER_SECURITY = k8sApi("workload-resources/pod-v1", "security-context-1");
const RESTRICTED = "the restricted Pod Security Standard requires it";

const capability = () =>
  z.string().check(z.regex(/^[A-Z_]+$/, { error: "expected a capability name such as NET_BIND_SERVICE" }));
const id = () => z.number().check(z.int(), z.gte(0));

/** Per-container overrides of the workload's `security`: each unset by default, so the pod's value applies. */
export const containerSecuritySchema = objectSchema(() => ({
  /**
   * Refuse to start a container whose image runs as root (restricted PSS).
   * @default the pod's `security.runAsNonRoot`
   */
  runAsNonRoot: option(z.boolean(), {
    description: "Refuse to start a container whose image runs as root (restricted PSS).",
    derived: "the pod's `security.runAsNonRoot`",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * User id of the process; needed when an image's user is a name, not a number.
   * @default the pod's `security.runAsUser`
   */
  runAsUser: option(id(), {
    description: "User id of the process; needed when an image's user is a name, not a number.",
    derived: "the pod's `security.runAsUser`",
    k8s: CONTAINER_SECURITY,
  }),
  /** Group id of the process. @default the pod's `security.runAsGroup` */
  runAsGroup: option(id(), {
    description: "Group id of the process.",
    derived: "the pod's `security.runAsGroup`",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Mount the image read-only: a compromised process cannot change binaries.
   * @default the pod's `security.readOnlyRootFilesystem`
   */
  readOnlyRootFilesystem: option(z.boolean(), {
    description: "Mount the image read-only: a compromised process cannot change binaries.",
    derived: "the pod's `security.readOnlyRootFilesystem`",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Let setuid binaries gain privileges (the restricted PSS forbids it).
   * @default the pod's `security.allowPrivilegeEscalation`
   */
  allowPrivilegeEscalation: option(z.boolean(), {
    description: "Let setuid binaries gain privileges (the restricted PSS forbids it).",
    derived: "the pod's `security.allowPrivilegeEscalation`",
    k8s: CONTAINER_SECURITY,
  }),
  /** Drop every Linux capability (restricted PSS). @default the pod's `security.dropAllCapabilities` */
  dropAllCapabilities: option(z.boolean(), {
    description: "Drop every Linux capability (restricted PSS).",
    derived: "the pod's `security.dropAllCapabilities`",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Capabilities to add back, e.g. `NET_BIND_SERVICE` (the only one the restricted PSS allows).
   * @default the pod's `security.addCapabilities`
   */
  addCapabilities: option(z.array(capability()), {
    description:
      "Capabilities to add back, e.g. `NET_BIND_SERVICE` (the only one the restricted PSS allows).",
    derived: "the pod's `security.addCapabilities`",
    k8s: CONTAINER_SECURITY,
  }),
}));

/** The pod's security settings: the restricted Pod Security Standard, each switchable on its own. */
export const securitySchema = objectSchema(() => ({
  /** Refuse to start a container whose image runs as root (restricted PSS). @default true */
  runAsNonRoot: option(z.boolean(), {
    description: "Refuse to start a container whose image runs as root (restricted PSS).",
    default: true,
    why: `A process that runs as root in the container is root on the node if it escapes; ${RESTRICTED}.`,
    k8s: POD_SECURITY,
  }),
  /**
   * User id of the containers' processes; needed when an image's user is a name, not a number.
   * @default unset (the image's user)
   */
  runAsUser: option(id(), {
    description: "User id of the containers' processes; needed when an image's user is a name, not a number.",
    unset: "the image's user",
    k8s: POD_SECURITY,
  }),
  /** Group id of the containers' processes. @default unset (the image's group) */
  runAsGroup: option(id(), {
    description: "Group id of the containers' processes.",
    unset: "the image's group",
    k8s: POD_SECURITY,
  }),
  /**
   * Group that owns mounted volumes, so a non-root process can write its data directory.
   * @default unset (volumes keep their owner)
   */
  fsGroup: option(id(), {
    description: "Group that owns mounted volumes, so a non-root process can write its data directory.",
    unset: "volumes keep their owner",
    k8s: POD_SECURITY,
  }),
  /** Mount the image read-only: a compromised process cannot change binaries. @default true */
  readOnlyRootFilesystem: option(z.boolean(), {
    description: "Mount the image read-only: a compromised process cannot change binaries.",
    default: true,
    why: "An attacker cannot replace binaries or drop tools into the image; writable paths are emptyDir mounts.",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Writable emptyDir mounts added to every container, so that apps run on a read-only root filesystem.
   * @default ["/tmp"] when readOnlyRootFilesystem is true, else none
   */
  writablePaths: option(
    z.array(z.string().check(z.regex(/^\/[^\s]*$/, { error: "expected an absolute path such as /tmp" }))),
    {
      description:
        "Writable emptyDir mounts added to every container, so that apps run on a read-only root filesystem.",
      derived: '["/tmp"] when readOnlyRootFilesystem is true, else none',
      k8s: k8sApi("config-and-storage-resources/volume-v1", "Volume"),
    },
  ),
  /** Let setuid binaries gain privileges (the restricted PSS forbids it). @default false */
  allowPrivilegeEscalation: option(z.boolean(), {
    description: "Let setuid binaries gain privileges (the restricted PSS forbids it).",
    default: false,
    why:
      "A setuid binary could otherwise give a compromised process more rights than it started with; " +
      RESTRICTED +
      ".",
    k8s: CONTAINER_SECURITY,
  }),
  /** Drop every Linux capability (restricted PSS). @default true */
  dropAllCapabilities: option(z.boolean(), {
    description: "Drop every Linux capability (restricted PSS).",
    default: true,
    why: `Apps rarely need a capability, and each one widens what an attacker can do; ${RESTRICTED}.`,
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Capabilities to add back, e.g. `NET_BIND_SERVICE` (the only one the restricted PSS allows).
   * @default unset (none)
   */
  addCapabilities: option(z.array(capability()), {
    description:
      "Capabilities to add back, e.g. `NET_BIND_SERVICE` (the only one the restricted PSS allows).",
    unset: "none",
    k8s: CONTAINER_SECURITY,
  }),
  /**
   * Seccomp profile of the pod: RuntimeDefault (what the restricted Pod Security Standard asks for) or
   * Unconfined.
   * @default "RuntimeDefault"
   */
  seccompProfile: option(z.enum(["RuntimeDefault", "Unconfined"]), {
    description:
      "Seccomp profile of the pod: RuntimeDefault (what the restricted Pod Security Standard asks for) or Unconfined.",
    default: "RuntimeDefault",
    why: `The runtime's profile blocks system calls that apps do not make but exploits do; ${RESTRICTED}.`,
    k8s: POD_SECURITY,
  }),
  /**
   * Mount a service-account token into the pod; only for pods that call the Kubernetes API.
   * @default false
   */
  automountServiceAccountToken: option(z.boolean(), {
    description: "Mount a service-account token into the pod; only for pods that call the Kubernetes API.",
    default: false,
    why: "A token in every pod lets whoever compromises one pod call the API with its rights.",
    k8s: k8sApi("workload-resources/pod-v1", "PodSpec"),
  }),
}));

/** Security settings of a workload's pods. */
export type SecurityOptions = z.input<ReturnType<typeof securitySchema>>;
export type ParsedSecurity = z.output<ReturnType<typeof securitySchema>>;
export type ContainerSecurity = z.output<ReturnType<typeof containerSecuritySchema>>;

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

/** The parsed settings with the derived ones filled in (the defaults are the schema's). */
export function resolveSecurity(s: ParsedSecurity): ResolvedSecurity {
  return {
    ...s,
    writablePaths: s.writablePaths ?? (s.readOnlyRootFilesystem ? ["/tmp"] : []),
    addCapabilities: s.addCapabilities ?? [],
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
