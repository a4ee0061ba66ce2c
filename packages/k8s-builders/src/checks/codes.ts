/**
 * Every code `validateBundle` can report, with its fixed severity, a one-line description and the usual fix.
 * Callers and tests match on `code`, never on message text; `docs/errors.md` is generated from this table.
 */

import { RISK_CODES } from "./codes-risks.ts";
import type { FindingCodeInfo } from "./finding-code-info.ts";

export type { FindingCodeInfo, FindingSeverity } from "./finding-code-info.ts";

/** The codes of the object, workload, service, scaling, routing, reference, size and API-version checks. */
const STRUCTURE_CODES = {
  INVALID_BUNDLE: {
    severity: "error",
    description: "The bundle is not an array of objects.",
    hint: "Pass the array of Kubernetes objects (e.g. the result of callCenter(config)).",
  },
  INVALID_OBJECT: {
    severity: "error",
    description: "An entry of the bundle is not a Kubernetes object with apiVersion, kind and metadata.name.",
    hint: "Remove the entry or build it with a builder; kubectl apply needs apiVersion, kind and metadata.name.",
  },
  INVALID_OPTION: {
    severity: "warning",
    description: "An option of validateBundle has the wrong type; its default is used instead.",
    hint: "Check the option against ValidateBundleOptions.",
  },
  CHECK_FAILED: {
    severity: "warning",
    description: "A check stopped on an unexpected value; the other checks still ran.",
    hint: "The object has a shape the check did not expect: validate it against the Kubernetes schema.",
  },
  DUPLICATE_OBJECT: {
    severity: "error",
    description:
      "Two objects have the same API group, kind, namespace and name: the second overwrites the first.",
    hint: "Rename one of them, or drop the duplicate.",
  },
  NAMESPACE_NOT_IN_BUNDLE: {
    severity: "warning",
    description:
      "Objects use a namespace and the bundle creates no Namespace at all: it must exist before the apply.",
    hint: "Add the Namespace to the bundle, or list it in options.externalNamespaces if the cluster already has it.",
  },
  NAMESPACE_UNDEFINED: {
    severity: "error",
    description: "An object is in a namespace that the bundle's Namespaces do not define (a typo is likely).",
    hint: "Use one of the bundle's namespaces, add the Namespace, or list it in options.externalNamespaces.",
  },
  WORKLOAD_SELECTOR_MISMATCH: {
    severity: "error",
    description:
      "A workload's spec.selector does not select its own pod template's labels: the API refuses it.",
    hint: "Make spec.selector a subset of spec.template.metadata.labels (selector labels: name + instance).",
  },
  WORKLOAD_SELECTOR_OVERLAP: {
    severity: "error",
    description:
      "A workload's selector also selects another workload's pods: both controllers count and replace the same pods.",
    hint: "Give each workload its own selector labels (app.kubernetes.io/name + instance).",
  },
  PROBE_PORT_UNDECLARED: {
    severity: "error",
    description: "A probe uses a port the container does not declare in its ports.",
    hint: "Declare the port in the container's ports (with a name when the probe uses a name).",
  },
  STATEFULSET_SERVICE_MISSING: {
    severity: "error",
    description:
      "A StatefulSet's serviceName names no Service of the bundle: its pods get no stable DNS names.",
    hint: "Add the headless Service (serviceFor(sts, { headless: true })) or fix spec.serviceName.",
  },
  STATEFULSET_SERVICE_NOT_HEADLESS: {
    severity: "error",
    description: "A StatefulSet's serviceName names a Service that is not headless (clusterIP: None).",
    hint: "Point spec.serviceName at a headless Service; keep the ClusterIP Service for clients.",
  },
  SERVICE_SELECTS_NOTHING: {
    severity: "error",
    description:
      "A Service's selector matches the pods of no workload in its namespace: it has no endpoints.",
    hint: "Derive the Service with serviceFor(workload) so its selector is the workload's selector.",
  },
  SERVICE_TARGET_PORT_UNKNOWN: {
    severity: "error",
    description: "A Service's targetPort is not a container port (by name or number) of the pods it selects.",
    hint: "Use a named container port as targetPort, or declare the port in the containers.",
  },
  SERVICE_PORT_NAME_DUPLICATE: {
    severity: "error",
    description: "Two ports of a Service have the same name: the API refuses it.",
    hint: "Give every port of the Service its own name.",
  },
  SERVICE_EXTERNAL_TRAFFIC_POLICY: {
    severity: "error",
    description:
      "externalTrafficPolicy is set on a Service that is neither NodePort nor LoadBalancer: the API refuses it.",
    hint: "Remove externalTrafficPolicy, or make the Service a NodePort or LoadBalancer.",
  },
  HPA_TARGET_MISSING: {
    severity: "error",
    description:
      "A HorizontalPodAutoscaler's scaleTargetRef names no workload of that kind in its namespace.",
    hint: "Derive the HPA with hpaFor(workload), or fix spec.scaleTargetRef.",
  },
  HPA_TARGET_NOT_SCALABLE: {
    severity: "error",
    description:
      "A HorizontalPodAutoscaler's scaleTargetRef names an object without replicas to scale (a DaemonSet, a Job, a CronJob…): the HPA never scales it.",
    hint: "Scale a Deployment or StatefulSet with hpaFor(workload); a DaemonSet runs one pod per node and follows the nodes, not an HPA.",
  },
  HPA_MIN_ABOVE_MAX: {
    severity: "error",
    description: "An HPA's minReplicas is above its maxReplicas: the API refuses it.",
    hint: "Make minReplicas at most maxReplicas.",
  },
  HPA_MISSING_RESOURCE_REQUEST: {
    severity: "error",
    description:
      "An HPA scales on a resource's utilization but a container of its target has no request for it.",
    hint: "Give every container of the target a request for the resource (utilization is a share of the request).",
  },
  WORKLOAD_REPLICAS_WITH_HPA: {
    severity: "warning",
    description: "A workload sets spec.replicas and an HPA scales it: every apply resets the replica count.",
    hint: "Leave replicas out (deployment({ autoscaled: true })) and set minReplicas on the HPA.",
  },
  PDB_SELECTS_NOTHING: {
    severity: "error",
    description: "A PodDisruptionBudget's selector matches the pods of no workload in its namespace.",
    hint: "Derive the PDB with pdbFor(workload) so its selector is the workload's selector.",
  },
  PDB_OVERLAP: {
    severity: "error",
    description:
      "Two PodDisruptionBudgets select the same pods: the eviction API refuses to evict them, so drains hang.",
    hint: "Keep one PodDisruptionBudget per workload (pdbFor(workload)).",
  },
  PDB_BLOCKS_DRAINS: {
    severity: "error",
    description: "A PodDisruptionBudget allows no disruption at the lowest replica count: node drains hang.",
    hint: "Use maxUnavailable: 1, or a minAvailable below the replicas (or the HPA's minReplicas).",
  },
  INGRESS_SERVICE_MISSING: {
    severity: "error",
    description: "An Ingress backend names a Service that is not in the bundle.",
    hint: "Fix the backend's service name or add the Service.",
  },
  INGRESS_SERVICE_PORT_MISSING: {
    severity: "error",
    description: "An Ingress backend names a port (number or name) that its Service does not have.",
    hint: "Use one of the Service's port names (preferred) or numbers.",
  },
  INGRESS_TLS_SECRET_TYPE: {
    severity: "error",
    description:
      "An Ingress's TLS Secret in the bundle is not of type kubernetes.io/tls: the controller ignores it and serves its default certificate.",
    hint: "Make it a kubernetes.io/tls Secret with tls.crt and tls.key (kubectl create secret tls, or cert-manager).",
  },
  INGRESS_PATH_CONFLICT: {
    severity: "error",
    description:
      "Two Ingresses of one ingress class claim the same host and path: the controller silently serves only one.",
    hint: "Merge the paths into one Ingress, or give one of them another host, path or ingress class.",
  },
  INGRESS_TLS_SECRET_EXTERNAL: {
    severity: "warning",
    description:
      "An Ingress's TLS Secret is not in the bundle: it must be created outside (by hand or cert-manager).",
    hint: "Create it before the apply, list it in options.externalSecrets, or annotate the Ingress for cert-manager.",
  },
  ROUTE_SERVICE_MISSING: {
    severity: "error",
    description: "An HTTPRoute or GRPCRoute backend names a Service that is not in the bundle.",
    hint: "Fix the backend (build it from the Service object), add the Service, or list it in options.external as Service/name.",
  },
  ROUTE_SERVICE_PORT_MISSING: {
    severity: "error",
    description: "An HTTPRoute or GRPCRoute backend names a port number that its Service does not have.",
    hint: "Use one of the Service's ports (httpRoute checks it when given the Service object).",
  },
  ROUTE_GATEWAY_MISSING: {
    severity: "warning",
    description:
      "A route attaches to a Gateway that is not in the bundle: it is accepted only if that Gateway exists in the cluster.",
    hint: "Add the Gateway, fix the parent reference, or list a Gateway the platform team runs in options.external as Gateway/name.",
  },
  ROUTE_LISTENER_MISSING: {
    severity: "error",
    description:
      "A route's parent reference names a listener (sectionName or port) that its Gateway does not have.",
    hint: "Name one of the Gateway's listeners, or leave sectionName and port out.",
  },
  ROUTE_NOT_ALLOWED: {
    severity: "error",
    description:
      "No listener a route attaches to allows it: its kind is not in allowedRoutes.kinds, or its namespace is not allowed (Same, Selector).",
    hint: "Allow the route's namespace and kind on the listener (allowedRoutes), or attach to another listener.",
  },
  ROUTE_HOSTNAME_OUTSIDE_LISTENER: {
    severity: "warning",
    description:
      "A route host name is served by none of the listeners it attaches to: requests for it never reach the route.",
    hint: "Use a host name within the listener's (e.g. a.example.com under *.example.com), or widen the listener's hostname.",
  },
  ROUTE_MATCH_CONFLICT: {
    severity: "warning",
    description:
      "Two HTTPRoutes on one Gateway claim the same host name and match: only the older route gets the requests.",
    hint: "Merge the rules into one route, or make the matches differ (path, headers, host names).",
  },
  GATEWAY_TLS_SECRET_TYPE: {
    severity: "error",
    description: "A Gateway listener's certificate Secret in the bundle is not of type kubernetes.io/tls.",
    hint: "Give the Secret type kubernetes.io/tls with tls.crt and tls.key, or reference the right Secret.",
  },
  GATEWAY_TLS_SECRET_EXTERNAL: {
    severity: "warning",
    description:
      "A Gateway listener's certificate Secret is not in the bundle: it must be created outside (by hand or cert-manager).",
    hint: "Create it before the apply, list it in options.externalSecrets, or have a cert-manager Certificate write it.",
  },
  RBAC_ROLE_MISSING: {
    severity: "error",
    description:
      "A RoleBinding or ClusterRoleBinding names a Role or ClusterRole that is not in the bundle (nor built in): it grants nothing.",
    hint: "Fix roleRef.name, add the Role, or list it in options.external (`ClusterRole/name`) if the cluster has it.",
  },
  RBAC_SUBJECT_MISSING: {
    severity: "error",
    description:
      "A binding's ServiceAccount subject is not in the bundle: its rights go to no pod of the bundle.",
    hint: "Fix the subject's name or namespace, add the ServiceAccount, or list it in options.external.",
  },
  PVC_MISSING: {
    severity: "error",
    description:
      "A pod volume names a PersistentVolumeClaim that is not in the bundle nor external: the pods stay Pending.",
    hint: "Add the PersistentVolumeClaim, fix claimName, or list it in options.external (`PersistentVolumeClaim/name`).",
  },
  VOLUME_MOUNT_UNDEFINED: {
    severity: "error",
    description: "A container mounts a volume the pod does not define: the API refuses the pod template.",
    hint: "Add the volume to the pod's volumes (or the StatefulSet's volumeClaimTemplates), or fix the mount's name.",
  },
  CONFIG_MAP_MISSING: {
    severity: "error",
    description: "A pod references a ConfigMap that is not in the bundle and not marked optional.",
    hint: "Add the ConfigMap, mark the reference optional, or list it in options.external.",
  },
  SECRET_MISSING: {
    severity: "error",
    description: "A pod references a Secret that is not in the bundle and not marked optional.",
    hint: "Add the Secret template, mark the reference optional, or list it in options.external.",
  },
  CONFIG_KEY_MISSING: {
    severity: "error",
    description: "A pod references a key that its ConfigMap or Secret does not have.",
    hint: "Add the key to data/stringData, fix the key name, or mark the reference optional.",
  },
  SERVICE_ACCOUNT_MISSING: {
    severity: "error",
    description:
      "A pod runs as a ServiceAccount that is not in the bundle: the API refuses to create its pods.",
    hint: "Add the ServiceAccount, or list it in options.external if the cluster already has it.",
  },
  SERVICE_MONITOR_SELECTS_NOTHING: {
    severity: "error",
    description: "A ServiceMonitor's selector matches no Service of the bundle in the namespaces it watches.",
    hint: "Derive it with serviceMonitorFor(service) so it selects the Service by its own labels.",
  },
  SERVICE_MONITOR_PORT_MISSING: {
    severity: "error",
    description: "A ServiceMonitor endpoint names a port that none of the selected Services has.",
    hint: "Use the name of a Service port (ServiceMonitors reference Service ports by name).",
  },
  SERVICE_MONITOR_NOT_SELECTED: {
    severity: "error",
    description:
      "A ServiceMonitor lacks a label the Prometheus selects ServiceMonitors by: it is silently ignored.",
    hint: "Add the options.serviceMonitorSelector labels (discoveryLabels) to the ServiceMonitor.",
  },
  OBJECT_TOO_LARGE: {
    severity: "error",
    description: "An object is larger than 1 MiB serialized: the API server (etcd) refuses it.",
    hint: "Split the data over several objects, or mount it from a volume or an image.",
  },
  LAST_APPLIED_TOO_LARGE: {
    severity: "error",
    description:
      "An object is larger than the 262144-byte annotation limit: client-side apply cannot store last-applied-configuration.",
    hint: "Apply with server-side apply (kubectl apply --server-side), or make the object smaller.",
  },
  ANNOTATIONS_TOO_LARGE: {
    severity: "error",
    description:
      "The annotations of an object (or pod template) exceed 262144 bytes in total: the API refuses it.",
    hint: "Move large values out of annotations into a ConfigMap.",
  },
  API_VERSION_REMOVED: {
    severity: "error",
    description: "The apiVersion of an object is no longer served by the target Kubernetes version.",
    hint: "Migrate the object to the replacement apiVersion.",
  },
  API_VERSION_DEPRECATED: {
    severity: "warning",
    description: "The apiVersion of an object is deprecated in the target Kubernetes version (still served).",
    hint: "Migrate the object to the replacement apiVersion before it is removed.",
  },
} as const satisfies Record<string, FindingCodeInfo>;

/** The stable finding codes (SCREAMING_SNAKE_CASE), in the order the checks run. */
export const FINDING_CODES: typeof STRUCTURE_CODES & typeof RISK_CODES = {
  ...STRUCTURE_CODES,
  ...RISK_CODES,
};

/** A stable code of a {@link Finding}. */
export type FindingCode = keyof typeof FINDING_CODES;
