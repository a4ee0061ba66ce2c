/**
 * The finding codes of the risk checks, in the order they run: secrets in the bundle, NetworkPolicy coverage and
 * reachability, resources and readiness, Pod Security. Part of `FINDING_CODES` (codes.ts).
 */
import type { FindingCodeInfo } from "./finding-code-info.ts";

export const RISK_CODES = {
  SECRET_VALUE_NOT_PLACEHOLDER: {
    severity: "error",
    description:
      "A Secret in the bundle holds a value that is not a placeholder (or a placeholder with a secret in it; the finding names the rule): a real secret would be committed.",
    hint: 'Write a placeholder such as "<db-password>" and set the real value in the cluster (or options.allowSecretValues).',
  },
  SECRET_PLACEHOLDER_APPLIED: {
    severity: "warning",
    description:
      "A bundle meant for kubectl apply contains a Secret holding placeholders: applying it replaces the real values in the cluster with the placeholders.",
    hint: 'Leave the Secret out of what you apply and create it once in the cluster (or from a secrets operator); for a file of templates, pass options.purpose: "template".',
  },
  SECRET_DATA_NOT_BASE64: {
    severity: "error",
    description: "A Secret's data value is not base64: the API refuses it.",
    hint: "Put plain text in stringData, or base64-encode the value in data.",
  },
  CONFIG_MAP_SENSITIVE_KEY: {
    severity: "error",
    description:
      "A ConfigMap key names a secret (password, pass, pwd, token, API key… in any case and spelling): ConfigMaps are not secret.",
    hint: "Move the value to a Secret and reference it with secretKeyRef or envFrom.secretRef.",
  },
  CONFIG_MAP_PRIVATE_KEY: {
    severity: "error",
    description: "A ConfigMap value contains a PEM private key.",
    hint: "Move the key to a Secret (type kubernetes.io/tls for certificates) and mount it from there.",
  },
  CONFIG_MAP_CREDENTIAL_URL: {
    severity: "error",
    description: "A ConfigMap value contains a URL with a user and password (scheme://user:pass@host).",
    hint: "Keep the password in a Secret: compose the URL from $(DB_PASSWORD) in env, or read it from a file.",
  },
  CONFIG_MAP_SECRET_VALUE: {
    severity: "error",
    description:
      "A ConfigMap value contains a secret (a token, a JWT, a password= line…; the finding names the matching rule).",
    hint: "Move the secret to a Secret and mount or reference it from there; keep only non-secret settings in the ConfigMap.",
  },
  LITERAL_CREDENTIAL: {
    severity: "error",
    description:
      "An env value, command or args entry, or an annotation holds a literal credential (its name says it is one, or a secret format matches).",
    hint: "Put the value in a Secret and read it with valueFrom.secretKeyRef (or envFrom.secretRef); in args, use $(VAR) from such an env var.",
  },
  NETWORK_POLICY_NOT_COVERED: {
    severity: "error",
    description: "The bundle has NetworkPolicies but no Ingress policy selects this workload's pods.",
    hint: "Add a policy for the workload, or a default-deny policy (podSelector: {}) in its namespace.",
  },
  NETWORK_EGRESS_NOT_COVERED: {
    severity: "warning",
    description:
      "Other pods of the namespace have their egress restricted, but no Egress policy selects this workload's pods: they may connect anywhere.",
    hint: "Add an egress policy for the workload, or make the namespace's default deny cover egress (podSelector: {}, egress: []).",
  },
  NETWORK_POLICY_SELECTS_NOTHING: {
    severity: "error",
    description:
      "A NetworkPolicy's podSelector matches the pods of no workload in its namespace: it protects nothing.",
    hint: "Use the workload's selector labels (app.kubernetes.io/name + instance) as the podSelector.",
  },
  NETWORK_POLICY_PORT_UNKNOWN: {
    severity: "warning",
    description:
      "An ingress rule of a NetworkPolicy allows a port that none of the pods it selects serves (often a Service port instead of the container port).",
    hint: "Allow the container port (the Service's targetPort) or its name: NetworkPolicies see pod ports, not Service ports.",
  },
  NETWORK_SERVICE_BLOCKED: {
    severity: "error",
    description:
      "A consumer of a Service (a workload whose configuration names it, the ingress controller, or a declared consumer) cannot reach the Service's pods on a target port: a NetworkPolicy blocks it.",
    hint: "Add an egress rule on the consumer's side and an ingress rule on the Service's pods' side, on the container port.",
  },
  NETWORK_DNS_BLOCKED: {
    severity: "error",
    description:
      "Pods whose egress a NetworkPolicy restricts cannot reach the cluster DNS on 53/UDP and 53/TCP: every name lookup fails.",
    hint: "Add a namespace-wide policy allowing egress to kube-dns in kube-system on 53/UDP and 53/TCP.",
  },
  NETWORK_SCRAPE_BLOCKED: {
    severity: "error",
    description:
      "A Prometheus server (options.peers.prometheus) cannot reach a ServiceMonitor, PodMonitor or annotation scrape target: its metrics are silently missing.",
    hint: "Allow ingress from the Prometheus pods to the metrics port (and egress from Prometheus when it is restricted).",
  },
  CONTAINER_NO_LIMITS: {
    severity: "warning",
    description: "A container has no memory limit: one leaking pod can exhaust its node.",
    hint: "Set resources.limits.memory (and requests) for the container.",
  },
  WORKLOAD_NO_READINESS_PROBE: {
    severity: "warning",
    description:
      "A container behind a Service has no readiness probe: it receives traffic before it can serve.",
    hint: "Add a readinessProbe (e.g. HTTP GET on a health path of a named port).",
  },
  POD_SECURITY_ENFORCE_VIOLATION: {
    severity: "error",
    description:
      "A workload's pods are below the Pod Security level its Namespace enforces (at the version it pins with `enforce-version`, else at `latest`, read as Kubernetes 1.35): the cluster refuses to create them.",
    hint: "Restore the secure defaults the report names, or lower the namespace's enforce level deliberately.",
  },
  POD_SECURITY_WARN_VIOLATION: {
    severity: "warning",
    description:
      'A workload\'s pods meet the Pod Security level their Namespace enforces but not the level it warns at (`pod-security.kubernetes.io/warn` at the version `warn-version` pins, else at `latest`, read as Kubernetes 1.35; without a `warn` label, a stricter `enforce` level, as the API server reads the labels): the API server admits them, and `kubectl apply` prints "Warning: would violate PodSecurity …" for the object applied (the Pod, or the Deployment, Job … whose template it is). Pods that fail enforce get POD_SECURITY_ENFORCE_VIOLATION instead.',
    hint: "Restore the secure defaults the message names, or lower the namespace's warn level deliberately.",
  },
} as const satisfies Record<string, FindingCodeInfo>;
