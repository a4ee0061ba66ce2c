/**
 * The options of {@link grafana}: what each sets, its default and why, and the Grafana or Kubernetes reference
 * (`monitoring` takes them too, without the ones it sets for every part).
 */
import * as z from "zod/mini";
import { k8sApi, lazyObject, objectSchema, once, option, required } from "../base/options.ts";
import { configMapKey, dnsLabel, dnsSubdomain, image, portName } from "../base/primitives.ts";
import { serviceObject } from "../kinds/service-facts.ts";
import { envSchema } from "../pod/env.ts";
import { resourcesSchema } from "../pod/resources.ts";
import { DEFAULT_DATASOURCE_UID, datasourceUid, type GrafanaDashboard } from "./dashboard.ts";
import { stackLabelsShape } from "./stack-labels.ts";
import { storageOption } from "./storage.ts";

/** Default Grafana image. */
export const GRAFANA_IMAGE = "grafana/grafana:12.1.1";

/** An http(s) URL without query or fragment: Grafana's `root_url`. */
const rootUrlSchema = once(() =>
  z.string().check(
    z.regex(/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/, {
      error: "expected an http(s) URL without query or fragment, such as https://calls.example.com/grafana/",
    }),
  ),
);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";
/** A datasource reference as dashboard() writes it (the rules compare its uid with Grafana's datasource). */
const isDatasourceRef = (v: unknown): boolean => isRecord(v) && typeof v.uid === "string";

/** What dashboard() returns, as far as grafana reads it: a junk panel is refused here, not a TypeError later. */
function isDashboard(v: unknown): v is GrafanaDashboard {
  if (!isRecord(v) || typeof v.uid !== "string" || typeof v.title !== "string" || !Array.isArray(v.panels))
    return false;
  return v.panels.every(
    (panel: unknown) =>
      isRecord(panel) &&
      isDatasourceRef(panel.datasource) &&
      Array.isArray(panel.targets) &&
      panel.targets.every((t: unknown) => isRecord(t) && isDatasourceRef(t.datasource)),
  );
}

const PROVISIONING = "https://grafana.com/docs/grafana/latest/administration/provisioning/";
const CONFIGURE = "https://grafana.com/docs/grafana/latest/setup-grafana/configure-grafana/";
const OBJECT_META = k8sApi("common-definitions/object-meta", "ObjectMeta");

const adminSecretSchema = objectSchema(() => ({
  /** Name of the Secret (in Grafana's namespace). */
  name: required(dnsSubdomain, {
    description: "Name of the Secret (in Grafana's namespace).",
    k8s: CONFIGURE,
  }),
  /** Key of the admin user name in the Secret. @default "admin-user" */
  userKey: option(configMapKey, {
    description: "Key of the admin user name in the Secret.",
    default: "admin-user",
    k8s: CONFIGURE,
  }),
  /** Key of the admin password in the Secret. @default "admin-password" */
  passwordKey: option(configMapKey, {
    description: "Key of the admin password in the Secret.",
    default: "admin-password",
    k8s: CONFIGURE,
  }),
}));

/** The datasource's uid and name, which `monitoring` takes too. */
export function datasourceNameShape() {
  return {
    /** Datasource uid that dashboards reference. @default "prometheus" */
    uid: option(datasourceUid(), {
      description: "Datasource uid that dashboards reference.",
      default: DEFAULT_DATASOURCE_UID,
      k8s: PROVISIONING,
    }),
    /** Datasource name shown in Grafana. @default "Prometheus" */
    name: option(z.string().check(z.minLength(1)), {
      description: "Datasource name shown in Grafana.",
      default: "Prometheus",
      k8s: PROVISIONING,
    }),
  };
}

const datasourceSchema = objectSchema(() => ({
  /** The Prometheus Service object (e.g. `prometheus(...).service`). */
  service: required(serviceObject(), {
    description: "The Prometheus Service object (e.g. `prometheus(...).service`).",
    k8s: k8sApi("service-resources/service-v1", "Service"),
  }),
  /** Name of the Service port to use. @default the Service's only port */
  port: option(portName, {
    description: "Name of the Service port to use.",
    derived: "the Service's only port",
    k8s: PROVISIONING,
  }),
  ...datasourceNameShape(),
}));

/** The options of Grafana; `monitoring` takes them too, without the ones it sets for every part. */
export function grafanaShape() {
  return {
    /** Name of the Deployment, Service and the prefix of the ConfigMaps. @default "grafana" */
    name: option(dnsLabel, {
      description: "Name of the Deployment, Service and the prefix of the ConfigMaps.",
      default: "grafana",
      k8s: OBJECT_META,
    }),
    /** Namespace Grafana runs in. */
    namespace: required(dnsLabel, { description: "Namespace Grafana runs in.", k8s: OBJECT_META }),
    ...stackLabelsShape(),
    /** Container image, pinned. @default "grafana/grafana:12.1.1" */
    image: option(image, {
      description: "Container image, pinned.",
      default: GRAFANA_IMAGE,
      k8s: k8sApi("workload-resources/pod-v1", "image"),
    }),
    /** Requests and limits of the Grafana container: required (no invented sizing). */
    resources: required(resourcesSchema(), {
      description: "Requests and limits of the Grafana container: required (no invented sizing).",
      k8s: k8sApi("workload-resources/pod-v1", "resources"),
    }),
    /**
     * The Secret holding the admin user name and password, passed as `GF_SECURITY_ADMIN_USER` and
     * `GF_SECURITY_ADMIN_PASSWORD` by `secretKeyRef`: the password never appears in a manifest.
     */
    adminSecret: required(adminSecretSchema(), {
      description:
        "The Secret holding the admin user name and password, passed as `GF_SECURITY_ADMIN_USER` and `GF_SECURITY_ADMIN_PASSWORD` by `secretKeyRef`: the password never appears in a manifest.",
      k8s: CONFIGURE,
    }),
    /**
     * The Prometheus datasource: its URL is derived from the Service, `http://<name>.<namespace>.svc:<port>`.
     */
    datasource: required(datasourceSchema(), {
      description:
        "The Prometheus datasource: its URL is derived from the Service, `http://<name>.<namespace>.svc:<port>`.",
      k8s: PROVISIONING,
    }),
    /**
     * Dashboards from `dashboard()`, one ConfigMap each (labelled `grafana_dashboard: "1"`), each under the 1
     * MiB object limit. Large dashboards exceed the 256 KiB annotation of client-side `kubectl apply`: apply
     * them with `--server-side`.
     * @default []
     */
    dashboards: option(
      z.array(
        z.custom<GrafanaDashboard>(isDashboard, { error: "expected a dashboard built by dashboard()" }),
      ),
      {
        description:
          'Dashboards from `dashboard()`, one ConfigMap each (labelled `grafana_dashboard: "1"`), each under the 1 MiB object limit. Large dashboards exceed the 256 KiB annotation of client-side `kubectl apply`: apply them with `--server-side`.',
        default: [],
        k8s: PROVISIONING,
      },
    ),
    /** Grafana folder of the provisioned dashboards. @default unset (the General folder) */
    dashboardFolder: option(z.string().check(z.minLength(1)), {
      description: "Grafana folder of the provisioned dashboards.",
      unset: "the General folder",
      k8s: PROVISIONING,
    }),
    /**
     * Grafana's database, plugins and sessions (`/var/lib/grafana`). Provisioned datasources and dashboards
     * are read from ConfigMaps, so an emptyDir loses only what users changed in the UI.
     * @default { emptyDir: {} }
     */
    storage: storageOption(
      "Grafana's database, plugins and sessions (`/var/lib/grafana`). Provisioned datasources and dashboards are read from ConfigMaps, so an emptyDir loses only what users changed in the UI.",
    ),
    /**
     * The URL users reach Grafana at behind an Ingress or proxy, e.g. `https://calls.example.com/grafana/`,
     * written as `GF_SERVER_ROOT_URL`. A path in it is served from that sub path
     * (`GF_SERVER_SERVE_FROM_SUB_PATH`, no proxy rewrite needed), and the probes use it.
     * @default unset (Grafana's default, served at the root of its port)
     */
    rootUrl: option(rootUrlSchema(), {
      description:
        "The URL users reach Grafana at behind an Ingress or proxy, e.g. `https://calls.example.com/grafana/`, written as `GF_SERVER_ROOT_URL`. A path in it is served from that sub path (`GF_SERVER_SERVE_FROM_SUB_PATH`, no proxy rewrite needed), and the probes use it.",
      unset: "Grafana's default, served at the root of its port",
      k8s: CONFIGURE,
    }),
    /**
     * Extra Grafana settings as `GF_<SECTION>_<KEY>` variables. Variables named like secrets (PASSWORD,
     * SECRET, TOKEN, API_KEY) must use `secretKeyRef`; the admin variables are set from `adminSecret`.
     * @default unset (none)
     */
    env: option(envSchema(), {
      description:
        "Extra Grafana settings as `GF_<SECTION>_<KEY>` variables. Variables named like secrets (PASSWORD, SECRET, TOKEN, API_KEY) must use `secretKeyRef`; the admin variables are set from `adminSecret`.",
      unset: "none",
      k8s: CONFIGURE,
    }),
  };
}

/** The schema of {@link GrafanaOptions} (built on first use). */
export const GrafanaOptionsSchema = lazyObject(grafanaShape);

/** Options of {@link grafana}. */
export type GrafanaOptions = z.input<typeof GrafanaOptionsSchema>;
/** Options of {@link grafana} as parsed: defaults applied. */
export type ParsedGrafana = z.output<typeof GrafanaOptionsSchema>;
