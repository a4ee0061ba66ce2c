/**
 * References from pods to ConfigMaps, Secrets and ServiceAccounts: each must resolve to an object of the bundle
 * (with the key, when a key is named), unless the reference is optional or the name is listed as external.
 */
import type { Bundle, Entry, PodSource } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { arr, at, get, rec, str } from "../read.ts";

/** True when `options.external` lists the name (`name` or `Kind/name`), or `externalSecrets` does for a Secret. */
export function isExternal(bundle: Bundle, kind: string, name: string): boolean {
  const o = bundle.options;
  return (
    o.external.has(name) ||
    o.external.has(`${kind}/${name}`) ||
    (kind === "Secret" && o.externalSecrets.has(name))
  );
}

/** A pod's reference to a ConfigMap or Secret. */
export interface Reference {
  readonly kind: "ConfigMap" | "Secret";
  readonly name: string;
  /** Path of the field naming the object. */
  readonly at: string;
  readonly optional: boolean;
  /** Keys the reference needs, with the path of each. */
  readonly keys: readonly { readonly key: string; readonly at: string }[];
}

function itemKeys(items: unknown, path: string): { key: string; at: string }[] {
  const out: { key: string; at: string }[] = [];
  arr(items).forEach((item, i) => {
    const key = str(get(item, "key"));
    if (key !== undefined) out.push({ key, at: at(path, i, "key") });
  });
  return out;
}

function source(
  kind: "ConfigMap" | "Secret",
  v: unknown,
  path: string,
  nameField = "name",
): Reference | undefined {
  const r = rec(v);
  const name = str(r?.[nameField]);
  if (r === undefined || name === undefined || name === "") return undefined;
  return {
    kind,
    name,
    at: at(path, nameField),
    optional: r.optional === true,
    keys: itemKeys(r.items, at(path, "items")),
  };
}

function keyRef(kind: "ConfigMap" | "Secret", v: unknown, path: string): Reference | undefined {
  const base = source(kind, v, path);
  const key = str(get(v, "key"));
  return base === undefined
    ? undefined
    : { ...base, keys: key === undefined ? [] : [{ key, at: at(path, "key") }] };
}

/** Every ConfigMap/Secret reference of a pod template (also what `bundleGraph` draws). */
export function referencesOf(pod: PodSource): Reference[] {
  const out: (Reference | undefined)[] = [];
  for (const c of pod.containers) {
    arr(c.c.env).forEach((env, i) => {
      const from = at(c.at, "env", i, "valueFrom");
      out.push(keyRef("ConfigMap", get(env, "valueFrom", "configMapKeyRef"), at(from, "configMapKeyRef")));
      out.push(keyRef("Secret", get(env, "valueFrom", "secretKeyRef"), at(from, "secretKeyRef")));
    });
    arr(c.c.envFrom).forEach((e, i) => {
      out.push(source("ConfigMap", get(e, "configMapRef"), at(c.at, "envFrom", i, "configMapRef")));
      out.push(source("Secret", get(e, "secretRef"), at(c.at, "envFrom", i, "secretRef")));
    });
  }
  arr(pod.spec.volumes).forEach((v, i) => {
    const vAt = at(pod.specAt, "volumes", i);
    out.push(source("ConfigMap", get(v, "configMap"), at(vAt, "configMap")));
    out.push(source("Secret", get(v, "secret"), at(vAt, "secret"), "secretName"));
    arr(get(v, "projected", "sources")).forEach((s, j) => {
      const sAt = at(vAt, "projected", "sources", j);
      out.push(source("ConfigMap", get(s, "configMap"), at(sAt, "configMap")));
      out.push(source("Secret", get(s, "secret"), at(sAt, "secret")));
    });
  });
  return out.filter((r): r is Reference => r !== undefined);
}

function keysOf(e: Entry): Set<string> {
  const fields = e.kind === "Secret" ? ["data", "stringData"] : ["data", "binaryData"];
  return new Set(fields.flatMap((f) => Object.keys(rec(e.obj[f]) ?? {})));
}

/**
 * A pod's ConfigMap and Secret references (env `configMapKeyRef`/`secretKeyRef` with their key, `envFrom`,
 * `configMap`/`secret` volumes and projected sources with their `items` keys) must resolve in the bundle, unless
 * marked `optional` or listed in `external`. A missing object or key keeps the pod from starting.
 */
export function configReferencesResolve(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    for (const ref of referencesOf(pod)) {
      if (ref.optional) continue;
      const target = bundle.find(ref.kind, pod.entry.ns, ref.name, "");
      if (target === undefined) {
        if (isExternal(bundle, ref.kind, ref.name)) continue;
        out.push(
          finding(
            ref.kind === "ConfigMap" ? "CONFIG_MAP_MISSING" : "SECRET_MISSING",
            pod.entry.ref,
            ref.at,
            `${ref.kind} "${ref.name}" is not in the bundle's namespace "${pod.entry.ns}"`,
          ),
        );
        continue;
      }
      const keys = keysOf(target);
      for (const k of ref.keys) {
        if (keys.has(k.key)) continue;
        out.push(
          finding(
            "CONFIG_KEY_MISSING",
            pod.entry.ref,
            k.at,
            `${ref.kind} "${ref.name}" has no key "${k.key}" (keys: ${[...keys].join(", ") || "none"})`,
          ),
        );
      }
    }
  }
  return out;
}

/** A pod's ServiceAccount (other than `default`) must be in the bundle or listed in `external`. */
export function serviceAccountsExist(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const pod of bundle.pods) {
    const field = str(pod.spec.serviceAccountName) !== undefined ? "serviceAccountName" : "serviceAccount";
    const name = str(pod.spec[field]);
    if (name === undefined || name === "" || name === "default") continue;
    if (bundle.find("ServiceAccount", pod.entry.ns, name, "") !== undefined) continue;
    if (isExternal(bundle, "ServiceAccount", name)) continue;
    out.push(
      finding(
        "SERVICE_ACCOUNT_MISSING",
        pod.entry.ref,
        at(pod.specAt, field),
        `ServiceAccount "${name}" is not in the bundle's namespace "${pod.entry.ns}"`,
      ),
    );
  }
  return out;
}
