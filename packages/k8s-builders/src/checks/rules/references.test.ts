import { describe, expect, it } from "vitest";
import { appContainer, base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { configMap } from "../../kinds/config-map.ts";
import { type DeploymentOptions, deployment } from "../../kinds/deployment.ts";
import { secret } from "../../kinds/secret.ts";
import { serviceAccount } from "../../kinds/service-account.ts";
import type { ContainerOptions } from "../../pod/container.ts";

const c = "spec.template.spec.containers[0]";
/** `web` with extra container options (env, envFrom) and pod options (volumes, serviceAccountName). */
const web = (container: Partial<ContainerOptions>, pod: Partial<DeploymentOptions> = {}) =>
  deployment({
    name: "web",
    namespace: NS,
    replicas: 2,
    containers: [{ ...appContainer, ...container }],
    ...pod,
  });
const bundle = (...objects: object[]) => [base().ns, base().svc, ...objects];
const settings = configMap({ name: "settings", namespace: NS, data: { LOG_LEVEL: "info" } });
const credentials = secret({ name: "db", namespace: NS, stringData: { password: "<db-password>" } });

const rows: Row[] = [
  {
    title: "envFrom a ConfigMap that is not in the bundle",
    objects: () => bundle(web({ envFrom: [{ configMap: "settings" }] })),
    code: "CONFIG_MAP_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${c}.envFrom[0].configMapRef.name`,
  },
  {
    title: "envFrom a Secret that is not in the bundle",
    objects: () => bundle(web({ envFrom: [{ secret: "db" }] })),
    code: "SECRET_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${c}.envFrom[0].secretRef.name`,
  },
  {
    title: "a secretKeyRef to a missing Secret",
    objects: () => bundle(web({ env: { DB_PASSWORD: { secretKeyRef: { name: "db", key: "password" } } } })),
    code: "SECRET_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${c}.env[0].valueFrom.secretKeyRef.name`,
  },
  {
    title: "a configMapKeyRef to a key the ConfigMap lacks",
    objects: () =>
      bundle(settings, web({ env: { LEVEL: { configMapKeyRef: { name: "settings", key: "LEVEL" } } } })),
    code: "CONFIG_KEY_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${c}.env[0].valueFrom.configMapKeyRef.key`,
  },
  {
    title: "a secretKeyRef to a key the Secret lacks",
    objects: () =>
      bundle(credentials, web({ env: { DB_USER: { secretKeyRef: { name: "db", key: "username" } } } })),
    code: "CONFIG_KEY_MISSING",
    kind: "Deployment",
    name: "web",
    path: `${c}.env[0].valueFrom.secretKeyRef.key`,
  },
  {
    title: "a secret volume of a missing Secret",
    objects: () => bundle(web({}, { volumes: [{ name: "creds", secret: { name: "db" } }] })),
    code: "SECRET_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.volumes[0].secret.secretName",
  },
  {
    title: "a configMap volume item whose key is missing",
    objects: () =>
      bundle(
        settings,
        web(
          {},
          {
            volumes: [
              {
                name: "conf",
                configMap: { name: "settings", items: [{ key: "app.yaml", path: "app.yaml" }] },
              },
            ],
          },
        ),
      ),
    code: "CONFIG_KEY_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.volumes[0].configMap.items[0].key",
  },
  {
    title: "a projected ConfigMap source that is not in the bundle",
    objects: () =>
      bundle(
        web(
          {},
          { volumes: [{ name: "all", projected: { sources: [{ configMap: { name: "settings" } }] } }] },
        ),
      ),
    code: "CONFIG_MAP_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.volumes[0].projected.sources[0].configMap.name",
  },
  {
    title: "a projected Secret item whose key is missing",
    objects: () =>
      bundle(
        credentials,
        web(
          {},
          {
            volumes: [
              {
                name: "all",
                projected: { sources: [{ secret: { name: "db", items: [{ key: "token", path: "t" }] } }] },
              },
            ],
          },
        ),
      ),
    code: "CONFIG_KEY_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.volumes[0].projected.sources[0].secret.items[0].key",
  },
  {
    title: "an init container's envFrom",
    objects: () =>
      bundle(
        edit(web({}), (d) => {
          const app = d.spec.template.spec.containers[0];
          d.spec.template.spec.initContainers = [
            {
              name: "migrate",
              image: "ghcr.io/acme/migrate:1.0.0",
              envFrom: [{ secretRef: { name: "db" } }],
              resources: app.resources,
              securityContext: app.securityContext,
            },
          ];
        }),
      ),
    code: "SECRET_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.initContainers[0].envFrom[0].secretRef.name",
  },
  {
    title: "a ServiceAccount that is not in the bundle",
    objects: () => bundle(web({}, { serviceAccountName: "web" })),
    code: "SERVICE_ACCOUNT_MISSING",
    kind: "Deployment",
    name: "web",
    path: "spec.template.spec.serviceAccountName",
  },
];

describe("reference rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts references that resolve, with their keys", () => {
    const pod = web(
      {
        envFrom: [{ configMap: "settings" }, { secret: "db" }],
        env: {
          LEVEL: { configMapKeyRef: { name: "settings", key: "LOG_LEVEL" } },
          PASSWORD: { secretKeyRef: { name: "db", key: "password" } },
        },
      },
      {
        serviceAccountName: "web",
        volumes: [
          {
            name: "all",
            projected: {
              sources: [{ configMap: { name: "settings", items: [{ key: "LOG_LEVEL", path: "l" }] } }],
            },
          },
        ],
      },
    );
    expect(
      findings(bundle(settings, credentials, serviceAccount({ name: "web", namespace: NS }), pod)),
    ).toEqual([]);
  });

  it.each([
    {
      title: "optional references",
      pod: web({
        envFrom: [{ configMap: "settings", optional: true }],
        env: { X: { secretKeyRef: { name: "db", key: "k", optional: true } } },
      }),
      options: {},
    },
    {
      title: "names listed in external",
      pod: web({ envFrom: [{ configMap: "settings" }, { secret: "db" }] }, { serviceAccountName: "web" }),
      options: { external: ["settings", "Secret/db", "ServiceAccount/web"] },
    },
    {
      title: "Secrets listed in externalSecrets",
      pod: web({ envFrom: [{ secret: "db" }] }),
      options: { externalSecrets: ["db"] },
    },
    { title: "the default ServiceAccount", pod: web({}, { serviceAccountName: "default" }), options: {} },
  ])("accepts $title", ({ pod, options }) => {
    expect(findings(bundle(pod), options)).toEqual([]);
  });

  it("does not resolve across namespaces", () => {
    const elsewhere = configMap({ name: "settings", namespace: "other", data: {} });
    expect(
      findings([...bundle(web({ envFrom: [{ configMap: "settings" }] }), elsewhere)], {
        externalNamespaces: ["other"],
      }).map((f) => f.code),
    ).toEqual(["CONFIG_MAP_MISSING"]);
  });
});
