/**
 * Who uses a Service. A workload is a consumer of a Service when its configuration names the Service's DNS name:
 *
 * - anywhere in an env value, `command`/`args` entry, or a value of a ConfigMap or Secret of the bundle that the
 *   pod reads (envFrom, configMapKeyRef/secretKeyRef, configMap/secret volumes, projected sources):
 *   `name.namespace`, `name.namespace.svc` or `name.namespace.svc.cluster.local`, optionally with `:port`;
 * - a whole value that is the bare `name` of a Service of the pod's own namespace, `name:port`, or a URL whose
 *   host is the bare name (`http://name:8080/…`) — bare names are not searched for inside longer text;
 * - a port after the name selects that Service port; without one, every port of the Service is needed.
 *
 * Declared consumers (`options.consumers`) and the ingress peer (for every Service an Ingress routes to) are
 * added by the caller. A workload never counts as a consumer of a Service that selects its own pods.
 */
import type { Bundle, Entry, PodSource } from "../context.ts";
import { arr, get, isRec, rec, str } from "../read.ts";

/** A Service a pod names, with the port it names (if any) and where. */
export interface ServiceUse {
  readonly service: Entry;
  /** The port after the name (`:5432`), if any. */
  readonly port: number | undefined;
  /** Where the name was found, e.g. `env DB_HOST` or `ConfigMap "app-config" key DB_HOST`. */
  readonly where: string;
}

const DOTTED = /[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::[0-9]{1,5})?/g;
const BARE = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?::([0-9]{1,5}))?$/;
const URL_HOST =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?::([0-9]{1,5}))?(?:[/?#]|$)/;

interface Text {
  readonly text: string;
  readonly where: string;
}

/** The Services of the bundle by the DNS names that reach them. */
export interface ServiceNames {
  /** `name.ns` → Service (the longer forms are reduced to it). */
  readonly qualified: ReadonlyMap<string, Entry>;
  /** `ns|name` → Service, for bare names. */
  readonly bare: ReadonlyMap<string, Entry>;
}

export function serviceNames(bundle: Bundle): ServiceNames {
  const qualified = new Map<string, Entry>();
  const bare = new Map<string, Entry>();
  for (const svc of bundle.ofKind("Service", "")) {
    if (!qualified.has(`${svc.name}.${svc.ns}`)) qualified.set(`${svc.name}.${svc.ns}`, svc);
    if (!bare.has(`${svc.ns}|${svc.name}`)) bare.set(`${svc.ns}|${svc.name}`, svc);
  }
  return { qualified, bare };
}

function portOf(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** The Services a text names (qualified anywhere; bare only as the whole value or a URL's host). */
export function usesIn(t: Text, ns: string, names: ServiceNames): ServiceUse[] {
  const out: ServiceUse[] = [];
  const value = t.text.trim();
  const bare = BARE.exec(value) ?? URL_HOST.exec(value);
  if (bare !== null) {
    const svc = names.bare.get(`${ns}|${bare[1]}`);
    if (svc !== undefined) out.push({ service: svc, port: portOf(bare[2]), where: t.where });
  }
  if (!t.text.includes(".")) return out;
  for (const m of t.text.toLowerCase().matchAll(DOTTED)) {
    const [hostPart, portPart] = m[0].split(":");
    let host = hostPart ?? "";
    if (host.endsWith(".cluster.local")) host = host.slice(0, -".cluster.local".length);
    if (host.endsWith(".svc")) host = host.slice(0, -".svc".length);
    const svc = names.qualified.get(host);
    if (svc !== undefined) out.push({ service: svc, port: portOf(portPart), where: t.where });
  }
  return out;
}

function dataTexts(e: Entry, keys: readonly string[] | undefined): Text[] {
  const fields = e.kind === "Secret" ? ["stringData", "data"] : ["data"];
  const out: Text[] = [];
  for (const f of fields) {
    const data = rec(e.obj[f]) ?? {};
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== "string" || (keys !== undefined && !keys.includes(k))) continue;
      let text = v;
      if (f === "data" && e.kind === "Secret") {
        try {
          text = atob(v);
        } catch {
          continue;
        }
      }
      out.push({ text, where: `${e.kind} "${e.name}" key ${k}` });
    }
  }
  return out;
}

/** The texts a pod's configuration holds: env values, command, args and the ConfigMap/Secret data it reads. */
export function podTexts(bundle: Bundle, pod: PodSource): Text[] {
  const out: Text[] = [];
  const ns = pod.entry.ns;
  const data = (kind: "ConfigMap" | "Secret", name: unknown, keys?: readonly string[]) => {
    const n = str(name);
    if (n === undefined) return;
    const e = bundle.find(kind, ns, n, "");
    if (e !== undefined) out.push(...dataTexts(e, keys));
  };
  for (const c of pod.containers) {
    for (const env of arr(c.c.env)) {
      const value = str(get(env, "value"));
      if (value !== undefined) out.push({ text: value, where: `env ${str(get(env, "name")) ?? "?"}` });
      const cm = get(env, "valueFrom", "configMapKeyRef");
      if (isRec(cm)) data("ConfigMap", cm.name, [str(cm.key) ?? ""]);
      const sec = get(env, "valueFrom", "secretKeyRef");
      if (isRec(sec)) data("Secret", sec.name, [str(sec.key) ?? ""]);
    }
    for (const e of arr(c.c.envFrom)) {
      data("ConfigMap", get(e, "configMapRef", "name"));
      data("Secret", get(e, "secretRef", "name"));
    }
    for (const field of ["command", "args"] as const) {
      for (const a of arr(c.c[field])) if (typeof a === "string") out.push({ text: a, where: field });
    }
  }
  for (const v of arr(pod.spec.volumes)) {
    data("ConfigMap", get(v, "configMap", "name"));
    data("Secret", get(v, "secret", "secretName"));
    for (const s of arr(get(v, "projected", "sources"))) {
      data("ConfigMap", get(s, "configMap", "name"));
      data("Secret", get(s, "secret", "name"));
    }
  }
  return out;
}

/** The Services a pod's configuration names, each once per port named (first place found). */
export function serviceUses(bundle: Bundle, pod: PodSource, names: ServiceNames): ServiceUse[] {
  const seen = new Set<string>();
  const out: ServiceUse[] = [];
  for (const t of podTexts(bundle, pod)) {
    for (const u of usesIn(t, pod.entry.ns, names)) {
      const key = `${u.service.index}|${u.port ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(u);
    }
  }
  return out;
}
