/** toMermaid and the text users control: Mermaid syntax, markup and controls in a label are drawn as written. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { oddIngress, routeMatching } from "../../test/support/graph.ts";
import { bundleGraph } from "./bundle-graph.ts";
import { toMermaid } from "./mermaid.ts";

/** The Mermaid line of the route's edge. */
function routeLine(regex: string): string | undefined {
  return toMermaid(bundleGraph(routeMatching(regex)))
    .split("\n")
    .find((l) => l.includes("routes"));
}

describe("toMermaid: text users control", () => {
  it("writes % as an entity code: %% comments and %%{…}%% directives in a label stay text", () => {
    expect(routeLine('/a%%{init: {"theme":"dark"}}%%b')).toBe(
      '  n3 -->|"routes /a#37;#37;{init#58; {#quot;theme#quot;#58;#quot;dark#quot;}}#37;#37;b → 8080"| n2',
    );
  });

  it("writes & as an entity code, so that an HTML entity in the text is drawn as written", () => {
    expect(routeLine("/a&lt;b")).toBe('  n3 -->|"routes /a#38;lt;b → 8080"| n2');
  });

  it("writes : as an entity code, so that Mermaid's style…:…#…; rewrite cannot cut the label", () => {
    expect(routeLine("/style:a#b;c")).toBe('  n3 -->|"routes /style#58;a#35;b;c → 8080"| n2');
  });

  it("writes a backslash as an entity code, so that \\n stays two characters", () => {
    expect(routeLine("/a\\nb")).toBe('  n3 -->|"routes /a#92;nb → 8080"| n2');
  });

  it("draws a line break or another control character as its picture (␊, ␁)", () => {
    expect(routeLine("/a\nb\u0001")).toBe('  n3 -->|"routes /a␊b␁ → 8080"| n2');
  });

  it("writes only lines of its own forms, labels free of Mermaid syntax, whatever text the objects hold", () => {
    // A label: its text, lines joined by <br/>.
    const label = '"(?:[^"%&:<>\\\\\\u0000-\\u001f\\u007f]|<br/>)*"';
    const forms = [
      /^flowchart LR$/,
      new RegExp(`^  subgraph g\\d+\\[${label}\\]$`),
      new RegExp(`^ {2,4}n\\d+(\\(${label}\\)|\\[${label}\\]|\\{\\{${label}\\}\\})$`),
      /^ {2}end$/,
      new RegExp(`^  n\\d+ (-->|-\\.->)\\|${label}\\| n\\d+$`),
      /^ {2}(classDef|class|linkStyle) [^"]*$/,
      /^$/,
    ];
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const lines = toMermaid(bundleGraph(oddIngress(text))).split("\n");
        expect(lines.filter((l) => !forms.some((f) => f.test(l)))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
