import { describe, expect, it } from "vitest";
import { base, database, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import type { Manifest } from "../../base/manifest.ts";
import { ingress } from "../../kinds/ingress.ts";
import { role, roleBinding } from "../../kinds/rbac.ts";
import { secret } from "../../kinds/secret.ts";
import { serviceAccount } from "../../kinds/service-account.ts";

const pod = "spec.template.spec";
const sa = () => serviceAccount({ name: "reader", namespace: NS });
const reader = () =>
  role({ name: "reader", namespace: NS, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] });
const binding = () =>
  roleBinding({
    name: "reader",
    namespace: NS,
    roleRef: { name: "reader" },
    subjects: [{ kind: "ServiceAccount", name: "reader", namespace: NS }],
  });
const site = (name: string, tlsSecret?: string) =>
  ingress({
    name,
    namespace: NS,
    controller: "nginx",
    rules: [{ host: "shop.example.com", paths: [{ path: "/", service: { name: "web", port: "http" } }] }],
    ...(tlsSecret ? { tls: [{ hosts: ["shop.example.com"], secretName: tlsSecret }] } : {}),
  });
// biome-ignore lint/suspicious/noExplicitAny: the rows write shapes the types forbid
const withWeb = (change: (d: any) => void): Manifest[] => {
  const b = base();
  return [b.ns, edit(b.web, change), b.svc];
};

const rows: Row[] = [
  {
    title: "a RoleBinding to a Role that is not in the bundle",
    objects: () => [...base().all, sa(), binding()],
    code: "RBAC_ROLE_MISSING",
    kind: "RoleBinding",
    name: "reader",
    path: "roleRef.name",
  },
  {
    title: "a RoleBinding to a ClusterRole that is neither in the bundle nor built in",
    objects: () => [
      ...base().all,
      sa(),
      edit(binding(), (b) => (b.roleRef = { ...b.roleRef, kind: "ClusterRole", name: "reader" })),
    ],
    code: "RBAC_ROLE_MISSING",
    kind: "RoleBinding",
    name: "reader",
    path: "roleRef.name",
  },
  {
    title: "a RoleBinding to a ServiceAccount that is not in the bundle",
    objects: () => [...base().all, reader(), binding()],
    code: "RBAC_SUBJECT_MISSING",
    kind: "RoleBinding",
    name: "reader",
    path: "subjects[0].name",
  },
  {
    title: "a pod volume naming a PersistentVolumeClaim that is not in the bundle",
    objects: () =>
      withWeb((d) => {
        d.spec.template.spec.volumes.push({ name: "data", persistentVolumeClaim: { claimName: "data" } });
        d.spec.template.spec.containers[0].volumeMounts = [{ name: "data", mountPath: "/data" }];
      }),
    code: "PVC_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${pod}.volumes[1].persistentVolumeClaim.claimName`,
  },
  {
    title: "a mount of a volume the pod does not define",
    objects: () =>
      withWeb((d) => {
        d.spec.template.spec.containers[0].volumeMounts = [{ name: "cache", mountPath: "/cache" }];
      }),
    code: "VOLUME_MOUNT_UNDEFINED",
    kind: "Deployment",
    name: "web",
    path: `${pod}.containers[0].volumeMounts[0].name`,
  },
  {
    title: "an Ingress's TLS Secret of type Opaque",
    objects: () => [
      ...base().all,
      secret({ name: "shop-tls", namespace: NS, stringData: { "tls.crt": "<cert>", "tls.key": "<key>" } }),
      site("shop", "shop-tls"),
    ],
    code: "INGRESS_TLS_SECRET_TYPE",
    kind: "Ingress",
    name: "shop",
    path: "spec.tls[0].secretName",
  },
];

describe("references of hand-written objects", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a complete RBAC set, built-in ClusterRoles, external claims and StatefulSet claim templates", () => {
    expect(findings([...base().all, sa(), reader(), binding()])).toEqual([]);
    const toView = edit(binding(), (b) => (b.roleRef = { ...b.roleRef, kind: "ClusterRole", name: "view" }));
    expect(findings([...base().all, sa(), toView])).toEqual([]);
    const claimed = withWeb((d) => {
      d.spec.template.spec.volumes.push({ name: "data", persistentVolumeClaim: { claimName: "data" } });
    });
    expect(findings(claimed, { external: ["PersistentVolumeClaim/data"] })).toEqual([]);
    const { db, headless } = database();
    const withClaims = edit(db, (s) => {
      s.spec.volumeClaimTemplates = [
        {
          metadata: { name: "pgdata" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      ];
      s.spec.template.spec.containers[0].volumeMounts = [{ name: "pgdata", mountPath: "/var/lib/data" }];
    });
    expect(
      findings([...base().all, withClaims, headless]).filter((f) => f.code === "VOLUME_MOUNT_UNDEFINED"),
    ).toEqual([]);
  });
});
