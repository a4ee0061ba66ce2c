/**
 * A newcomer's own service, not the call center: what a team writes on its first day with the library, from the
 * published entry only. It prints the manifests as multi-document YAML, or the findings and exit code 1:
 *
 *   node examples/newcomer-service.ts > invoices.yaml
 *
 * - its Namespace;
 * - a Deployment pulling a private image (`imagePullSecrets`), with a native sidecar (an init container with
 *   `restartPolicy: Always`) that has its own probe;
 * - its Service, derived from the Deployment;
 * - a CronJob that sends the overdue reminders every morning;
 * - an HTTPRoute attached to the Gateway the platform team runs (not part of this bundle);
 * - a cert-manager Certificate for the route's host name, built with `customResource` (the platform's Gateway
 *   reads the Secret it writes through a ReferenceGrant);
 * - `validateBundle` over all of it, which must find nothing.
 */
// First, on its own: one clear line on a Node.js too old for what follows (the check is package.json's engines).
import "../scripts/check-node.cjs";

const {
  cronJob,
  customResource,
  deployment,
  httpRoute,
  namespace: ns,
  serviceFor,
  toYaml,
  validateBundle,
} = await import("@call-center/k8s-builders");

const namespace = "invoices";
const image = "registry.acme.example/invoices/api:3.2.1";

/** The cert-manager Certificate's spec: the fields this service uses, typed by the caller. */
interface CertificateSpec {
  secretName: string;
  dnsNames: string[];
  issuerRef: { group: string; kind: string; name: string };
  privateKey: { algorithm: "ECDSA"; size: 256; rotationPolicy: "Always" };
}

const api = deployment({
  name: "invoices-api",
  namespace,
  component: "api",
  partOf: "invoices",
  version: "3.2.1",
  replicas: 2,
  imagePullSecrets: ["regcred"],
  containers: [
    {
      name: "api",
      image,
      ports: [{ name: "http", containerPort: 8080 }],
      env: { DATABASE_URL: { secretKeyRef: { name: "invoices-db", key: "url" } } },
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      readinessProbe: { http: { path: "/healthz", port: "http" } },
      livenessProbe: { http: { path: "/healthz", port: "http" } },
    },
  ],
  initContainers: [
    {
      name: "otel-agent",
      image: "registry.acme.example/platform/otel-agent:0.9.4",
      restartPolicy: "Always",
      ports: [{ name: "otlp", containerPort: 4317 }],
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" } },
      readinessProbe: { tcp: { port: "otlp" } },
    },
  ],
});

const apiService = serviceFor(api, { ports: ["http"] });

const reminders = cronJob({
  name: "invoices-reminders",
  namespace,
  schedule: "30 6 * * *",
  timeZone: "Europe/Berlin",
  component: "reminders",
  partOf: "invoices",
  imagePullSecrets: ["regcred"],
  containers: [
    {
      name: "reminders",
      image,
      command: ["/app/send-reminders"],
      env: { DATABASE_URL: { secretKeyRef: { name: "invoices-db", key: "url" } } },
      resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    },
  ],
  backoffLimit: 2,
  activeDeadlineSeconds: 1800,
});

const route = httpRoute({
  name: "invoices",
  namespace,
  parentRefs: [{ name: "platform", namespace: "gateway-system", sectionName: "https" }],
  hostnames: ["invoices.acme.example"],
  rules: [
    {
      matches: [{ path: { value: "/" } }],
      backends: [{ service: apiService, port: "http" }],
      timeouts: { request: "30s" },
    },
  ],
});

const certificate = customResource<CertificateSpec>({
  apiVersion: "cert-manager.io/v1",
  kind: "Certificate",
  name: "invoices-tls",
  namespace,
  spec: {
    secretName: "invoices-tls",
    dnsNames: ["invoices.acme.example"],
    issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "letsencrypt" },
    privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
  },
});

const objects = [ns({ name: namespace }), api, apiService, reminders, route, certificate];
const { errors, warnings } = validateBundle(objects, {
  // The platform team runs the Gateway; the Secrets (registry credentials, database URL) are made elsewhere.
  external: ["Gateway/platform"],
  externalSecrets: ["regcred", "invoices-db"],
});
const findings = [...errors, ...warnings];
if (findings.length > 0) {
  for (const f of findings) process.stderr.write(`${f.code}: ${f.message}\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(toYaml(objects));
}
