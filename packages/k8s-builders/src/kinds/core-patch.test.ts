// The `patch` option of the builders of core objects (ConfigMap, Secret, Namespace, ServiceAccount, Service, …)
// and `patch()` on their objects: a field the options do not model is set, and a patch that breaks one of the
// builder's rules is refused with its path inside the patch, by the option and by `patch()` alike.
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { configMap } from "./config-map.ts";
import { deployment } from "./deployment.ts";
import { namespace } from "./namespace.ts";
import { secret } from "./secret.ts";
import { service, serviceFor } from "./service.ts";
import { serviceAccount } from "./service-account.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("configMap: patch", () => {
  const cm = () => configMap({ name: "app", namespace: "shop", data: { LOG_LEVEL: "info" } });

  it("sets binaryData, which the options do not model", () => {
    const c = configMap({
      name: "app",
      data: { LOG_LEVEL: "info" },
      patch: { binaryData: { "logo.png": b64("png") } },
    });
    assertSchemaValid(c);
    expect(c.binaryData).toEqual({ "logo.png": b64("png") });
    expect(c.data).toEqual({ LOG_LEVEL: "info" });
  });

  it("refuses a key in data and binaryData both, under patch", () => {
    expectIssue(
      () => configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { a: b64("1") } } }),
      "duplicate",
      "patch.binaryData.a",
    );
  });

  it("refuses binaryData that is not base64, under patch", () => {
    expectIssue(
      () => configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { b: "not base64!" } } }),
      "invalid_format",
      "patch.binaryData.b",
    );
  });

  it("refuses an invalid key, and data over 1 MiB, in patch() too", () => {
    expectIssue(() => patch(cm(), { data: { "no/slash": "x" } }), "invalid_key", 'data["no/slash"]');
    expectIssue(
      () => patch(cm(), { binaryData: { big: Buffer.alloc(1024 * 1024).toString("base64") } }),
      "too_big",
      "binaryData",
    );
  });
});

describe("base64 data as the API server reads it", () => {
  const s = () => secret({ name: "db", namespace: "shop", stringData: { password: "<db-password>" } });
  /** Base64 in lines of `width` characters (76 as `base64` and PEM tools write it): the API server skips line breaks. */
  const wrapped = (bytes: Buffer, width = 76, eol = "\n") =>
    (bytes.toString("base64").match(new RegExp(`.{1,${width}}`, "g")) ?? []).join(eol);

  it("takes binaryData wrapped in lines, and counts its decoded bytes against 1 MiB", () => {
    const logo = wrapped(Buffer.alloc(1024 * 1024 - 100), 76, "\r\n");
    const c = configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { "logo.png": logo } } });
    expect(c.binaryData?.["logo.png"]).toBe(logo);
  });

  it("refuses data with a space or a tab in it, which the API server refuses", () => {
    expectIssue(() => patch(s(), { data: { user: "PGRi LXVzZXI+" } }), "invalid_format", "data.user");
    expectIssue(() => patch(s(), { data: { user: "PGRi\tLXVzZXI+" } }), "invalid_format", "data.user");
  });

  it("reads wrapped Secret data decoded: a placeholder passes, a real value is refused", () => {
    const user = wrapped(Buffer.from("<db-user>"), 4);
    expect(user).toBe("PGRi\nLXVz\nZXI+");
    expect(patch(s(), { data: { user } }).data).toEqual({ user });
    expectIssue(
      () => patch(s(), { data: { token: wrapped(Buffer.from("hunter2"), 4) } }),
      "real_secret_value",
      "data.token",
    );
  });
});

describe("secret: patch", () => {
  const s = () => secret({ name: "db", namespace: "shop", stringData: { password: "<db-password>" } });

  it("sets immutable and a placeholder in data, which the options do not model", () => {
    const p = secret({
      name: "db",
      stringData: { password: "<db-password>" },
      patch: { immutable: true, data: { user: b64("<db-user>") } },
    });
    assertSchemaValid(p);
    expect(p.immutable).toBe(true);
    expect(p.data).toEqual({ user: b64("<db-user>") });
  });

  it("refuses a real value in stringData, under patch", () => {
    expectIssue(
      () =>
        secret({
          name: "db",
          stringData: { password: "<p>" },
          patch: { stringData: { password: "hunter2" } },
        }),
      "real_secret_value",
      "patch.stringData.password",
    );
  });

  it("refuses a real value hidden in base64 data, without repeating it", () => {
    const err = builderError(() =>
      secret({ name: "db", stringData: { password: "<p>" }, patch: { data: { token: b64("hunter2") } } }),
    );
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["real_secret_value patch.data.token"]);
    expect(err.message).not.toContain("hunter2");
    expect(err.message).not.toContain(b64("hunter2"));
  });

  it("takes real values in the patch with allowRealValues", () => {
    const p = secret({
      name: "db",
      stringData: { password: "<p>" },
      allowRealValues: true,
      patch: { data: { token: b64("hunter2") } },
    });
    expect(p.data).toEqual({ token: b64("hunter2") });
  });

  it("refuses a type whose required keys are missing, under patch", () => {
    expectIssue(
      () => secret({ name: "db", stringData: { password: "<p>" }, patch: { type: "kubernetes.io/tls" } }),
      "required",
      "patch.stringData",
    );
  });

  it("refuses in patch() what the builder refuses: a real value, data that is not base64", () => {
    expectIssue(
      () => patch(s(), { stringData: { password: "hunter2" } }),
      "real_secret_value",
      "stringData.password",
    );
    expectIssue(() => patch(s(), { data: { x: "%%%" } }), "invalid_format", "data.x");
  });
});

describe("namespace: patch", () => {
  it("sets an annotation and a Pod Security version, which the options do not model", () => {
    const n = namespace({
      name: "shop",
      patch: {
        metadata: {
          annotations: { "scheduler.alpha.kubernetes.io/node-selector": "pool=shop" },
          labels: { "pod-security.kubernetes.io/enforce-version": "v1.33" },
        },
      },
    });
    assertSchemaValid(n);
    expect(n.metadata?.labels?.["pod-security.kubernetes.io/enforce-version"]).toBe("v1.33");
    expect(n.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("refuses a Pod Security level that is not one, under patch", () => {
    expectIssue(
      () =>
        namespace({
          name: "shop",
          patch: { metadata: { labels: { "pod-security.kubernetes.io/enforce": "strict" } } },
        }),
      "invalid_value",
      'patch.metadata.labels["pod-security.kubernetes.io/enforce"]',
    );
  });

  it("refuses in patch() a Pod Security version that is not one, and a name that is not a DNS label", () => {
    expectIssue(
      () =>
        patch(namespace({ name: "shop" }), {
          metadata: { labels: { "pod-security.kubernetes.io/warn-version": "1.33" } },
        }),
      "invalid_value",
      'metadata.labels["pod-security.kubernetes.io/warn-version"]',
    );
    expectIssue(
      () => patch(namespace({ name: "shop" }), { metadata: { name: "a.b" } }),
      "invalid_format",
      "metadata.name",
    );
  });

  it("refuses a Pod Security level that is not one in the labels option too", () => {
    expectIssue(
      () => namespace({ name: "shop", labels: { "pod-security.kubernetes.io/audit": "strict" } }),
      "invalid_value",
      'labels["pod-security.kubernetes.io/audit"]',
    );
  });
});

describe("serviceAccount: patch", () => {
  it("sets secrets, which the options do not model", () => {
    const sa = serviceAccount({ name: "agent", patch: { secrets: [{ name: "agent-token" }] } });
    assertSchemaValid(sa);
    expect(sa.secrets).toEqual([{ name: "agent-token" }]);
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it("refuses an image pull Secret name that is not a name, under patch and in patch()", () => {
    expectIssue(
      () => serviceAccount({ name: "agent", patch: { imagePullSecrets: [{ name: "Not_A_Name" }] } }),
      "invalid_format",
      "patch.imagePullSecrets[0].name",
    );
    expectIssue(
      () => patch(serviceAccount({ name: "agent" }), { imagePullSecrets: [{ name: "Not_A_Name" }] }),
      "invalid_format",
      "imagePullSecrets[0].name",
    );
  });
});

describe("secret: patch() on a Secret with real values", () => {
  const real = () => secret({ name: "db", stringData: { password: "hunter2" }, allowRealValues: true });

  it("takes a patch that keeps the real values it did not write", () => {
    expect(patch(real(), { metadata: { labels: { team: "db" } } }).metadata?.labels?.team).toBe("db");
  });

  it("refuses a real value that the patch writes", () => {
    expectIssue(
      () => patch(real(), { stringData: { password: "hunter3" } }),
      "real_secret_value",
      "stringData.password",
    );
  });
});

describe("service and serviceFor: patch", () => {
  const svc = () =>
    service({
      name: "api",
      namespace: "shop",
      selector: { "app.kubernetes.io/name": "api" },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    });
  const web = () =>
    deployment({
      name: "web",
      namespace: "shop",
      containers: [
        { name: "web", image: "ghcr.io/acme/web:1.0.0", ports: [{ name: "http", containerPort: 8080 }] },
      ],
    });

  it("sets internalTrafficPolicy and a port's appProtocol, which service does not model", () => {
    const s = service({
      name: "api",
      selector: { "app.kubernetes.io/name": "api" },
      ports: [{ name: "http", port: 80 }],
      patch: { spec: { internalTrafficPolicy: "Local", ports: [{ name: "http", appProtocol: "http" }] } },
    });
    assertSchemaValid(s);
    expect(s.spec.internalTrafficPolicy).toBe("Local");
    expect(s.spec.ports?.[0]).toEqual({
      name: "http",
      port: 80,
      targetPort: 80,
      protocol: "TCP",
      appProtocol: "http",
    });
  });

  it("refuses a second port with the same number, under patch", () => {
    expectIssue(
      () =>
        service({
          name: "api",
          selector: { "app.kubernetes.io/name": "api" },
          ports: [{ name: "http", port: 80 }],
          patch: { spec: { ports: [{ name: "alt", port: 80 }] } },
        }),
      "duplicate",
      "patch.spec.ports[0].port",
    );
  });

  it("refuses in patch() a nodePort on a ClusterIP Service, a targetPort that is not a name, no selector", () => {
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", nodePort: 30080 }] } }),
      "conflicting_options",
      "spec.ports[0].nodePort",
    );
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", targetPort: "Not_A_Port" }] } }),
      "invalid_format",
      "spec.ports[0].targetPort",
    );
    expectIssue(() => patch(svc(), { spec: { selector: null } }), "required", "spec.selector");
  });

  it("refuses in patch() a type the builders do not write, and a headless Service of another type", () => {
    expectIssue(() => patch(svc(), { spec: { type: "ExternalName" } }), "invalid_value", "spec.type");
    expectIssue(
      () => patch(svc(), { spec: { type: "NodePort", clusterIP: "None" } }),
      "conflicting_options",
      "spec.clusterIP",
    );
  });

  it("refuses a port protocol that is an object without a prototype with the library error", () => {
    expectIssue(
      () => patch(svc(), { spec: { ports: [{ name: "http", protocol: Object.create(null) }] } }),
      "invalid_type",
      "spec.ports[0].protocol",
    );
  });

  it("serviceFor applies the patch after deriving, and reports its problems under patch", () => {
    const s = serviceFor(web(), { patch: { spec: { publishNotReadyAddresses: true } } });
    expect(s.spec.publishNotReadyAddresses).toBe(true);
    expect(s.spec.selector).toEqual(web().spec.selector.matchLabels);
    expectIssue(
      () => serviceFor(web(), { patch: { spec: { loadBalancerSourceRanges: ["10.0.0.0/8"] } } }),
      "conflicting_options",
      "patch.spec.loadBalancerSourceRanges",
    );
  });
});

describe("service: patch of the spec fields the builders do not write, checked as the API server checks them", () => {
  const selector = { "app.kubernetes.io/name": "api" };
  const clusterIp = () => service({ name: "api", selector, ports: [{ name: "http", port: 80 }] });
  const headless = () =>
    service({ name: "db", headless: true, selector, ports: [{ name: "pg", port: 5432 }] });
  const loadBalancer = () =>
    service({
      name: "edge",
      type: "LoadBalancer",
      externalTrafficPolicy: "Local",
      selector,
      ports: [{ name: "https", port: 443, nodePort: 30443 }],
    });
  const bases = { clusterIp, headless, loadBalancer };
  /** The only issue of `patch(base, partial)`, as `code path`. */
  const onlyIssue = (base: keyof typeof bases, partial: object) =>
    builderError(() => patch(bases[base](), partial)).issues.map((i) => `${i.code} ${i.path}`);

  it.each([
    // externalIPs: addresses (written as Kubernetes writes them), none of the special ones (ValidateEndpointIP)
    { base: "clusterIp", spec: { externalIPs: ["203.0.113.300"] }, at: "invalid_format spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["010.0.0.1"] }, at: "invalid_format spec.externalIPs[0]" },
    {
      base: "clusterIp",
      spec: { externalIPs: ["::ffff:203.0.113.1"] },
      at: "invalid_format spec.externalIPs[0]",
    },
    { base: "clusterIp", spec: { externalIPs: ["0.0.0.0"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["::"] }, at: "invalid_value spec.externalIPs[0]" },
    {
      base: "clusterIp",
      spec: { externalIPs: ["203.0.113.1", "127.0.0.2"] },
      at: "invalid_value spec.externalIPs[1]",
    },
    { base: "clusterIp", spec: { externalIPs: ["::1"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["169.254.1.1"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["fe80::1"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["224.0.0.251"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "clusterIp", spec: { externalIPs: ["ff02::fb"] }, at: "invalid_value spec.externalIPs[0]" },
    { base: "headless", spec: { externalIPs: ["203.0.113.1"] }, at: "conflicting_options spec.externalIPs" },
    // IP families and their policy
    { base: "clusterIp", spec: { ipFamilies: ["IPv5"] }, at: "invalid_value spec.ipFamilies[0]" },
    { base: "clusterIp", spec: { ipFamilies: ["IPv4", "IPv4"] }, at: "duplicate spec.ipFamilies[1]" },
    {
      base: "clusterIp",
      spec: { ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv6", "IPv4", "IPv6"] },
      at: "duplicate spec.ipFamilies[2]",
    },
    { base: "clusterIp", spec: { ipFamilyPolicy: "DualStack" }, at: "invalid_value spec.ipFamilyPolicy" },
    {
      base: "clusterIp",
      spec: { ipFamilies: ["IPv4", "IPv6"] },
      at: "conflicting_options spec.ipFamilyPolicy",
    },
    {
      base: "clusterIp",
      spec: { ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6", "IPv4"] },
      at: "conflicting_options spec.ipFamilyPolicy",
    },
    // cluster IPs: only a headless Service's, and then exactly ["None"]
    { base: "clusterIp", spec: { clusterIPs: ["None"] }, at: "conflicting_options spec.clusterIPs" },
    { base: "headless", spec: { clusterIPs: ["None", "None"] }, at: "too_big spec.clusterIPs" },
    { base: "headless", spec: { clusterIPs: ["10.96.0.10"] }, at: "invalid_value spec.clusterIPs[0]" },
    // LoadBalancer settings
    {
      base: "loadBalancer",
      spec: { loadBalancerIP: "203.0.113.07" },
      at: "invalid_format spec.loadBalancerIP",
    },
    {
      base: "clusterIp",
      spec: { loadBalancerIP: "203.0.113.7" },
      at: "conflicting_options spec.loadBalancerIP",
    },
    {
      base: "loadBalancer",
      spec: { loadBalancerClass: "example.com/a/b" },
      at: "invalid_format spec.loadBalancerClass",
    },
    {
      base: "clusterIp",
      spec: { loadBalancerClass: "example.com/internal" },
      at: "conflicting_options spec.loadBalancerClass",
    },
    {
      base: "clusterIp",
      spec: { allocateLoadBalancerNodePorts: false },
      at: "conflicting_options spec.allocateLoadBalancerNodePorts",
    },
    { base: "loadBalancer", spec: { healthCheckNodePort: 8080 }, at: "too_small spec.healthCheckNodePort" },
    { base: "loadBalancer", spec: { healthCheckNodePort: 30443 }, at: "duplicate spec.healthCheckNodePort" },
    {
      base: "loadBalancer",
      spec: { externalTrafficPolicy: "Cluster", healthCheckNodePort: 31000 },
      at: "conflicting_options spec.healthCheckNodePort",
    },
    {
      base: "clusterIp",
      spec: { healthCheckNodePort: 31000 },
      at: "conflicting_options spec.healthCheckNodePort",
    },
    // session affinity, traffic, ExternalName
    {
      base: "clusterIp",
      spec: { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } },
      at: "too_small spec.sessionAffinityConfig.clientIP.timeoutSeconds",
    },
    {
      base: "clusterIp",
      spec: { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } },
      at: "too_big spec.sessionAffinityConfig.clientIP.timeoutSeconds",
    },
    {
      base: "clusterIp",
      spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } } },
      at: "conflicting_options spec.sessionAffinityConfig",
    },
    {
      base: "clusterIp",
      spec: { internalTrafficPolicy: "Node" },
      at: "invalid_value spec.internalTrafficPolicy",
    },
    {
      base: "clusterIp",
      spec: { trafficDistribution: "Nearest" },
      at: "invalid_value spec.trafficDistribution",
    },
    {
      base: "clusterIp",
      spec: { externalName: "db.example.com" },
      at: "conflicting_options spec.externalName",
    },
    {
      base: "clusterIp",
      spec: { publishNotReadyAddresses: "yes" },
      at: "invalid_type spec.publishNotReadyAddresses",
    },
  ] as const)("refuses $spec on the $base Service: $at", ({ base, spec, at }) => {
    expect(onlyIssue(base, { spec })).toEqual([at]);
  });

  it("refuses annotations the API server reads on a Service: differing topology modes, source ranges", () => {
    expect(
      onlyIssue("clusterIp", {
        metadata: {
          annotations: {
            "service.kubernetes.io/topology-mode": "Auto",
            "service.kubernetes.io/topology-aware-hints": "Disabled",
          },
        },
      }),
    ).toEqual(['conflicting_options metadata.annotations["service.kubernetes.io/topology-mode"]']);
    expect(
      onlyIssue("loadBalancer", {
        metadata: {
          annotations: { "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8, 10.1.2.3/8" },
        },
      }),
    ).toEqual([
      'invalid_format metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]',
    ]);
    expect(
      onlyIssue("clusterIp", {
        metadata: { annotations: { "service.beta.kubernetes.io/load-balancer-source-ranges": "10.0.0.0/8" } },
      }),
    ).toEqual([
      'conflicting_options metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]',
    ]);
  });

  it("reports a refused field under patch in the options of service and serviceFor", () => {
    expectIssue(
      () =>
        service({
          name: "api",
          selector,
          ports: [{ name: "http", port: 80 }],
          patch: { spec: { loadBalancerClass: "example.com/internal" } },
        }),
      "conflicting_options",
      "patch.spec.loadBalancerClass",
    );
    expectIssue(
      () =>
        serviceFor(
          deployment({
            name: "web",
            containers: [
              {
                name: "web",
                image: "ghcr.io/acme/web:1.0.0",
                ports: [{ name: "http", containerPort: 8080 }],
              },
            ],
          }),
          { patch: { spec: { externalIPs: ["127.0.0.1"] } } },
        ),
      "invalid_value",
      "patch.spec.externalIPs[0]",
    );
  });

  it("takes a LoadBalancer's class, IP, health check port and node port allocation", () => {
    const s = patch(loadBalancer(), {
      spec: {
        loadBalancerClass: "example.com/internal",
        loadBalancerIP: "203.0.113.7",
        healthCheckNodePort: 31000,
        allocateLoadBalancerNodePorts: false,
      },
    });
    assertSchemaValid(s);
    expect(s.spec).toMatchObject({
      type: "LoadBalancer",
      loadBalancerClass: "example.com/internal",
      loadBalancerIP: "203.0.113.7",
      healthCheckNodePort: 31000,
      allocateLoadBalancerNodePorts: false,
    });
  });

  it("takes dual-stack families with a dual-stack policy, external IPs, ClientIP affinity with a timeout", () => {
    const s = service({
      name: "api",
      selector,
      ports: [{ name: "http", port: 80 }],
      sessionAffinity: "ClientIP",
      patch: {
        spec: {
          ipFamilyPolicy: "PreferDualStack",
          ipFamilies: ["IPv4", "IPv6"],
          externalIPs: ["203.0.113.10", "2001:db8::10"],
          externalTrafficPolicy: "Local",
          sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
          trafficDistribution: "PreferSameZone",
          internalTrafficPolicy: "Local",
        },
      },
    });
    assertSchemaValid(s);
    expect(s.spec).toMatchObject({
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      externalIPs: ["203.0.113.10", "2001:db8::10"],
      externalTrafficPolicy: "Local",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } },
    });
  });

  it("takes one family with any policy, RequireDualStack with one family, the headless clusterIPs", () => {
    expect(patch(clusterIp(), { spec: { ipFamilies: ["IPv6"] } }).spec.ipFamilies).toEqual(["IPv6"]);
    expect(
      patch(clusterIp(), { spec: { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv6"] } }).spec
        .ipFamilyPolicy,
    ).toBe("RequireDualStack");
    expect(patch(headless(), { spec: { clusterIPs: ["None"] } }).spec.clusterIPs).toEqual(["None"]);
    expect(patch(headless(), { spec: { trafficDistribution: "PreferClose" } }).spec.trafficDistribution).toBe(
      "PreferClose",
    );
  });
});
