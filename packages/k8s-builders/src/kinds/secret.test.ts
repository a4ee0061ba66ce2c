import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { FAKE } from "../../test/support/fake-secrets.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { dockerConfigJsonPlaceholder, secret } from "./secret.ts";

describe("secret", () => {
  it("writes placeholders as stringData, Opaque by default", () => {
    const s = secret({
      name: "db-credentials",
      stringData: { password: "<db-password>", user: "CHANGE_ME" },
    });
    assertSchemaValid(s);
    expect(s).toMatchObject({ type: "Opaque", stringData: { password: "<db-password>", user: "CHANGE_ME" } });
    expect(s).not.toHaveProperty("data");
  });

  it("refuses a value that is not a placeholder, naming the key", () => {
    const err = builderError(() =>
      secret({ name: "db", stringData: { password: "hunter2", user: "<user>" } }),
    );
    expect(err.issues).toEqual([
      expect.objectContaining({ code: "real_secret_value", path: "stringData.password" }),
    ]);
  });

  it("accepts real values only when explicitly allowed", () => {
    expect(
      secret({ name: "db", stringData: { password: "hunter2" }, allowRealValues: true }).stringData,
    ).toEqual({ password: "hunter2" });
  });
});

describe("secret: placeholders are placeholders, not prefixes on real values", () => {
  it.each([
    `CHANGE_ME.${FAKE.jwt}`,
    `PLACEHOLDER${FAKE.awsKeyId}`,
    `REPLACEME${Buffer.from(FAKE.password).toString("base64")}`,
    `<${FAKE.slackToken}>`,
    `CHANGE_ME_${FAKE.password}`,
  ])("refuses %j", (value) => {
    const err = builderError(() => secret({ name: "db", stringData: { password: value } }));
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["real_secret_value stringData.password"]);
  });
});

describe("typed Secret templates the API server accepts", () => {
  const registryTemplate = dockerConfigJsonPlaceholder(["ghcr.io", "registry.example.com:5000"]);

  it("a dockerconfigjson template is JSON whose credentials are placeholders", () => {
    const s = secret({
      name: "regcred",
      type: "kubernetes.io/dockerconfigjson",
      stringData: { ".dockerconfigjson": registryTemplate },
    });
    assertSchemaValid(s);
    const doc = JSON.parse(s.stringData?.[".dockerconfigjson"] ?? "");
    expect(doc).toEqual({
      auths: {
        "ghcr.io": { username: "<ghcr.io-username>", password: "<ghcr.io-password>", auth: "<ghcr.io-auth>" },
        "registry.example.com:5000": {
          username: "<registry.example.com-5000-username>",
          password: "<registry.example.com-5000-password>",
          auth: "<registry.example.com-5000-auth>",
        },
      },
    });
  });

  it.each([
    ["not JSON (a placeholder)", "<dockerconfigjson>", "invalid_value"],
    ["JSON without auths", '{"registry":"ghcr.io"}', "invalid_value"],
    ["auths that is not an object", '{"auths":[]}', "invalid_value"],
    [
      "a real password",
      `{"auths":{"ghcr.io":{"username":"<u>","password":"${FAKE.password}"}}}`,
      "real_secret_value",
    ],
    [
      "a real auth",
      `{"auths":{"ghcr.io":{"auth":"${Buffer.from(`u:${FAKE.password}`).toString("base64")}"}}}`,
      "real_secret_value",
    ],
    [
      "a real identity token",
      `{"auths":{"ghcr.io":{"identitytoken":"${FAKE.githubToken}"}}}`,
      "real_secret_value",
    ],
  ])("refuses a .dockerconfigjson that is %s", (_title, json, code) => {
    const err = builderError(() =>
      secret({
        name: "regcred",
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": json },
      }),
    );
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual([`${code} stringData[".dockerconfigjson"]`]);
  });

  it("names the credential field, never its value", () => {
    const json = `{"auths":{"ghcr.io":{"username":"<u>","password":"${FAKE.password}"}}}`;
    const err = builderError(() =>
      secret({
        name: "r",
        type: "kubernetes.io/dockerconfigjson",
        stringData: { ".dockerconfigjson": json },
      }),
    );
    expect(err.issues[0]?.message).toContain('auths["ghcr.io"].password is not a placeholder');
    expect(err.message).not.toContain(FAKE.password);
  });

  it("takes real registry credentials only with allowRealValues", () => {
    const json = `{"auths":{"ghcr.io":{"username":"bot","password":"${FAKE.password}"}}}`;
    const s = secret({
      name: "r",
      type: "kubernetes.io/dockerconfigjson",
      stringData: { ".dockerconfigjson": json },
      allowRealValues: true,
    });
    expect(s.stringData?.[".dockerconfigjson"]).toBe(json);
  });

  it.each([
    ["kubernetes.io/tls", { "tls.crt": "<tls-crt>", "tls.key": "<tls-key>" }],
    ["kubernetes.io/basic-auth", { username: "<username>", password: "<password>" }],
    ["kubernetes.io/ssh-auth", { "ssh-privatekey": "<ssh-private-key>" }],
  ] as const)("a %s template with its keys as placeholders", (type, stringData) => {
    const s = secret({ name: "s", type, stringData });
    assertSchemaValid(s);
    expect(s.type).toBe(type);
  });

  it.each([
    ["kubernetes.io/tls", { "tls.crt": "<tls-crt>" }],
    ["kubernetes.io/basic-auth", { user: "<user>" }],
    ["kubernetes.io/ssh-auth", { key: "<ssh-private-key>" }],
    ["kubernetes.io/dockerconfigjson", { config: "<x>" }],
  ] as const)("refuses a %s Secret without its required keys", (type, stringData) => {
    expectIssue(() => secret({ name: "s", type, stringData }), "required", "stringData");
  });
});
