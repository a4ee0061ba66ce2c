// The `patch` option of the builders of core objects (ConfigMap, Secret, Namespace, ServiceAccount, Service, …)
// and `patch()` on their objects: a field the options do not model is set, and a patch that breaks one of the
// builder's rules is refused with its path inside the patch, by the option and by `patch()` alike.
// The Services' patches are in core-patch.service.test.ts and core-patch.service-spec.test.ts.
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { patch } from "../patch.ts";
import { configMap } from "./config-map.ts";
import { namespace } from "./namespace.ts";
import { secret } from "./secret.ts";
import { serviceAccount } from "./service-account.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("configMap: patch", () => {
  const cm = () => configMap({ name: "app", namespace: "shop", data: { LOG_LEVEL: "info" } });

  it("sets binaryData, which the options do not model", () => {
    const c = configMap({
      name: "app",
      data: { LOG_LEVEL: "info" },
      patch: { binaryData: { "logo.png": b64("png") } },
    });
    assertSchemaValid(c);
    expect(c.binaryData).toEqual({ "logo.png": b64("png") });
    expect(c.data).toEqual({ LOG_LEVEL: "info" });
  });

  it("refuses a key in data and binaryData both, under patch", () => {
    expectIssue(
      () => configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { a: b64("1") } } }),
      "duplicate",
      "patch.binaryData.a",
    );
  });

  it("refuses binaryData that is not base64, under patch", () => {
    expectIssue(
      () => configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { b: "not base64!" } } }),
      "invalid_format",
      "patch.binaryData.b",
    );
  });

  it("refuses an invalid key, and data over 1 MiB, in patch() too", () => {
    expectIssue(() => patch(cm(), { data: { "no/slash": "x" } }), "invalid_key", 'data["no/slash"]');
    expectIssue(
      () => patch(cm(), { binaryData: { big: Buffer.alloc(1024 * 1024).toString("base64") } }),
      "too_big",
      "binaryData",
    );
  });
});

describe("base64 data as the API server reads it", () => {
  const s = () => secret({ name: "db", namespace: "shop", stringData: { password: "<db-password>" } });
  /** Base64 in lines of `width` characters (76 as `base64` and PEM tools write it): the API server skips line breaks. */
  const wrapped = (bytes: Buffer, width = 76, eol = "\n") =>
    (bytes.toString("base64").match(new RegExp(`.{1,${width}}`, "g")) ?? []).join(eol);

  it("takes binaryData wrapped in lines, and counts its decoded bytes against 1 MiB", () => {
    const logo = wrapped(Buffer.alloc(1024 * 1024 - 100), 76, "\r\n");
    const c = configMap({ name: "app", data: { a: "1" }, patch: { binaryData: { "logo.png": logo } } });
    expect(c.binaryData?.["logo.png"]).toBe(logo);
  });

  it("refuses data with a space or a tab in it, which the API server refuses", () => {
    expectIssue(() => patch(s(), { data: { user: "PGRi LXVzZXI+" } }), "invalid_format", "data.user");
    expectIssue(() => patch(s(), { data: { user: "PGRi\tLXVzZXI+" } }), "invalid_format", "data.user");
  });

  it("reads wrapped Secret data decoded: a placeholder passes, a real value is refused", () => {
    const user = wrapped(Buffer.from("<db-user>"), 4);
    expect(user).toBe("PGRi\nLXVz\nZXI+");
    expect(patch(s(), { data: { user } }).data).toEqual({ user });
    expectIssue(
      () => patch(s(), { data: { token: wrapped(Buffer.from("hunter2"), 4) } }),
      "real_secret_value",
      "data.token",
    );
  });
});

describe("secret: patch", () => {
  const s = () => secret({ name: "db", namespace: "shop", stringData: { password: "<db-password>" } });

  it("sets immutable and a placeholder in data, which the options do not model", () => {
    const p = secret({
      name: "db",
      stringData: { password: "<db-password>" },
      patch: { immutable: true, data: { user: b64("<db-user>") } },
    });
    assertSchemaValid(p);
    expect(p.immutable).toBe(true);
    expect(p.data).toEqual({ user: b64("<db-user>") });
  });

  it("refuses a real value in stringData, under patch", () => {
    expectIssue(
      () =>
        secret({
          name: "db",
          stringData: { password: "<p>" },
          patch: { stringData: { password: "hunter2" } },
        }),
      "real_secret_value",
      "patch.stringData.password",
    );
  });

  it("refuses a real value hidden in base64 data, without repeating it", () => {
    const err = builderError(() =>
      secret({ name: "db", stringData: { password: "<p>" }, patch: { data: { token: b64("hunter2") } } }),
    );
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["real_secret_value patch.data.token"]);
    expect(err.message).not.toContain("hunter2");
    expect(err.message).not.toContain(b64("hunter2"));
  });

  it("takes real values in the patch with allowRealValues", () => {
    const p = secret({
      name: "db",
      stringData: { password: "<p>" },
      allowRealValues: true,
      patch: { data: { token: b64("hunter2") } },
    });
    expect(p.data).toEqual({ token: b64("hunter2") });
  });

  it("refuses a type whose required keys are missing, under patch", () => {
    expectIssue(
      () => secret({ name: "db", stringData: { password: "<p>" }, patch: { type: "kubernetes.io/tls" } }),
      "required",
      "patch.stringData",
    );
  });

  it("refuses in patch() what the builder refuses: a real value, data that is not base64", () => {
    expectIssue(
      () => patch(s(), { stringData: { password: "hunter2" } }),
      "real_secret_value",
      "stringData.password",
    );
    expectIssue(() => patch(s(), { data: { x: "%%%" } }), "invalid_format", "data.x");
  });
});

describe("namespace: patch", () => {
  it("sets an annotation and a Pod Security version, which the options do not model", () => {
    const n = namespace({
      name: "shop",
      patch: {
        metadata: {
          annotations: { "scheduler.alpha.kubernetes.io/node-selector": "pool=shop" },
          labels: { "pod-security.kubernetes.io/enforce-version": "v1.33" },
        },
      },
    });
    assertSchemaValid(n);
    expect(n.metadata?.labels?.["pod-security.kubernetes.io/enforce-version"]).toBe("v1.33");
    expect(n.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("refuses a Pod Security level that is not one, under patch", () => {
    expectIssue(
      () =>
        namespace({
          name: "shop",
          patch: { metadata: { labels: { "pod-security.kubernetes.io/enforce": "strict" } } },
        }),
      "invalid_value",
      'patch.metadata.labels["pod-security.kubernetes.io/enforce"]',
    );
  });

  it("refuses in patch() a Pod Security version that is not one, and a name that is not a DNS label", () => {
    expectIssue(
      () =>
        patch(namespace({ name: "shop" }), {
          metadata: { labels: { "pod-security.kubernetes.io/warn-version": "1.33" } },
        }),
      "invalid_value",
      'metadata.labels["pod-security.kubernetes.io/warn-version"]',
    );
    expectIssue(
      () => patch(namespace({ name: "shop" }), { metadata: { name: "a.b" } }),
      "invalid_format",
      "metadata.name",
    );
  });

  it("refuses a Pod Security level that is not one in the labels option too", () => {
    expectIssue(
      () => namespace({ name: "shop", labels: { "pod-security.kubernetes.io/audit": "strict" } }),
      "invalid_value",
      'labels["pod-security.kubernetes.io/audit"]',
    );
  });
});

describe("serviceAccount: patch", () => {
  it("sets secrets, which the options do not model", () => {
    const sa = serviceAccount({ name: "agent", patch: { secrets: [{ name: "agent-token" }] } });
    assertSchemaValid(sa);
    expect(sa.secrets).toEqual([{ name: "agent-token" }]);
    expect(sa.automountServiceAccountToken).toBe(false);
  });

  it("refuses an image pull Secret name that is not a name, under patch and in patch()", () => {
    expectIssue(
      () => serviceAccount({ name: "agent", patch: { imagePullSecrets: [{ name: "Not_A_Name" }] } }),
      "invalid_format",
      "patch.imagePullSecrets[0].name",
    );
    expectIssue(
      () => patch(serviceAccount({ name: "agent" }), { imagePullSecrets: [{ name: "Not_A_Name" }] }),
      "invalid_format",
      "imagePullSecrets[0].name",
    );
  });
});

describe("secret: patch() on a Secret with real values", () => {
  const real = () => secret({ name: "db", stringData: { password: "hunter2" }, allowRealValues: true });

  it("takes a patch that keeps the real values it did not write", () => {
    expect(patch(real(), { metadata: { labels: { team: "db" } } }).metadata?.labels?.team).toBe("db");
  });

  it("refuses a real value that the patch writes", () => {
    expectIssue(
      () => patch(real(), { stringData: { password: "hunter3" } }),
      "real_secret_value",
      "stringData.password",
    );
  });
});
