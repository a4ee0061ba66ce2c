import { describe, expect, it } from "vitest";
import { appContainer, base, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { deployment } from "../../kinds/deployment.ts";

const { resources: _r, readinessProbe: _p, ...bare } = appContainer;
const web = (container: object) =>
  deployment({ name: "web", namespace: NS, replicas: 2, containers: [{ ...bare, ...container }] });
const c = "spec.template.spec.containers[0]";

const rows: Row[] = [
  {
    title: "a container without resources",
    objects: () => [base().ns, web({ readinessProbe: appContainer.readinessProbe }), base().svc],
    code: "CONTAINER_NO_LIMITS",
    kind: "Deployment",
    name: "web",
    path: `${c}.resources.limits`,
  },
  {
    title: "a container with a CPU limit only",
    objects: () => [
      base().ns,
      web({ readinessProbe: appContainer.readinessProbe, resources: { limits: { cpu: "1" } } }),
      base().svc,
    ],
    code: "CONTAINER_NO_LIMITS",
    kind: "Deployment",
    name: "web",
    path: `${c}.resources.limits.memory`,
  },
  {
    title: "a container behind a Service without a readiness probe",
    objects: () => [base().ns, web({ resources: appContainer.resources }), base().svc],
    code: "WORKLOAD_NO_READINESS_PROBE",
    kind: "Deployment",
    name: "web",
    path: `${c}.readinessProbe`,
  },
];

describe("resource and probe warnings", () => {
  it.each(rows)("$code: $title", expectRow);

  it("is a warning", () => {
    const result = findings([base().ns, web({ resources: appContainer.resources }), base().svc]);
    expect(result.map((f) => f.severity)).toEqual(["warning"]);
  });

  it("needs no readiness probe on a workload no Service selects", () => {
    expect(findings([base().ns, web({ resources: appContainer.resources })])).toEqual([]);
  });
});
