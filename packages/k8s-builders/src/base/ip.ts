/**
 * IP addresses as the API server reads them (`validation.IsValidIP`): IPv4 in dotted-quad form, IPv6 in any of its
 * textual forms (`::1`, `2001:db8::1`, `::ffff:192.0.2.1`). Leading zeros in IPv4 octets are refused, since
 * Kubernetes warns that they are read as octal by some tools.
 */

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;

export function isIpv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => IPV4_OCTET.test(p) && Number(p) <= 255);
}

export function isIpv6(s: string): boolean {
  if (s.includes("%")) return false; // zones are not IP addresses
  let groups = s;
  const lastColon = s.lastIndexOf(":");
  if (s.includes(".")) {
    // An embedded IPv4 address counts as the last two groups.
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    groups = `${s.slice(0, lastColon + 1)}0:0`;
  }
  if (!/^[0-9a-fA-F:]+$/.test(groups)) return false;
  const halves = groups.split("::");
  if (halves.length > 2) return false;
  const count = (h: string | undefined) => (h === undefined || h === "" ? [] : h.split(":"));
  const head = count(halves[0]);
  const rest = count(halves[1]);
  if ([...head, ...rest].some((g) => g.length === 0 || g.length > 4)) return false;
  const n = head.length + rest.length;
  return halves.length === 2 ? n < 8 : n === 8;
}

/** Whether `s` is an IPv4 or IPv6 address. */
export function isIpAddress(s: string): boolean {
  return isIpv4(s) || isIpv6(s);
}
