/**
 * Name resolution of a pod: the DNS policy, extra resolver settings and `/etc/hosts` entries. The options have the
 * API's shape, so one set of rules (the API server's, `validatePodDNSConfig`) checks both options and objects.
 */
import type { PodDNSConfig } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { k8sApi, objectSchema, option, required } from "../base/options.ts";
import { dnsSubdomain, ipAddress } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";

const NAMES = k8sApi("workload-resources/pod-v1", "hostname-and-name-resolution");

/** The DNS policies of a pod. */
export const DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"] as const;
/** At most 3 nameservers, 32 search domains and 2048 characters of search list (libc's limits, as the API's). */
export const DNS_LIMITS = { nameservers: 3, searches: 32, searchChars: 2048 } as const;

/** A search domain: a DNS subdomain, with or without the root's trailing dot. */
const searchDomain = z.string().check(
  z.refine((s) => s.length > 0 && z.safeParse(dnsSubdomain, s.replace(/\.$/, "")).success, {
    error: (i) =>
      `${JSON.stringify(i.input)} is not a search domain (a DNS subdomain such as svc.cluster.local)`,
    params: { code: "invalid_format" },
  }),
);

const dnsOptionSchema = objectSchema(() => ({
  /** A resolver option, e.g. `ndots`. */
  name: required(z.string().check(z.minLength(1)), {
    description: "A resolver option, e.g. `ndots`.",
    k8s: NAMES,
  }),
  /** Its value, e.g. `2`. @default unset (an option without a value, e.g. `rotate`) */
  value: option(z.string(), {
    description: "Its value, e.g. `2`.",
    unset: "an option without a value, e.g. `rotate`",
    k8s: NAMES,
  }),
}));

/** Resolver settings added to (or, with `dnsPolicy: "None"`, instead of) those of the DNS policy. */
export const dnsConfigSchema = objectSchema(() => ({
  /** Nameserver IP addresses (at most 3). @default unset (the policy's) */
  nameservers: option(z.array(ipAddress), {
    description: "Nameserver IP addresses (at most 3).",
    unset: "the policy's",
    k8s: NAMES,
  }),
  /** Search domains (at most 32). @default unset (the policy's) */
  searches: option(z.array(searchDomain), {
    description: "Search domains (at most 32).",
    unset: "the policy's",
    k8s: NAMES,
  }),
  /** Resolver options, e.g. `{ name: "ndots", value: "2" }`. @default unset (the policy's) */
  options: option(z.array(dnsOptionSchema()), {
    description: 'Resolver options, e.g. `{ name: "ndots", value: "2" }`.',
    unset: "the policy's",
    k8s: NAMES,
  }),
}));

export const hostAliasSchema = objectSchema(() => ({
  /** The IP address the host names resolve to. */
  ip: required(ipAddress, { description: "The IP address the host names resolve to.", k8s: NAMES }),
  /** Host names written into the pod's `/etc/hosts` for that address. */
  hostnames: required(z.array(dnsSubdomain).check(z.minLength(1)), {
    description: "Host names written into the pod's `/etc/hosts` for that address.",
    k8s: NAMES,
  }),
}));

/** The DNS policy and resolver settings of a pod, as options. */
export type DnsConfigOptions = z.input<ReturnType<typeof dnsConfigSchema>>;
/** An `/etc/hosts` entry of a pod. */
export type HostAliasOptions = z.input<ReturnType<typeof hostAliasSchema>>;

interface DnsConfigLike {
  readonly nameservers?: readonly unknown[] | undefined;
  readonly searches?: readonly unknown[] | undefined;
}

/**
 * The API server's rules across the DNS policy and settings (`at` is where both live): `None` needs settings with
 * a nameserver, at most 3 nameservers, 32 search domains and 2048 characters of search list.
 */
export function dnsRules(
  dnsPolicy: unknown,
  dnsConfig: DnsConfigLike | undefined,
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (dnsPolicy === "None" && (dnsConfig?.nameservers ?? []).length === 0) {
    issues.push({
      path: [...at, ...(dnsConfig === undefined ? ["dnsConfig"] : ["dnsConfig", "nameservers"])],
      code: "required",
      message: 'dnsPolicy "None" takes no DNS settings from the cluster: give at least one nameserver',
    });
  }
  if (dnsConfig === undefined) return issues;
  const nameservers = dnsConfig.nameservers ?? [];
  if (nameservers.length > DNS_LIMITS.nameservers) {
    issues.push({
      path: [...at, "dnsConfig", "nameservers"],
      code: "too_big",
      message: `${nameservers.length} nameservers: a pod may have at most ${DNS_LIMITS.nameservers}`,
    });
  }
  const searches = dnsConfig.searches ?? [];
  if (searches.length > DNS_LIMITS.searches) {
    issues.push({
      path: [...at, "dnsConfig", "searches"],
      code: "too_big",
      message: `${searches.length} search domains: a pod may have at most ${DNS_LIMITS.searches}`,
    });
  }
  // Only the strings count: another value (a patch's `{ toString: false }`) is the structure check's to report.
  const chars = searches.map((d: unknown) => (typeof d === "string" ? d : "")).join(" ").length;
  if (chars > DNS_LIMITS.searchChars) {
    issues.push({
      path: [...at, "dnsConfig", "searches"],
      code: "too_big",
      message: `the search list has ${chars} characters (spaces included): at most ${DNS_LIMITS.searchChars}`,
    });
  }
  return issues;
}

/** The API's `dnsConfig` from the options (the same shape, unset fields left out). */
export function buildDnsConfig(c: z.output<ReturnType<typeof dnsConfigSchema>>): PodDNSConfig {
  return {
    ...(c.nameservers === undefined ? {} : { nameservers: [...c.nameservers] }),
    ...(c.searches === undefined ? {} : { searches: [...c.searches] }),
    ...(c.options === undefined
      ? {}
      : {
          options: c.options.map((o) =>
            o.value === undefined ? { name: o.name } : { name: o.name, value: o.value },
          ),
        }),
  };
}
