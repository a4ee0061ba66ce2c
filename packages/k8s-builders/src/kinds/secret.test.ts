import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
import { FAKE } from "../../test/support/fake-secrets.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { secret } from "./secret.ts";

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
