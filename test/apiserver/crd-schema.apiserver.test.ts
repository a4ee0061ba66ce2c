/**
 * The structural-schema checks of custom resources (`customResourceBuilder`, which every builder of
 * `k8s-builders import` calls) against the API server's: one CRD whose spec has a field per case (crd-schema-cases.ts), every value
 * sent in an object with a server-side dry run (create, strict field validation), and the same object built by a
 * builder of the same schema. Where one accepts and the other refuses, the difference must be a known one
 * (crd-schema-cases.ts, KNOWN: where the library is stricter on purpose, and CEL rules, which it does not evaluate). Patterns have their
 * own differential test against Go's regexp (patterns.apiserver.test.ts).
 *
 * Then generated numeric schemas and values (fast-check): a value the builder takes must be one the server takes.
 */
import { customResourceBuilder, K8sBuilderError } from "@call-center/k8s-builders";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES, KNOWN } from "./crd-schema-cases.ts";
import { installCrd } from "./crds.ts";
import { connect, type Json, type K8sObject, pool, refusal, type Server } from "./server.ts";

const GROUP = "schema-diff.k8s-builders.test";
let server: Server;
const rootOf = (fields: Readonly<Record<string, Json>>): Json => ({
  type: "object",
  properties: { spec: { type: "object", properties: fields } },
});

async function install(kind: string, root: Json): Promise<void> {
  const plural = `${kind.toLowerCase()}s`;
  await installCrd(server, {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${GROUP}` },
    spec: {
      group: GROUP,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      scope: "Namespaced",
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: root } }],
    },
  } as K8sObject);
}

/** "" when the builder of `root` takes the object, else its issues. */
function ours(kind: string, root: Json, spec: Json, name = "x"): string {
  const build = customResourceBuilder<Json, object>({
    builder: "probe",
    apiVersion: `${GROUP}/v1`,
    kind,
    namespaced: true,
    schema: root as never,
  });
  try {
    build({ name, namespace: "default", spec });
    return "";
  } catch (e) {
    if (!K8sBuilderError.is(e)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  }
}

/** "" when the server takes the object (dry run), else its refusal. */
async function theirs(kind: string, spec: Json, name = "x"): Promise<string> {
  const o = { apiVersion: `${GROUP}/v1`, kind, metadata: { name, namespace: "default" }, spec };
  const r = await server.create(o, { dryRun: true });
  return r.status < 300 ? "" : refusal(r) || `status ${r.status}`;
}

beforeAll(async () => {
  server = await connect();
  await install(
    "SchemaDiff",
    rootOf(Object.fromEntries(Object.entries(CASES).map(([k, c]) => [k, c.schema]))),
  );
  await install("NamedDiff", {
    type: "object",
    properties: {
      metadata: { type: "object", properties: { name: { type: "string", maxLength: 5, pattern: "^a" } } },
      spec: { type: "object" },
    },
  });
  await server.discover();
});
afterAll(() => server?.close());

describe("custom resources: the builder's schema checks against the API server's", () => {
  it("accept and refuse the same values, but for the known differences", async () => {
    const root = rootOf(Object.fromEntries(Object.entries(CASES).map(([k, c]) => [k, c.schema])));
    const rows = Object.entries(CASES).flatMap(([field, c]) => c.values.map((value) => ({ field, value })));
    const results = await pool(rows, 8, async ({ field, value }) => {
      const spec = { [field]: value };
      return {
        key: `${field} ${JSON.stringify(value)}`,
        ours: ours("SchemaDiff", root, spec),
        server: await theirs("SchemaDiff", spec),
      };
    });
    const differ = results.filter((r) => (r.ours === "") !== (r.server === ""));
    const unknown = differ
      .filter((r) => KNOWN[r.key] === undefined)
      .map((r) => `${r.key}: ours ${r.ours || "accepted"}; server ${r.server || "accepted"}`);
    console.log(`${rows.length} values; ${differ.length} known differences`);
    expect(unknown).toEqual([]);
    // Every known difference still shows: a fixed one leaves the list.
    const stale = Object.keys(KNOWN).filter(
      (k) =>
        !differ.some((r) => r.key === k) && rows.some((r) => `${r.field} ${JSON.stringify(r.value)}` === k),
    );
    expect(stale).toEqual([]);
  });

  it("refuse what the server refuses in a CRD's rules for metadata.name", async () => {
    const root = {
      type: "object",
      properties: {
        metadata: { type: "object", properties: { name: { type: "string", maxLength: 5, pattern: "^a" } } },
        spec: { type: "object" },
      },
    };
    const names = ["abc", "abcdef", "bcd", "a.b", "a_b", "A"];
    const got = await pool(names, 4, async (n) => ({
      n,
      ours: ours("NamedDiff", root, {}, n) === "",
      server: (await theirs("NamedDiff", {}, n)) === "",
    }));
    expect(got.filter((g) => g.ours !== g.server)).toEqual([]);
  });

  it("take only numbers the server takes, for generated numeric schemas", async () => {
    const bound = fc.oneof(
      fc.integer({ min: -10, max: 10 }),
      fc.constantFrom(0.5, 1.5, -0.5, 0.1, 2.5, 2 ** 31, 1e39),
    );
    const schemaArb = fc.record(
      {
        type: fc.constantFrom("integer", "number"),
        format: fc.constantFrom("int32", "float", "double", "int64"),
        minimum: bound,
        maximum: bound,
        exclusiveMinimum: fc.boolean(),
        exclusiveMaximum: fc.boolean(),
        multipleOf: fc.constantFrom(0.1, 0.5, 1.5, 2, 3, 0.25),
      },
      { requiredKeys: ["type"] },
    );
    const valueArb = fc.oneof(
      fc.integer({ min: -12, max: 12 }),
      fc.constantFrom(0.5, 1.5, 0.3, -0.25, 2.5, 1e-12, 2 ** 31, 2 ** 53 + 2, 2 ** 63, 1e21, 3e38, 1e39),
      fc.double({ min: -20, max: 20, noNaN: true }),
    );
    const samples = fc.sample(fc.tuple(schemaArb, fc.array(valueArb, { minLength: 6, maxLength: 6 })), {
      numRuns: 80,
      seed: 20261206,
    });
    const fields = Object.fromEntries(samples.map(([s], i) => [`n${i}`, s as Json]));
    const root = rootOf(fields);
    await install("NumberDiff", root);
    await server.discover();
    const rows = samples.flatMap(([, values], i) => values.map((value) => ({ field: `n${i}`, value })));
    const wrong = (
      await pool(rows, 8, async ({ field, value }) => {
        const spec = { [field]: value };
        const o = ours("NumberDiff", root, spec);
        const t = o === "" ? await theirs("NumberDiff", spec) : "";
        return o === "" && t !== "" ? `${JSON.stringify(fields[field])} ${value}: ${t}` : "";
      })
    ).filter((w) => w !== "");
    console.log(`${rows.length} generated numeric values`);
    expect(wrong).toEqual([]);
  });
});
