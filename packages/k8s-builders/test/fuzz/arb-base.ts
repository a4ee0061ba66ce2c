// Arbitraries of the values Kubernetes constrains, generated valid by construction (no heavy filtering, so
// 10,000 runs stay cheap). Each one covers the edges of its grammar: one character, the longest allowed,
// every allowed character class.
//
// Where a slice of values once triggered a bug, the arbitrary used by the main properties may still leave that
// slice out; the slice then has its own BUG property in regressions.fuzz.test.ts, and each such place says which.
import fc from "fast-check";

export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const UPPER = LOWER.toUpperCase();
export const DIGIT = "0123456789";
export const ALNUM = LOWER + DIGIT;

// Arbitraries are memoized: fast-check prepares each new character arbitrary (its "dangerous strings"), which
// costs more than generating a value, and some of these are needed inside `chain`.
const memo = new Map<string, fc.Arbitrary<string>>();
function cached(key: string, make: () => fc.Arbitrary<string>): fc.Arbitrary<string> {
  let a = memo.get(key);
  if (a === undefined) {
    a = make();
    memo.set(key, a);
  }
  return a;
}
const ch = (set: string): fc.Arbitrary<string> => cached(`ch:${set}`, () => fc.constantFrom(...set));
export const chars = (set: string, minLength: number, maxLength: number): fc.Arbitrary<string> =>
  cached(`chars:${set}:${minLength}:${maxLength}`, () => fc.string({ unit: ch(set), minLength, maxLength }));

/** Plain-prototype records with optional keys (fast-check 4 would otherwise make null-prototype ones). */
export function rec<T extends Record<string, unknown>, K extends keyof T = never>(
  model: { [P in keyof T]: fc.Arbitrary<T[P]> },
  required: readonly K[] = [],
): fc.Arbitrary<Pick<T, K> & Partial<Omit<T, K>>> {
  return fc.record(model, { requiredKeys: [...required], noNullPrototype: true }) as fc.Arbitrary<
    Pick<T, K> & Partial<Omit<T, K>>
  >;
}

/** Plain-prototype dictionaries. */
export function dict<V>(
  key: fc.Arbitrary<string>,
  value: fc.Arbitrary<V>,
  maxKeys = 4,
  minKeys = 0,
): fc.Arbitrary<Record<string, V>> {
  return fc.dictionary(key, value, { minKeys, maxKeys, noNullPrototype: true });
}

/** `first`, `middle`*, `last` (or one character valid as both first and last), at most `max` long. */
function token(first: string, middle: string, last: string, max: number): fc.Arbitrary<string> {
  const both = [...first].filter((c) => last.includes(c)).join("");
  const build = ([a, m, z]: [string, string, string]) => a + m + z;
  return fc.oneof(
    { weight: 1, arbitrary: ch(both) },
    {
      weight: 8,
      arbitrary: fc.tuple(ch(first), chars(middle, 0, Math.min(12, max - 2)), ch(last)).map(build),
    },
    { weight: 1, arbitrary: fc.tuple(ch(first), chars(middle, 0, max - 2), ch(last)).map(build) },
    { weight: 1, arbitrary: fc.tuple(ch(first), chars(middle, max - 2, max - 2), ch(last)).map(build) },
  );
}

/** RFC 1123 label (≤ 63): containers, volumes, workloads, namespaces. */
export const dnsLabel: fc.Arbitrary<string> = token(ALNUM, `${ALNUM}-`, ALNUM, 63);
/** A short RFC 1123 label, for names that get a suffix or are used as other names. */
export const shortLabel: fc.Arbitrary<string> = token(ALNUM, `${ALNUM}-`, ALNUM, 20);
/** RFC 1035 label (≤ 63, a letter first): Services. */
export const dns1035Label: fc.Arbitrary<string> = token(LOWER, `${ALNUM}-`, ALNUM, 63);
/**
 * A StatefulSet name: a DNS label of at most 52 characters (a longer one never gets pods: its pods'
 * controller-revision-hash label would exceed 63 characters, so statefulSet refuses it).
 */
export const statefulSetName: fc.Arbitrary<string> = token(ALNUM, `${ALNUM}-`, ALNUM, 52);
/** A StatefulSet name starting with a letter (it also names a Service). */
export const statefulSetServiceName: fc.Arbitrary<string> = token(LOWER, `${ALNUM}-`, ALNUM, 52);
/** A short RFC 1035 label, for names other names are derived from (`<name>-datasources`…). */
export const shortDns1035Label: fc.Arbitrary<string> = token(LOWER, `${ALNUM}-`, ALNUM, 20);

/** RFC 1123 subdomain of at most `max` characters (1–4 labels). */
export function dnsSubdomain(max = 253): fc.Arbitrary<string> {
  return cached(`subdomain:${max}`, () => makeSubdomain(max));
}
function makeSubdomain(max: number): fc.Arbitrary<string> {
  const longest = fc.constant(
    [63, 63, 63, 61]
      .map((n, i) => "abcd"[i]?.repeat(n) ?? "")
      .join(".")
      .slice(0, max)
      .replace(/[.-]+$/, ""),
  );
  const labels = fc
    .array(token(ALNUM, `${ALNUM}-`, ALNUM, 63), { minLength: 1, maxLength: 4 })
    .map((ls) => ls.join("."))
    .filter((s) => s.length <= max);
  return fc.oneof({ weight: 12, arbitrary: labels }, { weight: 1, arbitrary: longest });
}

/**
 * Object names that are also used as label values (`app.kubernetes.io/name` defaults to the name): at most
 * 63 characters. Longer subdomain names are BUG-02 (the default label value is then invalid).
 */
export const objectName: fc.Arbitrary<string> = dnsSubdomain(63);

/** Namespaces are RFC 1123 labels. (The library accepts subdomains with dots: BUG-03.) */
export const namespaceName: fc.Arbitrary<string> = dnsLabel;

const LABEL_CHARS = `${ALNUM}${UPPER}`;
/** Label name / value (≤ 63, alphanumeric at both ends, '-', '_', '.' inside). */
export const labelName: fc.Arbitrary<string> = token(LABEL_CHARS, `${LABEL_CHARS}-_.`, LABEL_CHARS, 63);
export const labelValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 12, arbitrary: labelName },
);
/** A label value that is not empty (used where an empty value would select nothing useful). */
export const labelValueNonEmpty: fc.Arbitrary<string> = labelName;

/** Label key: optional DNS-subdomain prefix and '/', then a label name. */
export const labelKey: fc.Arbitrary<string> = fc
  .tuple(fc.option(dnsSubdomain(60), { nil: undefined, freq: 2 }), labelName)
  .map(([prefix, name]) => (prefix === undefined ? name : `${prefix}/${name}`));

export const labels: fc.Arbitrary<Record<string, string>> = dict(labelKey, labelValue, 4);
export const nonEmptyLabels: fc.Arbitrary<Record<string, string>> = dict(labelKey, labelValue, 3, 1);
/** Annotation values are any text. */
export const text: fc.Arbitrary<string> = fc.string({ unit: "grapheme", maxLength: 30 });
export const annotations: fc.Arbitrary<Record<string, string>> = dict(labelKey, text, 3);

/** The metadata options of metaShape (without name and namespace). */
export const metaExtras = {
  app: labelValue,
  instance: labelValue,
  component: labelValue,
  partOf: labelValue,
  version: labelValue,
  labels,
  annotations,
};

/** A TCP/UDP port, edges first. */
export const port: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(1, 80, 443, 8080, 65535) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 65535 }) },
);
export const protocol: fc.Arbitrary<"TCP" | "UDP" | "SCTP"> = fc.constantFrom("TCP", "UDP", "SCTP");

/** IANA service name (port names): ≤ 15, lowercase alphanumerics and single '-', with a letter. */
export const portName: fc.Arbitrary<string> = fc
  .array(chars(ALNUM, 1, 6), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("-"))
  .filter((s) => s.length <= 15 && /[a-z]/.test(s));

/** Environment variable name. `__proto__` is left out (BUG-04: silently dropped). */
export const envVarName: fc.Arbitrary<string> = fc
  .tuple(ch(`${LOWER}${UPPER}_.-`), chars(`${LOWER}${UPPER}${DIGIT}_.-`, 0, 12))
  .map(([a, b]) => a + b)
  .filter((s) => s !== "__proto__");

/**
 * ConfigMap/Secret key. The API server also refuses ".", ".." and keys starting with ".." (IsConfigMapKey),
 * which the library accepts (BUG-05); `__proto__` is dropped silently (BUG-04). Both are left out here.
 */
export const dataKey: fc.Arbitrary<string> = chars(`${ALNUM}${UPPER}-_.`, 1, 20).filter(
  (s) => s !== "." && !s.startsWith("..") && s !== "__proto__",
);

/** Absolute paths of safe segments (mount paths, writable paths, HTTP paths). */
export const pathSegment: fc.Arbitrary<string> = token(
  `${ALNUM}${UPPER}`,
  `${ALNUM}${UPPER}-_.`,
  `${ALNUM}${UPPER}`,
  20,
);
export const absPath: fc.Arbitrary<string> = fc
  .array(pathSegment, { minLength: 0, maxLength: 3 })
  .map((segs) => `/${segs.join("/")}`);
/** A relative path without '.' or '..' segments (volume item paths, subPaths). */
export const relPath: fc.Arbitrary<string> = fc
  .array(pathSegment, { minLength: 1, maxLength: 3 })
  .map((segs) => segs.join("/"));

// ------------------------------------------------------------------------------------------------------
// Images

/** A path component: alphanumeric runs joined by '.', '_', '__' or '-'. */
const component = fc
  .tuple(
    fc.array(chars(ALNUM, 1, 6), { minLength: 1, maxLength: 3 }),
    fc.array(fc.constantFrom(".", "_", "-", "__"), { minLength: 2, maxLength: 2 }),
  )
  .map(([parts, seps]) => parts.map((p, i) => (i === 0 ? p : `${seps[i - 1]}${p}`)).join(""));
const registry = fc.constantFrom(
  "ghcr.io",
  "docker.io",
  "registry.example.com",
  "registry.example.com:5000",
  "localhost:5000",
  "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
);
export const imageTag: fc.Arbitrary<string> = fc
  .tuple(ch(`${ALNUM}${UPPER}_`), chars(`${ALNUM}${UPPER}_.-`, 0, 20))
  .map(([a, b]) => a + b)
  .filter((t) => t !== "latest");
const digest = fc
  .array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 8, maxLength: 8 })
  .map((xs) => `sha256:${xs.map((x) => x.toString(16).padStart(8, "0")).join("")}`);
/** An image pinned by a tag (not `latest`), a digest, or both. */
export const image: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(registry, { nil: undefined }),
    fc.array(component, { minLength: 1, maxLength: 3 }),
    fc.oneof(
      imageTag.map((t) => `:${t}`),
      digest.map((d) => `@${d}`),
      fc.tuple(imageTag, digest).map(([t, d]) => `:${t}@${d}`),
    ),
  )
  .map(([reg, path, pin]) => `${reg === undefined ? "" : `${reg}/`}${path.join("/")}${pin}`);

// ------------------------------------------------------------------------------------------------------
// Quantities

/** One way of writing an amount: the text the builder gets, and its exact value in milli-units. */
export interface Amount {
  readonly text: string | number;
  readonly milli: bigint;
}

/**
 * CPU: an exact milli-core count, written as `250m`, as cores (`2`, `0.5` when whole or exact), or as a
 * number. Equal values written differently are BUG-06 (float rounding: `9m` > `0.009`), so a request and a
 * limit of the same value are written the same way by `resources` below.
 */
export function cpuAmount(milli: number): fc.Arbitrary<Amount> {
  const m = BigInt(milli);
  const forms: fc.Arbitrary<string | number>[] = [fc.constant(`${milli}m`)];
  if (milli % 1000 === 0) forms.push(fc.constant(`${milli / 1000}`), fc.constant(milli / 1000));
  if (milli % 100 === 0 && milli < 1000)
    forms.push(fc.constant(`0.${milli / 100}`), fc.constant(`.${milli / 100}`));
  return fc.oneof(...forms).map((text) => ({ text, milli: m }));
}

const BYTE_UNITS: readonly [string, bigint][] = [
  ["", 1n],
  ["k", 1000n],
  ["M", 1000n ** 2n],
  ["G", 1000n ** 3n],
  ["Ki", 1024n],
  ["Mi", 1024n ** 2n],
  ["Gi", 1024n ** 3n],
  ["Ti", 1024n ** 4n],
];

/** Bytes: `n` of a unit (`512Mi`, `1G`, `1048576`, `1e3`), or a number of bytes. Never the milli suffix. */
export const byteAmount: fc.Arbitrary<Amount> = fc
  .tuple(fc.integer({ min: 1, max: 4096 }), fc.constantFrom(...BYTE_UNITS), fc.nat(9))
  .map(([n, [unit, factor], style]): Amount => {
    const bytes = BigInt(n) * factor;
    const milli = bytes * 1000n;
    if (style === 0 && bytes <= BigInt(Number.MAX_SAFE_INTEGER)) return { text: Number(bytes), milli };
    if (style === 1 && unit === "") return { text: `${n}e0`, milli };
    if (style === 2 && unit === "k") return { text: `${n}e3`, milli };
    if (style === 3) return { text: `+${n}${unit}`, milli };
    return { text: `${n}${unit}`, milli };
  });

/** A request and a limit with request ≤ limit, written identically when equal (see cpuAmount). */
interface AmountPair {
  readonly req: Amount;
  readonly lim: Amount;
}

const cpuPair: fc.Arbitrary<AmountPair> = fc
  .tuple(fc.integer({ min: 1, max: 64_000 }), fc.integer({ min: 1, max: 64_000 }))
  .chain(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    if (lo === hi) return cpuAmount(lo).map((x) => ({ req: x, lim: x }));
    return fc.tuple(cpuAmount(lo), cpuAmount(hi)).map(([req, lim]) => ({ req, lim }));
  });

const bytePair: fc.Arbitrary<AmountPair> = fc
  .tuple(byteAmount, byteAmount, fc.boolean())
  .map(([a, b, same]) =>
    same ? { req: a, lim: a } : a.milli <= b.milli ? { req: a, lim: b } : { req: b, lim: a },
  );

export interface ResourcesValue {
  requests?: { cpu?: string | number; memory?: string | number; ephemeralStorage?: string | number };
  limits?: { cpu?: string | number; memory?: string | number; ephemeralStorage?: string | number };
}

/** Container resources with every request ≤ its limit. */
export const resources: fc.Arbitrary<ResourcesValue> = fc
  .tuple(
    fc.option(fc.tuple(cpuPair, fc.constantFrom("req", "lim", "both")), { nil: undefined }),
    fc.option(fc.tuple(bytePair, fc.constantFrom("req", "lim", "both")), { nil: undefined }),
    fc.option(fc.tuple(bytePair, fc.constantFrom("req", "lim", "both")), { nil: undefined }),
  )
  .map(([cpu, memory, eph]) => {
    const requests: Record<string, string | number> = {};
    const limits: Record<string, string | number> = {};
    for (const [name, v] of [
      ["cpu", cpu],
      ["memory", memory],
      ["ephemeralStorage", eph],
    ] as const) {
      if (v === undefined) continue;
      const [{ req, lim }, side] = v;
      if (side !== "lim") requests[name] = req.text;
      if (side !== "req") limits[name] = lim.text;
    }
    return {
      ...(Object.keys(requests).length > 0 ? { requests } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    };
  });

/** A storage size (claims, emptyDir limits): bytes, never zero. */
export const storageSize: fc.Arbitrary<string | number> = byteAmount.map((a) => a.text);

// ------------------------------------------------------------------------------------------------------
// Networks

const octet = fc.integer({ min: 0, max: 255 });
/** An IPv4 network in CIDR notation with the host bits cleared, e.g. `10.16.0.0/12`. */
export const ipv4Cidr: fc.Arbitrary<string> = fc
  .tuple(fc.tuple(octet, octet, octet, octet), fc.integer({ min: 0, max: 32 }))
  .map(([[a, b, c, d], bits]) => {
    const ip = (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) & (bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0);
    return `${[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".")}/${bits}`;
  });
/**
 * An IPv6 address in the canonical form (RFC 5952) the API server expects, as the WHATWG URL parser writes it (an
 * oracle independent of ours); IPv4-mapped addresses are left out (Kubernetes wants their IPv4 form).
 */
export const canonicalIpv6 = (s: string): string => new URL(`http://[${s}]`).hostname.slice(1, -1);
export const ipv6Address: fc.Arbitrary<string> = fc
  .ipV6()
  .map(canonicalIpv6)
  .filter((s) => !/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(s));
/** An IPv6 network, e.g. `2001:db8:12::/48`, written canonically (`2001:db8::/48`, never `2001:db8:0::/48`). */
export const ipv6Cidr: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(32, 48, 56, 64))
  // A network address: nothing set beyond a /32 prefix (the API server refuses `2001:db8:12::/32`).
  .map(([h, bits]) =>
    bits === 32 ? "2001:db8::/32" : `${canonicalIpv6(`2001:db8:${h.toString(16)}::`)}/${bits}`,
  );
export const cidr: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: ipv4Cidr },
  { weight: 1, arbitrary: ipv6Cidr },
);

/** A DNS host name with a letter in its last label (an IP address is refused), optionally a wildcard. */
export const host: fc.Arbitrary<string> = fc
  .tuple(
    fc.boolean(),
    fc.array(shortLabel, { minLength: 0, maxLength: 2 }),
    token(LOWER, `${ALNUM}-`, ALNUM, 10),
  )
  .map(([wild, ls, tld]) => `${wild ? "*." : ""}${[...ls, tld].join(".")}`);
