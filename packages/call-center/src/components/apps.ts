/**
 * The two applications. call-processor keeps live phone calls, so it gets the long-connection profile:
 * a preStop delay so new calls stop arriving before SIGTERM, a grace period as long as a call may last, an HPA
 * that removes one pod at a time slowly, and a PDB that never takes more than one pod at a time.
 */
import {
  CHECKSUM_ANNOTATION,
  type ContainerOptions,
  configChecksum,
  deployment,
  hpaFor,
  pdbFor,
  serviceFor,
} from "@call-center/k8s-builders";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { HorizontalPodAutoscaler } from "kubernetes-types/autoscaling/v2.js";
import type { Service } from "kubernetes-types/core/v1.js";
import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { common, componentLabels } from "./common.ts";
import type { BaseObjects } from "./config-objects.ts";

export interface AppObjects {
  deployment: Deployment;
  services: Service[];
  hpa?: HorizontalPodAutoscaler;
  pdb?: PodDisruptionBudget;
}

type Probes = CallCenterConfig["adminApi"]["probes"];

function appContainer(
  name: string,
  image: string,
  httpPort: number,
  probes: Probes,
  extra: Partial<ContainerOptions>,
): ContainerOptions {
  return {
    name,
    image,
    envFrom: [{ configMap: NAMES.appConfig }, { secret: NAMES.apiKeys }, { secret: NAMES.jwtSecret }],
    env: {
      DB_USER: { secretKeyRef: { name: NAMES.dbCredentials, key: "username" } },
      DB_PASSWORD: { secretKeyRef: { name: NAMES.dbCredentials, key: "password" } },
      // Each app's own port: app-config is shared by both apps, whose ports may differ.
      HTTP_PORT: String(httpPort),
    },
    livenessProbe: {
      http: { path: probes.liveness.path, port: "http" },
      periodSeconds: probes.liveness.periodSeconds,
    },
    readinessProbe: {
      http: { path: probes.readiness.path, port: "http" },
      periodSeconds: probes.readiness.periodSeconds,
    },
    ...extra,
  };
}

/** The checksum annotation over the config the apps consume. */
function checksum(base: BaseObjects): Record<string, string> {
  const { dbCredentials, apiKeys, jwtSecret } = base.secrets;
  return { [CHECKSUM_ANNOTATION]: configChecksum([base.appConfig, dbCredentials, apiKeys, jwtSecret]) };
}

export function callProcessor(c: CallCenterConfig, base: BaseObjects): AppObjects {
  const cp = c.callProcessor;
  const autoscaled = cp.autoscaling.enabled;
  const d = deployment({
    name: NAMES.callProcessor,
    ...common(c),
    ...componentLabels(c, "callProcessor"),
    ...(autoscaled ? { autoscaled: true } : { replicas: cp.replicas }),
    antiAffinity: "preferred",
    security: { ...cp.securityContext },
    podAnnotations: checksum(base),
    terminationGracePeriodSeconds: cp.shutdown.terminationGracePeriodSeconds,
    containers: [
      appContainer(NAMES.callProcessor, c.images.callProcessor, cp.httpPort, cp.probes, {
        ports: [
          { name: "http", containerPort: cp.httpPort },
          { name: "audiosocket", containerPort: cp.audioSocketPort },
        ],
        resources: cp.resources,
        // Terminating pods leave the Service endpoints at once; the delay lets load balancers notice before SIGTERM.
        lifecycle: { preStop: { sleep: cp.shutdown.preStopDelaySeconds } },
      }),
    ],
  });
  const api = serviceFor(d, { ports: ["http"] });
  const audio = serviceFor(d, {
    name: NAMES.audioSocketService,
    type: cp.audioSocket.type,
    externalTrafficPolicy: cp.audioSocket.externalTrafficPolicy,
    ports: [
      {
        name: "audiosocket",
        ...(cp.audioSocket.nodePort === undefined ? {} : { nodePort: cp.audioSocket.nodePort }),
      },
    ],
    ...(cp.audioSocket.type === "LoadBalancer" && cp.audioSocket.sourceRanges.length > 0
      ? { loadBalancerSourceRanges: cp.audioSocket.sourceRanges }
      : {}),
  });
  const hpa = autoscaled
    ? hpaFor(d, {
        minReplicas: cp.autoscaling.minReplicas,
        maxReplicas: cp.autoscaling.maxReplicas,
        cpuUtilization: cp.autoscaling.cpuUtilization,
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: "Max",
            policies: [{ type: "Percent", value: 100, periodSeconds: 60 }],
          },
          // Removing a pod ends its calls' grace period clock: scale down one pod per 5 minutes after 10 quiet minutes.
          scaleDown: {
            stabilizationWindowSeconds: 600,
            selectPolicy: "Min",
            policies: [{ type: "Pods", value: 1, periodSeconds: 300 }],
          },
        },
      })
    : undefined;
  const pdb = pdbFor(d, { maxUnavailable: cp.disruptionBudget.maxUnavailable });
  return { deployment: d, services: [api, audio], ...(hpa ? { hpa } : {}), pdb };
}

export function adminApi(c: CallCenterConfig, base: BaseObjects): AppObjects {
  const a = c.adminApi;
  const d = deployment({
    name: NAMES.adminApi,
    ...common(c),
    ...componentLabels(c, "adminApi"),
    replicas: a.replicas,
    antiAffinity: "preferred",
    security: { ...a.securityContext },
    podAnnotations: checksum(base),
    containers: [
      appContainer(NAMES.adminApi, c.images.adminApi, a.httpPort, a.probes, {
        ports: [{ name: "http", containerPort: a.httpPort }],
        resources: a.resources,
      }),
    ],
  });
  const pdb =
    a.disruptionBudget.minAvailable > 0
      ? pdbFor(d, { minAvailable: a.disruptionBudget.minAvailable })
      : undefined;
  return { deployment: d, services: [serviceFor(d, { ports: ["http"] })], ...(pdb ? { pdb } : {}) };
}
