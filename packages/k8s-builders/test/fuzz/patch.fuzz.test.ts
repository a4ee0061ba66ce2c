// Fuzzing patch: a patch can never produce an object the library would refuse. A valid workload gets one change at
// any node of its built object (a plausible value, junk, or a removal), written as a patch the way a user writes
// one (list items by their name where the list merges by name; arb-patch.ts), and a Job or CronJob also a fragment
// of a Job spec with fields it was built without; `patch` either refuses it with a K8sBuilderError,
// or returns an object that passes the official schema, the unknown-field check and the API-server rules. It never
// changes the object it was given.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { K8sBuilderError } from "../../src/base/errors.ts";
import {
  clusterRole,
  clusterRoleBinding,
  configMap,
  cronJob,
  daemonSet,
  deployment,
  hpa,
  job,
  namespace,
  type Patch,
  patch,
  pdb,
  persistentVolumeClaim,
  role,
  roleBinding,
  secret,
  service,
  serviceAccount,
  serviceFor,
  statefulSet,
} from "../../src/index.ts";
import { schemaProblems } from "../support/schema.ts";
import { cronJobOptions, jobOptions } from "./arb-batch.ts";
import { hpaOptions, pdbOptions } from "./arb-kinds.ts";
import { jobSpecAdditions, patched } from "./arb-patch.ts";
import { daemonSetOptions, deploymentOptions, statefulSetOptions } from "./arb-pod.ts";
import { holds, TIMEOUT } from "./harness.ts";
import { apiServerProblems } from "./k8s-rules.ts";

const serviceObjects = fc.constantFrom(
  service({
    name: "api",
    namespace: "shop",
    selector: { "app.kubernetes.io/name": "api" },
    ports: [
      { name: "http", port: 80, targetPort: "http" },
      { name: "grpc", port: 9090, appProtocol: "grpc" },
    ],
  }),
  service({
    name: "db",
    namespace: "shop",
    headless: true,
    selector: { "app.kubernetes.io/name": "db" },
    ports: [{ name: "pg", port: 5432 }],
  }),
  service({
    name: "edge",
    namespace: "shop",
    type: "LoadBalancer",
    externalTrafficPolicy: "Local",
    loadBalancerSourceRanges: ["10.0.0.0/8"],
    selector: { "app.kubernetes.io/name": "edge" },
    ports: [{ name: "https", port: 443, nodePort: 30443 }],
  }),
);

/** The Services of `serviceFor` for the workloads with a named container port (what it exposes). */
const derivedServices = deploymentOptions
  .map((o) => deployment(o))
  .filter((d) => d.spec.template.spec.containers.some((c) => c.ports?.some((p) => p.name !== undefined)))
  .map((d) => serviceFor(d, { name: "derived" }));

function check<O extends object>({ object, partial }: { object: O; partial: Patch<O> }): void {
  const before = structuredClone(object);
  let result: O;
  try {
    result = patch(object as O & { kind?: string }, partial);
  } catch (e) {
    if (!(e instanceof K8sBuilderError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    expect(isDeepStrictEqual(object, before)).toBe(true);
    return;
  }
  expect(isDeepStrictEqual(object, before)).toBe(true);
  const problems = [...schemaProblems(result), ...apiServerProblems(result)];
  if (problems.length > 0) {
    throw new Error(
      `patch accepted ${JSON.stringify(partial)} but the result is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

describe("patch (fuzz): the library never accepts a patch whose result the API server refuses", () => {
  it("Deployment", () => holds(patched(deploymentOptions.map((o) => deployment(o))), check), TIMEOUT);
  it("StatefulSet", () => holds(patched(statefulSetOptions.map((o) => statefulSet(o))), check), TIMEOUT);
  it("DaemonSet", () => holds(patched(daemonSetOptions.map((o) => daemonSet(o))), check), TIMEOUT);
  it(
    "Job",
    () =>
      holds(
        patched(
          jobOptions.map((o) => job(o)),
          jobSpecAdditions(["spec"]),
        ),
        check,
      ),
    TIMEOUT,
  );
  it(
    "CronJob",
    () =>
      holds(
        patched(
          cronJobOptions.map((o) => cronJob(o)),
          jobSpecAdditions(["spec", "jobTemplate", "spec"]),
        ),
        check,
      ),
    TIMEOUT,
  );
  it(
    "ClusterRole and ClusterRoleBinding",
    () =>
      holds(
        patched(
          fc.constantFrom(
            clusterRole({
              name: "reader",
              rules: [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get"] },
                { nonResourceURLs: ["/metrics"], verbs: ["get"] },
              ],
            }),
            clusterRole({ name: "aggregate", aggregationRule: [{ "example.com/aggregate": "true" }] }),
            clusterRoleBinding({
              name: "reader",
              roleRef: { name: "reader" },
              subjects: [{ kind: "ServiceAccount", name: "agent", namespace: "shop" }],
            }),
          ),
        ),
        check,
      ),
    TIMEOUT,
  );
  it(
    "PersistentVolumeClaim",
    () =>
      holds(
        patched(
          fc
            .constantFrom("1Gi", "10Gi")
            .map((size) => persistentVolumeClaim({ name: "data", namespace: "shop", size })),
        ),
        check,
      ),
    TIMEOUT,
  );
  it("HorizontalPodAutoscaler", () => holds(patched(hpaOptions.map((o) => hpa(o))), check), TIMEOUT);
  it("PodDisruptionBudget", () => holds(patched(pdbOptions.map((o) => pdb(o))), check), TIMEOUT);
  it(
    "Namespace, ConfigMap, Secret and ServiceAccount",
    () =>
      holds(
        patched(
          fc.constantFrom(
            namespace({ name: "shop" }),
            namespace({ name: "edge", podSecurity: "baseline" }),
            configMap({ name: "app", namespace: "shop", data: { LOG_LEVEL: "info", "app.json": "{}" } }),
            secret({ name: "db", namespace: "shop", stringData: { password: "<db-password>" } }),
            secret({
              name: "tls",
              namespace: "shop",
              type: "kubernetes.io/tls",
              stringData: { "tls.crt": "<tls-crt>", "tls.key": "<tls-key>" },
            }),
            serviceAccount({ name: "agent", namespace: "shop", imagePullSecrets: ["regcred"] }),
          ),
        ),
        check,
      ),
    TIMEOUT,
  );

  it(
    "Role and RoleBinding",
    () =>
      holds(
        patched(
          fc.constantFrom<object>(
            role({
              name: "reader",
              namespace: "shop",
              rules: [
                { apiGroups: ["", "apps"], resources: ["pods", "deployments"], verbs: ["get", "list"] },
              ],
            }),
            roleBinding({
              name: "reader",
              namespace: "shop",
              roleRef: { name: "reader" },
              subjects: [
                { kind: "ServiceAccount", name: "agent", namespace: "shop" },
                { kind: "Group", name: "ops" },
              ],
            }),
          ),
        ),
        check,
      ),
    TIMEOUT,
  );

  it("Service", () => holds(patched(serviceObjects), check), TIMEOUT);
  it("Service of serviceFor", () => holds(patched(derivedServices), check), TIMEOUT);

  it(
    "an empty patch returns an equal object",
    () =>
      holds(
        deploymentOptions.map((o) => deployment(o)),
        (d) => {
          expect(patch(d, {})).toEqual(d);
        },
      ),
    TIMEOUT,
  );
});
