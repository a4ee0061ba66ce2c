/**
 * The Role rules Prometheus needs for target discovery, in a module of their own: the entry exports the table
 * and loads prometheus() only on its first call (src/lazy/load.ts).
 */

/** What discovery needs, and nothing else: read-only access to Services, their endpoints and pods. */
export const PROMETHEUS_DISCOVERY_RULES: readonly {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}[] = [
  { apiGroups: [""], resources: ["services", "endpoints", "pods"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["get", "list", "watch"] },
];
