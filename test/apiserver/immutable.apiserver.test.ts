// `immutableChanges` (and so `--diff-against`) against the real API server: for each immutable-field rule, an
// old object is applied for real, then a new one; the server must refuse exactly the changes we report.

import { immutableChanges, type Manifest } from "@call-center/k8s-builders";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { connect, type Json, type K8sObject, refusal, type Server } from "./server.ts";

/** A namespace of this run's own: the objects are created for real, and a rerun on the same server starts clean. */
const RUN = Date.now().toString(36);
const NS = `immutable-changes-${RUN}`;
let server: Server;

beforeAll(async () => {
  server = await connect();
  const r = await server.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  expect(r.status === 201 || r.status === 409, refusal(r)).toBe(true);
  // A PersistentVolumeClaim can grow only where its StorageClass allows expansion.
  const sc = {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    metadata: { name: `expandable-${RUN}` },
    provisioner: "example.com/none",
    allowVolumeExpansion: true,
  };
  const s = await server.apply(sc as K8sObject);
  expect(s.status, refusal(s)).toBeLessThan(300);
});

afterAll(() => server?.close());

const meta = (name: string, extra: Json = {}) => ({ name, namespace: NS, ...extra });
const labels = { "app.kubernetes.io/name": "web", "app.kubernetes.io/instance": "web" };
const container = {
  name: "app",
  image: "registry.example/app:1",
  securityContext: {
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
};
const template = (l: Json = labels, image = "registry.example/app:1") => ({
  metadata: { labels: l },
  spec: { containers: [{ ...container, image }] },
});

function deployment(name: string, selector: Json, l: Json = selector): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(name),
    spec: { selector: { matchLabels: selector }, template: template(l) },
  };
}
function statefulSet(name: string, spec: Json): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(name),
    spec: { serviceName: "web", selector: { matchLabels: labels }, template: template(), ...spec },
  };
}
const claimTemplate = (size: string) => ({
  metadata: { name: "data" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: size } } },
});
function service(name: string, spec: Json): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(name),
    spec: { selector: labels, ports: [{ name: "http", port: 80 }], ...spec },
  };
}
function claim(name: string, spec: Json): K8sObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: meta(name),
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  };
}
const secret = (name: string, extra: Json): K8sObject => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: meta(name),
  ...extra,
});
const configMap = (name: string, extra: Json): K8sObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: meta(name),
  ...extra,
});
const roleBinding = (name: string, role: string): K8sObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: meta(name),
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
  subjects: [{ kind: "ServiceAccount", name: "web", namespace: NS }],
});
function job(name: string, image: string, extra: Json = {}): K8sObject {
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: meta(name),
    spec: { template: { spec: { restartPolicy: "Never", containers: [{ ...container, image }] } }, ...extra },
  };
}

interface Case {
  readonly rule: string;
  readonly before: K8sObject;
  readonly after: K8sObject;
  /** Make the claim Bound (status) after the first apply, as a provisioner would. */
  readonly bind?: boolean;
  /**
   * A known disagreement, with why: the server decides on state a manifest does not hold. The test then
   * requires the opposite outcome, so that a change on either side is noticed.
   */
  readonly disagreement?: string;
}

function workload(kind: "ReplicaSet" | "DaemonSet", name: string, selector: Json): K8sObject {
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: meta(name),
    spec: { selector: { matchLabels: selector }, template: template(selector) },
  };
}
const clusterRoleBinding = (name: string, role: string): K8sObject => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
  subjects: [{ kind: "ServiceAccount", name: "web", namespace: NS }],
});

const other = { ...labels, "app.kubernetes.io/instance": "web-2" };
const CASES: readonly Case[] = [
  { rule: "Deployment selector changes", before: deployment("d1", labels), after: deployment("d1", other) },
  {
    rule: "ReplicaSet selector changes",
    before: workload("ReplicaSet", "rs1", labels),
    after: workload("ReplicaSet", "rs1", other),
  },
  {
    rule: "DaemonSet selector changes",
    before: workload("DaemonSet", "ds1", labels),
    after: workload("DaemonSet", "ds1", other),
  },
  {
    rule: "Deployment template labels change (selector kept)",
    before: deployment("d2", labels),
    after: deployment("d2", labels, { ...labels, "app.kubernetes.io/version": "2" }),
  },
  {
    rule: "StatefulSet serviceName changes",
    before: statefulSet("s1", {}),
    after: statefulSet("s1", { serviceName: "web-headless" }),
  },
  {
    rule: "StatefulSet volumeClaimTemplates change",
    before: statefulSet("s2", { volumeClaimTemplates: [claimTemplate("1Gi")] }),
    after: statefulSet("s2", { volumeClaimTemplates: [claimTemplate("2Gi")] }),
  },
  {
    rule: "StatefulSet podManagementPolicy changes",
    before: statefulSet("s3", {}),
    after: statefulSet("s3", { podManagementPolicy: "Parallel" }),
  },
  {
    rule: "StatefulSet replicas, template and minReadySeconds change",
    before: statefulSet("s4", { replicas: 1 }),
    after: statefulSet("s4", {
      replicas: 3,
      minReadySeconds: 5,
      template: template(labels, "registry.example/app:2"),
    }),
  },
  {
    rule: "Service clusterIP changes",
    before: service("v1", { clusterIP: "10.0.0.50" }),
    after: service("v1", { clusterIP: "10.0.0.51" }),
  },
  {
    rule: "Service goes headless",
    before: service("v2", {}),
    after: service("v2", { clusterIP: "None" }),
  },
  {
    rule: "Service keeps its allocated clusterIP (unset in the new one)",
    before: service("v3", { clusterIP: "10.0.0.60" }),
    after: service("v3", {}),
  },
  {
    rule: "Service ports change",
    before: service("v4", {}),
    after: service("v4", { ports: [{ name: "http", port: 8080 }] }),
  },
  {
    rule: "PersistentVolumeClaim storageClassName changes",
    before: claim("c1", { storageClassName: "a" }),
    after: claim("c1", { storageClassName: "b" }),
  },
  {
    rule: "PersistentVolumeClaim accessModes change",
    before: claim("c2", {}),
    after: claim("c2", { accessModes: ["ReadWriteMany"] }),
  },
  {
    rule: "PersistentVolumeClaim shrinks (bound)",
    before: claim("c3", {
      storageClassName: `expandable-${RUN}`,
      resources: { requests: { storage: "2Gi" } },
    }),
    after: claim("c3", {
      storageClassName: `expandable-${RUN}`,
      resources: { requests: { storage: "1Gi" } },
    }),
    bind: true,
  },
  {
    rule: "PersistentVolumeClaim grows (bound, expandable class)",
    before: claim("c4", { storageClassName: `expandable-${RUN}` }),
    after: claim("c4", {
      storageClassName: `expandable-${RUN}`,
      resources: { requests: { storage: "2Gi" } },
    }),
    bind: true,
  },
  {
    rule: "PersistentVolumeClaim grows (not bound)",
    before: claim("c5", { storageClassName: `expandable-${RUN}` }),
    after: claim("c5", {
      storageClassName: `expandable-${RUN}`,
      resources: { requests: { storage: "2Gi" } },
    }),
    disagreement:
      "the server lets only a Bound claim grow; whether a claim is bound is cluster state, not in the manifests immutableChanges compares",
  },
  {
    rule: "Secret type changes",
    before: secret("x1", { type: "Opaque", stringData: { a: "b" } }),
    after: secret("x1", { type: "example.com/other", stringData: { a: "b" } }),
  },
  {
    rule: "immutable Secret data changes",
    before: secret("x2", { immutable: true, data: { a: "Yg==" } }),
    after: secret("x2", { immutable: true, data: { a: "Yw==" } }),
  },
  {
    rule: "mutable Secret data changes",
    before: secret("x3", { data: { a: "Yg==" } }),
    after: secret("x3", { data: { a: "Yw==" } }),
  },
  {
    rule: "immutable ConfigMap data changes",
    before: configMap("m1", { immutable: true, data: { a: "b" } }),
    after: configMap("m1", { immutable: true, data: { a: "c" } }),
  },
  {
    rule: "immutable ConfigMap becomes mutable",
    before: configMap("m2", { immutable: true, data: { a: "b" } }),
    after: configMap("m2", { immutable: false, data: { a: "b" } }),
  },
  {
    rule: "ConfigMap becomes immutable",
    before: configMap("m3", { data: { a: "b" } }),
    after: configMap("m3", { immutable: true, data: { a: "b" } }),
  },
  {
    rule: "RoleBinding roleRef changes",
    before: roleBinding("r1", "reader"),
    after: roleBinding("r1", "writer"),
  },
  {
    rule: "RoleBinding subjects change",
    before: roleBinding("r2", "reader"),
    after: {
      ...roleBinding("r2", "reader"),
      subjects: [{ kind: "ServiceAccount", name: "api", namespace: NS }],
    },
  },
  {
    rule: "ClusterRoleBinding roleRef changes",
    before: clusterRoleBinding(`k8s-builders-crb1-${RUN}`, "view"),
    after: clusterRoleBinding(`k8s-builders-crb1-${RUN}`, "edit"),
  },
  {
    rule: "Job template changes",
    before: job("j1", "registry.example/app:1"),
    after: job("j1", "registry.example/app:2"),
  },
];

describe("immutableChanges against the real API server: the server refuses exactly the changes we report", () => {
  for (const c of CASES) {
    it(c.rule, async () => {
      // Cluster-wide things (a fixed clusterIP) are freed for a rerun on the same server.
      onTestFinished(async () => {
        await server.delete(c.before);
      });
      const first = await server.apply(c.before);
      expect(first.status, refusal(first)).toBeLessThan(300);
      if (c.bind) {
        const bound = {
          ...first.body,
          status: { phase: "Bound", capacity: (c.before.spec as Json).resources },
        };
        (bound.status as Json).capacity = (
          c.before.spec as { resources: { requests: Json } }
        ).resources.requests;
        const r = await server.call("PUT", `${server.item(c.before)}/status`, bound);
        expect(r.status, refusal(r)).toBe(200);
      }
      const second = await server.apply(c.after);
      const ours = immutableChanges([c.before as Manifest], [c.after as Manifest]);
      const weRefuse = ours.length > 0;
      const serverRefuses = second.status >= 300;
      // The server's message (or our report) explains a failure.
      const why = serverRefuses ? refusal(second) : ours.map((x) => x.message).join("; ") || "(both accept)";
      expect(serverRefuses, why).toBe(c.disagreement === undefined ? weRefuse : !weRefuse);
    });
  }
});
