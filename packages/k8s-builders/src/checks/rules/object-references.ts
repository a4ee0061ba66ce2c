/**
 * References that hand-written objects get wrong: RoleBindings to Roles, ClusterRoles and ServiceAccounts, pod
 * volumes to PersistentVolumeClaims, volume mounts to the pod's volumes, and Ingress TLS to Secrets of the TLS
 * type. Each must resolve in the bundle (or be listed in `options.external`).
 */
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, str } from "../read.ts";
import { ingresses } from "./ingress.ts";
import { isExternal } from "./references.ts";

/** ClusterRoles every cluster has (the user-facing defaults and the `system:` ones). */
const BUILT_IN_CLUSTER_ROLES = new Set(["cluster-admin", "admin", "edit", "view"]);

function bindings(bundle: Bundle): Entry[] {
  return [...bundle.ofKind("RoleBinding"), ...bundle.ofKind("ClusterRoleBinding")].filter(
    (e) => e.group === "rbac.authorization.k8s.io",
  );
}

/**
 * A RoleBinding's `roleRef` must name a Role of its namespace or a ClusterRole (of the bundle, built in, or
 * external); a ClusterRoleBinding's a ClusterRole. Kubernetes accepts the binding either way: it grants nothing.
 */
export function roleBindingRolesExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const b of bindings(bundle)) {
    const kind = str(get(b.obj, "roleRef", "kind"));
    const name = str(get(b.obj, "roleRef", "name"));
    if (kind === undefined || name === undefined || name === "") continue;
    if (kind === "ClusterRole" && (BUILT_IN_CLUSTER_ROLES.has(name) || name.startsWith("system:"))) continue;
    if (kind !== "Role" && kind !== "ClusterRole") continue;
    const found =
      kind === "Role"
        ? bundle.find("Role", b.ns, name, "rbac.authorization.k8s.io")
        : bundle.find("ClusterRole", "", name, "rbac.authorization.k8s.io");
    if (found !== undefined || isExternal(bundle, kind, name)) continue;
    out.push(
      finding(
        "RBAC_ROLE_MISSING",
        b.ref,
        "roleRef.name",
        kind === "Role"
          ? `Role "${name}" is not in the bundle's namespace "${b.ns}": the binding grants nothing`
          : `ClusterRole "${name}" is not in the bundle and is not a built-in one: the binding grants nothing`,
      ),
    );
  }
  return out;
}

/**
 * A binding's ServiceAccount subjects must exist: in the bundle (in the subject's namespace, default the
 * binding's), or be listed in `options.external`. Subjects in namespaces the bundle does not use are not checked.
 */
export function roleBindingSubjectsExist(bundle: Bundle): Finding[] {
  const namespaces = new Set(bundle.entries.map((e) => e.ns));
  const out: Finding[] = [];
  for (const b of bindings(bundle)) {
    arr(get(b.obj, "subjects")).forEach((s, i) => {
      if (str(get(s, "kind")) !== "ServiceAccount") return;
      const name = str(get(s, "name"));
      const ns = str(get(s, "namespace")) ?? b.ns;
      if (name === undefined || name === "" || name === "default" || !namespaces.has(ns)) return;
      if (bundle.find("ServiceAccount", ns, name, "") !== undefined) return;
      if (isExternal(bundle, "ServiceAccount", name)) return;
      out.push(
        finding(
          "RBAC_SUBJECT_MISSING",
          b.ref,
          at("subjects", i, "name"),
          `ServiceAccount "${name}" is not in the bundle's namespace "${ns}": the binding grants its rights to no pod of the bundle`,
        ),
      );
    });
  }
  return out;
}

/**
 * A pod volume's `persistentVolumeClaim.claimName` must name a PVC of the bundle in the pod's namespace, or one
 * listed in `options.external` (`claim` or `PersistentVolumeClaim/claim`): otherwise the pod stays Pending.
 */
export function volumeClaimsExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    arr(pod.spec.volumes).forEach((v, i) => {
      const claim = str(get(v, "persistentVolumeClaim", "claimName"));
      if (claim === undefined || claim === "") return;
      if (bundle.find("PersistentVolumeClaim", pod.entry.ns, claim, "") !== undefined) return;
      if (isExternal(bundle, "PersistentVolumeClaim", claim)) return;
      out.push(
        finding(
          "PVC_MISSING",
          pod.entry.ref,
          at(pod.specAt, "volumes", i, "persistentVolumeClaim", "claimName"),
          `PersistentVolumeClaim "${claim}" is not in the bundle's namespace "${pod.entry.ns}": the pods stay Pending until it exists`,
        ),
      );
    });
  }
  return out;
}

/**
 * Each container's `volumeMounts[].name` must be a volume of the pod (or, in a StatefulSet, a
 * `volumeClaimTemplates` name): the API refuses a mount of an undefined volume.
 */
export function volumeMountsDefined(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const names = new Set(
      arr(pod.spec.volumes)
        .map((v) => str(get(v, "name")))
        .filter((n): n is string => n !== undefined),
    );
    if (pod.entry.kind === "StatefulSet") {
      for (const t of arr(get(pod.entry.obj, "spec", "volumeClaimTemplates"))) {
        const n = str(get(t, "metadata", "name"));
        if (n !== undefined) names.add(n);
      }
    }
    for (const c of pod.containers) {
      arr(c.c.volumeMounts).forEach((m, j) => {
        const name = str(get(m, "name"));
        if (name === undefined || names.has(name)) return;
        out.push(
          finding(
            "VOLUME_MOUNT_UNDEFINED",
            pod.entry.ref,
            at(c.at, "volumeMounts", j, "name"),
            `container "${c.name}" mounts volume "${name}", which the pod does not define (volumes: ${[...names].join(", ") || "none"})`,
          ),
        );
      });
    }
  }
  return out;
}

/** An Ingress's TLS Secret that the bundle holds must be of type `kubernetes.io/tls` (keys tls.crt and tls.key). */
export function ingressTlsSecretType(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const ing of ingresses(bundle)) {
    arr(get(ing.obj, "spec", "tls")).forEach((t, i) => {
      const name = str(get(t, "secretName"));
      if (name === undefined || name === "") return;
      const secret = bundle.find("Secret", ing.ns, name, "");
      if (secret === undefined) return;
      const type = str(get(secret.obj, "type")) ?? "Opaque";
      if (type === "kubernetes.io/tls") return;
      out.push(
        finding(
          "INGRESS_TLS_SECRET_TYPE",
          ing.ref,
          at("spec", "tls", i, "secretName"),
          `TLS Secret "${name}" has type "${type}", not "kubernetes.io/tls": the ingress controller ignores it and serves its default certificate`,
        ),
      );
    });
  }
  return out;
}
