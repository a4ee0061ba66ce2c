/**
 * Fixtures of the networkReachability tests (src/checks/network-reachability*.test.ts): Namespaces, workloads
 * and NetworkPolicies written as plain API objects, and the flows networkReachability allows between them.
 */
import type { Manifest } from "../../src/base/manifest.ts";
import { networkReachability } from "../../src/checks/network-reachability.ts";

export type Labels = Record<string, string>;
type Port = { containerPort: number; name?: string; protocol?: string };

export const ns = (name: string, labels: Labels = {}): Manifest =>
  ({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }) as Manifest;

export const workload = (name: string, namespace: string, labels: Labels, ports: Port[]): Manifest =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "c", image: "x", ports }] } },
    },
  }) as Manifest;

// biome-ignore lint/suspicious/noExplicitAny: policies are written as the API takes them, including odd shapes
export const policy = (name: string, namespace: string, spec: Record<string, any>): Manifest =>
  ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec,
  }) as Manifest;

/** A Service over the pods with `selector`, with `ports` as the API takes them (targetPort by number or name). */
export const service = (
  name: string,
  namespace: string,
  selector: Labels,
  ports: Record<string, unknown>[],
): Manifest =>
  ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace },
    spec: { selector, ports },
  }) as Manifest;

/** `from→to:port/proto` of every allowed flow. */
export function allowed(objects: Manifest[], options = {}): string[] {
  const r = networkReachability(objects, { peers: { dns: false }, ...options });
  return r.flows.map((f) => `${f.from}→${f.to}:${f.port}/${f.protocol}`);
}
