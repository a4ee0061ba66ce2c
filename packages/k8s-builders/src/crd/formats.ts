/**
 * The string `format`s that the API server checks in a CRD schema, with its rules (k8s.io/kube-openapi strfmt),
 * looked up by name without dashes as the server does (`date-time` is `datetime`). Numeric formats (`int32`,
 * `float`) are ranges, checked in numbers.ts; other formats (`double`, `password`, anything unknown) are
 * descriptions only, here as there. `email` (Go's net/mail) and `uri` (net/url) are approximations. Checked by the
 * server but not here: `isbn`, `isbn10`, `isbn13`, `creditcard`, `ssn`, `bsonobjectid`.
 */
import { isDnsLabel, isDnsSubdomain } from "../base/primitives.ts";

// The API server's patterns and parsers (k8s.io/kube-openapi strfmt and its copy of govalidator), translated: Go's
// `\s` is [\t\n\f\r ] and `\d` ASCII digits; `\p{L}`/`\p{S}` need the `u` flag.
const HOST_CHAR = "[a-zA-Z0-9\\p{S}\\p{L}]";
const HOSTNAME = new RegExp(
  `^(${HOST_CHAR}((-?${HOST_CHAR}{0,62})?)|(${HOST_CHAR}(([a-zA-Z0-9\\-\\p{S}\\p{L}]{0,61}${HOST_CHAR})?)(\\.)){1,}([a-zA-Z\\p{L}]){2,63})$`,
  "u",
);
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;
/** strfmt.IsHostname: the pattern, at most 255 bytes, labels of at most 63 bytes. */
const isHostname = (s: string): boolean =>
  HOSTNAME.test(s) && utf8Length(s) <= 255 && s.split(".").every((label) => utf8Length(label) <= 63);
/** net.ParseIP of Go before 1.17 (netutils.ParseIPSloppy): leading zeros allowed. */
function isSloppyIpv4(s: string): boolean {
  const parts = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  return parts?.slice(1).every((p) => Number(p) <= 255) === true;
}
const HEX = "[0-9a-fA-F]";
// The dashes are optional, as in strfmt's patterns.
const UUID = new RegExp(`^${HEX}{8}-?${HEX}{4}-?${HEX}{4}-?${HEX}{4}-?${HEX}{12}$`);
const uuidVersion = (v: number): RegExp =>
  new RegExp(`^${HEX}{8}-?${HEX}{4}-?${v}${HEX}{3}-?${v === 3 ? HEX : "[89abAB]"}${HEX}{3}-?${HEX}{12}$`);
const UUID_VERSIONS: Readonly<Record<string, RegExp>> = {
  uuid3: uuidVersion(3),
  uuid4: uuidVersion(4),
  uuid5: uuidVersion(5),
};
// Not the rule of a Secret's data (isBase64, Go's decoder): the server checks `byte` with govalidator's pattern,
// which refuses line breaks and the empty string.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
/** net.ParseMAC: 6, 8 or 20 octets, as pairs separated by `:` or `-`, or as groups of four separated by `.`. */
const macOf = (pairs: number, quads: number): string =>
  `${HEX}{2}(?:[:]${HEX}{2}){${pairs - 1}}|${HEX}{2}(?:-${HEX}{2}){${pairs - 1}}|${HEX}{4}(?:\\.${HEX}{4}){${quads - 1}}`;
const MAC = new RegExp(`^(?:${macOf(6, 3)}|${macOf(8, 4)}|${macOf(20, 10)})$`);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** strfmt.IsDateTime: a date before the first `t` (any case), the text after it against this pattern (`.` is any character there). */
const DATE_TIME_REST = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/su;
function isDateTime(s: string): boolean {
  if (utf8Length(s) < 4) return false;
  const parts = s.toLowerCase().split("t");
  const m = parts.length < 2 || !validDate(parts[0] ?? "") ? null : DATE_TIME_REST.exec(parts[1] ?? "");
  return m !== null && (m[1] ?? "") <= "23" && (m[2] ?? "") <= "59" && (m[3] ?? "") <= "59";
}
/** Go's time.ParseDuration: `[-+]`, then numbers with units (ns, us, µs, μs, ms, s, m, h), or `0`; at most 2^63-1 ns. */
const GO_DURATION_UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
function isGoDuration(s: string): boolean {
  const body = s.replace(/^[-+]/, "");
  if (body === "0") return true;
  if (body === "") return false;
  let total = 0;
  for (let rest = body; rest !== ""; ) {
    const m = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]*)/.exec(rest);
    if (m === null || m[0] === "" || (m[1] === "" && (m[2] ?? "") === "")) return false;
    const unit = GO_DURATION_UNITS[m[3] ?? ""];
    if (unit === undefined) return false;
    total += Number(`${m[1] || "0"}.${m[2] || "0"}`) * unit;
    rest = rest.slice(m[0].length);
  }
  return total <= 2 ** 63;
}
/** The units strfmt.ParseDuration knows besides Go's, by their variants; the last variant is also a prefix. */
const DURATION_WORDS: readonly (readonly string[])[] = [
  ["ns", "nano"],
  ["us", "µs", "micro"],
  ["ms", "milli"],
  ["s", "sec"],
  ["m", "min"],
  ["h", "hr", "hour"],
  ["d", "day"],
  ["w", "wk", "week"],
];
/** strfmt.IsDuration: Go's syntax, or anywhere in the text a number and a unit word (`90 days`, `2 weeks`). */
function isDuration(s: string): boolean {
  if (isGoDuration(s)) return true;
  let ok = false;
  for (const m of s.matchAll(/([0-9]+)[\t\n\f\r ]*([A-Za-zµ]+)/gu)) {
    // strconv.Atoi fails on a number beyond int64: the whole text is refused.
    if (BigInt(m[1] ?? "0") > 2n ** 63n - 1n) return false;
    const unit = (m[2] ?? "").toLowerCase();
    if (
      DURATION_WORDS.some((v) => v.some((w, i) => w === unit || (i === v.length - 1 && unit.startsWith(w))))
    )
      ok = true;
  }
  return ok;
}
const HEX_COLOR = /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_PART = "[\\t\\n\\f\\r ]*(0|[1-9][0-9]?|1[0-9][0-9]?|2[0-4][0-9]|25[0-5])[\\t\\n\\f\\r ]*";
const RGB_COLOR = new RegExp(`^rgb\\(${RGB_PART},${RGB_PART},${RGB_PART}\\)$`);

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: that reads the years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(y, mo - 1, d);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * strfmt.IsEmail is Go's net/mail.ParseAddress: an addr-spec (a dot-atom or quoted local part, a dot-atom or
 * bracketed domain), bare or in `<…>` after a display name, with an optional trailing comment. Approximated.
 */
const ATEXT = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u{80}-\\u{10FFFF}]";
const DOT_ATOM = `${ATEXT}+(?:\\.${ATEXT}+)*`;
const ADDR_SPEC = `(?:${DOT_ATOM}|"(?:[^"\\\\\\r\\n]|\\\\.)*")@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const EMAIL = new RegExp(
  `^[ \\t]*(?:${ADDR_SPEC}|[^<>@]*<${ADDR_SPEC}>)[ \\t]*(?:\\([^()]*\\)[ \\t]*)?$`,
  "u",
);

const validEscapes = (s: string): boolean => !/%(?![0-9A-Fa-f]{2})/.test(s);
/** The authority of a URL as Go's net/url parses it: userinfo characters, a host, a port of digits. */
function validAuthority(authority: string): boolean {
  const at = authority.lastIndexOf("@");
  const userinfo = at === -1 ? "" : authority.slice(0, at);
  const host = authority.slice(at + 1);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return false;
  let port = "";
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close === -1) return false;
    port = host.slice(close + 1);
    if (port !== "" && !port.startsWith(":")) return false;
  } else if (host.includes(":")) port = host.slice(host.lastIndexOf(":"));
  if (port !== "" && !/^:[0-9]*$/.test(port)) return false;
  return /^[A-Za-z0-9\-._~!$&'()*+,;=:[\]<>"%\u{80}-\u{10FFFF}]*$/u.test(host) && validEscapes(host);
}
/** strfmt's `uri` is Go's url.ParseRequestURI: an absolute URI or an absolute path, `%` escapes valid. */
function isRequestUri(s: string): boolean {
  // Control characters (Go refuses them in any URL).
  if ([...s].some((c) => c < " " || c === "\u007f")) return false;
  if (s === "*") return true;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(s)?.[0];
  let rest = scheme === undefined ? s : s.slice(scheme.length);
  const query = rest.indexOf("?");
  if (query !== -1) rest = rest.slice(0, query);
  if (!rest.startsWith("/")) return scheme !== undefined;
  if (scheme !== undefined && rest.startsWith("//")) {
    const end = rest.indexOf("/", 2);
    if (!validAuthority(end === -1 ? rest.slice(2) : rest.slice(2, end))) return false;
    rest = end === -1 ? "" : rest.slice(end);
  }
  return validEscapes(rest);
}

function validIpv6(s: string): boolean {
  if (!s.includes(":") || s.includes("%") || s.includes("[")) return false;
  try {
    // WHATWG URL parsing is the IPv6 address grammar, available without importing node:net.
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

function validCidr(s: string): boolean {
  const slash = s.indexOf("/");
  if (slash === -1) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isSloppyIpv4(ip)) return Number(bits) <= 32;
  return validIpv6(ip) && Number(bits) <= 128;
}

/** Format → [check, what it expects]. */
const FORMATS: Readonly<Record<string, readonly [(s: string) => boolean, string]>> = {
  hostname: [isHostname, "a host name with a top-level domain of letters (e.g. api.example.com, localhost)"],
  "k8s-short-name": [
    isDnsLabel,
    "a Kubernetes short name: lowercase letters, digits and '-', at most 63 characters (e.g. my-name)",
  ],
  "k8s-long-name": [
    (s) => isDnsSubdomain(s),
    "a Kubernetes long name: dot-separated lowercase names, at most 253 characters (e.g. my.name)",
  ],
  email: [(s) => EMAIL.test(s), "an email address (e.g. team@example.com)"],
  uri: [isRequestUri, "an absolute URI or path (e.g. https://example.com/x)"],
  // net.ParseIP with leading zeros (ParseIPSloppy), and a dot: an IPv6 address with an IPv4 part passes too.
  ipv4: [(s) => isSloppyIpv4(s) || (validIpv6(s) && s.includes(".")), "an IPv4 address (e.g. 10.0.0.1)"],
  ipv6: [validIpv6, "an IPv6 address (e.g. fd00::1)"],
  cidr: [validCidr, "a CIDR range (e.g. 10.0.0.0/8)"],
  mac: [(s) => MAC.test(s), "a MAC address (e.g. 01:23:45:67:89:ab)"],
  uuid: [(s) => UUID.test(s), "a UUID"],
  uuid3: [(s) => UUID_VERSIONS.uuid3?.test(s) === true, "a version 3 UUID"],
  uuid4: [(s) => UUID_VERSIONS.uuid4?.test(s) === true, "a version 4 UUID"],
  uuid5: [(s) => UUID_VERSIONS.uuid5?.test(s) === true, "a version 5 UUID"],
  byte: [(s) => BASE64.test(s), "base64 data"],
  date: [validDate, "a date (e.g. 2025-01-31)"],
  "date-time": [isDateTime, "an RFC 3339 date-time (e.g. 2025-01-31T12:00:00Z)"],
  duration: [isDuration, "a duration (e.g. 30s, 1h30m)"],
  hexcolor: [(s) => HEX_COLOR.test(s), "a hex colour (e.g. #ff0000)"],
  rgbcolor: [(s) => RGB_COLOR.test(s), "an rgb() colour"],
};

/** The formats checked here. */
export const CHECKED_FORMATS: readonly string[] = [...Object.keys(FORMATS), "datetime"].sort();

/** The formats by the name the API server looks them up with: without dashes (`date-time` is `datetime`). */
const BY_NAME: ReadonlyMap<string, readonly [(s: string) => boolean, string]> = new Map(
  Object.entries(FORMATS).map(([name, entry]) => [name.replaceAll("-", ""), entry]),
);

/** What `value` should have been for `format`, or undefined when it is fine (or the format is not checked here). */
export function formatProblem(format: string, value: string): string | undefined {
  const entry = BY_NAME.get(format.replaceAll("-", ""));
  if (entry === undefined) return undefined;
  return entry[0](value) ? undefined : entry[1];
}
