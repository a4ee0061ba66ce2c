/**
 * Resources as Kubernetes quantities. They are parsed, so `requests ≤ limits` is checked at build time and
 * `512MB` or a memory of `512m` (millibytes) is refused instead of reaching the cluster.
 */
import type { ResourceRequirements } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { k8sApi, objectSchema, option } from "../base/options.ts";
import { quantity } from "../base/primitives.ts";
import { quantityValue, wholeBytes } from "../base/quantity.ts";
import type { RuleIssue } from "../base/validate.ts";

const RESOURCES = k8sApi("workload-resources/pod-v1", "resources");

const resourceListSchema = objectSchema(() => ({
  /** CPU in cores or millicores, e.g. `250m`. @default unset (none) */
  cpu: option(quantity, {
    description: "CPU in cores or millicores, e.g. `250m`.",
    unset: "none",
    k8s: RESOURCES,
  }),
  /** Memory in bytes with a binary suffix, e.g. `256Mi`. @default unset (none) */
  memory: option(quantity, {
    description: "Memory in bytes with a binary suffix, e.g. `256Mi`.",
    unset: "none",
    k8s: RESOURCES,
  }),
  /** Ephemeral storage, e.g. `1Gi`. @default unset (none) */
  ephemeralStorage: option(quantity, {
    description: "Ephemeral storage, e.g. `1Gi`.",
    unset: "none",
    k8s: RESOURCES,
  }),
}));

/** Requests and limits of a container, as Kubernetes quantities. */
export const resourcesSchema = objectSchema(() => ({
  /** What the scheduler reserves for the container. @default unset (the limits, where given) */
  requests: option(resourceListSchema(), {
    description: "What the scheduler reserves for the container.",
    unset: "the limits, where given",
    k8s: RESOURCES,
  }),
  /**
   * The most the container may use; memory over it is OOM-killed, CPU over it is throttled.
   * @default unset (no limit)
   */
  limits: option(resourceListSchema(), {
    description: "The most the container may use; memory over it is OOM-killed, CPU over it is throttled.",
    unset: "no limit",
    k8s: RESOURCES,
  }),
}));

/** The schema of a container's requests and limits (built on first use). */
export const ResourcesSchema = z.lazy(resourcesSchema);

/** Requests and limits of a container. */
export type ResourcesOptions = z.input<typeof ResourcesSchema>;
type ParsedResources = z.output<typeof ResourcesSchema>;
type ResourceName = "cpu" | "memory" | "ephemeralStorage";
const NAMES: readonly ResourceName[] = ["cpu", "memory", "ephemeralStorage"];
const K8S_NAME: Record<ResourceName, string> = {
  cpu: "cpu",
  memory: "memory",
  ephemeralStorage: "ephemeral-storage",
};

function list(l: ParsedResources["requests"]): Record<string, string> | undefined {
  if (l === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const n of NAMES) {
    const v = l[n];
    if (v !== undefined) out[K8S_NAME[n]] = String(v);
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

export function buildResources(r: ParsedResources): ResourceRequirements {
  const requests = list(r.requests);
  const limits = list(r.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** Requests must not exceed limits; memory must not use the milli suffix. */
export function resourceRules(r: ParsedResources, at: readonly PropertyKey[]): RuleIssue[] {
  const side = (l: ParsedResources["requests"]) =>
    Object.fromEntries(NAMES.flatMap((n) => (l?.[n] === undefined ? [] : [[n, l[n]]])));
  return resourceListRules(side(r.requests), side(r.limits), (s, n) => [...at, s, n]);
}

/**
 * The rules of requests and limits, by resource name (the options' `ephemeralStorage` or the API's
 * `ephemeral-storage`): memory is never in millibytes, and a request never exceeds its limit. `pathOf` says where
 * a value is.
 */
export function resourceListRules(
  requests: Readonly<Record<string, string | number>>,
  limits: Readonly<Record<string, string | number>>,
  pathOf: (side: "requests" | "limits", name: string) => readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  for (const [side, list] of [
    ["requests", requests],
    ["limits", limits],
  ] as const) {
    const mem = list.memory;
    if (typeof mem === "string" && /m$/.test(mem)) {
      issues.push({
        path: pathOf(side, "memory"),
        code: "memory_in_millibytes",
        message: `memory "${mem}" means ${mem.slice(0, -1)} thousandths of a byte: write ${mem.slice(0, -1)}Mi for mebibytes`,
      });
    }
    // Any other fraction of a byte (`0.5`, `0.1Ki`, `1500m` of ephemeral storage): the API server warns.
    for (const name of ["memory", "ephemeral-storage", "ephemeralStorage"]) {
      const q = list[name];
      if (q === undefined || (name === "memory" && typeof q === "string" && /m$/.test(q)) || wholeBytes(q))
        continue;
      issues.push({
        path: pathOf(side, name),
        code: "invalid_format",
        message: `${name} ${JSON.stringify(q)} is not a whole number of bytes (e.g. 512Mi)`,
      });
    }
  }
  for (const [n, req] of Object.entries(requests)) {
    const lim = limits[n];
    if (lim === undefined) continue;
    const a = quantityValue(req);
    const b = quantityValue(lim);
    // Compared with a relative tolerance: `0.1` and `100m` are the same quantity in floating point too.
    if (a !== undefined && b !== undefined && a > b * (1 + 1e-9)) {
      issues.push({
        path: pathOf("requests", n),
        code: "requests_exceed_limits",
        message: `requests.${n} (${req}) is more than limits.${n} (${lim}): a request must not exceed its limit`,
      });
    }
  }
  return issues;
}
