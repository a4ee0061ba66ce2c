/**
 * The documentation cannot go stale and says what the code does:
 * (a) the files of `node scripts/gen-docs.ts` are up to date;
 * (b) every field of every exported option schema has TSDoc, with `@default` wherever a default applies, and a
 *     literal `@default X` means what it says: leaving the option out builds the same object as giving X;
 * (c) every error and finding code used in the code is explained in docs/errors.md.
 */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as k8s from "@call-center/k8s-builders";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  type BuilderInfo,
  codesInSource,
  type DocsModel,
  defaultOf,
  findingCodes,
  generateDocs,
  loadModel,
  type OptionRow,
  optionRows,
  parseDefault,
  parseDoc,
  ROOT,
  schemaRows,
  staleFiles,
  type ZodLike,
} from "../../../../scripts/gen-docs.ts";

// Loading the TypeScript program of both packages takes a few seconds on a shared machine.
const SLOW = 120_000;

let model: DocsModel;
beforeAll(async () => {
  model = await loadModel();
}, SLOW);

function builder(name: string): BuilderInfo {
  const b = model.builders.find((x) => x.name === name);
  if (b === undefined) throw new Error(`no builder ${name} in the docs model`);
  return b;
}

/** Schemas built from another one at run time, whose fields are checked on that one. */
const DERIVED: Record<string, string> = { CallCenterValuesSchema: "deepPartial(CallCenterConfigSchema)" };

/**
 * Every field of every exported schema of both packages: `{ schema, row }`. Fails when the walk finds too few
 * (or not the nested ones), so that a check built on it cannot pass on nothing.
 */
function exportedFields(): { schema: string; row: OptionRow }[] {
  const out: { schema: string; row: OptionRow }[] = [];
  for (const e of [...model.builderExports, ...model.bundleExports]) {
    if (e.name in DERIVED) continue;
    for (const row of schemaRows(e) ?? []) out.push({ schema: e.name, row });
  }
  expect(out.length).toBeGreaterThan(300);
  expect(out.map(where)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^DeploymentOptionsSchema: containers\[\]\.resources\.limits\.memory /),
      expect.stringMatching(/^DeploymentOptionsSchema: name /),
      expect.stringMatching(
        /^CallCenterConfigSchema: callProcessor\.shutdown\.terminationGracePeriodSeconds /,
      ),
    ]),
  );
  return out;
}

/** One line per declaration (a field reused by many schemas is fixed in one place): `file:line  schema: path`. */
function byDeclaration(fields: readonly { schema: string; row: OptionRow }[]): string[] {
  const out = new Map<string, string>();
  for (const { schema, row } of fields) {
    const key = row.source ?? `${schema}: ${row.path}`;
    if (!out.has(key)) out.set(key, `${key}  ${schema}: ${row.path}`);
  }
  return [...out.values()].sort();
}

const where = ({ schema, row }: { schema: string; row: OptionRow }): string =>
  `${schema}: ${row.path} (${row.source ?? "?"})`;

describe("(a) generated docs", () => {
  it(
    "are up to date: node scripts/gen-docs.ts --check finds no stale file",
    async () => {
      const files = await generateDocs();
      expect(files.size).toBeGreaterThan(20);
      expect(staleFiles(files), "run: node scripts/gen-docs.ts").toEqual([]);
    },
    SLOW,
  );

  it("have a page for every builder exported by the index, including the core ones", () => {
    const names = model.builders.map((b) => b.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "deployment",
        "statefulSet",
        "service",
        "serviceFor",
        "hpa",
        "hpaFor",
        "pdb",
        "pdbFor",
        "ingress",
        "networkPolicy",
        "namespace",
        "configMap",
        "secret",
        "serviceAccount",
        "toYaml",
        "configChecksum",
        "kustomization",
        "renderTree",
        "writeTree",
      ]),
    );
    for (const name of names) expect(typeof (k8s as Record<string, unknown>)[name], name).toBe("function");
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

  it("reads TSDoc tags only after whitespace and outside code", () => {
    const doc = parseDoc("/**\n * Mail `a @b` or user@host. {@link X}\n * @default 0 (zero-downtime)\n */");
    expect(doc.summary).toBe("Mail `a @b` or user@host. `X`");
    expect(doc.tags.get("default")).toEqual(["0 (zero-downtime)"]);
  });

  it("reads a literal @default from its start, and no literal from prose or non-JSON", () => {
    expect(parseDefault("0 (zero-downtime)").literal?.value).toBe(0);
    expect(parseDefault('"25%"').literal?.value).toBe("25%");
    expect(parseDefault('["/tmp"]').literal?.value).toEqual(["/tmp"]);
    expect(parseDefault("the object's name").literal).toBeUndefined();
    expect(parseDefault("{ emptyDir: {} }").literal).toBeUndefined();
  });
});

describe("(b) TSDoc of the option schemas", () => {
  it("documents every field of every exported option schema", () => {
    // One line per undocumented declaration (a field reused by many schemas is fixed in one place).
    const missing = new Map<string, string>();
    for (const { schema, row } of exportedFields()) {
      const places = (row.doc?.summary ?? "").trim() === "" ? [row.source ?? "?"] : [];
      for (const d of row.undocumented) {
        const sf = d.getSourceFile();
        places.push(
          `${relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(d.getStart(sf)).line + 1}`,
        );
      }
      for (const p of places) if (!missing.has(p)) missing.set(p, `${p}  ${schema}: ${row.path}`);
    }
    expect([...missing.values()].sort()).toEqual([]);
  });

  it("finds the schemas' defaults (the machinery of the check below)", () => {
    const rows = optionRows(z.strictObject({ retries: z._default(z.number(), 3) }) as ZodLike, undefined);
    expect(rows.map((r) => ({ path: r.path, required: r.required, zodDefault: r.zodDefault }))).toEqual([
      { path: "retries", required: false, zodDefault: { value: 3 } },
    ]);
    const defaulted = exportedFields()
      .filter(({ row }) => row.zodDefault !== undefined)
      .map(({ schema, row }) => `${schema}: ${row.path}`);
    expect(defaulted).toEqual(
      expect.arrayContaining([
        "DeploymentOptionsSchema: replicas",
        "DeploymentOptionsSchema: terminationGracePeriodSeconds",
        "DeploymentOptionsSchema: security.runAsNonRoot",
      ]),
    );
  });

  it("has @default, equal to the schema's, where the schema has a default (z._default)", () => {
    const wrong = exportedFields().flatMap((f) => {
      if (f.row.zodDefault === undefined) return [];
      const tag = f.row.doc?.tags.get("default")?.[0];
      if (tag === undefined) return [`${where(f)}: no @default`];
      const literal = parseDefault(tag).literal;
      return literal !== undefined && JSON.stringify(literal.value) !== JSON.stringify(f.row.zodDefault.value)
        ? [
            `${where(f)}: @default ${tag} but the schema's default is ${JSON.stringify(f.row.zodDefault.value)}`,
          ]
        : [];
    });
    expect(wrong).toEqual([]);
  });

  /** `field ?? value` that is not a default: the value only narrows a union branch. */
  const NOT_A_DEFAULT = [/\.lifecycle\.(preStop|postStart)\.sleep$/];

  it("has @default where the code applies a default (`options.field ?? value`)", () => {
    const missing = exportedFields().filter(
      ({ row }) =>
        row.builderDefault &&
        !row.required &&
        row.doc?.tags.get("default") === undefined &&
        !NOT_A_DEFAULT.some((r) => r.test(row.path)),
    );
    expect(byDeclaration(missing)).toEqual([]);
  });

  it("has an @example on every builder", () => {
    const without = model.builders.filter((b) => b.doc?.tags.get("example") === undefined).map((b) => b.name);
    expect(without).toEqual([]);
  });

  const container = (name: string) => ({
    name,
    image: "ghcr.io/acme/app:2.0.1",
    ports: [{ name: "http", containerPort: 8080 }],
    env: {
      FROM_CM: { configMapKeyRef: { name: "cm", key: "a" } },
      FROM_SECRET: { secretKeyRef: { name: "s", key: "b" } },
      POD_NAME: { fieldRef: { fieldPath: "metadata.name" } },
    },
    envFrom: [{ configMap: "cm" }],
    livenessProbe: { http: { path: "/health", port: "http" } },
    readinessProbe: { http: { path: "/ready", port: "http" } },
    startupProbe: { http: { path: "/health", port: "http" } },
    volumeMounts: [{ name: "data", mountPath: "/data" }],
    security: {},
  });
  const pod = {
    containers: [container("app")],
    // A native sidecar: the init container that may have probes and lifecycle hooks.
    initContainers: [{ ...container("sidecar"), restartPolicy: "Always" }],
    volumes: [
      { name: "data", emptyDir: {} },
      { name: "cm", configMap: { name: "cm" } },
      { name: "sec", secret: { name: "s" } },
      { name: "proj", projected: { sources: [{ configMap: { name: "cm" } }, { secret: { name: "s" } }] } },
    ],
    antiAffinity: { mode: "preferred" },
    topologySpread: [{}],
    security: {},
  };
  const selector = { "app.kubernetes.io/name": "api", "app.kubernetes.io/instance": "api" };
  /** Options that reach every option with a literal @default of the builder (the test fails if one is not reached). */
  const BASES: Record<string, Record<string, unknown>> = {
    deployment: { name: "api", ...pod },
    statefulSet: {
      name: "db",
      ...pod,
      volumeClaimTemplates: [{ name: "pvc", storage: "1Gi" }],
      pvcRetention: {},
    },
    service: { name: "api", selector, ports: [{ port: 80 }] },
    hpa: {
      name: "api",
      scaleTargetRef: { kind: "Deployment", name: "api" },
      maxReplicas: 3,
      cpuUtilization: 70,
      behavior: { scaleUp: {}, scaleDown: {} },
    },
    pdb: { name: "api", selector, maxUnavailable: 1 },
    ingress: {
      name: "web",
      rules: [{ host: "a.example.com", paths: [{ path: "/", service: { name: "api", port: 80 } }] }],
    },
    namespace: { name: "shop" },
    serviceAccount: { name: "api" },
  };

  /**
   * Sets (or, with `value` undefined, only prepares) the option at `path` in a copy of `base`: `[]` takes the
   * first item, `<key>` the first entry, whose value leads on; the leaf's parent object is created when missing.
   */
  function withOption(base: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
    const root = structuredClone(base);
    const segments = path.split(/\.|(?=\[\])/).filter((s) => s !== "");
    let cur: unknown = root;
    segments.forEach((seg, i) => {
      const last = i === segments.length - 1;
      const next = segments[i + 1];
      if (seg === "[]" || seg === "<key>") {
        // The first item that has the next segment; else, when the next segment is the leaf or its parent (which
        // is created), the first item.
        const items = seg === "[]" ? (cur as unknown[]) : Object.values(cur as Record<string, unknown>);
        const has = (v: unknown) => v !== null && typeof v === "object" && next !== undefined && next in v;
        const item = Array.isArray(items)
          ? (items.find(has) ?? (i + 1 >= segments.length - 2 ? items[0] : undefined))
          : undefined;
        if (item === undefined) throw new Error(`the base options do not reach ${path} (at ${seg})`);
        cur = item;
        return;
      }
      const obj = cur as Record<string, unknown>;
      if (last) {
        if (value !== undefined) obj[seg] = structuredClone(value);
        else delete obj[seg];
        return;
      }
      if (obj[seg] === undefined && i === segments.length - 2) obj[seg] = {};
      if (obj[seg] === null || typeof obj[seg] !== "object") {
        throw new Error(`the base options do not reach ${path} (at ${seg})`);
      }
      cur = obj[seg];
    });
    return root;
  }

  it.each(Object.keys(BASES))(
    "%s: building with a literal @default X given explicitly equals building with the option left out",
    (name) => {
      const b = builder(name);
      const build = b.fn as (options: Record<string, unknown>) => unknown;
      const base = BASES[name] ?? {};
      const literal = (b.options?.rows ?? []).flatMap((row) => {
        const tag = row.doc?.tags.get("default")?.[0];
        const lit = tag === undefined ? undefined : parseDefault(tag).literal;
        return lit === undefined ? [] : [{ row, value: lit.value }];
      });
      expect(literal.length, `${name} has literal defaults to check`).toBeGreaterThan(0);
      const differ: string[] = [];
      for (const { row, value } of literal) {
        let omitted: unknown;
        let given: unknown;
        try {
          omitted = build(withOption(base, row.path, undefined));
          given = build(withOption(base, row.path, value));
        } catch (e) {
          differ.push(
            `${row.path} = ${JSON.stringify(value)}: ${e instanceof Error ? e.message : String(e)}`,
          );
          continue;
        }
        if (JSON.stringify(omitted) !== JSON.stringify(given)) {
          differ.push(`${row.path}: @default ${JSON.stringify(value)}, but giving it changes the object`);
        }
      }
      expect(differ).toEqual([]);
    },
  );

  it("uses the docs model's defaults in the generated tables (a sample)", () => {
    const rows = builder("deployment").options?.rows ?? [];
    const replicas = rows.find((r) => r.path === "replicas");
    expect(replicas === undefined ? undefined : defaultOf(replicas)?.literal?.value).toBe(1);
    const page = readFileSync(join(ROOT, "docs/builders/deployment.md"), "utf8");
    expect(page).toContain("| `containers[].resources.limits.memory` |");
    expect(page).toMatch(/\| `replicas` \| `integer 0–2147483647` \| optional \| `1` \| Desired pods[;.]/);
  });
});

describe("(c) docs/errors.md", () => {
  const text = (): string => readFileSync(join(ROOT, "docs/errors.md"), "utf8");

  it("explains every issue code used in the code under a heading of its own (builder pages link to it)", () => {
    const codes = codesInSource();
    // The precondition: the scan finds the codes it should.
    expect(codes).toEqual(
      expect.arrayContaining(["unknown_option", "requests_exceed_limits", "blocks_drains"]),
    );
    const headings = new Set([...text().matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1]));
    expect(codes.filter((c) => !headings.has(c))).toEqual([]);
  });

  it("documents the error class's code INVALID_OPTIONS", () => {
    expect(text()).toContain("`INVALID_OPTIONS`");
  });

  it(
    "lists every finding code of the bundle checks (FINDING_CODES)",
    async () => {
      const findings = (await findingCodes()).map((f) => f.code);
      expect(findings).toEqual(expect.arrayContaining(["DUPLICATE_OBJECT", "PDB_BLOCKS_DRAINS"]));
      expect(findings.filter((c) => !text().includes(`| \`${c}\` |`))).toEqual([]);
    },
    SLOW,
  );
});
