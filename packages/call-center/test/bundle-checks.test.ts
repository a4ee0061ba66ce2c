/** The call-center bundle passes the whole-bundle checks, and breaking any reference in it is caught. */
import { validateBundle } from "@call-center/k8s-builders";
import { expectValidBundle, findObject } from "@call-center/k8s-builders/testing";
import { describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

// Inline mode: the Secrets are in the bundle, so breaking them is something the checks can see.
const config = resolveConfig("production", { secrets: { mode: "inline" } });
const options = callCenterCheckOptions(config);

// biome-ignore lint/suspicious/noExplicitAny: the tests break objects in ways their types forbid
type Loose = Record<string, any>;
const clone = () => structuredClone(callCenter(config)) as Loose[];
const find = (objects: Loose[], kind: string, name: string): Loose => findObject(objects, kind, name);

describe("the call-center bundle under validateBundle", () => {
  it.each(["production", "staging"] as const)("has no errors and no warnings (%s)", (env) => {
    const c = resolveConfig(env);
    expectValidBundle(callCenter(c), { warnings: "deny", validate: callCenterCheckOptions(c) });
  });

  it("has no errors and no warnings with Grafana routed (its Ingress reaches its Service)", () => {
    const c = resolveConfig("production", { monitoring: { grafanaRoute: { enabled: true } } });
    const r = validateBundle(callCenter(c), callCenterCheckOptions(c));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it.each(["inline", "external"] as const)("has no errors in secrets.mode %s", (mode) => {
    const c = resolveConfig("production", {
      secrets: { mode, ...(mode === "external" ? { store: { name: "vault", kind: "SecretStore" } } : {}) },
    });
    expect(validateBundle(callCenter(c), callCenterCheckOptions(c)).errors).toEqual([]);
  });

  it.each([
    { mode: "template", warned: [] },
    { mode: "external", warned: [] },
    { mode: "inline", warned: ["db-credentials", "api-keys", "jwt-secret", "grafana-admin"] },
  ] as const)(
    "warns about placeholder Secrets applied only in $mode mode when it applies them",
    ({ mode, warned }) => {
      const c = resolveConfig("production", {
        secrets: { mode, ...(mode === "external" ? { store: { name: "vault", kind: "SecretStore" } } : {}) },
      });
      const r = validateBundle(callCenter(c), callCenterCheckOptions(c));
      expect(
        r.warnings.filter((w) => w.code === "SECRET_PLACEHOLDER_APPLIED").map((w) => w.object.name),
      ).toEqual(warned);
      expect(r.warnings.filter((w) => w.code !== "SECRET_PLACEHOLDER_APPLIED")).toEqual([]);
    },
  );

  it("reports the Secrets the pods read as missing without the options that say they are made outside", () => {
    const c = resolveConfig("production");
    const missing = validateBundle(callCenter(c), {
      externalSecrets: [c.ingress.tlsSecretName],
    }).errors.filter((e) => e.code === "SECRET_MISSING");
    expect(missing.length).toBeGreaterThan(0);
  });

  it("covers every pod with a NetworkPolicy and meets the restricted Pod Security Standard everywhere", () => {
    const r = validateBundle(callCenter(config), options);
    expect(r.podSecurity.length).toBeGreaterThanOrEqual(6);
    for (const p of r.podSecurity)
      expect(p.level, `${p.object.kind} ${p.object.name}: ${p.reasons.join("; ")}`).toBe("restricted");
  });

  const breakages: {
    name: string;
    mutate: (o: Loose[]) => void;
    code: string;
    object: string;
    path: string;
  }[] = [
    {
      name: "a Secret the apps read is renamed",
      mutate: (o) => {
        find(o, "Secret", "jwt-secret").metadata.name = "jwt";
      },
      code: "SECRET_MISSING",
      object: "call-processor",
      path: "spec.template.spec.containers[0].envFrom[2].secretRef.name",
    },
    {
      name: "a key of db-credentials is removed",
      mutate: (o) => {
        delete find(o, "Secret", "db-credentials").stringData.password;
      },
      code: "CONFIG_KEY_MISSING",
      object: "call-processor",
      path: "spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.key",
    },
    {
      name: "the Ingress points at a port the Service does not have",
      mutate: (o) => {
        find(o, "Ingress", "call-center-ws").spec.rules[0].http.paths[0].backend.service.port = {
          name: "web",
        };
      },
      code: "INGRESS_SERVICE_PORT_MISSING",
      object: "call-center-ws",
      path: "spec.rules[0].http.paths[0].backend.service.port.name",
    },
    {
      name: "a Service's selector selects no pod",
      mutate: (o) => {
        find(o, "Service", "admin-api").spec.selector["app.kubernetes.io/name"] = "admin";
      },
      code: "SERVICE_SELECTS_NOTHING",
      object: "admin-api",
      path: "spec.selector",
    },
    {
      name: "the headless Service of PostgreSQL is gone",
      mutate: (o) => {
        o.splice(o.indexOf(find(o, "Service", "postgresql-headless")), 1);
      },
      code: "STATEFULSET_SERVICE_MISSING",
      object: "postgresql",
      path: "spec.serviceName",
    },
    {
      name: "the HPA targets a Deployment that does not exist",
      mutate: (o) => {
        find(o, "HorizontalPodAutoscaler", "call-processor").spec.scaleTargetRef.name = "call-processr";
      },
      code: "HPA_TARGET_MISSING",
      object: "call-processor",
      path: "spec.scaleTargetRef.name",
    },
  ];

  it.each(breakages)("reports $code when $name", ({ mutate, code, object, path }) => {
    const objects = clone();
    mutate(objects);
    const r = validateBundle(objects as never, options);
    expect(r.errors.map((e) => ({ code: e.code, name: e.object.name, path: e.path }))).toContainEqual({
      code,
      name: object,
      path,
    });
  });
});
