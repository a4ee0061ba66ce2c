import { describe, expect, it } from "vitest";
import { base, findings, NS } from "../../../test/support/checks.ts";
import { FAKE } from "../../../test/support/fake-secrets.ts";
import { b64, rawSecret } from "../../../test/support/secret-hygiene.ts";
import { dockerConfigJsonPlaceholder, secret } from "../../kinds/secret.ts";
import { validateBundle } from "../validate-bundle.ts";

describe("dockerconfigjson Secrets in a bundle", () => {
  const regcred = (json: string) => ({
    ...rawSecret({ ".dockerconfigjson": b64(json) }, "regcred"),
    type: "kubernetes.io/dockerconfigjson",
  });

  it("accepts a template whose credentials are placeholders", () => {
    expect(findings([base().ns, regcred(dockerConfigJsonPlaceholder(["ghcr.io"]))])).toEqual([]);
  });

  it("reports a real credential inside it, naming the field", () => {
    const json = `{"auths":{"ghcr.io":{"username":"<ghcr-user>","password":"${FAKE.password}"}}}`;
    const f = findings([base().ns, regcred(json)]);
    expect(f.map((x) => `${x.code} ${x.path}`)).toEqual([
      'SECRET_VALUE_NOT_PLACEHOLDER data[".dockerconfigjson"]',
    ]);
    expect(f[0]?.message).toContain('auths["ghcr.io"].password is not a placeholder');
    expect(f[0]?.message).not.toContain(FAKE.password);
  });
});

describe("placeholder Secrets in a bundle meant for applying (issue 11)", () => {
  const template = () =>
    secret({ name: "db", namespace: NS, stringData: { password: "<db-password>", user: "CHANGE_ME" } });

  it("warns by default: applying the bundle would overwrite the real values", () => {
    const f = findings([base().ns, template()], { purpose: "apply" });
    expect(f.map((x) => `${x.severity} ${x.code} ${x.object.name}`)).toEqual([
      "warning SECRET_PLACEHOLDER_APPLIED db",
    ]);
    expect(f[0]?.message).toBe(
      'Secret "shop/db": holds placeholders ("password", "user"): applying it replaces the real values in the cluster',
    );
  });

  it("warns when no purpose is given (apply is the default)", () => {
    const r = validateBundle([base().ns, template()]);
    expect(r.warnings.map((x) => x.code)).toEqual(["SECRET_PLACEHOLDER_APPLIED"]);
  });

  it('says nothing for a file of templates (purpose: "template")', () => {
    expect(findings([base().ns, template()], { purpose: "template" })).toEqual([]);
  });

  it("also sees placeholders in data and dockerconfigjson templates", () => {
    const regcred = {
      ...rawSecret({ ".dockerconfigjson": b64(dockerConfigJsonPlaceholder(["ghcr.io"])) }, "regcred"),
      type: "kubernetes.io/dockerconfigjson",
    };
    const f = findings([base().ns, rawSecret({ token: b64("<api-token>") }), regcred], { purpose: "apply" });
    expect(f.map((x) => `${x.code} ${x.object.name}`)).toEqual([
      "SECRET_PLACEHOLDER_APPLIED db",
      "SECRET_PLACEHOLDER_APPLIED regcred",
    ]);
  });

  it("does not report a Secret with real values here (that is SECRET_VALUE_NOT_PLACEHOLDER's)", () => {
    const codes = findings([base().ns, rawSecret({ password: b64(FAKE.password) })], {
      purpose: "apply",
    }).map((x) => x.code);
    expect(codes).toEqual(["SECRET_VALUE_NOT_PLACEHOLDER"]);
  });

  it("refuses an unknown purpose with INVALID_OPTION and applies the default", () => {
    const f = findings([base().ns, template()], { purpose: "print" as never });
    expect(f.map((x) => `${x.code} ${x.path}`)).toEqual([
      "INVALID_OPTION options.purpose",
      "SECRET_PLACEHOLDER_APPLIED ",
    ]);
  });
});
