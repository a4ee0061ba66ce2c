/**
 * The pod rules on a built (or patched) object: what the API server and the library refuse in a PodSpec, checked on
 * the Kubernetes shape rather than on options. A patch reaches every field, so these follow the API (every value it
 * accepts) plus the library's own safety rules (pinned images, declared probe ports, requests within limits), with
 * the rule functions the options use wherever the shapes agree.
 */
import * as z from "zod/mini";
import { arr, duplicates, isObj, type Json, obj, str } from "../base/object.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { dnsRules } from "./dns.ts";
import { type ContainerAt, containerIssues } from "./pod-container-rules.ts";
import { tolerationRules } from "./pod-template.ts";
import { volumeIssues } from "./pod-volume-rules.ts";

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
  issues.push(...nullSelectorIssues(spec, at));
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

/**
 * A spread constraint or a pod (anti-)affinity term without a labelSelector matches no pod: the API server takes
 * it with a warning ("a null labelSelector results in matching no pod"), and the builders always write one.
 */
function nullSelectorIssues(spec: Json, at: readonly PropertyKey[]): RuleIssue[] {
  const terms: { term: unknown; path: readonly PropertyKey[] }[] = arr(spec.topologySpreadConstraints).map(
    (t, i) => ({ term: t, path: [...at, "topologySpreadConstraints", i] }),
  );
  const affinity = obj(spec.affinity);
  for (const kind of ["podAffinity", "podAntiAffinity"] as const) {
    const a = obj(affinity[kind]);
    arr(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      terms.push({
        term: t,
        path: [...at, "affinity", kind, "requiredDuringSchedulingIgnoredDuringExecution", i],
      });
    });
    arr(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      terms.push({
        term: obj(t).podAffinityTerm,
        path: [
          ...at,
          "affinity",
          kind,
          "preferredDuringSchedulingIgnoredDuringExecution",
          i,
          "podAffinityTerm",
        ],
      });
    });
  }
  return terms
    .filter(({ term }) => isObj(term) && term.labelSelector === undefined)
    .map(({ path }) => ({
      path: [...path, "labelSelector"],
      code: "required",
      message: "required: without a labelSelector the term matches no pod (the API server warns)",
    }));
}
