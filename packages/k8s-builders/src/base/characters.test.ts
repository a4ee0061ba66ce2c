import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { configMap } from "../kinds/config-map.ts";
import { deployment } from "../kinds/deployment.ts";
import { secret } from "../kinds/secret.ts";
import { unwritableCharacter } from "./characters.ts";

describe("unwritableCharacter", () => {
  it("names the refused characters: DEL, C1 controls with NEL, U+FFFE/U+FFFF, lone surrogates", () => {
    expect(unwritableCharacter("a\u007fb")).toMatch(/^U\+007F \(a control character\) at position 1/);
    expect(unwritableCharacter("\u0085")).toMatch(/^U\+0085 \(NEL, a line break/);
    expect(unwritableCharacter("ok\u009f")).toMatch(/^U\+009F .* at position 2/);
    expect(unwritableCharacter("\ufffe")).toMatch(/^U\+FFFE \(a noncharacter\)/);
    expect(unwritableCharacter("\uffff")).toMatch(/^U\+FFFF/);
    expect(unwritableCharacter("a\ud800")).toMatch(/^U\+D800 \(a lone surrogate/);
    expect(unwritableCharacter("\udc00a")).toMatch(/^U\+DC00/);
  });

  it("accepts what every reader keeps: C0 controls, tabs, U+2028/U+2029, U+FEFF, pairs, other noncharacters", () => {
    for (const s of [
      "",
      "plain",
      "\u0000\u0001\t\r\n",
      "\u2028\u2029",
      "\ufeff",
      "\ud83d\udcde",
      "\ufdd0",
      "\u{10ffff}",
    ]) {
      expect(unwritableCharacter(s)).toBeUndefined();
    }
  });
});

const container = { name: "app", image: "ghcr.io/acme/app:1.0.0" };

describe("builders refuse strings with characters Kubernetes' readers refuse, at the field's path", () => {
  it("in ConfigMap data values and keys", () => {
    expectIssue(
      () => configMap({ name: "c", data: { "0xff": "a\u0085b" } }),
      "invalid_character",
      'data["0xff"]',
    );
    expectIssue(() => configMap({ name: "c", data: { k: "\ud800" } }), "invalid_character", "data.k");
  });

  it("in annotation keys and values", () => {
    expectIssue(
      () => configMap({ name: "c", data: {}, annotations: { "example.com/a": "x\ufffe" } }),
      "invalid_character",
      'annotations["example.com/a"]',
    );
  });

  it("in container args and env values", () => {
    expectIssue(
      () => deployment({ name: "d", containers: [{ ...container, args: ["ok", "a\u007f"] }] }),
      "invalid_character",
      "containers[0].args[1]",
    );
    expectIssue(
      () => deployment({ name: "d", containers: [{ ...container, env: { A: "\u009b" } }] }),
      "invalid_character",
      "containers[0].env.A",
    );
  });

  it("in Secret templates", () => {
    expectIssue(
      () => secret({ name: "s", stringData: { p: "<p>\uffff" } }),
      "invalid_character",
      "stringData.p",
    );
  });

  it("reports every such string at once, with the object's name", () => {
    const err = builderError(() => configMap({ name: "c", data: { a: "\u007f", b: "\u0080" } }));
    expect(err.objectName).toBe("c");
    expect(err.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "invalid_character data.a",
      "invalid_character data.b",
    ]);
  });
});
