/**
 * The rules of one container on a built (or patched) object: its probes and lifecycle hooks (one handler each,
 * declared ports), sidecar-only fields, mounts of known volumes, requests within limits, env sources, and what
 * the API refuses in its security context.
 */
import { arr, duplicates, isObj, type Json, named, obj, str } from "../base/object.ts";
import type { RuleIssue } from "../base/validate.ts";
import { PROBES } from "./container.ts";
import { attachRules, runToCompletionIssues } from "./container-build.ts";
import { ENV_FIELD_PATH, resourceFieldRefRules } from "./env.ts";
import { resourceListRules } from "./resources.ts";

const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] as const;

/** A container of a PodSpec and where it is. */
export interface ContainerAt {
  readonly c: Json;
  readonly at: readonly PropertyKey[];
  readonly group: "initContainers" | "containers" | "ephemeralContainers";
}

/** Exactly one handler in a probe or a lifecycle hook. */
function handlerIssues(h: Json, at: readonly PropertyKey[], allowed: readonly string[]): RuleIssue[] {
  const given = HANDLERS.filter((k) => h[k] !== undefined);
  const wrong = given.filter((k) => !allowed.includes(k));
  if (wrong.length > 0) {
    return [
      {
        path: [...at, wrong[0] as string],
        code: "invalid_value",
        message: `${wrong[0]} is not a handler here`,
      },
    ];
  }
  if (given.length !== 1) {
    return [
      {
        path: at,
        code: "invalid_value",
        message: `expected exactly one handler (${allowed.join(", ")}), received ${given.length === 0 ? "none" : given.join(" and ")}`,
      },
    ];
  }
  // validateExecAction: an exec handler runs a command (an empty one is the field check's).
  if (given[0] === "exec" && obj(h.exec).command === undefined) {
    return [
      { path: [...at, "exec", "command"], code: "required", message: "required: the command exec runs" },
    ];
  }
  return [];
}

/** Every rule of one container; `grace` is the pod's terminationGracePeriodSeconds. */
export function containerIssues(
  { c, at, group }: ContainerAt,
  grace: number,
  mountable: ReadonlySet<string>,
  containers: ReadonlySet<string>,
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (c.image === undefined) {
    issues.push({ path: [...at, "image"], code: "required", message: "required: a container runs an image" });
  }
  const ports = arr(c.ports).map(obj);
  issues.push(
    ...duplicates(
      ports.map((p, i) => ({ p, i })),
      ({ p }) => str(p.name),
      ({ i }, name) => ({
        path: [...at, "ports", i, "name"],
        code: "duplicate",
        message: `port name "${String(name)}" is used twice`,
      }),
    ),
  );
  const names = new Set(ports.map((p) => p.name).filter((n): n is string => typeof n === "string"));
  const numbers = new Set(
    ports.map((p) => p.containerPort).filter((n): n is number => typeof n === "number"),
  );
  const sidecar = group === "initContainers" && c.restartPolicy === "Always";
  if (c.restartPolicy !== undefined && !(group === "initContainers" && c.restartPolicy === "Always")) {
    issues.push({
      path: [...at, "restartPolicy"],
      code: "invalid_value",
      message:
        group === "initContainers"
          ? `an init container's restartPolicy can only be "Always" (a sidecar)`
          : "only init containers take a restartPolicy (Always, for a sidecar)",
    });
  }
  if (group === "initContainers" && !sidecar) {
    issues.push(...runToCompletionIssues(c, at));
  }
  for (const probe of PROBES) {
    if (!isObj(c[probe])) continue;
    const p = c[probe];
    const pat = [...at, probe];
    issues.push(...handlerIssues(p, pat, ["exec", "httpGet", "tcpSocket", "grpc"]));
    for (const kind of ["httpGet", "tcpSocket", "grpc"] as const) {
      const target = obj(p[kind]).port;
      if (target === undefined) continue;
      const declared = typeof target === "string" ? names.has(target) : numbers.has(target as number);
      if (!declared) {
        issues.push({
          path: [...pat, kind, "port"],
          code: "unknown_port",
          message: `${probe} uses port ${JSON.stringify(target)}, which the container's ports do not declare`,
        });
      }
    }
    if (probe !== "readinessProbe" && p.successThreshold !== undefined && p.successThreshold !== 1) {
      issues.push({
        path: [...pat, "successThreshold"],
        code: "invalid_value",
        message: `a ${probe === "livenessProbe" ? "liveness" : "startup"} probe's successThreshold must be 1`,
      });
    }
    if (probe === "readinessProbe" && p.terminationGracePeriodSeconds !== undefined) {
      issues.push({
        path: [...pat, "terminationGracePeriodSeconds"],
        code: "invalid_value",
        message: "a readiness probe has no terminationGracePeriodSeconds",
      });
    }
  }
  const lifecycle = obj(c.lifecycle);
  for (const hook of ["preStop", "postStart"] as const) {
    if (!isObj(lifecycle[hook])) continue;
    const h = lifecycle[hook];
    issues.push(...handlerIssues(h, [...at, "lifecycle", hook], ["exec", "httpGet", "tcpSocket", "sleep"]));
    const sleep = obj(h.sleep).seconds;
    if (typeof sleep === "number" && sleep >= grace) {
      issues.push({
        path: [...at, "lifecycle", hook, "sleep", "seconds"],
        code: "grace_period_too_short",
        message: `${hook} sleeps ${sleep}s but terminationGracePeriodSeconds is ${grace}s: the container would be killed before it drains`,
      });
    }
  }
  const mounts = arr(c.volumeMounts).map(obj);
  mounts.forEach((m, j) => {
    const name = str(m.name);
    if (name !== undefined && !mountable.has(name)) {
      issues.push({
        path: [...at, "volumeMounts", j, "name"],
        code: "unknown_volume",
        message: `volumeMounts uses volume "${name}", but the pod has no volume of that name`,
      });
    }
  });
  issues.push(
    ...duplicates(
      mounts.map((m, j) => ({ m, j })),
      ({ m }) => str(m.mountPath),
      ({ j }, p) => ({
        path: [...at, "volumeMounts", j, "mountPath"],
        code: "duplicate",
        message: `${String(p)} is mounted twice in container "${String(c.name)}"`,
      }),
    ),
  );
  const resources = obj(c.resources);
  const quantities = (v: unknown) =>
    Object.fromEntries(
      Object.entries(obj(v)).filter(
        (e): e is [string, string | number] => typeof e[1] === "string" || typeof e[1] === "number",
      ),
    );
  issues.push(
    ...resourceListRules(quantities(resources.requests), quantities(resources.limits), (side, n) => [
      ...at,
      "resources",
      side,
      n,
    ]),
  );
  arr(c.env).forEach((e, j) => {
    issues.push(...envIssues(obj(e), [...at, "env", j], containers));
  });
  arr(c.envFrom).forEach((e, j) => {
    const from = obj(e);
    const refs = ["configMapRef", "secretRef"].filter((k) => from[k] !== undefined);
    if (refs.length !== 1) {
      issues.push({
        path: [...at, "envFrom", j],
        code: "invalid_value",
        message: "expected exactly one of configMapRef or secretRef",
      });
    }
    for (const k of refs) issues.push(...named(from[k], "name", [...at, "envFrom", j, k]));
  });
  issues.push(...attachRules(c, at));
  const sc = obj(c.securityContext);
  const added = arr(obj(sc.capabilities).add);
  const sysAdmin = added.findIndex((cap) => cap === "SYS_ADMIN" || cap === "CAP_SYS_ADMIN");
  if (sysAdmin !== -1 && sc.allowPrivilegeEscalation === false) {
    issues.push({
      path: [...at, "securityContext", "capabilities", "add", sysAdmin],
      code: "conflicting_options",
      message: "SYS_ADMIN cannot be added while allowPrivilegeEscalation is false (the API refuses it)",
    });
  }
  return issues;
}

/** `validateEnvVarValueFrom`: a value or one source, and what each source may name. */
function envIssues(e: Json, at: readonly PropertyKey[], containers: ReadonlySet<string>): RuleIssue[] {
  if (e.valueFrom === undefined) return [];
  const from = obj(e.valueFrom);
  const refs = [
    ...named(from.configMapKeyRef, "name", [...at, "valueFrom", "configMapKeyRef"]),
    ...named(from.configMapKeyRef, "key", [...at, "valueFrom", "configMapKeyRef"]),
    ...named(from.secretKeyRef, "name", [...at, "valueFrom", "secretKeyRef"]),
    ...named(from.secretKeyRef, "key", [...at, "valueFrom", "secretKeyRef"]),
  ];
  if (refs.length > 0) return refs;
  const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter(
    (k) => from[k] !== undefined,
  );
  if (str(e.value) !== undefined && e.value !== "") {
    return [
      {
        path: [...at, "valueFrom"],
        code: "conflicting_options",
        message: "an env var has a value or a valueFrom, not both",
      },
    ];
  }
  if (sources.length !== 1) {
    return [
      {
        path: [...at, "valueFrom"],
        code: "invalid_value",
        message: "expected exactly one of fieldRef, resourceFieldRef, configMapKeyRef or secretKeyRef",
      },
    ];
  }
  const fieldPath = obj(from.fieldRef).fieldPath;
  if (typeof fieldPath === "string" && !ENV_FIELD_PATH.test(fieldPath)) {
    return [
      {
        path: [...at, "valueFrom", "fieldRef", "fieldPath"],
        code: "invalid_value",
        message: `${JSON.stringify(fieldPath)} is not a pod field an env var can take (e.g. metadata.name, status.podIP)`,
      },
    ];
  }
  if (isObj(from.resourceFieldRef)) {
    return resourceFieldRefRules(from.resourceFieldRef, [...at, "valueFrom", "resourceFieldRef"], {
      volume: false,
      containers,
    });
  }
  return [];
}
