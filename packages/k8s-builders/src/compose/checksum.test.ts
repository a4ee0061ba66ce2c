import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { builderError } from "../../test/support/errors.ts";
import { configMap } from "../kinds/config-map.ts";
import { secret } from "../kinds/secret.ts";
import { configChecksum } from "./checksum.ts";

const app = configMap({ name: "app", data: { LOG_LEVEL: "info" } });
const creds = secret({ name: "creds", stringData: { password: "<password>" } });

describe("configChecksum", () => {
  it("is 16 hex characters, the same whatever the order of the objects", () => {
    expect(configChecksum([app, creds])).toMatch(/^[0-9a-f]{16}$/);
    expect(configChecksum([creds, app])).toBe(configChecksum([app, creds]));
  });

  it("changes when the content changes, and only then", () => {
    const changed = configMap({ name: "app", data: { LOG_LEVEL: "debug" } });
    expect(configChecksum([changed])).not.toBe(configChecksum([app]));
    expect(configChecksum([configMap({ name: "app", data: { LOG_LEVEL: "info" } })])).toBe(
      configChecksum([app]),
    );
  });

  const junk: [string, unknown, string][] = [
    ["null", null, "objects"],
    ["an object", app, "objects"],
    ["[null]", [null], "objects[0]"],
    ["[5]", [app, 5], "objects[1]"],
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested (found by fuzzing)
    ["a hole in the list", [app, , creds], "objects[1]"],
    ["an object without a name", [{ kind: "ConfigMap", metadata: {} }], "objects[0]"],
    ["a kind that is a symbol", [{ kind: Symbol("k"), metadata: { name: "a" } }], "objects[0]"],
    ["data that is a list", [{ kind: "ConfigMap", metadata: { name: "a" }, data: ["x"] }], "objects[0].data"],
    [
      "a value that is not a string",
      [{ kind: "Secret", metadata: { name: "a" }, stringData: { k: 1n } }],
      "objects[0].stringData.k",
    ],
  ];
  for (const [name, input, path] of junk) {
    it(`refuses ${name} with the library error`, () => {
      const err = builderError(() => configChecksum(input as never));
      expect(err.builder).toBe("configChecksum");
      expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([
        { code: "invalid_type", path },
      ]);
    });
  }

  it('is the same under any locale (Estonian collation sorts "z" before "t")', () => {
    const objects = ["app-t", "app-z"].map((name, i) => ({
      kind: "ConfigMap" as const,
      metadata: { name },
      data: { KEY: String(i) },
    }));
    const source = new URL("./checksum.ts", import.meta.url).href;
    const script = `const { configChecksum } = await import(${JSON.stringify(source)});
      process.stdout.write(configChecksum(${JSON.stringify(objects)}));`;
    const estonian = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, LANG: "et_EE.UTF-8", LC_ALL: "et_EE.UTF-8" },
      encoding: "utf8",
    });
    expect(estonian.stderr).toBe("");
    expect(estonian.stdout).toBe(configChecksum(objects));
  });
});
