// Derivations copy fields of the object they are given (a workload, a Role, a Service): that object may have been
// patched, read from YAML or written by hand, so a bad field is refused (`invalid_object` at the source) instead of
// throwing a TypeError or ending up in the derived object.
import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
import { webContainer } from "../../test/support/fixtures.ts";
import { serviceMonitorFor } from "../monitoring/service-monitor.ts";
import { deployment } from "./deployment.ts";
import { hpaFor } from "./hpa.ts";
import { pdbFor } from "./pdb.ts";
import { role, roleBindingFor } from "./rbac.ts";
import { serviceFor } from "./service.ts";
import { serviceAccount } from "./service-account.ts";

// biome-ignore lint/suspicious/noExplicitAny: the tests write shapes the types forbid
type Loose = Record<string, any>;
const app = deployment({ name: "app", namespace: "ns", containers: [webContainer] });
const edit = (o: object, change: (c: Loose) => void): never => {
  const c = structuredClone(o) as Loose;
  change(c);
  return c as never;
};
const readPods = { apiGroups: [""], resources: ["pods"], verbs: ["get"] };
const svc = serviceFor(app);

describe("derivations refuse a bad field of the object they read", () => {
  it.each([
    {
      name: "serviceFor: a containerPort of 70000",
      build: () =>
        serviceFor(edit(app, (d) => (d.spec.template.spec.containers[0].ports[0].containerPort = 70000))),
      path: "workload",
      says: "spec.template.spec.containers[0].ports[0].containerPort",
    },
    {
      name: "serviceFor: a null container",
      build: () => serviceFor(edit(app, (d) => (d.spec.template.spec.containers = [null]))),
      path: "workload",
      says: "spec.template.spec.containers[0]",
    },
    {
      name: "serviceFor: containers that are not a list",
      build: () => serviceFor(edit(app, (d) => (d.spec.template.spec.containers = "x"))),
      path: "workload",
      says: "spec.template.spec.containers",
    },
    {
      name: "serviceFor: a namespace that is a number",
      build: () => serviceFor(edit(app, (d) => (d.metadata.namespace = 5))),
      path: "workload",
      says: "metadata.namespace",
    },
    {
      name: "hpaFor: replicas written as a string",
      build: () =>
        hpaFor(
          edit(app, (d) => (d.spec.replicas = "3")),
          { maxReplicas: 5, cpuUtilization: 50 },
        ),
      path: "workload",
      says: "spec.replicas",
    },
    {
      name: "pdbFor: a selector label value that is not one",
      build: () =>
        pdbFor(
          edit(app, (d) => (d.spec.selector.matchLabels["app.kubernetes.io/name"] = "a b")),
          {
            maxUnavailable: 1,
          },
        ),
      path: "workload",
      says: "spec.selector.matchLabels",
    },
    {
      name: "roleBindingFor: a Role named ''",
      build: () =>
        roleBindingFor(
          edit(role({ name: "r", namespace: "ns", rules: [readPods] }), (r) => (r.metadata.name = "")),
          { serviceAccounts: [serviceAccount({ name: "sa" })] },
        ),
      path: "role",
      says: "metadata.name",
    },
    {
      name: "roleBindingFor: a ServiceAccount whose namespace is a number",
      build: () =>
        roleBindingFor(role({ name: "r", namespace: "ns", rules: [readPods] }), {
          serviceAccounts: [edit(serviceAccount({ name: "sa" }), (s) => (s.metadata.namespace = 7))],
        }),
      path: "serviceAccounts[0]",
      says: "ServiceAccount",
    },
    {
      name: "serviceMonitorFor: spec.ports [null]",
      build: () =>
        serviceMonitorFor(
          edit(svc, (s) => (s.spec.ports = [null])),
          { port: "http" },
        ),
      path: "service",
      says: "spec.ports[0]",
    },
    {
      name: "serviceMonitorFor: a port number out of range",
      build: () =>
        serviceMonitorFor(
          edit(svc, (s) => (s.spec.ports[0].port = 0)),
          { port: "http" },
        ),
      path: "service",
      says: "spec.ports[0].port",
    },
  ])("$name", ({ build, path, says }) => {
    const issues = builderError(build).issues;
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toContain(says);
  });

  it("still derives from a workload whose fields are all valid", () => {
    expect(serviceFor(app).spec.ports?.map((p) => p.port)).toEqual([8080, 9100]);
  });
});
