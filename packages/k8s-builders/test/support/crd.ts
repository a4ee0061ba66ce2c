// Strict validation of custom resources against their own CRD's schema, for tests: the same interpreter the
// generated builders use (src/crd/structural.ts), applied to a whole object, metadata included.
//
//   assertCrdValid(object, "gateway.networking.k8s.io_httproutes.yaml")
//
// `crdFile` is a path, or a file name inside test/fixtures/crds/. The CRD version is the one whose
// group/version and kind match the object's apiVersion and kind; an object of another kind, a version the file
// does not serve, or a file without CRDs throws, so a test never passes on nothing.
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatPath } from "../../src/base/errors.ts";
import { isLabelKey, isLabelValue } from "../../src/base/primitives.ts";
import { type StructuralSchema, structuralIssues } from "../../src/crd/structural.ts";
import { readCrds, type ServedVersion } from "../../src/crd-import/read.ts";

/** The folder of the CRD fixtures. */
export const CRD_FIXTURES: string = fileURLToPath(new URL("../fixtures/crds/", import.meta.url));

const cache = new Map<string, readonly ServedVersion[]>();

/** Every served version of the CRDs in a file (parsed once per file). */
export function crdVersions(crdFile: string): readonly ServedVersion[] {
  const path = isAbsolute(crdFile) || crdFile.includes("/") ? crdFile : join(CRD_FIXTURES, crdFile);
  let versions = cache.get(path);
  if (versions === undefined) {
    versions = readCrds([{ path, text: readFileSync(path, "utf8") }]).versions;
    cache.set(path, versions);
  }
  return versions;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Problems of an object's metadata, as the API server checks them for any kind. */
function metadataProblems(metadata: unknown): string[] {
  if (!isObject(metadata)) return ["metadata: required, expected an object"];
  const out: string[] = [];
  if (typeof metadata.name !== "string" || metadata.name === "")
    out.push("metadata.name: required, expected a string");
  for (const field of ["labels", "annotations"] as const) {
    const map = metadata[field];
    if (map === undefined) continue;
    if (!isObject(map)) {
      out.push(`metadata.${field}: expected an object`);
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      const at = formatPath(["metadata", field, k]);
      if (!isLabelKey(k)) out.push(`${at}: invalid key`);
      if (typeof v !== "string") out.push(`${at}: expected a string`);
      else if (field === "labels" && !isLabelValue(v)) out.push(`${at}: invalid label value`);
    }
  }
  return out;
}

/** Every problem of `object` against the schema of its CRD in `crdFile`, one `path: message` line each. */
export function crdProblems(object: object, crdFile: string): string[] {
  const { apiVersion, kind, metadata, ...rest } = object as Json;
  const version = crdVersions(crdFile).find(
    (v) => `${v.group}/${v.version}` === apiVersion && v.kind === kind,
  );
  if (version === undefined) {
    const served = crdVersions(crdFile).map((v) => `${v.group}/${v.version} ${v.kind}`);
    throw new Error(
      `${crdFile} serves no ${String(apiVersion)} ${String(kind)} (it serves: ${served.join(", ")})`,
    );
  }
  const schema = version.schema as StructuralSchema;
  const root: StructuralSchema = { ...schema, properties: { ...schema.properties } };
  // apiVersion, kind and metadata are the API server's own fields; status is set by the server, never by a manifest.
  const properties = { ...root.properties };
  delete properties.apiVersion;
  delete properties.kind;
  delete properties.metadata;
  delete properties.status;
  const problems = metadataProblems(metadata);
  if ("status" in rest) problems.push("status: set by the API server, not by a manifest");
  const { status: _, ...body } = rest;
  const issues = structuralIssues({ ...root, properties }, body);
  return [...problems, ...issues.map((i) => `${formatPath(i.path) || "(root)"}: ${i.message}`)];
}

/** Throws an Error listing every problem of a custom resource against its CRD's schema (see crdProblems). */
export function assertCrdValid(object: object, crdFile: string): void {
  const problems = crdProblems(object, crdFile);
  if (problems.length === 0) return;
  const { apiVersion, kind, metadata } = object as {
    apiVersion?: string;
    kind?: string;
    metadata?: { name?: string };
  };
  const name = metadata?.name === undefined ? "" : ` "${metadata.name}"`;
  throw new Error(
    `${apiVersion} ${kind}${name} does not pass ${crdFile} (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}
