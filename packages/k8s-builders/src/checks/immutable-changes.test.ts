import { describe, expect, expectTypeOf, it } from "vitest";
import { appContainer, base, database, edit, NS } from "../../test/support/checks.ts";
import type { Manifest } from "../base/manifest.ts";
import { configMap } from "../kinds/config-map.ts";
import { deployment } from "../kinds/deployment.ts";
import { roleBinding } from "../kinds/rbac.ts";
import { secret } from "../kinds/secret.ts";
import { serviceFor } from "../kinds/service.ts";
import { statefulSet } from "../kinds/stateful-set.ts";
import { type ImmutableChange, immutableChanges } from "./immutable-changes.ts";

const web = (extra: Partial<Parameters<typeof deployment>[0]> = {}) =>
  deployment({ name: "web", namespace: NS, replicas: 2, containers: [appContainer], ...extra });
const db = (extra: Partial<Parameters<typeof statefulSet>[0]> = {}) =>
  statefulSet({
    name: "db",
    namespace: NS,
    serviceName: "db-headless",
    containers: [{ ...appContainer, name: "db" }],
    volumeClaimTemplates: [{ name: "data", storage: "10Gi" }],
    ...extra,
  });
const claim = (spec: Record<string, unknown>) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "data", namespace: NS },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, ...spec },
});
const job = (image: string) => ({
  apiVersion: "batch/v1",
  kind: "Job",
  metadata: { name: "migrate", namespace: NS },
  spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "migrate", image }] } } },
});
const binding = (role: string) =>
  roleBinding({
    name: "reader",
    namespace: NS,
    roleRef: { name: role },
    subjects: [{ kind: "ServiceAccount", name: "web", namespace: NS }],
  });

interface Row {
  readonly title: string;
  readonly before: Manifest;
  readonly after: Manifest;
  readonly expected: readonly (readonly [kind: string, path: string, before: unknown, after: unknown])[];
}

const rows: Row[] = [
  {
    title: "a Deployment's selector",
    before: web({ instance: "blue" }),
    after: web({ instance: "green" }),
    expected: [["Deployment", 'spec.selector.matchLabels["app.kubernetes.io/instance"]', "blue", "green"]],
  },
  {
    title: "a Deployment's image and replicas (allowed)",
    before: web(),
    after: web({ replicas: 3, containers: [{ ...appContainer, image: "ghcr.io/acme/app:2.0.2" }] }),
    expected: [],
  },
  {
    title: "a DaemonSet's selector",
    before: edit(web({ instance: "blue" }), (d) => {
      d.kind = "DaemonSet";
    }),
    after: edit(web({ instance: "green" }), (d) => {
      d.kind = "DaemonSet";
    }),
    expected: [["DaemonSet", 'spec.selector.matchLabels["app.kubernetes.io/instance"]', "blue", "green"]],
  },
  {
    title: "a StatefulSet's serviceName",
    before: db(),
    after: db({ serviceName: "db" }),
    expected: [["StatefulSet", "spec.serviceName", "db-headless", "db"]],
  },
  {
    title: "a StatefulSet's claim template size",
    before: db(),
    after: db({ volumeClaimTemplates: [{ name: "data", storage: "20Gi" }] }),
    expected: [
      ["StatefulSet", "spec.volumeClaimTemplates[0].spec.resources.requests.storage", "10Gi", "20Gi"],
    ],
  },
  {
    title: "a StatefulSet's added claim template",
    before: db(),
    after: db({
      volumeClaimTemplates: [
        { name: "data", storage: "10Gi" },
        { name: "wal", storage: "1Gi" },
      ],
    }),
    expected: [["StatefulSet", "spec.volumeClaimTemplates", "(array)", "(array)"]],
  },
  {
    title: "a StatefulSet's podManagementPolicy",
    before: db(),
    after: db({ podManagementPolicy: "Parallel" }),
    expected: [["StatefulSet", "spec.podManagementPolicy", "OrderedReady", "Parallel"]],
  },
  {
    title: "a StatefulSet's replicas, template and retention (allowed)",
    before: db({ version: "2" }),
    after: db({
      version: "2",
      replicas: 3,
      pvcRetention: { whenScaled: "Delete" },
      containers: [{ ...appContainer, name: "db", image: "ghcr.io/acme/app:3.0.0" }],
    }),
    expected: [],
  },
  {
    title: "a headless Service made ClusterIP",
    before: database().headless,
    after: serviceFor(database().db, { name: "db-headless" }),
    expected: [["Service", "spec.clusterIP", "None", undefined]],
  },
  {
    title: "a ClusterIP Service made headless",
    before: base().svc,
    after: serviceFor(base().web, { ports: ["http"], headless: true }),
    expected: [["Service", "spec.clusterIP", undefined, "None"]],
  },
  {
    title: "a Service's fixed clusterIP",
    before: edit(base().svc, (s) => {
      s.spec.clusterIP = "10.96.0.10";
    }),
    after: edit(base().svc, (s) => {
      s.spec.clusterIP = "10.96.0.11";
    }),
    expected: [["Service", "spec.clusterIP", "10.96.0.10", "10.96.0.11"]],
  },
  {
    title: "a fixed clusterIP left out (the server keeps it)",
    before: edit(base().svc, (s) => {
      s.spec.clusterIP = "10.96.0.10";
    }),
    after: base().svc,
    expected: [],
  },
  {
    title: "a Service's primary IP family",
    before: edit(base().svc, (s) => {
      s.spec.ipFamilies = ["IPv4"];
    }),
    after: edit(base().svc, (s) => {
      s.spec.ipFamilies = ["IPv6", "IPv4"];
    }),
    expected: [["Service", "spec.ipFamilies[0]", "IPv4", "IPv6"]],
  },
  {
    title: "a second IP family added (allowed)",
    before: edit(base().svc, (s) => {
      s.spec.ipFamilies = ["IPv4"];
    }),
    after: edit(base().svc, (s) => {
      s.spec.ipFamilies = ["IPv4", "IPv6"];
    }),
    expected: [],
  },
  {
    title: "a Service type and port change (allowed)",
    before: base().svc,
    after: serviceFor(base().web, { ports: [{ name: "http", port: 80 }], type: "LoadBalancer" }),
    expected: [],
  },
  {
    title: "a Job's template",
    before: job("ghcr.io/acme/migrate:1"),
    after: job("ghcr.io/acme/migrate:2"),
    expected: [
      ["Job", "spec.template.spec.containers[0].image", "ghcr.io/acme/migrate:1", "ghcr.io/acme/migrate:2"],
    ],
  },
  {
    title: "a shrinking claim",
    before: claim({}),
    after: claim({ resources: { requests: { storage: "5Gi" } } }),
    expected: [["PersistentVolumeClaim", "spec.resources.requests.storage", "10Gi", "5Gi"]],
  },
  {
    title: "a growing claim (allowed)",
    before: claim({}),
    after: claim({ resources: { requests: { storage: "20Gi" } } }),
    expected: [],
  },
  {
    title: "a claim's storage class",
    before: claim({ storageClassName: "standard" }),
    after: claim({ storageClassName: "fast" }),
    expected: [["PersistentVolumeClaim", "spec.storageClassName", "standard", "fast"]],
  },
  {
    title: "a claim's access modes",
    before: claim({}),
    after: claim({ accessModes: ["ReadWriteMany"] }),
    expected: [["PersistentVolumeClaim", "spec.accessModes[0]", "ReadWriteOnce", "ReadWriteMany"]],
  },
  {
    title: "the data of an immutable ConfigMap",
    before: configMap({ name: "settings", namespace: NS, immutable: true, data: { LEVEL: "info" } }),
    after: configMap({ name: "settings", namespace: NS, immutable: true, data: { LEVEL: "debug" } }),
    expected: [["ConfigMap", "data.LEVEL", "info", "debug"]],
  },
  {
    title: "an immutable ConfigMap made mutable",
    before: configMap({ name: "settings", namespace: NS, immutable: true, data: {} }),
    after: configMap({ name: "settings", namespace: NS, data: {} }),
    expected: [["ConfigMap", "immutable", true, undefined]],
  },
  {
    title: "the data of a mutable ConfigMap (allowed)",
    before: configMap({ name: "settings", namespace: NS, data: { LEVEL: "info" } }),
    after: configMap({ name: "settings", namespace: NS, data: { LEVEL: "debug" } }),
    expected: [],
  },
  {
    title: "the data of an immutable Secret",
    before: edit(secret({ name: "db", namespace: NS, stringData: { password: "<a>" } }), (s) => {
      s.immutable = true;
    }),
    after: edit(secret({ name: "db", namespace: NS, stringData: { password: "<b>" } }), (s) => {
      s.immutable = true;
    }),
    expected: [["Secret", "stringData.password", "<a>", "<b>"]],
  },
  {
    title: "a Secret's type",
    before: secret({ name: "tls", namespace: NS, stringData: { "tls.crt": "<crt>", "tls.key": "<key>" } }),
    after: secret({
      name: "tls",
      namespace: NS,
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": "<crt>", "tls.key": "<key>" },
    }),
    expected: [["Secret", "type", "Opaque", "kubernetes.io/tls"]],
  },
  {
    title: "a RoleBinding's roleRef",
    before: binding("reader"),
    after: binding("writer"),
    expected: [["RoleBinding", "roleRef.name", "reader", "writer"]],
  },
  {
    title: "a renamed Deployment (a delete and a create)",
    before: web({ instance: "blue" }),
    after: deployment({ name: "web2", namespace: NS, containers: [appContainer] }),
    expected: [],
  },
  {
    title: "a Deployment moved to another namespace",
    before: web({ instance: "blue" }),
    after: web({ namespace: "other", instance: "green" }),
    expected: [],
  },
  {
    title: "a selector change across versions of the group",
    before: edit(web({ instance: "blue" }), (d) => {
      d.apiVersion = "apps/v1beta2";
    }),
    after: web({ instance: "green" }),
    expected: [["Deployment", 'spec.selector.matchLabels["app.kubernetes.io/instance"]', "blue", "green"]],
  },
];

const shape = (c: ImmutableChange) => [
  c.object.kind,
  c.path,
  Array.isArray(c.before) ? "(array)" : c.before,
  Array.isArray(c.after) ? "(array)" : c.after,
];

describe("immutableChanges", () => {
  it.each(rows)("$title", ({ before, after, expected }) => {
    expect(immutableChanges([before], [after]).map(shape)).toEqual(expected);
  });

  it("says what to do instead", () => {
    const [change] = immutableChanges([db()], [db({ serviceName: "db" })]);
    expect(change).toMatchObject({
      object: { apiVersion: "apps/v1", kind: "StatefulSet", namespace: NS, name: "db" },
      before: "db-headless",
      after: "db",
    });
    expect(change?.message).toBe(
      'StatefulSet "shop/db": spec.serviceName changes from "db-headless" to "db"; a StatefulSet\'s spec.serviceName cannot change ' +
        "(only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, persistentVolumeClaimRetentionPolicy and minReadySeconds can): " +
        "delete and re-create the object (for a workload: kubectl delete --cascade=orphan, then apply)",
    );
  });

  it("compares whole bundles, object by object", () => {
    const before = [base().ns, web({ instance: "blue" }), base().svc, db()];
    const after = [
      base().ns,
      base().svc,
      db({ podManagementPolicy: "Parallel" }),
      web({ instance: "green" }),
    ];
    expect(immutableChanges(before, after).map((c) => `${c.object.kind}/${c.object.name} ${c.path}`)).toEqual(
      [
        "StatefulSet/db spec.podManagementPolicy",
        'Deployment/web spec.selector.matchLabels["app.kubernetes.io/instance"]',
      ],
    );
  });

  it("is typed on manifests", () => {
    expectTypeOf(immutableChanges).returns.toEqualTypeOf<ImmutableChange[]>();
  });

  it.each<[string, unknown, unknown]>([
    ["null inputs", null, undefined],
    ["junk entries", [null, 1, "x", {}], [{ kind: "Service" }, []]],
    [
      "wrong shapes",
      [
        { apiVersion: "v1", kind: "Service", metadata: { name: "a" }, spec: "x" },
        { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "b" }, spec: 5 },
      ],
      [
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "a" },
          spec: { clusterIP: 5, ipFamilies: "x" },
        },
        { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "b" }, spec: [] },
      ],
    ],
  ])("never throws on %s", (_, before, after) => {
    expect(() => immutableChanges(before as Manifest[], after as Manifest[])).not.toThrow();
  });

  it("never throws on cycles", () => {
    const a = structuredClone(web()) as unknown as Manifest & { spec: { selector: Record<string, unknown> } };
    a.spec.selector.self = a;
    const b = structuredClone(a);
    expect(() => immutableChanges([a], [b])).not.toThrow();
  });
});
