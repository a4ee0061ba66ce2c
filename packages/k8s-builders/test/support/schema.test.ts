import { describe, expect, it } from "vitest";
import { k8sFields } from "../../src/base/k8s-fields.ts";
import { CRD_ROOTS, generateK8sFields, ROOTS } from "./gen-k8s-fields.ts";
import { assertSchemaValid, schemaProblems, supportedKinds } from "./schema.ts";

const minimalDeployment = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", labels: { "app.kubernetes.io/name": "web" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { "app.kubernetes.io/name": "web" } },
    template: {
      metadata: { labels: { "app.kubernetes.io/name": "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image: "nginx:1.27",
            ports: [{ containerPort: 8080, name: "http" }],
            resources: { limits: { memory: "128Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
          },
        ],
      },
    },
  },
});

describe("src/base/k8s-fields.generated.ts", () => {
  it("is up to date with kubernetes-types (run gen-k8s-fields.ts if this fails)", () => {
    expect(k8sFields()).toEqual(generateK8sFields());
  });

  it("covers exactly the built-in kinds schema.ts supports, and the Gateway API kinds the library builds", () => {
    const roots = supportedKinds().flatMap(({ fieldsRoot }) => (fieldsRoot ? [fieldsRoot] : []));
    expect([...roots].sort()).toEqual([...ROOTS, ...CRD_ROOTS].sort());
    expect(CRD_ROOTS).toEqual(["gateway/v1.GRPCRoute", "gateway/v1.Gateway", "gateway/v1.HTTPRoute"]);
  });
});

describe("assertSchemaValid", () => {
  it("accepts a valid minimal Deployment", () => {
    expect(schemaProblems(minimalDeployment())).toEqual([]);
    expect(() => assertSchemaValid(minimalDeployment())).not.toThrow();
  });

  it("rejects an unknown field and names its path", () => {
    const d = minimalDeployment();
    Object.assign(d.spec.template.spec.containers[0] ?? {}, { foo: 1 });
    expect(schemaProblems(d)).toEqual([
      'spec.template.spec.containers[0].foo: unknown field (core/v1.Container has no field "foo")',
    ]);
    expect(() => assertSchemaValid(d)).toThrow(/spec\.template\.spec\.containers\[0\]\.foo: unknown field/);
  });

  it("names a field that is not an identifier as the library's errors do (formatPath)", () => {
    const d = minimalDeployment();
    Object.assign(d.spec.template.spec.containers[0] ?? {}, { "x-y": 1 });
    expect(schemaProblems(d)).toEqual([
      'spec.template.spec.containers[0]["x-y"]: unknown field (core/v1.Container has no field "x-y")',
    ]);
  });

  it("rejects a wrong type", () => {
    const d = { ...minimalDeployment(), spec: { ...minimalDeployment().spec, replicas: "two" } };
    expect(schemaProblems(d)).toEqual(["spec.replicas: must be integer"]);
    expect(() => assertSchemaValid(d)).toThrow(/spec\.replicas: must be integer/);
  });

  it("rejects a missing required field", () => {
    const d = minimalDeployment();
    const container: Partial<
      ReturnType<typeof minimalDeployment>["spec"]["template"]["spec"]["containers"][0]
    > = d.spec.template.spec.containers[0] ?? {};
    delete container.name;
    expect(schemaProblems(d)).toEqual(["spec.template.spec.containers[0].name: required field is missing"]);
    expect(() => assertSchemaValid(d)).toThrow(/containers\[0\]\.name: required field is missing/);
  });

  it("lists every problem, accepts any key in map fields, and rejects server-populated fields", () => {
    const d = {
      ...minimalDeployment(),
      metadata: { name: "web", annotations: { "example.com/any key": "x" }, uid: "1234", bogus: true },
      status: { replicas: 1 },
    };
    expect(schemaProblems(d)).toEqual([
      'metadata.uid: unknown field (meta/v1.ObjectMeta has no field "uid")',
      'metadata.bogus: unknown field (meta/v1.ObjectMeta has no field "bogus")',
      'status: unknown field (apps/v1.Deployment has no field "status")',
    ]);
  });

  it("reports map keys and array indexes in paths", () => {
    const svc = {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", labels: { "app.kubernetes.io/name": 3 } },
      spec: { ports: [{ port: 80 }, { port: 81, target: 8080 }] },
    };
    expect(schemaProblems(svc)).toEqual([
      'metadata.labels["app.kubernetes.io/name"]: must be string',
      'spec.ports[1].target: unknown field (core/v1.ServicePort has no field "target")',
    ]);
  });

  it("accepts a minimal object of every supported built-in kind", () => {
    const specs: Record<string, object> = {
      Deployment: minimalDeployment().spec,
      StatefulSet: { ...minimalDeployment().spec, serviceName: "web" },
      HorizontalPodAutoscaler: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        maxReplicas: 3,
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
          },
        ],
      },
      PodDisruptionBudget: { minAvailable: 1, selector: { matchLabels: { app: "web" } } },
      Ingress: {
        rules: [
          {
            host: "example.com",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "web", port: { number: 80 } } },
                },
              ],
            },
          },
        ],
      },
      NetworkPolicy: { podSelector: {}, policyTypes: ["Ingress"] },
      Service: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] },
      PersistentVolumeClaim: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      Namespace: {},
      DaemonSet: { selector: minimalDeployment().spec.selector, template: minimalDeployment().spec.template },
      Job: { template: { spec: { ...minimalDeployment().spec.template.spec, restartPolicy: "Never" } } },
      CronJob: {
        schedule: "0 * * * *",
        jobTemplate: {
          spec: { template: { spec: { ...minimalDeployment().spec.template.spec, restartPolicy: "Never" } } },
        },
      },
      ResourceQuota: { hard: { pods: "10" } },
      LimitRange: { limits: [{ type: "Container", max: { memory: "1Gi" } }] },
      Gateway: { gatewayClassName: "envoy", listeners: [{ name: "http", protocol: "HTTP", port: 80 }] },
      HTTPRoute: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web", port: 80 }] }] },
      GRPCRoute: { parentRefs: [{ name: "web" }], rules: [{ backendRefs: [{ name: "web", port: 80 }] }] },
    };
    const extra: Record<string, object> = {
      ConfigMap: { data: { "a.txt": "x" } },
      Secret: { type: "Opaque", stringData: { password: "x" } },
      ServiceAccount: { automountServiceAccountToken: false },
      Role: { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] },
      ClusterRole: { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] },
      RoleBinding: {
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "r" },
        subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "ns" }],
      },
      ClusterRoleBinding: {
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "r" },
        subjects: [{ kind: "ServiceAccount", name: "sa", namespace: "ns" }],
      },
    };
    for (const { apiVersion, kind, fieldsRoot } of supportedKinds()) {
      if (!fieldsRoot) continue;
      const obj = {
        apiVersion,
        kind,
        metadata: { name: "x" },
        ...(kind in specs ? { spec: specs[kind] } : extra[kind]),
      };
      expect(schemaProblems(obj), `${apiVersion} ${kind}`).toEqual([]);
    }
  });

  it("validates a ServiceMonitor (CRD) against its model, without the unknown-field check", () => {
    const sm = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, endpoints: [{ port: "http", interval: "30s" }] },
    };
    expect(schemaProblems(sm)).toEqual([]);
    expect(schemaProblems({ ...sm, spec: { ...sm.spec, endpoints: [{ port: 8080 }] } })).toEqual([
      "spec.endpoints[0].port: must be string",
    ]);
  });

  it("throws for kinds without a schema", () => {
    const k = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources: [] };
    expect(() => schemaProblems(k)).toThrow("no schema for kustomize.config.k8s.io/v1beta1 Kustomization");
    expect(() => assertSchemaValid({ apiVersion: "apps/v1beta1", kind: "Deployment" })).toThrow(
      "no schema for apps/v1beta1 Deployment",
    );
  });
});
