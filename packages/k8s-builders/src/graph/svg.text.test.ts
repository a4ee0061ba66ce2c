/** toSvg and the text users control: any text gives a well-formed image, drawn as written. */
import { Resvg } from "@resvg/resvg-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { base } from "../../test/support/checks.ts";
import { oddIngress, routeMatching } from "../../test/support/graph.ts";
import { ingress } from "../kinds/ingress.ts";
import { bundleGraph } from "./bundle-graph.ts";
import { toSvg } from "./svg.ts";

/** The texts of the edge labels. */
function labels(svg: string): string[] {
  return [
    ...svg.matchAll(/<g class="edge-label" data-edge="\d+">\n<rect[^>]*\/>\n<text[^>]*>([^<]*)<\/text>/g),
  ].map((m) => m[1] ?? "");
}

/** A character that XML 1.0 cannot hold (its `Char` production), lone surrogates included. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

describe("toSvg: text users control", () => {
  it("gives a well-formed image when an Ingress path holds a control character, drawn as its picture (␁)", () => {
    const { ns, web, svc } = base();
    const ing = ingress({
      name: "web",
      namespace: "shop",
      rules: [{ paths: [{ path: "/a\u0001b", service: { name: "web", port: "http" } }] }],
    });
    const svg = toSvg(bundleGraph([ns, web, svc, ing]));
    expect(() => new Resvg(svg)).not.toThrow();
    expect(labels(svg)).toContain("routes /a␁b → http");
  });

  it("cuts a long label between characters, never inside an emoji", () => {
    const svg = toSvg(bundleGraph(routeMatching(`/${"x".repeat(30)}😀yyyyy`)));
    expect(labels(svg)).toContain(`routes /${"x".repeat(30)}😀…`);
    expect(svg).not.toMatch(NOT_XML);
  });

  it("holds only characters XML 1.0 allows, whatever text the objects hold", () => {
    const anyUnit = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
    );
    fc.assert(
      fc.property(anyUnit, (text) => {
        expect(toSvg(bundleGraph(oddIngress(text)))).not.toMatch(NOT_XML);
      }),
      { numRuns: 100 },
    );
  });
});
