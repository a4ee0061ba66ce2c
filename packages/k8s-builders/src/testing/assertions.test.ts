import { AssertionError } from "node:assert";
import { describe, expect, expectTypeOf, it } from "vitest";
import { base, database, edit } from "../../test/support/checks.ts";
import type { Manifest } from "../base/manifest.ts";
import { configMap } from "../kinds/config-map.ts";
import { expectNoImmutableChanges, expectValidBundle } from "./assertions.ts";
import { findObject } from "./find-object.ts";
import { yamlSnapshotSerializer } from "./snapshot.ts";

/** The message of the AssertionError `run` throws (fails the test when it throws anything else, or nothing). */
function assertionMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AssertionError);
    return (e as AssertionError).message;
  }
  throw new Error("expected an AssertionError, nothing was thrown");
}

describe("expectValidBundle", () => {
  it("passes a bundle that is schema-valid, without findings, restricted everywhere", () => {
    expect(() =>
      expectValidBundle(base().all, { warnings: "deny", podSecurity: "restricted" }),
    ).not.toThrow();
  });

  it("fails on a schema problem, naming the object and the field", () => {
    const { ns, web, svc } = base();
    const bad = edit(svc, (s) => {
      s.spec.ports[0].port = "eighty";
    });
    expect(assertionMessage(() => expectValidBundle([ns, web, bad]))).toContain(
      'Service "shop/web": schema: spec.ports[0].port',
    );
  });

  it("skips schemas with schema: off", () => {
    const { ns, web, svc } = base();
    const bad = edit(svc, (s) => {
      s.spec.unknownField = true;
    });
    expect(assertionMessage(() => expectValidBundle([ns, web, bad]))).toContain("unknown field");
    expect(() => expectValidBundle([ns, web, bad], { schema: "off" })).not.toThrow();
  });

  it("fails for a kind without an installed schema unless schema is if-installed", () => {
    const widget = {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w", namespace: "shop" },
    };
    const objects: Manifest[] = [...base().all, widget];
    expect(assertionMessage(() => expectValidBundle(objects))).toContain(
      'Widget "shop/w": no schema installed for example.com/v1 Widget',
    );
    expect(() => expectValidBundle(objects, { schema: "if-installed" })).not.toThrow();
  });

  it("fails on every validateBundle error at once, with code, message and path", () => {
    const { ns, web, svc } = base();
    const noTarget = edit(svc, (s) => {
      s.spec.selector = { "app.kubernetes.io/name": "nothing" };
    });
    const message = assertionMessage(() => expectValidBundle([ns, web, noTarget]));
    expect(message).toMatch(/^expected a valid bundle; 1 problem\(s\):\n {2}✖ SERVICE_SELECTS_NOTHING: /);
  });

  it("fails on warnings only with warnings: deny", () => {
    const { ns, web, svc } = base();
    const noLimits = edit(web, (d) => {
      delete d.spec.template.spec.containers[0].resources.limits;
    });
    const objects = [ns, noLimits, svc];
    expect(() => expectValidBundle(objects)).not.toThrow();
    expect(() => expectValidBundle(objects, { warnings: "allow" })).not.toThrow();
    expect(assertionMessage(() => expectValidBundle(objects, { warnings: "deny" }))).toContain("warning ");
  });

  it("fails a workload below the expected Pod Security level, with the controls it fails", () => {
    const { ns, web, svc } = base();
    const root = edit(web, (d) => {
      d.spec.template.spec.securityContext.runAsNonRoot = false;
    });
    // The Namespace enforces restricted itself: run the level check alone on a namespace that does not.
    const open = edit(ns, (n) => {
      n.metadata.labels["pod-security.kubernetes.io/enforce"] = "baseline";
    });
    const objects = [open, root, svc];
    expect(() => expectValidBundle(objects, { podSecurity: "baseline", schema: "off" })).not.toThrow();
    const message = assertionMessage(() =>
      expectValidBundle(objects, { podSecurity: "restricted", schema: "off" }),
    );
    expect(message).toContain(
      'Deployment "shop/web": Pod Security level baseline, expected restricted or stricter',
    );
    expect(message).toContain("runAsNonRoot");
  });

  it.each([
    [{ warning: "deny" }, 'unknown option "warning"'],
    [{ warnings: "forbid" }, 'warnings must be "allow" or "deny"'],
    [{ podSecurity: "strict" }, "podSecurity must be"],
    [{ schema: true }, "schema must be"],
  ])("refuses the options %j", (options, expected) => {
    // biome-ignore lint/suspicious/noExplicitAny: options the types forbid
    expect(assertionMessage(() => expectValidBundle(base().all, options as any))).toContain(expected);
  });
});

describe("expectNoImmutableChanges", () => {
  it("passes a change Kubernetes accepts", () => {
    const { db, headless } = database();
    const scaled = edit(db, (s) => {
      s.spec.replicas = 3;
    });
    expect(() => expectNoImmutableChanges([db, headless], [scaled, headless])).not.toThrow();
  });

  it("fails on a changed selector, naming the object and the path", () => {
    const { db, headless } = database();
    const moved = edit(db, (s) => {
      s.spec.serviceName = "other";
    });
    const message = assertionMessage(() => expectNoImmutableChanges([db, headless], [moved, headless]));
    expect(message).toMatch(
      /^expected no change Kubernetes refuses on apply; 1 found:\n {2}✖ StatefulSet "shop\/db": spec\.serviceName/,
    );
  });
});

describe("findObject", () => {
  it("returns the object of that kind and name, typed by the kind", () => {
    const { web, all } = base();
    const found = findObject(all, "Deployment", "web");
    expect(found).toBe(web);
    expectTypeOf(found.spec?.replicas).toEqualTypeOf<number | undefined>();
    expectTypeOf(findObject<"Widget">).returns.toEqualTypeOf<Manifest>();
  });

  it("names the objects of the kind when the name is not there", () => {
    expect(assertionMessage(() => findObject(base().all, "Service", "api"))).toBe(
      'no Service "api" in the bundle; its Service objects: shop/web',
    );
  });

  it("asks for the namespace when the name is in two", () => {
    const a = configMap({ name: "c", namespace: "a", data: {} });
    const b = configMap({ name: "c", namespace: "b", data: {} });
    expect(assertionMessage(() => findObject([a, b], "ConfigMap", "c"))).toContain("give the namespace");
    expect(findObject([a, b], "ConfigMap", "c", "b")).toBe(b);
  });
});

describe("yamlSnapshotSerializer", () => {
  it("takes Kubernetes objects and arrays of them, nothing else", () => {
    const { web, all } = base();
    expect([web, all, [], "x", { kind: "Deployment" }, null].map(yamlSnapshotSerializer.test)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it("prints the YAML toYaml writes, in the order given", () => {
    const a = configMap({ name: "b", namespace: "x", data: { on: "yes" } });
    const b = configMap({ name: "a", namespace: "x", data: {} });
    expect(yamlSnapshotSerializer.serialize([a, b])).toMatchInlineSnapshot(`
      "apiVersion: v1
      kind: ConfigMap
      metadata:
        name: b
        namespace: x
        labels:
          app.kubernetes.io/name: b
          app.kubernetes.io/instance: b
          app.kubernetes.io/managed-by: k8s-builders
      data:
        "on": "yes"
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
        namespace: x
        labels:
          app.kubernetes.io/name: a
          app.kubernetes.io/instance: a
          app.kubernetes.io/managed-by: k8s-builders
      data: {}"
    `);
  });

  it("is what vitest's addSnapshotSerializer takes", () => {
    expect.addSnapshotSerializer(yamlSnapshotSerializer);
    expect(configMap({ name: "c", namespace: "x", data: { k: "v" } })).toMatchInlineSnapshot(`
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: c
        namespace: x
        labels:
          app.kubernetes.io/name: c
          app.kubernetes.io/instance: c
          app.kubernetes.io/managed-by: k8s-builders
      data:
        k: v
    `);
  });
});
