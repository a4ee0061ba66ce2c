/**
 * The pod rules on a built (or patched) object: what the API server and the library refuse in a PodSpec, checked on
 * the Kubernetes shape rather than on options. A patch reaches every field, so these follow the API (every value it
 * accepts) plus the library's own safety rules (pinned images, declared probe ports, requests within limits), with
 * the rule functions the options use wherever the shapes agree.
 */
import * as z from "zod/mini";
import {
  configMapKey,
  dnsLabel,
  dnsSubdomain,
  envVarName,
  envVarPrefix,
  httpHeaderName,
  image,
  intAtLeast,
  ipAddress,
  labelKey,
  labels,
  port,
  portName,
  portRef,
  quantity,
  seconds,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import { attachRules } from "./container.ts";
import { DNS_POLICIES, dnsRules } from "./dns.ts";
import { ENV_FIELD_PATH, resourceFieldRefRules } from "./env.ts";
import { tolerationRules } from "./pod-template.ts";
import { resourceListRules } from "./resources.ts";
import { fileMode, isDescendingPath, isVolumeFilePath, VOLUME_FIELD_PATH } from "./volume.ts";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Json => (isObj(v) ? v : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const refined = (ok: (s: string) => boolean, what: string) =>
  z.string().check(
    z.refine(ok, {
      error: (i) => `${JSON.stringify(i.input)} is not ${what}`,
      params: { code: "invalid_format" },
    }),
  );
const volumeFilePath = refined(isVolumeFilePath, 'a file path inside the volume (relative, without "..")');
const absolutePath = refined((s) => s.startsWith("/"), "an absolute path");
const capability = z
  .string()
  .check(z.regex(/^[A-Z_]+$/, { error: "expected a capability name such as NET_BIND_SERVICE" }));
const id = z.number().check(z.int(), z.gte(0));

/** The format checks of pod fields, wherever the types appear (pod templates of every workload kind). */
export const POD_FIELD_CHECKS: FieldChecks = {
  "core/v1.PodSpec.serviceAccountName": dnsSubdomain,
  "core/v1.PodSpec.priorityClassName": dnsSubdomain,
  "core/v1.PodSpec.runtimeClassName": dnsSubdomain,
  "core/v1.PodSpec.schedulerName": dnsSubdomain,
  "core/v1.PodSpec.nodeName": dnsSubdomain,
  "core/v1.PodSpec.hostname": dnsLabel,
  "core/v1.PodSpec.subdomain": dnsLabel,
  "core/v1.PodSpec.nodeSelector": labels,
  "core/v1.PodSpec.terminationGracePeriodSeconds": seconds,
  "core/v1.PodSpec.activeDeadlineSeconds": intAtLeast(1),
  "core/v1.PodSpec.dnsPolicy": z.enum(DNS_POLICIES),
  "core/v1.PodSpec.preemptionPolicy": z.enum(["PreemptLowerPriority", "Never"]),
  "core/v1.PodSpec.restartPolicy": z.enum(["Always", "OnFailure", "Never"]),
  "core/v1.Container.name": dnsLabel,
  "core/v1.Container.image": image,
  "core/v1.Container.imagePullPolicy": z.enum(["Always", "IfNotPresent", "Never"]),
  "core/v1.Container.terminationMessagePolicy": z.enum(["File", "FallbackToLogsOnError"]),
  "core/v1.Container.terminationMessagePath": absolutePath,
  "core/v1.Container.workingDir": absolutePath,
  "core/v1.EphemeralContainer.name": dnsLabel,
  "core/v1.EphemeralContainer.image": image,
  "core/v1.ContainerPort.containerPort": port,
  "core/v1.ContainerPort.hostPort": port,
  "core/v1.ContainerPort.name": portName,
  "core/v1.ContainerPort.protocol": z.enum(["TCP", "UDP", "SCTP"]),
  "core/v1.EnvVar.name": envVarName,
  "core/v1.EnvFromSource.prefix": envVarPrefix,
  "core/v1.ConfigMapEnvSource.name": dnsSubdomain,
  "core/v1.SecretEnvSource.name": dnsSubdomain,
  "core/v1.ConfigMapKeySelector.name": dnsSubdomain,
  "core/v1.ConfigMapKeySelector.key": configMapKey,
  "core/v1.SecretKeySelector.name": dnsSubdomain,
  "core/v1.SecretKeySelector.key": configMapKey,
  "core/v1.ResourceRequirements.requests": z.record(z.string(), quantity),
  "core/v1.ResourceRequirements.limits": z.record(z.string(), quantity),
  "core/v1.Probe.initialDelaySeconds": seconds,
  "core/v1.Probe.periodSeconds": intAtLeast(1),
  "core/v1.Probe.timeoutSeconds": intAtLeast(1),
  "core/v1.Probe.failureThreshold": intAtLeast(1),
  "core/v1.Probe.successThreshold": intAtLeast(1),
  "core/v1.Probe.terminationGracePeriodSeconds": intAtLeast(1),
  "core/v1.HTTPGetAction.path": z.string().check(z.minLength(1)),
  "core/v1.HTTPGetAction.port": portRef,
  "core/v1.HTTPGetAction.scheme": z.enum(["HTTP", "HTTPS"]),
  "core/v1.HTTPHeader.name": httpHeaderName,
  "core/v1.TCPSocketAction.port": portRef,
  "core/v1.GRPCAction.port": port,
  "core/v1.ExecAction.command": z.array(z.string()).check(z.minLength(1)),
  "core/v1.SleepAction.seconds": intAtLeast(1),
  "core/v1.Volume.name": dnsLabel,
  "core/v1.VolumeMount.name": dnsLabel,
  "core/v1.VolumeMount.mountPath": absolutePath,
  "core/v1.VolumeMount.subPath": refined(
    isDescendingPath,
    'a path inside the volume (relative, without a ".." element)',
  ),
  "core/v1.KeyToPath.key": configMapKey,
  "core/v1.KeyToPath.path": volumeFilePath,
  "core/v1.KeyToPath.mode": fileMode(),
  "core/v1.ConfigMapVolumeSource.name": dnsSubdomain,
  "core/v1.ConfigMapVolumeSource.defaultMode": fileMode(),
  "core/v1.SecretVolumeSource.secretName": dnsSubdomain,
  "core/v1.SecretVolumeSource.defaultMode": fileMode(),
  "core/v1.ProjectedVolumeSource.defaultMode": fileMode(),
  "core/v1.ConfigMapProjection.name": dnsSubdomain,
  "core/v1.SecretProjection.name": dnsSubdomain,
  "core/v1.DownwardAPIVolumeSource.defaultMode": fileMode(),
  "core/v1.DownwardAPIVolumeFile.path": volumeFilePath,
  "core/v1.DownwardAPIVolumeFile.mode": fileMode(),
  "core/v1.PersistentVolumeClaimVolumeSource.claimName": dnsSubdomain,
  "core/v1.EmptyDirVolumeSource.medium": z.enum(["", "Memory"]),
  "core/v1.EmptyDirVolumeSource.sizeLimit": quantity,
  "core/v1.LocalObjectReference.name": dnsSubdomain,
  "core/v1.Toleration.key": labelKey,
  "core/v1.Toleration.operator": z.enum(["Exists", "Equal"]),
  "core/v1.Toleration.effect": z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
  "core/v1.TopologySpreadConstraint.maxSkew": intAtLeast(1),
  "core/v1.TopologySpreadConstraint.topologyKey": labelKey,
  "core/v1.TopologySpreadConstraint.whenUnsatisfiable": z.enum(["DoNotSchedule", "ScheduleAnyway"]),
  "core/v1.PodAffinityTerm.topologyKey": labelKey,
  "core/v1.WeightedPodAffinityTerm.weight": z.number().check(z.int(), z.gte(1), z.lte(100)),
  "core/v1.PreferredSchedulingTerm.weight": z.number().check(z.int(), z.gte(1), z.lte(100)),
  "core/v1.PodSecurityContext.runAsUser": id,
  "core/v1.PodSecurityContext.runAsGroup": id,
  "core/v1.PodSecurityContext.fsGroup": id,
  "core/v1.SecurityContext.runAsUser": id,
  "core/v1.SecurityContext.runAsGroup": id,
  "core/v1.SeccompProfile.type": z.enum(["RuntimeDefault", "Localhost", "Unconfined"]),
  "core/v1.Capabilities.add": z.array(capability),
  "core/v1.Capabilities.drop": z.array(capability),
  "core/v1.HostAlias.ip": ipAddress,
  "core/v1.HostAlias.hostnames": z.array(dnsSubdomain),
  "core/v1.PodDNSConfig.nameservers": z.array(ipAddress),
  "core/v1.PodReadinessGate.conditionType": labelKey,
  "core/v1.ObjectFieldSelector.apiVersion": z.enum(["v1"]),
};

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] as const;
const SIDECAR_ONLY = [...PROBES, "lifecycle"] as const;
const VOLUME_SOURCES_OF = (v: Json) => Object.keys(v).filter((k) => k !== "name" && v[k] !== undefined);
/** Pod fields a Windows pod may not have (`validateWindows`), besides the containers' Linux settings. */
const WINDOWS_FORBIDDEN = [
  "appArmorProfile",
  "seLinuxOptions",
  "seccompProfile",
  "fsGroup",
  "fsGroupChangePolicy",
  "sysctls",
  "runAsUser",
  "runAsGroup",
  "supplementalGroups",
  "supplementalGroupsPolicy",
] as const;
const WINDOWS_CONTAINER_FORBIDDEN = [
  "appArmorProfile",
  "seLinuxOptions",
  "seccompProfile",
  "capabilities",
  "readOnlyRootFilesystem",
  "privileged",
  "allowPrivilegeEscalation",
  "procMount",
  "runAsUser",
  "runAsGroup",
] as const;

interface ContainerAt {
  readonly c: Json;
  readonly at: readonly PropertyKey[];
  readonly group: "initContainers" | "containers" | "ephemeralContainers";
}

function duplicates<T>(
  items: readonly T[],
  key: (t: T) => unknown,
  report: (t: T, k: unknown) => RuleIssue,
): RuleIssue[] {
  const seen = new Set<unknown>();
  const out: RuleIssue[] = [];
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    if (seen.has(k)) out.push(report(item, k));
    seen.add(k);
  }
  return out;
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
  return [];
}

function containerIssues(
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
    for (const field of SIDECAR_ONLY) {
      if (c[field] === undefined) continue;
      issues.push({
        path: [...at, field],
        code: "conflicting_options",
        message: `an init container runs to completion and may not have ${field}: give it restartPolicy "Always" to make it a sidecar`,
      });
    }
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

/** `validateDownwardAPIVolumeFile`: one of fieldRef and resourceFieldRef, a field a volume can hold. */
function downwardFileIssues(
  f: Json,
  at: readonly PropertyKey[],
  containers: ReadonlySet<string>,
): RuleIssue[] {
  if ((f.fieldRef === undefined) === (f.resourceFieldRef === undefined)) {
    return [
      { path: at, code: "invalid_value", message: "expected exactly one of fieldRef or resourceFieldRef" },
    ];
  }
  const fieldPath = obj(f.fieldRef).fieldPath;
  if (f.fieldRef !== undefined && (typeof fieldPath !== "string" || !VOLUME_FIELD_PATH.test(fieldPath))) {
    return [
      {
        path: [...at, "fieldRef", "fieldPath"],
        code: "invalid_value",
        message: `${JSON.stringify(fieldPath)} is not a pod field a volume can hold (metadata.name, namespace, uid, labels, annotations)`,
      },
    ];
  }
  return isObj(f.resourceFieldRef)
    ? resourceFieldRefRules(f.resourceFieldRef, [...at, "resourceFieldRef"], { volume: true, containers })
    : [];
}

/** A reference that the API requires to name its object (a ConfigMap, a Secret). */
function named(ref: unknown, field: string, at: readonly PropertyKey[]): RuleIssue[] {
  if (!isObj(ref)) return [];
  const name = ref[field];
  return typeof name === "string" && name !== ""
    ? []
    : [{ path: [...at, field], code: "required", message: `required: the object's ${field}` }];
}

function volumeIssues(v: Json, at: readonly PropertyKey[], containers: ReadonlySet<string>): RuleIssue[] {
  const issues: RuleIssue[] = [
    ...named(v.configMap, "name", [...at, "configMap"]),
    ...named(v.secret, "secretName", [...at, "secret"]),
    ...named(v.persistentVolumeClaim, "claimName", [...at, "persistentVolumeClaim"]),
  ];
  const sources = VOLUME_SOURCES_OF(v);
  if (sources.length !== 1) {
    issues.push({
      path: at,
      code: "invalid_value",
      message: `a volume has exactly one source, received ${sources.length === 0 ? "none" : sources.join(" and ")}`,
    });
  }
  arr(obj(v.downwardAPI).items).forEach((f, i) => {
    issues.push(...downwardFileIssues(obj(f), [...at, "downwardAPI", "items", i], containers));
  });
  const paths = new Set<string>();
  arr(obj(v.projected).sources).forEach((s, j) => {
    const src = obj(s);
    const sat = [...at, "projected", "sources", j];
    issues.push(
      ...named(src.configMap, "name", [...sat, "configMap"]),
      ...named(src.secret, "name", [...sat, "secret"]),
    );
    const kinds = Object.keys(src).filter((k) => src[k] !== undefined);
    if (kinds.length !== 1) {
      issues.push({ path: sat, code: "invalid_value", message: "a projected source has exactly one source" });
    }
    const files: [unknown, PropertyKey[]][] = [
      ...arr(obj(src.configMap).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "configMap", "items", i],
      ]),
      ...arr(obj(src.secret).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "secret", "items", i],
      ]),
      ...arr(obj(src.downwardAPI).items).map((it, i): [unknown, PropertyKey[]] => [
        it,
        [...sat, "downwardAPI", "items", i],
      ]),
    ];
    for (const [file, fat] of files) {
      const p = str(obj(file).path);
      if (p === undefined) continue;
      if (paths.has(p)) {
        issues.push({
          path: [...fat, "path"],
          code: "duplicate",
          message: `two files of the volume are at ${p}`,
        });
      }
      paths.add(p);
    }
    arr(obj(src.downwardAPI).items).forEach((f, i) => {
      issues.push(...downwardFileIssues(obj(f), [...sat, "downwardAPI", "items", i], containers));
    });
  });
  return issues;
}

/**
 * Every rule of a PodSpec at `at`, on the object. `claims`: the names of a StatefulSet's volume claim templates,
 * which containers may mount like volumes.
 */
export function podSpecIssues(
  spec: Json,
  at: readonly PropertyKey[],
  claims: readonly string[] = [],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const grace =
    typeof spec.terminationGracePeriodSeconds === "number" ? spec.terminationGracePeriodSeconds : 30;
  const list = (group: ContainerAt["group"]): ContainerAt[] =>
    arr(spec[group]).map((c, i) => ({ c: obj(c), at: [...at, group, i], group }));
  const all = [...list("initContainers"), ...list("containers"), ...list("ephemeralContainers")];
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    issues.push({
      path: [...at, "containers"],
      code: "too_small",
      message: "expected at least one container",
    });
  }
  issues.push(
    ...duplicates(
      all,
      (c) => str(c.c.name),
      (c, name) => ({
        path: [...c.at, "name"],
        code: "duplicate",
        message: `container name "${String(name)}" is used twice`,
      }),
    ),
  );
  const volumes = arr(spec.volumes).map(obj);
  issues.push(
    ...duplicates(
      volumes.map((v, i) => ({ v, i })),
      ({ v }) => str(v.name),
      ({ i }, name) => ({
        path: [...at, "volumes", i, "name"],
        code: "duplicate",
        message: `volume "${String(name)}" is defined twice`,
      }),
    ),
  );
  const containers = new Set(all.map((c) => str(c.c.name)).filter((n): n is string => n !== undefined));
  volumes.forEach((v, i) => {
    issues.push(...volumeIssues(v, [...at, "volumes", i], containers));
  });
  const mountable = new Set([
    ...volumes.map((v) => str(v.name)).filter((n): n is string => n !== undefined),
    ...claims,
  ]);
  for (const c of all) issues.push(...containerIssues(c, grace, mountable, containers));
  arr(spec.tolerations).forEach((t, i) => {
    const o = obj(t);
    issues.push(
      ...tolerationRules(
        {
          key: str(o.key),
          operator: str(o.operator),
          value: str(o.value),
          effect: str(o.effect),
          tolerationSeconds: typeof o.tolerationSeconds === "number" ? o.tolerationSeconds : undefined,
        },
        [...at, "tolerations", i],
      ),
    );
  });
  issues.push(
    ...duplicates(
      arr(spec.topologySpreadConstraints).map((t, i) => ({ t: obj(t), i })),
      ({ t }) => `${String(t.topologyKey)} ${String(t.whenUnsatisfiable)}`,
      ({ i }, k) => ({
        path: [...at, "topologySpreadConstraints", i],
        code: "duplicate",
        message: `two spread constraints on ${String(k)}`,
      }),
    ),
  );
  issues.push(
    ...duplicates(
      arr(spec.imagePullSecrets).map((s, i) => ({ s: obj(s), i })),
      ({ s }) => str(s.name),
      ({ i }, name) => ({
        path: [...at, "imagePullSecrets", i],
        code: "duplicate",
        message: `image pull Secret "${String(name)}" is listed twice`,
      }),
    ),
  );
  const dnsConfig = isObj(spec.dnsConfig)
    ? { nameservers: arr(spec.dnsConfig.nameservers), searches: arr(spec.dnsConfig.searches) }
    : undefined;
  issues.push(...dnsRules(spec.dnsPolicy, dnsConfig, at));
  arr(obj(spec.dnsConfig).searches).forEach((s, i) => {
    const ok = typeof s === "string" && s !== "" && z.safeParse(dnsSubdomain, s.replace(/\.$/, "")).success;
    if (!ok) {
      issues.push({
        path: [...at, "dnsConfig", "searches", i],
        code: "invalid_format",
        message: `${JSON.stringify(s)} is not a search domain (a DNS subdomain)`,
      });
    }
  });
  arr(obj(spec.dnsConfig).options).forEach((o, i) => {
    if (str(obj(o).name) === undefined || obj(o).name === "") {
      issues.push({
        path: [...at, "dnsConfig", "options", i, "name"],
        code: "required",
        message: "a resolver option needs a name",
      });
    }
  });
  const psc = obj(spec.securityContext);
  if (psc.hostUsers === false || spec.hostUsers === false) {
    for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
      if (spec[field] === true) {
        issues.push({
          path: [...at, field],
          code: "conflicting_options",
          message: `${field} cannot be used with a user namespace (hostUsers: false)`,
        });
      }
    }
  }
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    issues.push({
      path: [...at, "shareProcessNamespace"],
      code: "conflicting_options",
      message: "shareProcessNamespace and hostPID cannot both be set",
    });
  }
  if (obj(spec.os).name === "windows") {
    for (const field of WINDOWS_FORBIDDEN) {
      if (psc[field] !== undefined) {
        issues.push({
          path: [...at, "securityContext", field],
          code: "conflicting_options",
          message: `a Windows pod cannot have securityContext.${field}`,
        });
      }
    }
    for (const field of ["hostPID", "hostIPC", "shareProcessNamespace", "hostUsers"]) {
      if (spec[field] !== undefined && spec[field] !== false) {
        issues.push({
          path: [...at, field],
          code: "conflicting_options",
          message: `a Windows pod cannot have ${field}`,
        });
      }
    }
    for (const c of all) {
      const sc = obj(c.c.securityContext);
      for (const field of WINDOWS_CONTAINER_FORBIDDEN) {
        if (sc[field] !== undefined) {
          issues.push({
            path: [...c.at, "securityContext", field],
            code: "conflicting_options",
            message: `a container of a Windows pod cannot have securityContext.${field}`,
          });
        }
      }
    }
  }
  return issues;
}
