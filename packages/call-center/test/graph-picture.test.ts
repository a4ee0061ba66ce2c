/**
 * The SVG picture of the production bundle, checked by looking: rendered to pixels by resvg (a Rust SVG renderer
 * shipped prebuilt in the npm package @resvg/resvg-js, so `npm ci` is all it needs) and checked for what a person
 * checks — every workload there and readable, no box over another, every arrow labelled, not a blank image.
 */

import { bundleGraph, toSvg } from "@call-center/k8s-builders";
import { Resvg } from "@resvg/resvg-js";
import { beforeAll, describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

const production = resolveConfig("production");
const workloads = ["call-processor", "admin-api", "postgresql", "redis", "prometheus", "grafana"];

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The boxes of the nodes, read from the SVG's geometry. */
function nodeBoxes(svg: string): (Box & { role: string; name: string })[] {
  return [
    ...svg.matchAll(
      /<g class="node (\w+)" id="n\d+"[^>]* data-name="([^"]*)">\n<title>[^<]*<\/title>\n<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
    ),
  ].map(([, role = "", name = "", x, y, w, h]) => ({
    role,
    name,
    x: Number(x),
    y: Number(y),
    w: Number(w),
    h: Number(h),
  }));
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

interface Image {
  width: number;
  height: number;
  pixels: Buffer;
}

let svg = "";
let image: Image;

function render(text: string): Image {
  const rendered = new Resvg(text, { font: { loadSystemFonts: true } }).render();
  return { width: rendered.width, height: rendered.height, pixels: rendered.pixels };
}

/** The pixel at (x, y) as `#rrggbb`. */
function pixel(x: number, y: number, img: Image = image): string {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return `#${[0, 1, 2].map((c) => (img.pixels[i + c] ?? 0).toString(16).padStart(2, "0")).join("")}`;
}

/** Pixels in a box drawn in red (text or lines). */
function redPixels(b: Box, img: Image): number {
  let n = 0;
  for (let y = Math.ceil(b.y); y < b.y + b.h; y++)
    for (let x = Math.ceil(b.x); x < b.x + b.w; x++) {
      const i = (y * img.width + x) * 4;
      if ((img.pixels[i] ?? 0) > 170 && (img.pixels[i + 1] ?? 255) < 90 && (img.pixels[i + 2] ?? 255) < 90)
        n++;
    }
  return n;
}

/** Pixels in a box darker than the box's fill: drawn text. */
function darkPixels(b: Box): number {
  let n = 0;
  for (let y = Math.ceil(b.y); y < b.y + b.h; y++)
    for (let x = Math.ceil(b.x); x < b.x + b.w; x++) {
      const i = (y * image.width + x) * 4;
      if ((image.pixels[i] ?? 255) + (image.pixels[i + 1] ?? 255) + (image.pixels[i + 2] ?? 255) < 300) n++;
    }
  return n;
}

beforeAll(() => {
  svg = toSvg(bundleGraph(callCenter(production), { validate: callCenterCheckOptions(production) }));
  image = render(svg);
});

describe("the SVG picture of the production bundle, rendered", () => {
  it("has every workload as a box with its name drawn in it", () => {
    const boxes = nodeBoxes(svg).filter((b) => b.role === "workload");
    expect(boxes.map((b) => b.name)).toEqual(workloads);
    for (const b of boxes) {
      expect(svg).toContain(`font-weight="bold" fill="#0f172a">${b.name}</text>`);
      // The workload fill where the box is drawn, and text pixels on its name's line (a font was found).
      expect(pixel(b.x + b.w - 6, b.y + 6)).toBe("#dbeafe");
      expect(darkPixels({ x: b.x + 6, y: b.y + 23, w: b.w - 12, h: 15 })).toBeGreaterThan(40);
    }
  });

  it("has no node box over another, and no edge label over a box", () => {
    const boxes = nodeBoxes(svg);
    expect(boxes.length).toBeGreaterThan(30);
    const clashes: string[] = [];
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) if (overlap(a, b)) clashes.push(`${a.name} / ${b.name}`);
    });
    const labels = [
      ...svg.matchAll(
        /<g class="edge-label" data-edge="\d+">\n<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/g,
      ),
    ].map(([, x, y, w, h]) => ({ x: Number(x), y: Number(y), w: Number(w), h: Number(h) }));
    for (const l of labels) for (const b of boxes) if (overlap(l, b)) clashes.push(`label over ${b.name}`);
    expect(clashes).toEqual([]);
  });

  it("labels every edge drawn", () => {
    const edges = [...svg.matchAll(/<g class="edge[^"]*" data-edge="(\d+)"/g)].map((m) => m[1]);
    const labels = new Map(
      [
        ...svg.matchAll(
          /<g class="edge-label" data-edge="(\d+)">\n<rect[^>]*\/>\n<text[^>]*>([^<]*)<\/text>/g,
        ),
      ].map((m) => [m[1], m[2]]),
    );
    expect(edges.length).toBeGreaterThan(40);
    expect(edges.filter((e) => (labels.get(e) ?? "").trim() === "")).toEqual([]);
  });

  it("is a picture, not a blank image: its size, and drawn pixels", () => {
    const size = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
    expect([image.width, image.height]).toEqual([Number(size?.[1]), Number(size?.[2])]);
    let drawn = 0;
    for (let i = 0; i < image.pixels.length; i += 4)
      if ((image.pixels[i] ?? 0) + (image.pixels[i + 1] ?? 0) + (image.pixels[i + 2] ?? 0) < 740) drawn++;
    expect(drawn / (image.width * image.height)).toBeGreaterThan(0.05);
  });
});

describe("the SVG picture of a broken bundle, rendered", () => {
  it("draws the missing ConfigMap as a red box holding the finding, and the references to it in red", () => {
    const objects = callCenter(production).filter(
      (o) => !(o.kind === "ConfigMap" && o.metadata?.name === "app-config"),
    );
    const broken = toSvg(bundleGraph(objects, { validate: callCenterCheckOptions(production) }));
    const img = render(broken);
    const missing = nodeBoxes(broken).filter((b) => b.role === "missing");
    expect(missing.map((b) => b.name)).toEqual(["app-config"]);
    const box = missing[0] as Box;
    expect(pixel(box.x + box.w - 6, box.y + 6, img)).toBe("#fee2e2");
    expect(broken).toContain("✖ CONFIG_MAP_MISSING: ConfigMap");
    // The finding's red text, drawn below the name.
    expect(redPixels({ x: box.x + 6, y: box.y + 40, w: box.w - 12, h: box.h - 46 }, img)).toBeGreaterThan(
      100,
    );
    const dangling = [...broken.matchAll(/<g class="edge dangling"[^>]* data-from="([^"]*)"/g)].map(
      (m) => m[1],
    );
    expect(dangling.sort()).toEqual([
      "Deployment/call-center/admin-api",
      "Deployment/call-center/call-processor",
    ]);
  });
});
