/**
 * Every field of the specs the workload builders write, and how a user reaches it: the option that sets it, the
 * options the builder derives it from, or why it is not an option (and then a typed `patch` sets it, checked
 * like a built object). One source: test/docs/field-coverage.test.ts fails when a field of the Kubernetes types
 * (base/k8s-fields.generated.ts, generated from kubernetes-types) is in no row, or an option named here does not
 * exist; `npm run docs` renders it into docs/fields.md. A kind's builder adds its spec types here.
 */

/** How one field is reached. */
export type FieldCoverage =
  /** Options that set it: paths in the builder's options (`containers[].image`). */
  | { readonly options: readonly string[]; readonly note?: string }
  /** The builder writes it from other options (the selector from the name). */
  | { readonly derived: string }
  /** Not an option: why; set it with a `patch`. `loosens` when it weakens the restricted Pod Security level. */
  | { readonly notModelled: string; readonly loosens?: true };

/** The fields of one Kubernetes type, where the options of some builders set them. */
export interface CoveredType {
  /** The type in the field map (`core/v1.PodSpec`). */
  readonly type: string;
  /** The builders whose options hold the fields, and where inside their options (`""`: at the top). */
  readonly builders: readonly { readonly name: string; readonly at: string }[];
  readonly fields: Readonly<Record<string, FieldCoverage>>;
}

const HOST_NAMESPACE =
  "shares a namespace of the node with the pod: not allowed by the baseline and restricted Pod Security levels. A node agent that needs it sets it with a patch; `validateBundle` then reports the workload as privileged";

const WORKLOADS = [
  { name: "deployment", at: "" },
  { name: "statefulSet", at: "" },
  { name: "daemonSet", at: "" },
] as const;

/** The field coverage of every spec type the workload builders write. */
export const FIELD_COVERAGE: readonly CoveredType[] = [
  {
    type: "apps/v1.DeploymentSpec",
    builders: [{ name: "deployment", at: "" }],
    fields: {
      minReadySeconds: { options: ["minReadySeconds"] },
      paused: {
        notModelled:
          "pausing a rollout is an operation (`kubectl rollout pause`), not a state to commit: a manifest applied with it would stop every later rollout",
      },
      progressDeadlineSeconds: { options: ["progressDeadlineSeconds"] },
      replicas: { options: ["replicas", "autoscaled"] },
      revisionHistoryLimit: { options: ["revisionHistoryLimit"] },
      selector: {
        derived: "the selector labels (`app.kubernetes.io/name` and `instance`), which are immutable",
      },
      strategy: { options: ["strategy", "maxSurge", "maxUnavailable"] },
      template: { derived: "the pod options (containers, volumes, security…)" },
    },
  },
  {
    type: "apps/v1.StatefulSetSpec",
    builders: [{ name: "statefulSet", at: "" }],
    fields: {
      minReadySeconds: { options: ["minReadySeconds"] },
      ordinals: {
        notModelled:
          "a start ordinal other than 0 is for moving a StatefulSet between clusters, one pod at a time",
      },
      persistentVolumeClaimRetentionPolicy: { options: ["pvcRetention"] },
      podManagementPolicy: { options: ["podManagementPolicy"] },
      replicas: { options: ["replicas"] },
      revisionHistoryLimit: { options: ["revisionHistoryLimit"] },
      selector: {
        derived: "the selector labels (`app.kubernetes.io/name` and `instance`), which are immutable",
      },
      serviceName: { options: ["serviceName"] },
      template: { derived: "the pod options (containers, volumes, security…)" },
      updateStrategy: { options: ["updateStrategy", "partition", "maxUnavailable"] },
      volumeClaimTemplates: { options: ["volumeClaimTemplates"] },
    },
  },
  {
    type: "apps/v1.DaemonSetSpec",
    builders: [{ name: "daemonSet", at: "" }],
    fields: {
      minReadySeconds: { options: ["minReadySeconds"] },
      revisionHistoryLimit: { options: ["revisionHistoryLimit"] },
      selector: {
        derived: "the selector labels (`app.kubernetes.io/name` and `instance`), which are immutable",
      },
      template: { derived: "the pod options (containers, volumes, security, tolerations…)" },
      updateStrategy: { options: ["updateStrategy", "maxUnavailable", "maxSurge"] },
    },
  },
  {
    type: "batch/v1.JobSpec",
    builders: [
      { name: "job", at: "" },
      { name: "cronJob", at: "" },
    ],
    fields: {
      activeDeadlineSeconds: { options: ["activeDeadlineSeconds"] },
      backoffLimit: { options: ["backoffLimit"] },
      backoffLimitPerIndex: { options: ["backoffLimitPerIndex"] },
      completionMode: { options: ["completionMode"] },
      completions: { options: ["completions"] },
      managedBy: {
        notModelled:
          "hands the Job to another controller (such as MultiKueue): the built-in Job controller then ignores it",
      },
      manualSelector: {
        notModelled:
          "a selector written by hand can select the pods of other Jobs; the API server generates one unique to the Job",
      },
      maxFailedIndexes: { options: ["maxFailedIndexes"] },
      parallelism: { options: ["parallelism"] },
      podFailurePolicy: { options: ["podFailurePolicy"] },
      podReplacementPolicy: { options: ["podReplacementPolicy"] },
      selector: { derived: "nothing: the API server generates a selector unique to the Job" },
      successPolicy: { options: ["successPolicy"] },
      suspend: {
        options: ["suspend"],
        note: "a Job's; a CronJob's `suspend` suspends the CronJob itself, and its Jobs start unsuspended",
      },
      template: {
        derived:
          "the pod options (as `deployment`'s), with `restartPolicy` from its option (Never or OnFailure)",
      },
      ttlSecondsAfterFinished: { options: ["ttlSecondsAfterFinished"] },
    },
  },
  {
    type: "batch/v1.CronJobSpec",
    builders: [{ name: "cronJob", at: "" }],
    fields: {
      concurrencyPolicy: { options: ["concurrencyPolicy"] },
      failedJobsHistoryLimit: { options: ["failedJobsHistoryLimit"] },
      jobTemplate: {
        derived: "the Job options (as `job`'s) and the pod options; its Jobs are labelled like the CronJob",
      },
      schedule: { options: ["schedule"] },
      startingDeadlineSeconds: { options: ["startingDeadlineSeconds"] },
      successfulJobsHistoryLimit: { options: ["successfulJobsHistoryLimit"] },
      suspend: { options: ["suspend"] },
      timeZone: { options: ["timeZone"] },
    },
  },
  {
    type: "core/v1.PodSpec",
    builders: WORKLOADS,
    fields: {
      activeDeadlineSeconds: {
        notModelled:
          "the pods of a Deployment, StatefulSet or DaemonSet run until replaced: the API refuses a deadline on them (a Job's deadline is its `activeDeadlineSeconds` option)",
      },
      affinity: {
        options: ["antiAffinity"],
        note: "spreading replicas over nodes or zones; node affinity and other terms with a patch",
      },
      automountServiceAccountToken: { options: ["security.automountServiceAccountToken"] },
      containers: { options: ["containers"] },
      dnsConfig: { options: ["dnsConfig"] },
      dnsPolicy: { options: ["dnsPolicy"] },
      enableServiceLinks: { options: ["enableServiceLinks"] },
      ephemeralContainers: {
        notModelled: "added to a running pod by `kubectl debug`; the API refuses them when a pod is created",
      },
      hostAliases: { options: ["hostAliases"] },
      hostIPC: { notModelled: HOST_NAMESPACE, loosens: true },
      hostNetwork: { notModelled: HOST_NAMESPACE, loosens: true },
      hostPID: { notModelled: HOST_NAMESPACE, loosens: true },
      hostUsers: {
        notModelled:
          "user namespaces (`hostUsers: false`) need nodes that support them (Linux 6.3 or later and a runtime that does); set it with a patch where yours do",
      },
      hostname: {
        notModelled: "every replica would get the same host name; a StatefulSet names its pods itself",
      },
      imagePullSecrets: { options: ["imagePullSecrets"] },
      initContainers: { options: ["initContainers"] },
      nodeName: { notModelled: "bypasses the scheduler: no resource check, no taints, no spreading" },
      nodeSelector: { options: ["nodeSelector"] },
      os: {
        notModelled:
          "the security settings written in are Linux ones; a Windows pod needs others (the API refuses several of them with `os.name: windows`)",
      },
      overhead: {
        notModelled: "set by the RuntimeClass admission controller, which refuses a pod that disagrees",
      },
      preemptionPolicy: { options: ["preemptionPolicy"] },
      priority: { notModelled: "resolved from `priorityClassName` by admission: set that instead" },
      priorityClassName: { options: ["priorityClassName"] },
      readinessGates: { options: ["readinessGates"] },
      resourceClaims: { notModelled: "dynamic resource allocation (ResourceClaims) is not modelled yet" },
      restartPolicy: {
        notModelled:
          "the pods of a Deployment, StatefulSet or DaemonSet always restart: `Always` (the default) is the only value (a Job's and a CronJob's pods: their `restartPolicy` option)",
      },
      runtimeClassName: { options: ["runtimeClassName"] },
      schedulerName: { options: ["schedulerName"] },
      schedulingGates: {
        notModelled:
          "gates are removed by a controller after the pod is created; in a template they hold every new pod",
      },
      securityContext: { options: ["security"] },
      serviceAccount: { notModelled: "a deprecated alias of `serviceAccountName`" },
      serviceAccountName: { options: ["serviceAccountName"] },
      setHostnameAsFQDN: {
        notModelled: "only means something with `hostname` and `subdomain`, which are not options",
      },
      shareProcessNamespace: { options: ["shareProcessNamespace"] },
      subdomain: { notModelled: "a StatefulSet's pods get theirs from `serviceName`" },
      terminationGracePeriodSeconds: { options: ["terminationGracePeriodSeconds"] },
      tolerations: { options: ["tolerations"] },
      topologySpreadConstraints: { options: ["topologySpread"] },
      volumes: { options: ["volumes"] },
    },
  },
  {
    type: "core/v1.Container",
    builders: [
      { name: "deployment", at: "containers[]" },
      { name: "statefulSet", at: "containers[]" },
      { name: "daemonSet", at: "containers[]" },
    ],
    fields: {
      args: { options: ["args"] },
      command: { options: ["command"] },
      env: { options: ["env"] },
      envFrom: { options: ["envFrom"] },
      image: { options: ["image"] },
      imagePullPolicy: { options: ["imagePullPolicy"] },
      lifecycle: { options: ["lifecycle"] },
      livenessProbe: { options: ["livenessProbe"] },
      name: { options: ["name"] },
      ports: { options: ["ports"] },
      readinessProbe: { options: ["readinessProbe"] },
      resizePolicy: { notModelled: "in-place resize of a running pod's resources is tuned per cluster" },
      resources: { options: ["resources"] },
      restartPolicy: {
        notModelled:
          'only an init container takes one (`initContainers[].restartPolicy: "Always"`, a native sidecar, is an option)',
      },
      securityContext: { options: ["security"] },
      startupProbe: { options: ["startupProbe"] },
      stdin: { options: ["stdin"] },
      stdinOnce: { options: ["stdinOnce"] },
      terminationMessagePath: { options: ["terminationMessagePath"] },
      terminationMessagePolicy: { options: ["terminationMessagePolicy"] },
      tty: { options: ["tty"] },
      volumeDevices: {
        notModelled: "raw block devices need a claim with `volumeMode: Block`, itself set by a patch",
      },
      volumeMounts: { options: ["volumeMounts"] },
      workingDir: { options: ["workingDir"] },
    },
  },
];
