// Rules the Kubernetes API server enforces that the OpenAPI schema cannot express (uniqueness, references,
// cross-field rules, name grammars), so that "valid options give a valid object" means `kubectl apply` would
// accept it — the library's promise ("bad options never produce a manifest").
//
// Each rule cites the function of k8s.io/kubernetes pkg/apis/*/validation (or apimachinery) it mirrors. Only
// rules whose outcome is certain are here; what a cluster's admission plugins add (PSA, quotas) is not.
// Quantities are compared exactly (decimal and binary suffixes as rationals), as the API server does.

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Json => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);
export const isDnsSubdomain = (s: string): boolean => s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
export const isDns1035 = (s: string): boolean => s.length <= 63 && DNS1035_LABEL.test(s);
/** path.IsValidPathSegmentName: the names of PodDisruptionBudgets and RBAC objects (checked against a real server). */
export const isPathSegmentName = (s: string): boolean =>
  s !== "" && s !== "." && s !== ".." && !s.includes("/") && !s.includes("%");

/** validation.IsQualifiedName (label keys, annotation keys). */
export function isQualifiedName(s: string): boolean {
  const parts = s.split("/");
  if (parts.length > 2) return false;
  const [prefix, name] = parts.length === 2 ? [parts[0] ?? "", parts[1] ?? ""] : [undefined, parts[0] ?? ""];
  if (prefix !== undefined && (prefix === "" || !isDnsSubdomain(prefix))) return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME.test(name);
}
/** validation.IsValidLabelValue. */
export const isLabelValue = (s: string): boolean => s === "" || (s.length <= 63 && QUALIFIED_NAME.test(s));
/** validation.IsConfigMapKey (also Secret keys). */
export const isConfigMapKey = (s: string): boolean =>
  s.length <= 253 && CONFIG_MAP_KEY.test(s) && s !== "." && s !== ".." && !s.startsWith("..");
/** validation.IsValidPortName. */
export const isPortName = (s: string): boolean =>
  s.length <= 15 && IANA_SVC_NAME.test(s) && /[a-z]/.test(s) && !s.includes("--");

// ------------------------------------------------------------------------------------------------------
// Exact quantities

/** A rational number n/d (d > 0). */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const BINARY: Record<string, bigint> = { Ki: 1n, Mi: 2n, Gi: 3n, Ti: 4n, Pi: 5n, Ei: 6n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** The exact value of a Kubernetes quantity (resource.ParseQuantity), or undefined when it is not one. */
export function quantity(text: string): Rational | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const [, sign, whole = "", frac = "", suffix = ""] = m;
  // resource.ParseQuantity reads no digits as 0 (`e3`, `Mi`, `+`: checked against a real server); only "" fails.
  if (whole === "" && frac === "") return text === "" ? undefined : { n: 0n, d: 1n };
  let n = BigInt(`${whole}${frac}` || "0") * (sign === "-" ? -1n : 1n);
  let d = 10n ** BigInt(frac.length);
  if (suffix in BINARY) n *= 1024n ** (BINARY[suffix] ?? 0n);
  else {
    const exp = suffix in DECIMAL ? (DECIMAL[suffix] ?? 0) : Number(suffix.slice(1));
    if (Math.abs(exp) > 1000) return undefined;
    if (exp >= 0) n *= 10n ** BigInt(exp);
    else d *= 10n ** BigInt(-exp);
  }
  return { n, d };
}
export const compare = (a: Rational, b: Rational): number => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

// ------------------------------------------------------------------------------------------------------
// CIDRs

function ipv4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255))
    return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}
function ipv6(s: string): bigint | undefined {
  // An embedded IPv4 address (`::ffff:192.0.2.1`) counts as the last two groups, as Go's net.ParseIP reads it.
  const last = s.lastIndexOf(":");
  if (s.includes(".")) {
    const v4 = ipv4(s.slice(last + 1));
    if (v4 === undefined) return undefined;
    return ipv6(`${s.slice(0, last + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`);
  }
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.split("::").length > 2) return undefined;
  const [head = "", tail] = s.split("::");
  const h = head === "" ? [] : head.split(":");
  const t = tail === undefined || tail === "" ? [] : tail.split(":");
  if ([...h, ...t].some((g) => g.length === 0 || g.length > 4)) return undefined;
  const missing = 8 - h.length - t.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...h, ...Array<string>(missing).fill("0"), ...t].reduce(
    (acc, g) => (acc << 16n) | BigInt(`0x${g}`),
    0n,
  );
}
/** netutils.ParseCIDRSloppy: address, prefix length and the network, or undefined. */
export function parseCidr(s: string): { bits: number; prefix: number; network: bigint } | undefined {
  const [addr = "", len, extra] = s.split("/");
  if (len === undefined || extra !== undefined || !/^\d{1,3}$/.test(len)) return undefined;
  const v4 = ipv4(addr);
  const ip = v4 ?? ipv6(addr);
  const bits = v4 === undefined ? 128 : 32;
  const prefix = Number(len);
  if (ip === undefined || prefix > bits || (len.length > 1 && len.startsWith("0"))) return undefined;
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  // A network address only: no bits set beyond the prefix (netutils strict parsing; checked against a real server).
  if ((ip & mask) !== ip) return undefined;
  return { bits, prefix, network: ip };
}
const isIp = (s: string): boolean => ipv4(s) !== undefined || ipv6(s) !== undefined;

// ------------------------------------------------------------------------------------------------------
// Rules

/** ValidateObjectMeta: name grammar of the kind, namespace a DNS label, labels and annotations. */
function metaProblems(meta: Json, nameOk: (s: string) => boolean, out: string[]): void {
  const name = str(meta.name);
  if (name === undefined || !nameOk(name))
    out.push(`metadata.name: ${JSON.stringify(meta.name)} is not a valid name`);
  const ns = meta.namespace;
  if (ns !== undefined && (typeof ns !== "string" || !isDnsLabel(ns))) {
    out.push(`metadata.namespace: ${JSON.stringify(ns)} is not a DNS-1123 label`);
  }
  labelProblems(meta.labels, "metadata.labels", out);
  let size = 0;
  for (const [k, v] of Object.entries(obj(meta.annotations))) {
    // ValidateAnnotations lowercases the key first (checked against a real server).
    if (!isQualifiedName(k.toLowerCase()))
      out.push(`metadata.annotations: key ${JSON.stringify(k)} is not a qualified name`);
    size += k.length + String(v).length;
  }
  if (size > 256 * 1024) out.push("metadata.annotations: total size over 256 KiB");
}

function labelProblems(labels: unknown, at: string, out: string[]): void {
  for (const [k, v] of Object.entries(obj(labels))) {
    if (!isQualifiedName(k)) out.push(`${at}: key ${JSON.stringify(k)} is not a qualified name`);
    if (typeof v !== "string" || !isLabelValue(v))
      out.push(`${at}[${JSON.stringify(k)}]: ${JSON.stringify(v)} is not a label value`);
  }
}

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

/** ValidateResourceRequirements: non-negative values, requests ≤ limits. */
function resourceProblems(res: Json, at: string, out: string[]): void {
  const parsed: Record<"requests" | "limits", Record<string, Rational>> = { requests: {}, limits: {} };
  for (const side of ["requests", "limits"] as const) {
    for (const [name, v] of Object.entries(obj(res[side]))) {
      const q = typeof v === "string" ? quantity(v) : undefined;
      if (q === undefined) out.push(`${at}.${side}.${name}: ${JSON.stringify(v)} is not a quantity`);
      else if (q.n < 0n) out.push(`${at}.${side}.${name}: ${v} is negative`);
      else parsed[side][name] = q;
    }
  }
  for (const [name, req] of Object.entries(parsed.requests)) {
    const lim = parsed.limits[name];
    if (lim !== undefined && compare(req, lim) > 0) out.push(`${at}.requests.${name}: more than the limit`);
  }
}

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const FIELD_PATH =
  /^(metadata\.(name|namespace|uid)|metadata\.(labels|annotations)\['[^']+'\]|spec\.(nodeName|serviceAccountName)|status\.(hostIP|hostIPs|podIP|podIPs))$/;
const relativeNoBacksteps = (p: string) => p !== "" && !p.startsWith("/") && !p.split("/").includes("..");

function keyToPathProblems(items: unknown, at: string, out: string[]): void {
  for (const [j, item] of arr(items).entries()) {
    const it = obj(item);
    const key = str(it.key) ?? "";
    const path = str(it.path) ?? "";
    // The server only requires a key here (validateKeyToPath); a key no ConfigMap can hold is a rule of ours.
    if (key === "") out.push(`${at}.items[${j}].key: required`);
    if (!relativeNoBacksteps(path))
      out.push(`${at}.items[${j}].path: ${JSON.stringify(path)} must be relative without '..'`);
  }
}

/** ValidatePodSpec (the parts a builder can get wrong). `claims`: StatefulSet claim names, mountable too. */
function podSpecProblems(spec: Json, at: string, claims: readonly string[], out: string[]): void {
  const init = arr(spec.initContainers).map(obj);
  const main = arr(spec.containers).map(obj);
  const volumes = arr(spec.volumes).map(obj);
  const volumeNames = volumes.map((v) => str(v.name) ?? "");
  for (const d of duplicates(volumeNames)) out.push(`${at}.volumes: duplicate name ${JSON.stringify(d)}`);
  for (const [i, v] of volumes.entries()) {
    const name = volumeNames[i] ?? "";
    if (!isDnsLabel(name))
      out.push(`${at}.volumes[${i}].name: ${JSON.stringify(name)} is not a DNS-1123 label`);
    for (const src of ["configMap", "secret"] as const) {
      if (isObj(v[src])) keyToPathProblems(v[src].items, `${at}.volumes[${i}].${src}`, out);
    }
    for (const [j, s] of arr(obj(v.projected).sources).entries()) {
      const srcs = ["configMap", "secret", "downwardAPI"].filter((k) => isObj(obj(s)[k]));
      if (srcs.length !== 1)
        out.push(`${at}.volumes[${i}].projected.sources[${j}]: expected exactly one source`);
      for (const k of srcs.filter((x) => x !== "downwardAPI")) {
        const src = obj(obj(s)[k]);
        if (!isDnsSubdomain(str(src.name) ?? ""))
          out.push(`${at}.volumes[${i}].projected.sources[${j}].${k}.name: invalid`);
        keyToPathProblems(src.items, `${at}.volumes[${i}].projected.sources[${j}].${k}`, out);
      }
    }
  }
  const mountable = new Set([...volumeNames, ...claims]);
  const grace =
    typeof spec.terminationGracePeriodSeconds === "number" ? spec.terminationGracePeriodSeconds : 30;
  const names = [...init, ...main].map((c) => str(c.name) ?? "");
  for (const d of duplicates(names)) out.push(`${at}: duplicate container name ${JSON.stringify(d)}`);
  for (const [group, list] of [
    ["initContainers", init],
    ["containers", main],
  ] as const) {
    for (const [i, c] of list.entries()) {
      const cat = `${at}.${group}[${i}]`;
      if (!isDnsLabel(str(c.name) ?? "")) out.push(`${cat}.name: not a DNS-1123 label`);
      const mounts = arr(c.volumeMounts).map(obj);
      for (const [j, m] of mounts.entries()) {
        if (!mountable.has(str(m.name) ?? ""))
          out.push(`${cat}.volumeMounts[${j}].name: no volume ${JSON.stringify(m.name)}`);
        const sub = m.subPath;
        if (typeof sub === "string" && sub !== "" && !relativeNoBacksteps(sub)) {
          out.push(`${cat}.volumeMounts[${j}].subPath: ${JSON.stringify(sub)} must be relative without '..'`);
        }
      }
      for (const d of duplicates(mounts.map((m) => str(m.mountPath) ?? ""))) {
        out.push(`${cat}.volumeMounts: mountPath ${JSON.stringify(d)} must be unique`);
      }
      const portNames = arr(c.ports)
        .map((p) => str(obj(p).name))
        .filter((n): n is string => n !== undefined);
      for (const n of portNames)
        if (!isPortName(n)) out.push(`${cat}.ports: ${JSON.stringify(n)} is not a port name`);
      for (const d of duplicates(portNames)) out.push(`${cat}.ports: duplicate name ${JSON.stringify(d)}`);
      if (isObj(c.resources)) resourceProblems(c.resources, `${cat}.resources`, out);
      if (group === "initContainers" && c.restartPolicy !== "Always") {
        for (const k of ["lifecycle", ...PROBES])
          if (k in c)
            out.push(`${cat}.${k}: may not be set for init containers without restartPolicy=Always`);
      }
      if (c.restartPolicy !== undefined && (group !== "initContainers" || c.restartPolicy !== "Always"))
        out.push(`${cat}.restartPolicy: only "Always", on init containers`);
      for (const k of ["livenessProbe", "startupProbe"] as const) {
        const st = obj(c[k]).successThreshold;
        // 0 is unset (defaulted to 1) for the server.
        if (st !== undefined && st !== 0 && st !== 1) out.push(`${cat}.${k}.successThreshold: must be 1`);
      }
      // validateExecAction: an exec handler runs a command.
      for (const [k, h] of [
        ...PROBES.map((p) => [p, c[p]] as const),
        ...(["preStop", "postStart"] as const).map((k) => [`lifecycle.${k}`, obj(c.lifecycle)[k]] as const),
      ]) {
        const exec = obj(h).exec;
        if (exec !== undefined && arr(obj(exec).command).length === 0)
          out.push(`${cat}.${k}.exec.command: Required value`);
      }
      for (const hook of ["preStop", "postStart"] as const) {
        const sleep = obj(obj(obj(c.lifecycle)[hook]).sleep).seconds;
        if (typeof sleep === "number" && sleep > grace) {
          out.push(
            `${cat}.lifecycle.${hook}.sleep.seconds: more than terminationGracePeriodSeconds (${grace})`,
          );
        }
      }
      for (const [j, e] of arr(c.env).entries()) {
        const ref = obj(obj(obj(e).valueFrom).resourceFieldRef);
        if (ref.resource !== undefined) {
          const r = String(ref.resource);
          if (!/^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.test(r))
            out.push(`${cat}.env[${j}].valueFrom.resourceFieldRef.resource: ${r}`);
          const units = r.endsWith(".cpu")
            ? ["1", "1m"]
            : ["1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"];
          if (ref.divisor !== undefined && !units.includes(String(ref.divisor)))
            out.push(`${cat}.env[${j}].valueFrom.resourceFieldRef.divisor: ${String(ref.divisor)}`);
        }
        const fieldPath = obj(obj(obj(e).valueFrom).fieldRef).fieldPath;
        if (fieldPath !== undefined && !FIELD_PATH.test(String(fieldPath))) {
          out.push(
            `${cat}.env[${j}].valueFrom.fieldRef.fieldPath: ${JSON.stringify(fieldPath)} is not supported`,
          );
        }
      }
      const sc = obj(c.securityContext);
      if (sc.allowPrivilegeEscalation === false && arr(obj(sc.capabilities).add).includes("CAP_SYS_ADMIN")) {
        out.push(`${cat}.securityContext: allowPrivilegeEscalation false with CAP_SYS_ADMIN`);
      }
    }
  }
  const pairs = arr(spec.topologySpreadConstraints).map(
    (t) => `${obj(t).topologyKey}|${obj(t).whenUnsatisfiable}`,
  );
  for (const d of duplicates(pairs)) out.push(`${at}.topologySpreadConstraints: duplicate ${d}`);
  for (const [i, t] of arr(spec.tolerations).map(obj).entries()) {
    const ta = `${at}.tolerations[${i}]`;
    const key = str(t.key) ?? "";
    const op = str(t.operator) ?? "Equal";
    if (key === "" && op !== "Exists") out.push(`${ta}.operator: must be Exists when key is empty`);
    if (key !== "" && !isQualifiedName(key)) out.push(`${ta}.key: not a qualified name`);
    if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute")
      out.push(`${ta}.effect: must be NoExecute with tolerationSeconds`);
    if (op === "Exists" && (str(t.value) ?? "") !== "")
      out.push(`${ta}.value: must be empty with operator Exists`);
    if (op === "Equal" && !isLabelValue(str(t.value) ?? "")) out.push(`${ta}.value: not a label value`);
  }
  labelProblems(spec.nodeSelector, `${at}.nodeSelector`, out);
  // validatePodDNSConfig, ValidateHostAliases
  const dns = obj(spec.dnsConfig);
  const nameservers = arr(dns.nameservers);
  if (spec.dnsPolicy === "None" && nameservers.length === 0)
    out.push(`${at}.dnsConfig: None needs a nameserver`);
  if (nameservers.length > 3) out.push(`${at}.dnsConfig.nameservers: more than 3`);
  for (const ns of nameservers) if (!isIp(String(ns))) out.push(`${at}.dnsConfig.nameservers: ${String(ns)}`);
  const searches = arr(dns.searches).map(String);
  if (searches.length > 32 || searches.join(" ").length > 2048)
    out.push(`${at}.dnsConfig.searches: too many`);
  for (const d of searches)
    if (!isDnsSubdomain(d.replace(/\.$/, ""))) out.push(`${at}.dnsConfig.searches: ${d}`);
  for (const h of arr(spec.hostAliases).map(obj)) {
    if (!isIp(String(h.ip))) out.push(`${at}.hostAliases: ${String(h.ip)} is not an IP`);
    for (const n of arr(h.hostnames))
      if (!isDnsSubdomain(String(n))) out.push(`${at}.hostAliases: ${String(n)}`);
  }
}

/** ValidatePersistentVolumeClaimSpec: access modes, a positive storage request. */
function claimSpecProblems(spec: Json, at: string, out: string[]): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) out.push(`${at}.accessModes: at least one is required`);
  if (modes.includes("ReadWriteOncePod") && modes.length > 1)
    out.push(`${at}.accessModes: ReadWriteOncePod alone`);
  const storage = obj(obj(spec.resources).requests).storage;
  const q = typeof storage === "string" ? quantity(storage) : undefined;
  if (q === undefined || q.n <= 0n) out.push(`${at}.resources.requests.storage: must be greater than zero`);
}

/** A selector's matchLabels must select the pod template (ValidateDeploymentSpec/ValidateStatefulSetSpec). */
function selectorProblems(spec: Json, out: string[]): void {
  const selector = obj(obj(spec.selector).matchLabels);
  const podLabels = obj(obj(obj(spec.template).metadata).labels);
  if (Object.keys(selector).length === 0) out.push("spec.selector: empty");
  labelProblems(selector, "spec.selector.matchLabels", out);
  for (const [k, v] of Object.entries(selector)) {
    if (podLabels[k] !== v)
      out.push(`spec.selector: ${k}=${String(v)} does not match the pod template labels`);
  }
}

/**
 * validateJobSpec (pkg/apis/batch/validation): the cross-field rules a builder can get wrong. A Job's spec is
 * defaulted first (completions 1 when neither it nor parallelism is set); a CronJob's Job template is not.
 */
function jobSpecProblems(spec: Json, at: string, out: string[], defaulted = false): void {
  const podSpec = obj(obj(spec.template).spec);
  labelProblems(obj(obj(spec.template).metadata).labels, `${at}.template.metadata.labels`, out);
  podSpecProblems(podSpec, `${at}.template.spec`, [], out);
  const restart = podSpec.restartPolicy;
  if (restart !== "Never" && restart !== "OnFailure")
    out.push(`${at}.template.spec.restartPolicy: must be Never or OnFailure`);
  const indexed = spec.completionMode === "Indexed";
  const completionsDefaulted = defaulted && spec.completions === undefined && spec.parallelism === undefined;
  if (indexed && typeof spec.completions !== "number" && !completionsDefaulted)
    out.push(`${at}.completions: required when completionMode is Indexed`);
  if (!indexed) {
    for (const f of ["backoffLimitPerIndex", "maxFailedIndexes", "successPolicy"])
      if (spec[f] !== undefined) out.push(`${at}.${f}: requires completionMode Indexed`);
  }
  if (spec.maxFailedIndexes !== undefined && spec.backoffLimitPerIndex === undefined)
    out.push(`${at}.backoffLimitPerIndex: required with maxFailedIndexes`);
  if (typeof spec.activeDeadlineSeconds === "number" && spec.activeDeadlineSeconds <= 0)
    out.push(`${at}.activeDeadlineSeconds: must be positive`);
  const rules = arr(obj(spec.podFailurePolicy).rules).map(obj);
  if (rules.length > 0 && restart !== "Never")
    out.push(`${at}.template.spec.restartPolicy: must be Never with podFailurePolicy`);
  if (rules.length > 0 && spec.podReplacementPolicy === "TerminatingOrFailed")
    out.push(`${at}.podReplacementPolicy: must be Failed with podFailurePolicy`);
  const containers = new Set(
    [...arr(podSpec.initContainers), ...arr(podSpec.containers)].map((c) => obj(c).name),
  );
  const completions = typeof spec.completions === "number" ? spec.completions : undefined;
  if (indexed && typeof spec.maxFailedIndexes === "number" && completions !== undefined) {
    if (spec.maxFailedIndexes > completions) out.push(`${at}.maxFailedIndexes: must be ≤ completions`);
  }
  if (indexed && typeof spec.parallelism === "number" && spec.parallelism > 100_000)
    out.push(`${at}.parallelism: at most 100000 for an Indexed Job`);
  const success = spec.successPolicy === undefined ? undefined : arr(obj(spec.successPolicy).rules).map(obj);
  if (success !== undefined && success.length === 0)
    out.push(`${at}.successPolicy.rules: at least one rule is required`);
  for (const [i, r] of (success ?? []).entries()) {
    const rAt = `${at}.successPolicy.rules[${i}]`;
    if (r.succeededIndexes === undefined && r.succeededCount === undefined)
      out.push(`${rAt}: succeededIndexes or succeededCount is required`);
    if (completions === undefined) continue;
    const count = typeof r.succeededCount === "number" ? r.succeededCount : undefined;
    if (count !== undefined && count > completions) out.push(`${rAt}.succeededCount: more than completions`);
    if (typeof r.succeededIndexes === "string") {
      const total = indexCount(r.succeededIndexes, completions);
      if (total === undefined) out.push(`${rAt}.succeededIndexes: not ascending intervals below completions`);
      else if (count !== undefined && count > total)
        out.push(`${rAt}.succeededCount: more than the succeededIndexes`);
    }
  }
  for (const [i, r] of rules.entries()) {
    const codes = obj(r.onExitCodes);
    if (typeof codes.containerName === "string" && !containers.has(codes.containerName))
      out.push(`${at}.podFailurePolicy.rules[${i}].onExitCodes.containerName: not a container of the pod`);
    if ((r.onExitCodes === undefined) === (r.onPodConditions === undefined))
      out.push(`${at}.podFailurePolicy.rules[${i}]: exactly one of onExitCodes and onPodConditions`);
    const values = arr(codes.values).map(Number);
    if (values.some((v, j) => j > 0 && v <= (values[j - 1] ?? 0)))
      out.push(`${at}.podFailurePolicy.rules[${i}].onExitCodes.values: must be ordered and unique`);
    if (codes.operator === "In" && values.includes(0))
      out.push(`${at}.podFailurePolicy.rules[${i}].onExitCodes.values: 0 with operator In`);
    if (r.action === "FailIndex" && spec.backoffLimitPerIndex === undefined)
      out.push(`${at}.podFailurePolicy.rules[${i}].action: FailIndex requires backoffLimitPerIndex`);
  }
}

/** How many indexes `text` holds ("0-2,5": 4), as validateIndexesFormat reads it; undefined when invalid. */
function indexCount(text: string, completions: number): number | undefined {
  if (text === "") return 0;
  let last = -1;
  let count = 0;
  for (const part of text.split(",")) {
    const bounds = part.split("-");
    if (bounds.length > 2 || bounds.some((b) => !/^\d+$/.test(b))) return undefined;
    const [x, y] = [Number(bounds[0]), Number(bounds[bounds.length - 1])];
    if (y >= completions || x <= last || (bounds.length === 2 && x >= y)) return undefined;
    count += y - x + 1;
    last = y;
  }
  return count;
}

const percent = (v: unknown): number | undefined =>
  typeof v === "number"
    ? undefined
    : typeof v === "string" && /^\d+%$/.test(v)
      ? Number(v.slice(0, -1))
      : undefined;
const intOrPercentValue = (v: unknown): number => (typeof v === "number" ? v : (percent(v) ?? Number.NaN));

/**
 * An IP address of a legacy field with StrictIPCIDRValidation (on by default since 1.36): netutils.ParseIPSloppy
 * plus no leading zeros and no IPv4-mapped IPv6 address (validation.IsValidIPForLegacyField); its family and
 * value, or undefined.
 */
function strictIp(s: string): { v6: boolean; value: bigint } | undefined {
  const v4 = s.includes(":") ? undefined : ipv4(s);
  if (v4 !== undefined) return { v6: false, value: v4 };
  const v6 = s.includes(":") ? ipv6(s) : undefined;
  if (v6 === undefined || v6 >> 32n === 0xffffn) return undefined;
  return { v6: true, value: v6 };
}

/** ValidateEndpointIP (used for externalIPs): unspecified, loopback, link-local unicast and multicast, as Go's net.IP. */
function specialIp(a: { v6: boolean; value: bigint }): boolean {
  const v = a.value;
  if (a.v6)
    return (
      v === 0n || v === 1n || v >> 118n === 0x3fan || (v >> 120n === 0xffn && ((v >> 112n) & 0xfn) === 2n)
    );
  return v === 0n || v >> 24n === 127n || v >> 16n === 0xa9fen || v >> 8n === 0xe00000n;
}

const SOURCE_RANGES = "service.beta.kubernetes.io/load-balancer-source-ranges";

/** The default --service-node-port-range, which the registry's allocator takes node ports from. */
const inNodePortRange = (v: unknown): boolean => typeof v === "number" && v >= 30000 && v <= 32767;

/**
 * ValidateServiceCreate (validateService, validateServicePort, ValidateServiceClusterIPsRelatedFields,
 * validateServiceExternalTrafficPolicy, validateLoadBalancerClassField, validateServiceInternalTrafficFieldsValue,
 * validateServiceTrafficDistribution) on the object as the server has it then: defaulted (SetDefaults_Service),
 * clusterIPs from clusterIP (normalizeClusterIPs), and the registry's allocation (initIPFamilyFields: an unset
 * ipFamilyPolicy is SingleStack; node ports and the health check node port from the node port range, each once).
 */
function serviceProblems(o: Json, out: string[]): void {
  // A DNS-1123 label since Kubernetes 1.34 (RelaxedServiceNameValidation); DNS-1035 before.
  metaProblems(obj(o.metadata), isDnsLabel, out);
  const annotations = obj(obj(o.metadata).annotations);
  const spec = obj(o.spec);
  // SetDefaults_Service: an empty type is ClusterIP.
  const type = str(spec.type) || "ClusterIP";
  const ports = arr(spec.ports).map(obj);
  const protocolOf = (p: Json) => str(p.protocol) || "TCP";
  if (!["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"].includes(type))
    out.push(`spec.type: ${type} is not supported`);
  const clusterIP = str(spec.clusterIP) ?? "";
  const givenIPs = arr(spec.clusterIPs).map(String);
  const clusterIPs = clusterIP !== "" && givenIPs.length === 0 ? [clusterIP] : givenIPs;
  const headless = clusterIPs.length === 1 && clusterIPs[0] === "None";
  if (ports.length === 0 && !headless && type !== "ExternalName") out.push("spec.ports: required");
  if (headless && (type === "NodePort" || type === "LoadBalancer"))
    out.push(`spec.clusterIPs[0]: None on a ${type} Service`);
  const families = arr(spec.ipFamilies).map(String);
  const policy = str(spec.ipFamilyPolicy);
  if (type === "ExternalName") {
    if (clusterIPs.length > 0) out.push("spec.clusterIPs: not for ExternalName");
    if (families.length > 0) out.push("spec.ipFamilies: not for ExternalName");
    if (spec.ipFamilyPolicy !== undefined) out.push("spec.ipFamilyPolicy: not for ExternalName");
    const cname = (str(spec.externalName) ?? "").replace(/\.$/, "");
    if (!isDnsSubdomain(cname)) out.push("spec.externalName: required, a DNS subdomain");
  } else {
    // initIPFamilyFields checks the policy only when these are valid (it stops at their errors).
    const before = out.length;
    if (clusterIP !== "" && clusterIPs[0] !== clusterIP)
      out.push("spec.clusterIPs: first value must be clusterIP");
    if (clusterIP === "" && clusterIPs.length > 0)
      out.push("spec.clusterIPs: must be empty without clusterIP");
    for (const d of duplicates(families)) out.push(`spec.ipFamilies: duplicate ${d}`);
    for (const f of families)
      if (f !== "IPv4" && f !== "IPv6") out.push(`spec.ipFamilies: ${f} is not supported`);
    if (policy !== undefined && !["SingleStack", "PreferDualStack", "RequireDualStack"].includes(policy))
      out.push(`spec.ipFamilyPolicy: ${policy} is not supported`);
    const ips = clusterIPs.filter((ip, i) => !(i === 0 && ip === "None"));
    if (clusterIPs[0] === "None" && clusterIPs.length > 1)
      out.push("spec.clusterIPs: None must be the only value");
    for (const ip of ips)
      if (strictIp(ip) === undefined) out.push(`spec.clusterIPs: ${ip} is not an IP address`);
    if (clusterIPs.length > 2) out.push("spec.clusterIPs: at most 2");
    // The default policy is SingleStack, but RequireDualStack for a headless Service without a selector.
    const selectorless = Object.keys(obj(spec.selector)).length === 0;
    const effective = policy ?? (headless && selectorless ? "RequireDualStack" : "SingleStack");
    if (
      out.length === before &&
      effective === "SingleStack" &&
      (families.length === 2 || clusterIPs.length === 2)
    )
      out.push("spec.ipFamilyPolicy: SingleStack with two families or cluster IPs");
  }
  const names = ports.map((p) => str(p.name)).filter((n): n is string => n !== undefined && n !== "");
  if (ports.length > 1 && names.length !== ports.length) out.push("spec.ports: every port needs a name");
  for (const n of names) if (!isDnsLabel(n)) out.push(`spec.ports: name ${n} is not a DNS label`);
  for (const d of duplicates(names)) out.push(`spec.ports: duplicate name ${d}`);
  for (const d of duplicates(ports.map((p) => `${p.port}/${protocolOf(p)}`)))
    out.push(`spec.ports: duplicate ${d}`);
  const nodePorts = ports.filter((p) => p.nodePort !== undefined && p.nodePort !== 0);
  for (const d of duplicates(nodePorts.map((p) => `${p.nodePort}/${protocolOf(p)}`)))
    out.push(`spec.ports: duplicate nodePort ${d}`);
  if (nodePorts.length > 0 && type === "ClusterIP") out.push("spec.ports: nodePort on a ClusterIP Service");
  // A node port outside the range is refused when it is allocated, which a dry run skips (the server then accepts
  // it): the library's own field check refuses it (nodePortSchema), this model of a dry run does not.
  for (const p of ports) {
    if (typeof p.port !== "number" || p.port < 1 || p.port > 65535)
      out.push(`spec.ports: port ${String(p.port)}`);
    if (!["TCP", "UDP", "SCTP"].includes(protocolOf(p))) out.push(`spec.ports: protocol ${protocolOf(p)}`);
    const t = p.targetPort;
    // An empty targetPort is unset (the port) for the server.
    if (typeof t === "string" && t !== "" && !isPortName(t))
      out.push(`spec.ports: targetPort ${t} is not a port name`);
    if (p.appProtocol !== undefined && !isQualifiedName(String(p.appProtocol)))
      out.push(`spec.ports: appProtocol ${String(p.appProtocol)} is not a qualified name`);
  }
  labelProblems(spec.selector, "spec.selector", out);
  const affinity = str(spec.sessionAffinity) || "None";
  if (affinity !== "None" && affinity !== "ClientIP")
    out.push(`spec.sessionAffinity: ${affinity} is not supported`);
  // With None, the defaulting drops sessionAffinityConfig; with ClientIP, it fills a missing timeout.
  const timeout = obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
  if (
    affinity === "ClientIP" &&
    timeout !== undefined &&
    (typeof timeout !== "number" || timeout < 1 || timeout > 86400)
  )
    out.push(`spec.sessionAffinityConfig.clientIP.timeoutSeconds: ${String(timeout)} not in 1–86400`);
  for (const [i, ip] of arr(spec.externalIPs).map(String).entries()) {
    const a = strictIp(ip);
    if (a === undefined || specialIp(a)) out.push(`spec.externalIPs[${i}]: ${ip} is not a valid external IP`);
  }
  const ranges = arr(spec.loadBalancerSourceRanges);
  if (ranges.length > 0) {
    if (type !== "LoadBalancer") out.push("spec.loadBalancerSourceRanges: only for LoadBalancer");
    for (const r of ranges)
      if (parseCidr(String(r).trim()) === undefined)
        out.push(`spec.loadBalancerSourceRanges: ${String(r)} is not a CIDR`);
  } else if (typeof annotations[SOURCE_RANGES] === "string") {
    if (type !== "LoadBalancer") out.push(`metadata.annotations[${SOURCE_RANGES}]: only for LoadBalancer`);
    const val = String(annotations[SOURCE_RANGES]).trim();
    if (val !== "" && val.split(",").some((r) => parseCidr(r.trim()) === undefined))
      out.push(`metadata.annotations[${SOURCE_RANGES}]: not CIDRs`);
  }
  const mode = annotations["service.kubernetes.io/topology-mode"];
  const hints = annotations["service.kubernetes.io/topology-aware-hints"];
  if (mode !== undefined && hints !== undefined && mode !== hints)
    out.push("metadata.annotations[service.kubernetes.io/topology-mode]: must match topology-aware-hints");
  if (spec.allocateLoadBalancerNodePorts !== undefined && type !== "LoadBalancer")
    out.push("spec.allocateLoadBalancerNodePorts: only for LoadBalancer");
  if (spec.loadBalancerClass !== undefined) {
    if (type !== "LoadBalancer") out.push("spec.loadBalancerClass: only for LoadBalancer");
    else if (!isQualifiedName(String(spec.loadBalancerClass)))
      out.push("spec.loadBalancerClass: not a qualified name");
  }
  const externallyAccessible =
    type === "LoadBalancer" ||
    type === "NodePort" ||
    (type === "ClusterIP" && arr(spec.externalIPs).length > 0);
  const etp = str(spec.externalTrafficPolicy) ?? "";
  if (!externallyAccessible && etp !== "")
    out.push("spec.externalTrafficPolicy: only for externally-accessible Services");
  if (etp !== "" && etp !== "Cluster" && etp !== "Local")
    out.push(`spec.externalTrafficPolicy: ${etp} is not supported`);
  const hc = spec.healthCheckNodePort;
  const needsHealthCheck = type === "LoadBalancer" && etp === "Local";
  if (!needsHealthCheck && hc !== undefined && hc !== 0)
    out.push("spec.healthCheckNodePort: only for LoadBalancer with externalTrafficPolicy Local");
  if (needsHealthCheck && hc !== undefined && hc !== 0) {
    if (!inNodePortRange(hc)) out.push(`spec.healthCheckNodePort: ${String(hc)} outside the node port range`);
    if (nodePorts.some((p) => p.nodePort === hc))
      out.push(`spec.healthCheckNodePort: ${String(hc)} already allocated`);
  }
  const itp = spec.internalTrafficPolicy;
  if (itp !== undefined && itp !== "Cluster" && itp !== "Local")
    out.push(`spec.internalTrafficPolicy: ${String(itp)} is not supported`);
  const td = spec.trafficDistribution;
  if (td !== undefined && !["PreferClose", "PreferSameZone", "PreferSameNode"].includes(String(td)))
    out.push(`spec.trafficDistribution: ${String(td)} is not supported`);
}

const RULES: Record<string, (o: Json, out: string[]) => void> = {
  Namespace: (o, out) => metaProblems(obj(o.metadata), isDnsLabel, out),
  ConfigMap: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    for (const k of Object.keys(obj(o.data)))
      if (!isConfigMapKey(k)) out.push(`data: key ${JSON.stringify(k)} is invalid`);
  },
  Secret: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const data = obj(o.stringData);
    for (const k of Object.keys(data))
      if (!isConfigMapKey(k)) out.push(`stringData: key ${JSON.stringify(k)} is invalid`);
    const need: Record<string, (keys: string[]) => boolean> = {
      "kubernetes.io/tls": (keys) => keys.includes("tls.crt") && keys.includes("tls.key"),
      "kubernetes.io/basic-auth": (keys) => keys.includes("username") || keys.includes("password"),
      "kubernetes.io/ssh-auth": (keys) => keys.includes("ssh-privatekey"),
      "kubernetes.io/dockerconfigjson": (keys) => {
        try {
          return (
            keys.includes(".dockerconfigjson") && JSON.parse(String(data[".dockerconfigjson"])) !== undefined
          );
        } catch {
          return false;
        }
      },
    };
    if (need[String(o.type)]?.(Object.keys(data)) === false)
      out.push(`type ${String(o.type)}: required keys are missing`);
  },
  ServiceAccount: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    for (const s of arr(o.imagePullSecrets))
      if (!isDnsSubdomain(str(obj(s).name) ?? "")) out.push("imagePullSecrets: invalid name");
  },
  Deployment: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    selectorProblems(spec, out);
    labelProblems(obj(obj(spec.template).metadata).labels, "spec.template.metadata.labels", out);
    podSpecProblems(obj(obj(spec.template).spec), "spec.template.spec", [], out);
    if (obj(spec.strategy).type === "Recreate" && obj(spec.strategy).rollingUpdate !== undefined)
      out.push("spec.strategy.rollingUpdate: not with Recreate");
    const ru = obj(obj(spec.strategy).rollingUpdate);
    if (intOrPercentValue(ru.maxSurge) === 0 && intOrPercentValue(ru.maxUnavailable) === 0) {
      out.push("spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0");
    }
    if ((percent(ru.maxUnavailable) ?? 0) > 100)
      out.push("spec.strategy.rollingUpdate.maxUnavailable: over 100%");
    // The server defaults progressDeadlineSeconds to 600, then requires it above minReadySeconds.
    const deadline = typeof spec.progressDeadlineSeconds === "number" ? spec.progressDeadlineSeconds : 600;
    if ((typeof spec.minReadySeconds === "number" ? spec.minReadySeconds : 0) >= deadline)
      out.push("spec.progressDeadlineSeconds: must be greater than minReadySeconds");
  },
  StatefulSet: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    selectorProblems(spec, out);
    const claims = arr(spec.volumeClaimTemplates).map(obj);
    podSpecProblems(
      obj(obj(spec.template).spec),
      "spec.template.spec",
      claims.map((c) => str(obj(c.metadata).name) ?? ""),
      out,
    );
    const update = obj(spec.updateStrategy);
    if (update.type === "OnDelete" && update.rollingUpdate !== undefined)
      out.push("spec.updateStrategy.rollingUpdate: only with RollingUpdate");
    const partition = obj(update.rollingUpdate).partition;
    if (typeof partition === "number" && partition < 0)
      out.push("spec.updateStrategy.rollingUpdate.partition: negative");
    const mu = obj(update.rollingUpdate).maxUnavailable;
    if (mu !== undefined && (intOrPercentValue(mu) === 0 || (percent(mu) ?? 0) > 100))
      out.push("spec.updateStrategy.rollingUpdate.maxUnavailable: 0 or over 100%");
    for (const [i, c] of claims.entries()) {
      const at = `spec.volumeClaimTemplates[${i}]`;
      if (!isDnsLabel(str(obj(c.metadata).name) ?? "")) out.push(`${at}.metadata.name: invalid`);
      labelProblems(obj(c.metadata).labels, `${at}.metadata.labels`, out);
      const modes = arr(obj(c.spec).accessModes);
      if (modes.length === 0) out.push(`${at}.spec.accessModes: at least one is required`);
      if (modes.includes("ReadWriteOncePod") && modes.length > 1)
        out.push(`${at}.spec.accessModes: ReadWriteOncePod alone`);
      const storage = obj(obj(obj(c.spec).resources).requests).storage;
      const q = typeof storage === "string" ? quantity(storage) : undefined;
      if (q === undefined || q.n <= 0n)
        out.push(`${at}.spec.resources.requests.storage: must be greater than zero`);
    }
  },
  Job: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    jobSpecProblems(obj(o.spec), "spec", out, true);
  },
  CronJob: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const name = str(obj(o.metadata).name);
    if (name !== undefined && name.length > 52) out.push("metadata.name: at most 52 characters");
    const spec = obj(o.spec);
    if (typeof spec.schedule !== "string" || spec.schedule === "") out.push("spec.schedule: required");
    const policy = spec.concurrencyPolicy;
    if (policy !== undefined && policy !== "" && !["Allow", "Forbid", "Replace"].includes(String(policy)))
      out.push("spec.concurrencyPolicy: Allow, Forbid or Replace");
    for (const f of ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"])
      if (typeof spec[f] === "number" && (spec[f] as number) < 0) out.push(`spec.${f}: must be ≥ 0`);
    jobSpecProblems(obj(obj(spec.jobTemplate).spec), "spec.jobTemplate.spec", out);
  },
  DaemonSet: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    selectorProblems(spec, out);
    labelProblems(obj(obj(spec.template).metadata).labels, "spec.template.metadata.labels", out);
    podSpecProblems(obj(obj(spec.template).spec), "spec.template.spec", [], out);
    const update = obj(spec.updateStrategy);
    if (update.type === "OnDelete" && update.rollingUpdate !== undefined)
      out.push("spec.updateStrategy.rollingUpdate: only with RollingUpdate");
    const ru = obj(update.rollingUpdate);
    const unavailable = ru.maxUnavailable === undefined ? 1 : intOrPercentValue(ru.maxUnavailable);
    const surge = ru.maxSurge === undefined ? 0 : intOrPercentValue(ru.maxSurge);
    if (update.type !== "OnDelete") {
      if (unavailable !== 0 && surge !== 0)
        out.push("spec.updateStrategy.rollingUpdate.maxSurge: not with maxUnavailable");
      if (unavailable === 0 && surge === 0)
        out.push("spec.updateStrategy.rollingUpdate.maxUnavailable: 0 with maxSurge 0");
    }
    for (const f of ["maxSurge", "maxUnavailable"])
      if ((percent(ru[f]) ?? 0) > 100) out.push(`spec.updateStrategy.rollingUpdate.${f}: over 100%`);
  },
  Service: (o, out) => serviceProblems(o, out),
  HorizontalPodAutoscaler: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    const min = spec.minReplicas;
    // Left out, the server defaults it to 1.
    if (min !== undefined && (typeof min !== "number" || min < 1))
      out.push(`spec.minReplicas: ${String(min)} must be ≥ 1`);
    if (typeof min === "number" && typeof spec.maxReplicas === "number" && min > spec.maxReplicas) {
      out.push("spec.minReplicas: above maxReplicas");
    }
    // Omitted policies are defaulted by the API server; an explicit empty list is refused (validateScalingRules).
    for (const dir of ["scaleUp", "scaleDown"] as const) {
      const policies = obj(obj(spec.behavior)[dir]).policies;
      if (Array.isArray(policies) && policies.length === 0)
        out.push(`spec.behavior.${dir}.policies: at least one`);
    }
  },
  PodDisruptionBudget: (o, out) => {
    metaProblems(obj(o.metadata), isPathSegmentName, out);
    labelProblems(obj(obj(o.spec).selector).matchLabels, "spec.selector.matchLabels", out);
  },
  Ingress: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    const hostOk = (h: string) =>
      !isIp(h) && (h.startsWith("*.") ? isDnsSubdomain(h.slice(2)) : isDnsSubdomain(h));
    for (const [i, r] of arr(spec.rules).map(obj).entries()) {
      // An empty host is no host (every host), as the server reads it.
      if (r.host !== undefined && r.host !== "" && !hostOk(String(r.host)))
        out.push(`spec.rules[${i}].host: ${String(r.host)} is invalid`);
      for (const [j, p] of arr(obj(r.http).paths).map(obj).entries()) {
        const path = String(p.path);
        if (p.pathType === "Exact" || p.pathType === "Prefix") {
          const bad =
            !path.startsWith("/") ||
            ["//", "/./", "/../", "%2f", "%2F"].some((s) => path.includes(s)) ||
            ["/..", "/."].some((s) => path.endsWith(s));
          if (bad) out.push(`spec.rules[${i}].http.paths[${j}].path: ${JSON.stringify(path)} is invalid`);
        }
        const svc = obj(obj(p.backend).service);
        // A Service name: a DNS-1123 label since Kubernetes 1.34, as for Services themselves.
        if (!isDnsLabel(str(svc.name) ?? ""))
          out.push(`spec.rules[${i}].http.paths[${j}].backend.service.name: invalid`);
      }
    }
    for (const [i, t] of arr(spec.tls).map(obj).entries()) {
      for (const h of arr(t.hosts))
        if (!hostOk(String(h))) out.push(`spec.tls[${i}].hosts: ${String(h)} is invalid`);
    }
  },
  NetworkPolicy: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    const spec = obj(o.spec);
    for (const dir of ["ingress", "egress"] as const) {
      for (const [i, rule] of arr(spec[dir]).map(obj).entries()) {
        for (const [j, peer] of arr(rule[dir === "ingress" ? "from" : "to"])
          .map(obj)
          .entries()) {
          const at = `spec.${dir}[${i}].peers[${j}]`;
          if (!isObj(peer.ipBlock)) continue;
          const net = parseCidr(String(peer.ipBlock.cidr));
          if (net === undefined) {
            out.push(`${at}.ipBlock.cidr: ${String(peer.ipBlock.cidr)} is not a CIDR`);
            continue;
          }
          for (const e of arr(peer.ipBlock.except)) {
            const ex = parseCidr(String(e));
            const inside =
              ex !== undefined &&
              ex.bits === net.bits &&
              ex.prefix > net.prefix &&
              ex.network >> BigInt(net.bits - net.prefix) === net.network >> BigInt(net.bits - net.prefix);
            if (!inside)
              out.push(
                `${at}.ipBlock.except: ${String(e)} is not a CIDR strictly inside ${String(peer.ipBlock.cidr)}`,
              );
          }
        }
        for (const p of arr(rule.ports).map(obj)) {
          if (typeof p.port === "string" && !isPortName(p.port))
            out.push(`spec.${dir}[${i}].ports: ${p.port} is not a port name`);
        }
      }
    }
  },
  ClusterRole: (o, out) => {
    metaProblems(obj(o.metadata), isPathSegmentName, out);
    // validateAggregationRule: a non-nil aggregationRule needs a selector.
    if (o.aggregationRule !== undefined && arr(obj(o.aggregationRule).clusterRoleSelectors).length === 0)
      out.push("aggregationRule.clusterRoleSelectors: at least one clusterRoleSelector required");
  },
  PersistentVolumeClaim: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    claimSpecProblems(obj(o.spec), "spec", out);
  },
  ServiceMonitor: (o, out) => {
    metaProblems(obj(o.metadata), isDnsSubdomain, out);
    labelProblems(obj(obj(o.spec).selector).matchLabels, "spec.selector.matchLabels", out);
  },
};

/** Problems the API server would report for a built object (kinds without rules here give none). */
export function apiServerProblems(o: object): string[] {
  const out: string[] = [];
  const kind = String((o as Json).kind);
  RULES[kind]?.(o as Json, out);
  return out;
}
