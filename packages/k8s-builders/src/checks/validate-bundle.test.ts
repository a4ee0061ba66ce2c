import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { base, findings, summary } from "../../test/support/checks.ts";
import type { Manifest } from "../base/manifest.ts";
import { FINDING_CODES } from "./codes.ts";
import { BUNDLE_RULES, type ValidateBundleResult, validateBundle } from "./validate-bundle.ts";

describe("validateBundle results", () => {
  it("finds nothing in the minimal fixture bundle", () => {
    expect(validateBundle(base().all)).toEqual({
      errors: [],
      warnings: [],
      podSecurity: [
        {
          object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web" },
          level: "restricted",
          reasons: [],
        },
      ],
    });
  });

  it("sorts findings by severity, with the code's severity and hint", () => {
    const { ns, web } = base();
    const broken = { ...web, spec: { ...web.spec, template: { ...web.spec?.template, metadata: {} } } };
    const result = validateBundle([ns, broken as Manifest, ns]);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const f of [...result.errors, ...result.warnings]) {
      expect(f.severity).toBe(FINDING_CODES[f.code].severity);
      expect(f.hint).not.toBe("");
    }
    expect(result.errors.every((f) => f.severity === "error")).toBe(true);
    expect(result.warnings.every((f) => f.severity === "warning")).toBe(true);
  });

  it("starts each message with the object it is about", () => {
    const { ns, web } = base();
    const [f] = findings([ns, web, web]);
    expect(f?.message).toBe(
      'Deployment "shop/web": objects[2] has the same identity as objects[1]; the later one replaces the earlier on apply',
    );
  });

  it("types its input as the builders' output and its result", () => {
    expectTypeOf(validateBundle).parameter(0).toEqualTypeOf<readonly Manifest[]>();
    expectTypeOf(validateBundle).returns.toEqualTypeOf<ValidateBundleResult>();
    // @ts-expect-error unknown option
    validateBundle([], { externalSecret: ["x"] });
  });
});

describe("FINDING_CODES", () => {
  it("has a SCREAMING_SNAKE code, a severity, a description and a hint for each entry", () => {
    for (const [code, info] of Object.entries(FINDING_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(["error", "warning"]).toContain(info.severity);
      expect(info.description).toMatch(/\.$/);
      expect(info.hint.length).toBeGreaterThan(10);
    }
  });

  it("names each rule once", () => {
    const names = BUNDLE_RULES.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("validateBundle never throws", () => {
  const junk: [string, unknown][] = [
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a string", "apiVersion: v1"],
    ["an object", { kind: "Deployment" }],
    [
      "junk entries",
      [null, undefined, 1, "x", [], {}, { kind: "Service" }, { apiVersion: "v1", kind: "Pod", metadata: 3 }],
    ],
    [
      "wrong field types",
      [
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "a", namespace: 5, labels: "x" },
          spec: "x",
        },
        {
          apiVersion: "apps/v1",
          kind: "Deployment",
          metadata: { name: "b" },
          spec: { selector: [], template: 7 },
        },
        {
          apiVersion: "apps/v1",
          kind: "StatefulSet",
          metadata: { name: "c" },
          spec: {
            serviceName: 9,
            template: { spec: { containers: [null, 5, { ports: "x", livenessProbe: 5 }] } },
          },
        },
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "d" },
          spec: { selector: { a: 1 }, ports: [null, { targetPort: {} }] },
        },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "e" },
          data: { a: 5, b: null },
          stringData: [],
        },
        { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "f" }, data: "x", binaryData: { k: "%%%" } },
        {
          apiVersion: "policy/v1",
          kind: "PodDisruptionBudget",
          metadata: { name: "g" },
          spec: { minAvailable: {} },
        },
        {
          apiVersion: "autoscaling/v2",
          kind: "HorizontalPodAutoscaler",
          metadata: { name: "h" },
          spec: { metrics: 1 },
        },
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "Ingress",
          metadata: { name: "i" },
          spec: { rules: [{ http: 1 }], tls: {} },
        },
        {
          apiVersion: "networking.k8s.io/v1",
          kind: "NetworkPolicy",
          metadata: { name: "j" },
          spec: { policyTypes: "Ingress" },
        },
        {
          apiVersion: "monitoring.coreos.com/v1",
          kind: "ServiceMonitor",
          metadata: { name: "k" },
          spec: { selector: {}, endpoints: "x" },
        },
        {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: "l", labels: { "pod-security.kubernetes.io/enforce": 1 } },
        },
        {
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: "m" },
          spec: { securityContext: "x", volumes: [1, { name: "v", nfs: {} }] },
        },
      ],
    ],
    ["a BigInt", [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "n" }, data: { a: 1n } }]],
  ];

  it.each(junk)("on %s", (_, input) => {
    expect(() => validateBundle(input as Manifest[])).not.toThrow();
    expect(() => validateBundle(input as Manifest[], input as never)).not.toThrow();
  });

  it("reports a non-array as INVALID_BUNDLE and bad entries as INVALID_OBJECT", () => {
    expect(findings(null as never).map(summary)).toEqual([
      { code: "INVALID_BUNDLE", kind: "", name: "", path: "" },
    ]);
    expect(
      findings([null, { apiVersion: "v1", kind: "ConfigMap", metadata: {} }] as never).map(summary),
    ).toEqual([
      { code: "INVALID_OBJECT", kind: "", name: "", path: "" },
      { code: "INVALID_OBJECT", kind: "ConfigMap", name: "", path: "metadata.name" },
    ]);
  });

  it("reports bad options as INVALID_OPTION warnings and uses the defaults", () => {
    const result = validateBundle(base().all, {
      targetKubernetesVersion: "latest",
      external: "db" as never,
      allowSecretValues: "yes" as never,
      ...({ typo: true } as object),
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ["INVALID_OPTION", "options.typo"],
      ["INVALID_OPTION", "options.targetKubernetesVersion"],
      ["INVALID_OPTION", "options.allowSecretValues"],
      ["INVALID_OPTION", "options.external"],
    ]);
  });

  it("survives objects whose fields throw when read, reporting what it could not check", () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    );
    const { ns, web } = base();
    const spiky = { ...web, spec: { ...web.spec, template: trap } } as Manifest;
    expect(() => validateBundle([trap as Manifest, ns, spiky])).not.toThrow();
    const result = validateBundle([trap as Manifest, ns, spiky]);
    expect([...result.errors, ...result.warnings].map((f) => f.code)).toContain("INVALID_OBJECT");
  });

  it("survives cycles", () => {
    const { ns, web } = base();
    const cyclic = structuredClone(web) as Manifest & { spec: { self?: unknown } };
    cyclic.spec.self = cyclic;
    expect(() => validateBundle([ns, cyclic])).not.toThrow();
  });

  it("never throws on arbitrary JSON-like values, alone or grafted into a valid bundle", () => {
    const { all } = base();
    const paths = [
      "spec",
      "metadata",
      "data",
      "spec.template",
      "spec.template.spec",
      "spec.selector",
      "spec.ports",
    ];
    fc.assert(
      fc.property(fc.anything(), fc.nat(all.length - 1), fc.constantFrom(...paths), (value, i, path) => {
        expect(() => validateBundle(value as Manifest[])).not.toThrow();
        expect(() => validateBundle([value] as Manifest[])).not.toThrow();
        const copy = structuredClone(all) as Record<string, unknown>[];
        let target: Record<string, unknown> = copy[i] ?? {};
        const keys = path.split(".");
        for (const k of keys.slice(0, -1)) {
          const next = target[k];
          if (next === null || typeof next !== "object") return;
          target = next as Record<string, unknown>;
        }
        target[keys.at(-1) ?? "spec"] = value;
        expect(() => validateBundle(copy as Manifest[])).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
