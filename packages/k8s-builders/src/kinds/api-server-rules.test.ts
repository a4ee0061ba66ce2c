// Options the real API server refuses (or accepts but never runs): each builder refuses them at the field,
// with the code below. Issue 12, "Builders: what the API server refuses" and "accepted, but never runs".
import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import type { ContainerOptions } from "../pod/container.ts";
import { type ConfigMapOptions, configMap } from "./config-map.ts";
import { type DeploymentOptions, deployment } from "./deployment.ts";
import { hpaFor } from "./hpa.ts";
import { type IngressOptions, ingress } from "./ingress.ts";
import { type NetworkPolicyOptions, networkPolicy } from "./network-policy.ts";
import { pdb } from "./pdb.ts";
import { type SecretOptions, secret } from "./secret.ts";
import { type ServiceOptions, service } from "./service.ts";
import { type StatefulSetOptions, statefulSet } from "./stateful-set.ts";

const c0 = { name: "app", image: "app:1.0", ports: [{ containerPort: 8080 }] } satisfies ContainerOptions;
const withC = (c: object, extra: object = {}) =>
  ({ name: "app", containers: [{ ...c0, ...c }], ...extra }) as DeploymentOptions;
const MiB = 1024 * 1024;

describe("deployment: pod fields the API server refuses", () => {
  const probe = (headers: Record<string, string>) => ({
    readinessProbe: { http: { path: "/", port: 8080, headers } },
  });
  const envRef = (ref: object) => ({ env: { A: ref } });
  it.each([
    {
      name: "header with a space",
      options: withC(probe({ "X Bad": "1" })),
      code: "invalid_key",
      path: 'containers[0].readinessProbe.http.headers["X Bad"]',
    },
    {
      name: "empty header",
      options: withC(probe({ "": "1" })),
      code: "invalid_key",
      path: 'containers[0].readinessProbe.http.headers[""]',
    },
    {
      name: "header with a colon",
      options: withC(probe({ "Host:": "1" })),
      code: "invalid_key",
      path: 'containers[0].readinessProbe.http.headers["Host:"]',
    },
    {
      name: "prefix with '='",
      options: withC({ envFrom: [{ configMap: "c", prefix: "A=B" }] }),
      code: "invalid_format",
      path: "containers[0].envFrom[0].prefix",
    },
    {
      name: "prefix not ASCII",
      options: withC({ envFrom: [{ secret: "s", prefix: "é_" }] }),
      code: "invalid_format",
      path: "containers[0].envFrom[0].prefix",
    },
    {
      name: "empty prefix",
      options: withC({ envFrom: [{ secret: "s", prefix: "" }] }),
      code: "invalid_format",
      path: "containers[0].envFrom[0].prefix",
    },
    {
      name: "key ..",
      options: withC(envRef({ secretKeyRef: { name: "s", key: ".." } })),
      code: "invalid_format",
      path: "containers[0].env.A.secretKeyRef.key",
    },
    {
      name: "key ..data",
      options: withC(envRef({ configMapKeyRef: { name: "c", key: "..data" } })),
      code: "invalid_format",
      path: "containers[0].env.A.configMapKeyRef.key",
    },
    {
      name: "key of 254",
      options: withC(envRef({ secretKeyRef: { name: "s", key: "k".repeat(254) } })),
      code: "invalid_format",
      path: "containers[0].env.A.secretKeyRef.key",
    },
    {
      name: "label key not a key",
      options: withC(envRef({ fieldRef: { fieldPath: "metadata.labels['a b']" } })),
      code: "invalid_format",
      path: "containers[0].env.A.fieldRef.fieldPath",
    },
    {
      name: "annotation key not a key",
      options: withC(envRef({ fieldRef: { fieldPath: "metadata.annotations['-x']" } })),
      code: "invalid_format",
      path: "containers[0].env.A.fieldRef.fieldPath",
    },
    {
      name: "pod annotations over 256 KiB",
      options: withC({}, { podAnnotations: { a: "x".repeat(256 * 1024) } }),
      code: "too_big",
      path: "podAnnotations",
    },
    {
      name: "object annotations over 256 KiB",
      options: withC({}, { annotations: { a: "x".repeat(200 * 1024), b: "y".repeat(100 * 1024) } }),
      code: "too_big",
      path: "annotations",
    },
    {
      name: "a Secret volume named like the writable /tmp emptyDir",
      options: withC(
        { volumeMounts: [{ name: "tmp", mountPath: "/secrets" }] },
        { volumes: [{ name: "tmp", secret: { name: "s" } }] },
      ),
      code: "conflicting_options",
      path: "volumes[0].name",
    },
    {
      name: "an item path with ..",
      options: withC(
        {},
        { volumes: [{ name: "v", configMap: { name: "cm", items: [{ key: "k", path: "../x" }] } }] },
      ),
      code: "invalid_format",
      path: "volumes[0].configMap.items[0].path",
    },
    {
      name: "an absolute item path",
      options: withC(
        {},
        { volumes: [{ name: "v", secret: { name: "s", items: [{ key: "k", path: "/abs" }] } }] },
      ),
      code: "invalid_format",
      path: "volumes[0].secret.items[0].path",
    },
    {
      name: "an item key that no Secret can have",
      options: withC(
        {},
        { volumes: [{ name: "v", secret: { name: "s", items: [{ key: "a b", path: "x" }] } }] },
      ),
      code: "invalid_format",
      path: "volumes[0].secret.items[0].key",
    },
    {
      name: "a subPath leaving the volume",
      options: withC(
        { volumeMounts: [{ name: "v", mountPath: "/x", subPath: "../etc" }] },
        { volumes: [{ name: "v", emptyDir: {} }] },
      ),
      code: "invalid_format",
      path: "containers[0].volumeMounts[0].subPath",
    },
    {
      name: "a projected source with neither ConfigMap nor Secret",
      options: withC({}, { volumes: [{ name: "v", projected: { sources: [{}] } }] }),
      code: "invalid_value",
      path: "volumes[0].projected.sources[0]",
    },
    {
      name: "a projected source with both ConfigMap and Secret",
      options: withC(
        {},
        {
          volumes: [
            { name: "v", projected: { sources: [{ configMap: { name: "a" }, secret: { name: "b" } }] } },
          ],
        },
      ),
      code: "invalid_value",
      path: "volumes[0].projected.sources[0]",
    },
    {
      name: "two projected sources writing one path",
      options: withC(
        {},
        {
          volumes: [
            {
              name: "v",
              projected: {
                sources: [
                  { configMap: { name: "a", items: [{ key: "x", path: "app.conf" }] } },
                  { secret: { name: "b", items: [{ key: "y", path: "app.conf" }] } },
                ],
              },
            },
          ],
        },
      ),
      code: "duplicate",
      path: "volumes[0].projected.sources[1].secret.items[0].path",
    },
  ])("$name → $code at $path", ({ options, code, path }) => {
    expectIssue(() => deployment(options), code, path);
  });

  it("accepts what the API server accepts: header names, relaxed prefixes, keys, label subscripts", () => {
    const d = deployment(
      withC({
        ...probe({ "X-Probe": "1", Authorization: "<token>" }),
        envFrom: [{ configMap: "c", prefix: "my prefix." }],
        env: {
          A: { secretKeyRef: { name: "s", key: ".hidden" } },
          B: { fieldRef: { fieldPath: "metadata.labels['app.kubernetes.io/name']" } },
          C: { fieldRef: { fieldPath: "metadata.annotations['Example.COM/Note']" } },
        },
      }),
    );
    assertSchemaValid(d);
    expect(d.spec?.template?.spec?.containers[0]?.envFrom).toEqual([
      { prefix: "my prefix.", configMapRef: { name: "c" } },
    ]);
  });

  it("keeps an emptyDir named like a writable path: it is the writable volume, sized by the user", () => {
    const d = deployment(withC({}, { volumes: [{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }] }));
    expect(d.spec?.template?.spec?.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "1Gi" } }]);
  });
});

describe("other builders: fields the API server refuses", () => {
  it.each([
    {
      name: "appProtocol with a space",
      options: { name: "s", selector: {}, ports: [{ port: 80, appProtocol: "my proto" }] },
      code: "invalid_format",
      path: "ports[0].appProtocol",
    },
    {
      name: "appProtocol with two slashes",
      options: { name: "s", selector: {}, ports: [{ port: 80, appProtocol: "a/b/c" }] },
      code: "invalid_format",
      path: "ports[0].appProtocol",
    },
  ])("service: $name → $code at $path", ({ options, code, path }) => {
    expectIssue(() => service(options as ServiceOptions), code, path);
  });

  it("service: accepts IANA and prefixed protocol names", () => {
    const s = service({
      name: "s",
      selector: {},
      ports: [
        { name: "a", port: 80, appProtocol: "http" },
        { name: "b", port: 81, appProtocol: "kubernetes.io/h2c" },
      ],
    });
    expect(s.spec?.ports?.map((p) => p.appProtocol)).toEqual(["http", "kubernetes.io/h2c"]);
  });

  it("secret: data over 1 MiB is refused, as for ConfigMaps", () => {
    expectIssue(
      () => secret({ name: "s", stringData: { a: "<x>".repeat(MiB / 3 + 1) } } as SecretOptions),
      "too_big",
      "stringData",
    );
    expectIssue(
      () => configMap({ name: "c", data: { a: "x".repeat(MiB) } } as ConfigMapOptions),
      "too_big",
      "data",
    );
  });

  const backend = { service: { name: "web", port: 80 } };
  it.each([
    {
      name: "IPv4 host",
      options: { name: "i", rules: [{ host: "10.0.0.1", paths: [{ path: "/", ...backend }] }] },
      path: "rules[0].host",
    },
    ...["/a//b", "/a/./b", "/a/../b", "/a%2fb", "/a%2Fb", "/a/.", "/a/.."].map((p) => ({
      name: `Prefix path ${p}`,
      options: { name: "i", rules: [{ paths: [{ path: p, ...backend }] }] },
      path: "rules[0].paths[0].path",
    })),
  ])("ingress: $name → invalid_format at $path", ({ options, path }) => {
    expectIssue(() => ingress(options as IngressOptions), "invalid_format", path);
  });

  it("ingress: an ImplementationSpecific path may be anything the controller reads", () => {
    const i = ingress({
      name: "i",
      rules: [{ paths: [{ path: "/a//b", pathType: "ImplementationSpecific", ...backend }] }],
    });
    expect(i.spec?.rules?.[0]?.http?.paths[0]?.path).toBe("/a//b");
  });

  const block = (ipBlock: object) =>
    ({ name: "n", podSelector: {}, egress: [{ peers: [{ ipBlock }] }] }) as NetworkPolicyOptions;
  it.each([
    { name: "except outside the block", options: block({ cidr: "10.0.0.0/8", except: ["192.168.0.0/16"] }) },
    { name: "except equal to the block", options: block({ cidr: "10.0.0.0/8", except: ["10.0.0.0/8"] }) },
    { name: "except larger than the block", options: block({ cidr: "10.1.0.0/16", except: ["10.0.0.0/8"] }) },
    { name: "except of the other family", options: block({ cidr: "10.0.0.0/8", except: ["::/0"] }) },
  ])("networkPolicy: $name → invalid_value at the except range", ({ options }) => {
    expectIssue(() => networkPolicy(options), "invalid_value", "egress[0].peers[0].ipBlock.except[0]");
  });

  it("networkPolicy: except ranges inside the block are kept", () => {
    const p = networkPolicy(block({ cidr: "2001:db8::/32", except: ["2001:db8:1::/48", "2001:db8::1/128"] }));
    expect(p.spec?.egress?.[0]?.to?.[0]?.ipBlock?.except).toEqual(["2001:db8:1::/48", "2001:db8::1/128"]);
  });

  it("statefulSet: a name over 52 characters never gets pods (kubernetes/kubernetes#64023)", () => {
    const options = (n: number) => ({ name: "s".repeat(n), containers: [c0] }) as StatefulSetOptions;
    expectIssue(() => statefulSet(options(53)), "too_big", "name");
    expectIssue(() => statefulSet(options(63)), "too_big", "name");
    expect(statefulSet(options(52)).metadata?.name).toBe("s".repeat(52));
  });
});

describe("own __proto__ keys (options read from JSON or YAML)", () => {
  it.each([
    { json: '{"name":"c","data":{"__proto__":"x"}}', path: "data.__proto__", code: "invalid_key" },
    {
      json: '{"name":"c","data":{},"annotations":{"__proto__":"x"}}',
      path: "annotations.__proto__",
      code: "invalid_key",
    },
    { json: '{"__proto__":{},"name":"c","data":{}}', path: "__proto__", code: "unknown_option" },
  ])("configMap refuses $path instead of dropping it", ({ json, path, code }) => {
    expectIssue(() => configMap(JSON.parse(json) as ConfigMapOptions), code, path);
  });
});

describe("int32 fields beyond 2^31 − 1", () => {
  it.each([
    {
      name: "hpaFor cpuUtilization",
      build: () => hpaFor(deployment(withC({})), { maxReplicas: 3, cpuUtilization: 3e9 }),
      path: "cpuUtilization",
    },
    {
      name: "hpaFor memoryUtilization",
      build: () => hpaFor(deployment(withC({})), { maxReplicas: 3, memoryUtilization: 3e9 }),
      path: "memoryUtilization",
    },
    {
      name: "pdb minAvailable",
      build: () => pdb({ name: "p", selector: { a: "b" }, minAvailable: 3e9 }),
      path: "minAvailable",
    },
    {
      name: "pdb maxUnavailable",
      build: () => pdb({ name: "p", selector: { a: "b" }, maxUnavailable: 3e9 }),
      path: "maxUnavailable",
    },
  ])("$name 3e9 → too_big", ({ build, path }) => {
    expectIssue(build, "too_big", path);
  });
});
