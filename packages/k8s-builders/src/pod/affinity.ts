/** Spreading replicas: pod anti-affinity and topology-spread constraints over the workload's selector labels. */
import type { Affinity, TopologySpreadConstraint } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { intAtLeast, labelKey } from "../base/primitives.ts";

export const AntiAffinitySchema = z.union([
  z.enum(["preferred", "required"]),
  z.strictObject({
    /** `preferred` spreads when it can; `required` refuses to co-locate two replicas. */
    mode: z.enum(["preferred", "required"]),
    /** The domain to spread over. @default "kubernetes.io/hostname" */
    topologyKey: z.optional(labelKey),
    /** Weight of a preferred rule, 1–100. @default 100 */
    weight: z.optional(z.number().check(z.int(), z.gte(1), z.lte(100))),
  }),
]);

export const TopologySpreadSchema = z.strictObject({
  /** The node label whose values are the domains to spread over. @default "topology.kubernetes.io/zone" */
  topologyKey: z.optional(labelKey),
  /** Largest allowed difference in pod count between two domains. @default 1 */
  maxSkew: z.optional(intAtLeast(1)),
  /** `ScheduleAnyway` prefers the spread, `DoNotSchedule` requires it. @default "ScheduleAnyway" */
  whenUnsatisfiable: z.optional(z.enum(["ScheduleAnyway", "DoNotSchedule"])),
});

/** Pod anti-affinity: a mode, or a mode with a topology key and weight. */
export type AntiAffinityOptions = z.input<typeof AntiAffinitySchema>;
/** A topology-spread constraint over the workload's own pods. */
export type TopologySpreadOptions = z.input<typeof TopologySpreadSchema>;

export function buildAntiAffinity(
  a: z.output<typeof AntiAffinitySchema>,
  selector: Record<string, string>,
): Affinity {
  const o = typeof a === "string" ? { mode: a } : a;
  const term = {
    labelSelector: { matchLabels: { ...selector } },
    topologyKey: o.topologyKey ?? "kubernetes.io/hostname",
  };
  return {
    podAntiAffinity:
      o.mode === "required"
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: o.weight ?? 100, podAffinityTerm: term },
            ],
          },
  };
}

export function buildTopologySpread(
  t: z.output<typeof TopologySpreadSchema>,
  selector: Record<string, string>,
): TopologySpreadConstraint {
  return {
    maxSkew: t.maxSkew ?? 1,
    topologyKey: t.topologyKey ?? "topology.kubernetes.io/zone",
    whenUnsatisfiable: t.whenUnsatisfiable ?? "ScheduleAnyway",
    labelSelector: { matchLabels: { ...selector } },
  };
}
