/** Ingresses: backends that name existing Services and ports, and TLS Secrets that exist somewhere. */
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, num, str, strMap } from "../read.ts";
import { isExternal } from "./references.ts";

export interface Backend {
  readonly service: string;
  readonly port: string | number | undefined;
  readonly at: string;
  /** Path of the port field. */
  readonly portAt: string;
}

function backendAt(backend: unknown, path: string): Backend | undefined {
  const v1 = get(backend, "service");
  if (v1 !== undefined) {
    const name = str(get(v1, "name"));
    if (name === undefined) return undefined;
    const byName = str(get(v1, "port", "name"));
    const byNumber = num(get(v1, "port", "number"));
    return {
      service: name,
      port: byName ?? byNumber,
      at: at(path, "service", "name"),
      portAt: at(path, "service", "port", byName === undefined ? "number" : "name"),
    };
  }
  const legacy = str(get(backend, "serviceName"));
  if (legacy === undefined) return undefined;
  const port = get(backend, "servicePort");
  return {
    service: legacy,
    port: typeof port === "string" || typeof port === "number" ? port : undefined,
    at: at(path, "serviceName"),
    portAt: at(path, "servicePort"),
  };
}

/** The backends of an Ingress (default backend and every rule path), with their paths. */
export function backends(ing: Entry): Backend[] {
  const out: (Backend | undefined)[] = [
    backendAt(get(ing.obj, "spec", "defaultBackend"), "spec.defaultBackend"),
    backendAt(get(ing.obj, "spec", "backend"), "spec.backend"),
  ];
  arr(get(ing.obj, "spec", "rules")).forEach((r, i) => {
    arr(get(r, "http", "paths")).forEach((p, j) => {
      out.push(backendAt(get(p, "backend"), at("spec", "rules", i, "http", "paths", j, "backend")));
    });
  });
  return out.filter((b): b is Backend => b !== undefined);
}

/** The Ingresses of the bundle (networking.k8s.io and the old extensions group). */
export function ingresses(bundle: Bundle): Entry[] {
  return bundle.ofKind("Ingress").filter((e) => e.group === "networking.k8s.io" || e.group === "extensions");
}

/** Each Ingress backend must name a Service of the bundle (same namespace) and one of its ports, by number or name. */
export function ingressBackendsExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const ing of ingresses(bundle)) {
    for (const b of backends(ing)) {
      const svc = bundle.find("Service", ing.ns, b.service, "");
      if (svc === undefined) {
        out.push(
          finding(
            "INGRESS_SERVICE_MISSING",
            ing.ref,
            b.at,
            `backend Service "${b.service}" is not in the bundle's namespace "${ing.ns}"`,
          ),
        );
        continue;
      }
      if (b.port === undefined || get(svc.obj, "spec", "type") === "ExternalName") continue;
      const ports = arr(get(svc.obj, "spec", "ports"));
      const found = ports.some((p) =>
        typeof b.port === "string" ? str(get(p, "name")) === b.port : num(get(p, "port")) === b.port,
      );
      if (found) continue;
      const have = ports.map((p) => `${str(get(p, "name")) ?? "(unnamed)"}=${num(get(p, "port")) ?? "?"}`);
      out.push(
        finding(
          "INGRESS_SERVICE_PORT_MISSING",
          ing.ref,
          b.portAt,
          `backend port ${typeof b.port === "string" ? `"${b.port}"` : b.port} is not a port of Service "${b.service}" (ports: ${have.join(", ") || "none"})`,
        ),
      );
    }
  }
  return out;
}

const CERT_MANAGER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/**
 * A TLS Secret that is not in the bundle must be made outside it: a warning, silenced by `externalSecrets` (or
 * `external`), by a cert-manager Certificate in the bundle writing that Secret, or by the cert-manager annotations
 * on the Ingress (cert-manager then creates it).
 */
export function ingressTlsSecrets(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const ing of ingresses(bundle)) {
    const annotations = strMap(get(ing.obj, "metadata", "annotations"));
    if (CERT_MANAGER_ANNOTATIONS.some((a) => annotations[a] !== undefined)) continue;
    arr(get(ing.obj, "spec", "tls")).forEach((t, i) => {
      const name = str(get(t, "secretName"));
      if (name === undefined || name === "") return;
      if (bundle.find("Secret", ing.ns, name, "") !== undefined) return;
      if (bundle.options.externalSecrets.has(name) || isExternal(bundle, "Secret", name)) return;
      const certificate = bundle
        .ofKind("Certificate", "cert-manager.io")
        .some((c) => c.ns === ing.ns && get(c.obj, "spec", "secretName") === name);
      if (certificate) return;
      out.push(
        finding(
          "INGRESS_TLS_SECRET_EXTERNAL",
          ing.ref,
          at("spec", "tls", i, "secretName"),
          `TLS Secret "${name}" is not in the bundle: it must exist in namespace "${ing.ns}" before the Ingress serves HTTPS`,
        ),
      );
    });
  }
  return out;
}
