/**
 * IP addresses and CIDR networks, parsed once for the builders and the bundle checks.
 *
 * Reading is generous (any textual IPv6 form, an embedded IPv4 tail), so a check can say what was meant; writing
 * is canonical as Kubernetes writes it (Go's `netip` `String()`, RFC 5952 for IPv6): the API server warns for
 * any other form (`IPv6 address "05d::1" should be in RFC 5952 canonical format ("5d::1")`) and refuses it in
 * fields validated strictly, so the builders accept only the canonical form. Leading zeros in IPv4 octets are
 * never read (some tools read them as octal).
 */

/** A parsed address: its family and its value (32 or 128 bits). */
export interface IpAddress {
  readonly v6: boolean;
  readonly value: bigint;
}

/** A parsed network: its address (host bits may be set; see {@link parseCidr}) and prefix length. */
export interface IpNetwork extends IpAddress {
  readonly prefix: number;
}

const IPV4_OCTET = /^(0|[1-9]\d{0,2})$/;
const PREFIX_LENGTH = /^(0|[1-9]\d{0,2})$/;

function parseV4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4 || parts.some((p) => !IPV4_OCTET.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

/** The 16-bit groups of one side of `::`, an IPv4 tail counting as two; undefined when malformed. */
function groupsOf(part: string, mayEndInV4: boolean): number[] | undefined {
  if (part === "") return [];
  const out: number[] = [];
  const pieces = part.split(":");
  for (const [i, p] of pieces.entries()) {
    if (mayEndInV4 && i === pieces.length - 1 && p.includes(".")) {
      const v4 = parseV4(p);
      if (v4 === undefined) return undefined;
      out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(Number.parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

function parseV6(s: string): bigint | undefined {
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const head = groupsOf(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail].reduce(
    (acc, g) => (acc << 16n) | BigInt(g),
    0n,
  );
}

/** Parses `10.0.0.1`, `fd00::1` or `::ffff:192.0.2.1` (zones such as `%eth0` are not addresses). */
export function parseIp(s: string): IpAddress | undefined {
  if (s.includes(":")) {
    const value = parseV6(s);
    return value === undefined ? undefined : { v6: true, value };
  }
  const value = parseV4(s);
  return value === undefined ? undefined : { v6: false, value };
}

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** An IPv6 address that is an IPv4 address in disguise (`::ffff:a.b.c.d`): Kubernetes wants the IPv4 form. */
function isV4Mapped(a: IpAddress): boolean {
  return a.v6 && a.value >> 32n === V4_MAPPED_PREFIX >> 32n;
}

/** The address as Kubernetes writes it: dotted IPv4, or RFC 5952 IPv6 (lower case, longest zero run as `::`). */
export function formatIp(a: IpAddress): string {
  if (!a.v6 || isV4Mapped(a)) {
    const v = a.value & 0xffffffffn;
    return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((a.value >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups (the first of equal runs) becomes "::".
  let [start, end] = [-1, -1];
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > end - start) [start, end] = [i, j];
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  return start < 0 ? hex(groups) : `${hex(groups.slice(0, start))}::${hex(groups.slice(end))}`;
}

/** Whether `s` is an IPv4 address in dotted decimal (`10.0.0.1`). */
export function isIpv4(s: string): boolean {
  return !s.includes(":") && parseIp(s) !== undefined;
}

/** Whether `s` is an IPv6 address in any of its textual forms. */
export function isIpv6(s: string): boolean {
  return s.includes(":") && parseIp(s) !== undefined;
}

/** Whether `s` is an IPv4 or IPv6 address, in any form. */
export function isIpAddress(s: string): boolean {
  return parseIp(s) !== undefined;
}

/** The form Kubernetes writes `s` in (which is `s` itself when `s` is canonical), or undefined for a non-address. */
export function canonicalIp(s: string): string | undefined {
  const a = parseIp(s);
  return a === undefined ? undefined : formatIp(a);
}

/** Parses `10.0.0.0/8` or `fd00::/8`; host bits beyond the prefix are kept (see {@link networkOf}). */
export function parseCidr(s: string): IpNetwork | undefined {
  const [address = "", length, extra] = s.split("/");
  if (length === undefined || extra !== undefined || !PREFIX_LENGTH.test(length)) return undefined;
  const a = parseIp(address);
  const prefix = Number(length);
  if (a === undefined || prefix > (a.v6 ? 128 : 32)) return undefined;
  return { ...a, prefix };
}

/** The network of a CIDR: host bits cleared. */
export function networkOf(n: IpNetwork): IpNetwork {
  const shift = BigInt((n.v6 ? 128 : 32) - n.prefix);
  return { ...n, value: (n.value >> shift) << shift };
}

/** Whether the CIDR has bits set beyond its prefix length (`10.1.2.3/8`): ambiguous, the API server warns. */
export function hasHostBits(n: IpNetwork): boolean {
  return networkOf(n).value !== n.value;
}

/** The CIDR as Kubernetes writes it (`address/prefix`, the address canonical). */
export function formatCidr(n: IpNetwork): string {
  return `${formatIp(n)}/${n.prefix}`;
}

/** True when the address lies in the network (same family). */
export function inNetwork(network: IpNetwork, a: IpAddress): boolean {
  if (network.v6 !== a.v6) return false;
  const shift = BigInt((network.v6 ? 128 : 32) - network.prefix);
  return a.value >> shift === network.value >> shift;
}
