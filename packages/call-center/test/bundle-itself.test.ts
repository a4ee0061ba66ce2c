/**
 * The bundle itself: every pod runs as a numeric non-root user, so `runAsNonRoot` can be verified whatever the
 * image's USER says; every object carries the recommended labels that mean something for it, never in a
 * selector.
 */
import { K8sBuilderError, type Manifest } from "@call-center/k8s-builders";
import type { Deployment, StatefulSet } from "kubernetes-types/apps/v1.js";
import type { Ingress, NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterSecretTemplates, deployReadme, resolveConfig } from "../src/index.ts";

type Workload = Deployment | StatefulSet;
const workloads = (values: unknown = {}): Workload[] =>
  callCenter(resolveConfig("production", values)).filter(
    (o): o is Workload => o.kind === "Deployment" || o.kind === "StatefulSet",
  );
const workload = (name: string, values: unknown = {}) => {
  const w = workloads(values).find((o) => o.metadata?.name === name);
  if (w === undefined) throw new Error(`no workload ${name}`);
  return w;
};

describe("numeric user ids", () => {
  it("gives every pod that must not run as root a numeric user, group and fsGroup", () => {
    const ws = workloads();
    expect(ws.length).toBeGreaterThanOrEqual(6);
    for (const w of ws) {
      const psc = w.spec?.template.spec?.securityContext;
      expect(psc?.runAsNonRoot, w.metadata?.name).toBe(true);
      expect(psc?.runAsUser, w.metadata?.name).toEqual(expect.any(Number));
      expect(psc?.runAsUser, w.metadata?.name).toBeGreaterThan(0);
      expect(psc?.runAsGroup, w.metadata?.name).toEqual(expect.any(Number));
      expect(psc?.fsGroup, w.metadata?.name).toEqual(expect.any(Number));
    }
  });

  it.each(["call-processor", "admin-api"])("runs %s as 10001:10001 by default", (name) => {
    expect(workload(name).spec?.template.spec?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
    });
  });

  it("takes the ids from the values file", () => {
    const values = { adminApi: { securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 2000 } } };
    expect(workload("admin-api", values).spec?.template.spec?.securityContext).toMatchObject({
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 2000,
    });
    expect(workload("call-processor", values).spec?.template.spec?.securityContext?.runAsUser).toBe(10001);
  });

  it("refuses user 0 (root) at its values path", () => {
    try {
      resolveConfig("production", { callProcessor: { securityContext: { runAsUser: 0 } } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(K8sBuilderError);
      expect((e as K8sBuilderError).issues.map((i) => i.path)).toContain(
        "callProcessor.securityContext.runAsUser",
      );
    }
  });
});

describe("the recommended labels", () => {
  const RECOMMENDED = ["name", "instance", "version", "component", "part-of", "managed-by"].map(
    (k) => `app.kubernetes.io/${k}`,
  );
  // Objects that span every component at its own version: no component, no version (docs/call-center.md).
  const NAMESPACE_WIDE = ["Namespace/call-center", "NetworkPolicy/default-deny", "NetworkPolicy/allow-dns"];
  const external = { mode: "external", store: { name: "vault", kind: "SecretStore" } };
  const everything = [
    ...callCenter(resolveConfig("production", { secrets: { mode: "inline" } })),
    ...callCenter(resolveConfig("production", { secrets: external })).filter(
      (o) => o.kind === "ExternalSecret",
    ),
  ];

  it("puts the full set on every object but the namespace-wide ones, which lack only component and version", () => {
    const missing = everything.flatMap((o) => {
      const labels = o.metadata?.labels ?? {};
      const absent = RECOMMENDED.filter((k) => !(k in labels));
      return absent.length === 0 ? [] : [`${o.kind}/${o.metadata?.name}: ${absent.join(", ")}`];
    });
    expect(missing.sort()).toEqual(
      NAMESPACE_WIDE.map((k) => `${k}: app.kubernetes.io/version, app.kubernetes.io/component`).sort(),
    );
    for (const o of everything) expect(o.metadata?.labels?.environment, o.metadata?.name).toBe("production");
  });

  it("labels every object of a component with that component's name and its image's version", () => {
    const c = resolveConfig("production", {
      images: { prometheus: "prom/prometheus:v3.6.0", postgres: "postgres:16.11" },
    });
    const objects = callCenter(c);
    const of = (app: string) => objects.filter((o) => o.metadata?.labels?.["app.kubernetes.io/name"] === app);
    const versions = (app: string) =>
      new Set(of(app).map((o) => o.metadata?.labels?.["app.kubernetes.io/version"]));
    expect(
      of("prometheus")
        .map((o) => o.kind)
        .sort(),
    ).toEqual(
      ["ConfigMap", "Deployment", "NetworkPolicy", "Role", "RoleBinding", "Service", "ServiceAccount"].sort(),
    );
    expect(versions("prometheus")).toEqual(new Set(["v3.6.0"]));
    expect(of("postgresql").map((o) => `${o.kind}/${o.metadata?.name}`)).toContain(
      "ConfigMap/postgresql-initdb",
    );
    expect(versions("postgresql")).toEqual(new Set(["16.11"]));
    expect(versions("grafana")).toEqual(new Set(["12.1.1"]));
    // The image is the one configured, not the library's default.
    const prom = objects.find(
      (o) => o.kind === "Deployment" && o.metadata?.name === "prometheus",
    ) as Deployment;
    expect(prom.spec?.template.spec?.containers[0]?.image).toBe("prom/prometheus:v3.6.0");
  });

  it("labels the objects the two apps share with the apps' release, and none when their tags differ", () => {
    const shared = (values: unknown) =>
      [
        ...callCenter(resolveConfig("production", values)),
        ...callCenterSecretTemplates(resolveConfig("production", values)),
      ]
        .filter(
          (o) => o.metadata?.labels?.["app.kubernetes.io/name"] === "call-center" && o.kind !== "Namespace",
        )
        .filter((o) => !["default-deny", "allow-dns"].includes(o.metadata?.name ?? ""));
    const objects = shared({});
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual(
      [
        "ConfigMap/app-config",
        "Ingress/call-center",
        "Ingress/call-center-ws",
        "Secret/api-keys",
        "Secret/db-credentials",
        "Secret/jwt-secret",
      ].sort(),
    );
    for (const o of objects)
      expect(o.metadata?.labels?.["app.kubernetes.io/version"], o.metadata?.name).toBe("1.0.0");
    const split = shared({ images: { adminApi: "ghcr.io/call-center/admin-api:1.1.0" } });
    for (const o of split)
      expect(o.metadata?.labels, o.metadata?.name).not.toHaveProperty(["app.kubernetes.io/version"]);
  });

  it("keeps every label but name and instance out of every selector", () => {
    const selectors = everything.flatMap((o) => {
      const spec = (o as { spec?: Record<string, unknown> }).spec ?? {};
      const sel = spec.selector as
        | { matchLabels?: Record<string, string> }
        | Record<string, string>
        | undefined;
      const podSelector = spec.podSelector as { matchLabels?: Record<string, string> } | undefined;
      return [
        ...(sel === undefined
          ? []
          : [("matchLabels" in sel ? sel.matchLabels : sel) as Record<string, string>]),
        ...(podSelector?.matchLabels === undefined ? [] : [podSelector.matchLabels]),
      ];
    });
    expect(selectors.length).toBeGreaterThan(10);
    for (const sel of selectors) {
      for (const key of Object.keys(sel ?? {})) {
        expect(["app.kubernetes.io/name", "app.kubernetes.io/instance"]).toContain(key);
      }
    }
  });
});

describe("Grafana", () => {
  const find = <T>(objects: readonly Manifest[], kind: string, name: string) =>
    objects.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;
  const routedConfig = resolveConfig("production", { monitoring: { grafanaRoute: { enabled: true } } });
  const routed = callCenter(routedConfig);
  const grafana = find<Deployment>(routed, "Deployment", "grafana");
  const container = grafana?.spec?.template.spec?.containers[0];

  it("checks readiness apart from liveness: /api/health (its database) and /healthz (the web server)", () => {
    expect(container?.readinessProbe?.httpGet?.path).toBe("/grafana/api/health");
    expect(container?.livenessProbe?.httpGet?.path).toBe("/grafana/healthz");
    expect(container?.readinessProbe).not.toEqual(container?.livenessProbe);
  });

  it("is routed at https://<host>/grafana/ when asked, behind its own login", () => {
    const ing = find<Ingress>(routed, "Ingress", "grafana");
    expect(ing?.spec?.tls).toEqual([{ hosts: ["calls.example.com"], secretName: "call-center-tls" }]);
    expect(ing?.spec?.rules?.[0]?.http?.paths).toEqual([
      {
        path: "/grafana",
        pathType: "Prefix",
        backend: { service: { name: "grafana", port: { name: "http" } } },
      },
    ]);
    expect(find(routed, "Service", "grafana")).toBeDefined();
    expect(container?.env).toEqual(
      expect.arrayContaining([
        { name: "GF_SERVER_ROOT_URL", value: "https://calls.example.com/grafana/" },
        { name: "GF_SERVER_SERVE_FROM_SUB_PATH", value: "true" },
        { name: "GF_AUTH_ANONYMOUS_ENABLED", value: "false" },
        { name: "GF_USERS_ALLOW_SIGN_UP", value: "false" },
      ]),
    );
  });

  it("lets the ingress controller, and nothing else, reach Grafana's port through the NetworkPolicies", () => {
    const policy = find<NetworkPolicy>(routed, "NetworkPolicy", "grafana");
    expect(policy?.spec?.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
        ports: [{ port: 3000, protocol: "TCP" }],
      },
    ]);
  });

  it("by default has no route: no Ingress, no Service, no allowed traffic in, and the README says to port-forward", () => {
    const c = resolveConfig("production");
    const objects = callCenter(c);
    expect(find(objects, "Ingress", "grafana")).toBeUndefined();
    expect(find(objects, "Service", "grafana")).toBeUndefined();
    expect(find<NetworkPolicy>(objects, "NetworkPolicy", "grafana")?.spec?.ingress).toEqual([]);
    const probe = find<Deployment>(objects, "Deployment", "grafana")?.spec?.template.spec?.containers[0];
    expect(probe?.livenessProbe?.httpGet?.path).toBe("/healthz");
    expect(deployReadme(c)).toContain("kubectl -n call-center port-forward deployment/grafana 3000");
  });

  it("tells the README's reader where Grafana is", () => {
    expect(deployReadme(routedConfig)).toContain("https://calls.example.com/grafana/");
  });

  it.each(["/api", "/admin/grafana", "/ws"])(
    "refuses %s as Grafana's path, which an app's route holds",
    (path) => {
      try {
        resolveConfig("production", { monitoring: { grafanaRoute: { enabled: true, path } } });
        expect.unreachable();
      } catch (e) {
        expect((e as K8sBuilderError).issues).toContainEqual(
          expect.objectContaining({ path: "monitoring.grafanaRoute.path", code: "conflicting_options" }),
        );
      }
    },
  );

  it("refuses the route in inline mode, where the admin password is the placeholder", () => {
    try {
      resolveConfig("production", {
        secrets: { mode: "inline" },
        monitoring: { grafanaRoute: { enabled: true } },
      });
      expect.unreachable();
    } catch (e) {
      expect((e as K8sBuilderError).issues).toContainEqual(
        expect.objectContaining({ path: "monitoring.grafanaRoute.enabled", code: "conflicting_options" }),
      );
    }
  });
});
