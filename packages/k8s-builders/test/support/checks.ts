/**
 * Fixtures of the check tests: a minimal bundle that passes every check, built with
 * the real builders, and helpers to break one thing in a copy of it.
 */
import { expect } from "vitest";
import type { Manifest } from "../../src/base/manifest.ts";
import type { Finding } from "../../src/checks/finding.ts";
import { type ValidateBundleOptions, validateBundle } from "../../src/checks/validate-bundle.ts";
import { deployment } from "../../src/kinds/deployment.ts";
import { namespace } from "../../src/kinds/namespace.ts";
import { serviceFor } from "../../src/kinds/service.ts";
import { statefulSet } from "../../src/kinds/stateful-set.ts";
import { webContainer } from "./fixtures.ts";

export const NS = "shop";

/** A container with two named ports, requests and limits, liveness and readiness probes. */
export const appContainer = webContainer;

export const selectorOf = (name: string): Record<string, string> => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": name,
});

/** The Namespace (enforcing restricted), the `web` Deployment (2 replicas) and its `web` Service (port http). */
export function base() {
  const ns = namespace({ name: NS });
  const web = deployment({ name: "web", namespace: NS, replicas: 2, containers: [appContainer] });
  const svc = serviceFor(web, { ports: ["http"] });
  return { ns, web, svc, all: [ns, web, svc] as Manifest[] };
}

/** A `db` StatefulSet (1 replica) with its headless Service `db-headless`. */
export function database() {
  const db = statefulSet({
    name: "db",
    namespace: NS,
    serviceName: "db-headless",
    containers: [{ ...appContainer, name: "db" }],
  });
  return { db, headless: serviceFor(db, { name: "db-headless", headless: true }) };
}

/** A deep copy to break: `edit(web, (d) => { d.spec.replicas = 3; })`. Typed loosely: rows write wrong shapes. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach into copies to write shapes the types forbid
export function edit<T>(object: T, change: (copy: any) => void): T {
  const copy = structuredClone(object);
  change(copy);
  return copy;
}

/** Every finding (errors, then warnings). */
export function findings(objects: readonly Manifest[], options?: ValidateBundleOptions): Finding[] {
  // The check tables put Secret templates in their bundles to test other rules; the warning for placeholder
  // Secrets in a bundle meant for applying is tested on its own, with purpose: "apply".
  const r = validateBundle(objects, { purpose: "template", ...options });
  return [...r.errors, ...r.warnings];
}

/** The parts of a finding that tests compare. */
export function summary(f: Finding): { code: string; kind: string; name: string; path: string } {
  return { code: f.code, kind: f.object.kind, name: f.object.name, path: f.path };
}

/** One row of a check's table: a bundle that breaks exactly one rule, and the finding expected. */
export interface Row {
  readonly title: string;
  readonly objects: () => Manifest[];
  readonly options?: ValidateBundleOptions;
  readonly code: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  /** Other codes the same mistake necessarily causes. */
  readonly also?: readonly string[];
}

/** Asserts that a row's bundle yields its finding, and no finding of any other code (except `also`). */
export function expectRow(row: Row): void {
  const found = findings(row.objects(), row.options);
  expect(found.map(summary)).toContainEqual({
    code: row.code,
    kind: row.kind,
    name: row.name,
    path: row.path,
  });
  expect([...new Set(found.map((f) => f.code))].sort()).toEqual(
    [...new Set([row.code, ...(row.also ?? [])])].sort(),
  );
}
