import * as z from "zod/mini";
import { exactlyOne, k8sApi, k8sDocs, objectSchema, once, option, required } from "../base/options.ts";
import { dnsLabel, image, intAtLeast, port, portName, portRef, protocol } from "../base/primitives.ts";
import { envFromSchema, envSchema } from "./env.ts";
import { probeSchema } from "./probe.ts";
import { resourcesSchema } from "./resources.ts";
import { containerSecuritySchema } from "./security-context.ts";
import { volumeMountSchema } from "./volume.ts";

const CONTAINER = k8sApi("workload-resources/pod-v1", "Container");
const PORTS = k8sApi("workload-resources/pod-v1", "ports");
const HOOKS = k8sApi("workload-resources/pod-v1", "LifecycleHandler");
const LIFECYCLE = k8sApi("workload-resources/pod-v1", "lifecycle-1");
const DEBUGGING = k8sApi("workload-resources/pod-v1", "debugging");

export const containerPortSchema = objectSchema(() => ({
  /** Port name, referenced by probes and Services (at most 15 characters). @default unset (unnamed) */
  name: option(portName, {
    description: "Port name, referenced by probes and Services (at most 15 characters).",
    unset: "unnamed",
    k8s: PORTS,
  }),
  /** The port the process listens on. */
  containerPort: required(port, { description: "The port the process listens on.", k8s: PORTS }),
  /** Transport protocol of the port. @default "TCP" */
  protocol: option(protocol(), {
    description: "Transport protocol of the port.",
    default: "TCP",
    k8s: PORTS,
  }),
}));

const hookExecSchema = objectSchema(() => ({
  /** The command and its arguments, run without a shell. */
  command: required(z.array(z.string()).check(z.minLength(1)), {
    description: "The command and its arguments, run without a shell.",
    k8s: HOOKS,
  }),
}));

const hookHttpSchema = objectSchema(() => ({
  /** Path of the request, e.g. `/drain`. */
  path: required(z.string(), { description: "Path of the request, e.g. `/drain`.", k8s: HOOKS }),
  /** Container port, by number or name. */
  port: required(portRef, { description: "Container port, by number or name.", k8s: HOOKS }),
}));

const handlerObject = objectSchema(() => ({
  /**
   * Run a command in the container. Exactly one of `exec`, `http` and `sleep`.
   * @default unset (another handler)
   */
  exec: option(hookExecSchema(), {
    description: "Run a command in the container. Exactly one of `exec`, `http` and `sleep`.",
    unset: "another handler",
    k8s: HOOKS,
  }),
  /** Send an HTTP GET to the container. @default unset (another handler) */
  http: option(hookHttpSchema(), {
    description: "Send an HTTP GET to the container.",
    unset: "another handler",
    k8s: HOOKS,
  }),
  /** Sleep this many seconds (no binary needed in the image). @default unset (another handler) */
  sleep: option(intAtLeast(1), {
    description: "Sleep this many seconds (no binary needed in the image).",
    unset: "another handler",
    k8s: HOOKS,
  }),
}));

/** A lifecycle hook: exactly one of `exec`, `http` and `sleep` (its type says so too). */
export const handlerSchema = once(() =>
  exactlyOne(handlerObject(), ["exec", "http", "sleep"], "expected exactly one of exec, http or sleep"),
);

const lifecycleSchema = objectSchema(() => ({
  /**
   * Runs before SIGTERM, e.g. a sleep so that load balancers stop sending traffic first.
   * @default unset (none)
   */
  preStop: option(handlerSchema(), {
    description: "Runs before SIGTERM, e.g. a sleep so that load balancers stop sending traffic first.",
    unset: "none",
    k8s: HOOKS,
  }),
  /** Runs right after the container is created. @default unset (none) */
  postStart: option(handlerSchema(), {
    description: "Runs right after the container is created.",
    unset: "none",
    k8s: HOOKS,
  }),
}));

function containerShape() {
  return {
    /** Container name (DNS label). */
    name: required(dnsLabel, { description: "Container name (DNS label).", k8s: CONTAINER }),
    /** Image pinned by tag or digest; `latest` is refused. */
    image: required(image, {
      description: "Image pinned by tag or digest; `latest` is refused.",
      k8s: CONTAINER,
    }),
    /** When the kubelet pulls the image. @default unset (Kubernetes: IfNotPresent for tagged images) */
    imagePullPolicy: option(z.enum(["Always", "IfNotPresent", "Never"]), {
      description: "When the kubelet pulls the image.",
      unset: "Kubernetes: IfNotPresent for tagged images",
      k8s: CONTAINER,
    }),
    /** Entrypoint override. @default unset (the image's entrypoint) */
    command: option(z.array(z.string()), {
      description: "Entrypoint override.",
      unset: "the image's entrypoint",
      k8s: CONTAINER,
    }),
    /** Arguments. @default unset (the image's command) */
    args: option(z.array(z.string()), {
      description: "Arguments.",
      unset: "the image's command",
      k8s: CONTAINER,
    }),
    /** Working directory of the process. @default unset (the image's) */
    workingDir: option(z.string(), {
      description: "Working directory of the process.",
      unset: "the image's",
      k8s: CONTAINER,
    }),
    /**
     * Ports the process listens on; named ports can be referred to by probes and Services.
     * @default unset (none)
     */
    ports: option(z.array(containerPortSchema()), {
      description: "Ports the process listens on; named ports can be referred to by probes and Services.",
      unset: "none",
      k8s: PORTS,
    }),
    /**
     * Environment variables by name: a literal value, or a reference to a ConfigMap key, a Secret key, a pod field
     * or a container resource.
     * @default unset (none)
     */
    env: option(envSchema(), {
      description:
        "Environment variables by name: a literal value, or a reference to a ConfigMap key, a Secret key, a pod field or a container resource.",
      unset: "none",
      k8s: k8sApi("workload-resources/pod-v1", "environment-variables"),
    }),
    /** Every key of a ConfigMap or Secret as an environment variable. @default unset (none) */
    envFrom: option(z.array(envFromSchema()), {
      description: "Every key of a ConfigMap or Secret as an environment variable.",
      unset: "none",
      k8s: k8sApi("workload-resources/pod-v1", "environment-variables"),
    }),
    /**
     * CPU and memory requests and limits, as Kubernetes quantities; a request may not exceed its limit.
     * @default unset (none)
     */
    resources: option(resourcesSchema(), {
      description:
        "CPU and memory requests and limits, as Kubernetes quantities; a request may not exceed its limit.",
      unset: "none",
      k8s: k8sApi("workload-resources/pod-v1", "resources"),
    }),
    /** Restarts the container when it fails. @default unset (none) */
    livenessProbe: option(probeSchema(), {
      description: "Restarts the container when it fails.",
      unset: "none",
      k8s: CONTAINER,
    }),
    /** Takes the pod out of its Services' endpoints while it fails. @default unset (none) */
    readinessProbe: option(probeSchema(), {
      description: "Takes the pod out of its Services' endpoints while it fails.",
      unset: "none",
      k8s: CONTAINER,
    }),
    /**
     * Holds the liveness and readiness probes back until it succeeds, for slow starters.
     * @default unset (none)
     */
    startupProbe: option(probeSchema(), {
      description: "Holds the liveness and readiness probes back until it succeeds, for slow starters.",
      unset: "none",
      k8s: CONTAINER,
    }),
    /**
     * Pod volumes (or StatefulSet claims) mounted into the container.
     * @default unset (only the writable paths)
     */
    volumeMounts: option(z.array(volumeMountSchema()), {
      description: "Pod volumes (or StatefulSet claims) mounted into the container.",
      unset: "only the writable paths",
      k8s: k8sApi("workload-resources/pod-v1", "volumes-1"),
    }),
    /**
     * Where the process writes why it ended (read into the pod's status).
     * @default unset (Kubernetes: /dev/termination-log)
     */
    terminationMessagePath: option(
      z.string().check(z.regex(/^\//, { error: "expected an absolute path such as /dev/termination-log" })),
      {
        description: "Where the process writes why it ended (read into the pod's status).",
        unset: "Kubernetes: /dev/termination-log",
        k8s: LIFECYCLE,
      },
    ),
    /**
     * `FallbackToLogsOnError` uses the end of the log as the termination message when the file is empty and the
     * container failed.
     * @default unset (Kubernetes: File)
     */
    terminationMessagePolicy: option(z.enum(["File", "FallbackToLogsOnError"]), {
      description:
        "`FallbackToLogsOnError` uses the end of the log as the termination message when the file is empty and the container failed.",
      unset: "Kubernetes: File",
      k8s: LIFECYCLE,
    }),
    /** Keep the container's stdin open (for `kubectl attach`). @default unset (Kubernetes: false) */
    stdin: option(z.boolean(), {
      description: "Keep the container's stdin open (for `kubectl attach`).",
      unset: "Kubernetes: false",
      k8s: DEBUGGING,
    }),
    /** Close stdin after the first attached client disconnects (with `stdin`). @default unset (Kubernetes: false) */
    stdinOnce: option(z.boolean(), {
      description: "Close stdin after the first attached client disconnects (with `stdin`).",
      unset: "Kubernetes: false",
      k8s: DEBUGGING,
    }),
    /** Give the container a terminal (for its output, and its input with `stdin`). @default unset (Kubernetes: false) */
    tty: option(z.boolean(), {
      description: "Give the container a terminal (for its output, and its input with `stdin`).",
      unset: "Kubernetes: false",
      k8s: DEBUGGING,
    }),
    /** Hooks run right after the container starts and before it is stopped. @default unset (none) */
    lifecycle: option(lifecycleSchema(), {
      description: "Hooks run right after the container starts and before it is stopped.",
      unset: "none",
      k8s: CONTAINER,
    }),
    /**
     * Per-container overrides of the workload's `security` settings (writable paths are the pod's).
     * @default the pod's `security`
     */
    security: option(containerSecuritySchema(), {
      description:
        "Per-container overrides of the workload's `security` settings (writable paths are the pod's).",
      derived: "the pod's `security`",
      k8s: k8sApi("workload-resources/pod-v1", "security-context-1"),
    }),
  };
}

export const containerSchema = objectSchema(containerShape);

/**
 * An init container: it runs to completion before the regular containers start, so the API refuses probes and
 * lifecycle hooks on it; with `restartPolicy: "Always"` it is a native sidecar instead, which keeps running beside
 * them and may have both (`podRules` checks the pairing).
 */
export const initContainerSchema = objectSchema(() => ({
  ...containerShape(),
  /**
   * `Always` makes it a native sidecar: started before the regular containers, restarted when it exits, stopped
   * after them; only a sidecar may have probes and lifecycle hooks.
   * @default unset (runs to completion)
   */
  restartPolicy: option(z.enum(["Always"]), {
    description:
      "`Always` makes it a native sidecar: started before the regular containers, restarted when it exits, stopped after them; only a sidecar may have probes and lifecycle hooks.",
    unset: "runs to completion",
    k8s: k8sDocs("concepts/workloads/pods/sidecar-containers"),
  }),
}));

/** The probes of a container. */
export const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
/** The probes and hooks only regular containers and sidecars may have. */
export const SIDECAR_ONLY = [...PROBES, "lifecycle"] as const;

/** A container of a pod. */
export type ContainerOptions = z.input<ReturnType<typeof containerSchema>>;
/** An init container, or a native sidecar (`restartPolicy: "Always"`). */
export type InitContainerOptions = z.input<ReturnType<typeof initContainerSchema>>;
/** Container options as parsed. */
export type ParsedContainer = z.output<ReturnType<typeof containerSchema>>;
/** Init container options as parsed. */
export type ParsedInitContainer = z.output<ReturnType<typeof initContainerSchema>>;
