/**
 * CIDR ranges as NetworkPolicy `ipBlock` reads them: a bare address is its own /32 or /128, and host bits are
 * cleared (the API server only warns for them). Anything that does not parse answers `undefined` (and matches
 * nothing). The parsing itself is base/ip.ts's, shared with the builders.
 */
import { type IpNetwork, networkOf, parseCidr, parseIp } from "../../base/ip.ts";

/** Parses `10.0.0.0/8` or `fd00::/8` (a bare address is its own /32 or /128). */
export function parseRange(s: string): IpNetwork | undefined {
  if (s.includes("/")) {
    const n = parseCidr(s);
    return n === undefined ? undefined : networkOf(n);
  }
  const a = parseIp(s);
  return a === undefined ? undefined : { ...a, prefix: a.v6 ? 128 : 32 };
}
