// validateBundle knows the kinds of cronJob and daemonSet (and job): their pod templates, at the path the table
// of kinds gives (spec.template, spec.jobTemplate.spec.template), are checked like a Deployment's — Pod Security,
// references, NetworkPolicy coverage, selectors — and their API versions like every kind's.
import { describe, expect, it } from "vitest";
import {
  appContainer,
  base,
  edit,
  expectRow,
  findings,
  NS,
  type Row,
  selectorOf,
} from "../../../test/support/checks.ts";
import { clusterRole, clusterRoleBinding, clusterRoleBindingFor } from "../../kinds/cluster-rbac.ts";
import { type CronJobOptions, cronJob } from "../../kinds/cron-job.ts";
import { type DaemonSetOptions, daemonSet } from "../../kinds/daemon-set.ts";
import { job } from "../../kinds/job.ts";
import { networkPolicy } from "../../kinds/network-policy.ts";
import { serviceFor } from "../../kinds/service.ts";
import { serviceAccount } from "../../kinds/service-account.ts";

const agent = (extra: Partial<DaemonSetOptions> = {}) =>
  daemonSet({ name: "agent", namespace: NS, containers: [{ ...appContainer, name: "agent" }], ...extra });
const report = (extra: Partial<CronJobOptions> = {}) =>
  cronJob({
    name: "report",
    namespace: NS,
    schedule: "0 3 * * *",
    containers: [{ name: "report", image: "ghcr.io/acme/report:1.2.0", resources: appContainer.resources }],
    ...extra,
  } as CronJobOptions);

const DS = "spec.template";
const CJ = "spec.jobTemplate.spec.template";

const rows: Row[] = [
  {
    title: "a DaemonSet's container that may escalate privileges, in a restricted namespace",
    objects: () => [base().ns, agent({ security: { allowPrivilegeEscalation: true } })],
    code: "POD_SECURITY_ENFORCE_VIOLATION",
    kind: "DaemonSet",
    name: "agent",
    path: `${DS}.spec.containers[0].securityContext.allowPrivilegeEscalation`,
  },
  {
    title: "a CronJob's container that may escalate privileges, in a restricted namespace",
    objects: () => [base().ns, report({ security: { allowPrivilegeEscalation: true } })],
    code: "POD_SECURITY_ENFORCE_VIOLATION",
    kind: "CronJob",
    name: "report",
    path: `${CJ}.spec.containers[0].securityContext.allowPrivilegeEscalation`,
  },
  {
    title: "a DaemonSet on the host network (set by a patch), in a restricted namespace",
    objects: () => [base().ns, agent({ patch: { spec: { template: { spec: { hostNetwork: true } } } } })],
    code: "POD_SECURITY_ENFORCE_VIOLATION",
    kind: "DaemonSet",
    name: "agent",
    path: `${DS}.spec.hostNetwork`,
  },
  {
    title: "a CronJob's envFrom a ConfigMap that is not in the bundle",
    objects: () => [
      base().ns,
      report({
        containers: [
          {
            name: "report",
            image: "ghcr.io/acme/report:1.2.0",
            resources: appContainer.resources,
            envFrom: [{ configMap: "settings" }],
          },
        ],
      }),
    ],
    code: "CONFIG_MAP_MISSING",
    kind: "CronJob",
    name: "report",
    path: `${CJ}.spec.containers[0].envFrom[0].configMapRef.name`,
  },
  {
    title: "a DaemonSet's secretKeyRef to a Secret that is not in the bundle",
    objects: () => [
      base().ns,
      agent({
        containers: [
          {
            ...appContainer,
            name: "agent",
            env: { TOKEN: { secretKeyRef: { name: "agent", key: "token" } } },
          },
        ],
      }),
    ],
    code: "SECRET_MISSING",
    kind: "DaemonSet",
    name: "agent",
    path: `${DS}.spec.containers[0].env[0].valueFrom.secretKeyRef.name`,
  },
  {
    title: "a CronJob's pods running as a ServiceAccount that is not in the bundle",
    objects: () => [base().ns, report({ serviceAccountName: "reporter" })],
    code: "SERVICE_ACCOUNT_MISSING",
    kind: "CronJob",
    name: "report",
    path: `${CJ}.spec.serviceAccountName`,
  },
  {
    title: "a DaemonSet whose selector does not select its pods",
    objects: () => [
      base().ns,
      edit(agent(), (d) => {
        d.spec.template.metadata.labels["app.kubernetes.io/instance"] = "other";
      }),
    ],
    code: "WORKLOAD_SELECTOR_MISMATCH",
    kind: "DaemonSet",
    name: "agent",
    path: "spec.selector",
  },
  {
    title: "a DaemonSet no Ingress policy selects, beside a policy for web",
    objects: () => [
      ...base().all,
      agent(),
      networkPolicy({ name: "web", namespace: NS, podSelector: selectorOf("web"), ingress: [] }),
    ],
    code: "NETWORK_POLICY_NOT_COVERED",
    kind: "DaemonSet",
    name: "agent",
    path: `${DS}.metadata.labels`,
  },
  {
    title: "a CronJob no Ingress policy selects, beside a policy for web",
    objects: () => [
      ...base().all,
      report(),
      networkPolicy({ name: "web", namespace: NS, podSelector: selectorOf("web"), ingress: [] }),
    ],
    code: "NETWORK_POLICY_NOT_COVERED",
    kind: "CronJob",
    name: "report",
    path: `${CJ}.metadata.labels`,
  },
  {
    title: "a CronJob of batch/v1beta1 (removed in 1.25)",
    objects: () => [base().ns, edit(report(), (c) => (c.apiVersion = "batch/v1beta1"))],
    options: { targetKubernetesVersion: "1.30" },
    code: "API_VERSION_REMOVED",
    kind: "CronJob",
    name: "report",
    path: "apiVersion",
  },
  {
    title: "a DaemonSet of extensions/v1beta1 (removed in 1.16)",
    objects: () => [base().ns, edit(agent(), (d) => (d.apiVersion = "extensions/v1beta1"))],
    options: { targetKubernetesVersion: "1.30" },
    code: "API_VERSION_REMOVED",
    kind: "DaemonSet",
    name: "agent",
    path: "apiVersion",
  },
];

const reader = () =>
  clusterRole({
    name: "node-reader",
    rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"] }],
  });
const agentAccount = () => serviceAccount({ name: "agent", namespace: NS });
const clusterBinding = () =>
  clusterRoleBinding({
    name: "agent-node-reader",
    roleRef: { name: "node-reader" },
    subjects: [{ kind: "ServiceAccount", name: "agent", namespace: NS }],
  });

const rbacRows: Row[] = [
  {
    title: "a ClusterRoleBinding to a ClusterRole that is neither in the bundle nor built in",
    objects: () => [...base().all, agentAccount(), clusterBinding()],
    code: "RBAC_ROLE_MISSING",
    kind: "ClusterRoleBinding",
    name: "agent-node-reader",
    path: "roleRef.name",
  },
  {
    title: "a ClusterRoleBinding to a ServiceAccount that is not in the bundle",
    objects: () => [...base().all, reader(), clusterBinding()],
    code: "RBAC_SUBJECT_MISSING",
    kind: "ClusterRoleBinding",
    name: "agent-node-reader",
    path: "subjects[0].name",
  },
];

describe("validateBundle and ClusterRoleBindings, as RoleBindings", () => {
  it.each(rbacRows)("$code: $title", expectRow);

  it("accepts a ClusterRole, its ServiceAccount and the binding derived from both", () => {
    const sa = agentAccount();
    const role = reader();
    expect(
      findings([...base().all, sa, role, clusterRoleBindingFor(role, { serviceAccounts: [sa] })]),
    ).toEqual([]);
  });

  it("accepts a ClusterRoleBinding to a built-in ClusterRole", () => {
    const b = clusterRoleBinding({
      name: "agent-view",
      roleRef: { name: "view" },
      subjects: [{ kind: "ServiceAccount", name: "agent", namespace: NS }],
    });
    expect(findings([...base().all, agentAccount(), b])).toEqual([]);
  });
});

describe("validateBundle and the kinds of cronJob, daemonSet and job", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a bundle with a DaemonSet and its Service, a CronJob and a Job, as built", () => {
    const ds = agent();
    const migrate = job({
      name: "migrate",
      namespace: NS,
      containers: [{ name: "m", image: "ghcr.io/acme/m:1.0.0", resources: appContainer.resources }],
    });
    expect(findings([...base().all, ds, serviceFor(ds, { ports: ["http"] }), report(), migrate])).toEqual([]);
  });
});
