import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
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
