// The call-center's gitops.yml (`gitops` in the values; written beside the --out tree) against the real API
// server: the CRDs installed first (Flux's recorded from its API modules; Argo CD's Application as a structural
// schema, see crds.ts — the test prints which), then `kubectl apply --server-side --dry-run=server` of the
// file exactly as written: accepted, no warning; then applied for real and read back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitopsText, resolveConfig } from "@call-center/bundle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { ensureCrds, installed } from "./crds.ts";
import {
  connect,
  ensureNamespace,
  FIELD_MANAGER,
  type K8sObject,
  refusal,
  rootDir,
  type Server,
} from "./server.ts";

const EXAMPLES = ["gitops-argocd.yaml", "gitops-flux.yaml"];

let server: Server;
let dir: string;

/** gitops.yml as --out writes it for the values example, in each environment. */
const files = EXAMPLES.flatMap((example) =>
  ["production", "staging"].map((env) => {
    const values = parse(readFileSync(join(rootDir, "examples/values", example), "utf8"));
    const text = gitopsText(resolveConfig(env as "production", values)) ?? "";
    return { name: `gitops.yml of --env ${env} --values examples/values/${example}`, text };
  }),
);
const objectsOf = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);

beforeAll(async () => {
  server = await connect();
  dir = mkdtempSync(join(tmpdir(), "k8s-builders-gitops-"));
  await ensureCrds(
    server,
    files.flatMap((f) => objectsOf(f.text)),
  );
  for (const line of installed.values()) console.log(`CRD ${line}`);
  // The controllers' namespaces, as their installs create them.
  expect(await ensureNamespace(server, "argocd")).toBe("");
  expect(await ensureNamespace(server, "flux-system")).toBe("");
});

afterAll(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("gitops.yml: kubectl apply --server-side", () => {
  it("covers Argo CD and Flux", () => {
    const kinds = files.flatMap((f) => objectsOf(f.text).map((o) => `${o.apiVersion} ${o.kind}`));
    expect(new Set(kinds)).toEqual(
      new Set([
        "argoproj.io/v1alpha1 Application",
        "source.toolkit.fluxcd.io/v1 GitRepository",
        "kustomize.toolkit.fluxcd.io/v1 Kustomization",
      ]),
    );
  });

  for (const f of files) {
    it(`${f.name}: accepted by a dry run, then applied, no warning`, async () => {
      const file = join(dir, `${f.name.replace(/[^\w.-]+/g, "_")}.yml`);
      writeFileSync(file, f.text);
      const objs = objectsOf(f.text);
      for (const dryRun of [true, false]) {
        const args = ["apply", "--server-side", `--field-manager=${FIELD_MANAGER}`, "-f", file];
        if (dryRun) args.push("--dry-run=server");
        const r = server.kubectl(args);
        expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: "" });
        expect(r.stdout.trim().split("\n")).toHaveLength(objs.length);
        expect(r.stdout).not.toMatch(/^Warning/m);
      }
      for (const o of objs) {
        const got = await server.get(o);
        expect(got.status, refusal(got)).toBe(200);
        // Nothing the server prunes as unknown to the CRD: the spec reads back as written.
        expect(got.body.spec).toEqual(o.spec);
        await server.delete(o);
      }
    });
  }
});
