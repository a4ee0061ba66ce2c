// The spec fields of a Service that the builders do not write, set by a patch (see core-patch.test.ts).
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { deployment } from "./deployment.ts";
import { service, serviceFor } from "./service.ts";

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
