import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalIp, formatCidr, hasHostBits, isIpAddress, parseCidr } from "./ip.ts";
import { cidr, ipAddress } from "./primitives.ts";
import * as z from "./zod.ts";

// What the real API server (v1.37) answered for these addresses: "IPv6 address X should be in RFC 5952 canonical
// format (Y)". Embedded IPv4 tails, leading zeros, a single zero group (never "::") and the longest zero run.
const SERVER_CANONICAL: readonly [string, string][] = [
  ["43:66f9:e8::ab:c:194.236.136.140", "43:66f9:e8:0:ab:c:c2ec:888c"],
  ["05d:ae::d16", "5d:ae::d16"],
  ["::ba:08:fc:0:97f8:40b", "::ba:8:fc:0:97f8:40b"],
  ["a::8:c:85c:c5:5182:5", "a:0:8:c:85c:c5:5182:5"],
  ["e7::0:cd:c67:187.182.4.166", "e7::cd:c67:bbb6:4a6"],
  ["0f2:a9:f2:53:252a:07::", "f2:a9:f2:53:252a:7::"],
  ["a58:43:1e73::5529:00:157.171.217.238", "a58:43:1e73:0:5529:0:9dab:d9ee"],
  ["::703:112.210.141.247", "::703:70d2:8df7"],
];

describe("canonicalIp", () => {
  it.each(SERVER_CANONICAL)("writes %s as the API server does (%s)", (given, canonical) => {
    expect(canonicalIp(given)).toBe(canonical);
  });

  it("writes an IPv4-mapped IPv6 address in its IPv4 form, as Kubernetes asks", () => {
    expect(canonicalIp("::ffff:10.0.0.1")).toBe("10.0.0.1");
  });

  it("compresses the first of two equally long zero runs", () => {
    expect(canonicalIp("1:0:0:2:0:0:3:4")).toBe("1::2:0:0:3:4");
  });

  it("agrees with the WHATWG URL parser on every IPv6 address that is not IPv4-mapped", () => {
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const url = new URL(`http://[${s}]`).hostname.slice(1, -1);
        fc.pre(!/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(url));
        expect(canonicalIp(s)).toBe(url);
      }),
    );
  });

  it("reads no zone, no IPv4 octet with a leading zero and no IPv4 tail before the last group", () => {
    for (const s of ["fe80::1%eth0", "10.0.0.01", "1.2.3.4::", "::1.2.3.4:5", "1:2:3:4:5:6:7:8:9", "::g"]) {
      expect(isIpAddress(s)).toBe(false);
    }
  });
});

describe("the ipAddress option", () => {
  it("accepts the canonical form", () => {
    for (const s of ["10.0.0.10", "fd00::a", "2001:db8::1", "::1", "::"])
      expect(z.safeParse(ipAddress, s).success).toBe(true);
  });

  it("refuses another form of an address, naming the form to write", () => {
    const r = z.safeParse(ipAddress, "FD00:0::A");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('write "fd00::a"');
  });
});

describe("the cidr option", () => {
  it("refuses a non-canonical IPv6 network, naming the form to write", () => {
    const r = z.safeParse(cidr, "2001:db8:0::/48");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('write "2001:db8::/48"');
  });

  it("refuses host bits, naming the network", () => {
    const r = z.safeParse(cidr, "10.1.2.3/8");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('"10.0.0.0/8"');
  });

  it("parses host bits without losing them", () => {
    const n = parseCidr("10.1.2.3/8");
    expect(n && hasHostBits(n)).toBe(true);
    expect(n && formatCidr(n)).toBe("10.1.2.3/8");
  });
});
