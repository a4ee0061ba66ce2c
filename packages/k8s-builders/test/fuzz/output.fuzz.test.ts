// Junk for the functions that are not builders: the output (toYaml, documentToYaml, renderTree, defaultLayout),
// the helpers across objects and of monitoring (configChecksum, dashboardJson, promqlProblem) and the bundle
// checks (validateBundle, immutableChanges). Junk in (fc.anything() as an argument, or at any node of a valid
// bundle) gives the library's error or a valid result, never another exception:
//  - toYaml / documentToYaml: a K8sBuilderError, or YAML that a YAML 1.1 and a 1.2 reader read back as the JSON
//    data given (null and undefined map values left out), with a string that holds no refused character;
//  - renderTree: a K8sBuilderError, or a map of path → text whose manifests parse;
//  - configChecksum: a K8sBuilderError or 16 hex digits; dashboardJson: a K8sBuilderError or JSON of the input;
//  - validateBundle and immutableChanges never throw (they report findings): a result of the documented shape.
import fc from "fast-check";
import { describe, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  configChecksum,
  configMap,
  dashboardJson,
  defaultLayout,
  deployment,
  documentToYaml,
  FINDING_CODES,
  immutableChanges,
  K8sBuilderError,
  namespace,
  promqlProblem,
  renderTree,
  secret,
  toYaml,
  validateBundle,
} from "../../src/index.ts";
import { configMapOptions, namespaceOptions, secretOptions } from "./arb-kinds.ts";
import { deploymentOptions } from "./arb-pod.ts";
import { holds, junk, junkAtNode, junkWithNullPrototypes, RUNS, TIMEOUT } from "./harness.ts";

class PropertyFailure extends Error {
  override readonly name = "PropertyFailure";
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x))?.slice(0, 800) ?? String(v);
  } catch {
    return String(v);
  }
};

/** Runs `f`; a K8sBuilderError with issues is fine, any other exception fails; returns the result or undefined. */
function libraryErrorOr<T>(what: string, f: () => T): { value: T } | undefined {
  try {
    return { value: f() };
  } catch (e) {
    if (
      e instanceof K8sBuilderError &&
      e.issues.length > 0 &&
      e.issues.every((i) => typeof i.path === "string")
    ) {
      return undefined;
    }
    const text =
      e instanceof Error
        ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 5).join("\n")}`
        : show(e);
    throw new PropertyFailure(`${what} threw ${text}`);
  }
}

/** Characters the writer refuses (base/characters.ts), written independently here. */
const REFUSED = /[\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

/**
 * What a YAML reader must read back from JSON data as the writer promises to write it: maps without null and
 * undefined values, -0 as 0. Undefined when `v` is not JSON data the writer accepts.
 */
function expected(v: unknown, depth = 0): { ok: true; value: unknown } | { ok: false } {
  if (depth > 200) return { ok: false };
  if (typeof v === "string") return REFUSED.test(v) ? { ok: false } : { ok: true, value: v };
  if (typeof v === "boolean") return { ok: true, value: v };
  if (typeof v === "number")
    return Number.isFinite(v) ? { ok: true, value: Object.is(v, -0) ? 0 : v } : { ok: false };
  if (v === null) return { ok: true, value: null };
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      if (!(i in v) || v[i] === undefined) return { ok: false };
      const e = expected(v[i], depth + 1);
      if (!e.ok) return e;
      out.push(e.value);
    }
    return { ok: true, value: out };
  }
  if (typeof v !== "object") return { ok: false };
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== null && proto !== Object.prototype) return { ok: false };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    if (REFUSED.test(k)) return { ok: false };
    const x = (v as Record<string, unknown>)[k];
    if (x === null || x === undefined) continue;
    const e = expected(x, depth + 1);
    if (!e.ok) return e;
    out[k] = e.value;
  }
  return { ok: true, value: out };
}

/** Key-sorted JSON, so that key order (toYaml puts apiVersion, kind, metadata first) does not count. */
function canonicalJson(x: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(x));
}

/** The YAML must read back as the documents `data` (in any order: toYaml sorts by kind) with 1.1 and 1.2 readers. */
function readsBack(text: string, data: readonly unknown[], what: string): void {
  const want = data.map(canonicalJson).sort();
  for (const version of ["1.1", "1.2"] as const) {
    const docs = parseAllDocuments(text, { version });
    const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
    if (errors.length > 0)
      throw new PropertyFailure(`${what}: unreadable YAML (${version}): ${errors[0]}\n${text}`);
    const got = docs.map((d) => canonicalJson(d.toJS({ maxAliasCount: 0 }))).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new PropertyFailure(
        `${what}: read back (${version}) ${got.join("\n").slice(0, 600)}\nwrote ${want.join("\n").slice(0, 600)}`,
      );
    }
  }
}

/** A small valid bundle of built objects, as plain data. */
const bundle: fc.Arbitrary<object[]> = fc
  .tuple(namespaceOptions, configMapOptions, secretOptions, deploymentOptions)
  .map(([n, c, s, d]) => [namespace(n), configMap(c), secret(s), deployment(d)] as object[])
  .map((objects) => JSON.parse(JSON.stringify(objects)) as object[]);

const junkArgs = fc.oneof(junk, junkWithNullPrototypes);
const STACK = Math.max(20, Math.ceil(RUNS / 5));

describe(`output, checks and monitoring helpers with junk (fuzz, ${RUNS} runs per property)`, () => {
  it(
    "toYaml: junk as the objects or the options gives the library error or YAML that reads back as given",
    () =>
      holds(fc.tuple(junkArgs, fc.oneof(fc.constant(undefined), junkArgs)), ([objects, options]) => {
        const r = libraryErrorOr("toYaml", () => toYaml(objects as object[], options as never));
        if (r === undefined) return;
        if (!Array.isArray(objects)) throw new PropertyFailure(`toYaml accepted ${show(objects)}`);
        const want = expected(objects);
        if (!want.ok) throw new PropertyFailure(`toYaml wrote what is not JSON data: ${show(objects)}`);
        readsBack(r.value, want.value as unknown[], "toYaml");
      }),
    TIMEOUT,
  );

  it(
    "toYaml: junk at any node of a valid bundle gives the library error or YAML that reads back as given",
    () =>
      holds(
        junkAtNode(bundle),
        ({ input, path }) => {
          const r = libraryErrorOr(`toYaml (junk at ${path})`, () => toYaml(input, { keepOrder: true }));
          const want = expected(input);
          if (r === undefined) {
            if (want.ok && input.every((o) => o !== null && typeof o === "object" && !Array.isArray(o))) {
              throw new PropertyFailure(`toYaml refused JSON data (junk at ${path}): ${show(input)}`);
            }
            return;
          }
          if (!want.ok) throw new PropertyFailure(`toYaml wrote what is not JSON data (junk at ${path})`);
          readsBack(r.value, want.value as unknown[], `toYaml (junk at ${path})`);
        },
        STACK,
      ),
    TIMEOUT,
  );

  it(
    "documentToYaml: any value gives the library error or YAML that reads back as given",
    () =>
      holds(junkArgs, (doc) => {
        const r = libraryErrorOr("documentToYaml", () => documentToYaml(doc as object));
        if (r === undefined) return;
        const want = expected(doc);
        if (!want.ok || doc === null || typeof doc !== "object") {
          throw new PropertyFailure(`documentToYaml wrote ${show(doc)}`);
        }
        readsBack(r.value, [want.value], "documentToYaml");
      }),
    TIMEOUT,
  );

  it(
    "renderTree and defaultLayout: junk gives the library error or a tree of manifests that parse",
    () =>
      holds(
        fc.tuple(
          fc.oneof(junkArgs, bundle),
          fc.oneof(fc.constant("default"), junkArgs),
          fc.option(junkArgs, { nil: undefined }),
        ),
        ([objects, layout, opts]) => {
          const path = libraryErrorOr("defaultLayout", () => defaultLayout(objects as object));
          if (path !== undefined && !/\.yml$/.test(path.value))
            throw new PropertyFailure(`defaultLayout gave ${path.value}`);
          const r = libraryErrorOr("renderTree", () =>
            renderTree(objects as object[], layout as "default", opts as never),
          );
          if (r === undefined) return;
          for (const [file, text] of r.value) {
            if (typeof text !== "string") throw new PropertyFailure(`renderTree: ${file} is not text`);
            if (
              /\.ya?ml$/.test(file) &&
              parseAllDocuments(text, { version: "1.1" }).some((d) => d.errors.length > 0)
            ) {
              throw new PropertyFailure(`renderTree: ${file} does not parse`);
            }
          }
        },
      ),
    TIMEOUT,
  );

  it(
    "configChecksum: junk gives the library error or 16 hex digits",
    () =>
      holds(fc.oneof(junkArgs, fc.array(junkArgs, { maxLength: 3 }), bundle), (objects) => {
        const r = libraryErrorOr("configChecksum", () => configChecksum(objects as never));
        if (r !== undefined && !/^[0-9a-f]{16}$/.test(r.value))
          throw new PropertyFailure(`configChecksum gave ${r.value}`);
      }),
    TIMEOUT,
  );

  it(
    "dashboardJson and promqlProblem: junk gives the library error or a valid result",
    () =>
      holds(junkArgs, (d) => {
        const r = libraryErrorOr("dashboardJson", () => dashboardJson(d as never));
        if (r !== undefined) {
          const want = expected(d);
          if (!want.ok || !r.value.endsWith("\n"))
            throw new PropertyFailure(`dashboardJson wrote ${show(d)}`);
          JSON.parse(r.value);
        }
        const p = libraryErrorOr("promqlProblem", () => promqlProblem(d as string));
        if (p !== undefined && p.value !== undefined && typeof p.value !== "string") {
          throw new PropertyFailure(`promqlProblem gave ${show(p.value)}`);
        }
      }),
    TIMEOUT,
  );

  const codes = new Set(Object.keys(FINDING_CODES));
  const findingsOk = (what: string, findings: unknown): void => {
    if (!Array.isArray(findings)) throw new PropertyFailure(`${what}: not a list: ${show(findings)}`);
    for (const f of findings) {
      if (!codes.has((f as { code?: string }).code ?? ""))
        throw new PropertyFailure(`${what}: finding ${show(f)}`);
    }
  };

  it(
    "validateBundle: junk never throws and gives findings with known codes",
    () =>
      holds(
        fc.tuple(
          fc.oneof(
            junkArgs,
            bundle,
            junkAtNode(bundle).map((j) => j.input),
          ),
          fc.oneof(fc.constant(undefined), junkArgs),
        ),
        ([objects, options]) => {
          let result: { errors: unknown; warnings: unknown };
          try {
            result = validateBundle(objects as never, options as never);
          } catch (e) {
            throw new PropertyFailure(
              `validateBundle threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`,
            );
          }
          findingsOk("validateBundle errors", result.errors);
          findingsOk("validateBundle warnings", result.warnings);
        },
        STACK,
      ),
    TIMEOUT,
  );

  it(
    "immutableChanges: junk never throws and gives a list of changes",
    () =>
      holds(
        fc.tuple(
          fc.oneof(
            junkArgs,
            bundle,
            junkAtNode(bundle).map((j) => j.input),
          ),
          fc.oneof(junkArgs, bundle),
        ),
        ([previous, next]) => {
          let changes: unknown;
          try {
            changes = immutableChanges(previous as never, next as never);
          } catch (e) {
            throw new PropertyFailure(
              `immutableChanges threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`,
            );
          }
          if (!Array.isArray(changes)) throw new PropertyFailure(`immutableChanges gave ${show(changes)}`);
        },
        STACK,
      ),
    TIMEOUT,
  );
});
