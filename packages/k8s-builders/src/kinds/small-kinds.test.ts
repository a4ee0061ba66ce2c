import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { configMap } from "./config-map.ts";
import { namespace } from "./namespace.ts";
import { serviceAccount } from "./service-account.ts";

describe("namespace", () => {
  it("enforces the restricted Pod Security Standard by default", () => {
    const n = namespace({ name: "call-center", partOf: "call-center" });
    assertSchemaValid(n);
    expect(n.metadata?.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "app.kubernetes.io/part-of": "call-center",
    });
    expect(
      namespace({ name: "x", podSecurity: "baseline" }).metadata?.labels?.[
        "pod-security.kubernetes.io/enforce"
      ],
    ).toBe("baseline");
    expect(namespace({ name: "x", podSecurity: false }).metadata?.labels).not.toHaveProperty(
      "pod-security.kubernetes.io/enforce",
    );
  });

  it("has no namespace option (it is cluster-scoped)", () => {
    // @ts-expect-error namespace is not an option of a Namespace
    expectIssue(() => namespace({ name: "x", namespace: "y" }), "unknown_option", "namespace");
  });
});

describe("configMap", () => {
  it("writes data and the immutable flag", () => {
    const c = configMap({
      name: "app-config",
      namespace: "ns",
      data: { LOG_LEVEL: "info", "app.yaml": "a: 1\n" },
      immutable: true,
    });
    assertSchemaValid(c);
    expect(c).toMatchObject({ immutable: true, data: { LOG_LEVEL: "info", "app.yaml": "a: 1\n" } });
  });

  it.each([
    { options: { name: "c", data: { "bad key": "x" } }, code: "invalid_key", path: 'data["bad key"]' },
    { options: { name: "c", data: { big: "x".repeat(1024 * 1024) } }, code: "too_big", path: "data" },
    { options: { name: "c", data: { n: 1 } }, code: "invalid_type", path: "data.n" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => configMap(options as never), code, path);
  });
});

describe("serviceAccount", () => {
  it("does not mount its token by default", () => {
    const sa = serviceAccount({ name: "app", namespace: "ns", imagePullSecrets: ["regcred"] });
    assertSchemaValid(sa);
    expect(sa).toMatchObject({
      automountServiceAccountToken: false,
      imagePullSecrets: [{ name: "regcred" }],
    });
  });
});
