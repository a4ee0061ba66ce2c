/**
 * One extra call-processor-like service for the scale benchmark: Deployment + Service + HPA + PDB, shaped
 * like call-processor (two named ports, env from a ConfigMap and a Secret key, resources, probes, a preStop
 * delay, anti-affinity, autoscaling). `b` is the builders module, passed in so callers choose when it loads.
 *
 * @param {typeof import("@call-center/k8s-builders")} b
 * @param {string} name
 */
export function serviceGroup(b, name) {
  const d = b.deployment({
    name,
    namespace: "call-center",
    partOf: "call-center",
    component: "worker",
    labels: { environment: "production" },
    autoscaled: true,
    antiAffinity: "preferred",
    terminationGracePeriodSeconds: 120,
    containers: [
      {
        name,
        image: `ghcr.io/call-center/${name}:1.0.0`,
        ports: [
          { name: "http", containerPort: 8080 },
          { name: "metrics", containerPort: 9090 },
        ],
        envFrom: [{ configMap: "call-center-config" }],
        env: {
          SERVICE_NAME: name,
          DB_PASSWORD: { secretKeyRef: { name: "call-center-db", key: "password" } },
        },
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        livenessProbe: { http: { path: "/health", port: "http" }, periodSeconds: 30 },
        readinessProbe: { http: { path: "/health/ready", port: "http" }, periodSeconds: 10 },
        lifecycle: { preStop: { sleep: 15 } },
      },
    ],
  });
  return [
    d,
    b.serviceFor(d, { ports: ["http"] }),
    b.hpaFor(d, {
      minReplicas: 2,
      maxReplicas: 10,
      cpuUtilization: 70,
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 600,
          policies: [{ type: "Pods", value: 1, periodSeconds: 300 }],
        },
      },
    }),
    b.pdbFor(d, { maxUnavailable: 1 }),
  ];
}

/** The name of the i-th extra service (1-based): distinct, sortable, a valid DNS-1035 label. */
export function serviceName(i) {
  return `svc-${String(i).padStart(4, "0")}`;
}
