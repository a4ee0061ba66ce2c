/**
 * The CRD importer: the committed modules of the fixtures are what it generates today (byte for byte), the
 * generated builders check specs against their CRD's schema, bad input is one clear error, and the command line
 * writes atomically with the right exit codes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../src/crd-import/cli.ts";
import { generateCrdModules, importCrds } from "../../src/crd-import/index.ts";
import { CRD_FIXTURES } from "../support/crd.ts";
import { builderError, expectIssue } from "../support/errors.ts";
import { serviceMonitor } from "./generated/monitoring.coreos.com/v1/service-monitor.ts";

const GENERATED = fileURLToPath(new URL("./generated/", import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split("\\").join("/"))
    .sort();
}

const fixtureSources = () =>
  readdirSync(CRD_FIXTURES)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => ({ path: f, text: readFileSync(join(CRD_FIXTURES, f), "utf8") }));

const crd = (schema: string, extra = "") => `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced${extra}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
${schema
  .split("\n")
  .map((l) => `            ${l}`)
  .join("\n")}
`;

describe("generated modules of the fixtures", () => {
  it("are committed exactly as the importer writes them (run test/crd/update-generated.ts)", () => {
    const { files } = generateCrdModules(fixtureSources());
    expect(files.size).toBeGreaterThan(0);
    expect(filesUnder(GENERATED)).toEqual([...files.keys()]);
    for (const [path, text] of files) expect(readFileSync(join(GENERATED, path), "utf8"), path).toBe(text);
  });

  it("do not depend on the order of the input files", () => {
    const sources = fixtureSources();
    const a = generateCrdModules(sources).files;
    const b = generateCrdModules([...sources].reverse()).files;
    expect([...b.entries()]).toEqual([...a.entries()]);
  });

  it("import only from the public package entry", () => {
    for (const file of filesUnder(GENERATED)) {
      const text = readFileSync(join(GENERATED, file), "utf8");
      const specifiers = [...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      expect(specifiers, file).toEqual(["@call-center/k8s-builders"]);
    }
  });
});

describe("a generated builder (ServiceMonitor)", () => {
  const spec = { selector: { matchLabels: { app: "api" } }, endpoints: [{ port: "http" }] };

  it("builds the object with the metadata of every builder", () => {
    const sm = serviceMonitor({ name: "api", namespace: "call-center", spec });
    expect(sm).toMatchObject({
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: "api", namespace: "call-center", labels: { "app.kubernetes.io/name": "api" } },
      spec,
    });
  });

  it.each([
    { spec: {}, code: "required", path: "spec.endpoints" },
    { spec: { endpoints: [] }, code: "required", path: "spec.selector" },
    { spec: { ...spec, endpoints: [{ port: 80 }] }, code: "invalid_type", path: "spec.endpoints[0].port" },
    {
      spec: { ...spec, endpoints: [{ scheme: "ftp" }] },
      code: "invalid_value",
      path: "spec.endpoints[0].scheme",
    },
    {
      spec: { ...spec, endpoints: [{ interval: "30 s" }] },
      code: "invalid_format",
      path: "spec.endpoints[0].interval",
    },
    {
      spec: { ...spec, endpoints: [{ prot: "http" }] },
      code: "unknown_option",
      path: "spec.endpoints[0].prot",
    },
    {
      spec: { ...spec, endpoints: [{ targetPort: 1.5 }] },
      code: "invalid_type",
      path: "spec.endpoints[0].targetPort",
    },
    {
      spec: { ...spec, endpoints: [{ relabelings: [{ sourceLabels: ["bad-label"] }] }] },
      code: "invalid_format",
      path: "spec.endpoints[0].relabelings[0].sourceLabels[0]",
    },
    {
      spec: { ...spec, endpoints: [{ metricRelabelings: [{ action: "rename" }] }] },
      code: "invalid_value",
      path: "spec.endpoints[0].metricRelabelings[0].action",
    },
    {
      spec: { ...spec, endpoints: [{ oauth2: {} }] },
      code: "required",
      path: "spec.endpoints[0].oauth2.tokenUrl",
    },
    { spec: { ...spec, scrapeClass: "" }, code: "too_small", path: "spec.scrapeClass" },
    {
      spec: { ...spec, scrapeProtocols: ["PrometheusProto", "PrometheusProto"] },
      code: "duplicate",
      path: "spec.scrapeProtocols[1]",
    },
    { spec: { ...spec, sampleLimit: "10" }, code: "invalid_type", path: "spec.sampleLimit" },
    {
      spec: { ...spec, selector: { matchLabels: { app: 1 } } },
      code: "invalid_type",
      path: "spec.selector.matchLabels.app",
    },
    {
      spec: { ...spec, nativeHistogramMinBucketFactor: "1.1.1" },
      code: "invalid_format",
      path: "spec.nativeHistogramMinBucketFactor",
    },
  ])("refuses $path ($code)", ({ spec, code, path }) => {
    expectIssue(() => serviceMonitor({ name: "api", spec } as never), code, path);
  });

  it("reports metadata and spec problems in one error named after the builder", () => {
    const err = builderError(() => serviceMonitor({ name: "API", spec: {} } as never));
    expect(err.builder).toBe("serviceMonitor");
    expect(err.issues.map((i) => i.path)).toEqual(["name", "spec.endpoints", "spec.selector"]);
  });
});

describe("bad input: one clear error", () => {
  const issuesOf = (text: string) =>
    builderError(() => generateCrdModules([{ path: "in.yaml", text }])).issues.map((i) => i.code);

  it.each([
    { name: "invalid YAML", text: "a: [1,\n", code: "invalid_yaml" },
    {
      name: "a Deployment",
      text: "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n",
      code: "not_a_crd",
    },
    { name: "an empty file", text: "", code: "not_a_crd" },
    { name: "a list", text: "- a\n- b\n", code: "not_a_crd" },
    {
      name: "a v1beta1 CRD",
      text: crd("type: object").replace("apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"),
      code: "invalid_crd",
    },
    {
      name: "no group dot",
      text: crd("type: object").replace("group: example.com", "group: example"),
      code: "invalid_crd",
    },
    {
      name: "a version name over 63 characters (a DNS-1035 label)",
      text: crd("type: object").replace("- name: v1\n", `- name: v${"1".repeat(63)}\n`),
      code: "invalid_crd",
    },
    { name: "$ref", text: crd("$ref: '#/definitions/x'"), code: "unsupported_schema" },
    { name: "a type list", text: crd("type: [string, 'null']"), code: "unsupported_schema" },
    {
      name: "patternProperties",
      text: crd("type: object\npatternProperties: {a: {type: string}}"),
      code: "unsupported_schema",
    },
    { name: "a lookahead pattern", text: crd("type: string\npattern: '(?=a)'"), code: "unsupported_schema" },
    {
      name: "properties with additionalProperties",
      text: crd("type: object\nproperties: {a: {type: string}}\nadditionalProperties: {type: string}"),
      code: "unsupported_schema",
    },
    { name: "tuple items", text: crd("type: array\nitems: [{type: string}]"), code: "unsupported_schema" },
    { name: "an unknown schema key", text: crd("type: object\nproperites: {}"), code: "unsupported_schema" },
  ])("$name → $code", ({ text, code }) => {
    expect(issuesOf(text)).toContain(code);
  });

  it("names the file, the CRD and the place in its schema", () => {
    const err = builderError(() =>
      generateCrdModules([{ path: "in.yaml", text: crd("type: object\nproperties: {a: {$ref: x}}") }]),
    );
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]?.message).toBe(
      "in.yaml, document 1 (widgets.example.com): spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.$ref: $ref is not allowed in a CRD schema",
    );
  });

  it("skips other kinds beside a CRD, and generates served versions only", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\n${crd("type: object")}`.replace(
      "  versions:\n",
      "  versions:\n  - name: v1alpha1\n    served: false\n    storage: false\n",
    );
    const r = generateCrdModules([{ path: "in.yaml", text }]);
    expect([...r.files.keys()]).toEqual(["example.com/v1/widget.ts"]);
    expect(r.skipped).toEqual([{ path: "in.yaml", document: 1, kind: "Namespace" }]);
  });

  it("refuses the same kind and version defined twice", () => {
    const text = crd("type: object");
    expect(
      builderError(() =>
        generateCrdModules([
          { path: "a.yaml", text },
          { path: "b.yaml", text },
        ]),
      ).issues[0]?.code,
    ).toBe("duplicate");
  });

  it("refuses two kinds that would be written to one file (HTTPRoute and HttpRoute), in any order", () => {
    const upper = crd("type: object");
    const lower = upper
      .replace("widgets.example.com", "httproutes2.example.com")
      .replace("{kind: Widget, plural: widgets}", "{kind: HttpRoute, plural: httproutes2}");
    const first = upper
      .replace("widgets.example.com", "httproutes.example.com")
      .replace("{kind: Widget, plural: widgets}", "{kind: HTTPRoute, plural: httproutes}");
    for (const order of [
      [first, lower],
      [lower, first],
    ]) {
      const error = builderError(() =>
        generateCrdModules(order.map((text, i) => ({ path: `${i}.yaml`, text }))),
      );
      expect(error.issues.map((i) => i.code)).toEqual(["duplicate"]);
      expect(error.issues[0]?.message).toContain("would both be written to example.com/v1/http-route.ts");
    }
  });
});

describe("types of generated code", () => {
  it("a cluster-scoped CRD's builder takes no namespace; other top-level fields are options", () => {
    const text = crd("type: object\nproperties: {a: {type: string}}")
      .replace("scope: Namespaced", "scope: Cluster")
      .replace(
        "          spec:\n",
        "          data: {type: object, additionalProperties: {type: string}}\n          spec:\n",
      );
    const [module] = generateCrdModules([{ path: "in.yaml", text }]).files.values();
    expect(module).toContain('export type WidgetOptions = Omit<CustomResourceMeta, "namespace"> & {');
    expect(module).toContain("  data?: { [key: string]: string };\n");
    expect(module).toContain(
      'export type Widget = CustomResourceObject<WidgetSpec, "example.com/v1", "Widget", WidgetFields>;',
    );
    expect(module).toContain("export interface WidgetFields {\n");
    expect(module).toContain("  patch?: Patch<Widget>;\n");
  });
});

describe("importCrds and the command line", () => {
  const fixture = join(CRD_FIXTURES, "monitoring.coreos.com_servicemonitors.yaml");
  const out = () => mkdtempSync(join(tmpdir(), "crd-import-"));
  const io = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
  };

  it("writes one module per served version, and leaves an up-to-date one untouched", () => {
    const dir = out();
    expect(importCrds({ files: [fixture], out: dir }).written).toEqual([
      "monitoring.coreos.com/v1/service-monitor.ts",
    ]);
    const file = join(dir, "monitoring.coreos.com/v1/service-monitor.ts");
    const before = statSync(file).mtimeMs;
    const again = importCrds({ files: [fixture], out: dir });
    expect(again).toMatchObject({ written: [], unchanged: ["monitoring.coreos.com/v1/service-monitor.ts"] });
    expect(statSync(file).mtimeMs).toBe(before);
    expect(filesUnder(dir)).toEqual(["monitoring.coreos.com/v1/service-monitor.ts"]);
  });

  it("writes nothing when any input is bad", () => {
    const dir = out();
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "kind: [\n");
    const err = builderError(() => importCrds({ files: [fixture, bad], out: join(dir, "out") }));
    expect(err.issues.map((i) => i.code)).toEqual(["invalid_yaml"]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("exits 0 and lists what it wrote", () => {
    const dir = out();
    const { lines, io: o } = io();
    expect(main(["import", fixture, "--out", dir], o)).toBe(0);
    expect(lines.out).toEqual(["wrote monitoring.coreos.com/v1/service-monitor.ts"]);
    expect(main(["import", fixture, `--out=${dir}`], o)).toBe(0);
    expect(lines.out.at(-1)).toBe("unchanged monitoring.coreos.com/v1/service-monitor.ts");
  });

  it.each([
    { argv: [], code: 2 },
    { argv: ["export"], code: 2 },
    { argv: ["import", "x.yaml"], code: 2 },
    { argv: ["import", "--out", "d"], code: 2 },
    { argv: ["import", "x.yaml", "--out"], code: 2 },
    { argv: ["import", "x.yaml", "--out", "d", "--force"], code: 2 },
    { argv: ["import", "/does/not/exist.yaml", "--out", "d"], code: 1 },
    { argv: ["--help"], code: 0 },
  ])("exits $code for $argv", ({ argv, code }) => {
    const { io: o } = io();
    expect(main(argv, o)).toBe(code);
  });

  it("prints one clear line for bad input", () => {
    const dir = out();
    const notCrd = join(dir, "deploy.yaml");
    writeFileSync(notCrd, "apiVersion: apps/v1\nkind: Deployment\n");
    const { lines, io: o } = io();
    expect(main(["import", notCrd, "--out", dir], o)).toBe(1);
    expect(lines.err).toEqual([
      `k8s-builders import: ${notCrd}: no CustomResourceDefinition (it holds Deployment)`,
    ]);
    expect(relative(dir, notCrd)).toBe("deploy.yaml");
  });
});
