/**
 * The options of {@link prometheus}: its scrape targets and settings, what each sets, its default and the
 * Prometheus or Kubernetes reference (`monitoring` takes them too, without the ones it sets for every part).
 */
import * as z from "zod/mini";
import { k8sApi, lazyObject, objectSchema, option, required } from "../base/options.ts";
import { dnsLabel, dnsSubdomainLabelSized, duration, image, portName } from "../base/primitives.ts";
import { serviceObject } from "../kinds/service-facts.ts";
import { resourcesSchema } from "../pod/resources.ts";
import { byteSize } from "./duration.ts";
import { stackLabelsShape } from "./stack-labels.ts";
import { storageOption } from "./storage.ts";

/** Default Prometheus image: 3.5 is the Prometheus long-term-support line. */
export const PROMETHEUS_IMAGE = "prom/prometheus:v3.5.0";

const PROMETHEUS_DOCS = "https://prometheus.io/docs/prometheus/latest/configuration/configuration/";
const SCRAPE = `${PROMETHEUS_DOCS}#scrape_config`;
const STORAGE_DOCS = "https://prometheus.io/docs/prometheus/latest/storage/#operational-aspects";

const jobName = () =>
  z.string().check(
    z.regex(/^[A-Za-z0-9][-A-Za-z0-9_.]{0,62}$/, {
      error: "expected a job name of letters, digits, '-', '_' and '.' (e.g. call-processor)",
    }),
  );

/** One scrape target of `prometheus`: a Service object, its metrics port and optional scrape settings. */
export const scrapeTargetSchema = objectSchema(() => ({
  /**
   * The Service to scrape, as a built object (e.g. from `serviceFor`): its name and namespace are read from
   * it.
   */
  service: required(serviceObject(), {
    description:
      "The Service to scrape, as a built object (e.g. from `serviceFor`): its name and namespace are read from it.",
    k8s: k8sApi("service-resources/service-v1", "Service"),
  }),
  /** Name of the Service port that serves metrics; the Service must have it. */
  port: required(portName, {
    description: "Name of the Service port that serves metrics; the Service must have it.",
    k8s: SCRAPE,
  }),
  /** HTTP path of the metrics. @default "/metrics" */
  path: option(z.string().check(z.regex(/^\//, { error: "expected an absolute path starting with '/'" })), {
    description: "HTTP path of the metrics.",
    default: "/metrics",
    k8s: SCRAPE,
  }),
  /** Scrape interval of this target, a Prometheus duration. @default the global `scrapeInterval` */
  interval: option(duration, {
    description: "Scrape interval of this target, a Prometheus duration.",
    derived: "the global `scrapeInterval`",
    k8s: SCRAPE,
  }),
  /**
   * Scrape timeout of this target; must not exceed its interval.
   * @default the global `scrapeTimeout`, capped at the interval
   */
  scrapeTimeout: option(duration, {
    description: "Scrape timeout of this target; must not exceed its interval.",
    derived: "the global `scrapeTimeout`, capped at the interval",
    k8s: SCRAPE,
  }),
  /** Scheme of the scrape requests. @default "http" */
  scheme: option(z.enum(["http", "https"]), {
    description: "Scheme of the scrape requests.",
    default: "http",
    k8s: SCRAPE,
  }),
  /** The scrape job's name, which becomes the `job` label. @default the Service's name */
  job: option(jobName(), {
    description: "The scrape job's name, which becomes the `job` label.",
    derived: "the Service's name",
    k8s: SCRAPE,
  }),
}));

/** The schema of a scrape target (built on first use). */
export const ScrapeTargetSchema = z.lazy(scrapeTargetSchema);

/** A Service to scrape: the Service object, the name of its metrics port, and optional scrape settings. */
export type ScrapeTarget = z.input<typeof ScrapeTargetSchema>;
/** A scrape target as parsed: defaults applied. */
export type ParsedTarget = z.output<typeof ScrapeTargetSchema>;

/** The options of a Prometheus; `monitoring` takes them too, without the ones it sets for every part. */
export function prometheusShape() {
  return {
    /** Name of every Prometheus object (Deployment, Service, ServiceAccount, Roles). @default "prometheus" */
    name: option(dnsLabel, {
      description: "Name of every Prometheus object (Deployment, Service, ServiceAccount, Roles).",
      default: "prometheus",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    /** Namespace Prometheus runs in; also the namespace of targets whose Service has none. */
    namespace: required(dnsLabel, {
      description: "Namespace Prometheus runs in; also the namespace of targets whose Service has none.",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
    ...stackLabelsShape(),
    /** The Services to scrape, one scrape job each (at least one). */
    targets: required(
      z.array(scrapeTargetSchema()).check(z.minLength(1, { error: "expected at least one scrape target" })),
      { description: "The Services to scrape, one scrape job each (at least one).", k8s: SCRAPE },
    ),
    /** Container image, pinned. @default "prom/prometheus:v3.5.0" */
    image: option(image, {
      description: "Container image, pinned.",
      default: PROMETHEUS_IMAGE,
      k8s: k8sApi("workload-resources/pod-v1", "image"),
    }),
    /**
     * Requests and limits of the Prometheus container: required, since its memory grows with the series
     * scraped.
     */
    resources: required(resourcesSchema(), {
      description:
        "Requests and limits of the Prometheus container: required, since its memory grows with the series scraped.",
      k8s: k8sApi("workload-resources/pod-v1", "resources"),
    }),
    /** How long samples are kept (`--storage.tsdb.retention.time`). @default "15d" */
    retention: option(duration, {
      description: "How long samples are kept (`--storage.tsdb.retention.time`).",
      default: "15d",
      k8s: STORAGE_DOCS,
    }),
    /**
     * Largest size of the stored blocks (`--storage.tsdb.retention.size`), e.g. `8GB`; set it below an
     * emptyDir `sizeLimit` or the claim's size so old data is dropped before the volume fills.
     * @default unset (no size limit)
     */
    retentionSize: option(byteSize, {
      description:
        "Largest size of the stored blocks (`--storage.tsdb.retention.size`), e.g. `8GB`; set it below an emptyDir `sizeLimit` or the claim's size so old data is dropped before the volume fills.",
      unset: "no size limit",
      k8s: STORAGE_DOCS,
    }),
    /** Global scrape interval. @default "30s" */
    scrapeInterval: option(duration, {
      description: "Global scrape interval.",
      default: "30s",
      k8s: `${PROMETHEUS_DOCS}#configuration-file`,
    }),
    /** Global scrape timeout; must not exceed `scrapeInterval`. @default "10s" */
    scrapeTimeout: option(duration, {
      description: "Global scrape timeout; must not exceed `scrapeInterval`.",
      default: "10s",
      k8s: `${PROMETHEUS_DOCS}#configuration-file`,
    }),
    /**
     * Kubernetes service discovery role. `endpointslice` reads discovery.k8s.io EndpointSlices; `endpoints`
     * the v1 Endpoints API, deprecated since Kubernetes 1.33.
     * @default "endpointslice"
     */
    discoveryRole: option(z.enum(["endpointslice", "endpoints"]), {
      description:
        "Kubernetes service discovery role. `endpointslice` reads discovery.k8s.io EndpointSlices; `endpoints` the v1 Endpoints API, deprecated since Kubernetes 1.33.",
      default: "endpointslice",
      k8s: `${PROMETHEUS_DOCS}#kubernetes_sd_config`,
    }),
    /** Also scrape Prometheus itself (job `prometheus`, `localhost:9090`). @default true */
    scrapeSelf: option(z.boolean(), {
      description: "Also scrape Prometheus itself (job `prometheus`, `localhost:9090`).",
      default: true,
      k8s: SCRAPE,
    }),
    /**
     * Where the TSDB lives. An emptyDir loses all samples whenever the pod is replaced (including after a
     * configuration change); a persistentVolumeClaim keeps them.
     * @default { emptyDir: {} }
     */
    storage: storageOption(
      "Where the TSDB lives. An emptyDir loses all samples whenever the pod is replaced (including after a configuration change); a persistentVolumeClaim keeps them.",
    ),
    /** Name of the ConfigMap holding `prometheus.yml`. @default `<name>-config` */
    configMapName: option(dnsSubdomainLabelSized, {
      description: "Name of the ConfigMap holding `prometheus.yml`.",
      derived: "`<name>-config`",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
  };
}

/** The schema of {@link PrometheusOptions} (built on first use). */
export const PrometheusOptionsSchema = lazyObject(prometheusShape);

/** Options of {@link prometheus}. */
export type PrometheusOptions = z.input<typeof PrometheusOptionsSchema>;
/** Options of {@link prometheus} as parsed: defaults applied. */
export type ParsedPrometheus = z.output<typeof PrometheusOptionsSchema>;
