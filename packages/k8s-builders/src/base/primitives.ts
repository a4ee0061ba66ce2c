/**
 * Schemas of the values Kubernetes itself constrains: names, label keys and values, ports, quantities,
 * durations, image references. Each error message says what was expected, with an example.
 */
import * as z from "zod/mini";
import { durationProblem } from "./duration.ts";
import { inputText } from "./errors.ts";
import { canonicalIp, formatCidr, hasHostBits, inNetwork, networkOf, parseCidr } from "./ip.ts";
import type { IssueParams } from "./issue-codes.ts";
import { MAX_ANNOTATIONS_BYTES, mapBytes } from "./limits.ts";
import { once, primitive } from "./options.ts";
import { parseQuantity, QUANTITY } from "./quantity.ts";

/** The transport protocols of Kubernetes ports (core/v1 Protocol): containers, Services, NetworkPolicies. */
export const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
/** A port's protocol, one of {@link PROTOCOLS}. */
export const protocol = once(() => z.enum(PROTOCOLS));

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/**
 * A host name as Ingress rules and the Gateway API write it: DNS labels joined by '.', optionally a wildcard
 * first label (`*.example.com`); '*' appears nowhere else.
 */
export const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
/** Printable ASCII but '=': the API server's rule for variable names and prefixes (RelaxedEnvironmentVariableValidation, GA in 1.34). */
const RELAXED_ENV_VAR_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** Whether `s` is a DNS-1123 label (at most 63 characters): a namespace, a container name. */
export const isDnsLabel = (s: string): boolean => s.length <= 63 && DNS1123_LABEL.test(s);
/** Whether `s` is a DNS-1123 subdomain of at most `max` characters: most object names. */
export const isDnsSubdomain = (s: string, max = 253): boolean => s.length <= max && DNS1123_SUBDOMAIN.test(s);
/** Whether `s` is a port name (IANA_SVC_NAME): at most 15 characters, with a letter, no `--`. */
export const isPortName = (s: string): boolean =>
  s.length <= 15 && IANA_SVC_NAME.test(s) && /[a-z]/.test(s) && !s.includes("--");

/**
 * A string checked by `pred`. With `pattern`, the check is a regex (so a generated JSON Schema carries it) and
 * `pred` adds what a regex cannot say (lengths); the user sees one message either way.
 */
function checked(
  pred: (s: string) => boolean,
  message: (s: string) => string,
  pattern?: RegExp,
  maxLength?: number,
): z.ZodMiniString<string> {
  const error = (iss: { input?: unknown }) => message(inputText(iss.input));
  return z
    .string()
    .check(
      ...(maxLength === undefined ? [] : [z.maxLength(maxLength, { error, abort: true })]),
      ...(pattern === undefined ? [] : [z.regex(pattern, { error, abort: true })]),
      z.refine(pred, { error, abort: true, params: { code: "invalid_format" } satisfies IssueParams }),
    );
}

/** RFC 1123 label: lowercase alphanumerics and '-', at most 63 characters (Namespaces, containers, workloads). */
export const dnsLabel: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("DNS label", () =>
  checked(
    isDnsLabel,
    (s) =>
      `"${s}" is not a valid name: lowercase letters, digits and '-', at most 63 characters (e.g. "call-processor")`,
  ),
);

/** Whether `s` is an RFC 1035 label: a lowercase letter first, then letters, digits and '-', at most 63. */
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** RFC 1035 label: like {@link dnsLabel} but starting with a letter (Service names). */
export const dns1035Label: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("RFC 1035 label", () =>
  checked(
    isDns1035Label,
    (s) =>
      `"${s}" is not a valid Service name: a lowercase letter first, then lowercase letters, digits and '-', at most 63 characters`,
    DNS1035_LABEL,
    63,
  ),
);

/**
 * Whether `s` is a network in CIDR notation as the API server accepts it in new objects without a warning: an
 * IPv4 or IPv6 address written as Kubernetes writes it, a prefix length without leading zeros, and no bits set
 * beyond the prefix (`10.0.0.0/8`, not `10.1.2.3/8`).
 */
export function isCidr(s: string): boolean {
  const n = parseCidr(s);
  return n !== undefined && !hasHostBits(n) && formatCidr(n) === s;
}

/**
 * Whether the network `inner` lies inside `outer` and is smaller (a strict subset), as the API server requires
 * of a NetworkPolicy `ipBlock.except` range. False when either is not a CIDR.
 */
export function isStrictSubnet(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return a !== undefined && b !== undefined && a.prefix > b.prefix && inNetwork(networkOf(b), a);
}

/** A network in CIDR notation ({@link isCidr}): LoadBalancer source ranges, NetworkPolicy IP blocks. */
export const cidr: z.ZodMiniString<string> = checked(isCidr, (s) => {
  const n = parseCidr(s);
  if (n === undefined)
    return `"${s}" is not a network in CIDR notation (e.g. 203.0.113.0/24 or 2001:db8::/32)`;
  if (hasHostBits(n))
    return `"${s}" has bits set beyond its prefix length: write the network, "${formatCidr(networkOf(n))}"`;
  return `"${s}" is not written as Kubernetes writes it (the API server warns): write "${formatCidr(n)}"`;
});

/**
 * An IP address (IPv4 or IPv6) written as Kubernetes writes it: the API server warns for any other form of
 * the same address (`05d::1`, `FD00::1`, `::ffff:10.0.0.1`) and some clients compare addresses as text.
 */
export const ipAddress: z.ZodMiniString<string> = checked(
  (s) => canonicalIp(s) === s,
  (s) => {
    const canonical = canonicalIp(s);
    return canonical === undefined
      ? `"${s}" is not an IP address (e.g. 10.0.0.10 or fd00::a)`
      : `"${s}" is not written as Kubernetes writes it (the API server warns): write "${canonical}"`;
  },
);

/** RFC 1123 subdomain: labels joined by '.', at most 253 characters (ConfigMaps, Secrets, most objects). */
export const dnsSubdomain: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("DNS subdomain", () =>
  checked(
    (s) => isDnsSubdomain(s),
    (s) =>
      `"${s}" is not a valid object name: lowercase letters, digits, '-' and '.', at most 253 characters`,
    DNS1123_SUBDOMAIN,
    253,
  ),
);

/** A DNS subdomain short enough to double as a label value (at most 63 characters). */
export const dnsSubdomainLabelSized: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("DNS subdomain", () =>
  checked(
    (s) => isDnsSubdomain(s, 63),
    (s) =>
      `"${s}" is not a valid object name: lowercase letters, digits, '-' and '.', at most 63 characters (it is also the app.kubernetes.io/name label)`,
    DNS1123_SUBDOMAIN,
    63,
  ),
);

export function isLabelKey(s: string): boolean {
  const slash = s.lastIndexOf("/");
  const prefix = slash === -1 ? undefined : s.slice(0, slash);
  const name = slash === -1 ? s : s.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return false;
  return name.length > 0 && name.length <= 63 && LABEL_NAME.test(name);
}

export function isLabelValue(s: string): boolean {
  return s === "" || (s.length <= 63 && LABEL_NAME.test(s));
}

/** A label or annotation key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export const labelKey: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("label key", () =>
  checked(
    isLabelKey,
    (s) =>
      `"${s}" is not a valid label key: an optional DNS prefix and '/', then at most 63 alphanumerics, '-', '_' or '.' (e.g. "app.kubernetes.io/name")`,
  ),
);

/** A label value: at most 63 alphanumerics, '-', '_' or '.', beginning and ending with an alphanumeric. */
export const labelValue: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("label value", () =>
  checked(
    isLabelValue,
    (s) =>
      `"${s}" is not a valid label value: at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric`,
  ),
);

/** Labels: valid label keys to valid label values. */
export const labels: z.ZodMiniLazy<z.ZodMiniRecord<typeof labelKey, typeof labelValue>> = primitive(
  "labels",
  () => z.record(labelKey, labelValue),
);

/** Annotations: valid label keys to any text, at most 256 KiB in all (keys and values, as the API server counts). */
export const annotations: z.ZodMiniLazy<z.ZodMiniRecord<typeof labelKey, z.ZodMiniString<string>>> =
  primitive("annotations", () =>
    z.record(labelKey, z.string()).check(
      z.refine((m) => mapBytes(m) <= MAX_ANNOTATIONS_BYTES, {
        error: (i) =>
          `annotations total ${mapBytes(i.input as Record<string, string>)} bytes; the API server refuses more than ${MAX_ANNOTATIONS_BYTES} (256 KiB)`,
        params: { code: "too_big" } satisfies IssueParams,
      }),
    ),
  );

/** A TCP/UDP port number, 1–65535. */
export const port: z.ZodMiniLazy<z.ZodMiniNumber<number>> = primitive("port", () =>
  z
    .number()
    .check(
      z.int({ error: "expected a whole port number" }),
      z.gte(1, { error: (i) => `port ${inputText(i.input)} is out of range: expected 1–65535` }),
      z.lte(65535, { error: (i) => `port ${inputText(i.input)} is out of range: expected 1–65535` }),
    ),
);

/** A port name (IANA_SVC_NAME): at most 15 lowercase alphanumerics and '-', with at least one letter. */
export const portName: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("port name", () =>
  checked(
    isPortName,
    (s) =>
      `"${s}" is not a valid port name: at most 15 lowercase letters, digits and '-', with a letter (e.g. "http")`,
  ),
);

/** A port given by number or by the name of a container port. */
export const portRef: z.ZodMiniLazy<z.ZodMiniUnion<readonly [typeof port, typeof portName]>> = primitive(
  "port number or name",
  () => z.union([port, portName]),
);

export const envVarName: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("variable name", () =>
  checked(
    (s) => ENV_VAR_NAME.test(s),
    (s) => `"${s}" is not a valid environment variable name (e.g. "LOG_LEVEL")`,
    ENV_VAR_NAME,
  ),
);

/**
 * An environment variable name prefix (`envFrom[].prefix`): printable ASCII other than '=', as the API server
 * checks variable names since Kubernetes 1.34 (RelaxedEnvironmentVariableValidation, locked on).
 */
export const envVarPrefix: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("variable prefix", () =>
  checked(
    (s) => RELAXED_ENV_VAR_NAME.test(s),
    (s) => `"${s}" is not a valid variable prefix: printable ASCII characters other than '=' (e.g. "APP_")`,
    RELAXED_ENV_VAR_NAME,
  ),
);

/** What {@link isConfigMapKey} allows, for messages wherever such a key is written. */
export const CONFIG_MAP_KEY_RULE = `letters, digits, '-', '_' and '.' only, at most 253 characters, not "." or starting with ".."`;

/** Whether `s` is a ConfigMap or Secret key: letters, digits, '-', '_' and '.', not `.`, `..` or `..…`, ≤ 253. */
export function isConfigMapKey(s: string): boolean {
  return s.length <= 253 && CONFIG_MAP_KEY.test(s) && s !== "." && !s.startsWith("..");
}

/** A ConfigMap or Secret key ({@link isConfigMapKey}): in `data`, and wherever a key is referenced. */
export const configMapKey: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("data key", () =>
  checked(isConfigMapKey, (s) => `"${s}" is not a valid key: ${CONFIG_MAP_KEY_RULE}`, CONFIG_MAP_KEY),
);

/**
 * Whether `s` is standard base64 (padded), as the API server reads the bytes of `data` and `binaryData`: Go's
 * decoder skips line breaks (`\r`, `\n`: base64 wrapped at 76 columns is read) and refuses any other character,
 * a space or a tab among them.
 */
export function isBase64(s: string): boolean {
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s.replace(/[\r\n]/g, ""));
}

/** The text (UTF-8) of a `data` or `binaryData` value, or `undefined` when it is not base64 ({@link isBase64}). */
export function decodeBase64(s: string): string | undefined {
  return isBase64(s) ? Buffer.from(s, "base64").toString("utf8") : undefined;
}

/** The bytes of a Secret's `data` or a ConfigMap's `binaryData` value: standard base64 ({@link isBase64}). */
export const base64Data: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("base64 data", () =>
  // The message never repeats the value: it may be a secret.
  checked(isBase64, () => "expected standard base64 (the API server refuses anything else)"),
);

/** An HTTP header name as the API server accepts it in probes: letters, digits and '-'. */
export const httpHeaderName: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("HTTP header name", () =>
  checked(
    (s) => HTTP_HEADER_NAME.test(s),
    (s) => `"${s}" is not a valid HTTP header name: letters, digits and '-' only (e.g. "X-Probe")`,
    HTTP_HEADER_NAME,
  ),
);

/**
 * An application protocol (`appProtocol`): an IANA service name such as `http`, or a prefixed name such as
 * `kubernetes.io/h2c` — a qualified name, like a label key.
 */
export const appProtocol: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("application protocol", () =>
  checked(
    isLabelKey,
    (s) =>
      `"${s}" is not a valid application protocol: a name such as "http" or a prefixed name such as "kubernetes.io/h2c"`,
  ),
);

/** A Kubernetes quantity such as `512Mi`, `1Gi`, `250m`, `0.5`. */
export const quantity: z.ZodMiniLazy<
  z.ZodMiniUnion<readonly [z.ZodMiniString<string>, z.ZodMiniNumber<number>]>
> = primitive("quantity", () =>
  z.union([
    checked(
      (s) => (parseQuantity(s) ?? -1) >= 0,
      (s) => `"${s}" is not a Kubernetes quantity (e.g. 512Mi, 1Gi, 250m)`,
      QUANTITY,
    ),
    z.number().check(z.gte(0, { error: "expected a quantity ≥ 0" })),
  ]),
);

/** Kubernetes stores counts and seconds as 32-bit integers. */
export const INT32_MAX = 2147483647;

/** A whole number of seconds ≥ 0. */
export const seconds: z.ZodMiniLazy<z.ZodMiniNumber<number>> = primitive(undefined, () =>
  z
    .number()
    .check(
      z.int({ error: "expected whole seconds" }),
      z.gte(0, { error: "expected seconds ≥ 0" }),
      z.lte(INT32_MAX, { error: `expected at most ${INT32_MAX} seconds (a 32-bit field)` }),
    ),
);

/** A positive whole number (replicas, thresholds…). */
export function intAtLeast(min: number): z.ZodMiniNumber<number> {
  return z
    .number()
    .check(
      z.int({ error: "expected a whole number" }),
      z.gte(min, { error: (i) => `expected a whole number ≥ ${min}, received ${inputText(i.input)}` }),
      z.lte(INT32_MAX, { error: `expected at most ${INT32_MAX} (a 32-bit field)` }),
    );
}

/** A Prometheus duration: `30s`, `1m`, `1h30m` (units y w d h m s ms, largest first), at most `292y` (int64 ns). */
export const duration: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("duration", () =>
  checked(
    (s) => durationProblem(s) === undefined,
    (s) => durationProblem(s) ?? `"${s}" is not a duration`,
    /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/,
  ),
);

const IMAGE =
  /^(?:(?<registry>[a-zA-Z0-9.-]+(?::\d+)?)\/)?(?<path>[a-z0-9]+(?:[._-][a-z0-9]+|__[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+|__[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/** Splits an image reference; undefined when it is not one. */
export function parseImage(ref: string): { tag: string | undefined; digest: string | undefined } | undefined {
  const m = IMAGE.exec(ref);
  if (m === null) return undefined;
  return { tag: m.groups?.tag, digest: m.groups?.digest };
}

/** A container image pinned by tag or digest; `latest` and untagged images are refused (not reproducible). */
export const image: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("pinned image", () =>
  checked(
    (s) => {
      const p = parseImage(s);
      return p !== undefined && (p.digest !== undefined || (p.tag !== undefined && p.tag !== "latest"));
    },
    (s) =>
      parseImage(s) === undefined
        ? `"${s}" is not an image reference (e.g. "postgres:16.4-alpine")`
        : `"${s}" is not pinned: give a tag other than "latest" or a digest (e.g. "redis:7.4.1")`,
    // Something after ':' or '@' in the last path segment: a tag or digest (the JSON Schema's hint).
    /[:@][^/]+$/,
  ),
);

/** A count of pods, or a percentage of the desired count (`25%`), as rollouts and budgets take them. */
export const intOrPercent = (): z.ZodMiniUnion<readonly [z.ZodMiniNumber<number>, z.ZodMiniString<string>]> =>
  z.union([
    z
      .number()
      .check(
        z.int(),
        z.gte(0),
        z.lte(INT32_MAX, { error: `expected at most ${INT32_MAX} (a 32-bit field)` }),
      ),
    z.string().check(z.regex(/^\d+%$/, { error: "expected a whole number or a percentage such as 25%" })),
  ]);

/** The number of a count or a percentage (`25%` → 25); NaN for anything else. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === "number") return v;
  return typeof v === "string" && /^\d+%$/.test(v) ? Number.parseInt(v, 10) : Number.NaN;
}

/** Whether a count or percentage is over 100%. */
export const overHundredPercent = (v: unknown): boolean =>
  typeof v === "string" && intOrPercentValue(v) > 100;
