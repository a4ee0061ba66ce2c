// Fuzzing service, ingress and networkPolicy.
import fc from "fast-check";
import { describe, it } from "vitest";
import {
  type IngressOptions,
  ingress,
  type NetworkPolicyOptions,
  networkPolicy,
  type ServiceOptions,
  service,
} from "../../src/index.ts";
import { ingressOptions, networkPolicyOptions, serviceOptions } from "./arb-kinds.ts";
import { pathOf, TIMEOUT } from "./harness.ts";
import {
  identity,
  type Lens,
  type Mutator,
  missingRequired,
  type Shape,
  setField,
  unknownKey,
  wrongType,
} from "./mutate.ts";
import {
  BAD_LABEL_NAMES,
  BAD_SUBDOMAINS,
  badValue,
  META_RECORDS,
  metaMutations,
  setValue,
} from "./mutations-common.ts";
import { fuzz, junkOptions, k8s } from "./suite.ts";

const generic = <I>(shape: Shape): Mutator<I>[] => {
  const lens = identity as Lens<I>;
  return [unknownKey(shape, lens), wrongType(shape, lens), missingRequired(shape, lens)];
};
const lens = <I>() => identity as Lens<I>;
type Obj = Record<string, unknown>;

// ------------------------------------------------------------------------------------------------ service

const sLens = lens<ServiceOptions>();
const withoutTypeOptions = (o: ServiceOptions) => {
  const { headless: _h, externalTrafficPolicy: _e, loadBalancerSourceRanges: _l, type: _t, ...rest } = o;
  return { ...rest, ports: rest.ports.map(({ nodePort: _n, ...p }) => p) };
};

describe("service (fuzz)", () => {
  it.for(
    fuzz<ServiceOptions>({
      subject: { builder: "service", build: (o) => service(o), ...k8s },
      valid: serviceOptions,
      mutators: [
        ...generic<ServiceOptions>({
          records: [...META_RECORDS, "selector"],
          unions: [],
          required: ["name", "selector", "ports", "ports.*.port"],
        }),
        ...metaMutations(sLens, { name: [...BAD_LABEL_NAMES, "1abc", "a.b"] }),
        setValue(sLens, "no ports", ["ports"], [[]], "too_small"),
        badValue(sLens, "bad port", ["ports.*.port"], [0, 70000, 1.5, "x", "80", -1]),
        badValue(sLens, "bad targetPort", ["ports.*.port"], [0, 70000, 1.5]),
        (input) =>
          fc
            .tuple(
              fc.nat(input.ports.length - 1),
              fc.constantFrom<unknown>(0, 70000, 1.5, "HTTP", "a--b", "-x", "", "1234"),
            )
            .map(([i, v]) => ({
              mutation: `targetPort ${JSON.stringify(v)}`,
              input: {
                ...input,
                ports: input.ports.map((p, j) => (j === i ? { ...p, targetPort: v as number } : p)),
              },
              path: `ports[${i}].targetPort`,
            })),
        badValue(sLens, "bad port name", ["ports.*.name"], ["HTTP", "a-very-long-name", "1234", "a--b", ""]),
        badValue(sLens, "bad protocol", ["ports.*.protocol"], ["tcp", "HTTP"]),
        setValue(sLens, "bad type", ["type"], ["ExternalName", "clusterip", ""]),
        // Two ports, one unnamed.
        (input) =>
          fc.constant({
            mutation: "two ports, the second unnamed",
            input: { ...input, ports: [{ name: "a", port: 1 }, { port: 2 }] },
            path: "ports[1].name",
            code: "required",
          }),
        (input) =>
          fc.constant({
            mutation: "duplicate port name",
            input: {
              ...input,
              ports: [
                { name: "a", port: 1 },
                { name: "a", port: 2 },
              ],
            },
            path: "ports[1].name",
            code: "duplicate",
          }),
        (input) =>
          fc.constantFrom(undefined, "TCP" as const).map((protocol) => ({
            mutation: "duplicate port/protocol",
            input: {
              ...input,
              ports: [
                { name: "a", port: 80 },
                { name: "b", port: 80, ...(protocol ? { protocol } : {}) },
              ],
            },
            path: "ports[1].port",
            code: "duplicate",
          })),
        (input) =>
          fc
            .constantFrom<[Partial<ServiceOptions>, string]>(
              [{ type: "NodePort", headless: true }, "headless"],
              [{ type: "LoadBalancer", headless: true }, "headless"],
              [{ externalTrafficPolicy: "Local" }, "externalTrafficPolicy"],
              [{ type: "ClusterIP", externalTrafficPolicy: "Cluster" }, "externalTrafficPolicy"],
              [{ type: "NodePort", loadBalancerSourceRanges: ["10.0.0.0/8"] }, "loadBalancerSourceRanges"],
            )
            .map(([extra, path]) => ({
              mutation: `conflicting ${JSON.stringify(extra)}`,
              input: { ...withoutTypeOptions(input), ...extra },
              path,
              code: "conflicting_options",
            })),
        (input) =>
          fc
            .tuple(fc.nat(input.ports.length - 1), fc.constantFrom(undefined, "ClusterIP" as const))
            .map(([i, type]) => ({
              mutation: `nodePort on a ${type ?? "default"} Service`,
              input: {
                ...withoutTypeOptions(input),
                ...(type === undefined ? {} : { type }),
                ports: withoutTypeOptions(input).ports.map((p, j) =>
                  j === i ? { ...p, nodePort: 30080 } : p,
                ),
              },
              path: `ports[${i}].nodePort`,
              code: "conflicting_options",
            })),
        (input) =>
          fc
            .tuple(fc.nat(input.ports.length - 1), fc.constantFrom(80, 29999, 32768, 1.5))
            .map(([i, nodePort]) => ({
              mutation: `nodePort ${nodePort}`,
              input: {
                ...withoutTypeOptions(input),
                type: "NodePort" as const,
                ports: withoutTypeOptions(input).ports.map((p, j) => (j === i ? { ...p, nodePort } : p)),
              },
              path: `ports[${i}].nodePort`,
            })),
        (input) =>
          fc.constantFrom("x", "10.0.0.0", "10.0.0.0/", "/8", "").map((r) => ({
            mutation: `source range ${JSON.stringify(r)}`,
            input: {
              ...withoutTypeOptions(input),
              type: "LoadBalancer" as const,
              loadBalancerSourceRanges: ["10.0.0.0/8", r],
            },
            path: "loadBalancerSourceRanges[1]",
          })),
        setValue(sLens, "bad sessionAffinity", ["sessionAffinity"], ["Sticky", ""]),
        (input) =>
          fc.constantFrom("-x", "a b").map((k) => ({
            mutation: `bad selector key ${k}`,
            input: { ...input, selector: { [k]: "v" } },
            path: pathOf(["selector", k]),
          })),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ------------------------------------------------------------------------------------------------ ingress

const iLens = lens<IngressOptions>();
const rulePaths = (o: IngressOptions): [number, number][] =>
  o.rules.flatMap((r, i) => r.paths.map((_p, j): [number, number] => [i, j]));

describe("ingress (fuzz)", () => {
  it.for(
    fuzz<IngressOptions>({
      subject: { builder: "ingress", build: (o) => ingress(o), ...k8s },
      valid: ingressOptions,
      mutators: [
        ...generic<IngressOptions>({
          records: META_RECORDS,
          unions: [],
          required: [
            "name",
            "rules",
            "rules.*.paths",
            "rules.*.paths.*.path",
            "rules.*.paths.*.service",
            "rules.*.paths.*.service.name",
            "rules.*.paths.*.service.port",
            "tls.*.hosts",
            "tls.*.secretName",
          ],
        }),
        ...metaMutations(iLens, { name: BAD_SUBDOMAINS }),
        setValue(iLens, "no rules", ["rules"], [[]], "too_small"),
        setValue(iLens, "no paths", ["rules", 0, "paths"], [[]], "too_small"),
        badValue(iLens, "bad path", ["rules.*.paths.*.path"], ["api", "", "/a b", "/{x}", " /x"]),
        badValue(iLens, "bad pathType", ["rules.*.paths.*.pathType"], ["prefix", "Regex"]),
        badValue(iLens, "bad backend name", ["rules.*.paths.*.service.name"], [...BAD_LABEL_NAMES, "1abc"]),
        badValue(
          iLens,
          "bad backend port",
          ["rules.*.paths.*.service.port"],
          [0, 70000, 1.5, "HTTP", "a--b", ""],
        ),
        (input) =>
          fc
            .tuple(
              fc.nat(input.rules.length - 1),
              fc.constantFrom("UPPER.example.com", "-x.com", "a..b", "*", "a_b.com", "*.*.com", "", "a.com."),
            )
            .map(([i, h]) => ({
              mutation: `host ${JSON.stringify(h)}`,
              input: { ...input, rules: input.rules.map((r, j) => (j === i ? { ...r, host: h } : r)) },
              path: `rules[${i}].host`,
            })),
        // The same host, path and pathType routed twice: the second is reported.
        (input) =>
          fc.constantFrom(...rulePaths(input)).map(([i, j]) => {
            const rule = input.rules[i] as IngressOptions["rules"][number];
            const p = rule.paths[j] as (typeof rule.paths)[number];
            return {
              mutation: `path ${p.path} routed twice`,
              input: {
                ...input,
                rules: input.rules.map((r, k) => (k === i ? { ...r, paths: [...r.paths, { ...p }] } : r)),
              },
              path: `rules[${i}].paths[${rule.paths.length}].path`,
              code: "duplicate",
            };
          }),
        // A routed host missing from tls[].hosts while TLS is on.
        (input) =>
          fc.constant({
            mutation: "routed host without TLS",
            input: {
              ...input,
              tls: [{ hosts: ["tls-only.example.com"], secretName: "tls" }],
              rules: [
                ...input.rules,
                { host: "plain.example.com", paths: [{ path: "/", service: { name: "web", port: 80 } }] },
              ],
            },
            path: `rules[${input.rules.length}].host`,
            code: "host_without_tls",
          }),
        setField(
          iLens,
          "empty tls hosts",
          () =>
            fc.constant({
              path: ["tls"],
              value: [{ hosts: [], secretName: "s" }],
              issuePath: ["tls", 0, "hosts"],
            }),
          "too_small",
        ),
        (input) =>
          fc.constantFrom(...BAD_SUBDOMAINS).map((s) => ({
            mutation: `tls secretName ${JSON.stringify(s)}`,
            input: {
              ...input,
              tls: [
                {
                  hosts: input.rules
                    .flatMap((r) => (r.host === undefined ? [] : [r.host]))
                    .concat("x.example.com"),
                  secretName: s,
                },
              ],
            },
            path: "tls[0].secretName",
          })),
        (input) =>
          fc.integer({ min: 1, max: 3600 }).map((t) => ({
            mutation: "websocket timeout with traefik",
            input: { ...input, controller: "traefik" as const, websocketTimeoutSeconds: t },
            path: "websocketTimeoutSeconds",
            code: "conflicting_options",
          })),
        // A rule host that is an IP address (the API server wants a DNS name).
        (input) =>
          fc.constantFrom("10.0.0.1", "192.168.1.10", "1.2.3.4").map((host) => ({
            mutation: `host ${host}`,
            input: {
              ...input,
              tls: undefined,
              rules: [{ ...input.rules[0], host } as never, ...input.rules.slice(1)],
            } as IngressOptions,
            path: "rules[0].host",
            code: "invalid_format",
          })),
        // A Prefix or Exact path that is not canonical.
        (input) =>
          fc
            .tuple(
              fc.constantFrom("/a//b", "/a/./b", "/a/../b", "/a%2fb", "/a%2Fb", "/a/.", "/a/..", "//"),
              fc.constantFrom("Prefix" as const, "Exact" as const),
            )
            .map(([path, pathType]) => ({
              mutation: `${pathType} path ${path}`,
              input: {
                ...input,
                rules: [...input.rules, { paths: [{ path, pathType, service: { name: "web", port: 80 } }] }],
              },
              path: `rules[${input.rules.length}].paths[0].path`,
              code: "invalid_format",
            })),
        setValue(iLens, "bad websocket timeout", ["websocketTimeoutSeconds"], [0, -1, 1.5]),
        setValue(iLens, "bad maxBodySize", ["maxBodySize"], ["10MB", "10 m", "", "1.5m"]),
        setValue(iLens, "bad controller", ["controller"], ["haproxy", "NGINX", ""]),
        setValue(iLens, "bad ingressClassName", ["ingressClassName"], BAD_SUBDOMAINS),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});

// ----------------------------------------------------------------------------------------- networkPolicy

const nLens = lens<NetworkPolicyOptions>();
const ruleLists = (o: NetworkPolicyOptions) =>
  (["ingress", "egress"] as const).flatMap((d) =>
    (o[d] ?? []).map((_r, i): ["ingress" | "egress", number] => [d, i]),
  );
function withRule(
  o: NetworkPolicyOptions,
  dir: "ingress" | "egress",
  rule: Obj,
): [NetworkPolicyOptions, number] {
  const list = [...((o[dir] as Obj[] | undefined) ?? []), rule];
  return [{ ...o, [dir]: list } as NetworkPolicyOptions, list.length - 1];
}

describe("networkPolicy (fuzz)", () => {
  it.for(
    fuzz<NetworkPolicyOptions>({
      subject: { builder: "networkPolicy", build: (o) => networkPolicy(o), ...k8s },
      valid: networkPolicyOptions,
      mutators: [
        ...generic<NetworkPolicyOptions>({
          records: [
            ...META_RECORDS,
            "podSelector",
            "ingress.*.peers.*.pods",
            "ingress.*.peers.*.namespaces",
            "egress.*.peers.*.pods",
            "egress.*.peers.*.namespaces",
          ],
          unions: [],
          required: [
            "name",
            "podSelector",
            "ingress.*.peers.*.ipBlock.cidr",
            "egress.*.peers.*.ipBlock.cidr",
            "ingress.*.ports.*.port",
            "egress.*.ports.*.port",
          ],
        }),
        ...metaMutations(nLens, { name: BAD_SUBDOMAINS }),
        (input) => {
          const { ingress: _i, egress: _e, ...rest } = input;
          return fc.constant({
            mutation: "neither ingress nor egress",
            input: rest as NetworkPolicyOptions,
            path: "ingress",
            code: "required",
          });
        },
        // A peer with no selector, or an ipBlock combined with selectors (the peer object is reported).
        (input) =>
          fc
            .tuple(
              fc.constantFrom("ingress" as const, "egress" as const),
              fc.constantFrom<Obj>(
                {},
                { ipBlock: { cidr: "10.0.0.0/8" }, pods: { a: "b" } },
                { ipBlock: { cidr: "10.0.0.0/8" }, namespaces: {} },
              ),
            )
            .map(([dir, p]) => {
              const [o, i] = withRule(input, dir, { peers: [p] });
              return { mutation: `peer ${JSON.stringify(p)}`, input: o, path: `${dir}[${i}].peers[0]` };
            }),
        (input) =>
          fc
            .tuple(
              fc.constantFrom("ingress" as const, "egress" as const),
              fc.constantFrom(
                "10.0.0.0",
                "x",
                "10.0.0.0/",
                "",
                "300.0.0.0/8",
                "10.0.0.0/33",
                "::::/64",
                "FD00::/8",
                "fd00:0::/64",
                "10.1.0.0/8",
              ),
            )
            .map(([dir, c]) => {
              const [o, i] = withRule(input, dir, { peers: [{ ipBlock: { cidr: c } }] });
              return {
                mutation: `cidr ${JSON.stringify(c)}`,
                input: o,
                path: `${dir}[${i}].peers[0].ipBlock.cidr`,
              };
            }),
        // An except range that is not a strict subset of its block (outside, equal, larger, other family).
        (input) =>
          fc
            .tuple(
              fc.constantFrom("ingress" as const, "egress" as const),
              fc.constantFrom<[string, string]>(
                ["10.0.0.0/8", "192.168.0.0/16"],
                ["10.0.0.0/8", "10.0.0.0/8"],
                ["10.1.0.0/16", "10.0.0.0/8"],
                ["10.0.0.0/8", "::/0"],
                ["2001:db8::/32", "2001:db9::/48"],
              ),
            )
            .map(([dir, [cidr, except]]) => {
              const [o, i] = withRule(input, dir, { peers: [{ ipBlock: { cidr, except: [except] } }] });
              return {
                mutation: `except ${except} of ${cidr}`,
                input: o,
                path: `${dir}[${i}].peers[0].ipBlock.except[0]`,
                code: "invalid_value",
              };
            }),
        (input) =>
          fc
            .tuple(
              fc.constantFrom("ingress" as const, "egress" as const),
              fc.constantFrom<[unknown, string]>(
                [0, "port"],
                [70000, "port"],
                [1.5, "port"],
                ["HTTP", "port"],
                ["a--b", "port"],
                ["tcp", "protocol"],
              ),
            )
            .map(([dir, [v, field]]) => {
              const port = field === "port" ? { port: v } : { port: 80, protocol: v };
              const [o, i] = withRule(input, dir, { ports: [port] });
              return {
                mutation: `rule port ${JSON.stringify(port)}`,
                input: o,
                path: `${dir}[${i}].ports[0].${field}`,
              };
            }),
        (input) =>
          fc.constantFrom("-x", "a b").map((k) => ({
            mutation: `bad podSelector key ${k}`,
            input: { ...input, podSelector: { [k]: "v" } },
            path: pathOf(["podSelector", k]),
          })),
        (input) => {
          const rules = ruleLists(input);
          if (rules.length === 0) return undefined;
          return fc.constantFrom(...rules).map(([dir, i]) => ({
            mutation: `${dir}[${i}] not an object`,
            input: {
              ...input,
              [dir]: (input[dir] ?? []).map((r, j) => (j === i ? "all" : r)),
            } as unknown as NetworkPolicyOptions,
            path: `${dir}[${i}]`,
          }));
        },
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
