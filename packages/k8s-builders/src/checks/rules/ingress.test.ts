import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { type IngressOptions, ingress } from "../../kinds/ingress.ts";
import { secret } from "../../kinds/secret.ts";

const host = "shop.example.com";
const ing = (service: { name: string; port: string | number }, extra: Partial<IngressOptions> = {}) =>
  ingress({
    name: "web",
    namespace: NS,
    controller: "nginx",
    rules: [{ host, paths: [{ path: "/", service }] }],
    ...extra,
  });
const tls = { tls: [{ hosts: [host], secretName: "shop-tls" }] };
const backend = "spec.rules[0].http.paths[0].backend.service";

const rows: Row[] = [
  {
    title: "a backend Service that is not in the bundle",
    objects: () => [...base().all, ing({ name: "wbe", port: "http" })],
    code: "INGRESS_SERVICE_MISSING",
    kind: "Ingress",
    name: "web",
    path: `${backend}.name`,
  },
  {
    title: "a backend port name the Service does not have",
    objects: () => [...base().all, ing({ name: "web", port: "https" })],
    code: "INGRESS_SERVICE_PORT_MISSING",
    kind: "Ingress",
    name: "web",
    path: `${backend}.port.name`,
  },
  {
    title: "a backend port number the Service does not have",
    objects: () => [...base().all, ing({ name: "web", port: 80 })],
    code: "INGRESS_SERVICE_PORT_MISSING",
    kind: "Ingress",
    name: "web",
    path: `${backend}.port.number`,
  },
  {
    title: "a default backend that is not in the bundle",
    objects: () => [
      ...base().all,
      edit(ing({ name: "web", port: "http" }), (i) => {
        i.spec.defaultBackend = { service: { name: "fallback", port: { number: 80 } } };
      }),
    ],
    code: "INGRESS_SERVICE_MISSING",
    kind: "Ingress",
    name: "web",
    path: "spec.defaultBackend.service.name",
  },
  {
    title: "a TLS Secret made outside the bundle",
    objects: () => [...base().all, ing({ name: "web", port: "http" }, tls)],
    code: "INGRESS_TLS_SECRET_EXTERNAL",
    kind: "Ingress",
    name: "web",
    path: "spec.tls[0].secretName",
  },
];

describe("ingress rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts backends by port name and number", () => {
    expect(
      findings([
        ...base().all,
        ing({ name: "web", port: "http" }),
        ing(
          { name: "web", port: 8080 },
          { name: "web2", rules: [{ host, paths: [{ path: "/v2", service: { name: "web", port: 8080 } }] }] },
        ),
      ]),
    ).toEqual([]);
  });

  it.each([
    { title: "listed in externalSecrets", extra: [], options: { externalSecrets: ["shop-tls"] } },
    { title: "listed in external", extra: [], options: { external: ["Secret/shop-tls"] } },
    {
      title: "in the bundle",
      extra: [
        secret({
          name: "shop-tls",
          namespace: NS,
          type: "kubernetes.io/tls",
          stringData: { "tls.crt": "<crt>", "tls.key": "<key>" },
        }),
      ],
      options: {},
    },
    {
      title: "written by a cert-manager Certificate of the bundle",
      extra: [
        {
          apiVersion: "cert-manager.io/v1",
          kind: "Certificate",
          metadata: { name: "shop", namespace: NS },
          spec: { secretName: "shop-tls" },
        },
      ],
      options: {},
    },
  ])("accepts a TLS Secret $title", ({ extra, options }) => {
    expect(findings([...base().all, ...extra, ing({ name: "web", port: "http" }, tls)], options)).toEqual([]);
  });

  it("accepts a TLS Secret that cert-manager creates from the Ingress's annotations", () => {
    const i = ing(
      { name: "web", port: "http" },
      { ...tls, annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } },
    );
    expect(findings([...base().all, i])).toEqual([]);
  });

  it("reads the networking.k8s.io/v1beta1 backend shape", () => {
    const legacy = {
      apiVersion: "networking.k8s.io/v1beta1",
      kind: "Ingress",
      metadata: { name: "old", namespace: NS },
      spec: {
        rules: [{ http: { paths: [{ path: "/", backend: { serviceName: "web", servicePort: "https" } }] } }],
      },
    };
    expect(findings([...base().all, legacy]).map((f) => [f.code, f.path])).toEqual([
      ["INGRESS_SERVICE_PORT_MISSING", "spec.rules[0].http.paths[0].backend.servicePort"],
      ["API_VERSION_REMOVED", "apiVersion"],
    ]);
  });
});
