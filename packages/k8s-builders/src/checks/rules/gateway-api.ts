/**
 * Gateway API routes (HTTPRoute, GRPCRoute) and Gateways: backends that name existing Services and ports, parents
 * that exist and let the route attach (listener, allowed namespaces and kinds, host names), HTTPRoutes that claim
 * the same requests, and the listeners' certificate Secrets.
 */
import type { Bundle, Entry } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, num, type Rec, rec, str, strMap } from "../read.ts";
import { isExternal } from "./references.ts";

const GROUP = "gateway.networking.k8s.io";
const ROUTE_KINDS = ["HTTPRoute", "GRPCRoute"] as const;
/** The route kinds a listener allows when `allowedRoutes.kinds` is unset. */
const DEFAULT_KINDS: Record<string, readonly string[]> = {
  HTTP: ["HTTPRoute", "GRPCRoute"],
  HTTPS: ["HTTPRoute", "GRPCRoute"],
  TLS: ["TLSRoute"],
  TCP: ["TCPRoute"],
  UDP: ["UDPRoute"],
};

function routes(bundle: Bundle): Entry[] {
  return ROUTE_KINDS.flatMap((k) => bundle.ofKind(k, GROUP)).sort((a, b) => a.index - b.index);
}

interface Listener {
  readonly name: string;
  readonly port: number | undefined;
  readonly protocol: string;
  readonly hostname: string | undefined;
  readonly allowed: Rec | undefined;
  readonly raw: unknown;
  readonly at: string;
}

function listeners(gw: Entry): Listener[] {
  return arr(get(gw.obj, "spec", "listeners")).map((l, i) => ({
    name: str(get(l, "name")) ?? "",
    port: num(get(l, "port")),
    protocol: str(get(l, "protocol")) ?? "",
    hostname: str(get(l, "hostname")),
    allowed: rec(get(l, "allowedRoutes")),
    raw: l,
    at: at("spec", "listeners", i),
  }));
}

/** Whether a listener host name and a route host name have requests in common (either may be a wildcard). */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined || listener === route) return true;
  const lw = listener.startsWith("*.");
  const rw = route.startsWith("*.");
  if (lw && rw)
    return listener.slice(1).endsWith(route.slice(1)) || route.slice(1).endsWith(listener.slice(1));
  if (lw) return route.endsWith(listener.slice(1));
  if (rw) return listener.endsWith(route.slice(1));
  return false;
}

/** Why a listener does not let a route attach, or undefined when it does. */
function refusal(bundle: Bundle, gw: Entry, l: Listener, route: Entry): string | undefined {
  const kinds = arr(get(l.allowed, "kinds"));
  const allowedKinds =
    kinds.length === 0
      ? (DEFAULT_KINDS[l.protocol] ?? [])
      : kinds.filter((k) => (str(get(k, "group")) ?? GROUP) === GROUP).map((k) => str(get(k, "kind")) ?? "");
  if (!allowedKinds.includes(route.kind)) {
    return `listener "${l.name}" allows ${allowedKinds.join(", ") || "no route kind"}, not ${route.kind}`;
  }
  const from = str(get(l.allowed, "namespaces", "from")) ?? "Same";
  if (from === "Same" && route.ns !== gw.ns) {
    return `listener "${l.name}" allows routes of namespace "${gw.ns}" only (allowedRoutes.namespaces.from: Same)`;
  }
  if (from === "Selector") {
    const ns = bundle.find("Namespace", "", route.ns, "");
    const wanted = strMap(get(l.allowed, "namespaces", "selector", "matchLabels"));
    // A namespace made outside the bundle: its labels are unknown here.
    if (ns === undefined) return undefined;
    const labels: Record<string, string> = { ...ns.labels, "kubernetes.io/metadata.name": route.ns };
    const missing = Object.entries(wanted).filter(([k, v]) => labels[k] !== v);
    // matchExpressions are not evaluated here: only matchLabels can refuse.
    if (missing.length > 0) {
      return `listener "${l.name}" allows namespaces labelled ${missing.map(([k, v]) => `${k}=${v}`).join(", ")}, which namespace "${route.ns}" is not`;
    }
  }
  if (from === "None") return `listener "${l.name}" allows no routes`;
  return undefined;
}

interface ParentRef {
  readonly name: string;
  readonly ns: string;
  readonly sectionName: string | undefined;
  readonly port: number | undefined;
  readonly at: string;
}

function parentRefsOf(route: Entry): ParentRef[] {
  const out: ParentRef[] = [];
  arr(get(route.obj, "spec", "parentRefs")).forEach((p, i) => {
    const name = str(get(p, "name"));
    if (name === undefined) return;
    if ((str(get(p, "group")) ?? GROUP) !== GROUP || (str(get(p, "kind")) ?? "Gateway") !== "Gateway") return;
    out.push({
      name,
      ns: str(get(p, "namespace")) ?? route.ns,
      sectionName: str(get(p, "sectionName")),
      port: num(get(p, "port")),
      at: at("spec", "parentRefs", i),
    });
  });
  return out;
}

/** The listeners a parent reference selects (by sectionName and port). */
function selected(ls: readonly Listener[], p: ParentRef): Listener[] {
  return ls.filter(
    (l) =>
      (p.sectionName === undefined || l.name === p.sectionName) &&
      (p.port === undefined || l.port === p.port),
  );
}

/**
 * Each route's Gateways must be in the bundle (or listed in `external` as `Gateway/name`); the listener named by
 * `sectionName`/`port` must exist; a selected listener must allow the route (kind, namespace); and each of the
 * route's host names must be served by one of the listeners it attaches to.
 */
export function routeParentsAttach(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const route of routes(bundle)) {
    const attached: Listener[] = [];
    let unknown = false;
    for (const p of parentRefsOf(route)) {
      const gw = bundle.find("Gateway", p.ns, p.name, GROUP);
      if (gw === undefined) {
        unknown = true;
        if (isExternal(bundle, "Gateway", p.name)) continue;
        out.push(
          finding(
            "ROUTE_GATEWAY_MISSING",
            route.ref,
            at(p.at, "name"),
            `Gateway "${p.ns}/${p.name}" is not in the bundle: the route attaches only if it exists in the cluster`,
          ),
        );
        continue;
      }
      const ls = selected(listeners(gw), p);
      if (ls.length === 0) {
        out.push(
          finding(
            "ROUTE_LISTENER_MISSING",
            route.ref,
            at(p.at, p.sectionName === undefined ? "port" : "sectionName"),
            `Gateway "${gw.ns}/${gw.name}" has no listener ${p.sectionName === undefined ? "" : `"${p.sectionName}" `}${p.port === undefined ? "" : `on port ${p.port}`} (listeners: ${listeners(
              gw,
            )
              .map((l) => `${l.name}:${l.port ?? "?"}`)
              .join(", ")})`.replace(/ +\(/, " ("),
          ),
        );
        continue;
      }
      const reasons = ls.map((l) => refusal(bundle, gw, l, route));
      const allowing = ls.filter((_, i) => reasons[i] === undefined);
      if (allowing.length === 0) {
        out.push(
          finding(
            "ROUTE_NOT_ALLOWED",
            route.ref,
            p.at,
            `Gateway "${gw.ns}/${gw.name}" does not let the route attach: ${reasons.join("; ")}`,
          ),
        );
        continue;
      }
      attached.push(...allowing);
    }
    if (unknown || attached.length === 0) continue;
    arr(get(route.obj, "spec", "hostnames")).forEach((h, i) => {
      const host = str(h);
      if (host === undefined || attached.some((l) => hostnamesIntersect(l.hostname, host))) return;
      out.push(
        finding(
          "ROUTE_HOSTNAME_OUTSIDE_LISTENER",
          route.ref,
          at("spec", "hostnames", i),
          `host name "${host}" is served by none of the listeners the route attaches to (${attached.map((l) => `${l.name}: ${l.hostname ?? "any"}`).join(", ")})`,
        ),
      );
    });
  }
  return out;
}

/** Each route backend that is a Service must be in the bundle (in its namespace) and have the port. */
export function routeBackendsExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const route of routes(bundle)) {
    arr(get(route.obj, "spec", "rules")).forEach((r, i) => {
      arr(get(r, "backendRefs")).forEach((b, j) => {
        if ((str(get(b, "group")) ?? "") !== "" || (str(get(b, "kind")) ?? "Service") !== "Service") return;
        const name = str(get(b, "name"));
        if (name === undefined) return;
        const bAt = at("spec", "rules", i, "backendRefs", j);
        const ns = str(get(b, "namespace")) ?? route.ns;
        const svc = bundle.find("Service", ns, name, "");
        if (svc === undefined) {
          if (isExternal(bundle, "Service", name)) return;
          out.push(
            finding(
              "ROUTE_SERVICE_MISSING",
              route.ref,
              at(bAt, "name"),
              `backend Service "${name}" is not in the bundle's namespace "${ns}"`,
            ),
          );
          return;
        }
        const port = num(get(b, "port"));
        if (port === undefined || get(svc.obj, "spec", "type") === "ExternalName") return;
        const ports = arr(get(svc.obj, "spec", "ports"));
        if (ports.some((p) => num(get(p, "port")) === port)) return;
        out.push(
          finding(
            "ROUTE_SERVICE_PORT_MISSING",
            route.ref,
            at(bAt, "port"),
            `backend port ${port} is not a port of Service "${name}" (ports: ${ports.map((p) => num(get(p, "port")) ?? "?").join(", ") || "none"})`,
          ),
        );
      });
    });
  }
  return out;
}

/** The requests a match claims, as a comparable key (the API's defaults filled in). */
function matchKey(m: unknown): string {
  const path = `${str(get(m, "path", "type")) ?? "PathPrefix"} ${str(get(m, "path", "value")) ?? "/"}`;
  const pairs = (list: unknown, lower: boolean) =>
    arr(list)
      .map((h) => {
        const name = str(get(h, "name")) ?? "";
        return `${lower ? name.toLowerCase() : name}=${str(get(h, "type")) ?? "Exact"}:${str(get(h, "value")) ?? ""}`;
      })
      .sort()
      .join("&");
  return `${path} | ${pairs(get(m, "headers"), true)} | ${pairs(get(m, "queryParams"), false)} | ${str(get(m, "method")) ?? ""}`;
}

/**
 * Two HTTPRoutes on the same Gateway that claim the same host name and match (path, headers, query, method):
 * the Gateway gives the requests to the older route only, which depends on creation order.
 */
export function routeMatchesConflict(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  const claimed = new Map<string, Entry>();
  for (const route of bundle.ofKind("HTTPRoute", GROUP)) {
    const parents = parentRefsOf(route).map((p) => `${p.ns}/${p.name}/${p.sectionName ?? "*"}`);
    const hosts = arr(get(route.obj, "spec", "hostnames")).map((h) => str(h) ?? "");
    const reported = new Set<string>();
    arr(get(route.obj, "spec", "rules")).forEach((r, i) => {
      const matches = arr(get(r, "matches"));
      (matches.length === 0 ? [{}] : matches).forEach((m, j) => {
        for (const parent of parents) {
          for (const host of hosts.length === 0 ? ["*"] : hosts) {
            const key = `${parent} ${host} ${matchKey(m)}`;
            const first = claimed.get(key);
            if (first === undefined) {
              claimed.set(key, route);
              continue;
            }
            if (first === route || reported.has(first.name)) continue;
            reported.add(first.name);
            out.push(
              finding(
                "ROUTE_MATCH_CONFLICT",
                route.ref,
                matches.length === 0 ? at("spec", "rules", i) : at("spec", "rules", i, "matches", j),
                `HTTPRoute "${first.ns}/${first.name}" already routes host ${host === "*" ? "(any)" : host} with the same match (${matchKey(m).split(" | ")[0]}) on Gateway ${parent.split("/").slice(0, 2).join("/")}: only the older route gets the requests`,
              ),
            );
          }
        }
      });
    });
  }
  return out;
}

const CERT_MANAGER_ANNOTATIONS = ["cert-manager.io/cluster-issuer", "cert-manager.io/issuer"];

/**
 * A listener's certificate Secret must be a `kubernetes.io/tls` Secret; one that is not in the bundle must be made
 * outside it (a warning, silenced by `externalSecrets`, a cert-manager Certificate writing it, or the cert-manager
 * annotations on the Gateway).
 */
export function gatewayTlsSecrets(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const gw of bundle.ofKind("Gateway", GROUP)) {
    const annotations = strMap(get(gw.obj, "metadata", "annotations"));
    const byCertManager = CERT_MANAGER_ANNOTATIONS.some((a) => annotations[a] !== undefined);
    for (const l of listeners(gw)) {
      arr(get(l.raw, "tls", "certificateRefs")).forEach((c, i) => {
        if ((str(get(c, "group")) ?? "") !== "" || (str(get(c, "kind")) ?? "Secret") !== "Secret") return;
        const name = str(get(c, "name"));
        if (name === undefined) return;
        const ns = str(get(c, "namespace")) ?? gw.ns;
        const path = at(l.at, "tls", "certificateRefs", i, "name");
        const secret = bundle.find("Secret", ns, name, "");
        if (secret !== undefined) {
          const type = str(get(secret.obj, "type")) ?? "Opaque";
          if (type !== "kubernetes.io/tls") {
            out.push(
              finding(
                "GATEWAY_TLS_SECRET_TYPE",
                gw.ref,
                path,
                `Secret "${ns}/${name}" is of type ${type}, not kubernetes.io/tls: the listener cannot use it`,
              ),
            );
          }
          return;
        }
        if (byCertManager || bundle.options.externalSecrets.has(name) || isExternal(bundle, "Secret", name))
          return;
        const certificate = bundle
          .ofKind("Certificate", "cert-manager.io")
          .some((cert) => cert.ns === ns && get(cert.obj, "spec", "secretName") === name);
        if (certificate) return;
        out.push(
          finding(
            "GATEWAY_TLS_SECRET_EXTERNAL",
            gw.ref,
            path,
            `TLS Secret "${name}" is not in the bundle: it must exist in namespace "${ns}" before listener "${l.name}" serves TLS`,
          ),
        );
      });
    }
  }
  return out;
}
