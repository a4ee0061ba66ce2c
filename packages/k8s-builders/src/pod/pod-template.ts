/**
 * The pod part shared by Deployment and StatefulSet: containers, volumes, security, spreading, grace period.
 * Labels of the pod template are the workload's labels; its selector labels come from `selectorLabels`.
 */
import type { Toleration, Volume } from "kubernetes-types/core/v1.js";
import { type MetaInput, objectLabels, selectorLabels } from "../base/labels.ts";
import type { BuiltPodTemplate } from "../base/manifest.ts";
import { compact } from "../base/object.ts";
import { isLabelValue, parseImage } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { buildAntiAffinity, buildTopologySpread } from "./affinity.ts";
import type { ParsedContainer, ParsedInitContainer } from "./container.ts";
import { buildContainer, containerRules, preStopSeconds, runToCompletionIssues } from "./container-build.ts";
import { buildDnsConfig, dnsRules } from "./dns.ts";
import { resourceFieldRefRules } from "./env.ts";
import type { ParsedPod } from "./pod-shape.ts";
import { podSecurityContext, resolveSecurity } from "./security-context.ts";
import { buildVolume, projectedPathRules, volumeResourceRefs, writableVolumeName } from "./volume-build.ts";

function firstImageTag(containers: readonly ParsedContainer[]): string | undefined {
  const first = containers[0];
  return first === undefined ? undefined : parseImage(first.image)?.tag;
}

/** The tag of the first container's image: the default `app.kubernetes.io/version`. */
export function podVersionTag(pod: ParsedPod): string | undefined {
  return firstImageTag(pod.containers);
}

export function buildPodTemplate(meta: MetaInput, pod: ParsedPod): BuiltPodTemplate {
  const security = resolveSecurity(pod.security);
  const selector = selectorLabels(meta);
  const userVolumes = (pod.volumes ?? []).map(buildVolume);
  const writable: Volume[] = [];
  for (const path of security.writablePaths) {
    const name = writableVolumeName(path);
    if (!userVolumes.some((v) => v.name === name)) writable.push({ name, emptyDir: {} });
  }
  const volumes = [...userVolumes, ...writable];
  const build = (c: ParsedContainer | ParsedInitContainer) =>
    buildContainer(c, security, security.writablePaths);
  const affinity = pod.antiAffinity === undefined ? undefined : buildAntiAffinity(pod.antiAffinity, selector);
  return {
    metadata: {
      labels: objectLabels(meta, firstImageTag(pod.containers)),
      ...(pod.podAnnotations && Object.keys(pod.podAnnotations).length > 0
        ? { annotations: pod.podAnnotations }
        : {}),
    },
    spec: {
      ...(pod.serviceAccountName ? { serviceAccountName: pod.serviceAccountName } : {}),
      automountServiceAccountToken: security.automountServiceAccountToken,
      ...(pod.imagePullSecrets && pod.imagePullSecrets.length > 0
        ? { imagePullSecrets: pod.imagePullSecrets.map((name) => ({ name })) }
        : {}),
      securityContext: podSecurityContext(security),
      ...(pod.initContainers && pod.initContainers.length > 0
        ? { initContainers: pod.initContainers.map(build) }
        : {}),
      containers: pod.containers.map(build),
      ...(volumes.length > 0 ? { volumes } : {}),
      ...(affinity ? { affinity } : {}),
      ...(pod.topologySpread && pod.topologySpread.length > 0
        ? { topologySpreadConstraints: pod.topologySpread.map((t) => buildTopologySpread(t, selector)) }
        : {}),
      ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
      ...(pod.tolerations ? { tolerations: pod.tolerations.map((t) => ({ ...t }) as Toleration) } : {}),
      ...(pod.priorityClassName ? { priorityClassName: pod.priorityClassName } : {}),
      ...compact({
        preemptionPolicy: pod.preemptionPolicy,
        schedulerName: pod.schedulerName,
        runtimeClassName: pod.runtimeClassName,
        dnsPolicy: pod.dnsPolicy,
        dnsConfig: pod.dnsConfig === undefined ? undefined : buildDnsConfig(pod.dnsConfig),
        hostAliases: pod.hostAliases?.map((h) => ({ ip: h.ip, hostnames: [...h.hostnames] })),
        shareProcessNamespace: pod.shareProcessNamespace,
        enableServiceLinks: pod.enableServiceLinks,
        readinessGates:
          pod.readinessGates === undefined || pod.readinessGates.length === 0
            ? undefined
            : pod.readinessGates.map((conditionType) => ({ conditionType })),
      }),
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    },
  };
}

/**
 * Rules across the pod: unique container names, mounts of existing volumes, probe ports declared,
 * requests ≤ limits, and a grace period long enough for every preStop sleep.
 */
export function podRules(pod: ParsedPod, extraVolumeNames: readonly string[] = []): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const security = resolveSecurity(pod.security);
  const volumeNames = new Set([
    ...(pod.volumes ?? []).map((v) => v.name),
    ...extraVolumeNames,
    ...security.writablePaths.map(writableVolumeName),
  ]);
  const slugs = new Map<string, string>();
  security.writablePaths.forEach((path, i) => {
    const slug = writableVolumeName(path);
    const other = slugs.get(slug);
    if (other !== undefined && other !== path) {
      issues.push({
        path: ["security", "writablePaths", i],
        code: "duplicate",
        message: `writable paths ${other} and ${path} would both become the emptyDir volume "${slug}"`,
      });
    }
    slugs.set(slug, path);
  });
  const seenVolumes = new Set<string>();
  (pod.volumes ?? []).forEach((v, i) => {
    if (seenVolumes.has(v.name)) {
      issues.push({
        path: ["volumes", i, "name"],
        code: "duplicate",
        message: `volume "${v.name}" is defined twice`,
      });
    }
    seenVolumes.add(v.name);
    issues.push(...projectedPathRules(v, ["volumes", i]));
    // The library's emptyDir for a writable path is named from the path: a user volume of that name would be
    // mounted at the writable path in its place. An emptyDir of that name is the same thing (it sizes it).
    const writablePath = slugs.get(v.name);
    if (writablePath !== undefined && v.emptyDir === undefined) {
      issues.push({
        path: ["volumes", i, "name"],
        code: "conflicting_options",
        message: `volume "${v.name}" has the name of the writable emptyDir for ${writablePath}: it would be mounted at ${writablePath} in its place; rename it`,
      });
    }
  });
  const containerNames = new Set<string>();
  const grace = pod.terminationGracePeriodSeconds;
  for (const group of ["initContainers", "containers"] as const) {
    (pod[group] ?? []).forEach((c, i) => {
      const at = [group, i];
      if (containerNames.has(c.name)) {
        issues.push({
          path: [...at, "name"],
          code: "duplicate",
          message: `container name "${c.name}" is used twice`,
        });
      }
      containerNames.add(c.name);
      issues.push(...containerRules(c, at));
      if (group === "initContainers" && (c as ParsedInitContainer).restartPolicy !== "Always") {
        issues.push(...runToCompletionIssues(c, at));
      }
      const mountPaths = new Set<string>();
      (c.volumeMounts ?? []).forEach((m, j) => {
        if (mountPaths.has(m.mountPath)) {
          issues.push({
            path: [...at, "volumeMounts", j, "mountPath"],
            code: "duplicate",
            message: `${m.mountPath} is mounted twice in container "${c.name}"`,
          });
        }
        mountPaths.add(m.mountPath);
        if (!volumeNames.has(m.name)) {
          issues.push({
            path: [...at, "volumeMounts", j, "name"],
            code: "unknown_volume",
            message: `volumeMounts uses volume "${m.name}", but volumes has no volume of that name`,
          });
        }
      });
      const sleep = preStopSeconds(c);
      if (sleep > 0 && sleep >= grace) {
        issues.push({
          path: [...at, "lifecycle", "preStop", "sleep"],
          code: "grace_period_too_short",
          message: `preStop sleeps ${sleep}s but terminationGracePeriodSeconds is ${grace}s: the container would be killed before it drains`,
        });
      }
    });
  }
  for (const group of ["initContainers", "containers"] as const) {
    (pod[group] ?? []).forEach((c, i) => {
      for (const [name, v] of Object.entries(c.env ?? {})) {
        if (typeof v === "object" && "resourceFieldRef" in v) {
          issues.push(
            ...resourceFieldRefRules(v.resourceFieldRef, [group, i, "env", name, "resourceFieldRef"], {
              volume: false,
              containers: containerNames,
            }),
          );
        }
      }
    });
  }
  (pod.volumes ?? []).forEach((v, i) => {
    for (const { ref, at } of volumeResourceRefs(v)) {
      issues.push(
        ...resourceFieldRefRules(ref, ["volumes", i, ...at], { volume: true, containers: containerNames }),
      );
    }
  });
  const pullSecrets = new Set<string>();
  (pod.imagePullSecrets ?? []).forEach((name, i) => {
    if (pullSecrets.has(name)) {
      issues.push({
        path: ["imagePullSecrets", i],
        code: "duplicate",
        message: `image pull Secret "${name}" is listed twice`,
      });
    }
    pullSecrets.add(name);
  });
  issues.push(...dnsRules(pod.dnsPolicy, pod.dnsConfig, []));
  issues.push(...extraPodRules(pod, grace));
  return issues;
}

/**
 * The API server's rules of a toleration (the options and the API name its fields alike): no value with `Exists`,
 * `Exists` without a key, `tolerationSeconds` only with `NoExecute`, a value that is a label value.
 */
export function tolerationRules(
  t: {
    readonly key?: string | undefined;
    readonly operator?: string | undefined;
    readonly value?: string | undefined;
    readonly effect?: string | undefined;
    readonly tolerationSeconds?: number | undefined;
  },
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const hasKey = t.key !== undefined && t.key !== "";
  const hasValue = t.value !== undefined && t.value !== "";
  if (t.operator === "Exists" && hasValue) {
    issues.push({
      path: [...at, "value"],
      code: "conflicting_options",
      message: "a toleration with operator Exists has no value",
    });
  }
  if (!hasKey && t.operator !== "Exists") {
    issues.push({
      path: [...at, "operator"],
      code: "required",
      message: "a toleration without a key must use operator Exists",
    });
  }
  if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute") {
    issues.push({
      path: [...at, "tolerationSeconds"],
      code: "conflicting_options",
      message: "tolerationSeconds applies only to effect NoExecute",
    });
  }
  if (t.value !== undefined && !isLabelValue(t.value)) {
    issues.push({
      path: [...at, "value"],
      code: "invalid_format",
      message: `"${t.value}" is not a valid toleration value (a label value)`,
    });
  }
  return issues;
}

/** Rules the API server enforces on pods that the schema cannot express. */
function extraPodRules(pod: ParsedPod, grace: number): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const security = resolveSecurity(pod.security);
  const spreads = new Set<string>();
  (pod.topologySpread ?? []).forEach((t, i) => {
    const key = `${t.topologyKey} ${t.whenUnsatisfiable}`;
    if (spreads.has(key)) {
      issues.push({
        path: ["topologySpread", i],
        code: "duplicate",
        message: `two spread constraints on ${key}`,
      });
    }
    spreads.add(key);
  });
  (pod.tolerations ?? []).forEach((t, i) => {
    issues.push(...tolerationRules(t, ["tolerations", i]));
  });
  const groups = [
    ["initContainers", pod.initContainers ?? []],
    ["containers", pod.containers],
  ] as const;
  for (const [group, list] of groups) {
    list.forEach((c, i) => {
      const at = [group, i];
      const postStart = c.lifecycle?.postStart?.sleep ?? 0;
      if (postStart > 0 && postStart >= grace) {
        issues.push({
          path: [...at, "lifecycle", "postStart", "sleep"],
          code: "grace_period_too_short",
          message: `postStart sleeps ${postStart}s but terminationGracePeriodSeconds is ${grace}s`,
        });
      }
      // Reported where the capability was written: the container's own list, or the pod's.
      const own = c.security?.addCapabilities;
      const caps = own ?? security.addCapabilities;
      const escalation = c.security?.allowPrivilegeEscalation ?? security.allowPrivilegeEscalation;
      const sysAdmin = caps.findIndex((cap) => cap === "SYS_ADMIN" || cap === "CAP_SYS_ADMIN");
      if (sysAdmin !== -1 && !escalation) {
        const path =
          own === undefined
            ? ["security", "addCapabilities", sysAdmin]
            : [...at, "security", "addCapabilities", sysAdmin];
        if (!issues.some((i) => i.path.join(".") === path.join("."))) {
          issues.push({
            path,
            code: "conflicting_options",
            message: "SYS_ADMIN cannot be added while allowPrivilegeEscalation is false (the API refuses it)",
          });
        }
      }
    });
  }
  const seenPaths = new Set<string>();
  security.writablePaths.forEach((path, i) => {
    if (seenPaths.has(path)) {
      issues.push({
        path: ["security", "writablePaths", i],
        code: "duplicate",
        message: `writable path ${path} is listed twice`,
      });
    }
    seenPaths.add(path);
  });
  return issues;
}
