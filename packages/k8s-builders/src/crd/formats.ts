/**
 * The string `format`s that the API server checks in a CRD schema, as far as they matter for manifests. Formats
 * the server does not check (`int32`, `int64`, `double`, anything unknown) are descriptions only, here as there.
 * Checked by the server but not here: `isbn`, `isbn10`, `isbn13`, `creditcard`, `ssn`, `bsonobjectid`.
 */

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const HOSTNAME = new RegExp(`^(?=.{1,255}$)${LABEL}(?:\\.${LABEL})*\\.?$`);
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX = "[0-9a-fA-F]";
const UUID = new RegExp(`^${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}$`);
const uuidVersion = (v: number): RegExp =>
  new RegExp(`^${HEX}{8}-${HEX}{4}-${v}${HEX}{3}-[89abAB]${HEX}{3}-${HEX}{12}$`);
const UUID_VERSIONS: Readonly<Record<string, RegExp>> = {
  uuid3: uuidVersion(3),
  uuid4: uuidVersion(4),
  uuid5: uuidVersion(5),
};
// Not the rule of a Secret's data (isBase64, Go's decoder): the server checks `byte` with govalidator's pattern,
// which refuses line breaks and the empty string.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const MAC = new RegExp(`^(?:${HEX}{2}[:-]){5}${HEX}{2}$|^(?:${HEX}{4}\\.){2}${HEX}{4}$`);
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const DURATION_UNIT =
  "(?:ns|us|µs|μs|ms|s|secs?|m|mins?|h|hrs?|hours?|d|days?|w|wks?|weeks?|seconds?|minutes?)";
const DURATION = new RegExp(`^-?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*${DURATION_UNIT}\\s*)+$|^0$`);
const HEX_COLOR = /^#?(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_COLOR = /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
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
  if (IPV4.test(ip)) return Number(bits) <= 32;
  return validIpv6(ip) && Number(bits) <= 128;
}

/** Format → [check, what it expects]. */
const FORMATS: Readonly<Record<string, readonly [(s: string) => boolean, string]>> = {
  hostname: [(s) => HOSTNAME.test(s), "a host name (e.g. api.example.com)"],
  email: [(s) => /^[^\s@]+@[^\s@]+$/.test(s), "an email address"],
  uri: [
    (s) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$|^\/\S*$/.test(s),
    "an absolute URI (e.g. https://example.com/x)",
  ],
  ipv4: [(s) => IPV4.test(s), "an IPv4 address (e.g. 10.0.0.1)"],
  ipv6: [validIpv6, "an IPv6 address (e.g. fd00::1)"],
  cidr: [validCidr, "a CIDR range (e.g. 10.0.0.0/8)"],
  mac: [(s) => MAC.test(s), "a MAC address (e.g. 01:23:45:67:89:ab)"],
  uuid: [(s) => UUID.test(s), "a UUID"],
  uuid3: [(s) => UUID_VERSIONS.uuid3?.test(s) === true, "a version 3 UUID"],
  uuid4: [(s) => UUID_VERSIONS.uuid4?.test(s) === true, "a version 4 UUID"],
  uuid5: [(s) => UUID_VERSIONS.uuid5?.test(s) === true, "a version 5 UUID"],
  byte: [(s) => BASE64.test(s), "base64 data"],
  date: [validDate, "a date (e.g. 2025-01-31)"],
  "date-time": [
    (s) => {
      const m = DATE_TIME.exec(s);
      return (
        m !== null && validDate(m[1] ?? "") && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 61
      );
    },
    "an RFC 3339 date-time (e.g. 2025-01-31T12:00:00Z)",
  ],
  duration: [(s) => DURATION.test(s), "a duration (e.g. 30s, 1h30m)"],
  hexcolor: [(s) => HEX_COLOR.test(s), "a hex colour (e.g. #ff0000)"],
  rgbcolor: [(s) => RGB_COLOR.test(s), "an rgb() colour"],
};

/** The formats checked here. */
export const CHECKED_FORMATS: readonly string[] = [...Object.keys(FORMATS), "datetime"].sort();

/** What `value` should have been for `format`, or undefined when it is fine (or the format is not checked here). */
export function formatProblem(format: string, value: string): string | undefined {
  const entry = FORMATS[format === "datetime" ? "date-time" : format];
  if (entry === undefined) return undefined;
  return entry[0](value) ? undefined : entry[1];
}
