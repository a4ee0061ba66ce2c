/**
 * The TSDoc of every option (what editors show, and what the published `.d.ts` carries) says what its metadata
 * says: the description, then `@default` with the default, `unset (…)` or the derived value. `npm run docs`
 * rewrites the comments that differ (scripts/option-tsdoc.ts, run by scripts/gen-docs.ts).
 */
import { describe, expect, it } from "vitest";
import { checkSource, optionDocs, renderDoc } from "../../../../scripts/option-tsdoc.ts";

describe("option TSDoc", () => {
  it("matches the metadata of every option in packages/*/src", () => {
    const { files, errors } = optionDocs();
    expect(errors).toEqual([]);
    expect([...files.keys()], "run: npm run docs").toEqual([]);
  });

  const source = (doc: string, meta: string) =>
    `const s = {\n  ${doc}\n  replicas: option(intAtLeast(0), ${meta}),\n};\n`;

  it("finds a comment that says another default than the schema's, and fixes it", () => {
    const text = source(
      "/** Desired pods. @default 2 */",
      '{ description: "Desired pods.", default: 1, k8s: SPEC }',
    );
    expect(checkSource("x.ts", text).text).toBe(
      source("/** Desired pods. @default 1 */", '{ description: "Desired pods.", default: 1, k8s: SPEC }'),
    );
  });

  it("finds a missing comment, and renders unset and derived defaults", () => {
    expect(checkSource("x.ts", source("", '{ description: "A.", unset: "Kubernetes: 10" }')).text).toContain(
      "  /** A. @default unset (Kubernetes: 10) */\n  replicas: option(",
    );
    expect(checkSource("x.ts", source("", '{ description: "A.", derived: "the name" }')).text).toContain(
      "  /** A. @default the name */\n  replicas: option(",
    );
  });

  it("accepts the same text wrapped over several lines", () => {
    const text = source(
      "/**\n   * Desired\n   * pods.\n   * @default 1\n   */",
      '{ description: "Desired pods.", default: 1 }',
    );
    expect(checkSource("x.ts", text).text).toBe(text);
  });

  it("refuses metadata it cannot read: a description that is not a literal, an optional without a default", () => {
    expect(checkSource("x.ts", source("", "{ description: TEXT, default: 1 }")).errors).toEqual([
      "x.ts:3 replicas: description must be a string literal",
    ]);
    expect(checkSource("x.ts", source("", '{ description: "A." }')).errors).toEqual([
      "x.ts:3 replicas: an optional field says its default, unset or derived",
    ]);
  });

  it("wraps a long comment at the line width with @default on its own line", () => {
    const text = `${"word ".repeat(30).trim()} @default 1`;
    const rendered = renderDoc(text, "    ");
    expect(rendered.split("\n").every((l) => l.length + 4 <= 110)).toBe(true);
    expect(rendered.split("\n").at(-2)).toBe("     * @default 1");
  });
});
