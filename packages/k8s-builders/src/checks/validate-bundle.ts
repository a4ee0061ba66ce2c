/**
 * `validateBundle(objects)`: the whole-bundle checks — references between objects, selectors, ports, budgets,
 * sizes, API versions, secret hygiene, network-policy coverage and Pod Security — returned as findings, never
 * thrown. Each check is a small named rule under `rules/`; a rule that trips over an unexpected shape is reported
 * as CHECK_FAILED and the others still run.
 */
import type { Manifest } from "../base/manifest.ts";
import type { FindingCode } from "./codes.ts";
import {
  type Bundle,
  type Entry,
  looseRef,
  makeBundle,
  type ResolvedOptions,
  type Rule,
  toEntry,
} from "./context.ts";
import { type Finding, finding, type ObjectRef } from "./finding.ts";
import { type NetworkPeers, resolveNetwork } from "./network/peers.ts";
import { isRec } from "./read.ts";
import { apiVersionsServed, parseKubernetesVersion } from "./rules/api-versions.ts";
import {
  gatewayTlsSecrets,
  routeBackendsExist,
  routeMatchesConflict,
  routeParentsAttach,
} from "./rules/gateway-api.ts";
import { duplicateObjects, namespacesDefined } from "./rules/identity.ts";
import { ingressBackendsExist, ingressTlsSecrets } from "./rules/ingress.ts";
import { serviceMonitorDiscovered, serviceMonitorTargets } from "./rules/monitoring.ts";
import { networkPoliciesCoverWorkloads } from "./rules/network-policy.ts";
import {
  egressPoliciesCoverWorkloads,
  networkPolicyPortsServed,
  networkPolicySelectsPods,
} from "./rules/network-reachability.ts";
import { prometheusScrapes } from "./rules/network-scrapes.ts";
import { dnsReachable, serviceConsumersReach } from "./rules/network-services.ts";
import {
  ingressTlsSecretType,
  roleBindingRolesExist,
  roleBindingSubjectsExist,
  volumeClaimsExist,
  volumeMountsDefined,
} from "./rules/object-references.ts";
import {
  externalTrafficPolicyOnExternal,
  hpaBoundsOrdered,
  ingressPathsDoNotConflict,
  pdbsDoNotOverlap,
  servicePortNamesUnique,
  workloadSelectorsDisjoint,
} from "./rules/overlaps.ts";
import { type PodSecurityReport, podSecurityReports } from "./rules/pod-security.ts";
import { podSecurityEnforced, podSecurityWarned } from "./rules/pod-security-admission.ts";
import { configReferencesResolve, serviceAccountsExist } from "./rules/references.ts";
import { containerLimits, readinessProbes } from "./rules/resources.ts";
import {
  hpaResourceRequests,
  hpaTargetExists,
  hpaTargetScalable,
  pdbAllowsDrains,
  pdbSelectsPods,
  replicasWithHpa,
} from "./rules/scaling.ts";
import {
  configMapsHoldNoSecrets,
  noLiteralCredentials,
  placeholderSecretsApplied,
  secretValuesArePlaceholders,
} from "./rules/secret-hygiene.ts";
import { serviceSelectsPods, serviceTargetPortsExist } from "./rules/services.ts";
import { annotationSizes, objectSizes } from "./rules/size.ts";
import { probePortsDeclared, statefulSetServiceHeadless, workloadSelectorsMatch } from "./rules/workloads.ts";

/** Options of {@link validateBundle}. */
export interface ValidateBundleOptions {
  /**
   * Kubernetes version the bundle is applied to, for removed and deprecated API versions (`1.35`, `v1.35.2`).
   * @default "1.35"
   */
  readonly targetKubernetesVersion?: string | undefined;
  /**
   * ConfigMaps, Secrets and ServiceAccounts that exist in the cluster outside the bundle: references to them are
   * not reported. Each entry is a name (`db-credentials`) or a kind and name (`Secret/db-credentials`).
   * @default []
   */
  readonly external?: readonly string[] | undefined;
  /** Secrets made outside the bundle (TLS certificates, pull secrets): references and Ingress TLS are not reported. @default [] */
  readonly externalSecrets?: readonly string[] | undefined;
  /** Namespaces that exist outside the bundle: objects in them are not reported as lacking a Namespace. @default [] */
  readonly externalNamespaces?: readonly string[] | undefined;
  /**
   * Labels the Prometheus Operator's Prometheus selects ServiceMonitors by (its `serviceMonitorSelector`), e.g.
   * `{ release: "kube-prometheus-stack" }`. Unset: ServiceMonitor labels are not checked. @default unset
   */
  readonly serviceMonitorSelector?: Readonly<Record<string, string>> | undefined;
  /** Allow Secrets of the bundle to hold real values instead of placeholders. @default false */
  readonly allowSecretValues?: boolean | undefined;
  /**
   * What the bundle is for. `apply` (the default): it goes to `kubectl apply`, so a Secret holding placeholders
   * is reported (SECRET_PLACEHOLDER_APPLIED) — applying it replaces the real values in the cluster. `template`:
   * a file of Secret templates that people fill in (e.g. `secrets.example.yaml`), where placeholders belong.
   * @default "apply"
   */
  readonly purpose?: "apply" | "template" | undefined;
  /**
   * The peers outside the bundle's workloads that the NetworkPolicy checks reason about: the cluster DNS
   * (kube-dns in kube-system unless set; `false` to skip), the ingress controller, the Prometheus server(s) and
   * other named peers. See docs/network.md.
   * @default { dns: kube-dns in kube-system }
   */
  readonly peers?: NetworkPeers | undefined;
  /**
   * Consumers of Services besides those found in the pods' configuration: Service (`name` or `namespace/name`) →
   * workloads (`Deployment/web`, `Deployment/shop/web`) or peers (`ingress`, `prometheus`, a name of
   * `peers.external`). Each must reach the Service's pods on its target ports through the NetworkPolicies.
   * @default {}
   */
  readonly consumers?: Readonly<Record<string, readonly string[]>> | undefined;
}

/** What {@link validateBundle} found. */
export interface ValidateBundleResult {
  /** Problems that break the apply or the running system. */
  readonly errors: Finding[];
  /** Risks worth a look. */
  readonly warnings: Finding[];
  /** The Pod Security Standard level of every workload. */
  readonly podSecurity: PodSecurityReport[];
}

/** The checks, in the order they run (and report). */
export const BUNDLE_RULES: readonly (readonly [name: string, rule: Rule])[] = [
  ["duplicateObjects", duplicateObjects],
  ["namespacesDefined", namespacesDefined],
  ["workloadSelectorsMatch", workloadSelectorsMatch],
  ["workloadSelectorsDisjoint", workloadSelectorsDisjoint],
  ["probePortsDeclared", probePortsDeclared],
  ["statefulSetServiceHeadless", statefulSetServiceHeadless],
  ["serviceSelectsPods", serviceSelectsPods],
  ["serviceTargetPortsExist", serviceTargetPortsExist],
  ["servicePortNamesUnique", servicePortNamesUnique],
  ["externalTrafficPolicyOnExternal", externalTrafficPolicyOnExternal],
  ["hpaTargetExists", hpaTargetExists],
  ["hpaTargetScalable", hpaTargetScalable],
  ["hpaBoundsOrdered", hpaBoundsOrdered],
  ["hpaResourceRequests", hpaResourceRequests],
  ["replicasWithHpa", replicasWithHpa],
  ["pdbSelectsPods", pdbSelectsPods],
  ["pdbAllowsDrains", pdbAllowsDrains],
  ["pdbsDoNotOverlap", pdbsDoNotOverlap],
  ["ingressBackendsExist", ingressBackendsExist],
  ["ingressTlsSecrets", ingressTlsSecrets],
  ["routeBackendsExist", routeBackendsExist],
  ["routeParentsAttach", routeParentsAttach],
  ["routeMatchesConflict", routeMatchesConflict],
  ["gatewayTlsSecrets", gatewayTlsSecrets],
  ["ingressTlsSecretType", ingressTlsSecretType],
  ["ingressPathsDoNotConflict", ingressPathsDoNotConflict],
  ["configReferencesResolve", configReferencesResolve],
  ["serviceAccountsExist", serviceAccountsExist],
  ["roleBindingRolesExist", roleBindingRolesExist],
  ["roleBindingSubjectsExist", roleBindingSubjectsExist],
  ["volumeClaimsExist", volumeClaimsExist],
  ["volumeMountsDefined", volumeMountsDefined],
  ["serviceMonitorTargets", serviceMonitorTargets],
  ["serviceMonitorDiscovered", serviceMonitorDiscovered],
  ["objectSizes", objectSizes],
  ["annotationSizes", annotationSizes],
  ["apiVersionsServed", apiVersionsServed],
  ["secretValuesArePlaceholders", secretValuesArePlaceholders],
  ["placeholderSecretsApplied", placeholderSecretsApplied],
  ["configMapsHoldNoSecrets", configMapsHoldNoSecrets],
  ["noLiteralCredentials", noLiteralCredentials],
  ["networkPoliciesCoverWorkloads", networkPoliciesCoverWorkloads],
  ["egressPoliciesCoverWorkloads", egressPoliciesCoverWorkloads],
  ["networkPolicySelectsPods", networkPolicySelectsPods],
  ["networkPolicyPortsServed", networkPolicyPortsServed],
  ["serviceConsumersReach", serviceConsumersReach],
  ["dnsReachable", dnsReachable],
  ["prometheusScrapes", prometheusScrapes],
  ["containerLimits", containerLimits],
  ["readinessProbes", readinessProbes],
  ["podSecurityEnforced", podSecurityEnforced],
  ["podSecurityWarned", podSecurityWarned],
];

const DEFAULT_VERSION: readonly [number, number] = [1, 35];
/** Findings about the call itself (options, the array) name no object. */
const BUNDLE: ObjectRef = { apiVersion: "", kind: "", name: "" };

function message(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return "unknown error";
  }
}

function stringSet(
  options: Record<string, unknown>,
  key: string,
  report: (code: FindingCode, path: string, detail: string) => void,
): Set<string> {
  const v = options[key];
  if (v === undefined) return new Set();
  if (!Array.isArray(v)) {
    report("INVALID_OPTION", `options.${key}`, `options.${key} must be an array of names; it is ignored`);
    return new Set();
  }
  const names = v.filter((n): n is string => typeof n === "string");
  if (names.length !== v.length) {
    report(
      "INVALID_OPTION",
      `options.${key}`,
      `options.${key} has entries that are not strings; they are ignored`,
    );
  }
  return new Set(names);
}

const KNOWN_OPTIONS = new Set([
  "targetKubernetesVersion",
  "external",
  "externalSecrets",
  "externalNamespaces",
  "serviceMonitorSelector",
  "allowSecretValues",
  "purpose",
  "peers",
  "consumers",
]);

function resolveOptions(input: unknown, out: Finding[]): ResolvedOptions {
  const report = (code: FindingCode, path: string, detail: string) =>
    out.push(finding(code, BUNDLE, path, detail));
  if (input !== undefined && input !== null && !isRec(input)) {
    report("INVALID_OPTION", "options", "options must be an object; defaults are used");
  }
  const o = isRec(input) ? input : {};
  for (const key of Object.keys(o)) {
    if (!KNOWN_OPTIONS.has(key))
      report("INVALID_OPTION", `options.${key}`, `unknown option "${key}" (check the spelling)`);
  }
  let targetVersion = DEFAULT_VERSION;
  if (o.targetKubernetesVersion !== undefined) {
    const parsed =
      typeof o.targetKubernetesVersion === "string"
        ? parseKubernetesVersion(o.targetKubernetesVersion)
        : undefined;
    if (parsed === undefined) {
      report(
        "INVALID_OPTION",
        "options.targetKubernetesVersion",
        `"${String(o.targetKubernetesVersion)}" is not a Kubernetes version such as "1.35"; 1.35 is used`,
      );
    } else {
      targetVersion = parsed;
    }
  }
  let serviceMonitorSelector: Record<string, string> | undefined;
  if (o.serviceMonitorSelector !== undefined) {
    const s = o.serviceMonitorSelector;
    if (isRec(s) && Object.values(s).every((v) => typeof v === "string")) {
      serviceMonitorSelector = { ...(s as Record<string, string>) };
    } else {
      report(
        "INVALID_OPTION",
        "options.serviceMonitorSelector",
        "options.serviceMonitorSelector must map label keys to string values; it is ignored",
      );
    }
  }
  if (o.allowSecretValues !== undefined && typeof o.allowSecretValues !== "boolean") {
    report(
      "INVALID_OPTION",
      "options.allowSecretValues",
      "options.allowSecretValues must be true or false; false is used",
    );
  }
  if (o.purpose !== undefined && o.purpose !== "apply" && o.purpose !== "template") {
    report(
      "INVALID_OPTION",
      "options.purpose",
      `options.purpose must be "apply" or "template"; "apply" is used`,
    );
  }
  return {
    targetVersion,
    external: stringSet(o, "external", report),
    externalSecrets: stringSet(o, "externalSecrets", report),
    externalNamespaces: stringSet(o, "externalNamespaces", report),
    serviceMonitorSelector,
    allowSecretValues: o.allowSecretValues === true,
    purpose: o.purpose === "template" ? "template" : "apply",
    network: resolveNetwork(o.peers, o.consumers, (path, detail) => report("INVALID_OPTION", path, detail)),
  };
}

function readEntries(objects: unknown, out: Finding[]): Entry[] {
  if (!Array.isArray(objects)) {
    out.push(
      finding(
        "INVALID_BUNDLE",
        BUNDLE,
        "",
        `expected an array of Kubernetes objects, received ${objects === null ? "null" : typeof objects}`,
      ),
    );
    return [];
  }
  const entries: Entry[] = [];
  for (let i = 0; i < objects.length; i++) {
    try {
      const item: unknown = objects[i];
      const e = toEntry(item, i);
      if ("problem" in e) out.push(finding("INVALID_OBJECT", looseRef(item), e.path, e.problem));
      else entries.push(e);
    } catch (err) {
      out.push(finding("INVALID_OBJECT", BUNDLE, "", `objects[${i}] cannot be read: ${message(err)}`));
    }
  }
  return entries;
}

function indexEntries(entries: readonly Entry[], options: ResolvedOptions, out: Finding[]): Bundle {
  try {
    return makeBundle(entries, options, (e, err) =>
      out.push(finding("CHECK_FAILED", e.ref, "spec", `the pod template cannot be read: ${message(err)}`)),
    );
  } catch (err) {
    out.push(finding("CHECK_FAILED", BUNDLE, "", `the pod templates could not be read: ${message(err)}`));
    return makeBundle([], options);
  }
}

function runRule(name: string, rule: Rule, bundle: Bundle): Finding[] {
  try {
    return rule(bundle);
  } catch (err) {
    return [
      finding("CHECK_FAILED", BUNDLE, "", `check "${name}" stopped on an unexpected value: ${message(err)}`),
    ];
  }
}

/** Reads the objects and options as every check sees them; problems with the input are findings in `out`. */
export function readBundle(objects: unknown, options: unknown, out: Finding[]): Bundle {
  const resolved = resolveOptions(options, out);
  return indexEntries(readEntries(objects, out), resolved, out);
}

/**
 * Checks a bundle as a whole: every reference resolves, selectors select, ports exist, budgets allow drains,
 * objects fit the size limits, API versions are served, Secrets hold placeholders, NetworkPolicies cover every
 * workload, and pods pass their Namespace's Pod Security level. Never throws, whatever the input.
 *
 * @example
 * const { errors, warnings } = validateBundle(callCenter(config), { serviceMonitorSelector: { release: "kps" } });
 * if (errors.length > 0) throw new Error(errors.map((e) => e.message).join("\n"));
 */
export function validateBundle(
  objects: readonly Manifest[],
  options: ValidateBundleOptions = {},
): ValidateBundleResult {
  const findings: Finding[] = [];
  let podSecurity: PodSecurityReport[] = [];
  try {
    const bundle = readBundle(objects, options, findings);
    for (const [name, rule] of BUNDLE_RULES) findings.push(...runRule(name, rule, bundle));
    try {
      podSecurity = podSecurityReports(bundle);
    } catch (err) {
      findings.push(
        finding(
          "CHECK_FAILED",
          BUNDLE,
          "",
          `the Pod Security report stopped on an unexpected value: ${message(err)}`,
        ),
      );
    }
  } catch (err) {
    findings.push(finding("CHECK_FAILED", BUNDLE, "", `the bundle could not be read: ${message(err)}`));
  }
  return {
    errors: findings.filter((f) => f.severity === "error"),
    warnings: findings.filter((f) => f.severity === "warning"),
    podSecurity,
  };
}
