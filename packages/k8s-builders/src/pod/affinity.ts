/** Spreading replicas: pod anti-affinity and topology-spread constraints over the workload's selector labels. */
import type { Affinity, TopologySpreadConstraint } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { k8sApi, objectSchema, once, option, required } from "../base/options.ts";
import { intAtLeast, labelKey } from "../base/primitives.ts";

const ANTI_AFFINITY = k8sApi("workload-resources/pod-v1", "PodAntiAffinity");
const SPREAD = k8sApi("workload-resources/pod-v1", "scheduling");
const mode = () => z.enum(["preferred", "required"]);

const antiAffinityObject = objectSchema(() => ({
  /** `preferred` spreads when it can; `required` refuses to co-locate two replicas. */
  mode: required(mode(), {
    description: "`preferred` spreads when it can; `required` refuses to co-locate two replicas.",
    k8s: ANTI_AFFINITY,
  }),
  /** The domain to spread over. @default "kubernetes.io/hostname" */
  topologyKey: option(labelKey, {
    description: "The domain to spread over.",
    default: "kubernetes.io/hostname",
    k8s: ANTI_AFFINITY,
  }),
  /** Weight of a preferred rule, 1–100. @default 100 */
  weight: option(z.number().check(z.int(), z.gte(1), z.lte(100)), {
    description: "Weight of a preferred rule, 1–100.",
    default: 100,
    k8s: ANTI_AFFINITY,
  }),
}));

/** Pod anti-affinity: a mode, or a mode with a topology key and weight. */
export const antiAffinitySchema = once(() => z.union([mode(), antiAffinityObject()]));

export const topologySpreadSchema = objectSchema(() => ({
  /** The node label whose values are the domains to spread over. @default "topology.kubernetes.io/zone" */
  topologyKey: option(labelKey, {
    description: "The node label whose values are the domains to spread over.",
    default: "topology.kubernetes.io/zone",
    k8s: SPREAD,
  }),
  /** Largest allowed difference in pod count between two domains. @default 1 */
  maxSkew: option(intAtLeast(1), {
    description: "Largest allowed difference in pod count between two domains.",
    default: 1,
    k8s: SPREAD,
  }),
  /** `ScheduleAnyway` prefers the spread, `DoNotSchedule` requires it. @default "ScheduleAnyway" */
  whenUnsatisfiable: option(z.enum(["ScheduleAnyway", "DoNotSchedule"]), {
    description: "`ScheduleAnyway` prefers the spread, `DoNotSchedule` requires it.",
    default: "ScheduleAnyway",
    k8s: SPREAD,
  }),
}));

/** Pod anti-affinity: a mode, or a mode with a topology key and weight. */
export type AntiAffinityOptions = z.input<ReturnType<typeof antiAffinitySchema>>;
/** A topology-spread constraint over the workload's own pods. */
export type TopologySpreadOptions = z.input<ReturnType<typeof topologySpreadSchema>>;

export function buildAntiAffinity(
  a: z.output<ReturnType<typeof antiAffinitySchema>>,
  selector: Record<string, string>,
): Affinity {
  // The short form is the object with its mode alone: parsed again, it gets the object's defaults.
  const o = typeof a === "string" ? z.parse(antiAffinityObject(), { mode: a }) : a;
  const term = {
    labelSelector: { matchLabels: { ...selector } },
    topologyKey: o.topologyKey,
  };
  return {
    podAntiAffinity:
      o.mode === "required"
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: o.weight, podAffinityTerm: term }],
          },
  };
}

export function buildTopologySpread(
  t: z.output<ReturnType<typeof topologySpreadSchema>>,
  selector: Record<string, string>,
): TopologySpreadConstraint {
  return {
    maxSkew: t.maxSkew,
    topologyKey: t.topologyKey,
    whenUnsatisfiable: t.whenUnsatisfiable,
    labelSelector: { matchLabels: { ...selector } },
  };
}
