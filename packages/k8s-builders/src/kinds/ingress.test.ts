import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { type IngressOptions, ingress } from "./ingress.ts";

const paths = [
  { path: "/api", service: { name: "admin-api", port: "http" } },
  { path: "/ws", pathType: "Exact", service: { name: "call-processor", port: 8080 } },
] satisfies IngressOptions["rules"][number]["paths"];
const base = {
  name: "web",
  namespace: "ns",
  tls: [{ hosts: ["calls.example.com"], secretName: "calls-tls" }],
  rules: [
    {
      host: "calls.example.com",
      paths,
    },
  ],
} satisfies IngressOptions;

describe("ingress", () => {
  it("writes TLS and rules with Prefix paths by default and backends by port name or number", () => {
    const i = ingress(base);
    assertSchemaValid(i);
    expect(i.spec).toEqual({
      tls: [{ hosts: ["calls.example.com"], secretName: "calls-tls" }],
      rules: [
        {
          host: "calls.example.com",
          http: {
            paths: [
              {
                path: "/api",
                pathType: "Prefix",
                backend: { service: { name: "admin-api", port: { name: "http" } } },
              },
              {
                path: "/ws",
                pathType: "Exact",
                backend: { service: { name: "call-processor", port: { number: 8080 } } },
              },
            ],
          },
        },
      ],
    });
  });

  it("adds the ingress-nginx preset: class, TLS redirect and WebSocket timeouts", () => {
    const i = ingress({ ...base, controller: "nginx", websocketTimeoutSeconds: 3600, maxBodySize: "10m" });
    assertSchemaValid(i);
    expect(i.spec?.ingressClassName).toBe("nginx");
    expect(i.metadata?.annotations).toEqual({
      "nginx.ingress.kubernetes.io/ssl-redirect": "true",
      "nginx.ingress.kubernetes.io/proxy-body-size": "10m",
      "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600",
      "nginx.ingress.kubernetes.io/proxy-send-timeout": "3600",
    });
  });

  it("adds the Traefik preset: class and TLS router annotations", () => {
    const i = ingress({ ...base, controller: "traefik" });
    expect(i.spec?.ingressClassName).toBe("traefik");
    expect(i.metadata?.annotations).toEqual({
      "traefik.ingress.kubernetes.io/router.entrypoints": "websecure",
      "traefik.ingress.kubernetes.io/router.tls": "true",
    });
  });

  it("lets the caller's class and annotations win over the preset", () => {
    const i = ingress({
      ...base,
      controller: "nginx",
      ingressClassName: "internal",
      annotations: { "nginx.ingress.kubernetes.io/ssl-redirect": "false" },
    });
    expect(i.spec?.ingressClassName).toBe("internal");
    expect(i.metadata?.annotations?.["nginx.ingress.kubernetes.io/ssl-redirect"]).toBe("false");
  });

  it.each([
    { options: { ...base, rules: [] }, code: "too_small", path: "rules" },
    {
      options: { ...base, rules: [{ host: "Bad_Host", paths: paths }] },
      code: "invalid_value",
      path: "rules[0].host",
    },
    {
      options: {
        ...base,
        rules: [{ host: "calls.example.com", paths: [{ path: "api", service: { name: "a", port: 80 } }] }],
      },
      code: "invalid_format",
      path: "rules[0].paths[0].path",
    },
    {
      options: { ...base, rules: [{ host: "other.example.com", paths: paths }] },
      code: "host_without_tls",
      path: "rules[0].host",
    },
    {
      options: {
        ...base,
        rules: [{ host: "calls.example.com", paths: [paths[0], paths[0]] }],
      },
      code: "duplicate",
      path: "rules[0].paths[1].path",
    },
    {
      options: { ...base, controller: "traefik", websocketTimeoutSeconds: 60 },
      code: "conflicting_options",
      path: "websocketTimeoutSeconds",
    },
    { options: { ...base, controller: "haproxy" }, code: "invalid_value", path: "controller" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => ingress(options as IngressOptions), code, path);
  });
});
