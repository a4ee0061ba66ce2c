/**
 * The documentation cannot go stale and says what the code does:
 * (a) the files of `node scripts/gen-docs.ts` are up to date, and every builder has a page with an example that
 *     its TSDoc repeats;
 * (b) every option of every exported schema says what it does, its default (or what leaving it out means) and
 *     where Kubernetes documents it; a default is the schema's: giving it equals leaving it out, and the builder
 *     reads the option (another value changes the object);
 * (c) every error and finding code used in the code is explained in docs/errors.md.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as k8s from "@call-center/k8s-builders";
import { beforeAll, describe, expect, it } from "vitest";
import {
  builderProse,
  codesIn,
  declarationOf,
  jsonSchemaOf,
  kindOf,
  type OptionRow,
  optionRows,
} from "../../../../scripts/docs-model.ts";
import {
  type BuilderInfo,
  type DocsModel,
  generateDocs,
  isZod,
  loadModel,
  ROOT,
  staleFiles,
} from "../../../../scripts/gen-docs.ts";

let model: DocsModel;
beforeAll(async () => {
  model = await loadModel();
}, 60_000);

function builder(name: string): BuilderInfo {
  const b = model.builders.find((x) => x.name === name);
  if (b === undefined) throw new Error(`no builder ${name} in the docs model`);
  return b;
}

describe("(a) generated docs", () => {
  it("are up to date: npm run docs changes nothing", async () => {
    const files = await generateDocs();
    expect(files.size).toBeGreaterThan(20);
    expect(staleFiles(files), "run: npm run docs").toEqual([]);
  }, 60_000);

  it("have a page for every builder exported by the index, including the core ones", () => {
    const names = model.builders.map((b) => b.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "deployment",
        "statefulSet",
        "service",
        "serviceFor",
        "hpa",
        "pdbFor",
        "ingress",
      ]),
    );
    expect(names).toEqual(
      expect.arrayContaining(["toYaml", "configChecksum", "kustomization", "renderTree"]),
    );
    // Every exported function outside base/ and lazy/ (helpers for declaring options and schemas: `once`,
    // `lazyProxy`, documented in the API reference and docs/architecture.md) is a builder or is listed on a
    // builder's page.
    const related = new Set(model.builders.flatMap((b) => b.related.map((r) => r.name)));
    const orphans = model.builderExports.filter(
      (e) =>
        !e.typeOnly &&
        typeof (k8s as Record<string, unknown>)[e.name] === "function" &&
        !e.file.includes("/base/") &&
        !e.file.includes("/lazy/") &&
        kindOf(declarationOf(e.file, e.localName)) === "function" &&
        !names.includes(e.name) &&
        !related.has(e.name),
    );
    expect(orphans.map((e) => `${e.name} (${e.file})`)).toEqual([]);
  });

  it("reports a changed, a missing and an orphaned file in check mode", () => {
    const disk: Record<string, string> = {
      "docs/a.md": "old\n",
      "docs/builders/kept.md": "k\n",
      "docs/builders/gone.md": "x\n",
    };
    const generated = new Map([
      ["docs/a.md", "new\n"],
      ["docs/b.md", "b\n"],
      ["docs/builders/kept.md", "k\n"],
    ]);
    const stale = staleFiles(
      generated,
      (p) => disk[p],
      (dir) => (dir === "docs/builders" ? ["gone.md", "kept.md"] : []),
    );
    expect(stale).toEqual(["docs/a.md", "docs/b.md", "docs/builders/gone.md (no longer generated)"]);
  });

  it("gives every builder an intro and an example, which its TSDoc @example repeats (what editors show)", () => {
    const wrong = model.builders.flatMap((b) => {
      const decl = declarationOf(b.source, b.name);
      const tag = decl === undefined ? undefined : k8sExample(decl);
      const problems: string[] = [];
      if (b.intro === "") problems.push(`${b.name}: no intro in ${b.source.replace(/\.ts$/, ".md")}`);
      if (b.example === "") problems.push(`${b.name}: no example`);
      if (tag !== b.example.trim())
        problems.push(`${b.name}: its TSDoc @example differs from the docs' example`);
      return problems;
    });
    expect(wrong).toEqual([]);
  });
});

/** A function's TSDoc `@example`, as written (the ` * ` prefixes removed). */
function k8sExample(decl: NonNullable<ReturnType<typeof declarationOf>>): string | undefined {
  const sf = decl.getSourceFile();
  const full = sf.text.slice(decl.getFullStart(), decl.getStart(sf));
  const doc = full.lastIndexOf("/**") === -1 ? "" : full.slice(full.lastIndexOf("/**"));
  const at = doc.indexOf("@example");
  if (at === -1) return undefined;
  return doc
    .slice(at + "@example".length)
    .replace(/\*\/\s*$/, "")
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, ""))
    .join("\n")
    .trim();
}

/** Every option of every exported schema of both packages, with the schema's name. */
function exportedFields(): { schema: string; row: OptionRow }[] {
  const out: { schema: string; row: OptionRow }[] = [];
  for (const [mod, exports] of [
    [k8s as Record<string, unknown>, model.builderExports],
    [model.bundle as Record<string, unknown>, model.bundleExports],
  ] as const) {
    for (const e of exports) {
      const value = mod[e.name];
      if (!isZod(value) || e.name === "CallCenterValuesSchema") continue;
      for (const row of optionRows(jsonSchemaOf(value))) out.push({ schema: e.name, row });
    }
  }
  // The precondition: the walk finds the nested options too.
  expect(out.map(({ schema, row }) => `${schema}: ${row.path}`)).toEqual(
    expect.arrayContaining([
      "DeploymentOptionsSchema: containers[].resources.limits.memory",
      "DeploymentOptionsSchema: security.runAsNonRoot",
      "CallCenterConfigSchema: callProcessor.shutdown.terminationGracePeriodSeconds",
    ]),
  );
  return out;
}

/** Options without metadata of their own: array items and record entries, described by their field. */
const isEntry = (row: OptionRow): boolean => /(\[\]|\.<key>)$/.test(row.path);

describe("(b) option metadata", () => {
  it("describes every option of every exported schema", () => {
    const missing = exportedFields().filter(
      ({ row }) => !isEntry(row) && (row.node.description ?? "").trim() === "",
    );
    expect(missing.map(({ schema, row }) => `${schema}: ${row.path}`)).toEqual([]);
  });

  it("links every builder option to the Kubernetes (or Prometheus, Grafana, Kustomize) reference", () => {
    const missing = exportedFields().filter(
      ({ schema, row }) =>
        schema !== "CallCenterConfigSchema" &&
        !isEntry(row) &&
        !/^https:\/\/[^\s]+$/.test(row.node.k8s ?? ""),
    );
    expect(missing.map(({ schema, row }) => `${schema}: ${row.path}`)).toEqual([]);
  });

  it("says for every optional option its default, or what leaving it out means", () => {
    const missing = exportedFields().filter(
      ({ row }) =>
        !row.required &&
        !row.alternative &&
        !isEntry(row) &&
        row.default === undefined &&
        row.node.unset === undefined &&
        row.node.derived === undefined,
    );
    expect(missing.map(({ schema, row }) => `${schema}: ${row.path}`)).toEqual([]);
  });

  it("says why for every security default", () => {
    const rows = builder("deployment").rows.filter(
      (r) => r.path.startsWith("security.") && r.default !== undefined,
    );
    expect(rows.length).toBeGreaterThan(4);
    expect(rows.filter((r) => (r.node.why ?? "") === "").map((r) => r.path)).toEqual([]);
  });

  const container = (name: string) => ({
    name,
    image: "ghcr.io/acme/app:2.0.1",
    ports: [{ name: "http", containerPort: 8080 }],
    livenessProbe: { http: { path: "/health", port: "http" } },
    readinessProbe: { http: { path: "/ready", port: "http" } },
    startupProbe: { http: { path: "/health", port: "http" } },
  });
  const pod = {
    containers: [container("app")],
    // A native sidecar: the init container that may have probes (and so reaches their defaults).
    initContainers: [{ ...container("sidecar"), restartPolicy: "Always" }],
    antiAffinity: { mode: "preferred" },
    topologySpread: [{}],
  };
  const selector = { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api" };
  /** Options that reach every defaulted option of the builder (the test fails if one is not reached). */
  const BASES: Record<string, Record<string, unknown>> = {
    deployment: { name: "api", ...pod },
    statefulSet: { name: "db", ...pod, volumeClaimTemplates: [{ name: "pvc", storage: "1Gi" }] },
    service: { name: "api", selector, ports: [{ port: 80 }] },
    hpa: {
      name: "api",
      scaleTargetRef: { kind: "Deployment", name: "api" },
      maxReplicas: 3,
      cpuUtilization: 70,
    },
    pdb: { name: "api", selector, maxUnavailable: 1 },
    ingress: {
      name: "web",
      rules: [{ host: "a.example.com", paths: [{ path: "/", service: { name: "api", port: 80 } }] }],
    },
    namespace: { name: "shop" },
    serviceAccount: { name: "api" },
    secret: { name: "s", stringData: { a: "<a>" } },
    persistentVolumeClaim: { name: "data", size: "1Gi" },
    networkPolicy: {
      name: "p",
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }] }],
      egress: [{ ports: [{ port: 53 }] }],
    },
    roleBinding: { name: "b", roleRef: { name: "r" }, subjects: [{ kind: "User", name: "u" }] },
    dashboard: { uid: "d", title: "D", panels: [] },
    stat: { title: "S", queries: [{ expr: "up" }] },
    timeSeries: { title: "T", queries: [{ expr: "up" }] },
    kustomization: {
      labels: [{ pairs: { a: "b" } }],
      secretGenerator: [{ name: "s", literals: ["password=<password>"] }],
    },
  };

  /** A copy of `base` with the option at `path` set to `value` (or removed when `value` is undefined). */
  function withOption(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const root = structuredClone(base);
    const segments = path.split(/\.|(?=\[\])/).filter((s) => s !== "");
    let cur: unknown = root;
    segments.forEach((seg, i) => {
      if (seg === "[]") {
        const item = (cur as unknown[])[0];
        if (item === undefined) throw new Error(`the base options do not reach ${path}`);
        cur = item;
        return;
      }
      const obj = cur as Record<string, unknown>;
      if (i === segments.length - 1) {
        if (value === undefined) delete obj[seg];
        else obj[seg] = structuredClone(value);
        return;
      }
      if (obj[seg] === undefined) obj[seg] = {};
      if (obj[seg] === null || typeof obj[seg] !== "object")
        throw new Error(`the base options do not reach ${path}`);
      cur = obj[seg];
    });
    return root;
  }

  /** Another valid value than `v` for the option of `row`, when one is easy to name. */
  function another(row: OptionRow, v: unknown): unknown {
    if (typeof v === "boolean") return !v;
    if (typeof v === "number") return (row.node.maximum ?? Number.POSITIVE_INFINITY) > v ? v + 1 : v - 1;
    if (row.node.enum !== undefined) return row.node.enum.find((x) => x !== v);
    return undefined;
  }

  it.each(Object.keys(BASES))(
    "%s: each default is the schema's (giving it changes nothing) and the builder reads it (another value changes the object)",
    (name) => {
      const b = builder(name);
      const build = b.fn as (options: Record<string, unknown>) => unknown;
      const base = BASES[name] ?? {};
      // Defaults inside arrays are reached through the base's first item; objects are created on the way.
      const rows = b.rows.filter(
        (r) =>
          r.default !== undefined &&
          (typeof r.default.value !== "object" || Array.isArray(r.default.value)) &&
          !r.path.includes("<key>"),
      );
      expect(rows.length, `${name} has defaults to check`).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const row of rows) {
        const value = row.default?.value;
        let omitted: string;
        try {
          omitted = JSON.stringify(build(withOption(base, row.path, undefined)));
          const given = JSON.stringify(build(withOption(base, row.path, value)));
          if (given !== omitted)
            problems.push(`${row.path}: giving the default ${JSON.stringify(value)} changes the object`);
        } catch (e) {
          problems.push(`${row.path}: ${e instanceof Error ? e.message : String(e)}`);
          continue;
        }
        const other = another(row, value);
        // Options that only relax a rule (`allowRealValues`) write nothing: another value changes no object.
        if (other === undefined || /allowRealValues$/.test(row.path)) continue;
        try {
          if (JSON.stringify(build(withOption(base, row.path, other))) === omitted) {
            problems.push(`${row.path}: ${JSON.stringify(other)} builds the same object as the default`);
          }
        } catch {
          // Another value may break a rule (e.g. a lower maximum); the default itself was checked above.
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it("shows the schema's defaults, descriptions and links in the generated pages (a sample)", () => {
    const page = readFileSync(join(ROOT, "docs/builders/deployment.md"), "utf8");
    expect(page).toMatch(
      /\| `replicas` \| `integer 0–2147483647` \| optional \| `1` \| Desired pods[^|]*\[ref\]\(https:/,
    );
    expect(page).toContain("- `terminationGracePeriodSeconds`: `30`.");
    expect(builderProse("packages/k8s-builders/src/kinds/deployment.ts")[0]?.name).toBe("deployment");
  });
});

/** The .ts files of both packages' src, tests aside. */
function sourceFiles(): string[] {
  return ["packages/k8s-builders/src", "packages/call-center/src"].flatMap((dir) =>
    readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => join(ROOT, dir, f)),
  );
}

describe("(c) docs/errors.md", () => {
  const text = (): string => readFileSync(join(ROOT, "docs/errors.md"), "utf8");

  it("has an issue code in ISSUE_CODES for exactly the codes the code reports (none unused)", () => {
    const codes = Object.keys(k8s.ISSUE_CODES);
    // `code: "…"` literals; the compiler already refuses a code outside the table.
    const used = new Set(sourceFiles().flatMap((f) => codesIn(relative(ROOT, f))));
    expect([...used].filter((c) => !codes.includes(c))).toEqual([]);
    // Every code of the table is written somewhere in the sources, as `code: "…"` or as an argument.
    const sources = sourceFiles()
      .filter((f) => !f.endsWith("base/issue-codes.ts"))
      .map((f) => readFileSync(f, "utf8"))
      .join("\n");
    expect(codes.filter((c) => !sources.includes(`"${c}"`))).toEqual([]);
  });

  it("explains every issue code under a heading of its own (builder pages link to it)", () => {
    const headings = [...text().matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]);
    expect(headings.sort()).toEqual(Object.keys(k8s.ISSUE_CODES).sort());
  });

  it("documents the error class's code INVALID_OPTIONS", () => {
    expect(text()).toContain("`INVALID_OPTIONS`");
  });

  it("lists every finding code of the bundle checks (FINDING_CODES)", () => {
    const findings = Object.keys(k8s.FINDING_CODES);
    expect(findings).toEqual(expect.arrayContaining(["DUPLICATE_OBJECT", "PDB_BLOCKS_DRAINS"]));
    expect(findings.filter((c) => !text().includes(`| \`${c}\` |`))).toEqual([]);
  });
});
