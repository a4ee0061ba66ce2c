/**
 * The format checks of pod fields on a built (or patched) object, by `<type>.<field>` of the Kubernetes types:
 * the same schemas the options use wherever the shapes agree. Built on first use.
 */
import * as z from "zod/mini";
import { once } from "../base/options.ts";
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
  protocol,
  quantity,
  seconds,
} from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import { DNS_POLICIES } from "./dns.ts";
import { fileMode, isDescendingPath, isVolumeFilePath } from "./volume.ts";

const refined = (ok: (s: string) => boolean, what: string) =>
  z.string().check(
    z.refine(ok, {
      error: (i) => `${JSON.stringify(i.input)} is not ${what}`,
      params: { code: "invalid_format" },
    }),
  );

/** The format checks of pod fields, wherever the types appear (pod templates of every workload kind). */
export const podFieldChecks: () => FieldChecks = once(() => {
  const volumeFilePath = refined(isVolumeFilePath, 'a file path inside the volume (relative, without "..")');
  const absolutePath = refined((s) => s.startsWith("/"), "an absolute path");
  const capability = z
    .string()
    .check(z.regex(/^[A-Z_]+$/, { error: "expected a capability name such as NET_BIND_SERVICE" }));
  const id = z.number().check(z.int(), z.gte(0));
  return {
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
    "core/v1.ContainerPort.protocol": protocol(),
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
});
