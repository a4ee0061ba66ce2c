// Rules of ours: option values the builders refuse although the API server accepts the object they would
// give. Found by forcing refused mutations through to a real API server (fuzz.apiserver.test.ts); each is a
// deliberate extra rule, listed here with why, or a wrong rule, fixed in the builder instead.
// docs/errors.md lists them (the `ours` region, written by `UPDATE_APISERVER_DOCS=1 npm run test:apiserver`).

import type { IssueCode } from "@call-center/k8s-builders";

export interface OurRule {
  /** The issue code the builder reports. */
  readonly code: IssueCode;
  /** Option paths, list indices as `[]`; `*` matches any characters (`*` alone: any path). */
  readonly paths: readonly string[];
  /** Why we refuse what Kubernetes accepts. */
  readonly why: string;
}

const EMPTY_IS_UNSET =
  "Kubernetes reads an empty string as unset (its default); an empty value in the options is almost always a mistake.";
const PROMETHEUS =
  "The ServiceMonitor CRD does not check it, but Prometheus refuses the configuration (or never scrapes): caught at build time instead.";
const DOES_NOTHING = "An object that selects, binds, grants or holds nothing is almost always a mistake.";
const NAMES_AN_OBJECT =
  "It names an object (a GatewayClass, a Gateway, a Secret) whose name is a DNS subdomain: any other value names none, so the Gateway or route would never work; the CRD checks only the length.";
const NO_IP =
  "The Gateway API takes host names, not IP addresses (its specification says so); the CRD's pattern lets an IPv4 address through.";
const HEADER_CASE =
  "HTTP header names are case-insensitive: the same header under two spellings (or in two of set, add and remove) is a mistake whose outcome depends on the implementation; the CRD compares names case-sensitively within one list only.";

export const OURS: readonly OurRule[] = [
  {
    code: "invalid_format",
    paths: ["name", "scaleTargetRef.name", "roleRef.name", "rules[].paths[].service.name"],
    why: "Names are DNS-1123 names for every kind (Services: starting with a letter, as before Kubernetes 1.34), so they work in selectors, DNS and every tool; Kubernetes lets some kinds (PodDisruptionBudget, RBAC) take any path segment.",
  },
  {
    code: "too_big",
    paths: ["name", "roleRef.name"],
    why: "A name is also the value of the `app.kubernetes.io/name` label (at most 63 characters), and RBAC names stay DNS names.",
  },
  {
    code: "invalid_format",
    paths: ["ports[].name"],
    why: "Service port names follow the container port-name grammar (an IANA service name: a letter, at most 15 characters), so one name works on both sides of a targetPort; Kubernetes takes any DNS label for a Service port.",
  },
  {
    code: "invalid_key",
    paths: ["annotations[*]"],
    why: "Annotation keys follow the label-key grammar, with a lowercase prefix; Kubernetes lowercases annotation keys before it checks them.",
  },
  {
    code: "invalid_format",
    paths: ["image", "*ontainers[].image"],
    why: "An image names a tag or a digest, in lowercase, never `:latest`: a deploy is reproducible.",
  },
  {
    code: "invalid_value",
    paths: [
      "sessionAffinity",
      "podManagementPolicy",
      "pvcRetention.whenDeleted",
      "*ontainers[].ports[].protocol",
      "scaleTargetRef.kind",
      "concurrencyPolicy",
    ],
    why: `${EMPTY_IS_UNSET} A HorizontalPodAutoscaler targets only kinds that scale (Deployment, StatefulSet).`,
  },
  {
    code: "invalid_value",
    paths: ["type"],
    why: "A `type` is one Kubernetes knows (for a Secret, or a domain-prefixed one such as `example.com/x`), never empty or a typo such as `opaque`.",
  },
  {
    code: "invalid_format",
    paths: ["priorityClassName", "serviceAccountName", "storageClassName", "ports[].targetPort"],
    why: EMPTY_IS_UNSET,
  },
  {
    code: "required",
    paths: [
      "data",
      "stringData",
      "rules",
      "subjects",
      "selector",
      "podSelector",
      "ingress",
      "port",
      "endpoints[].port",
      "targets[].port",
      "resources",
      "*.resources",
      "*ontainers[].*Probe.http.path",
      "*ontainers[].lifecycle.*.http.path",
      "volumes[].projected.sources",
    ],
    why: `${DOES_NOTHING} Resources are never invented: the stacks take them from the caller; a probe, a lifecycle hook and a scrape target name their port and path; a projected volume names its sources.`,
  },
  {
    code: "too_small",
    paths: ["rules", "rules[].resourceNames", "subjects", "endpoints", "selector", "tls[].hosts", "ports"],
    why: DOES_NOTHING,
  },
  {
    code: "required",
    paths: ["namespace", "subjects[].namespace"],
    why: "Objects name their namespace: applied without one, they land in whatever namespace the kubeconfig points at.",
  },
  {
    code: "invalid_format",
    paths: ["volumes[].*.items[].key"],
    why: "A volume item names a ConfigMap or Secret key: a key no ConfigMap or Secret can have leaves the pod waiting for it forever.",
  },
  {
    code: "invalid_format",
    paths: ["*ontainers[].envFrom[].prefix"],
    why: EMPTY_IS_UNSET,
  },
  {
    code: "conflicting_options",
    paths: ["volumes[].name"],
    why: "A volume named like the emptyDir of a writable path (`tmp` for `/tmp`) would be mounted at that path in place of the emptyDir.",
  },
  {
    code: "too_big",
    paths: ["data"],
    why: "The 1 MiB limit counted with the keys; Kubernetes counts a few bytes less.",
  },
  {
    code: "too_small",
    paths: ["ports[].nodePort"],
    why: "Node ports are checked against the default range (30000–32767) at build time; the API server checks its own range only when it allocates a port (not in a dry run).",
  },
  {
    code: "too_big",
    paths: ["ports[].nodePort"],
    why: "Node ports are checked against the default range (30000–32767) at build time; the API server checks its own range only when it allocates a port (not in a dry run).",
  },
  {
    code: "too_small",
    paths: [
      "*ontainers[].*Probe.periodSeconds",
      "*ontainers[].*Probe.timeoutSeconds",
      "*ontainers[].*Probe.*Threshold",
      "terminationGracePeriodSeconds",
      "tolerations[].tolerationSeconds",
      "ports[].targetPort",
    ],
    why: "Kubernetes reads 0 as unset (its default), and a negative number of seconds as immediate; we refuse both as mistakes.",
  },
  {
    code: "invalid_format",
    paths: ["rules[].paths[].path", "*ontainers[].*Probe.http.path", "*ontainers[].volumeMounts[].mountPath"],
    why: "Paths are absolute paths without characters ingress controllers treat specially (`{}`, a scheme): Kubernetes checks less.",
  },
  {
    code: "invalid_format",
    paths: ["*ontainers[].resources.*", "resources.*", "*.resources.*"],
    why: "A quantity starts with digits: Kubernetes reads a bare exponent such as `e3` as 0.",
  },
  {
    code: "required",
    paths: ["tls[].secretName"],
    why: "TLS without a certificate Secret serves the controller's default certificate, which clients refuse.",
  },
  {
    code: "required",
    paths: ["ingress[].ports[].port", "egress[].ports[].port"],
    why: "A policy port without a port number opens every port of the protocol.",
  },
  {
    code: "invalid_format",
    paths: [
      "jobLabel",
      "interval",
      "endpoints[].port",
      "endpoints[].path",
      "endpoints[].interval",
      "path",
      "*elabelings[].targetLabel",
    ],
    why: PROMETHEUS,
  },
  {
    code: "invalid_value",
    paths: [
      "interval",
      "scheme",
      "endpoints[].interval",
      "endpoints[].scheme",
      "*elabelings[].regex",
      "*elabelings[].action",
    ],
    why: PROMETHEUS,
  },
  { code: "required", paths: ["*elabelings[].targetLabel", "*elabelings[].sourceLabels"], why: PROMETHEUS },
  { code: "timeout_exceeds_interval", paths: ["*"], why: PROMETHEUS },
  { code: "duplicate", paths: ["endpoints[]"], why: PROMETHEUS },
  {
    code: "real_secret_value",
    paths: ["*"],
    why: "No secret is ever written into a manifest: values are placeholders.",
  },
  {
    code: "blocks_drains",
    paths: ["*"],
    why: "A budget that allows no disruption blocks node drains for good.",
  },
  {
    code: "exactly_one",
    paths: ["*"],
    why: "A budget names exactly one of minAvailable and maxUnavailable.",
  },
  {
    code: "duplicate",
    paths: ["subjects[]"],
    why: "The same subject twice is a copy-paste mistake; Kubernetes keeps both.",
  },
  {
    code: "unknown_port",
    paths: ["*"],
    why: "A probe or scrape target on a port the container or Service does not declare is almost always a typo.",
  },
  {
    code: "memory_in_millibytes",
    paths: ["*"],
    why: "`m` means milli: `512m` of memory is half a byte, not 512 MiB.",
  },
  {
    code: "invalid_format",
    paths: ["schedulerName"],
    why: "The API server takes any scheduler name unchecked (an empty one as the default scheduler); a name that is not a DNS subdomain names no scheduler a cluster runs, so the pods would stay Pending.",
  },
  {
    code: "required",
    paths: ["completions"],
    why: "An Indexed Job without completions is one index (the server defaults completions and parallelism to 1 when both are unset): almost always a missing number.",
  },
  {
    code: "invalid_value",
    paths: ["volumes[]"],
    why: "A volume without a source becomes an emptyDir on the server; the options ask for it by name (`emptyDir` or `writablePaths`), so the manifest says what it means.",
  },
  {
    code: "conflicting_options",
    paths: ["*ontainers[].stdinOnce"],
    why: "`stdinOnce` does nothing without `stdin`: almost always a mistake.",
  },
  {
    code: "invalid_value",
    paths: ["rules[].host"],
    why: EMPTY_IS_UNSET,
  },
  {
    code: "invalid_object",
    paths: ["workload"],
    why: "A derivation reads a workload it can derive from (a DaemonSet has no replicas to scale).",
  },
  { code: "invalid_format", paths: ["gatewayClassName", "parentRefs[].name"], why: NAMES_AN_OBJECT },
  {
    code: "invalid_format",
    paths: ["listeners[].tls.certificateRefs[]", "listeners[].tls.certificateRefs[].name"],
    why: NAMES_AN_OBJECT,
  },
  { code: "invalid_value", paths: ["listeners[].hostname", "hostnames[]"], why: NO_IP },
  {
    code: "invalid_value",
    paths: ["listeners[].protocol"],
    why: "A listener speaks HTTP, HTTPS or TLS, the protocols of the standard channel's routes (HTTPRoute, GRPCRoute, TLSRoute); the CRD takes any protocol name (TCP, UDP, an implementation's own).",
  },
  {
    code: "required",
    paths: ["listeners[].tls"],
    why: "An HTTPS listener terminates TLS: without `tls` (its certificates) it serves nothing, which the CRD lets through (it requires `tls` for TLS listeners only).",
  },
  {
    code: "conflicting_options",
    paths: ["listeners[].tls.certificateRefs"],
    why: "With mode Passthrough the backend holds the certificate: certificates named on the listener are never used.",
  },
  {
    code: "invalid_value",
    paths: ["listeners[].allowedRoutes.kinds[]"],
    why: "A listener allows only the route kinds its protocol serves (HTTPRoute and GRPCRoute on HTTP and HTTPS, TLSRoute on TLS): another kind never attaches; the CRD takes any kind name.",
  },
  {
    code: "duplicate",
    paths: ["listeners[].allowedRoutes.kinds[]"],
    why: "The same route kind twice is a copy-paste mistake; the CRD keeps both.",
  },
  {
    code: "too_small",
    paths: ["listeners[].allowedRoutes.kinds", "hostnames"],
    why: `${EMPTY_IS_UNSET} (An empty list of route kinds or host names means every one.)`,
  },
  {
    code: "required",
    paths: ["parentRefs", "rules[].backends"],
    why: `${DOES_NOTHING} A route attached to no Gateway serves nothing; a rule without backends (and without a redirect) answers every request with a 500.`,
  },
  { code: "too_small", paths: ["parentRefs", "rules[].backends"], why: DOES_NOTHING },
  {
    code: "unknown_listener",
    paths: ["*"],
    why: "A route names a listener (by sectionName or port) that the Gateway object given does not have: it would never attach.",
  },
  {
    code: "duplicate",
    paths: ["rules[].name"],
    why: "Rule names are how policies and status name a rule: the same name twice is a copy-paste mistake; the CRD does not check it.",
  },
  {
    code: "duplicate",
    paths: ["rules[].matches[].headers[].name", "rules[].filters[].*HeaderModifier.*"],
    why: HEADER_CASE,
  },
  {
    code: "required",
    paths: ["rules[].filters[].requestHeaderModifier", "rules[].filters[].responseHeaderModifier"],
    why: "A header modifier that sets, adds and removes nothing does nothing: almost always a mistake.",
  },
  {
    code: "too_small",
    paths: ["rules[].filters[].*HeaderModifier.*"],
    why: `${EMPTY_IS_UNSET} (An empty list of headers to set, add or remove does nothing.)`,
  },
  {
    code: "invalid_format",
    paths: ["rules[].filters[].*HeaderModifier.remove[]"],
    why: "A header to remove is a header name (an RFC 7230 token, as the CRD requires of the names to set and add): another value removes nothing; the CRD does not check these.",
  },
  {
    code: "required",
    paths: ["rules[].matches[].path.value"],
    why: "A path match names its path: Kubernetes' default `/` matches every request (leave `path` out for that).",
  },
  {
    code: "too_small",
    paths: ["rules[].matches[].path.value"],
    why: "An empty regular expression matches every path: leave `path` out for that.",
  },
  {
    code: "duplicate",
    paths: ["grafana.name"],
    why: "Grafana named like Prometheus gives two Deployments and two Services of one name: each is valid alone, but applied together the second replaces the first.",
  },
];

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*")}$`);

/** The listed rule of ours a finding (code, option path with `[]` indices) falls under, if any. */
export function isOurs(code: string, path: string): OurRule | undefined {
  return OURS.find((r) => r.code === code && r.paths.some((p) => glob(p).test(path)));
}
