/**
 * Every code an issue of `K8sBuilderError` can have, with its cause and the usual fix: a closed set, so an issue
 * with an unknown code does not compile. Callers and tests match on `code` and `path`, never on message text;
 * the issue-code part of `docs/errors.md` is generated from this table.
 */

/** The part of docs/errors.md a code is explained in. */
export type IssueCodeGroup =
  | "schema"
  | "rules"
  | "workloads"
  | "services"
  | "monitoring"
  | "files"
  | "io"
  | "crd"
  | "bundle"
  | "yaml";

/** What the documentation says about one issue code (Markdown). */
export interface IssueCodeInfo {
  readonly group: IssueCodeGroup;
  /** What was wrong, and which builders report it. */
  readonly cause: string;
  /** What usually fixes it. */
  readonly fix: string;
}

/** The stable issue codes (snake_case), by group. */
export const ISSUE_CODES = {
  required: {
    group: "schema",
    cause:
      "A required option is missing (`name`, `containers`, `ports`, `maxReplicas`…). Rules report it too when one of several options is needed: an HPA with neither `cpuUtilization` nor `memoryUtilization`; a NetworkPolicy with neither `ingress` nor `egress`, or a peer with none of `pods`, `namespaces` and `ipBlock`; a Service port without a name in a Service of several ports; `serviceFor` on a workload without named ports; a kustomization image override that changes nothing, or a generator without literals, files or envs; a relabeling whose action needs `targetLabel` or `sourceLabels`; Grafana's datasource Service with several ports and no `datasource.port`; a ServiceAccount without a namespace in `roleBindingFor` when the Role has none either; an HTTPS or TLS `gateway` listener without `tls`, or TLS mode Terminate without `certificateRefs`; an `httpRoute` rule with neither `backends` nor a `requestRedirect` filter; a route backend without `port` on a Service of several ports; a Gateway referenced twice by one route without `sectionName`.",
    fix: "Give the option named by the path.",
  },
  invalid_type: {
    group: "schema",
    cause:
      'A value of the wrong type (`replicas: "2"`), or a value that matches none of the forms a union allows. `toYaml`, `documentToYaml` and `dashboardJson` report it for a value that is not JSON data — a `Date`, a `Map`, a `Set`, a class instance, a boxed string, a function, a symbol, a bigint, `undefined` or a hole in a list, a getter that throws — instead of writing `{}` or dropping it; `toYaml` also for `objects` that is not a list of plain objects (`null`, `[null]`, `[5]`) and for bad `options`. `renderTree` reports it for `objects` that is not a list or a layout that is neither `"default"` nor a function; `configChecksum` for anything but ConfigMaps and Secrets with string data; `writeTree` for a file tree that is not a `Map` of path → text, or a file whose content is not a string.',
    fix: "Pass the type the [builder page](builders/README.md) lists for that option.",
  },
  unknown_option: {
    group: "schema",
    cause:
      "An option the schema does not have — usually a typo (`replica`, `readinessprobe`). Options objects are strict so that a typo fails instead of being ignored.",
    fix: "Check the spelling against the options table.",
  },
  invalid_format: {
    group: "schema",
    cause:
      "A string that is not in the format Kubernetes requires: a name that is not a DNS label or subdomain, a label key or value, a port name, a quantity (`512MB`), a duration (Prometheus' grammar: units y w d h m s ms, largest first, each once; at most `292y`, since Prometheus holds durations as int64 nanoseconds and refuses `300y` or `10000000h`), an image that is not pinned (`latest` or no tag). The message says what was expected, with an example.",
    fix: "Write the value in the format shown.",
  },
  invalid_value: {
    group: "schema",
    cause:
      "A value outside the allowed set: not one of an enum's values, or a check without a code of its own (a relabel `regex` that Prometheus would refuse: it is checked as RE2, with Go's parser as Prometheus compiles it, so lookaheads and backreferences are refused and `(?i)` or `(?P<name>…)` are fine; also a regex with an unbalanced `)` that would escape Prometheus' `^(?s:…)$` anchors). Rules report it for a liveness or startup probe whose `successThreshold` is not 1, and for a scrape interval or timeout of 0. `toYaml`, `documentToYaml` and `dashboardJson` report it for a number that is not finite (`NaN`, `Infinity`). Any other zod issue (`not_multiple_of`) comes under this code too.",
    fix: "Use one of the values listed in the message.",
  },
  too_small: {
    group: "schema",
    cause:
      "A number below its minimum (`replicas: -1`, a port 0), or a list or string shorter than allowed (`containers: []`, an Ingress rule without paths). A Kustomize `labels` entry without pairs, and a ServiceMonitor with an empty selector (it would scrape every Service) report it too.",
    fix: "Give at least the minimum in the message.",
  },
  too_big: {
    group: "schema",
    cause:
      "A number above its maximum (a port over 65535, an anti-affinity weight over 100, a stabilization window over 3600 s), or a list or string longer than allowed. Also a ConfigMap's `data` or a Secret's `stringData` over 1 MiB, or a Grafana dashboard whose ConfigMap would be: the API server refuses objects over 1 MiB; `annotations` or `podAnnotations` over 256 KiB in all; a `statefulSet` name over 52 characters (its pods' `controller-revision-hash` label would exceed 63 characters, so no pod is ever created: kubernetes/kubernetes#64023).",
    fix: "Stay within the range in the message; split data that is too big, or mount it from a volume or an image.",
  },
  invalid_character: {
    group: "schema",
    cause:
      "A string (an option's value, or a key of a map option) holds a character that Kubernetes' YAML readers refuse or alter: a lone UTF-16 surrogate (`\"\\ud800\"`: no UTF-8 form; Go's reader refuses the whole stream), DEL (U+007F), a C1 control (U+0080–U+009F, among them NEL, U+0085, a line break to YAML 1.1), or U+FFFE/U+FFFF (Kustomize writes them raw and then refuses its own output). Every builder refuses them in its options, and `toYaml` in any object it is given, at the path of the string; the message names the character and its position. See [serialization](serialization.md#characters-that-are-refused).",
    fix: "Remove the character, or encode the value (base64 in a Secret's `data` or a ConfigMap's `binaryData`).",
  },
  invalid_key: {
    group: "schema",
    cause:
      "A key of a map is not valid: a label or annotation key that is not `prefix/name`, an environment variable name, a ConfigMap or Secret data key, or the key a kustomization generator's literal or file gives its entry.",
    fix: "Rename the key as the message says.",
  },
  circular_reference: {
    group: "yaml",
    cause:
      "`toYaml`, `documentToYaml` or `dashboardJson` got an object that contains itself (`a.self = a`, or a list that holds itself): it cannot be written. The path is where the object appears again; the message names where it first appeared.",
    fix: "Build the object as a tree; the same object may appear twice, but not inside itself.",
  },
  too_deep: {
    group: "yaml",
    cause:
      "`toYaml`, `documentToYaml` or `dashboardJson` got data nested more than 1,000 levels deep (no manifest is): refused instead of overflowing the stack.",
    fix: "Check what produced the data.",
  },
  duplicate: {
    group: "rules",
    cause:
      "The same thing given twice; the path points at the second. Two containers (across `initContainers` and `containers`) or two volumes with one name, a StatefulSet volume claim template named like a volume, an image pull Secret listed twice, two mounts at one `mountPath`, two ports of a container or a Service with one name, or one port number and protocol listed twice in a Service; an Ingress routing one host, path and path type twice; a Gateway listener name, or port, protocol and host name, twice; a route kind listed twice in `allowedRoutes`; an `httpRoute`/`grpcRoute` parent listener referenced twice, a rule name twice, a filter kind twice in one rule, a header (case-insensitively) or query parameter matched twice, a header in more than one of `set`, `add`, `remove`; a RoleBinding subject listed twice; two sources of a projected volume writing one `path`; two scrape targets with one job name (or a target named `prometheus` while Prometheus scrapes itself), a ServiceMonitor endpoint (port and path) twice, two Grafana dashboards with one uid; in `monitoring`, `grafana.name` equal to `prometheus.name` (two Deployments and two Services of one name); a kustomization resource, image override, label, generator (name and namespace) or generator key twice; two objects of `renderTree` with the same API group, kind, namespace and name (the cluster would hold one of them, and Kustomize refuses the pair). In a patch: two items of a list that merges by key (containers, env, ports, volumes, …) with one key. In the bundle configuration: `callProcessor.audioSocketPort` equal to `callProcessor.httpPort`.",
    fix: "Keep one, or give each a name (uid, job, path, port) of its own.",
  },
  conflicting_options: {
    group: "rules",
    cause: [
      "Two options that cannot go together:",
      "",
      "- `deployment`: `replicas` with `autoscaled: true` (the HPA owns the replica count; set `minReplicas` there).",
      '- `deployment`/`statefulSet`: probes or lifecycle hooks on an init container that is not a sidecar (give it `restartPolicy: "Always"` to make it one).',
      "- `service`/`serviceFor`: `headless` on a non-ClusterIP Service; `externalTrafficPolicy` or a `nodePort` on a ClusterIP Service; `loadBalancerSourceRanges` on a Service that is not a LoadBalancer.",
      "- `ingress`: `websocketTimeoutSeconds` with the Traefik preset (Traefik sets timeouts on the entrypoint).",
      "- `networkPolicy`: a peer's `ipBlock` beside `pods` or `namespaces` (in a patched NetworkPolicy, beside `podSelector` or `namespaceSelector`).",
      "- `gateway`: `tls` on an HTTP listener; `certificateRefs` with `mode: Passthrough`.",
      "- `httpRoute`: a `requestRedirect` filter with `backends` or with a `urlRewrite` filter.",
      "- `deployment`/`statefulSet`: a volume (other than an `emptyDir`) named like the emptyDir of a writable path (`tmp` for `/tmp`): it would be mounted at that path in place of the emptyDir.",
      "- `serviceMonitor`/`serviceMonitorFor`: a discovery label whose value differs from a label the object already has.",
      "- Bundle configuration: `callProcessor.audioSocket.nodePort` with `type: LoadBalancer`; `callProcessor.audioSocket.sourceRanges` with `type: NodePort` (only a LoadBalancer has source ranges); `secrets.store` or `secrets.remoteKeys` without `secrets.mode: external`; `secrets.remoteKeys.grafana-admin` with the monitoring off.",
    ].join("\n"),
    fix: "Drop one of the two, as the message says.",
  },
  exactly_one: {
    group: "rules",
    cause: "A PodDisruptionBudget with both `minAvailable` and `maxUnavailable`, or (with `pdb`) neither.",
    fix: "Give exactly one; `maxUnavailable: 1` never blocks a drain.",
  },
  min_above_max: {
    group: "rules",
    cause:
      "A minimum above its maximum: an HPA whose `minReplicas` is above `maxReplicas` (with `hpaFor`, the default `minReplicas` is the workload's replicas), a time-series panel with `min ≥ max`; an `httpRoute` rule whose `timeouts.backendRequest` is longer than `timeouts.request`. In the bundle configuration: `callProcessor.autoscaling.minReplicas` above `maxReplicas`.",
    fix: "Make the minimum at most the maximum.",
  },
  invalid_object: {
    group: "rules",
    cause:
      "An object passed in is not the object expected: `serviceFor`, `hpaFor` or `pdbFor` got something that is not a Deployment or StatefulSet built by this library (with `metadata.name` and `spec.selector.matchLabels`); `serviceMonitorFor` something that is not a Service with `metadata.name`, `spec.ports` and the `app.kubernetes.io/name` and `instance` labels; `roleBindingFor` something that is not a Role with `metadata.name`; `renderTree` an entry that is not a Kubernetes object with `apiVersion`, `kind` and `metadata.name`. The object may also be refused for a field the derivation would copy that is not valid (the message names it): a container port out of range or a container that is not an object, a `replicas` that is not a whole number, a name, namespace or label that Kubernetes would refuse — an object patched or written by hand is checked before anything is read from it.",
    fix: "Pass the object a builder returned.",
  },
  unknown_volume: {
    group: "workloads",
    cause:
      "A `volumeMounts[].name` that is neither a pod volume, a volume claim template, nor one of the writable emptyDirs added for `security.writablePaths`.",
    fix: "Add the volume or fix the mount's name.",
  },
  unknown_port: {
    group: "workloads",
    cause:
      "Something refers to a port that does not exist. In a container: a probe's port name that is not in `ports`, or a port number that is not declared. In `serviceFor`: a port name the workload's containers do not have. In `prometheus`/`monitoring`: a target port the Service lacks; in `grafana`: a datasource port the Prometheus Service lacks; in `serviceMonitorFor`: a port the Service lacks; in `httpRoute`/`grpcRoute`: a backend port the Service lacks.",
    fix: "Declare the port (with a name), or refer to one the message lists.",
  },
  unknown_container: {
    group: "workloads",
    cause:
      "A container named by another field is not a container of the pod: a `job`/`cronJob` `podFailurePolicy` rule whose `onExitCodes.containerName` is neither a container nor an init container, or a downward-API `resourceFieldRef` (in `env` or a downward-API volume) whose `containerName` is not a container of the pod.",
    fix: "Name a container of the pod, or leave `containerName` out (any container in a `podFailurePolicy` rule; the container itself in `env`).",
  },
  selector_mismatch: {
    group: "workloads",
    cause:
      "A workload's `spec.selector` does not select the labels of its own pod template (a patch changed or removed a selector label): the workload would own no pod, and the API server refuses it.",
    fix: "Keep the selector labels on the pod template; change other labels instead.",
  },
  unknown_listener: {
    group: "services",
    cause:
      "An `httpRoute` or `grpcRoute` attaches to a Gateway object by a `sectionName` (listener name) or `port` that the Gateway has no listener for.",
    fix: "Name one of the listeners the message lists, or leave `sectionName`/`port` out to attach to every listener that allows the route.",
  },
  grace_period_too_short: {
    group: "workloads",
    cause:
      "A `lifecycle.preStop.sleep` of at least `terminationGracePeriodSeconds`: the container would be killed before it drains. In the bundle configuration: `callProcessor.shutdown.preStopDelaySeconds` not below `terminationGracePeriodSeconds`.",
    fix: "Raise the grace period above the preStop delay.",
  },
  requests_exceed_limits: {
    group: "workloads",
    cause:
      "A resource request larger than its limit (`requests.memory: 1Gi`, `limits.memory: 512Mi`); Kubernetes refuses the pod.",
    fix: "Lower the request or raise the limit.",
  },
  memory_in_millibytes: {
    group: "workloads",
    cause: "A memory quantity ending in `m` (`512m` is 0.512 bytes, not 512 MiB).",
    fix: "Write `512Mi`.",
  },
  rollout_blocked: {
    group: "workloads",
    cause:
      "A Deployment with `maxSurge: 0` and `maxUnavailable: 0`: a rolling update could never make progress.",
    fix: "Allow a surge (the default is `25%`) or some unavailability.",
  },
  blocks_drains: {
    group: "services",
    cause:
      "A budget that no eviction could ever satisfy, so `kubectl drain` and node upgrades hang: `maxUnavailable: 0` (or `0%`), `minAvailable: 100%`, or a `minAvailable` that is not below the workload's replicas (`pdbFor`). In the bundle configuration: `adminApi.disruptionBudget.minAvailable` not below `adminApi.replicas`.",
    fix: "Use `maxUnavailable: 1`, or a `minAvailable` below the replicas (`0` leaves the bundle's PDB out).",
  },
  unknown_environment: {
    group: "bundle",
    cause:
      "The bundle's `resolveConfig(env, …)` got an environment it does not have (the CLI's `--env`): only `production` and `staging` exist, and names inherited by every object (`__proto__`, `constructor`) are not environments.",
    fix: "Use one of the names in the message (it suggests the closest one).",
  },
  reserved_label: {
    group: "bundle",
    cause:
      "A key in the bundle configuration's `labels` that the bundle sets itself — `environment`, the recommended `app.kubernetes.io/*` labels, the Namespace's `pod-security.kubernetes.io/*` labels (which would relax the restricted Pod Security Standard it enforces) — or another key under the `kubernetes.io`/`k8s.io` prefixes Kubernetes reserves.",
    fix: "Use a key of your own (`team`, `acme.com/cost-center`); change the environment with `environment`.",
  },
  host_without_tls: {
    group: "services",
    cause:
      "An Ingress with `tls` routes a host that no `tls[].hosts` lists: it would be served without its certificate.",
    fix: "Add the host to a TLS entry, or leave TLS out for that Ingress.",
  },
  real_secret_value: {
    group: "services",
    cause:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: `${DB_PASSWORD}` is a placeholder users write
      "A `secret` value, or a Kustomize `secretGenerator` literal, that is not a visible placeholder (`<db-password>`, `${DB_PASSWORD}`, `CHANGE_ME…`, `REPLACE_ME…`, `PLACEHOLDER…`): a real secret would end up in YAML that is committed or printed.",
    fix: "Write a placeholder and create the real value in the cluster (`kubectl create secret`, sealed-secrets, External Secrets), or an `envs` file kept out of git for generators; `allowRealValues: true` if you really mean to embed it.",
  },
  timeout_exceeds_interval: {
    group: "monitoring",
    cause:
      "A scrape timeout longer than its scrape interval (global, per target, or per ServiceMonitor endpoint); Prometheus refuses the configuration.",
    fix: "Make `scrapeTimeout ≤ interval`.",
  },
  unknown_datasource: {
    group: "monitoring",
    cause: "A dashboard queries a datasource uid that Grafana does not provision.",
    fix: "Build the dashboard with the datasource uid Grafana provisions (`datasourceUid`, default `prometheus`).",
  },
  reserved_env: {
    group: "monitoring",
    cause:
      "Grafana's `env` sets the admin user or password variables, which come from `adminSecret`. In the bundle configuration: an `appConfig` key that the bundle writes itself (`DB_HOST`, `DB_PORT`, `DB_NAME`, `REDIS_HOST`, `REDIS_PORT`, `AUDIOSOCKET_PORT`, `ENVIRONMENT`, `HTTP_PORT`), which it would override or be overridden by.",
    fix: "Remove them from `env` (put Grafana's credentials in the admin Secret); for `appConfig`, set the field the message names (`postgres.external.host`, `callProcessor.httpPort`, …).",
  },
  inline_secret: {
    group: "monitoring",
    cause:
      "Grafana's `env` has a literal value for a variable whose name looks secret (`PASSWORD`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`).",
    fix: "Pass it with `{ secretKeyRef: { name, key } }`.",
  },
  invalid_promql: {
    group: "monitoring",
    cause: "A dashboard query that is empty or has unbalanced `()`, `[]` or `{}`.",
    fix: "Correct the expression the message quotes.",
  },
  not_ascending: {
    group: "monitoring",
    cause: "Stat panel thresholds not in ascending order of value.",
    fix: "List thresholds from low to high.",
  },
  invalid_path: {
    group: "files",
    cause:
      "A path that is not a safe relative path: absolute, a URL, with `\\`, `..`, `.` or empty segments, a control character, a segment over 255 bytes; from a layout, a path not ending in `.yml` or `.yaml`. Reported by `renderTree` (layout paths, extra files), `writeTree` (file paths) and schema checks that use it.",
    fix: "Use forward-slash paths relative to the tree's directory.",
  },
  reserved_path: {
    group: "files",
    cause:
      "A file named `kustomization.yml`, `kustomization.yaml` or `Kustomization` at the top of the tree (`renderTree` writes its own, and Kustomize refuses two), or `.k8s-builders-manifest.json` (`writeTree`'s record).",
    fix: "Choose another name.",
  },
  path_conflict: {
    group: "files",
    cause:
      "A path that is also a directory of another path (`a.yml` and `a.yml/b.yml`), two files or directories whose names differ only in case or Unicode form (one on macOS and Windows), or an extra file at a manifest's path.",
    fix: "Rename one of them.",
  },
  layout_failed: {
    group: "files",
    cause: "The layout function given to `renderTree` threw for an object.",
    fix: "Fix the layout; the message includes its error.",
  },
  invalid_dir: {
    group: "files",
    cause:
      "`writeTree` got an empty directory path, the file-system root, or the current working directory (or a directory containing it): the new tree is swapped in by renaming the directory, which cannot be done to the directory a process is in.",
    fix: "Write into a subdirectory (`--out k8s/`).",
  },
  not_a_directory: {
    group: "io",
    cause: "The target of `writeTree` exists and is a file.",
    fix: "Choose a directory path.",
  },
  unmanaged_directory: {
    group: "io",
    cause:
      "The target directory exists, is not empty, and has no `.k8s-builders-manifest.json`: its files were not written by `writeTree`, so it will not replace them.",
    fix: "Choose an empty or new directory, or remove the files.",
  },
  invalid_manifest: {
    group: "io",
    cause:
      "`.k8s-builders-manifest.json` exists but is not a manifest written by this library. Nothing was touched.",
    fix: "Remove or restore the file.",
  },
  user_file_collision: {
    group: "io",
    cause:
      "A file to write has the path of a file `writeTree` did not write, or needs a directory where one of yours is (or the reverse). Nothing was written.",
    fix: "Move your file away, or change the layout.",
  },
  io_error: {
    group: "io",
    cause:
      "The file system refused an operation (permissions, a full disk, a rename across file systems). The previous tree is left as it was; the error's `cause` is the original error.",
    fix: "Fix the file-system problem named in the message and run again.",
  },
  tree_locked: {
    group: "io",
    cause:
      "Another `writeTree` is writing the same directory: `.<dir>.k8s-builders-lock` beside it names the process (pid, host, start time), and that process still runs. A lock whose process is gone on this host is taken over by itself (and `recovered` says so).",
    fix: "Wait for the other run to finish. If the lock comes from another machine sharing the folder and nothing writes there any more, delete the lock file.",
  },
  interrupted_write: {
    group: "io",
    cause:
      "An earlier write was interrupted (the process was killed between its two renames) and left the previous tree beside the directory as `.<dir>.k8s-builders-old` (`.<dir>.k8s-builders-old-<pid>-<n>` from versions before 0.2), but it cannot be put back by itself: the directory exists and lacks files of yours that the copy holds, or there are several copies. Nothing was touched. When the directory is simply missing, `writeTree` renames the copy back by itself and reports it in `recovered`.",
    fix: "Move your files from the copy into the directory (or rename the copy you want to the directory's name) and run again; delete the copy once nothing in it is needed.",
  },
  invalid_yaml: {
    group: "crd",
    cause: "An input file is not valid YAML (the message gives the document, line and column).",
    fix: "Fix the file; `kubectl apply --dry-run=client -f` shows the same error.",
  },
  not_a_crd: {
    group: "crd",
    cause:
      "An input file holds no CustomResourceDefinition (it is empty, a list, or other kinds only). Other kinds beside a CRD are skipped, with a note.",
    fix: "Give the CRD files (for a Helm chart, its `crds/` folder).",
  },
  invalid_crd: {
    group: "crd",
    cause:
      "A CRD that is not `apiextensions.k8s.io/v1` (v1beta1 was removed in Kubernetes 1.22), or without a group with a dot, a kind, a scope, versions, or a schema for a served version.",
    fix: "Use the project's current v1 CRD.",
  },
  unsupported_schema: {
    group: "crd",
    cause:
      "A schema construct that cannot be typed or checked, named by its place in the CRD: `$ref`, `patternProperties`, `dependencies`, `additionalItems`, tuple `items`, a list of types, `properties` together with `additionalProperties`, an unknown schema key, or a `pattern` that is not RE2 or uses RE2 syntax JavaScript lacks (see [custom resources](custom-resources.md#patterns)). The API server refuses most of these in a v1 CRD too.",
    fix: "Use the CRD as the project publishes it; for a pattern, report it with the CRD's name.",
  },
} as const satisfies Readonly<Record<string, IssueCodeInfo>>;

/** A stable issue code: the closed set of {@link ISSUE_CODES}. */
export type IssueCode = keyof typeof ISSUE_CODES;

/** Whether a string is one of the issue codes. */
export function isIssueCode(code: unknown): code is IssueCode {
  return typeof code === "string" && Object.hasOwn(ISSUE_CODES, code);
}

/**
 * The `params` of a zod check that reports its own issue code:
 * `z.refine(fn, { params: { code: "invalid_path" } satisfies IssueParams })`.
 */
export interface IssueParams {
  readonly code: IssueCode;
}
