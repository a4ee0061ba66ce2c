/**
 * IP addresses and CIDR ranges for NetworkPolicy `ipBlock`: IPv4 and IPv6 parsed to integers, so that `cidr`
 * minus `except` can be tested exactly. Anything that does not parse answers `undefined` (and matches nothing).
 */

/** A parsed address: its family and its value as an integer (32 or 128 bits). */
export interface Address {
  readonly v6: boolean;
  readonly value: bigint;
}

/** A parsed range: the network address (host bits cleared) and its prefix length. */
export interface Range {
  readonly v6: boolean;
  readonly network: bigint;
  readonly prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i] ?? "";
      if (i === pieces.length - 1 && p.includes(".")) {
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
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let v = 0n;
  for (const g of [...head, ...new Array<number>(missing).fill(0), ...tail]) v = (v << 16n) | BigInt(g);
  return v;
}

/** Parses `10.0.0.1` or `fd00::1`. */
export function parseAddress(s: string): Address | undefined {
  if (s.includes(":")) {
    const value = parseV6(s);
    return value === undefined ? undefined : { v6: true, value };
  }
  const value = parseV4(s);
  return value === undefined ? undefined : { v6: false, value };
}

/** Parses `10.0.0.0/8` or `fd00::/8` (a bare address is its own /32 or /128). */
export function parseRange(s: string): Range | undefined {
  const slash = s.indexOf("/");
  const addr = parseAddress(slash < 0 ? s : s.slice(0, slash));
  if (addr === undefined) return undefined;
  const bits = addr.v6 ? 128 : 32;
  let prefix = bits;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    prefix = Number(p);
    if (prefix > bits) return undefined;
  }
  const shift = BigInt(bits - prefix);
  return { v6: addr.v6, network: (addr.value >> shift) << shift, prefix };
}

/** True when the address lies in the range (same family). */
export function inRange(range: Range, addr: Address): boolean {
  if (range.v6 !== addr.v6) return false;
  const shift = BigInt((range.v6 ? 128 : 32) - range.prefix);
  return addr.value >> shift === range.network >> shift;
}
